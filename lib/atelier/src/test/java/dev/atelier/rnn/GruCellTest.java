package dev.atelier.rnn;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class GruCellTest {
    /** L = Σ_t h_t ⊙ R_t, so ∂L/∂h_t from outside the recurrence is R_t. */
    static double loss(GruCell cell, INDArray xs, INDArray h0, INDArray r) {
        return cell.forward(xs, h0).outputs().mul(r).sumNumber().doubleValue();
    }

    @Test void gradientsMatchFiniteDifferences() {
        Random r = new Random(4);
        GruCell cell = GruCell.random(3, 4, 1.3, 0.5, 6);
        cell.bias().addi(SigmoidRnnCellTest.randomSequence(r, 1, 12, 1).reshape(1, 12).mul(0.3));
        INDArray xs = SigmoidRnnCellTest.randomSequence(r, 2, 3, 6);
        INDArray h0 = SigmoidRnnCellTest.randomSequence(r, 2, 4, 1).reshape(2, 4).mul(0.5);
        INDArray rr = SigmoidRnnCellTest.randomSequence(r, 2, 4, 6);
        GruCell.Gradients g = cell.backward(cell.forward(xs, h0), rr);
        SigmoidRnnCellTest.assertGradientsMatch(() -> loss(cell, xs, h0, rr),
                new INDArray[]{g.inputWeights(), g.recurrentWeights(), g.bias(), g.inputs(), g.initialState()},
                cell.inputWeights(), cell.recurrentWeights(), cell.bias(), xs, h0);
    }

    /** SameDiff's {@code gru} op on a time-major copy of {@code xs [B, I, T]}: outputs back as {@code [B, H, T]}. */
    static INDArray sameDiffGru(GruCell cell, INDArray xs, INDArray h0) {
        SameDiff sd = SameDiff.create();
        SDVariable out = sd.rnn().gru(sd.constant(xs.permute(2, 0, 1).dup()), sd.constant(h0),
                sd.constant(cell.inputWeights()), sd.constant(cell.recurrentWeights()),
                sd.constant(cell.bias().reshape(cell.bias().length())));
        return out.eval().permute(1, 2, 0).dup();   // [T, B, H] → [B, H, T]
    }

    @Test void forwardMatchesSameDiffsGruGivenTheSameWeights() {
        int in = 3, hidden = 5, batch = 2, steps = 7;
        GruCell cell = GruCell.random(in, hidden, 1.5, 0.0, 11);
        // a different bias per block, so a swapped block order would show
        cell.bias().assign(Nd4j.linspace(-1, 1, 3 * hidden, DataType.DOUBLE).reshape(1, 3 * hidden));
        INDArray xs = SigmoidRnnCellTest.randomSequence(new Random(2), batch, in, steps);
        INDArray h0 = SigmoidRnnCellTest.randomSequence(new Random(3), batch, hidden, 1).reshape(batch, hidden);
        double maxDiff = sameDiffGru(cell, xs, h0).sub(cell.forward(xs, h0).outputs()).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-5, "max |SameDiff − ours| = " + maxDiff);
    }

    /**
     * Our backward pass is the derivative of SameDiff's forward: finite differences of
     * {@code sd.rnn().gru} agree with it. SameDiff's own {@code gru_bp} (1.0.0-M2.1) does not: its
     * reset-gate gradients are those of the other candidate form, (r ⊙ h)·R, so they miss the
     * numerical gradient of its own forward by several percent. If a DL4J upgrade fixes that,
     * this test fails and the class comment should say so.
     */
    @Test void backwardIsTheDerivativeOfSameDiffsForwardWhileSameDiffsOwnBackwardIsNot() {
        int in = 3, hidden = 4, batch = 2, steps = 5;
        GruCell cell = GruCell.random(in, hidden, 1.2, 0.3, 8);
        INDArray xs = SigmoidRnnCellTest.randomSequence(new Random(5), batch, in, steps);
        INDArray h0 = SigmoidRnnCellTest.randomSequence(new Random(7), batch, hidden, 1).reshape(batch, hidden);
        INDArray rr = SigmoidRnnCellTest.randomSequence(new Random(6), batch, hidden, steps);
        java.util.function.DoubleSupplier sameDiffLoss = () -> sameDiffGru(cell, xs, h0).mul(rr).sumNumber().doubleValue();
        GruCell.Gradients g = cell.backward(cell.forward(xs, h0), rr);
        double eW = GradientCheck.relativeError(g.inputWeights(), GradientCheck.numerical(sameDiffLoss, cell.inputWeights(), 1e-6));
        double eB = GradientCheck.relativeError(g.bias(), GradientCheck.numerical(sameDiffLoss, cell.bias(), 1e-6));
        assertTrue(eW < 1e-6 && eB < 1e-6, "against SameDiff's forward: W " + eW + ", b " + eB);

        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("W", cell.inputWeights().dup()), rw = sd.var("RW", cell.recurrentWeights().dup()),
                b = sd.var("b", cell.bias().reshape(3 * hidden).dup());
        SDVariable out = sd.rnn().gru(sd.constant(xs.permute(2, 0, 1).dup()), sd.constant(h0), w, rw, b);
        out.mul(sd.constant(rr.permute(2, 0, 1).dup())).sum().markAsLoss();
        Map<String, INDArray> sdGrads = sd.calculateGradients(null, "W", "RW", "b");
        double sdB = GradientCheck.relativeError(sdGrads.get("b").reshape(1, 3 * hidden), g.bias());
        double sdUpdateAndCandidate = GradientCheck.relativeError(sdGrads.get("b").reshape(1, 3 * hidden).get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(hidden, 3 * hidden)),
                g.bias().get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(hidden, 3 * hidden)));
        assertTrue(sdB > 1e-3, "SameDiff's gru_bp now agrees with its forward (" + sdB + "): update GruCell's javadoc");
        assertTrue(sdUpdateAndCandidate < 0.1, "the update and candidate blocks are close: " + sdUpdateAndCandidate);
    }

    @Test void oneStepByHand() {
        // one unit: W = {0.5, -0.4, 0.9} (r, z, h̃), RW = {0.3, 0.2, -0.7}, b = {0.1, 1.0, 0}
        GruCell one = new GruCell(Nd4j.create(new double[][]{{0.5, -0.4, 0.9}}), Nd4j.create(new double[][]{{0.3, 0.2, -0.7}}),
                Nd4j.create(new double[][]{{0.1, 1.0, 0}}));
        double x = 2, hPrev = -0.5;
        double r = 1 / (1 + Math.exp(-(0.5 * x + 0.3 * hPrev + 0.1)));
        double z = 1 / (1 + Math.exp(-(-0.4 * x + 0.2 * hPrev + 1.0)));
        double n = Math.tanh(0.9 * x + r * (-0.7 * hPrev));
        double h = (1 - z) * n + z * hPrev;
        GruCell.Step s = one.step(Nd4j.create(new double[][]{{x}}), Nd4j.create(new double[][]{{hPrev}}));
        assertEquals(r, s.r().getDouble(0), 1e-15);
        assertEquals(z, s.z().getDouble(0), 1e-15);
        assertEquals(n, s.n().getDouble(0), 1e-15);
        assertEquals(h, s.h().getDouble(0), 1e-15);
    }

    @Test void parameterCountIsThreeQuartersOfAnLstms() {
        GruCell cell = GruCell.random(7, 5, 1, 0, 1);
        long counted = cell.inputWeights().length() + cell.recurrentWeights().length() + cell.bias().length();
        assertEquals(counted, GruCell.parameterCount(7, 5));
        LstmCell lstm = LstmCell.random(7, 5, 1, 1, 1);
        assertEquals(lstm.inputWeights().length() + lstm.recurrentWeights().length() + lstm.bias().length(), counted * 4 / 3);
    }

    @Test void updateGateNearOneKeepsTheState() {
        GruCell cell = GruCell.random(2, 3, 1, 30, 1);   // z = σ(≈30) ≈ 1
        INDArray h0 = Nd4j.create(new double[][]{{0.2, -0.4, 0.9}});
        INDArray h = cell.forward(SigmoidRnnCellTest.randomSequence(new Random(1), 1, 2, 10), h0).last().h();
        assertTrue(Transforms.abs(h.sub(h0)).maxNumber().doubleValue() < 1e-9, "h stayed " + h0 + ", got " + h);
    }

    @Test void wrongShapesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GruCell(Nd4j.zeros(3, 16), Nd4j.zeros(4, 16), Nd4j.zeros(1, 16)));
        assertTrue(e.getMessage().contains("LSTM"), e.getMessage());
        GruCell cell = GruCell.random(3, 4, 1, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> cell.forward(Nd4j.zeros(DataType.DOUBLE, 2, 4, 3), null));
        assertThrows(IllegalArgumentException.class, () -> cell.step(Nd4j.zeros(DataType.DOUBLE, 2, 3), Nd4j.zeros(DataType.DOUBLE, 1, 4)));
    }
}
