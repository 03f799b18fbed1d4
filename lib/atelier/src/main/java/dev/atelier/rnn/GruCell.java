package dev.atelier.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A gated recurrent unit (GRU, Cho et al. 2014) written from scratch, forward and backward, in
 * the layout and convention of SameDiff's {@code gru} op (ND4J 1.0.0-M2.1), so that its output
 * can be held equal to {@code sd.rnn().gru(...)} (tested to 1e-5). Row vectors, as everywhere in
 * the course: a batch of B examples is B rows.
 *
 * <pre>
 *   a   = x_t·W + b                   [B, 3H]   input part of the three pre-activations
 *   m   = h_{t−1}·RW                  [B, 3H]   recurrent part
 *   r_t = σ(a_r + m_r)                reset gate     how much of the past the candidate may use
 *   z_t = σ(a_z + m_z)                update gate    how much of h_{t−1} to keep
 *   h̃_t = tanh(a_h + r_t ⊙ m_h)       candidate      (r applied after the recurrent product)
 *   h_t = (1 − z_t) ⊙ h̃_t + z_t ⊙ h_{t−1}
 * </pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Which gate keeps the past.</b> Here, as in SameDiff/libnd4j ({@code h = u·hLast +
 *   (1 − u)·c}) and PyTorch's {@code nn.GRU} ({@code h' = (1 − z)·n + z·h}), z near 1 keeps the
 *   old state, as in Cho et al.'s paper, Keras and d2l. Chung et al. (2014) and Wikipedia's
 *   article write it the other way round, {@code h_t = (1 − z) ⊙ h_{t−1} + z ⊙ h̃}: the same
 *   model with z replaced by 1 − z.</li>
 *   <li><b>Where the reset gate acts.</b> libnd4j 1.0.0-M2.1 computes the candidate as
 *   {@code tanh(x·W_h + b_h + r ⊙ (h_{t−1}·R_h))} (measured: its output matches this to 1e-15 and
 *   differs by tenths from {@code tanh(x·W_h + (r ⊙ h_{t−1})·R_h + b_h)}, the form in Cho et al.'s
 *   paper and in libnd4j's own comment). PyTorch's {@code nn.GRU} and cuDNN use the same
 *   "reset after the product" form, with a second bias {@code b_hn} inside the product, which
 *   SameDiff does not have (PyTorch's GRU with {@code b_hn = 0} is this cell).</li>
 *   <li><b>SameDiff's backward</b> ({@code gru_bp}, 1.0.0-M2.1) is not the derivative of its own
 *   forward: its reset-gate gradients are those of the {@code (r ⊙ h_{t−1})·R_h} form, a few percent
 *   off. This cell's backward agrees with finite differences of SameDiff's forward (tested).</li>
 *   <li><b>DL4J</b> 1.0.0-M2.1 has no GRU layer for {@code MultiLayerNetwork}; SameDiff's op is
 *   the reference.</li>
 * </ul>
 *
 * <h2>Layout</h2>
 * {@code W} {@code [I, 3H]}, {@code RW} {@code [H, 3H]}, {@code b} {@code [1, 3H]}, column blocks
 * in SameDiff's (and PyTorch's) order <b>[reset r | update z | candidate h̃]</b>. Parameters:
 * {@code 3·(I·H + H·H + H)}, three quarters of an LSTM's {@code 4·(I·H + H·H + H)}.
 *
 * <h2>Backward through time</h2>
 * With δh = ∂L/∂h_t (from the loss at step t plus what flows back from step t+1):
 * <pre>
 *   δh̃   = δh ⊙ (1 − z)               δz = δh ⊙ (h_{t−1} − h̃)
 *   δa_h = δh̃ ⊙ (1 − h̃²)             δr = δa_h ⊙ m_h
 *   δa_r = δr ⊙ r(1 − r)              δa_z = δz ⊙ z(1 − z)
 *   δa = [δa_r | δa_z | δa_h]         δm = [δa_r | δa_z | δa_h ⊙ r]
 *   ∂L/∂W += x_tᵀ·δa   ∂L/∂b += Σ_rows δa   ∂L/∂RW += h_{t−1}ᵀ·δm
 *   ∂L/∂x_t = δa·Wᵀ    δh_{t−1} = δh ⊙ z + δm·RWᵀ
 * </pre>
 * Sequences use DL4J's layout {@code [batch, features, time]} (SameDiff's op takes
 * {@code [time, batch, features]}); the cell computes in the data type of its weights.
 */
