package dev.atelier.rnn;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The fused helper against DL4J's own LSTM code, on the same network and weights. */
class FusedLstmHelperTest {
    static final int VOCAB = 5, HIDDEN = 6;

    static MultiLayerNetwork net(DataType type, int tbptt) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(1).dataType(type)
                .updater(new Sgd(0.5)).list()
                .layer(new LSTM.Builder().nIn(VOCAB).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new LSTM.Builder().nIn(HIDDEN).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(HIDDEN).nOut(VOCAB).build());
        if (tbptt > 0) b.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(tbptt).tBPTTBackwardLength(tbptt);
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static DataSet oneHot(DataType type, int batch, int steps, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.zeros(type, batch, VOCAB, steps), y = Nd4j.zeros(type, batch, VOCAB, steps);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++) {
                x.putScalar(new int[]{b, r.nextInt(VOCAB), t}, 1.0);
                y.putScalar(new int[]{b, r.nextInt(VOCAB), t}, 1.0);
            }
        return new DataSet(x, y);
    }

    static double maxRelDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(1e-12, a.amaxNumber().doubleValue());
    }

    @Test void sameOutputGradientsAndScoreAsDl4jInDoublePrecision() {
        MultiLayerNetwork dl4j = net(DataType.DOUBLE, 0), fused = net(DataType.DOUBLE, 0);
        fused.setParams(dl4j.params().dup());
        assertEquals(2, FusedLstmHelper.install(fused));
        DataSet ds = oneHot(DataType.DOUBLE, 3, 7, 2);

        assertTrue(dl4j.output(ds.getFeatures()).equalsWithEps(fused.output(ds.getFeatures()), 1e-12));

        dl4j.setInput(ds.getFeatures()); dl4j.setLabels(ds.getLabels()); dl4j.computeGradientAndScore();
        fused.setInput(ds.getFeatures()); fused.setLabels(ds.getLabels()); fused.computeGradientAndScore();
        assertEquals(dl4j.score(), fused.score(), 1e-12);
        INDArray g1 = dl4j.gradient().gradient(), g2 = fused.gradient().gradient();
        assertTrue(maxRelDiff(g1, g2) < 1e-10, "gradient max rel diff " + maxRelDiff(g1, g2));

        FusedLstmHelper h = FusedLstmHelper.of(fused.getLayer(0));
        assertNotNull(h);
        assertEquals(1, h.backwardPasses());
        assertEquals(1, h.reusedForwardPasses(), "backprop reused the training forward pass");
    }

    @Test void theLightElementWiseKernelsAreInUseOnTheCpu() {
        if (!dev.atelier.Backend.isCuda())
            assertTrue(FusedLstmHelper.Ew.LEGACY_OK, "libnd4j's legacy pairwise op numbers changed: the helper fell back to slower ops");
        INDArray z = Nd4j.create(DataType.FLOAT, 3);
        FusedLstmHelper.Ew.mul(Nd4j.create(new float[]{1, 2, 3}), Nd4j.create(new float[]{4, 5, -6}), z);
        assertEquals(Nd4j.create(new float[]{4, 10, -18}), z);
        FusedLstmHelper.Ew.add(Nd4j.create(new float[]{1, 2, 3}), Nd4j.create(new float[]{4, 5, -6}), z);
        assertEquals(Nd4j.create(new float[]{5, 7, -3}), z);
    }

    @Test void truncatedBpttTrainingFollowsDl4jStepByStep() {
        MultiLayerNetwork dl4j = net(DataType.DOUBLE, 4), fused = net(DataType.DOUBLE, 4);
        fused.setParams(dl4j.params().dup());
        FusedLstmHelper.install(fused);
        for (int step = 0; step < 3; step++) {
            DataSet ds = oneHot(DataType.DOUBLE, 2, 12, 10 + step);   // 12 steps = 3 tBPTT chunks of 4, state carried
            dl4j.fit(ds);
            fused.fit(ds);
        }
        double d = maxRelDiff(dl4j.params(), fused.params());
        assertTrue(d < 1e-10, "params after 9 tBPTT updates differ by " + d);
        assertEquals(9, FusedLstmHelper.of(fused.getLayer(1)).backwardPasses());
    }

    @Test void rnnTimeStepGenerationMatchesDl4j() {
        MultiLayerNetwork dl4j = net(DataType.DOUBLE, 0), fused = net(DataType.DOUBLE, 0);
        fused.setParams(dl4j.params().dup());
        FusedLstmHelper.install(fused);
        DataSet ds = oneHot(DataType.DOUBLE, 1, 5, 3);
        assertTrue(dl4j.rnnTimeStep(ds.getFeatures()).equalsWithEps(fused.rnnTimeStep(ds.getFeatures()), 1e-12));
        INDArray next = ds.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1));
        assertTrue(dl4j.rnnTimeStep(next).equalsWithEps(fused.rnnTimeStep(next), 1e-12), "state carried between calls");
    }

    /** Score and gradients of one batch, DL4J's own code against the helper on the same weights; returns the fused net. */
    static MultiLayerNetwork assertSameAsDl4j(DataType type, int batch, int steps, double scoreTolerance, double gradientTolerance) {
        MultiLayerNetwork dl4j = net(type, 0), fused = net(type, 0);
        fused.setParams(dl4j.params().dup());
        FusedLstmHelper.install(fused);
        DataSet ds = oneHot(type, batch, steps, 5);
        dl4j.setInput(ds.getFeatures()); dl4j.setLabels(ds.getLabels()); dl4j.computeGradientAndScore();
        fused.setInput(ds.getFeatures()); fused.setLabels(ds.getLabels()); fused.computeGradientAndScore();
        assertEquals(dl4j.score(), fused.score(), scoreTolerance * Math.abs(dl4j.score()));
        double d = maxRelDiff(dl4j.gradient().gradient(), fused.gradient().gradient());
        assertTrue(d < gradientTolerance, type + " gradient max rel diff " + d);
        return fused;
    }

    @Test void floatPrecisionAgreesToRounding() {
        assertSameAsDl4j(DataType.FLOAT, 4, 9, 1e-5, 1e-4);
    }

    @Test void maskedSequencesGiveDl4jsResults() {
        MultiLayerNetwork dl4j = net(DataType.DOUBLE, 0), fused = net(DataType.DOUBLE, 0);
        fused.setParams(dl4j.params().dup());
        FusedLstmHelper.install(fused);
        DataSet ds = oneHot(DataType.DOUBLE, 2, 6, 8);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, 6);
        mask.putScalar(1, 5, 0.0);
        mask.putScalar(1, 4, 0.0);
        ds.setFeaturesMaskArray(mask);
        ds.setLabelsMaskArray(mask);
        dl4j.fit(ds);
        fused.fit(ds);
        assertTrue(maxRelDiff(dl4j.params(), fused.params()) < 1e-10);
    }

    @Test void declinesWhatItDoesNotImplementAndDl4jTakesOver() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.5)).list()
                .layer(new LSTM.Builder().nIn(VOCAB).nOut(HIDDEN).activation(Activation.TANH)
                        .gateActivationFunction(Activation.HARDSIGMOID).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(HIDDEN).nOut(VOCAB).build())
                .build();
        MultiLayerNetwork dl4j = new MultiLayerNetwork(conf), fused = new MultiLayerNetwork(conf.clone());
        dl4j.init();
        fused.init();
        fused.setParams(dl4j.params().dup());
        FusedLstmHelper.install(fused);
        DataSet ds = oneHot(DataType.DOUBLE, 2, 6, 8);
        dl4j.fit(ds);
        fused.fit(ds);
        assertTrue(maxRelDiff(dl4j.params(), fused.params()) < 1e-12);
        FusedLstmHelper h = FusedLstmHelper.of(fused.getLayer(0));
        assertEquals(0, h.forwardPasses() + h.backwardPasses(), "hard-sigmoid gates are left to DL4J");
    }

    @Test void theSelfCheckRejectsWrongOpNumbers() {
        assertFalse(FusedLstmHelper.Ew.selfCheck(FusedLstmHelper.Ew.MULTIPLY, FusedLstmHelper.Ew.ADD), "add and multiply swapped");
        assertFalse(FusedLstmHelper.Ew.selfCheck(-1, 10_000), "op numbers that do not exist");
    }

    /** With the light kernels off (as when the self-check fails), the helper still gives DL4J's numbers. */
    @Test void theGenericOpsFallbackGivesDl4jsNumbers() {
        FusedLstmHelper.Ew.useLegacy(false);
        try {
            MultiLayerNetwork fused = assertSameAsDl4j(DataType.DOUBLE, 3, 7, 1e-12, 1e-10);
            assertEquals(1, FusedLstmHelper.of(fused.getLayer(0)).backwardPasses(), "the helper ran (on the generic ops)");
        } finally {
            FusedLstmHelper.Ew.useLegacy(true);
        }
    }

    @Test void aFailedInstallIsAnErrorThatSaysWhy() {
        MultiLayerNetwork n = net(DataType.FLOAT, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FusedLstmHelper.install(n, "noSuchField"));
        assertTrue(e.getMessage().contains("cannot install the fused LSTM helper") && e.getMessage().contains("noSuchField"), e.getMessage());
        for (var layer : n.getLayers()) assertNull(FusedLstmHelper.of(layer), "nothing half-installed");
    }
}
