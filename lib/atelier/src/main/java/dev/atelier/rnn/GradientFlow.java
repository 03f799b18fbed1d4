package dev.atelier.rnn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Vanishing and exploding gradients made visible: for a loss that looks only at the last hidden
 * state, {@code L = u · h_{T−1}} (u a fixed random unit vector), the norm
 * {@code ‖∂L/∂h_t‖} as a function of the distance {@code d = T−1−t} back in time.
 *
 * <p>Through a sigmoid RNN each step back multiplies the gradient by
 * {@code diag(σ'(z_t))·W_hᵀ}, and σ' ≤ 1/4: unless W_h is large, the norm shrinks geometrically
 * (vanishes); when the product's gain exceeds 1 it grows (explodes). Through an LSTM the cell
 * state carries it by {@code ⊙ f_t}, so with forget gates near 1 it decays slowly. Through a
 * GRU the direct path {@code h_t = … + z_t ⊙ h_{t−1}} carries it by {@code ⊙ z_t}, so an update
 * gate near 1 plays the forget gate's part.
 * Computed with the hand-written backward passes of {@link SigmoidRnnCell}, {@link LstmCell} and
 * {@link GruCell}, in double precision.
 */
public final class GradientFlow {
    private GradientFlow() {}

    /** {@code norms[d]} = ‖∂L/∂h_{T−1−d}‖ for the sigmoid RNN on inputs {@code xs [B, I, T]}. */
    public static double[] sigmoidRnn(SigmoidRnnCell cell, INDArray xs, long seed) {
        SigmoidRnnCell.Trace tr = cell.forward(xs, null);
        INDArray dLdh = lastStepOnly(xs.size(0), cell.hiddenSize(), xs.size(2), seed);
        return byDistance(cell.backward(tr, dLdh).hidden());
    }

    /** {@code norms[d]} = ‖∂L/∂h_{T−1−d}‖ for the LSTM on inputs {@code xs [B, I, T]}. */
    public static double[] lstm(LstmCell cell, INDArray xs, long seed) {
        LstmCell.Trace tr = cell.forward(xs, null, null);
        INDArray dLdh = lastStepOnly(xs.size(0), cell.hiddenSize(), xs.size(2), seed);
        return byDistance(cell.backward(tr, dLdh, null).hidden());
    }

    /** {@code norms[d]} = ‖∂L/∂h_{T−1−d}‖ for the GRU on inputs {@code xs [B, I, T]}. */
    public static double[] gru(GruCell cell, INDArray xs, long seed) {
        GruCell.Trace tr = cell.forward(xs, null);
        INDArray dLdh = lastStepOnly(xs.size(0), cell.hiddenSize(), xs.size(2), seed);
        return byDistance(cell.backward(tr, dLdh).hidden());
    }

    /**
     * The same measurement for a GRU on the inputs {@link #compare} uses (same seed: same
     * inputs, same loss vector), with update-gate bias {@code updateBias} (larger keeps more).
     */
    public static double[] gru(int steps, int inputSize, int hiddenSize, double updateBias, long seed) {
        return gru(GruCell.random(inputSize, hiddenSize, 1.0, updateBias, seed + 1), inputs(steps, inputSize, seed), seed + 2);
    }

    /**
     * Both cells side by side on the same random inputs (N(0, 1), batch 1): a sigmoid RNN whose
     * recurrent weights have gain {@code rnnGain}, and an LSTM with forget-gate bias
     * {@code forgetBias} (DL4J's default is 1; larger keeps more).
     */
    public static Comparison compare(int steps, int inputSize, int hiddenSize, double rnnGain, double forgetBias, long seed) {
        INDArray xs = inputs(steps, inputSize, seed);
        double[] rnn = sigmoidRnn(SigmoidRnnCell.random(inputSize, hiddenSize, rnnGain, seed + 1), xs, seed + 2);
        double[] lstm = lstm(LstmCell.random(inputSize, hiddenSize, 1.0, forgetBias, seed + 1), xs, seed + 2);
        return new Comparison(rnn, lstm);
    }

    /**
     * The average factor by which the norm changes per step back: {@code (n[last]/n[0])^(1/last)}.
     * Below 1 the gradient vanishes, above 1 it explodes.
     */
    public static double factorPerStep(double[] norms) {
        if (norms.length < 2) throw new IllegalArgumentException("need at least 2 norms");
        return Math.pow(norms[norms.length - 1] / norms[0], 1.0 / (norms.length - 1));
    }

    /** Gradient norms of both cells by distance back in time, {@code [d]} for d = 0..T−1. */
    public record Comparison(double[] sigmoidRnn, double[] lstm) {}

    private static INDArray inputs(int steps, int inputSize, long seed) {
        if (steps < 2) throw new IllegalArgumentException("need at least 2 time steps, got " + steps);
        Random r = new Random(seed);
        double[] v = new double[inputSize * steps];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Nd4j.create(v, new long[]{1, inputSize, steps}, DataType.DOUBLE);
    }

    private static INDArray lastStepOnly(long batch, int hidden, long steps, long seed) {
        Random r = new Random(seed);
        double[] u = new double[hidden];
        double n = 0;
        for (int i = 0; i < hidden; i++) { u[i] = r.nextGaussian(); n += u[i] * u[i]; }
        INDArray dLdh = Nd4j.zeros(DataType.DOUBLE, batch, hidden, steps);
        INDArray row = Nd4j.create(u, new long[]{1, hidden}, DataType.DOUBLE).divi(Math.sqrt(n));
        SigmoidRnnCell.at(dLdh, (int) steps - 1).assign(row.repeat(0, batch));
        return dLdh;
    }

    private static double[] byDistance(INDArray[] hidden) {
        double[] norms = new double[hidden.length];
        for (int t = 0; t < hidden.length; t++) norms[hidden.length - 1 - t] = hidden[t].norm2Number().doubleValue();
        return norms;
    }
}
