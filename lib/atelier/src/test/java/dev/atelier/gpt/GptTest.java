package dev.atelier.gpt;

import dev.atelier.attention.Masks;
import dev.atelier.attention.MultiHeadAttention;
import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Tokenizer;
import dev.atelier.train.LossHistory;
import dev.atelier.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class GptTest {
    static final String TEXT = "the cat sat on the mat. the dog sat on the log. a cat and a dog. ".repeat(20);
    static final Tokenizer TOK = Tokenizer.characters(CharVocabulary.of(TEXT));

    static GptConfig tiny() {
        return GptConfig.defaults().withVocabSize(TOK.size()).withBlockSize(8).withNLayer(2).withNHead(2).withNEmbd(16)
                .withBatchSize(4).withMaxIters(60).withWarmupIters(5).withLearningRate(1e-2).withEvalInterval(30).withEvalIters(4)
                .withSeed(42);
    }

    static int[] ids(String s) { return TOK.encode(s); }

    @Test void initialLossIsAboutLogV() {
        Gpt g = new Gpt(tiny(), TOK);
        int[] x = ids(TEXT.substring(0, 32)), y = ids(TEXT.substring(1, 33));
        double loss = g.loss(x, y, 4, 8);
        assertEquals(Math.log(TOK.size()), loss, 0.3, "weights near zero give near-uniform predictions");
    }

    @Test void lossIsTheMeanCrossEntropyOfTheLogits() {
        Gpt g = new Gpt(tiny(), TOK);
        String s = TEXT.substring(3, 12);
        int[] x = ids(s.substring(0, 8)), y = ids(s.substring(1, 9));
        INDArray logits = g.logits(x).castTo(DataType.DOUBLE);   // [8, V]
        double sum = 0;
        for (int t = 0; t < 8; t++) {
            double[] row = logits.getRow(t).toDoubleVector();
            double max = Double.NEGATIVE_INFINITY, z = 0;
            for (double v : row) max = Math.max(max, v);
            for (double v : row) z += Math.exp(v - max);
            sum += -(row[y[t]] - max - Math.log(z));
        }
        assertEquals(sum / 8, g.loss(x, y, 1, 8), 1e-4);
    }

    @Test void laterTokensDoNotChangeEarlierPredictions() {
        Gpt g = new Gpt(tiny(), TOK);
        INDArray a = g.logits(ids("the cat "));
        INDArray b = g.logits(ids("the cxyz".replace('x', 'd').replace('y', 'o').replace('z', 'g')));
        INDArray a4 = a.get(NDArrayIndex.interval(0, 5), NDArrayIndex.all()), b4 = b.get(NDArrayIndex.interval(0, 5), NDArrayIndex.all());
        assertTrue(a4.equalsWithEps(b4, 1e-5), "positions 0..4 see the same prefix 'the c'");
        assertFalse(a.getRow(7).equalsWithEps(b.getRow(7), 1e-5), "position 7 sees a different text");
    }

    @Test void attentionMatchesTheFromScratchMultiHeadAttention() {
        GptConfig c = tiny();
        Gpt g = new Gpt(c, TOK);
        int[] x = ids("the dog ");
        Map<String, INDArray> act = g.activations(x, "h1.ln1", "h1.attn.out", "h1.attn.weights");
        int C = c.nEmbd();
        INDArray wqkv = g.parameter("h1.attn.wqkv"), bqkv = g.parameter("h1.attn.bqkv");
        MultiHeadAttention mha = new MultiHeadAttention(c.nHead(),
                cols(wqkv, 0, C), cols(wqkv, C, 2 * C), cols(wqkv, 2 * C, 3 * C), g.parameter("h1.attn.wproj"),
                bqkv.get(NDArrayIndex.interval(0, C)), bqkv.get(NDArrayIndex.interval(C, 2 * C)),
                bqkv.get(NDArrayIndex.interval(2 * C, 3 * C)), g.parameter("h1.attn.bproj"));
        MultiHeadAttention.Result r = mha.selfAttend(act.get("h1.ln1").reshape(1, 8, C), Masks.causal(8));
        assertTrue(r.output().reshape(8, C).equalsWithEps(act.get("h1.attn.out"), 1e-4),
                "from scratch\n" + r.output() + "\nSameDiff\n" + act.get("h1.attn.out"));
        assertTrue(r.weights().equalsWithEps(act.get("h1.attn.weights"), 1e-5));
    }

    @Test void gradientsMatchFiniteDifferences() {
        Gpt g = new Gpt(tiny().withNLayer(1), TOK);
        int[] x = ids(TEXT.substring(0, 16)), y = ids(TEXT.substring(1, 17));
        Map<String, INDArray> grads = g.gradients(x, y, 2, 8).gradients();
        double eps = 1e-2;
        for (String name : new String[]{"wte", "wpe", "h0.attn.wqkv", "h0.attn.wproj", "h0.ln1.g", "h0.mlp.wfc", "lnf.b"}) {
            INDArray p = g.parameter(name), gr = grads.get(name);
            long i = gr.reshape(-1).argMax(0).getLong(0);        // the entry with the largest gradient
            double numeric = dev.atelier.rnn.GradientCheck.central(() -> g.loss(x, y, 2, 8), p, i, eps), analytic = gr.getDouble(i);
            assertEquals(numeric, analytic, 0.05 * Math.abs(numeric) + 2e-3, name + "[" + i + "]");
        }
    }

    @Test void lossFallsOnATinyTextAndGreedyGenerationFollowsIt() throws Exception {
        String train = TEXT.substring(0, TEXT.length() * 9 / 10), val = TEXT.substring(TEXT.length() * 9 / 10);
        Gpt g = new Gpt(tiny().withNEmbd(32).withMaxIters(200).withEvalInterval(100), TOK);
        LossHistory h = new LossHistory();
        GptTrainer tr = new GptTrainer(g, ids(train), ids(val));
        GptTrainer.Evaluation e = tr.train(h);
        assertEquals(200, h.steps().size());
        assertEquals(32, h.steps().get(0).tokens());             // batch 4 × block 8
        assertEquals(2, h.evaluations().size());                 // steps 100 and 200
        assertTrue(h.meanOfLast(10) < h.meanOfFirst(10) - 1.5, h.meanOfFirst(10) + " → " + h.meanOfLast(10));
        assertTrue(e.validationLoss() < 0.8, "validation loss " + e.validationLoss());
        // greedy text from the trained model is made of the text's pieces: most of its 4-grams occur in it (a fresh model: almost none)
        String out = g.generate("a cat and", 40, Sampler.greedy(), 0).substring(9);
        int seen = 0;
        for (int i = 0; i + 4 <= out.length(); i++) if (TEXT.contains(out.substring(i, i + 4))) seen++;
        assertTrue(seen >= 0.6 * (out.length() - 3), "greedy continuation '" + out + "' has " + seen + " known 4-grams");
    }

    @Test void nanLossStopsTrainingNamingTheStep() {
        Gpt g = new Gpt(tiny(), TOK);
        g.parameter("wte").putScalar(0, Float.NaN);
        GptTrainer tr = new GptTrainer(g, ids(TEXT), ids(TEXT));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tr.train(TrainingListener.none()));
        assertTrue(e.getMessage().contains("NaN at step 1"), e.getMessage());
    }

    @Test void badInputIsAClearError() {
        Gpt g = new Gpt(tiny(), TOK);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GptTrainer(g, ids(TEXT), ids("the cat")));
        assertTrue(e.getMessage().contains("validation text has 7 tokens") && e.getMessage().contains("at least 9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.generate("the cat Z", 3, Sampler.plain(), 1));
        assertTrue(e.getMessage().contains("'Z'") && e.getMessage().contains("position 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.generate("", 3, Sampler.plain(), 1));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Gpt(tiny().withVocabSize(99), TOK));
        assertTrue(e.getMessage().contains("vocabSize 99"), e.getMessage());
    }

    @Test void attentionMapsAreCausalDistributionsAndLongPromptsAreCropped() {
        Gpt g = new Gpt(tiny(), TOK);
        Gpt.AttentionMaps m = g.attentionMaps("a cat and a dog sat");   // 19 chars, blockSize 8
        assertEquals(8, m.tokens().size());
        assertEquals(String.join("", m.tokens()), "a dog sat".substring(1));
        assertEquals(2, m.weights().length);
        assertEquals(2, m.weights()[0].length);
        for (double[][] head : m.weights()[1])
            for (int i = 0; i < 8; i++) {
                double s = 0;
                for (int j = 0; j < 8; j++) { s += head[i][j]; if (j > i) assertEquals(0.0, head[i][j], 1e-7); }
                assertEquals(1.0, s, 1e-5);
            }
        String out = g.generate("a cat and a dog sat", 5, Sampler.plain(), 3);
        assertTrue(out.startsWith("a cat and a dog sat") && out.length() == 24, out);
        for (char ch : out.toCharArray()) assertTrue(TEXT.indexOf(ch) >= 0);
    }

    @Test void checkpointRoundTripAndResume(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gpt.zip");
        Gpt g = new Gpt(tiny().withMaxIters(20).withEvalInterval(10), TOK);
        GptTrainer tr = new GptTrainer(g, ids(TEXT), ids(TEXT)).checkpointTo(file);
        tr.train(TrainingListener.none());
        assertTrue(Files.exists(file));
        Gpt back = Gpt.load(file);
        int[] x = ids("the log.");
        assertTrue(g.logits(x).equalsWithEps(back.logits(x), 1e-6));
        assertEquals(g.parameterCount(), back.parameterCount());

        GptTrainer resumed = GptTrainer.resume(file, tiny().withMaxIters(30).withEvalInterval(10), ids(TEXT), ids(TEXT));
        assertEquals(20, resumed.step());
        assertTrue(resumed.model().logits(x).equalsWithEps(g.logits(x), 1e-6));
        LossHistory h = new LossHistory();
        resumed.train(h);
        assertEquals(10, h.steps().size());
        assertEquals(21, h.steps().get(0).step());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GptTrainer.resume(file, tiny().withNEmbd(32), ids(TEXT), ids(TEXT)));
        assertTrue(e.getMessage().contains("another model") && e.getMessage().contains("width 16") && e.getMessage().contains("width 32"),
                e.getMessage());
    }

    @Test void checkpointHeaderFollowsTheCourseFormatAndOtherFilesAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gpt.zip");
        new Gpt(tiny(), TOK).save(file);
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) {
            assertEquals("checkpoint.json", z.entries().nextElement().getName(), "the header is the first entry");
            String header = new String(z.getInputStream(z.getEntry("checkpoint.json")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(header.contains("\"format\": \"atelier-checkpoint\"") && header.contains("\"kind\": \"gpt\""), header);
        }
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a checkpoint");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> Gpt.load(text));
        assertTrue(e.getMessage().contains("not an Atelier checkpoint"), e.getMessage());
        Path lstm = dir.resolve("lstm.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(lstm))) {
            z.putNextEntry(new java.util.zip.ZipEntry("checkpoint.json"));
            z.write("{\"format\": \"atelier-checkpoint\", \"kind\": \"char-lstm\", \"version\": 1}".getBytes());
            z.closeEntry();
        }
        e = assertThrows(java.io.IOException.class, () -> Gpt.load(lstm));
        assertTrue(e.getMessage().contains("char-lstm") && e.getMessage().contains("not a GPT"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Gpt.load(dir.resolve("missing.gpt")));
    }

    @Test void aDamagedCheckpointIsNamedWithWhatIsWrong(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.gpt");
        new Gpt(tiny(), TOK).save(good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.gpt"), java.util.Arrays.copyOf(bytes, bytes.length * 6 / 10));
        byte[] scribbled = bytes.clone();
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) scribbled[i] = 0;
        Path damaged = Files.write(dir.resolve("damaged.gpt"), scribbled);
        for (Path p : new Path[]{truncated, damaged}) {
            Exception e = assertThrows(Exception.class, () -> Gpt.load(p), p.toString());
            assertInstanceOf(java.io.IOException.class, e, p + ": " + e);
            assertTrue(e.getMessage() != null && e.getMessage().contains(p.toString()), p + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("damaged") || e.getMessage().contains("not a readable zip"), p + ": " + e.getMessage());
        }
        java.io.IOException folder = assertThrows(java.io.IOException.class, () -> Gpt.load(dir));
        assertTrue(folder.getMessage().contains(dir.toString()) && folder.getMessage().contains("folder"), folder.getMessage());
    }

    @Test void dropoutIsRandomWhileTrainingAndOffForEvaluation() throws Exception {
        Gpt g = new Gpt(tiny().withDropout(0.3), TOK);
        int[] x = ids(TEXT.substring(0, 32)), y = ids(TEXT.substring(1, 33));
        assertNotEquals(g.gradients(x, y, 4, 8).loss(), g.gradients(x, y, 4, 8).loss());
        assertEquals(g.loss(x, y, 4, 8), g.loss(x, y, 4, 8), 0);
        LossHistory h = new LossHistory();
        new GptTrainer(g, ids(TEXT), ids(TEXT)).train(h);
        assertTrue(h.meanOfLast(10) < h.meanOfFirst(10) - 0.5, h.meanOfFirst(10) + " → " + h.meanOfLast(10));
    }

    @Test void bytePairTokensWorkEndToEnd(@TempDir Path dir) throws Exception {
        dev.atelier.text.BytePairTokenizer bpe = dev.atelier.text.BytePairTokenizer.train(TEXT, 20);
        Gpt g = new Gpt(tiny().withVocabSize(bpe.size()).withMaxIters(20), bpe);
        int[] ids = bpe.encode(TEXT);
        LossHistory h = new LossHistory();
        new GptTrainer(g, ids, ids).train(h);
        assertTrue(h.meanOfLast(5) < h.meanOfFirst(5), h.meanOfFirst(5) + " → " + h.meanOfLast(5));
        Gpt.AttentionMaps m = g.attentionMaps("the cat sat");
        assertEquals("the cat sat", String.join("", m.tokens()), "multi-character tokens label the map");
        assertTrue(m.tokens().size() < "the cat sat".length(), "byte pairs merge characters: " + m.tokens());
        Path file = dir.resolve("bpe.gpt");
        g.save(file);
        assertEquals(g.generate("the ", 5, Sampler.greedy(), 0), Gpt.load(file).generate("the ", 5, Sampler.greedy(), 0));
    }

    private static INDArray cols(INDArray w, int from, int to) {
        return w.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup();
    }
}
