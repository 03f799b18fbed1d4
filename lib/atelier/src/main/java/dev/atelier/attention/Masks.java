package dev.atelier.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Attention masks as 0/1 arrays: {@code mask[..., i, j] = 1} when query position {@code i} may
 * attend to key position {@code j}, {@code 0} when it may not. They broadcast against the
 * {@code [batch, heads, tq, tk]} score array of {@link ScaledDotProductAttention}.
 *
 * <ul>
 *   <li>{@link #causal(int)}: {@code [t, t]}, ones on and below the diagonal, so token i sees only
 *       tokens {@code 0..i} (a language model must not peek at the token it predicts).</li>
 *   <li>{@link #padding(int[], int)}: {@code [batch, 1, 1, t]}, ones for the real tokens of each
 *       sequence and zeros for the padding after its length.</li>
 *   <li>{@link #both(INDArray, INDArray)}: the element-wise product (broadcast) of two masks.</li>
 * </ul>
 */
public final class Masks {
    private Masks() {}

    /**
     * The score a masked position gets before the softmax, (mask − 1)·10³⁰ added to the scores:
     * exp(−10³⁰ − max) is exactly 0 in float, so a masked key gets weight 0. The one mask constant
     * of the course (attention here, the SameDiff GPT).
     */
    public static final double MASKED_SCORE = -1e30;

    /** The causal mask {@code [t, t]}: {@code 1} where {@code j <= i}, else {@code 0}. */
    public static INDArray causal(int t) {
        if (t < 1) throw new IllegalArgumentException("causal mask needs t >= 1, got " + t);
        float[] m = new float[t * t];
        for (int i = 0; i < t; i++)
            for (int j = 0; j <= i; j++) m[i * t + j] = 1f;
        return Nd4j.create(m, new long[]{t, t}, DataType.FLOAT);
    }

    /**
     * The key-padding mask {@code [batch, 1, 1, t]}: for sequence {@code b}, positions
     * {@code j < lengths[b]} are real tokens (1), the rest padding (0). A length of 0 gives a row
     * that masks every key; attention then returns zeros for it (never NaN).
     */
    public static INDArray padding(int[] lengths, int t) {
        if (t < 1) throw new IllegalArgumentException("padding mask needs t >= 1, got " + t);
        if (lengths.length == 0) throw new IllegalArgumentException("padding mask needs at least one sequence length");
        float[] m = new float[lengths.length * t];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > t)
                throw new IllegalArgumentException("sequence " + b + " has length " + lengths[b] + ", outside [0, " + t + "]");
            for (int j = 0; j < lengths[b]; j++) m[b * t + j] = 1f;
        }
        return Nd4j.create(m, new long[]{lengths.length, 1, 1, t}, DataType.FLOAT);
    }

    /** Positions allowed by both masks: their product, broadcast to a common shape. */
    public static INDArray both(INDArray a, INDArray b) {
        return a.castTo(DataType.FLOAT).mul(b.castTo(DataType.FLOAT));
    }
}
