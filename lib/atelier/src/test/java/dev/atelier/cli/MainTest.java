package dev.atelier.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The command line, run in-process on a tiny text. */
class MainTest {
    @TempDir Path dir;

    static CliRun run(String... args) {
        return CliRun.of(Main.commandLine(), args);
    }

    static String text(int chars, long seed) {
        String[] words = {"the ", "cat ", "sat ", "on ", "a ", "mat. ", "and ", "dog ", "ran.\n"};
        java.util.Random r = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < chars) sb.append(words[r.nextInt(words.length)]);
        return sb.substring(0, chars);
    }

    Path tinyText() throws IOException {
        Path f = dir.resolve("tiny.txt");
        Files.writeString(f, text(2500, 4), StandardCharsets.UTF_8);
        return f;
    }

    static final String[] SMALL = {"--layers", "1", "--hidden", "16", "--seq-len", "12", "--batch", "4", "--eval-every", "5"};

    String[] train(Path text, Path ckpt, String... more) {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("train-lstm", text.toString()));
        a.addAll(java.util.List.of(SMALL));
        a.addAll(java.util.List.of("--checkpoint", ckpt.toString()));
        a.addAll(java.util.List.of(more));
        return a.toArray(new String[0]);
    }

    @Test void trainLstmSaysWhichPathTrainsAndEngineChoosesIt() throws IOException {
        Path text = tinyText();
        CliRun fast = run(train(text, dir.resolve("f.ckpt"), "--steps", "2"));
        assertEquals(0, fast.code(), fast.err() + fast.out());
        assertTrue(fast.out().contains("LSTM (fast CPU path"), fast.out());
        CliRun dl4j = run(train(text, dir.resolve("d.ckpt"), "--steps", "2", "--engine", "dl4j", "--dl4j-lstm"));
        assertEquals(0, dl4j.code(), dl4j.err() + dl4j.out());
        assertTrue(dl4j.out().contains("LSTM (DL4J fit with DL4J's own LSTM code (chosen))"), dl4j.out());
        CliRun bad = run(train(text, dir.resolve("b.ckpt"), "--steps", "2", "--engine", "cuda"));
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("--engine must be auto, fast or dl4j, got 'cuda'"), bad.err());
        assertFalse(Files.exists(dir.resolve("b.ckpt")));
    }

    @Test void trainsWritesACheckpointAndGeneratesFromIt() throws IOException {
        Path text = tinyText(), ckpt = dir.resolve("m.ckpt");
        CliRun t = run(train(text, ckpt, "--steps", "10"));
        assertEquals(0, t.code(), t.err() + t.out());
        assertTrue(t.out().contains("val loss") && t.out().contains("nats/char") && t.out().contains("perplexity"), t.out());
        assertTrue(t.out().contains("tokens/s") && t.out().contains("peak memory") && t.out().contains("time "), t.out());
        assertTrue(t.out().contains("step 10/10"), t.out());
        assertTrue(Files.exists(ckpt));

        CliRun g = run("generate", "--checkpoint", ckpt.toString(), "--prompt", "the ", "--length", "40", "--temperature", "0.5");
        assertEquals(0, g.code(), g.err());
        String line = g.out().substring(0, g.out().length() - System.lineSeparator().length());
        assertTrue(line.startsWith("the "), line);
        assertEquals(44, line.length(), "prompt + 40 characters: " + line);

        CliRun r = run(train(text, ckpt, "--steps", "15", "--resume"));   // --steps counts all steps, as train-gpt's --max-iters
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("resuming") && r.out().contains("step 15/15") && r.out().contains("steps 5 (total 15)"), r.out());
        CliRun done = run(train(text, ckpt, "--steps", "15", "--resume"));
        assertEquals(1, done.code());
        assertTrue(done.err().contains("already at step 15 of --steps 15"), done.err());
    }

    @Test void textWithSeveralEmojiTrainsAndItsCheckpointLoads() throws IOException {
        String emoji = text(2000, 7).replace("cat ", "🐱 ").replace("dog ", "🐶 ").replace("mat.", "🚀.").replace("sat ", "😀 ");
        Path text = Files.writeString(dir.resolve("emoji.txt"), emoji, StandardCharsets.UTF_8), ckpt = dir.resolve("emoji.ckpt");
        CliRun t = run(train(text, ckpt, "--steps", "3"));
        assertEquals(0, t.code(), t.err() + t.out());
        dev.atelier.rnn.CharLstmModel m = dev.atelier.rnn.CharLstmModel.load(ckpt);
        assertEquals(emoji.codePoints().distinct().count(), m.vocabulary().size());
        CliRun g = run("generate", "--checkpoint", ckpt.toString(), "--prompt", "the 🐱 ", "--length", "20");
        assertEquals(0, g.code(), g.err());
        String line = g.out().strip();
        assertTrue(line.startsWith("the 🐱 ") && line.codePointCount(0, line.length()) == 26, line);
        CliRun r = run(train(text, ckpt, "--steps", "5", "--resume"));
        assertEquals(0, r.code(), r.err() + r.out());
    }

    @Test void refusesToOverwriteOrToResumeWithOtherHyperParameters() throws IOException {
        Path text = tinyText(), ckpt = dir.resolve("m.ckpt");
        assertEquals(0, run(train(text, ckpt, "--steps", "2")).code());
        CliRun again = run(train(text, ckpt, "--steps", "2"));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists") && again.err().contains("--resume"), again.err());
        CliRun other = run("train-lstm", text.toString(), "--hidden", "32", "--resume", "--checkpoint", ckpt.toString(), "--steps", "1");
        assertEquals(1, other.code());
        assertTrue(other.err().contains("--hidden 32 vs saved 16"), other.err());
    }

    @Test void badInputsGiveOneClearLine() throws IOException {
        Path missing = dir.resolve("nope.txt");
        CliRun m = run("train-lstm", missing.toString(), "--steps", "1", "--checkpoint", dir.resolve("x.ckpt").toString());
        assertEquals(1, m.code());
        assertTrue(m.err().startsWith("error: ") && m.err().contains("nope.txt"), m.err());

        Path one = dir.resolve("one.txt");
        Files.writeString(one, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        CliRun o = run(train(one, dir.resolve("o.ckpt"), "--steps", "1"));
        assertEquals(1, o.code());
        assertTrue(o.err().contains("at least 2 distinct characters"), o.err());

        Path shortText = dir.resolve("short.txt");
        Files.writeString(shortText, "abcdefghij");
        CliRun s = run(train(shortText, dir.resolve("s.ckpt"), "--steps", "1"));
        assertEquals(1, s.code());
        assertTrue(s.err().contains("too short"), s.err());

        Path text = tinyText(), ckpt = dir.resolve("m.ckpt");
        assertEquals(0, run(train(text, ckpt, "--steps", "1")).code());
        CliRun p = run("generate", "--checkpoint", ckpt.toString(), "--prompt", "the Zebra");
        assertEquals(1, p.code());
        assertTrue(p.err().contains("'Z'") && p.err().contains("position 4"), p.err());

        Path corrupt = dir.resolve("corrupt.ckpt");
        Files.writeString(corrupt, "not a checkpoint");
        CliRun c = run("generate", "--checkpoint", corrupt.toString(), "--prompt", "a");
        assertEquals(1, c.code());
        assertTrue(c.err().contains("corrupt.ckpt") && c.err().contains("not a readable zip"), c.err());

        CliRun u = run("train-lstm", text.toString(), "--steps", "many");
        assertEquals(2, u.code(), "usage error");
    }

    @Test void optionsAreCheckedBeforeTrainingAndNamedAsTyped() throws IOException {
        Path text = tinyText();
        for (String[] bad : new String[][]{{"--minutes", "-1"}, {"--save-every", "-3"}, {"--steps", "0"}, {"--max-chars", "-1"}}) {
            CliRun r = run(train(text, dir.resolve("n.ckpt"), bad));
            assertEquals(1, r.code(), String.join(" ", bad) + ": " + r.err());
            assertTrue(r.err().contains(bad[0] + " must be >= ") && r.err().contains("got " + bad[1]), r.err());
            assertFalse(Files.exists(dir.resolve("n.ckpt")));
        }
        CliRun seq = run("train-lstm", text.toString(), "--seq-len", "0", "--checkpoint", dir.resolve("s.ckpt").toString());
        assertEquals(1, seq.code());
        assertTrue(seq.err().contains("--seq-len must be >= 1") && !seq.err().contains("seqLen"), seq.err());
        CliRun lr = run(train(text, dir.resolve("s.ckpt"), "--lr", "-1"));
        assertTrue(lr.err().contains("--lr must be > 0"), lr.err());
        CliRun bench = run("bench-lstm", "--seq-len", "0", "--steps", "1", "--warmup", "0");
        assertTrue(bench.err().contains("--seq-len must be >= 1") && !bench.err().contains("seqLen"), bench.err());
        CliRun folder = run(train(text, dir, "--steps", "1"));
        assertEquals(1, folder.code());
        assertTrue(folder.err().contains(dir.toString()) && folder.err().contains("is a folder"), folder.err());
        assertFalse(folder.out().contains("step 1"), folder.out());
    }

    @Test void helpNamesEveryDefaultAndNeverNull() {
        for (String command : new String[]{"train-lstm", "train-gpt", "generate", "glove", "bench-lstm"}) {
            CliRun h = run(command, "--help");
            assertEquals(0, h.code(), command);
            assertFalse(h.out().contains("null"), command + " --help:\n" + h.out());
        }
        String help = run("train-lstm", "--help").out().replaceAll("\\s+", " ");
        dev.atelier.rnn.CharLstmModel.Config d = dev.atelier.rnn.CharLstmModel.Config.defaults();
        for (String s : new String[]{"stacked LSTM layers (default " + d.layers() + ")", "units per layer (default " + d.hidden() + ")",
                "BPTT piece (default " + d.seqLen() + ")", "across them (default " + d.segments() + ")", "windows per step (default " + d.batch() + ")",
                "Adam learning rate (default " + d.learningRate() + ")", "L2 clip (default " + d.clip() + ")", "random seed (default " + d.seed() + ")",
                "every N steps (default " + d.evalEvery() + ")", "0 = all (default " + d.evalChars() + ")", "counting those before --resume"})
            assertTrue(help.contains(s), "train-lstm --help should say '" + s + "':\n" + help);
    }

    @Test void benchPrintsThroughputAndMemory() {
        CliRun b = run("bench-lstm", "--layers", "1", "--hidden", "16", "--seq-len", "8", "--batch", "4", "--steps", "3",
                "--warmup", "1", "--compare");
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("tokens/s") && b.out().contains("DL4J's LSTM") && b.out().contains("peak memory"), b.out());
        assertTrue(b.out().contains("fast path ") && b.out().contains("fused helper ") && b.out().contains("speed-up of the fast path"), b.out());
    }

    @Test void benchRefusesBadValuesNamingTheOption() {
        String[][] bad = {{"--steps", "0"}, {"--steps", "-3"}, {"--warmup", "-1"}, {"--batch", "0"}, {"--seq-len", "0"},
                {"--hidden", "0"}, {"--layers", "0"}};
        for (String[] b : bad) {
            CliRun r = run("bench-lstm", b[0], b[1]);
            assertEquals(2, r.code(), String.join(" ", b) + ": " + r.err() + r.out());
            assertTrue(r.err().contains(b[0] + " must be >= ") && r.err().contains("got " + b[1]), r.err());
            assertFalse(r.out().contains("Infinity") || r.out().contains("NaN"), r.out());
        }
    }
}
