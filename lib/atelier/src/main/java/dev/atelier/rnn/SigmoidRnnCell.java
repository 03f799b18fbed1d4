package dev.atelier.rnn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The simplest recurrent cell, the course's seed formula σ(W·x + b) fed its own previous output:
 * <pre>
 *   h_t = σ(x_t·W_x + h_{t−1}·W_h + b)          σ(z) = 1 / (1 + e^{−z})
 * </pre>
 * written in the row-vector convention of DL4J (a batch of B examples is B rows), which is the
 * column-vector formula {@code σ(W_x·x_t + W_h·h_{t−1} + b)} with the matrices transposed.
 *
 * <p>The backward pass through time is written out by hand ({@link #backward}), not left to
 * autodiff: with {@code δ_t = ∂L/∂h_t} (from the loss at step t plus what flows back from step
 * t+1) and {@code dz_t = δ_t ⊙ h_t ⊙ (1 − h_t)}:
 * <pre>
 *   ∂L/∂W_x += x_tᵀ·dz_t     ∂L/∂W_h += h_{t−1}ᵀ·dz_t     ∂L/∂b += Σ_rows dz_t
 *   ∂L/∂x_t  = dz_t·W_xᵀ     ∂L/∂h_{t−1} (from step t) = dz_t·W_hᵀ
 * </pre>
 *
 * <p>Parameter layout is DL4J's {@code SimpleRnn}: {@code W} = W_x {@code [nIn, nOut]},
 * {@code RW} = W_h {@code [nOut, nOut]}, {@code b} {@code [1, nOut]}; with a sigmoid activation
 * DL4J computes the same h_t (tested). Sequences use DL4J's layout {@code [batch, features, time]}.
 * Works in the data type of the given weights (tests use double precision).
 */
public final class SigmoidRnnCell {
    private final INDArray wx; // [I, H]  input weights  (DL4J "W")
    private final INDArray wh; // [H, H]  recurrent weights (DL4J "RW")
    private final INDArray b;  // [1, H]  bias (DL4J "b")

    /**
     * A cell with the given weights (used as they are, not copied).
     *
     * @throws IllegalArgumentException when the shapes do not fit together
     */
    public SigmoidRnnCell(INDArray wx, INDArray wh, INDArray b) {
        if (wx.rank() != 2 || wh.rank() != 2) throw new IllegalArgumentException("W_x and W_h must be matrices, got shapes "
                + Arrays.toString(wx.shape()) + " and " + Arrays.toString(wh.shape()));
        long h = wx.size(1);
        if (wh.size(0) != h || wh.size(1) != h)
            throw new IllegalArgumentException("W_h must be [" + h + ", " + h + "] to match W_x " + Arrays.toString(wx.shape())
                    + ", got " + Arrays.toString(wh.shape()));
        if (b.length() != h) throw new IllegalArgumentException("bias must have " + h + " entries, got " + Arrays.toString(b.shape()));
        this.wx = wx;
        this.wh = wh;
        this.b = b.reshape(1, h);
    }

    /**
     * A randomly initialised cell in double precision: W_x entries ~ N(0, 1/I), W_h entries
     * ~ N(0, gain²/H) (so W_h's largest singular values are about 2·gain), b = 0.
     *
     * @param recurrentGain scale of the recurrent weights: small values make gradients vanish
     *                      faster, large ones let them grow
     */
    public static SigmoidRnnCell random(int inputSize, int hiddenSize, double recurrentGain, long seed) {
        if (inputSize < 1 || hiddenSize < 1) throw new IllegalArgumentException("sizes must be >= 1, got input "
                + inputSize + ", hidden " + hiddenSize);
        Random r = new Random(seed);
        return new SigmoidRnnCell(gaussian(r, inputSize, hiddenSize, 1 / Math.sqrt(inputSize)),
                gaussian(r, hiddenSize, hiddenSize, recurrentGain / Math.sqrt(hiddenSize)),
                Nd4j.zeros(DataType.DOUBLE, 1, hiddenSize));
    }

    /**
     * How the gated cells start, in double precision: W {@code [I, gates·H]} ~ N(0, 1/I), RW
     * {@code [H, gates·H]} ~ N(0, gain²/H), and a zero bias {@code [1, gates·H]} whose column block
     * {@code block} is {@code blockBias}; returned as {W, RW, b}.
     */
    static INDArray[] gatedStart(int inputSize, int hiddenSize, int gates, double recurrentGain, int block, double blockBias, long seed) {
        if (inputSize < 1 || hiddenSize < 1) throw new IllegalArgumentException("sizes must be >= 1, got input "
                + inputSize + ", hidden " + hiddenSize);
        Random r = new Random(seed);
        INDArray w = gaussian(r, inputSize, gates * hiddenSize, 1 / Math.sqrt(inputSize));
        INDArray rw = gaussian(r, hiddenSize, gates * hiddenSize, recurrentGain / Math.sqrt(hiddenSize));
        INDArray bias = Nd4j.zeros(DataType.DOUBLE, 1, (long) gates * hiddenSize);
        bias.get(NDArrayIndex.all(), NDArrayIndex.interval((long) block * hiddenSize, (long) (block + 1) * hiddenSize)).assign(blockBias);
        return new INDArray[]{w, rw, bias};
    }

    static INDArray gaussian(Random r, int rows, int cols, double std) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian() * std;
        return Nd4j.create(v, new long[]{rows, cols}, DataType.DOUBLE);
    }

    /** Input size I. */
    public int inputSize() { return (int) wx.size(0); }

    /** Hidden size H. */
    public int hiddenSize() { return (int) wx.size(1); }

    /** W_x {@code [I, H]} (live view: changing it changes the cell). */
    public INDArray inputWeights() { return wx; }

    /** W_h {@code [H, H]} (live view). */
    public INDArray recurrentWeights() { return wh; }

    /** b {@code [1, H]} (live view). */
    public INDArray bias() { return b; }

    /** One step: {@code h = σ(x·W_x + hPrev·W_h + b)}; x {@code [B, I]}, hPrev {@code [B, H]} → {@code [B, H]}. */
    public INDArray step(INDArray x, INDArray hPrev) {
        checkInput(x, inputSize());
        checkState(x, hPrev, hiddenSize());
        INDArray z = x.mmul(wx).addi(hPrev.mmul(wh)).addiRowVector(b); // [B, H]
        return Transforms.sigmoid(z, false);
    }

    /**
     * Runs the cell over a sequence.
     *
     * @param xs inputs {@code [B, I, T]}
     * @param h0 initial state {@code [B, H]}, or null for zeros
     */
    public Trace forward(INDArray xs, INDArray h0) {
        checkSequence(xs, inputSize());
        int batch = (int) xs.size(0), steps = (int) xs.size(2);
        INDArray h = h0 != null ? h0 : Nd4j.zeros(wx.dataType(), batch, hiddenSize());
        INDArray[] hs = new INDArray[steps];
        for (int t = 0; t < steps; t++) {
            h = step(at(xs, t), h);
            hs[t] = h;
        }
        return new Trace(xs, h0 != null ? h0 : Nd4j.zeros(wx.dataType(), batch, hiddenSize()), hs);
    }

    /**
     * Backward pass through time.
     *
     * @param trace   the forward pass
     * @param dLdh    {@code [B, H, T]}: the gradient of the loss with respect to each h_t coming
     *                from outside the recurrence (e.g. an output layer at every step; zeros where
     *                the loss does not look at h_t)
     * @return all gradients, and ∂L/∂h_t in full (including what flows back through later steps)
     */
    public Gradients backward(Trace trace, INDArray dLdh) {
        int steps = trace.hs.length;
        INDArray xs = trace.xs;
        checkOutputGradient(dLdh, xs.size(0), hiddenSize(), steps);
        INDArray[] sums = zerosLike(wx, wh, b, xs);
        INDArray dWx = sums[0], dWh = sums[1], db = sums[2], dxs = sums[3];
        INDArray[] hidden = new INDArray[steps];
        INDArray dhNext = Nd4j.zeros(wx.dataType(), xs.size(0), hiddenSize()); // ∂L/∂h_t flowing back from step t+1
        for (int t = steps - 1; t >= 0; t--) {
            INDArray h = trace.hs[t];
            INDArray hPrev = t > 0 ? trace.hs[t - 1] : trace.h0;
            INDArray dh = at(dLdh, t).add(dhNext);          // δ_t = ∂L/∂h_t  [B, H]
            hidden[t] = dh;
            INDArray dz = dh.mul(h).muli(h.rsub(1.0));       // δ_t ⊙ σ'(z_t) = δ_t ⊙ h_t ⊙ (1 − h_t)
            dWx.addi(at(xs, t).transpose().mmul(dz));         // x_tᵀ·dz
            dWh.addi(hPrev.transpose().mmul(dz));             // h_{t−1}ᵀ·dz
            db.addi(dz.sum(true, 0));
            dxs.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)).assign(dz.mmul(wx.transpose()));
            dhNext = dz.mmul(wh.transpose());                 // to h_{t−1}
        }
        return new Gradients(dWx, dWh, db, dxs, dhNext, hidden);
    }

    /** Checks that one step's input x is {@code [B, I]}. */
    static void checkInput(INDArray x, int inputSize) {
        if (x.rank() != 2 || x.size(1) != inputSize)
            throw new IllegalArgumentException("x must be [batch, " + inputSize + "], got " + Arrays.toString(x.shape()));
    }

    /** Checks that the previous state is {@code [B, H]}, B being the batch of x. */
    static void checkState(INDArray x, INDArray hPrev, int hidden) {
        if (hPrev.rank() != 2 || hPrev.size(0) != x.size(0) || hPrev.size(1) != hidden)
            throw new IllegalArgumentException("h_{t-1} must be [" + x.size(0) + ", " + hidden + "], got " + Arrays.toString(hPrev.shape()));
    }

    /** Checks that a sequence of inputs is {@code [B, I, T]}. */
    static void checkSequence(INDArray xs, int inputSize) {
        if (xs.rank() != 3 || xs.size(1) != inputSize)
            throw new IllegalArgumentException("inputs must be [batch, " + inputSize + ", time], got " + Arrays.toString(xs.shape()));
    }

    /** Checks that the gradient a backward pass is given is {@code [B, H, T]}. */
    static void checkOutputGradient(INDArray dLdh, long batch, int hidden, int steps) {
        if (dLdh.rank() != 3 || dLdh.size(0) != batch || dLdh.size(1) != hidden || dLdh.size(2) != steps)
            throw new IllegalArgumentException("dL/dh must be [" + batch + ", " + hidden + ", " + steps + "], got "
                    + Arrays.toString(dLdh.shape()));
    }

    /** Zeros of each array's shape and data type: the sums a backward pass adds its gradients into. */
    static INDArray[] zerosLike(INDArray... like) {
        INDArray[] zeros = new INDArray[like.length];
        for (int i = 0; i < like.length; i++) zeros[i] = Nd4j.zeros(like[i].dataType(), like[i].shape());
        return zeros;
    }

    /** All outputs h_t of a forward pass of T steps as {@code [B, H, T]}; {@code h.apply(t)} is h_t {@code [B, H]}. */
    static INDArray outputs(int steps, IntFunction<INDArray> h) {
        INDArray[] hs = new INDArray[steps];
        for (int t = 0; t < steps; t++) hs[t] = h.apply(t);
        return stack(hs);
    }

    /** Time step t of a {@code [B, F, T]} sequence, as a {@code [B, F]} matrix. */
    static INDArray at(INDArray seq, int t) {
        return seq.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
    }

    /** Stacks {@code [B, H]} states into {@code [B, H, T]}. */
    static INDArray stack(INDArray[] states) {
        INDArray out = Nd4j.create(states[0].dataType(), states[0].size(0), states[0].size(1), states.length);
        for (int t = 0; t < states.length; t++) at(out, t).assign(states[t]);
        return out;
    }

    /**
     * A forward pass: the inputs, the initial state and every hidden state.
     *
     * @param xs inputs {@code [B, I, T]}
     * @param h0 initial state {@code [B, H]}
     * @param hs {@code hs[t]} = h_t {@code [B, H]}
     */
    public record Trace(INDArray xs, INDArray h0, INDArray[] hs) {
        /** All hidden states as {@code [B, H, T]}. */
        public INDArray outputs() { return stack(hs); }

        /** The last hidden state h_{T−1}. */
        public INDArray last() { return hs[hs.length - 1]; }
    }

    /**
     * Gradients of a loss: parameters, inputs {@code [B, I, T]}, initial state, and the full
     * ∂L/∂h_t at every step (the quantity whose norm shows vanishing or exploding gradients).
     */
    public record Gradients(INDArray inputWeights, INDArray recurrentWeights, INDArray bias,
                            INDArray inputs, INDArray initialState, INDArray[] hidden) {}
}