public final class GruCell extends GatedCell {
    /** Index of each column block in the layout. */
    public static final int RESET = 0, UPDATE = 1, CANDIDATE = 2;

    /**
     * A cell with the given weights in the layout above (used as they are, not copied).
     *
     * @throws IllegalArgumentException when the shapes do not fit together
     */
    public GruCell(INDArray w, INDArray rw, INDArray b) {
        super(w, rw, b, 3, w.rank() == 2 && w.size(1) % 4 == 0 ? " (4·nOut columns is an LSTM's layout)" : "", "");
    }

    /**
     * A randomly initialised cell in double precision: W ~ N(0, 1/I), RW ~ N(0, gain²/H), b = 0
     * except the update gate's, which is {@code updateBias} (positive: keep more of the past at
     * the start, as an LSTM's forget-gate bias does).
     */
    public static GruCell random(int inputSize, int hiddenSize, double recurrentGain, double updateBias, long seed) {
        INDArray[] p = SigmoidRnnCell.gatedStart(inputSize, hiddenSize, 3, recurrentGain, UPDATE, updateBias, seed);   // {W, RW, b}
        return new GruCell(p[0], p[1], p[2]);
    }

    /** Number of parameters of a GRU layer: {@code 3·(I·H + H·H + H)}. */
    public static long parameterCount(long inputSize, long hiddenSize) {
        return 3 * (inputSize * hiddenSize + hiddenSize * hiddenSize + hiddenSize);
    }

    /**
     * One step. x {@code [B, I]}, hPrev {@code [B, H]}.
     *
     * @return the new state and every gate's value
     */
    public Step step(INDArray x, INDArray hPrev) {
        SigmoidRnnCell.checkInput(x, inputSize());
        SigmoidRnnCell.checkState(x, hPrev, hidden);
        INDArray a = x.mmul(w).addiRowVector(b);                                   // [B, 3H]
        INDArray m = hPrev.mmul(rw);                                               // [B, 3H]
        INDArray r = Transforms.sigmoid(gate(a, RESET).add(gate(m, RESET)), false);        // [B, H]
        INDArray z = Transforms.sigmoid(gate(a, UPDATE).add(gate(m, UPDATE)), false);      // [B, H]
        INDArray mh = gate(m, CANDIDATE).dup();                                    // h_{t−1}·R_h, kept for backward
        INDArray n = Transforms.tanh(gate(a, CANDIDATE).add(r.mul(mh)), false);    // h̃ = tanh(a_h + r ⊙ m_h)
        INDArray h = n.sub(n.mul(z)).addi(z.mul(hPrev));                           // (1 − z) ⊙ h̃ + z ⊙ h_{t−1}
        return new Step(r, z, n, mh, h);
    }

    /** Runs the cell over a sequence {@code xs [B, I, T]} from the state h0 (null: zeros). */
    public Trace forward(INDArray xs, INDArray h0) {
        SigmoidRnnCell.checkSequence(xs, inputSize());
        int steps = (int) xs.size(2);
        INDArray h = h0 != null ? h0 : Nd4j.zeros(w.dataType(), xs.size(0), hidden);
        INDArray hStart = h;
        Step[] trace = new Step[steps];
        for (int t = 0; t < steps; t++) {
            trace[t] = step(SigmoidRnnCell.at(xs, t), h);
            h = trace[t].h();
        }
        return new Trace(xs, hStart, trace);
    }

