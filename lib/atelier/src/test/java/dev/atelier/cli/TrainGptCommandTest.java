package dev.atelier.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class TrainGptCommandTest {
    static final String TEXT = "the cat sat on the mat. the dog sat on the log. a cat and a dog. ".repeat(30);

    static CliRun run(String... args) {
        return CliRun.of(new CommandLine(new TrainGptCommand()), args);
    }

    /** The arguments of a small run; {@code more} adds options or replaces the value of one given here. */
    static String[] small(Path text, String... more) {
        java.util.LinkedHashMap<String, String> opts = new java.util.LinkedHashMap<>();
        String[] base = {"--n-layer", "2", "--n-head", "2", "--n-embd", "32", "--block-size", "8", "--batch-size", "4",
                "--max-iters", "40", "--learning-rate", "1e-2", "--warmup", "5", "--eval-interval", "20", "--eval-iters", "3",
                "--sample", "20", "--sgemm-size", "64"};
        for (int i = 0; i < base.length; i += 2) opts.put(base[i], base[i + 1]);
        for (int i = 0; i < more.length; i++) {
            if (more[i].equals("--resume") || more[i].equals("--overwrite")) opts.put(more[i], null);
            else opts.put(more[i], more[++i]);
        }
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(text.toString()));
        opts.forEach((k, v) -> { args.add(k); if (v != null) args.add(v); });
        return args.toArray(new String[0]);
    }

    @Test void trainsATinyTextAndReportsLossSpeedAndMemory(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("tiny.txt"), TEXT, StandardCharsets.UTF_8);
        Path ckpt = dir.resolve("tiny.gpt");
        CliRun r = run(small(text, "--checkpoint", ckpt.toString()));
        assertEquals(0, r.code(), r.out() + r.err());
        for (String s : new String[]{"SGEMM 64×64", "step 20  train", "step 40  train", "tokens/s", "MFU", "total", "peak memory", "sample"})
            assertTrue(r.out().contains(s), "missing '" + s + "' in\n" + r.out());
        Matcher m = Pattern.compile("final: step 40  train loss ([0-9.]+)  validation loss ([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(2)) < Math.log(19) - 0.5, "validation loss " + m.group(2) + " should be well below ln V");
        assertTrue(Files.exists(ckpt));

        String g = TrainGptCommand.generate(ckpt, "the cat", 10, 0.8, 5, 0.95, 1);
        assertTrue(g.startsWith("the cat") && g.length() == 17, g);
        // the top-level 'generate' reads the checkpoint's kind and dispatches to the GPT
        StringWriter genOut = new StringWriter();
        CommandLine main = new CommandLine(new Main());
        main.setOut(new PrintWriter(genOut));
        assertEquals(0, main.execute("generate", "--checkpoint", ckpt.toString(), "--prompt", "the cat", "--length", "10",
                "--temperature", "0.8", "--top-k", "5", "--top-p", "0.95", "--seed", "1"));
        assertEquals(g, genOut.toString().strip(), "generate through Main equals TrainGptCommand.generate");

        CliRun resumed = run(small(text, "--checkpoint", ckpt.toString(), "--resume", "--max-iters", "50"));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resumed") && resumed.out().contains("at step 40"), resumed.out());
        assertTrue(resumed.out().contains("final: step 50"), resumed.out());

        CliRun other = run(small(text, "--checkpoint", ckpt.toString(), "--resume", "--n-embd", "64"));
        assertEquals(1, other.code());
        assertTrue(other.err().contains("another model"), other.err());
    }

    @Test void textWithSeveralEmojiTrainsAndItsCheckpointLoads(@TempDir Path dir) throws Exception {
        String emoji = "the cat 🐱 sat on the mat 😀. the dog 🐶 ran to the moon 🚀. a clef 𝄞 sang. ".repeat(25);
        Path text = Files.writeString(dir.resolve("emoji.txt"), emoji, StandardCharsets.UTF_8);
        Path ckpt = dir.resolve("emoji.gpt");
        CliRun r = run(small(text, "--checkpoint", ckpt.toString(), "--max-iters", "10", "--eval-interval", "5"));
        assertEquals(0, r.code(), r.out() + r.err());
        dev.atelier.gpt.Gpt g = dev.atelier.gpt.Gpt.load(ckpt);
        assertEquals(emoji.codePoints().distinct().count(), g.tokenizer().size());
        assertEquals(emoji, g.tokenizer().decode(g.tokenizer().encode(emoji)));
        String out = TrainGptCommand.generate(ckpt, "the 🐱", 30, 1.0, 0, 1.0, 3);
        assertTrue(out.startsWith("the 🐱"), out);
        assertEquals(35, out.codePointCount(0, out.length()), "prompt + 30 characters: " + out);
        for (int i = 0; i < out.length(); i++)   // every surrogate is half of a whole pair
            if (Character.isSurrogate(out.charAt(i))) assertTrue(Character.isHighSurrogate(out.charAt(i)) && Character.isLowSurrogate(out.charAt(++i)), out);
        CliRun resumed = run(small(text, "--checkpoint", ckpt.toString(), "--resume", "--max-iters", "15", "--eval-interval", "5"));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
    }

    @Test void refusesToOverwriteAnExistingCheckpointEvenAnLstmOne(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), TEXT, StandardCharsets.UTF_8);
        Path lstm = dir.resolve("lstm.ckpt");
        CliRun made = MainTest.run("train-lstm", text.toString(), "--layers", "1", "--hidden", "8", "--seq-len", "8", "--batch", "2",
                "--steps", "2", "--checkpoint", lstm.toString());
        assertEquals(0, made.code(), made.err());
        byte[] before = Files.readAllBytes(lstm);

        CliRun again = run(small(text, "--checkpoint", lstm.toString()));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists") && again.err().contains("--resume") && again.err().contains("--overwrite"), again.err());
        assertFalse(again.out().contains("step 1"), "refused before training:\n" + again.out());
        assertArrayEquals(before, Files.readAllBytes(lstm), "the LSTM checkpoint is untouched");

        CliRun asGpt = run(small(text, "--checkpoint", lstm.toString(), "--resume"));
        assertEquals(1, asGpt.code());
        assertTrue(asGpt.err().contains("not a GPT"), asGpt.err());

        CliRun over = run(small(text, "--checkpoint", lstm.toString(), "--overwrite", "--max-iters", "4", "--sample", "0"));
        assertEquals(0, over.code(), over.out() + over.err());
        assertEquals(4, (int) (double) dev.atelier.gpt.Gpt.read(lstm).extra().numbers().get("step"));

        CliRun done = run(small(text, "--checkpoint", lstm.toString(), "--resume", "--max-iters", "4"));
        assertEquals(1, done.code());
        assertTrue(done.err().contains("already at step 4 of --max-iters 4") && done.err().contains("counts all steps"), done.err());
    }

    @Test void aCheckpointThatCannotBeWrittenIsFoundBeforeTheFirstStep(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), TEXT, StandardCharsets.UTF_8);
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        CliRun f = run(small(text, "--checkpoint", folder.toString()));
        assertEquals(1, f.code());
        assertTrue(f.err().contains(folder.toString()) && f.err().contains("is a folder"), f.err());
        assertFalse(f.out().contains("step 1"), f.out());

        Path underAFile = text.resolve("model.gpt");               // its folder would be a file
        CliRun u = run(small(text, "--checkpoint", underAFile.toString()));
        assertEquals(1, u.code());
        assertTrue(u.err().contains(underAFile.toString()) && u.err().contains("cannot be written"), u.err());
        assertFalse(u.out().contains("step 1"), u.out());
    }

    @Test void optionsAreCheckedAndNamedAsTyped(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), TEXT, StandardCharsets.UTF_8);
        CliRun sample = run(small(text, "--sample", "-5"));
        assertEquals(1, sample.code());
        assertTrue(sample.err().contains("--sample must be >= 0, got -5"), sample.err());
        CliRun block = run(small(text, "--block-size", "0"));
        assertEquals(1, block.code());
        assertTrue(block.err().contains("--block-size") && !block.err().contains("blockSize"), block.err());
        CliRun heads = run(small(text, "--n-embd", "30", "--n-head", "4"));
        assertTrue(heads.err().contains("--n-embd 30 is not divisible by --n-head 4"), heads.err());
        StringWriter help = new StringWriter();
        CommandLine cl = new CommandLine(new TrainGptCommand());
        cl.setOut(new PrintWriter(help));
        cl.execute("--help");
        assertFalse(help.toString().contains("null"), help.toString());
        assertTrue(help.toString().replaceAll("\\s+", " ").contains("counting those before --resume"), help.toString());
    }

    @Test void engineChoosesThePathAndTheFirstTrainingLineSaysWhich(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("tiny.txt"), TEXT, StandardCharsets.UTF_8);
        CliRun auto = run(small(text, "--max-iters", "3", "--sample", "0"));
        assertEquals(0, auto.code(), auto.out() + auto.err());
        assertTrue(auto.out().contains("[gpt] 3 steps planned on the fast CPU path"), auto.out());
        CliRun sd = run(small(text, "--max-iters", "3", "--sample", "0", "--engine", "samediff"));
        assertEquals(0, sd.code(), sd.out() + sd.err());
        assertTrue(sd.out().contains("[gpt] 3 steps planned on the SameDiff path"), sd.out());
        CliRun dropout = run(small(text, "--max-iters", "3", "--sample", "0", "--dropout", "0.1"));
        assertEquals(0, dropout.code(), dropout.out() + dropout.err());
        assertTrue(dropout.out().contains("on the SameDiff path: dropout 0.10 is not written out in the fast path"), dropout.out());
        CliRun refused = run(small(text, "--engine", "fast", "--dropout", "0.1"));
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("--engine fast") && refused.err().contains("dropout"), refused.err());
        CliRun bad = run(small(text, "--engine", "turbo"));
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--engine must be auto, fast or samediff, got 'turbo'"), bad.err());
    }

    @Test void badInputGivesAOneLineError(@TempDir Path dir) throws Exception {
        CliRun missing = run(small(dir.resolve("nope.txt")));
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.txt"), missing.err());

        Path shortText = Files.writeString(dir.resolve("short.txt"), "just a few words here", StandardCharsets.UTF_8);
        CliRun tooShort = run(small(shortText));
        assertEquals(1, tooShort.code());
        assertTrue(tooShort.err().contains("too short"), tooShort.err());

        Path text = Files.writeString(dir.resolve("t.txt"), TEXT, StandardCharsets.UTF_8);
        CliRun heads = run(small(text, "--n-embd", "30", "--n-head", "4"));
        assertEquals(1, heads.code());
        assertTrue(heads.err().contains("not divisible"), heads.err());
    }
}
