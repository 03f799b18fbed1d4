package dev.atelier.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A long short-term memory cell written from scratch, forward and backward, with DL4J's weight
 * layout so that its output can be held equal to DL4J's {@code LSTM} layer (tested to 1e-5).
 *
 * <pre>
 *   z   = x_t·W + h_{t−1}·RW + b                      [B, 4H]: four pre-activations side by side
 *   g_t = tanh(z_g)      candidate ("block input")     what could be written into the cell
 *   f_t = σ(z_f)         forget gate                   how much of c_{t−1} to keep
 *   o_t = σ(z_o)         output gate                   how much of the cell to show
 *   i_t = σ(z_i)         input gate                    how much of the candidate to write
 *   c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t                   the cell state (a sum, so gradients can flow)
 *   h_t = o_t ⊙ tanh(c_t)                             the output / hidden state
 * </pre>
 *
 * <h2>DL4J's layout (1.0.0-M2.1, {@code LSTMParamInitializer} and {@code LSTMHelpers})</h2>
 * Parameters {@code W} {@code [nIn, 4·nOut]}, {@code RW} {@code [nOut, 4·nOut]} (the Graves
 * variant {@code GravesLSTM} adds 3 peephole columns: {@code [nOut, 4·nOut+3]}), {@code b}
 * {@code [1, 4·nOut]}. The four column blocks, each nOut wide, are in the order
 * <b>[candidate g (layer activation, tanh) | forget f | output o | input i]</b>: DL4J's source
 * calls block 0 "input activations" and block 3 "input modulation gate", which is the input
 * gate of the textbooks. The forget-gate bias (block 1 of b) is initialised to
 * {@code forgetGateBiasInit} = 1.0. Note that libnd4j's native {@code lstmLayer} op (used by
 * SameDiff) orders the blocks differently: (i, f, g, o).
 *
 * <p>Backward through time, with δh = ∂L/∂h_t (from the loss plus from step t+1) and δc from
 * step t+1:
 * <pre>
 *   δc   = δc_{t+1}·f_{t+1} + δh ⊙ o ⊙ (1 − tanh²c_t)
 *   δz_o = δh ⊙ tanh c_t ⊙ o(1−o)       δz_f = δc ⊙ c_{t−1} ⊙ f(1−f)
 *   δz_i = δc ⊙ g ⊙ i(1−i)              δz_g = δc ⊙ i ⊙ (1−g²)
 *   ∂L/∂W += x_tᵀ·δz   ∂L/∂RW += h_{t−1}ᵀ·δz   ∂L/∂b += Σ_rows δz   δh_{t−1} += δz·RWᵀ
 * </pre>
 * Sequences use DL4J's layout {@code [batch, features, time]}; the cell computes in the data
 * type of its weights.
 */
public final class LstmCell extends GatedCell {
    /** Index of each gate's column block in DL4J's layout. */
    public static final int CANDIDATE = 0, FORGET = 1, OUTPUT = 2, INPUT = 3;

    /**
     * A cell with the given weights in DL4J's layout (used as they are, not copied).
     *
     * @throws IllegalArgumentException when the shapes do not fit together
     */
    public LstmCell(INDArray w, INDArray rw, INDArray b) {
        super(w, rw, b, 4, "", w.rank() == 2 && rw.rank() == 2 && rw.size(1) == w.size(1) + 3
                ? " (that is GravesLSTM's layout with peepholes)" : "");
    }

    /**
     * A randomly initialised cell in double precision: W ~ N(0, 1/I), RW ~ N(0, gain²/H), bias 0
     * except the forget gate's, which is {@code forgetBias} (DL4J's default is 1).
     */
    public static LstmCell random(int inputSize, int hiddenSize, double recurrentGain, double forgetBias, long seed) {
        INDArray[] p = SigmoidRnnCell.gatedStart(inputSize, hiddenSize, 4, recurrentGain, FORGET, forgetBias, seed);   // {W, RW, b}
        return new LstmCell(p[0], p[1], p[2]);
    }

    /**
     * One step. x {@code [B, I]}, hPrev and cPrev {@code [B, H]}.
     *
     * @return the new state and every gate's value
     */
    public Step step(INDArray x, INDArray hPrev, INDArray cPrev) {
        SigmoidRnnCell.checkInput(x, inputSize());
        INDArray z = x.mmul(w).addi(hPrev.mmul(rw)).addiRowVector(b);   // [B, 4H]
        INDArray g = Transforms.tanh(gate(z, CANDIDATE), true);           // [B, H] each
        INDArray f = Transforms.sigmoid(gate(z, FORGET), true);
        INDArray o = Transforms.sigmoid(gate(z, OUTPUT), true);
        INDArray i = Transforms.sigmoid(gate(z, INPUT), true);
        INDArray c = f.mul(cPrev).addi(i.mul(g));                          // c_t = f⊙c_{t−1} + i⊙g
        INDArray tanhC = Transforms.tanh(c, true);
        INDArray h = o.mul(tanhC);                                         // h_t = o⊙tanh(c_t)
        return new Step(g, f, o, i, c, tanhC, h);
    }

