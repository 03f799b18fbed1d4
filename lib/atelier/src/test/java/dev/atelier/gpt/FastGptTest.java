package dev.atelier.gpt;

import dev.atelier.train.LossHistory;
import dev.atelier.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static dev.atelier.gpt.GptTest.TEXT;
import static dev.atelier.gpt.GptTest.TOK;
import static dev.atelier.gpt.GptTest.ids;
import static dev.atelier.gpt.GptTest.tiny;
import static org.junit.jupiter.api.Assertions.*;

/** The fast CPU path against finite differences and against the SameDiff {@link Gpt} on the same weights. */
class FastGptTest {

    /** A model whose every parameter (gains and biases too) is random and large enough that each nonlinearity matters. */
    static Gpt scrambled(GptConfig c, long seed) {
        Gpt g = new Gpt(c, TOK);
        Random r = new Random(seed);
        for (String name : g.parameterNames()) {
            INDArray p = g.parameter(name);
            double center = name.endsWith(".g") ? 1 : 0, std = name.endsWith(".g") || name.endsWith(".b") ? 0.3 : 0.25;
            for (long i = 0; i < p.length(); i++) p.putScalar(i, center + std * r.nextGaussian());
        }
        return g;
    }

    static int[] window(int from, int n) { return ids(TEXT.substring(from, from + n)); }

    /** max |a − b| / max |b|: the error relative to the size of the reference. */
    static double relativeError(INDArray a, INDArray b) {
        INDArray ad = a.castTo(DataType.DOUBLE).reshape(-1), bd = b.castTo(DataType.DOUBLE).reshape(-1);
        return ad.sub(bd).amaxNumber().doubleValue() / Math.max(1e-30, bd.amaxNumber().doubleValue());
    }

