package dev.atelier.gpt;

import dev.atelier.attention.ScaledDotProductAttention;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Draws the next token from a model's logits, shaped by three knobs:
 *
 * <pre>
 *   p_i ∝ exp(logit_i / temperature)              temperature: &lt;1 sharper, &gt;1 flatter; 0 = always the arg max
 *   top-k: keep the k most probable tokens         (k = 0: keep all)
 *   top-p: keep the smallest set of most probable tokens whose probability sums to ≥ p (nucleus; p = 1: keep all)
 *   renormalise what is kept and draw from it
 * </pre>
 * Ties in probability keep the lower token id first, so filtering is deterministic. The softmax is
 * the course's one ({@link ScaledDotProductAttention#softmaxLastAxis}), in double precision.
 */
public final class Sampler {
    private final double temperature;
    private final int topK;
    private final double topP;

    /**
     * @param temperature ≥ 0 (0 = greedy)
     * @param topK        ≥ 0 (0 = off)
     * @param topP        in (0, 1] (1 = off)
     */
    public Sampler(double temperature, int topK, double topP) {
        if (!(temperature >= 0) || Double.isInfinite(temperature))
            throw new IllegalArgumentException("temperature must be a finite number >= 0 (0 = greedy), got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("topK must be >= 0 (0 = off), got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in (0, 1] (1 = off), got " + topP);
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
    }

    /** Plain sampling from the model's distribution (temperature 1, no filtering). */
    public static Sampler plain() { return new Sampler(1.0, 0, 1.0); }

    /** Always the most probable token. */
    public static Sampler greedy() { return new Sampler(0, 0, 1.0); }

    public double temperature() { return temperature; }
    public int topK() { return topK; }
    public double topP() { return topP; }

    /**
     * The distribution that {@link #sample} draws from: softmax(logits / temperature) with the
     * top-k and top-p filters applied and renormalised (a one-hot at the arg max when temperature is 0).
     */
    public double[] probabilities(float[] logits) {
        int v = logits.length;
        if (v == 0) throw new IllegalArgumentException("no logits to sample from");
        for (int i = 0; i < v; i++)
            if (Float.isNaN(logits[i])) throw new IllegalArgumentException("logit " + i + " is NaN");
        double[] p = new double[v];
        if (temperature == 0) {
            int best = 0;
            for (int i = 1; i < v; i++) if (logits[i] > logits[best]) best = i;
            p[best] = 1;
            return p;
        }
        double[] scaled = new double[v];
        for (int i = 0; i < v; i++) scaled[i] = logits[i] / temperature;
        System.arraycopy(ScaledDotProductAttention.softmaxLastAxis(Nd4j.createFromArray(scaled)).toDoubleVector(), 0, p, 0, v);
        Integer[] order = new Integer[v];                       // ids by falling probability, ties by id
        for (int i = 0; i < v; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int keep = topK > 0 ? Math.min(topK, v) : v;
        if (topP < 1) {
            double cum = 0;
            int n = 0;
            while (n < keep) { cum += p[order[n]]; n++; if (cum >= topP) break; }
            keep = n;
        }
        double[] q = new double[v];
        double kept = 0;
        for (int r = 0; r < keep; r++) kept += p[order[r]];
        for (int r = 0; r < keep; r++) q[order[r]] = p[order[r]] / kept;
        return q;
    }

    /**
     * The same distribution with some tokens forbidden: tokens whose {@code allowed} entry is false
     * get logit −∞ (probability 0) before temperature, top-k and top-p are applied, so the allowed
     * tokens share all the probability (form-constrained decoding, {@link FormConstraint}).
     *
     * @throws IllegalArgumentException when the mask's length differs from the logits' or it allows no token
     */
    public double[] probabilities(float[] logits, boolean[] allowed) {
        if (allowed.length != logits.length)
            throw new IllegalArgumentException("the mask covers " + allowed.length + " tokens, the logits " + logits.length);
        float[] masked = logits.clone();
        boolean any = false;
        for (int i = 0; i < masked.length; i++) {
            if (allowed[i]) any = true;
            else masked[i] = Float.NEGATIVE_INFINITY;
        }
        if (!any) throw new IllegalArgumentException("the mask allows no token");
        return probabilities(masked);
    }

    /** A token id drawn from {@link #probabilities}. */
    public int sample(float[] logits, Random rng) {
        return draw(probabilities(logits), rng);
    }

    /** A token id drawn from {@link #probabilities(float[], boolean[])}: never a forbidden one. */
    public int sample(float[] logits, boolean[] allowed, Random rng) {
        return draw(probabilities(logits, allowed), rng);
    }

    private static int draw(double[] p, Random rng) {
        double u = rng.nextDouble(), cum = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) continue;
            cum += p[i];
            last = i;
            if (u < cum) return i;
        }
        return last;   // rounding: u ≥ the sum of kept probabilities
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "Sampler(temperature %.2f, top-k %s, top-p %.2f)", temperature,
                topK == 0 ? "off" : String.valueOf(topK), topP);
    }
}
