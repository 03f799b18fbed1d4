package dev.atelier.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Multi-head attention from ND4J operations, as in "Attention Is All You Need":
 *
 * <pre>
 *   Q = Xq W_q + b_q,  K = Xkv W_k + b_k,  V = Xkv W_v + b_v        [b, t, h·d]
 *   split heads:   Q → [b, h, tq, d]   (d = head size)
 *   head_i = softmax(Q_i K_iᵀ / √d + mask) V_i                       [b, h, tq, d]
 *   merge heads:   [b, h, tq, d] → [b, tq, h·d]
 *   output = merged W_o + b_o                                        [b, tq, c]
 * </pre>
 *
 * Weights are stored input-major as in {@code x W}: {@code W_q, W_k, W_v} are {@code [c, h·d]},
 * {@code W_o} is {@code [h·d, c]}, and columns {@code [i·d, (i+1)·d)} of {@code W_q} belong to head
 * {@code i}. Biases may be {@code null}. Weights are held, not copied.
 */
public final class MultiHeadAttention {
    private final int heads;
    private final INDArray wq, wk, wv, wo, bq, bk, bv, bo;

    /** What multi-head attention returns: the output {@code [b, tq, c]} and the weights {@code [b, h, tq, tk]}. */
    public record Result(INDArray output, INDArray weights) {}

    /**
     * @param heads number of heads h; {@code W_q.columns()} must be divisible by it
     */
    public MultiHeadAttention(int heads, INDArray wq, INDArray wk, INDArray wv, INDArray wo,
                              INDArray bq, INDArray bk, INDArray bv, INDArray bo) {
        if (heads < 1) throw new IllegalArgumentException("heads must be >= 1, got " + heads);
        for (INDArray w : new INDArray[]{wq, wk, wv, wo})
            if (w == null || w.rank() != 2) throw new IllegalArgumentException("projection weights must be 2-d matrices");
        if (wq.columns() % heads != 0)
            throw new IllegalArgumentException("projection width " + wq.columns() + " is not divisible by " + heads + " heads");
        if (wk.columns() != wq.columns() || wv.columns() != wq.columns() || wo.rows() != wq.columns())
            throw new IllegalArgumentException("W_q " + Arrays.toString(wq.shape()) + ", W_k " + Arrays.toString(wk.shape())
                    + ", W_v " + Arrays.toString(wv.shape()) + " and W_o " + Arrays.toString(wo.shape())
                    + " disagree on the projection width h·d");
        if (wk.rows() != wv.rows()) throw new IllegalArgumentException("W_k and W_v must read the same input width");
        this.heads = heads;
        this.wq = wq; this.wk = wk; this.wv = wv; this.wo = wo;
        this.bq = bq; this.bk = bk; this.bv = bv; this.bo = bo;
    }

    /** Without biases. */
    public MultiHeadAttention(int heads, INDArray wq, INDArray wk, INDArray wv, INDArray wo) {
        this(heads, wq, wk, wv, wo, null, null, null, null);
    }

    /**
     * A layer with weights drawn from N(0, 1/c) (biases zero), seeded.
     *
     * @param width c, the model width (input and output)
     */
    public static MultiHeadAttention random(int width, int heads, long seed) {
        if (width % heads != 0) throw new IllegalArgumentException("width " + width + " is not divisible by " + heads + " heads");
        Nd4j.getRandom().setSeed(seed);
        double std = 1.0 / Math.sqrt(width);
        return new MultiHeadAttention(heads,
                Nd4j.randn(DataType.FLOAT, width, width).muli(std), Nd4j.randn(DataType.FLOAT, width, width).muli(std),
                Nd4j.randn(DataType.FLOAT, width, width).muli(std), Nd4j.randn(DataType.FLOAT, width, width).muli(std),
                null, null, null, null);
    }

    public int heads() { return heads; }

    /** Head size d = projection width / h. */
    public int headSize() { return (int) (wq.columns() / heads); }

    public INDArray wq() { return wq; }
    public INDArray wk() { return wk; }
    public INDArray wv() { return wv; }
    public INDArray wo() { return wo; }

    /** Self-attention of {@code x [b, t, c]} with an optional 0/1 mask ({@link Masks}). */
    public Result selfAttend(INDArray x, INDArray mask) {
        return attend(x, x, mask);
    }

    /** Queries from {@code xq [b, tq, c]}, keys and values from {@code xkv [b, tk, c]}. */
    public Result attend(INDArray xq, INDArray xkv, INDArray mask) {
        if (xq.rank() != 3 || xkv.rank() != 3)
            throw new IllegalArgumentException("inputs must be [batch, time, width], got " + Arrays.toString(xq.shape())
                    + " and " + Arrays.toString(xkv.shape()));
        if (xq.size(2) != wq.rows() || xkv.size(2) != wk.rows())
            throw new IllegalArgumentException("input width " + xq.size(2) + "/" + xkv.size(2) + " does not match W_q rows "
                    + wq.rows() + " / W_k rows " + wk.rows());
        if (xq.size(0) != xkv.size(0)) throw new IllegalArgumentException("query and key inputs have different batch sizes");
        INDArray q = splitHeads(project(xq, wq, bq));   // [b, h, tq, d]
        INDArray k = splitHeads(project(xkv, wk, bk));  // [b, h, tk, d]
        INDArray v = splitHeads(project(xkv, wv, bv));  // [b, h, tk, d]
        ScaledDotProductAttention.Result a = ScaledDotProductAttention.attend(q, k, v, mask);
        INDArray merged = mergeHeads(a.output());       // [b, tq, h·d]
        INDArray out = project(merged, wo, bo);         // [b, tq, c]
        return new Result(out, a.weights());
    }

    /** x [b, t, n] times W [n, m] (+ b) → [b, t, m]. */
    private static INDArray project(INDArray x, INDArray w, INDArray bias) {
        long b = x.size(0), t = x.size(1);
        INDArray y = x.castTo(DataType.FLOAT).reshape(b * t, x.size(2)).mmul(w.castTo(DataType.FLOAT)); // [b·t, m]
        if (bias != null) y.addiRowVector(bias.castTo(DataType.FLOAT).reshape(1, w.columns()));
        return y.reshape(b, t, w.columns());
    }

    /** [b, t, h·d] → [b, h, t, d]. */
    private INDArray splitHeads(INDArray x) {
        long b = x.size(0), t = x.size(1);
        return x.reshape(b, t, heads, x.size(2) / heads).permute(0, 2, 1, 3).dup();
    }

    /** [b, h, t, d] → [b, t, h·d]. */
    private static INDArray mergeHeads(INDArray x) {
        long b = x.size(0), h = x.size(1), t = x.size(2), d = x.size(3);
        return x.permute(0, 2, 1, 3).dup().reshape(b, t, h * d);
    }
}
