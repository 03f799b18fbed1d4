package dev.atelier.embed;

import dev.atelier.text.WordVocabulary;
import dev.atelier.train.LossHistory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class GloveTrainerTest {

    /** A random co-occurrence matrix from a Zipf-like random text over {@code vocab} ids. */
    static Cooccurrences randomMatrix(int vocab, int tokens, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[tokens];
        for (int i = 0; i < tokens; i++) ids[i] = (int) Math.min(vocab - 1, Math.floor(Math.exp(r.nextDouble() * Math.log(vocab))));
        return new CooccurrenceCounter(vocab, 5).add(ids).build();
    }

    @Test void weightingFunctionMatchesHandComputedValues() {
        // f(x) = min(1, (x/100)^0.75)
        assertEquals(Math.pow(0.01, 0.75), GloveTrainer.weight(1, 100, 0.75), 1e-15);
        assertEquals(0.0316227766, GloveTrainer.weight(1, 100, 0.75), 1e-9);        // 10^-1.5
        assertEquals(0.5946035575, GloveTrainer.weight(50, 100, 0.75), 1e-9);       // 2^-0.75
        assertEquals(1.0, GloveTrainer.weight(100, 100, 0.75));
        assertEquals(1.0, GloveTrainer.weight(12345, 100, 0.75));
        assertEquals(0.5, GloveTrainer.weight(5, 10, 1.0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> GloveTrainer.weight(0, 100, 0.75));
    }

    /**
     * One visit of one entry is one AdaGrad step from G = 1, i.e. a plain step of −η times the
     * half-gradient. Checks that step against central finite differences of the entry's loss
     * f·diff² for every number of w_i, w̃_j, b_i and b̃_j.
     */
    @Test void updateOfOneEntryFollowsTheFiniteDifferenceGradient() {
        CooccurrenceCounter counter = new CooccurrenceCounter(3, 2).add(new int[]{1, 2, 1, 2, 2, 1, 1, 2});
        Cooccurrences x = counter.build();
        double eta = 0.05;
        GloveTrainer t = new GloveTrainer(x, GloveTrainer.Config.defaults().withDimension(7).withLearningRate(eta).withSeed(5));
        int e = 0;                                     // the first entry visited
        int i = t.entryRow(e), j = t.entryCol(e), d = 7;
        float[] w = t.wordMatrix(), c = t.contextMatrix(), bw = t.wordBiases(), bc = t.contextBiases();

        List<float[]> arrays = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        for (int k = 0; k < d; k++) { arrays.add(w); offsets.add(i * d + k); }
        for (int k = 0; k < d; k++) { arrays.add(c); offsets.add(j * d + k); }
        arrays.add(bw); offsets.add(i);
        arrays.add(bc); offsets.add(j);

        double[] numeric = new double[arrays.size()];
        for (int p = 0; p < numeric.length; p++) {
            float[] a = arrays.get(p);
            int o = offsets.get(p);
            float old = a[o];
            float h = 1e-3f;
            a[o] = old + h;
            float up = a[o] - old;                      // the step float could represent
            double lossUp = t.entryLoss(e);
            a[o] = old - h;
            float down = old - a[o];
            double lossDown = t.entryLoss(e);
            a[o] = old;
            numeric[p] = (lossUp - lossDown) / (up + down);
        }
        float[] before = new float[numeric.length];
        for (int p = 0; p < numeric.length; p++) before[p] = arrays.get(p)[offsets.get(p)];

        t.update(e);

        for (int p = 0; p < numeric.length; p++) {
            double step = arrays.get(p)[offsets.get(p)] - before[p];
            double expected = -eta * numeric[p] / 2;    // half-gradient, G = 1
            assertEquals(expected, step, 1e-4 * Math.abs(expected) + 1e-8, "parameter " + p);
        }
    }

    @Test void lossFallsAndIsReportedOncePerEpoch() {
        Cooccurrences x = randomMatrix(300, 30_000, 1);
        LossHistory history = new LossHistory();
        GloveTrainer t = new GloveTrainer(x, GloveTrainer.Config.defaults().withDimension(10).withEpochs(15));
        double before = t.loss();
        t.train(history);
        assertEquals(15, history.steps().size());
        assertEquals(x.nonZeros(), history.steps().get(0).tokens());
        double[] losses = history.stepLosses();
        assertTrue(losses[14] < 0.5 * losses[0], "loss should at least halve: " + java.util.Arrays.toString(losses));
        for (int k = 1; k < losses.length; k++) assertTrue(losses[k] < losses[k - 1], "epoch " + (k + 1) + " did not improve");
        assertTrue(t.loss() < before);
        assertEquals(15, t.epochsDone());
    }

    @Test void sameSeedGivesIdenticalVectorsAndAnotherSeedDoesNot() {
        Cooccurrences x = randomMatrix(100, 5_000, 2);
        GloveTrainer.Config cfg = GloveTrainer.Config.defaults().withDimension(8).withEpochs(3).withSeed(9);
        GloveTrainer a = new GloveTrainer(x, cfg).train(dev.atelier.train.TrainingListener.none());
        GloveTrainer b = new GloveTrainer(x, cfg).train(dev.atelier.train.TrainingListener.none());
        GloveTrainer c = new GloveTrainer(x, cfg.withSeed(10)).train(dev.atelier.train.TrainingListener.none());
        for (int i = 0; i < 100; i++) assertArrayEquals(a.vector(i), b.vector(i));
        assertFalse(java.util.Arrays.equals(a.vector(1), c.vector(1)));
    }

    @Test void finalVectorsAreWordPlusContextWithoutTheUnknownToken() {
        List<String> tokens = List.of("a", "b", "c", "a", "b", "c", "a", "zz");
        WordVocabulary v = WordVocabulary.build(tokens, 2, 10);          // zz -> <unk>
        Cooccurrences x = new CooccurrenceCounter(v.size(), 2).add(v.encode(tokens), v.unknownId()).build();
        GloveTrainer t = new GloveTrainer(x, GloveTrainer.Config.defaults().withDimension(4).withEpochs(2))
                .train(dev.atelier.train.TrainingListener.none());
        WordVectors vectors = t.vectors(v);
        assertEquals(List.of("a", "b", "c"), vectors.words());
        float[] w = t.wordVector(v.id("b")), c = t.contextVector(v.id("b"));
        float[] got = vectors.vector("b");
        for (int k = 0; k < 4; k++) assertEquals(w[k] + c[k], got[k], 1e-7f);
    }

    @Test void badConfigurationsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GloveTrainer.Config.defaults().withDimension(0))
                .getMessage().contains("dimension must be > 0"));
        assertThrows(IllegalArgumentException.class, () -> GloveTrainer.Config.defaults().withDimension(-5));
        assertThrows(IllegalArgumentException.class, () -> GloveTrainer.Config.defaults().withLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> GloveTrainer.Config.defaults().withXMax(-1));
        Cooccurrences empty = new CooccurrenceCounter(3, 2).add(new int[]{1}).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GloveTrainer(empty, GloveTrainer.Config.defaults()))
                .getMessage().contains("no non-zero"));
    }

    @Test void divergenceIsAnErrorNamingTheEpoch() {
        Cooccurrences x = randomMatrix(50, 2_000, 4);
        GloveTrainer t = new GloveTrainer(x, GloveTrainer.Config.defaults().withDimension(4).withEpochs(3).withLearningRate(1e30));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.train(dev.atelier.train.TrainingListener.none()));
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
    }
}
