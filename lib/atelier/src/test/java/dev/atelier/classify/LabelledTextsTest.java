package dev.atelier.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Sampling, splitting and reading of {@link LabelledTexts}, and their bad input. */
class LabelledTextsTest {
    @TempDir Path dir;

    static List<String> numbered(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(prefix + " sentence " + i);
        return out;
    }

    @Test void balancedSampleDrawsPerClassDistinctTextsDeterministically() {
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        byLabel.put("b", numbered("b", 50));
        List<String> a = numbered("a", 40);
        a.addAll(numbered("a", 5));                       // 5 exact duplicates
        byLabel.put("a", a);
        LabelledTexts s = LabelledTexts.sample(byLabel, 30, 1);
        assertEquals(Map.of("a", 30, "b", 30), s.counts());
        assertEquals(List.of("a", "b"), s.labels());
        assertTrue(s.isBalanced());
        assertEquals(1.0, s.imbalanceRatio());
        Set<String> texts = new HashSet<>();
        for (LabelledText t : s) {
            assertTrue(texts.add(t.text()), "drawn twice: " + t.text());
            assertTrue(t.text().startsWith(t.label() + " "), "label of " + t.text());
        }
        assertEquals(s.items(), LabelledTexts.sample(byLabel, 30, 1).items(), "same seed, same sample in the same order");
        assertNotEquals(s.items(), LabelledTexts.sample(byLabel, 30, 2).items(), "another seed, another sample");
        assertTrue(s.notes().get(0).startsWith("a: 45 texts (5 exact duplicates merged), 30 drawn"), s.notes().toString());
        // classes are shuffled together, not one block after the other
        Set<String> firstTen = new HashSet<>();
        for (int i = 0; i < 10; i++) firstTen.add(s.get(i).label());
        assertEquals(Set.of("a", "b"), firstTen);
    }

    @Test void aClassWithTooFewTextsGivesAnUnbalancedSampleThatSaysSo() {
        LabelledTexts s = LabelledTexts.sample(Map.of("big", numbered("big", 100), "small", numbered("small", 20)), 60, 3);
        assertEquals(Map.of("big", 60, "small", 20), s.counts());
        assertFalse(s.isBalanced());
        assertEquals(3.0, s.imbalanceRatio(), 1e-12);
        assertEquals("big", s.majorityLabel());
        String notes = String.join("\n", s.notes());
        assertTrue(notes.contains("small: 20 texts (0 exact duplicates merged), 20 drawn (only 20 of the 60 asked for)"), notes);
        assertTrue(notes.contains("unbalanced classes {big=60, small=20} (largest / smallest = 3.00)"), notes);
    }

    @Test void anEmptyClassOrASingleClassIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LabelledTexts.sample(Map.of("a", numbered("a", 5), "empty", List.of()), 3, 1));
        assertTrue(e.getMessage().contains("class 'empty' has no texts"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelledTexts.sample(Map.of("a", numbered("a", 5)), 3, 1));
        assertTrue(e.getMessage().contains("at least two classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LabelledTexts.sample(Map.of("a", numbered("a", 5), "b", numbered("b", 5)), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> LabelledTexts.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new LabelledText("", "text"));
        assertThrows(IllegalArgumentException.class, () -> new LabelledText("a\tb", "text"));
        assertThrows(IllegalArgumentException.class, () -> new LabelledText("a", "  "));
    }

    @Test void splitIsStratifiedDisjointAndComplete() {
        LabelledTexts s = LabelledTexts.sample(Map.of("a", numbered("a", 50), "b", numbered("b", 30)), 50, 5);
        LabelledTexts.Split split = s.split(0.2, 9);
        assertEquals(Map.of("a", 10, "b", 6), split.test().counts(), "round(0.2 · n) of each class");
        assertEquals(Map.of("a", 40, "b", 24), split.train().counts());
        Set<LabelledText> all = new HashSet<>(split.train().items());
        for (LabelledText t : split.test()) assertTrue(all.add(t), "in both parts: " + t);
        assertEquals(new HashSet<>(s.items()), all, "the parts together are the whole");
        assertEquals(split.test().items(), s.split(0.2, 9).test().items(), "same seed, same split");
        assertTrue(split.test().notes().get(split.test().notes().size() - 1).startsWith("held-out part: 16 of 80"));
    }

    @Test void splitRefusesAClassTooSmallToHoldOneOut() {
        LabelledTexts s = LabelledTexts.of(List.of(new LabelledText("a", "one"), new LabelledText("a", "two"),
                new LabelledText("a", "three"), new LabelledText("b", "lonely")));
        var e = assertThrows(IllegalArgumentException.class, () -> s.split(0.3, 1));
        assertTrue(e.getMessage().contains("class 'b' has 1 example(s)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.split(0, 1));
        assertThrows(IllegalArgumentException.class, () -> s.split(1, 1));
    }

    @Test void readsTheTsvFormat() throws IOException {
        Path f = write("# a comment\nlabel\ttext\npositive\tGood book.\n# another comment\nnegative\t Bad song. \r\n");
        LabelledTexts t = LabelledTexts.readTsv(f);
        assertEquals(List.of(new LabelledText("positive", "Good book."), new LabelledText("negative", "Bad song.")), t.items());
        assertEquals(List.of("Good book."), t.texts("positive"));
    }

    @Test void malformedTsvFilesAreRefusedWithFileAndLine() throws IOException {
        assertThrows(NoSuchFileException.class, () -> LabelledTexts.readTsv(dir.resolve("missing.tsv")));
        assertError("", "empty");
        assertError("label\ttext\n", "no examples after the header");
        assertError("# only a comment\n", "no header line");
        assertError("sentence\tlabel\npos\tx\n", ":1: expected the header");
        assertError("label\ttext\npos\tGood.\n\nneg\tBad.\n", ":3: blank line");
        assertError("label\ttext\npos\tGood\tbook.\n", ":2: expected 'label<TAB>text' (one tab), got 2 tabs");
        assertError("label\ttext\nno tab here\n", ":2: expected 'label<TAB>text' (one tab), got 0 tabs");
        assertError("label\ttext\n \tGood.\n", ":2: blank label");
        assertError("label\ttext\npos\t \n", ":2: blank text");
        Path latin1 = dir.resolve("latin1.tsv");
        Files.write(latin1, "label\ttext\npos\tCaf\u00e9.\n".getBytes(StandardCharsets.ISO_8859_1));
        var e = assertThrows(IOException.class, () -> LabelledTexts.readTsv(latin1));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    private int files;

    private Path write(String content) throws IOException {
        Path f = dir.resolve("f" + (files++) + ".tsv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private void assertError(String content, String expected) throws IOException {
        Path f = write(content);
        var e = assertThrows(IOException.class, () -> LabelledTexts.readTsv(f));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
    }
}