    /**
     * Runs the cell over a sequence {@code xs [B, I, T]} from the state (h0, c0) (null: zeros).
     */
    public Trace forward(INDArray xs, INDArray h0, INDArray c0) {
        SigmoidRnnCell.checkSequence(xs, inputSize());
        int batch = (int) xs.size(0), steps = (int) xs.size(2);
        INDArray h = h0 != null ? h0 : Nd4j.zeros(w.dataType(), batch, hidden);
        INDArray c = c0 != null ? c0 : Nd4j.zeros(w.dataType(), batch, hidden);
        Step[] trace = new Step[steps];
        INDArray hStart = h, cStart = c;
        for (int t = 0; t < steps; t++) {
            trace[t] = step(SigmoidRnnCell.at(xs, t), h, c);
            h = trace[t].h();
            c = trace[t].c();
        }
        return new Trace(xs, hStart, cStart, trace);
    }

    /**
     * Backward pass through time.
     *
     * @param dLdh {@code [B, H, T]}: the gradient of the loss with respect to each h_t from outside
     *             the recurrence
     * @param dLdcLast gradient with respect to the last cell state (null: zero)
     */
    public Gradients backward(Trace trace, INDArray dLdh, INDArray dLdcLast) {
        Step[] s = trace.steps;
        int steps = s.length;
        INDArray xs = trace.xs;
        SigmoidRnnCell.checkOutputGradient(dLdh, xs.size(0), hidden, steps);
        INDArray[] sums = SigmoidRnnCell.zerosLike(w, rw, b, xs);
        INDArray dW = sums[0], dRW = sums[1], db = sums[2], dxs = sums[3];
        INDArray[] hiddenGrads = new INDArray[steps];
        INDArray dhNext = Nd4j.zeros(w.dataType(), xs.size(0), hidden);                       // from step t+1 through RW
        INDArray dcNext = dLdcLast != null ? dLdcLast.dup() : Nd4j.zeros(w.dataType(), xs.size(0), hidden);
        for (int t = steps - 1; t >= 0; t--) {
            Step st = s[t];
            INDArray hPrev = t > 0 ? s[t - 1].h() : trace.h0;
            INDArray cPrev = t > 0 ? s[t - 1].c() : trace.c0;
            INDArray dh = SigmoidRnnCell.at(dLdh, t).add(dhNext);                              // δh_t
            hiddenGrads[t] = dh;
            // δc = δc_{t+1}·f_{t+1} (already in dcNext) + δh ⊙ o ⊙ (1 − tanh²c)
            INDArray dc = dcNext.add(dh.mul(st.o()).muli(st.tanhC().mul(st.tanhC()).rsubi(1.0)));
            INDArray dz = Nd4j.create(w.dataType(), xs.size(0), 4L * hidden);                  // [B, 4H]
            gate(dz, OUTPUT).assign(dh.mul(st.tanhC()).muli(st.o()).muli(st.o().rsub(1.0)));
            gate(dz, FORGET).assign(dc.mul(cPrev).muli(st.f()).muli(st.f().rsub(1.0)));
            gate(dz, INPUT).assign(dc.mul(st.g()).muli(st.i()).muli(st.i().rsub(1.0)));
            gate(dz, CANDIDATE).assign(dc.mul(st.i()).muli(st.g().mul(st.g()).rsubi(1.0)));
            INDArray x = SigmoidRnnCell.at(xs, t);
            dW.addi(x.transpose().mmul(dz));
            dRW.addi(hPrev.transpose().mmul(dz));
            db.addi(dz.sum(true, 0));
            SigmoidRnnCell.at(dxs, t).assign(dz.mmul(w.transpose()));
            dhNext = dz.mmul(rw.transpose());
            dcNext = dc.mul(st.f());
        }
        return new Gradients(dW, dRW, db, dxs, dhNext, dcNext, hiddenGrads);
    }

    /** The values of one step: candidate, the three gates, cell state, tanh of it, output; all {@code [B, H]}. */
    public record Step(INDArray g, INDArray f, INDArray o, INDArray i, INDArray c, INDArray tanhC, INDArray h) {}

    /** A forward pass: inputs, initial state and every step. */
    public record Trace(INDArray xs, INDArray h0, INDArray c0, Step[] steps) {
        /** All outputs h_t as {@code [B, H, T]}. */
        public INDArray outputs() { return SigmoidRnnCell.outputs(steps.length, t -> steps[t].h()); }

        /** The last step. */
        public Step last() { return steps[steps.length - 1]; }
    }

    /** Gradients of a loss with respect to parameters, inputs, the initial state, and ∂L/∂h_t at every step. */
    public record Gradients(INDArray inputWeights, INDArray recurrentWeights, INDArray bias, INDArray inputs,
                            INDArray initialOutput, INDArray initialCell, INDArray[] hidden) {}
}
