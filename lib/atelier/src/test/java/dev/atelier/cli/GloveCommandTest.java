package dev.atelier.cli;

import dev.atelier.embed.WordVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class GloveCommandTest {
    static CliRun run(String... args) {
        return CliRun.of(new CommandLine(new Main()), args);
    }

    static String tinyCorpus() {
        StringBuilder sb = new StringBuilder();
        String[] a = {"the king rules the land", "the queen rules the land", "a cat eats the fish", "a dog eats the meat"};
        for (int i = 0; i < 60; i++) sb.append(a[i % a.length]).append(". ");
        return sb.toString();
    }

    @Test void trainsWritesReadableVectorsAndTheLossFalls(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("tiny.txt"), tinyCorpus(), StandardCharsets.UTF_8);
        Path vectors = dir.resolve("tiny.vectors.txt.gz");
        CliRun r = run("glove", text.toString(), "--out", vectors.toString(), "--window", "3", "--dim", "8", "--epochs", "30",
                "--min-count", "2", "--probe", "king,cat");
        assertEquals(0, r.code(), r.out() + r.err());
        WordVectors v = WordVectors.read(vectors);
        assertEquals(8, v.dimension());
        assertTrue(v.contains("queen") && v.contains("fish"), "vocabulary written");
        java.util.regex.Matcher wrote = Pattern.compile("wrote \\S+: (\\d+) words × 8 dimensions").matcher(r.out());
        assertTrue(wrote.find(), r.out());
        assertEquals(v.size(), Integer.parseInt(wrote.group(1)), "the words reported are the words written");
        java.util.regex.Matcher kept = Pattern.compile("(\\d+) words kept").matcher(r.out());
        assertTrue(kept.find() && Integer.parseInt(kept.group(1)) == v.size(), r.out());
        assertTrue(r.out().contains("nearest king:"), r.out());
        Matcher first = Pattern.compile("step 1/30\\s+loss ([0-9.]+)").matcher(r.out());
        Matcher last = Pattern.compile("final loss J/N ([0-9.]+)").matcher(r.out());
        assertTrue(first.find() && last.find(), r.out());
        assertTrue(Double.parseDouble(last.group(1)) < 0.5 * Double.parseDouble(first.group(1)), r.out());
    }

    @Test void badInputIsOneClearLine(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("tiny.txt"), tinyCorpus(), StandardCharsets.UTF_8);
        CliRun w = run("glove", text.toString(), "--out", dir.resolve("v.txt").toString(), "--window", "0");
        assertEquals(1, w.code());
        assertTrue(w.err().contains("--window must be > 0"), w.err());
        CliRun folder = run("glove", text.toString(), "--out", dir.toString());
        assertEquals(1, folder.code());
        assertTrue(folder.err().contains("--out " + dir + " is a folder") && !folder.out().contains("epoch"), folder.err() + folder.out());
        CliRun missing = run("glove", dir.resolve("nope.txt").toString(), "--out", dir.resolve("v.txt").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.txt"), missing.err());
        CliRun rare = run("glove", text.toString(), "--out", dir.resolve("v.txt").toString(), "--min-count", "1000");
        assertEquals(1, rare.code());
        assertTrue(rare.err().contains("min-count"), rare.err());
    }
}
