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

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new TrainGptCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The arguments of a small run; {@code more} adds options or replaces the value of one given here. */
    static String[] small(Path text, String... more) {
        java.util.LinkedHashMap<String, String> opts = new java.util.LinkedHashMap<>();
        String[] base = {"--n-layer", "2", "--n-head", "2", "--n-embd", "32", "--block-size", "8", "--batch-size", "4",
                "--max-iters", "40", "--learning-rate", "1e-2", "--warmup", "5", "--eval-interval", "20", "--eval-iters", "3",
                "--sample", "20", "--sgemm-size", "64"};
        for (int i = 0; i < base.length; i += 2) opts.put(base[i], base[i + 1]);
        for (int i = 0; i < more.length; i++) {
            if (more[i].equals("--resume")) opts.put("--resume", null);
            else opts.put(more[i], more[++i]);
        }
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(text.toString()));
        opts.forEach((k, v) -> { args.add(k); if (v != null) args.add(v); });
        return args.toArray(new String[0]);
    }

    @Test void trainsATinyTextAndReportsLossSpeedAndMemory(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("tiny.txt"), TEXT, StandardCharsets.UTF_8);
        Path ckpt = dir.resolve("tiny.gpt");
        Run r = run(small(text, "--checkpoint", ckpt.toString()));
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

        Run resumed = run(small(text, "--checkpoint", ckpt.toString(), "--resume", "--max-iters", "50"));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resumed") && resumed.out().contains("at step 40"), resumed.out());
        assertTrue(resumed.out().contains("final: step 50"), resumed.out());

        Run other = run(small(text, "--checkpoint", ckpt.toString(), "--resume", "--n-embd", "64"));
        assertEquals(1, other.code());
        assertTrue(other.err().contains("another model"), other.err());
    }

    @Test void engineChoosesThePathAndTheFirstTrainingLineSaysWhich(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("tiny.txt"), TEXT, StandardCharsets.UTF_8);
        Run auto = run(small(text, "--max-iters", "3", "--sample", "0"));
        assertEquals(0, auto.code(), auto.out() + auto.err());
        assertTrue(auto.out().contains("[gpt] 3 steps planned on the fast CPU path"), auto.out());
        Run sd = run(small(text, "--max-iters", "3", "--sample", "0", "--engine", "samediff"));
        assertEquals(0, sd.code(), sd.out() + sd.err());
        assertTrue(sd.out().contains("[gpt] 3 steps planned on the SameDiff path"), sd.out());
        Run dropout = run(small(text, "--max-iters", "3", "--sample", "0", "--dropout", "0.1"));
        assertEquals(0, dropout.code(), dropout.out() + dropout.err());
        assertTrue(dropout.out().contains("on the SameDiff path: dropout 0.10 is not written out in the fast path"), dropout.out());
        Run refused = run(small(text, "--engine", "fast", "--dropout", "0.1"));
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("--engine fast") && refused.err().contains("dropout"), refused.err());
        Run bad = run(small(text, "--engine", "turbo"));
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--engine must be auto, fast or samediff, got 'turbo'"), bad.err());
    }

    @Test void badInputGivesAOneLineError(@TempDir Path dir) throws Exception {
        Run missing = run(small(dir.resolve("nope.txt")));
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.txt"), missing.err());

        Path shortText = Files.writeString(dir.resolve("short.txt"), "just a few words here", StandardCharsets.UTF_8);
        Run tooShort = run(small(shortText));
        assertEquals(1, tooShort.code());
        assertTrue(tooShort.err().contains("too short"), tooShort.err());

        Path text = Files.writeString(dir.resolve("t.txt"), TEXT, StandardCharsets.UTF_8);
        Run heads = run(small(text, "--n-embd", "30", "--n-head", "4"));
        assertEquals(1, heads.code());
        assertTrue(heads.err().contains("not divisible"), heads.err());
    }
}
