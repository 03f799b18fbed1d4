package dev.atelier.gpt;

import dev.atelier.train.AdamUpdate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * AdamW (Loshchilov &amp; Hutter 2019): Adam with decoupled weight decay. For each parameter p
 * with gradient g, at step t = 1, 2, ...:
 *
 * <pre>
 *   m = β₁·m + (1 − β₁)·g                    running mean of gradients
 *   v = β₂·v + (1 − β₂)·g²                   running mean of squared gradients
 *   p = p − lr·λ·p                            decoupled weight decay (only for parameters in {@code decayed})
 *   p = p − lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε)     bias-corrected step
 * </pre>
 * The last line is Adam's bias correction m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) in the paper's
 * "efficient" arrangement (ε sits beside √v rather than √v̂), as ND4J's {@code adam_updater} op
 * arranges it. The whole update of a parameter is one loop over its numbers (m, v, decay and step
 * fused, no temporary arrays), and a gradient scale (the clipping factor of {@link GptTrainer})
 * is folded into the same loop; {@code AdamWTest} checks it against the formula by hand.
 */
public final class AdamW {
    private final double beta1, beta2, eps, weightDecay;
    private final Map<String, INDArray> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
    private int t;

    /** @param weightDecay λ; @param eps ε added to √v̂ (1e-8) */
    public AdamW(double beta1, double beta2, double eps, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** Steps taken so far. */
    public int steps() { return t; }

    /** One update of every parameter in {@code params} from its gradient in {@code grads}, in place. */
    public void step(Map<String, INDArray> params, Map<String, INDArray> grads, double lr, Set<String> decayed) {
        step(params, grads, lr, decayed, 1.0);
    }

    /**
     * One update of every parameter in {@code params} from {@code gradScale} times its gradient in
     * {@code grads}, in place (the gradients are left as they are).
     */
    public void step(Map<String, INDArray> params, Map<String, INDArray> grads, double lr, Set<String> decayed, double gradScale) {
        t++;
        double stepSize = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        for (Map.Entry<String, INDArray> en : params.entrySet()) {
            String name = en.getKey();
            INDArray p = en.getValue(), g = grads.get(name);
            if (g == null) throw new IllegalStateException("no gradient for parameter '" + name + "'");
            if (g.length() != p.length())
                throw new IllegalStateException("gradient of '" + name + "' has " + g.length() + " numbers, the parameter " + p.length());
            if (!p.dataType().isFPType())
                throw new IllegalArgumentException("AdamW updates floating-point arrays; '" + name + "' is " + p.dataType());
            INDArray gWhole = plain(g);
            INDArray mArr = m.computeIfAbsent(name, k -> Nd4j.zeros(p.dataType(), p.shape()));
            INDArray vArr = v.computeIfAbsent(name, k -> Nd4j.zeros(p.dataType(), p.shape()));
            double keep = weightDecay > 0 && decayed.contains(name) ? 1 - lr * weightDecay : 1;   // p −= lr·λ·p
            int n = (int) p.length();
            if (p.dataType() == DataType.FLOAT && gWhole.dataType() == DataType.FLOAT && p == plain(p)) {
                // the same four lines in float, on the arrays' memory (the training path)
                AdamUpdate.update(FastGpt.floats(p), 0, FastGpt.floats(gWhole), 0, FastGpt.floats(mArr), 0, FastGpt.floats(vArr), 0, n,
                        gradScale, keep, stepSize, beta1, beta2, eps);
            } else {
                // other precisions (e.g. DOUBLE arrays in an exercise): the same four lines as array operations
                INDArray gs = gWhole.castTo(p.dataType()).mul(gradScale);
                mArr.muli(beta1).addi(gs.mul(1 - beta1));
                vArr.muli(beta2).addi(gs.mul(gs).muli(1 - beta2));
                p.muli(keep).subi(mArr.mul(stepSize).divi(Transforms.sqrt(vArr, true).addi(eps)));
            }
            java.lang.ref.Reference.reachabilityFence(gWhole);   // gf reads its memory
        }
    }

    /** The array itself when it is whole and row-major, else a row-major copy. */
    static INDArray plain(INDArray g) {
        return !g.isView() && g.ordering() == 'c' && g.data().length() == g.length() ? g : g.dup('c');
    }

    /** The optimiser state (m and v of each parameter, and the step) for a checkpoint. */
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        m.forEach((k, a) -> s.put("adam.m/" + k, a));
        v.forEach((k, a) -> s.put("adam.v/" + k, a));
        return s;
    }

    /** Restores {@link #state()} and the step count. */
    public void restore(Map<String, INDArray> state, int steps) {
        m.clear();
        v.clear();
        state.forEach((k, a) -> {
            if (k.startsWith("adam.m/")) m.put(k.substring(7), a.dup('c'));
            else if (k.startsWith("adam.v/")) v.put(k.substring(7), a.dup('c'));
        });
        t = steps;
    }
}