    @Test void logitsAndLossEqualSameDiffOnTheSameWeights() {
        Gpt g = scrambled(tiny(), 1);
        FastGpt fast = new FastGpt(g);
        int[] x = window(0, 32), y = window(1, 32);
        INDArray mine = fast.logits(x, 4, 8);
        for (int s = 0; s < 4; s++) {
            int[] one = java.util.Arrays.copyOfRange(x, 8 * s, 8 * s + 8);
            INDArray theirs = g.logits(one);                                                  // [8, V]
            INDArray rows = mine.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(8 * s, 8 * s + 8), org.nd4j.linalg.indexing.NDArrayIndex.all());
            assertTrue(relativeError(rows, theirs) < 1e-4, "window " + s + ": relative error " + relativeError(rows, theirs));
        }
        assertEquals(g.loss(x, y, 4, 8), fast.loss(x, y, 4, 8), 1e-4 * g.loss(x, y, 4, 8));
        // a shorter window than blockSize uses the first t positions
        assertTrue(relativeError(fast.logits(window(5, 6), 1, 6), g.logits(window(5, 6))) < 1e-4);
    }

    @Test void everyGradientEqualsSameDiffsToOneIn10000() {
        Gpt g = scrambled(tiny(), 2);
        FastGpt fast = new FastGpt(g);
        int[] x = window(3, 32), y = window(4, 32);
        Gpt.LossAndGradients reference = g.gradients(x, y, 4, 8);
        double loss = fast.gradients(x, y, 4, 8);
        assertEquals(reference.loss(), loss, 1e-4 * reference.loss());
        assertEquals(g.parameterNames().size(), fast.gradients().size());
        for (String name : g.parameterNames()) {
            double err = relativeError(fast.gradients().get(name), reference.gradients().get(name));
            assertTrue(err < 1e-4, name + ": relative error " + err);
        }
    }

    /**
     * Centered finite differences of the loss against the written-out backward, for entries of
     * every parameter: each layer's backward formula lies on the path of some of them (lnf: the
     * final LayerNorm and the tied head; mlp.*: GELU and the linear layers; attn.*: the masked
     * softmax and the per-head products; ln1/ln2: LayerNorm inside a block; wte/wpe: the embeddings
     * and the head).
     */
    @Test void gradientsMatchFiniteDifferences() {
        Gpt g = scrambled(tiny(), 3);
        FastGpt fast = new FastGpt(g);
        int[] x = window(7, 16), y = window(8, 16);
        fast.gradients(x, y, 2, 8);
        Map<String, INDArray> grads = Map.copyOf(fast.gradients().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().dup())));
        Random r = new Random(5);
        double eps = 1e-2;
        for (String name : g.parameterNames()) {
            INDArray p = g.parameter(name), gr = grads.get(name);
            long largest = Nd4j.argMax(org.nd4j.linalg.ops.transforms.Transforms.abs(gr.reshape(-1))).getLong(0);   // the largest gradient
            for (long i : new long[]{largest, r.nextInt((int) p.length())}) {
                double numeric = dev.atelier.rnn.GradientCheck.central(() -> fast.loss(x, y, 2, 8), p, i, eps), analytic = gr.getDouble(i);
                assertEquals(numeric, analytic, 0.02 * Math.abs(numeric) + 1e-3, name + "[" + i + "]");
            }
        }
    }

    @Test void twoHundredStepsFromTheSameSeedEndWhereSameDiffEnds() throws Exception {
        GptConfig c = tiny().withNEmbd(32).withMaxIters(200).withEvalInterval(100);
        String train = TEXT.substring(0, TEXT.length() * 9 / 10), val = TEXT.substring(TEXT.length() * 9 / 10);
        LossHistory fastHistory = new LossHistory(), sdHistory = new LossHistory();
        GptTrainer.Evaluation fast = new GptTrainer(new Gpt(c, TOK), ids(train), ids(val)).engine(GptTrainer.Engine.FAST).train(fastHistory);
        GptTrainer.Evaluation sd = new GptTrainer(new Gpt(c, TOK), ids(train), ids(val)).engine(GptTrainer.Engine.SAMEDIFF).train(sdHistory);
        assertTrue(fastHistory.meanOfLast(10) < fastHistory.meanOfFirst(10) - 1.5, "the fast path learns");
        assertEquals(sd.trainLoss(), fast.trainLoss(), 0.02, "train loss after 200 steps");
        assertEquals(sd.validationLoss(), fast.validationLoss(), 0.02, "validation loss after 200 steps");
        assertEquals(sdHistory.steps().get(0).loss(), fastHistory.steps().get(0).loss(), 1e-4, "the first step's loss");
        assertTrue(fastHistory.note().startsWith("fast CPU path"), fastHistory.note());
        assertTrue(sdHistory.note().startsWith("SameDiff path"), sdHistory.note());
    }

    @Test void theFirstLineSaysWhichPathAndDropoutFallsBackToSameDiffWithTheReason() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new GptTrainer(new Gpt(tiny().withMaxIters(3), TOK), ids(TEXT), ids(TEXT)).train(new dev.atelier.train.ConsoleReporter(out, 10));
        String first = bytes.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertTrue(first.contains("3 steps planned on the fast CPU path"), first);

        GptTrainer dropout = new GptTrainer(new Gpt(tiny().withDropout(0.1).withMaxIters(3), TOK), ids(TEXT), ids(TEXT));
        assertFalse(dropout.usesFastPath());
        bytes.reset();
        dropout.train(new dev.atelier.train.ConsoleReporter(out, 10));
        first = bytes.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertTrue(first.contains("SameDiff path: dropout 0.10 is not written out in the fast path"), first);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GptTrainer(new Gpt(tiny().withDropout(0.1), TOK), ids(TEXT), ids(TEXT)).engine(GptTrainer.Engine.FAST));
        assertTrue(e.getMessage().contains("fast path cannot") && e.getMessage().contains("dropout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FastGpt(new Gpt(tiny().withDropout(0.1), TOK)));
    }

    @Test void afterFastTrainingTheSameDiffModelHoldsTheWeights(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fast.gpt");
        Gpt g = new Gpt(tiny().withMaxIters(30).withEvalInterval(15), TOK);
        GptTrainer tr = new GptTrainer(g, ids(TEXT), ids(TEXT)).checkpointTo(file);
        assertTrue(tr.usesFastPath());
        tr.train(TrainingListener.none());
        int[] x = ids("the dog ");
        FastGpt fast = new FastGpt(g);
        assertTrue(relativeError(fast.logits(x, 1, 8), g.logits(x)) < 1e-4, "SameDiff sees the trained weights");
        Gpt.AttentionMaps maps = g.attentionMaps("the dog sat");
        assertEquals(1.0, java.util.Arrays.stream(maps.map(1, 1)[5]).sum(), 1e-5);
        assertTrue(g.activations(x, "h0.attn.out").get("h0.attn.out").amaxNumber().doubleValue() > 0);
        assertEquals(g.generate("the ", 10, Sampler.greedy(), 0), Gpt.load(file).generate("the ", 10, Sampler.greedy(), 0),
                "the checkpoint holds the fast path's weights");

        // one format: a fast-path checkpoint resumes on SameDiff, and back
        GptTrainer onSameDiff = GptTrainer.resume(file, tiny().withMaxIters(40).withEvalInterval(15), ids(TEXT), ids(TEXT))
                .engine(GptTrainer.Engine.SAMEDIFF);
        GptTrainer onFast = GptTrainer.resume(file, tiny().withMaxIters(40).withEvalInterval(15), ids(TEXT), ids(TEXT))
                .engine(GptTrainer.Engine.FAST);
        onSameDiff.train(TrainingListener.none());
        onFast.train(TrainingListener.none());
        assertEquals(40, onFast.step());
        assertTrue(relativeError(onFast.model().logits(x), onSameDiff.model().logits(x)) < 1e-3,
                "10 more steps from the same checkpoint agree: " + relativeError(onFast.model().logits(x), onSameDiff.model().logits(x)));
    }

    @Test void aStepAllocatesNothingOnTheHeapOnceItsBuffersExist() {
        Gpt g = new Gpt(tiny(), TOK);
        FastGpt fast = new FastGpt(g);
        int[] x = window(0, 32), y = window(1, 32);
        for (int i = 0; i < 20; i++) fast.gradients(x, y, 4, 8);   // buffers, and the JIT's own first allocations
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId(), before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 50; i++) fast.gradients(x, y, 4, 8);
        long perStep = (mx.getThreadAllocatedBytes(tid) - before) / 50;
        assertTrue(perStep < 512, perStep + " bytes allocated per step");
    }

    @Test void badInputIsAClearError() {
        FastGpt fast = new FastGpt(new Gpt(tiny(), TOK));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fast.loss(new int[9 * 2], new int[18], 2, 9));
        assertTrue(e.getMessage().contains("longer than blockSize 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.loss(new int[]{0, 1, 99, 2}, new int[4], 1, 4));
        assertTrue(e.getMessage().contains("id 99 at position 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fast.loss(new int[4], new int[3], 1, 4));
        assertTrue(e.getMessage().contains("expected 4 target ids, got 3"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new FastGpt(new Gpt(tiny(), TOK)).logits());
    }
}