    /**
     * Backward pass through time (the formulas in the class comment).
     *
     * @param dLdh {@code [B, H, T]}: the gradient of the loss with respect to each h_t from
     *             outside the recurrence (zeros where the loss does not look at h_t)
     */
    public Gradients backward(Trace trace, INDArray dLdh) {
        Step[] s = trace.steps;
        int steps = s.length;
        INDArray xs = trace.xs;
        long batch = xs.size(0);
        SigmoidRnnCell.checkOutputGradient(dLdh, batch, hidden, steps);
        INDArray[] sums = SigmoidRnnCell.zerosLike(w, rw, b, xs);
        INDArray dW = sums[0], dRW = sums[1], db = sums[2], dxs = sums[3];
        INDArray[] hiddenGrads = new INDArray[steps];
        INDArray dhNext = Nd4j.zeros(w.dataType(), batch, hidden);               // from step t+1
        INDArray da = Nd4j.create(w.dataType(), batch, 3L * hidden);              // [B, 3H] δa, reused
        INDArray dm = Nd4j.create(w.dataType(), batch, 3L * hidden);              // [B, 3H] δm, reused
        for (int t = steps - 1; t >= 0; t--) {
            Step st = s[t];
            INDArray hPrev = t > 0 ? s[t - 1].h() : trace.h0;
            INDArray dh = SigmoidRnnCell.at(dLdh, t).add(dhNext);                 // δh_t  [B, H]
            hiddenGrads[t] = dh;
            INDArray dn = dh.mul(st.z().rsub(1.0));                                // δh̃ = δh ⊙ (1 − z)
            INDArray dz = dh.mul(hPrev.sub(st.n()));                               // δz = δh ⊙ (h_{t−1} − h̃)
            INDArray dah = dn.muli(st.n().mul(st.n()).rsubi(1.0));                // δa_h = δh̃ ⊙ (1 − h̃²)
            INDArray dr = dah.mul(st.mh());                                        // δr = δa_h ⊙ m_h
            gate(da, RESET).assign(dr.muli(st.r()).muli(st.r().rsub(1.0)));       // δa_r = δr ⊙ r(1 − r)
            gate(da, UPDATE).assign(dz.muli(st.z()).muli(st.z().rsub(1.0)));      // δa_z = δz ⊙ z(1 − z)
            gate(da, CANDIDATE).assign(dah);
            gate(dm, RESET).assign(gate(da, RESET));
            gate(dm, UPDATE).assign(gate(da, UPDATE));
            gate(dm, CANDIDATE).assign(dah.mul(st.r()));                          // δm_h = δa_h ⊙ r
            INDArray x = SigmoidRnnCell.at(xs, t);
            dW.addi(x.transpose().mmul(da));
            db.addi(da.sum(true, 0));
            dRW.addi(hPrev.transpose().mmul(dm));
            SigmoidRnnCell.at(dxs, t).assign(da.mmul(w.transpose()));
            dhNext = dh.mul(st.z()).addi(dm.mmul(rw.transpose()));                // δh_{t−1}
        }
        return new Gradients(dW, dRW, db, dxs, dhNext, hiddenGrads);
    }

    /**
     * The values of one step, all {@code [B, H]}: reset gate, update gate, candidate h̃,
     * m_h = h_{t−1}·R_h (the recurrent part of the candidate, before the reset gate), output.
     */
    public record Step(INDArray r, INDArray z, INDArray n, INDArray mh, INDArray h) {}

    /** A forward pass: inputs, initial state and every step. */
    public record Trace(INDArray xs, INDArray h0, Step[] steps) {
        /** All outputs h_t as {@code [B, H, T]}. */
        public INDArray outputs() { return SigmoidRnnCell.outputs(steps.length, t -> steps[t].h()); }

        /** The last step. */
        public Step last() { return steps[steps.length - 1]; }
    }

    /** Gradients of a loss with respect to parameters, inputs, the initial state, and ∂L/∂h_t at every step. */
    public record Gradients(INDArray inputWeights, INDArray recurrentWeights, INDArray bias, INDArray inputs,
                            INDArray initialState, INDArray[] hidden) {}
}
