package dev.atelier.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * The weights of a gated cell ({@link GruCell}, {@link LstmCell}): one column block of width H per
 * gate, side by side, G blocks in all:
 * <pre>
 *   W  [I, G·H]    input weights       (DL4J and SameDiff "W")
 *   RW [H, G·H]    recurrent weights   ("RW")
 *   b  [1, G·H]    bias                ("b")
 * </pre>
 * Each cell names its blocks and writes its own forward and backward pass.
 */
abstract class GatedCell {
    final INDArray w;   // [I, G·H]  input weights
    final INDArray rw;  // [H, G·H]  recurrent weights
    final INDArray b;   // [1, G·H]  bias
    final int hidden;   // H

    /**
     * Takes the weights as they are (not copied).
     *
     * @param gates    G, the number of column blocks
     * @param wHint    added to the error when W has the wrong shape (which other layout it is), or ""
     * @param rwHint   added to the error when RW has the wrong shape, or ""
     * @throws IllegalArgumentException when the shapes do not fit together
     */
    GatedCell(INDArray w, INDArray rw, INDArray b, int gates, String wHint, String rwHint) {
        if (w.rank() != 2 || rw.rank() != 2 || w.size(1) % gates != 0)
            throw new IllegalArgumentException("W must be [nIn, " + gates + "·nOut] and RW [nOut, " + gates + "·nOut], got "
                    + Arrays.toString(w.shape()) + " and " + Arrays.toString(rw.shape()) + wHint);
        this.hidden = (int) (w.size(1) / gates);
        if (rw.size(0) != hidden || rw.size(1) != (long) gates * hidden)
            throw new IllegalArgumentException("RW must be [" + hidden + ", " + gates * hidden + "] to match W "
                    + Arrays.toString(w.shape()) + ", got " + Arrays.toString(rw.shape()) + rwHint);
        if (b.length() != (long) gates * hidden)
            throw new IllegalArgumentException("bias must have " + gates * hidden + " entries, got " + Arrays.toString(b.shape()));
        this.w = w;
        this.rw = rw;
        this.b = b.reshape(1, (long) gates * hidden);
    }

    /** Input size I. */
    public int inputSize() { return (int) w.size(0); }

    /** Hidden size H. */
    public int hiddenSize() { return hidden; }

    /** W {@code [I, G·H]} (live view: changing it changes the cell). */
    public INDArray inputWeights() { return w; }

    /** RW {@code [H, G·H]} (live view). */
    public INDArray recurrentWeights() { return rw; }

    /** b {@code [1, G·H]} (live view). */
    public INDArray bias() { return b; }

    /** Column block {@code gate} (one of the cell's constants) of a {@code [B, G·H]} matrix (a view). */
    public INDArray gate(INDArray m, int gate) {
        return m.get(NDArrayIndex.all(), NDArrayIndex.interval((long) gate * hidden, (long) (gate + 1) * hidden));
    }
}
