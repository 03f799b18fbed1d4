package dev.atelier.rnn;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.*;

class SigmoidRnnCellTest {
    static INDArray randomSequence(Random r, int batch, int features, int steps) {
        double[] v = new double[batch * features * steps];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Nd4j.create(v, new long[]{batch, features, steps}, DataType.DOUBLE);
    }

    /**
     * Asserts that each hand-written gradient {@code analytic[k]} agrees with the numerical gradient
     * of {@code loss} with respect to {@code params[k]} (central differences, ε = 1e-6) to a relative
     * error below 1e-6.
     */
    static void assertGradientsMatch(DoubleSupplier loss, INDArray[] analytic, INDArray... params) {
        double[] errors = new double[params.length];
        for (int k = 0; k < params.length; k++)
            errors[k] = GradientCheck.relativeError(analytic[k], GradientCheck.numerical(loss, params[k], 1e-6));
        for (double e : errors) assertTrue(e < 1e-6, "relative errors " + java.util.Arrays.toString(errors));
    }

    /** L = Σ_t Σ h_t ⊙ R_t for a fixed random R, so ∂L/∂h_t (from outside) = R_t. */
    static double loss(SigmoidRnnCell cell, INDArray xs, INDArray h0, INDArray r) {
        return cell.forward(xs, h0).outputs().mul(r).sumNumber().doubleValue();
    }

    @Test void oneStepIsTheSeedFormulaByHand() {
        // one input, one neuron: h1 = σ(wx·x + wh·h0 + b)
        SigmoidRnnCell cell = new SigmoidRnnCell(Nd4j.create(new double[][]{{0.5}}), Nd4j.create(new double[][]{{-1.0}}),
                Nd4j.create(new double[][]{{0.25}}));
        INDArray h = cell.step(Nd4j.create(new double[][]{{2.0}}), Nd4j.create(new double[][]{{0.5}}));
        double expected = 1 / (1 + Math.exp(-(0.5 * 2.0 - 1.0 * 0.5 + 0.25)));
        assertEquals(expected, h.getDouble(0), 1e-15);
    }

    @Test void backwardThroughTimeMatchesFiniteDifferences() {
        Random r = new Random(7);
        SigmoidRnnCell cell = SigmoidRnnCell.random(3, 4, 1.5, 11);
        cell.bias().assign(Nd4j.create(new double[]{0.1, -0.2, 0.3, 0.05}).reshape(1, 4));
        INDArray xs = randomSequence(r, 2, 3, 5);
        INDArray h0 = randomSequence(r, 2, 4, 1).reshape(2, 4).mul(0.3);
        INDArray rr = randomSequence(r, 2, 4, 5);
        SigmoidRnnCell.Gradients g = cell.backward(cell.forward(xs, h0), rr);
        double eps = 1e-6;
        assertGradientsMatch(() -> loss(cell, xs, h0, rr),
                new INDArray[]{g.inputWeights(), g.recurrentWeights(), g.bias(), g.inputs(), g.initialState()},
                cell.inputWeights(), cell.recurrentWeights(), cell.bias(), xs, h0);
        // and the check can fail: a wrong gradient is far off
        assertTrue(GradientCheck.relativeError(g.inputWeights().mul(1.01), GradientCheck.numerical(
                () -> loss(cell, xs, h0, rr), cell.inputWeights(), eps)) > 1e-3);
    }

    @Test void forwardMatchesDl4jSimpleRnnWithSigmoid() {
        int in = 3, hidden = 5;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new SimpleRnn.Builder().nIn(in).nOut(hidden).activation(Activation.SIGMOID).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        SigmoidRnnCell cell = SigmoidRnnCell.random(in, hidden, 2.0, 3);
        cell.bias().assign(Nd4j.linspace(-0.5, 0.5, hidden, DataType.DOUBLE).reshape(1, hidden));
        net.getLayer(0).setParam("W", cell.inputWeights());
        net.getLayer(0).setParam("RW", cell.recurrentWeights());
        net.getLayer(0).setParam("b", cell.bias());
        INDArray xs = randomSequence(new Random(5), 4, in, 6);
        INDArray dl4j = net.output(xs);
        INDArray ours = cell.forward(xs, null).outputs();
        assertArrayEquals(dl4j.shape(), ours.shape());
        assertTrue(dl4j.equalsWithEps(ours, 1e-12), "DL4J " + dl4j + "\nours " + ours);
    }

    @Test void wrongShapesAreClearErrors() {
        SigmoidRnnCell cell = SigmoidRnnCell.random(3, 4, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.forward(Nd4j.zeros(DataType.DOUBLE, 2, 5, 3), null));
        assertTrue(e.getMessage().contains("[batch, 3, time]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SigmoidRnnCell(Nd4j.zeros(3, 4), Nd4j.zeros(3, 3), Nd4j.zeros(1, 4)));
    }
}
