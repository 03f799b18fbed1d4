package dev.atelier.cli;

import dev.atelier.text.CourseData;
import dev.atelier.text.PoemForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train-gpt data/verse/tang300.txt}, then {@code generate --prompt 春}: Chinese lines come out. */
class VerseCliTest {

    static CliRun main(String... args) {
        return CliRun.of(Main.commandLine(), args);
    }

    @Test
    void trainOnTangPoemsThenGenerateFromSpring(@TempDir Path dir) throws Exception {
        Path verse = CourseData.path("verse/tang300.txt");
        Path ckpt = dir.resolve("tang.gpt");
        CliRun t = main("train-gpt", verse.toString(), "--n-layer", "1", "--n-head", "2", "--n-embd", "32",
                "--block-size", "16", "--batch-size", "8", "--max-iters", "30", "--learning-rate", "1e-2", "--warmup", "3",
                "--eval-interval", "30", "--eval-iters", "2", "--sample", "20", "--sgemm-size", "64", "--checkpoint", ckpt.toString());
        assertEquals(0, t.code(), t.out() + t.err());
        assertTrue(t.out().matches("(?s).*, \\d{4} distinct.*"), "thousands of distinct characters:\n" + t.out());

        CliRun g = main("generate", "--checkpoint", ckpt.toString(), "--prompt", "春", "--length", "60", "--seed", "1");
        assertEquals(0, g.code(), g.out() + g.err());
        String poem = g.out().strip();
        assertTrue(poem.startsWith("春"), poem);
        long han = poem.codePoints().filter(PoemForm::isHan).count();
        assertTrue(han >= 30, "mostly Han characters: " + poem);
        assertTrue(poem.codePoints().allMatch(c -> PoemForm.isHan(c) || PoemForm.isMark(c) || c == '\n'), poem);

        CliRun f = main("generate", "--checkpoint", ckpt.toString(), "--prompt", "春", "--length", "60", "--seed", "1", "--form");
        assertEquals(0, f.code(), f.out() + f.err());
        PoemForm.Report r = PoemForm.measure(f.out().strip());
        assertTrue(r.lines() >= 4 && r.inForm() == r.lines(), r + ":\n" + f.out());

        CliRun bad = main("generate", "--checkpoint", ckpt.toString(), "--prompt", "春a");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("'a' (U+0061) at position 1 is not in the vocabulary"), bad.err());
    }
}
