package dev.atelier.rnn;

import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Corpus;
import dev.atelier.text.RandomWindows;
import dev.atelier.train.LossHistory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The written-out LSTM step against DL4J's own LSTM code, by finite differences, and in training. */
class FastCharLstmTest {
    static final Corpus.Split SPLIT = CharLstmModelTest.split();
    static final CharVocabulary VOCAB = CharVocabulary.of(SPLIT.train() + SPLIT.validation());

    static CharLstmModel model(int layers, int hidden, int seqLen, int segments, int batch) {
        CharLstmModel.Config c = CharLstmModel.Config.defaults().withLayers(layers).withHidden(hidden).withSeqLen(seqLen)
                .withSegments(segments).withBatch(batch).withLearningRate(1e-2).withEvalEvery(1000).withEvalChars(200)
                .withSeed(5).withFused(false);
        return CharLstmModel.create(VOCAB, c);
    }

    /** The small one-layer model used by the tests that train on both paths, on path {@code engine}. */
    static CharLstmModel small(CharLstmModel.Engine engine) {
        return model(1, 12, 8, 1, 4).engine(engine);
    }

    static RandomWindows.Batch batch(CharLstmModel m, long seed) {
        int[] ids = VOCAB.encode(SPLIT.train());
        return new RandomWindows(ids, m.config().windowLength(), seed).next(m.config().batch());
    }

