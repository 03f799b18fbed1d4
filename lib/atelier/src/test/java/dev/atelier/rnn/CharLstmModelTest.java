package dev.atelier.rnn;

import com.google.gson.JsonObject;
import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Corpus;
import dev.atelier.train.CheckpointArchive;
import dev.atelier.train.Checkpoints;
import dev.atelier.train.LossHistory;
import dev.atelier.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CharLstmModelTest {
    @TempDir Path dir;

    /** A small text with structure to learn: words drawn from a short list. */
    static String text(int chars, long seed) {
        String[] words = {"the ", "cat ", "sat ", "on ", "a ", "mat. ", "and ", "dog ", "ran.\n"};
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < chars) sb.append(words[r.nextInt(words.length)]);
        return sb.substring(0, chars);
    }

    static CharLstmModel.Config small() {
        return CharLstmModel.Config.defaults().withLayers(1).withHidden(24).withSeqLen(16).withBatch(8)
                .withLearningRate(1e-2).withEvalEvery(20).withEvalChars(0).withSeed(3);
    }

    static Corpus.Split split() {
        return new Corpus("tiny", text(3000, 1)).split(0.9);
    }

    /**
     * What 60 steps on {@link #split()} with evaluations every 20 must show for a character model over
     * v characters: a first loss near ln v (about uniform), three evaluations, and a validation and
     * training loss at least 0.8 nats lower by the end.
     */
    static void assertLearned(LossHistory h, int v) {
        assertEquals(60, h.steps().size());
        assertEquals(Math.log(v), h.steps().get(0).loss(), 0.25, "untrained: about uniform over " + v + " characters");
        assertEquals(3, h.evaluations().size(), "evaluations at steps 20, 40, 60");
        assertTrue(h.lastValidationLoss() < Math.log(v) - 0.8, "validation loss " + h.lastValidationLoss() + " vs ln V " + Math.log(v));
        assertTrue(h.meanOfLast(10) < h.meanOfFirst(10) - 0.8);
    }

    @Test void lossStartsNearLnVAndFallsWhileTraining() {
        Corpus.Split split = split();
        CharLstmModel m = CharLstmModel.create(CharVocabulary.of(split.train() + split.validation()), small());
        LossHistory h = new LossHistory();
        CharLstmModel.Report r = m.train(split, 60, h);
        assertLearned(h, m.vocabulary().size());
        assertEquals(1, h.steps().get(0).step());
        assertEquals(60, m.steps());
        assertEquals(60L * 8 * 16, m.tokens());
        assertTrue(r.tokensPerSecond() > 0);
        assertEquals(Math.exp(r.validationLoss()), r.validationPerplexity(), 1e-12);
        assertTrue(m.usesFastPath(), "the CPU default: the written-out step");
        assertEquals(0, FusedLstmHelper.of(m.network().getLayer(0)).backwardPasses(), "DL4J's layer took no training step");
    }

    @Test void onDl4jsPathTheLossFallsTooAndTheFusedHelperComputesIt() {
        Corpus.Split split = split();
        CharLstmModel m = CharLstmModel.create(CharVocabulary.of(split.train() + split.validation()), small())
                .engine(CharLstmModel.Engine.DL4J);
        LossHistory h = new LossHistory();
        m.train(split, 60, h);
        assertLearned(h, m.vocabulary().size());
        assertEquals(60, FusedLstmHelper.of(m.network().getLayer(0)).backwardPasses(), "trained on the fused helper");
        assertTrue(h.note().startsWith("DL4J fit with the fused LSTM helper (chosen)"), h.note());
    }

    @Test void evaluationAgreesWithDl4jScore() {
        Corpus.Split split = split();
        CharLstmModel m = CharLstmModel.create(CharVocabulary.of(split.train() + split.validation()), small().withEvalChars(16 * 8));
        int[] ids = m.vocabulary().encode(split.train());
        double ours = m.evaluate(ids);                        // 8 windows of 16
        int[] x = new int[8 * 16], y = new int[8 * 16];
        for (int e = 0; e < 8; e++) {
            System.arraycopy(ids, e * 16, x, e * 16, 16);
            System.arraycopy(ids, e * 16 + 1, y, e * 16, 16);
        }
        DataSet ds = m.batch(new dev.atelier.text.RandomWindows.Batch(x, y, 8, 16), 16);
        double dl4j = m.network().score(ds, false) / 16;     // DL4J: Σ over time / batch
        assertEquals(dl4j, ours, 1e-4);
    }

    @Test void truncatedBpttMakesOneUpdatePerPiece() {
        Corpus.Split split = split();
        CharLstmModel m = CharLstmModel.create(CharVocabulary.of(split.train() + split.validation()),
                small().withSegments(3).withSeqLen(8));
        LossHistory h = new LossHistory();
        m.train(split, 7, h);                          // windows of 24: 3 + 3 + 1 updates
        assertEquals(7, m.steps());
        assertEquals(java.util.List.of(1, 2, 3, 4, 5, 6, 7), h.steps().stream().map(TrainingListener.StepEvent::step).toList());
    }

    @Test void generatesFromAPromptWithTemperature() {
        Corpus.Split split = new Corpus("ab", "ab".repeat(400)).split(0.9);
        CharLstmModel m = CharLstmModel.create(CharVocabulary.of("ab"), small().withEvalEvery(1000));
        m.train(split, 40, TrainingListener.none());
        assertEquals("babab", m.generate("a", 5, 0.0, 1), "greedy continuation of the pattern");
        String hot = m.generate("ab", 50, 1.0, 7);
        assertEquals(50, hot.length());
        assertEquals(hot, m.generate("ab", 50, 1.0, 7), "same seed, same text");
        assertTrue(hot.chars().allMatch(c -> c == 'a' || c == 'b'));
        // the course's one sampler: top-k 1 keeps only the likeliest character, whatever the temperature and seed
        assertEquals("babab", m.generate("a", 5, new dev.atelier.gpt.Sampler(2.0, 1, 1.0), 3), "top-k 1 is greedy");
        assertEquals("babab", m.generate("a", 5, new dev.atelier.gpt.Sampler(1.0, 0, 0.01), 4), "top-p 0.01 is greedy");
    }

    @Test void badGenerationRequestsAreClearErrors() {
        CharLstmModel m = CharLstmModel.create(CharVocabulary.of("abc "), small());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.generate("ab Z", 5, 1, 1));
        assertTrue(e.getMessage().contains("'Z'") && e.getMessage().contains("position 3"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.generate("", 5, 1, 1)).getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.generate("a", 5, -1, 1)).getMessage().contains("temperature"));
    }

    @Test void badTextsAreClearErrors() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> CharLstmModel.create(CharVocabulary.of("aaaa"), small()));
        assertTrue(one.getMessage().contains("at least 2 distinct characters"), one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Corpus("empty", ""));

        CharLstmModel m = CharLstmModel.create(CharVocabulary.of("abc"), small());
        IllegalArgumentException shortText = assertThrows(IllegalArgumentException.class,
                () -> m.train(new Corpus.Split("abcabc", "ab"), 1, TrainingListener.none()));
        assertTrue(shortText.getMessage().contains("too short for windows of 16"), shortText.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> m.train(new Corpus.Split("abcd".repeat(20), "abc"), 1, TrainingListener.none()));
        assertTrue(unknown.getMessage().contains("'d'") && unknown.getMessage().contains("training text"), unknown.getMessage());
    }

    @Test void resumeFromACheckpointContinuesTheSameRun() throws IOException {
        Corpus.Split split = split();
        CharVocabulary vocab = CharVocabulary.of(split.train() + split.validation());
        CharLstmModel straight = CharLstmModel.create(vocab, small().withEvalEvery(4));
        straight.train(split, 8, TrainingListener.none());

        CharLstmModel first = CharLstmModel.create(vocab, small().withEvalEvery(4));
        first.train(split, 4, TrainingListener.none());
        Path ckpt = dir.resolve("run.ckpt");
        first.save(ckpt);
        CharLstmModel resumed = CharLstmModel.load(ckpt);
        assertEquals(4, resumed.steps());
        assertEquals(4, resumed.history().steps().size(), "loss history restored");
        LossHistory after = new LossHistory();
        resumed.train(split, 4, after);
        assertEquals(5, after.steps().get(0).step(), "step count continues");
        assertTrue(after.steps().get(0).elapsedSeconds() >= first.elapsedSeconds(), "clock continues");
        assertEquals(8, resumed.history().steps().size());
        assertEquals(straight.network().params(), resumed.network().params(), "same batches and Adam state as the uninterrupted run");
        for (int i = 0; i < 8; i++)
            assertEquals(straight.history().steps().get(i).loss(), resumed.history().steps().get(i).loss(), 1e-6);
        assertEquals(straight.generate("the ", 30, 0.8, 5), resumed.generate("the ", 30, 0.8, 5));
    }

    @Test void aFailedSaveKeepsThePreviousCheckpoint() throws IOException {
        CharLstmModel m = CharLstmModel.create(CharVocabulary.of("abc "), small());
        Path ckpt = dir.resolve("keep.ckpt");
        m.save(ckpt);
        byte[] before = Files.readAllBytes(ckpt);
        Map<String, Checkpoints.Writer> entries = new LinkedHashMap<>();
        entries.put("dl4j-network.zip", out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full (simulated)");
        });
        IOException e = assertThrows(IOException.class,
                () -> CheckpointArchive.write(ckpt, CharLstmModel.KIND, 1, CharLstmCheckpoint.header(m), entries));
        assertTrue(e.getMessage().contains("disk full"));
        assertArrayEquals(before, Files.readAllBytes(ckpt), "previous checkpoint untouched");
        assertEquals(1, Files.list(dir).count(), "no temporary file left behind");
        assertNotNull(CharLstmModel.load(ckpt));
    }

    @Test void corruptAndMismatchedCheckpointsAreClearErrors() throws IOException {
        Path garbage = dir.resolve("garbage.ckpt");
        Files.write(garbage, "this is not a zip".getBytes());
        assertTrue(assertThrows(IOException.class, () -> CharLstmModel.load(garbage)).getMessage().contains("not a readable zip"));

        CharLstmModel m = CharLstmModel.create(CharVocabulary.of("abc "), small());
        Path good = dir.resolve("good.ckpt");
        m.save(good);
        Path truncated = dir.resolve("truncated.ckpt");
        byte[] all = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        IOException t = assertThrows(IOException.class, () -> CharLstmModel.load(truncated));
        assertTrue(t.getMessage().contains("truncated.ckpt"), t.getMessage());

        CheckpointArchive.Contents c = CheckpointArchive.read(good);
        JsonObject header = c.header().deepCopy();
        header.addProperty("vocabulary", "abcd ");                      // one character more than the network has
        Path mismatched = dir.resolve("mismatched.ckpt");
        Map<String, Checkpoints.Writer> entries = new LinkedHashMap<>();
        entries.put("dl4j-network.zip", out -> out.write(c.entry("dl4j-network.zip")));
        CheckpointArchive.write(mismatched, CharLstmModel.KIND, 1, header, entries);
        IOException v = assertThrows(IOException.class, () -> CharLstmModel.load(mismatched));
        assertTrue(v.getMessage().contains("does not fit") && v.getMessage().contains("5 characters"), v.getMessage());

        JsonObject gpt = c.header().deepCopy();
        Path other = dir.resolve("gpt.ckpt");
        CheckpointArchive.write(other, "gpt", 1, gpt, entries);
        assertTrue(assertThrows(IOException.class, () -> CharLstmModel.load(other)).getMessage().contains("'gpt' model"));
    }
}
