package dev.atelier.embed;

import dev.atelier.text.WordVocabulary;
import dev.atelier.train.LossHistory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SkipGramTrainerTest {
    /** Two topics that never share a sentence: animals with their verbs, vehicles with theirs. */
    static List<String> toyCorpus(int sentences, long seed) {
        String[][] nouns = {{"cat", "dog", "horse", "cow"}, {"car", "bus", "train", "truck"}};
        String[][] verbs = {{"eats", "sleeps", "runs"}, {"drives", "stops", "parks"}};
        Random r = new Random(seed);
        List<String> tokens = new ArrayList<>();
        for (int s = 0; s < sentences; s++) {
            int topic = r.nextInt(2);
            tokens.add("the");
            tokens.add(nouns[topic][r.nextInt(4)]);
            tokens.add(verbs[topic][r.nextInt(3)]);
            tokens.add(nouns[topic][r.nextInt(4)]);
        }
        return tokens;
    }

    @Test void pairGradientsMatchFiniteDifferences() {
        List<String> tokens = toyCorpus(200, 1);
        WordVocabulary vocab = WordVocabulary.build(tokens, 1, 100);
        SkipGramTrainer t = new SkipGramTrainer(vocab, SkipGramTrainer.Config.defaults().withDimension(8).withEpochs(1));
        t.train(vocab.encode(tokens), new LossHistory());      // non-zero output vectors
        int centre = vocab.id("cat"), context = vocab.id("eats");
        int[] noise = {vocab.id("bus"), vocab.id("parks"), vocab.id("the")};
        float[][] g = t.pairGradients(centre, context, noise);
        int[] rows = {centre, context, noise[0], noise[1], noise[2]};
        double eps = 1e-2, maxErr = 0, scale = 0;
        for (int r = 0; r < rows.length; r++) {
            float[] params = r == 0 ? t.inputVectors() : t.outputVectors();
            for (int k = 0; k < 8; k++) {
                int at = rows[r] * 8 + k;
                float old = params[at];
                params[at] = (float) (old + eps);
                double plus = t.pairLoss(centre, context, noise);
                params[at] = (float) (old - eps);
                double minus = t.pairLoss(centre, context, noise);
                params[at] = old;
                double numeric = (plus - minus) / (2 * eps);
                maxErr = Math.max(maxErr, Math.abs(numeric - g[r][k]));
                scale = Math.max(scale, Math.abs(numeric));
            }
        }
        assertTrue(scale > 1e-3, "gradients are not all zero: " + scale);
        assertTrue(maxErr / scale < 1e-3, "max |numeric − analytic| = " + maxErr + " of max " + scale);
    }

    @Test void pairLossIsTheObjectiveByHand() {
        List<String> tokens = toyCorpus(50, 2);
        WordVocabulary vocab = WordVocabulary.build(tokens, 1, 100);
        SkipGramTrainer t = new SkipGramTrainer(vocab, SkipGramTrainer.Config.defaults().withDimension(2));
        int c = vocab.id("dog"), o = vocab.id("runs"), n = vocab.id("car");
        float[] v = t.inputVectors(), u = t.outputVectors();
        v[c * 2] = 1; v[c * 2 + 1] = 2;
        u[o * 2] = 0.5f; u[o * 2 + 1] = -0.25f;   // u_o·v_c = 0
        u[n * 2] = 1; u[n * 2 + 1] = 1;           // u_n·v_c = 3
        double expected = -Math.log(0.5) - Math.log(1 / (1 + Math.exp(3)));
        assertEquals(expected, t.pairLoss(c, o, new int[]{n}), 1e-9);
    }

    @Test void wordsOfATopicBecomeNeighbours() {
        List<String> tokens = toyCorpus(3000, 3);
        WordVocabulary vocab = WordVocabulary.build(tokens, 1, 100);
        LossHistory h = new LossHistory();
        SkipGramTrainer t = new SkipGramTrainer(vocab, SkipGramTrainer.Config.defaults().withDimension(16).withWindow(2)
                .withSubsample(0).withEpochs(5));
        WordVectors vectors = t.train(vocab.encode(tokens), h).vectors();
        assertEquals(5, h.steps().size());
        assertTrue(h.stepLosses()[4] < h.stepLosses()[0], "loss fell: " + java.util.Arrays.toString(h.stepLosses()));
        assertEquals(vocab.size() - 1, vectors.size(), "every word but <unk>");
        for (String w : List.of("cat", "dog", "car", "train")) {
            List<String> animals = List.of("cat", "dog", "horse", "cow", "eats", "sleeps", "runs");
            boolean animal = animals.contains(w);
            for (WordVectors.Neighbour nb : vectors.nearest(w, 3))
                assertEquals(animal, animals.contains(nb.word()), w + "'s neighbours: " + vectors.nearest(w, 3));
        }
        assertTrue(vectors.similarity("cat", "dog") > vectors.similarity("cat", "car") + 0.3);
    }

    @Test void noiseTableFollowsTheUnigramToTheThreeQuarters() {
        long[] counts = {0, 1000, 100, 10, 1};
        int size = 1_000_000;
        int[] table = SkipGramTrainer.noiseTable(counts, 0.75, size);
        double norm = Math.pow(1000, 0.75) + Math.pow(100, 0.75) + Math.pow(10, 0.75) + 1;
        int[] seen = new int[counts.length];
        for (int id : table) seen[id]++;
        assertEquals(0, seen[0], "a word never seen is never drawn");
        for (int w = 1; w < counts.length; w++)
            assertEquals(Math.pow(counts[w], 0.75) / norm, seen[w] / (double) size, 2e-6, "share of word " + w);
        // 0.75 flattens: the rare word gets more than its unigram share 1/1111
        assertTrue(seen[4] / (double) size > 1.0 / 1111 * 3);
    }

    @Test void subsamplingKeepProbabilityByHand() {
        // f = 1000/100000 = 0.01, t = 1e-3: p = (√10 + 1)·0.1 = 0.41623
        assertEquals((Math.sqrt(10) + 1) * 0.1, SkipGramTrainer.keepProbability(1000, 100_000, 1e-3), 1e-12);
        assertEquals(0.41623, SkipGramTrainer.keepProbability(1000, 100_000, 1e-3), 1e-5);
        assertEquals(1.0, SkipGramTrainer.keepProbability(5, 100_000, 1e-3), 0, "rare words are always kept");
        assertEquals(1.0, SkipGramTrainer.keepProbability(50_000, 100_000, 0), 0, "t = 0 turns it off");
        // in a trainer: "the" is a quarter of the toy corpus, so it is mostly dropped
        List<String> tokens = toyCorpus(1000, 4);
        WordVocabulary vocab = WordVocabulary.build(tokens, 1, 100);
        SkipGramTrainer t = new SkipGramTrainer(vocab, SkipGramTrainer.Config.defaults().withSubsample(1e-2));
        double f = vocab.count(vocab.id("the")) / (double) tokens.size();
        assertEquals((Math.sqrt(f / 1e-2) + 1) * 1e-2 / f, t.keepProbability(vocab.id("the")), 1e-12);
        assertEquals(0.0, t.keepProbability(vocab.unknownId()));
    }

    @Test void badInputIsAClearError() {
        assertThrows(IllegalArgumentException.class, () -> SkipGramTrainer.Config.defaults().withWindow(0));
        assertThrows(IllegalArgumentException.class, () -> SkipGramTrainer.keepProbability(0, 10, 1e-3));
        WordVocabulary vocab = WordVocabulary.build(toyCorpus(10, 1), 1, 100);
        SkipGramTrainer t = new SkipGramTrainer(vocab, SkipGramTrainer.Config.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.train(new int[]{1, 2, 999}, new LossHistory()));
        assertTrue(e.getMessage().contains("999"), e.getMessage());
    }
}