    /** max |a − b| / max |b|. */
    static double maxRelDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(1e-12, b.amaxNumber().doubleValue());
    }

    @Test void tanhAndSigmoidAreWithinHalfAMillionthOfTheExactFunctions() {
        double worstTanh = 0, worstSigmoid = 0;
        for (int k = -200_000; k <= 200_000; k++) {
            float x = k * 1e-4f;                                      // [−20, 20]
            worstTanh = Math.max(worstTanh, Math.abs(FastCharLstm.tanh(x) - Math.tanh(x)));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(FastCharLstm.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertTrue(worstTanh < 5e-7, "tanh off by " + worstTanh);
        assertTrue(worstSigmoid < 5e-7, "sigmoid off by " + worstSigmoid);
        assertEquals(0f, FastCharLstm.tanh(0f));
        assertEquals(1f, FastCharLstm.tanh(100f), 1e-6f);
        assertEquals(-1f, FastCharLstm.tanh(-100f), 1e-6f);
    }

    /** The loss and the gradient of every parameter of the fast path, against DL4J's own LSTM code on the same weights and batch. */
    static void assertSameGradientAsDl4j(int layers, int hidden, int seqLen, int batch) {
        CharLstmModel m = model(layers, hidden, seqLen, 1, batch);
        MultiLayerNetwork net = m.network();
        RandomWindows.Batch b = batch(m, 9);
        DataSet ds = m.batch(b, seqLen);
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.computeGradientAndScore();
        double dl4jScore = net.score();
        INDArray dl4j = net.getFlattenedGradients().dup();

        FastCharLstm fast = new FastCharLstm(net);
        double sum = fast.gradient(b.inputs(), b.targets(), batch, seqLen);
        INDArray ours = net.getFlattenedGradients().dup();
        assertEquals(dl4jScore, sum / batch, 1e-5 * dl4jScore, "DL4J's score: the loss summed over the piece, averaged over the batch");
        for (var p : net.paramTable().entrySet()) {                   // every parameter on its own, so a wrong block is named
            long off = p.getValue().offset() - net.params().offset(), len = p.getValue().length();
            INDArray a = ours.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + len));
            INDArray e = dl4j.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(off, off + len));
            double d = maxRelDiff(a, e);
            assertTrue(d < 1e-4, layers + " layers: gradient of " + p.getKey() + " differs from DL4J's by " + d + " (relative)");
        }
    }

    @Test void gradientEqualsDl4jsOwnLstmCodeForOneTwoAndThreeLayers() {
        assertSameGradientAsDl4j(1, 12, 9, 4);
        assertSameGradientAsDl4j(2, 16, 11, 3);
        assertSameGradientAsDl4j(3, 8, 5, 2);
    }

    @Test void gradientMatchesFiniteDifferencesAlongARandomDirectionInEachParameter() {
        assertFiniteDifferences(false);
    }

    /** The second piece of a window: the state carried from the first is a constant (truncated BPTT). */
    @Test void gradientWithCarriedStateMatchesFiniteDifferences() {
        assertFiniteDifferences(true);
    }

    static void assertFiniteDifferences(boolean carry) {
        CharLstmModel m = model(2, 10, 8, 2, 3);
        MultiLayerNetwork net = m.network();
        RandomWindows.Batch b = batch(m, 4);
        int full = b.length(), from = carry ? 8 : 0;
        FastCharLstm fast = new FastCharLstm(net);
        java.util.function.DoubleSupplier loss = () -> {
            if (carry) fast.loss(b.inputs(), b.targets(), 3, full, 0, 8, false);      // the state after piece 1
            return fast.loss(b.inputs(), b.targets(), 3, full, from, 8, carry);
        };
        if (carry) fast.loss(b.inputs(), b.targets(), 3, full, 0, 8, false);
        fast.gradient(b.inputs(), b.targets(), 3, full, from, 8, carry);
        INDArray g = net.getFlattenedGradients().dup();
        INDArray theta = net.params();
        Random r = new Random(1);
        double eps = 2e-3;
        for (var p : net.paramTable().entrySet()) {
            long off = p.getValue().offset() - theta.offset(), len = p.getValue().length();
            INDArray d = Nd4j.zeros(DataType.FLOAT, theta.shape());
            double analytic = 0;
            for (long k = off; k < off + len; k++) {
                float s = r.nextBoolean() ? 1f : -1f;
                d.putScalar(k, s);                                    // linear indices: the flat arrays may be rank 1
                analytic += s * g.getDouble(k);
            }
            INDArray saved = theta.dup();
            double up, down;
            if (carry) {                                              // the carried state comes from the unperturbed weights
                fast.loss(b.inputs(), b.targets(), 3, full, 0, 8, false);
                theta.addi(d.mul(eps));
                up = fast.loss(b.inputs(), b.targets(), 3, full, from, 8, true);
                theta.assign(saved);
                fast.loss(b.inputs(), b.targets(), 3, full, 0, 8, false);
                theta.subi(d.mul(eps));
                down = fast.loss(b.inputs(), b.targets(), 3, full, from, 8, true);
            } else {
                theta.addi(d.mul(eps));
                up = loss.getAsDouble();
                theta.assign(saved).subi(d.mul(eps));
                down = loss.getAsDouble();
            }
            theta.assign(saved);
            double numeric = (up - down) / (2 * eps);
            assertEquals(analytic, numeric, 1e-2 * Math.max(1, Math.abs(analytic)),
                    (carry ? "carried state: " : "") + "directional derivative along " + p.getKey() + ": analytic " + analytic + ", numeric " + numeric);
        }
    }

    /**
     * On the second piece of a window (state carried from the first, truncated BPTT), DL4J
     * 1.0.0-M2.1's own LSTM gradient is not the derivative of DL4J's own score: finite differences
     * of that score agree with this path and not with DL4J. (Pinned, so that a DL4J that fixes it
     * is noticed; {@link CharLstmModel.Config#segments()} &gt; 1 is where the two paths part.)
     */
    @Test void onASecondPieceDl4jsGradientIsNotTheDerivativeOfItsOwnScoreAndThisPathsIs() {
        CharLstmModel m = model(2, 16, 8, 2, 4);
        MultiLayerNetwork net = m.network();
        RandomWindows.Batch b = batch(m, 3);
        DataSet ds = m.batch(b, 16);
        INDArray x1 = piece(ds.getFeatures(), 0), y1 = piece(ds.getLabels(), 0), x2 = piece(ds.getFeatures(), 8), y2 = piece(ds.getLabels(), 8);
        net.rnnClearPreviousState();
        net.setInput(x1); net.setLabels(y1); net.computeGradientAndScore();
        net.updateRnnStateWithTBPTTState();
        net.setInput(x2); net.setLabels(y2); net.computeGradientAndScore();
        INDArray dl4j = net.getFlattenedGradients().dup();
        FastCharLstm fast = new FastCharLstm(net);
        fast.loss(b.inputs(), b.targets(), 4, 16, 0, 8, false);
        fast.gradient(b.inputs(), b.targets(), 4, 16, 8, 8, true);
        INDArray ours = net.getFlattenedGradients().dup();

        INDArray theta = net.params(), saved = theta.dup();
        Random r = new Random(1);
        double eps = 2e-3, worstDl4j = 0;
        for (String key : new String[]{"0_W", "0_RW", "0_b", "1_W", "1_RW", "1_b"}) {
            long off = net.getParam(key).offset() - theta.offset(), len = net.getParam(key).length();
            INDArray d = Nd4j.zeros(DataType.FLOAT, theta.shape());
            double alongDl4j = 0, alongOurs = 0;
            for (long k = off; k < off + len; k++) {
                float s = r.nextBoolean() ? 1f : -1f;
                d.putScalar(k, s);
                alongDl4j += s * dl4j.getDouble(k);
                alongOurs += s * ours.getDouble(k);
            }
            double[] score = new double[2];
            for (int side = 0; side < 2; side++) {                         // the carried state comes from the unperturbed weights
                theta.assign(saved);
                net.rnnClearPreviousState();
                net.setInput(x1); net.setLabels(y1); net.computeGradientAndScore();
                net.updateRnnStateWithTBPTTState();
                theta.addi(d.mul(side == 0 ? eps : -eps));
                net.setInput(x2); net.setLabels(y2); net.computeGradientAndScore();
                score[side] = net.score() * 4;                               // DL4J's score is averaged over the batch of 4
            }
            theta.assign(saved);
            double numeric = (score[0] - score[1]) / (2 * eps);
            assertEquals(numeric, alongOurs, 0.02 * Math.abs(numeric) + 0.01, key + ": this path gives the derivative of DL4J's own score");   // (float scores: ~1e-3 of noise)
            worstDl4j = Math.max(worstDl4j, Math.abs(alongDl4j - numeric) / Math.max(0.1, Math.abs(numeric)));
        }
        assertTrue(worstDl4j > 0.2, "DL4J's gradient is now within " + worstDl4j + " of the derivative of its score on every LSTM parameter: DL4J changed");
    }

    private static INDArray piece(INDArray a, int from) {
        return a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + 8)).dup();
    }

    /**
     * Trains two copies from the same seed, one per path, and compares every step's loss and the
     * final weights. (Windows of one piece: on a second piece the two part ways, see above.)
     */
    @Test void trainingFollowsDl4jStepForStep() {
        CharLstmModel dl4j = model(2, 16, 8, 1, 4).engine(CharLstmModel.Engine.DL4J);
        CharLstmModel fast = model(2, 16, 8, 1, 4).engine(CharLstmModel.Engine.FAST);
        assertEquals(dl4j.network().params(), fast.network().params(), "same start");
        LossHistory a = new LossHistory(), b = new LossHistory();
        dl4j.train(SPLIT, 30, a);
        fast.train(SPLIT, 30, b);
        assertEquals(30, b.steps().size());
        for (int i = 0; i < 30; i++)
            assertEquals(a.steps().get(i).loss(), b.steps().get(i).loss(), 2e-3, "loss of step " + (i + 1));
        assertTrue(b.meanOfLast(5) < b.meanOfFirst(5) - 0.15, "the loss falls: " + b.meanOfFirst(5) + " → " + b.meanOfLast(5));
        assertEquals(a.lastValidationLoss(), b.lastValidationLoss(), 2e-3, "evaluation: DL4J's output against the fast forward pass");
        double d = maxRelDiff(fast.network().params(), dl4j.network().params());
        assertTrue(d < 1e-2, "weights after 30 Adam steps differ by " + d);
        assertEquals(30, fast.network().getIterationCount(), "DL4J's update count, for Adam's bias correction");
    }

    @Test void theCoursesAdamAndClippingAreWrittenOutOtherUpdatersAreLeftToDl4j() {
        assertTrue(new FastCharLstm(model(2, 8, 4, 1, 2).network()).writesOutTheUpdate(), "Adam + ClipL2PerLayer: written out");
        MultiLayerNetwork sgd = FusedLstmHelperTest.net(DataType.FLOAT, 0);             // plain SGD, no clipping
        MultiLayerNetwork same = FusedLstmHelperTest.net(DataType.FLOAT, 0);
        same.setParams(sgd.params().dup());
        FastCharLstm fast = new FastCharLstm(sgd);
        assertFalse(fast.writesOutTheUpdate());
        int batch = 3, steps = 7, v = FusedLstmHelperTest.VOCAB;
        Random r = new Random(3);
        int[] in = new int[batch * steps], out = new int[batch * steps];
        float[] x = new float[batch * v * steps], y = new float[batch * v * steps];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++) {
                in[b * steps + t] = r.nextInt(v);
                out[b * steps + t] = r.nextInt(v);
                x[(b * v + in[b * steps + t]) * steps + t] = 1f;
                y[(b * v + out[b * steps + t]) * steps + t] = 1f;
            }
        same.fit(new DataSet(Nd4j.create(x, new long[]{batch, v, steps}, 'c'), Nd4j.create(y, new long[]{batch, v, steps}, 'c')));
        fast.trainStep(in, out, batch, steps, 0, steps, false);
        double d = maxRelDiff(sgd.params(), same.params());
        assertTrue(d < 1e-5, "one SGD step through DL4J's updater: params differ by " + d);
    }

    @Test void aLearningRateChangedBetweenStepsIsUsedAsDl4jWouldUseIt() {
        CharLstmModel dl4j = small(CharLstmModel.Engine.DL4J), fast = small(CharLstmModel.Engine.FAST);
        for (double lr : new double[]{1e-2, 1e-3}) {
            dl4j.network().setLearningRate(lr);
            fast.network().setLearningRate(lr);
            dl4j.train(SPLIT, 5, new LossHistory());
            fast.train(SPLIT, 5, new LossHistory());
        }
        assertTrue(maxRelDiff(fast.network().params(), dl4j.network().params()) < 1e-3, "after 5 steps at 1e-2 and 5 at 1e-3");
    }

    @Test void thePathsShareTheUpdaterSoTheyCanTakeTurns() {
        CharLstmModel dl4j = small(CharLstmModel.Engine.DL4J), mixed = small(CharLstmModel.Engine.FAST);
        LossHistory a = new LossHistory(), b = new LossHistory();
        dl4j.train(SPLIT, 20, a);
        mixed.train(SPLIT, 10, b);
        mixed.engine(CharLstmModel.Engine.DL4J).train(SPLIT, 10, b);
        assertEquals(a.steps().get(19).loss(), b.steps().get(19).loss(), 2e-3, "step 20 after 10 fast and 10 DL4J steps");
        assertTrue(maxRelDiff(mixed.network().params(), dl4j.network().params()) < 1e-2);
    }

    @Test void theDefaultPathOnTheCpuIsTheFastOneAndSaysSo() {
        CharLstmModel m = model(1, 8, 8, 1, 2);
        assertTrue(m.usesFastPath());
        LossHistory h = new LossHistory();
        m.train(SPLIT, 1, h);
        assertTrue(h.note().contains("fast CPU path"), h.note());
        assertFalse(m.engine(CharLstmModel.Engine.DL4J).usesFastPath());
        assertTrue(m.describePath().startsWith("DL4J fit"), m.describePath());
    }

    @Test void networksItCannotRunAreRefusedWithTheReason() {
        MultiLayerNetwork doubles = FusedLstmHelperTest.net(DataType.DOUBLE, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FastCharLstm(doubles));
        assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
    }

    @Test void idsOutsideTheVocabularyAreRefusedWithTheirPosition() {
        CharLstmModel m = model(1, 8, 4, 1, 2);
        FastCharLstm fast = new FastCharLstm(m.network());
        int[] in = {0, 1, 2, 3, 4, 5, 999, 7}, out = new int[8];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fast.loss(in, out, 2, 4));
        assertTrue(e.getMessage().contains("999") && e.getMessage().contains("position 6"), e.getMessage());
    }
}
