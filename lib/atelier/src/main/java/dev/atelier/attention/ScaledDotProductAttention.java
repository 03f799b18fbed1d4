package dev.atelier.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * Scaled dot-product attention, written from ND4J array operations:
 *
 * <pre>
 *   scores  = Q Kᵀ / √d_k                      [..., tq, tk]
 *   weights = softmax(scores where mask = 1)    [..., tq, tk]   (each row sums to 1)
 *   output  = weights V                         [..., tq, d_v]
 * </pre>
 *
 * Q is {@code [..., tq, d_k]}, K is {@code [..., tk, d_k]}, V is {@code [..., tk, d_v]}; the
 * leading dimensions (batch, heads) must be equal. The optional mask holds 1 where a query may
 * attend to a key and 0 where it may not ({@link Masks}); it broadcasts against the scores.
 *
 * <p>Numerics: the softmax subtracts each row's maximum before exponentiating, so logits of any
 * size give finite weights. Masked scores are pushed to −10³⁰ (exp gives exactly 0) and the
 * weights are then multiplied by the mask, so a row whose every key is masked gets all-zero
 * weights and a zero output instead of 0/0 = NaN.
 */
public final class ScaledDotProductAttention {
    private ScaledDotProductAttention() {}

    /** What attention returns: the output and the weights (for attention maps). */
    public record Result(INDArray output, INDArray weights) {}

    /** Attention without a mask (every query sees every key). */
    public static Result attend(INDArray q, INDArray k, INDArray v) {
        return attend(q, k, v, null, true);
    }

    /** Attention with a 0/1 mask (or {@code null}), scaled by 1/√d_k. */
    public static Result attend(INDArray q, INDArray k, INDArray v, INDArray mask) {
        return attend(q, k, v, mask, true);
    }

    /**
     * Attention with a 0/1 mask (or {@code null}); {@code scaled=false} leaves out the 1/√d_k
     * (to show why it is there: unscaled scores grow with d_k and the softmax saturates).
     */
    public static Result attend(INDArray q, INDArray k, INDArray v, INDArray mask, boolean scaled) {
        checkShapes(q, k, v);
        int r = q.rank();
        long dk = q.size(r - 1);
        INDArray scores = Nd4j.matmul(q.castTo(DataType.FLOAT), k.castTo(DataType.FLOAT), null, false, true, false); // [..., tq, tk]
        if (scaled) scores.divi(Math.sqrt(dk));
        INDArray allowed = null;
        if (mask != null) {
            allowed = broadcastMask(mask.castTo(DataType.FLOAT), scores.shape());
            // scores + (allowed − 1)·10³⁰: unchanged where allowed, −10³⁰ where masked
            scores.addi(allowed.sub(1.0).muli(-Masks.MASKED_SCORE));
        }
        INDArray weights = softmaxLastAxis(scores);                                 // [..., tq, tk]
        if (allowed != null) weights.muli(allowed);   // fully masked rows become 0 (never NaN)
        INDArray output = Nd4j.matmul(weights, v.castTo(DataType.FLOAT));           // [..., tq, d_v]
        return new Result(output, weights);
    }

    /** Numerically stable softmax over the last axis: exp(x − max) / Σ exp(x − max). */
    public static INDArray softmaxLastAxis(INDArray x) {
        int last = x.rank() - 1;
        INDArray max = x.max(true, last);                 // [..., 1]
        INDArray e = Transforms.exp(x.sub(max), false);   // broadcast subtract, then exp
        INDArray sum = e.sum(true, last);                 // [..., 1]
        return e.divi(sum);
    }

    private static INDArray broadcastMask(INDArray mask, long[] scoreShape) {
        if (mask.rank() > scoreShape.length)
            throw new IllegalArgumentException("mask of shape " + Arrays.toString(mask.shape())
                    + " has more dimensions than the scores " + Arrays.toString(scoreShape));
        long[] padded = new long[scoreShape.length];
        Arrays.fill(padded, 1);
        long[] ms = mask.shape();
        System.arraycopy(ms, 0, padded, scoreShape.length - ms.length, ms.length);
        for (int i = 0; i < padded.length; i++)
            if (padded[i] != 1 && padded[i] != scoreShape[i])
                throw new IllegalArgumentException("mask of shape " + Arrays.toString(ms)
                        + " does not broadcast to the scores " + Arrays.toString(scoreShape));
        return mask.reshape(padded).broadcast(scoreShape);
    }

    private static void checkShapes(INDArray q, INDArray k, INDArray v) {
        if (q.rank() < 2 || q.rank() != k.rank() || q.rank() != v.rank())
            throw new IllegalArgumentException("q, k, v must have the same rank >= 2, got " + Arrays.toString(q.shape())
                    + ", " + Arrays.toString(k.shape()) + ", " + Arrays.toString(v.shape()));
        int r = q.rank();
        if (q.size(r - 1) != k.size(r - 1))
            throw new IllegalArgumentException("q and k must have the same last dimension d_k: q " + Arrays.toString(q.shape())
                    + ", k " + Arrays.toString(k.shape()));
        if (k.size(r - 2) != v.size(r - 2))
            throw new IllegalArgumentException("k and v must have the same number of keys tk: k " + Arrays.toString(k.shape())
                    + ", v " + Arrays.toString(v.shape()));
        for (int i = 0; i < r - 2; i++)
            if (q.size(i) != k.size(i) || q.size(i) != v.size(i))
                throw new IllegalArgumentException("q, k, v must share their leading (batch, head) dimensions: "
                        + Arrays.toString(q.shape()) + ", " + Arrays.toString(k.shape()) + ", " + Arrays.toString(v.shape()));
    }
}
