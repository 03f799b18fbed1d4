package dev.atelier.train;

import java.nio.FloatBuffer;

/**
 * The optimiser loop of the written-out training paths: the GPT's AdamW ({@code gpt.AdamW}) and
 * the character LSTM's Adam over DL4J's own state ({@code rnn.FastCharLstm}). One step of Adam for
 * one parameter p with gradient g, in the arrangement of ND4J's {@code adam_updater} op (ε beside
 * √v rather than √v̂):
 * <pre>
 *   m = β₁·m + (1 − β₁)·g
 *   v = β₂·v + (1 − β₂)·g²
 *   p = keep·p − lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε)      keep = 1 − lr·λ for decoupled weight decay, else 1
 * </pre>
 */
public final class AdamUpdate {
    private AdamUpdate() {}

    /**
     * The update of n numbers in float, in place: with g = gradScale·grad,
     * m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g², p = keep·p − stepSize·m/(√v + ε), each array read from
     * its offset. It works through the numbers in blocks copied into Java arrays, where the loop
     * compiles to vector instructions.
     */
    public static void update(FloatBuffer p, int pOff, FloatBuffer grad, int gOff, FloatBuffer m, int mOff, FloatBuffer v, int vOff,
                              int n, double gradScale, double keep, double stepSize, double beta1, double beta2, double eps) {
        float b1 = (float) beta1, b2 = (float) beta2, e = (float) eps, sc = (float) gradScale, kp = (float) keep, st = (float) stepSize;
        float[][] blocks = BLOCKS.get();
        float[] pb = blocks[0], gb = blocks[1], mb = blocks[2], vb = blocks[3];
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            p.get(pOff + from, pb, 0, len);
            grad.get(gOff + from, gb, 0, len);
            m.get(mOff + from, mb, 0, len);
            v.get(vOff + from, vb, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = gb[i] * sc;
                float mi = b1 * mb[i] + (1 - b1) * gi;
                float vi = b2 * vb[i] + (1 - b2) * gi * gi;
                mb[i] = mi;
                vb[i] = vi;
                pb[i] = pb[i] * kp - st * mi / ((float) Math.sqrt(vi) + e);
            }
            p.put(pOff + from, pb, 0, len);
            m.put(mOff + from, mb, 0, len);
            v.put(vOff + from, vb, 0, len);
        }
    }

    private static final int BLOCK = 4096;
    private static final ThreadLocal<float[][]> BLOCKS = ThreadLocal.withInitial(() -> new float[4][BLOCK]);

}
