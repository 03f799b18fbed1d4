package dev.atelier.data;

import dev.atelier.text.Corpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Checks that the data shipped in {@code data/} is what {@code data/README.md} says it is: the
 * sizes and sha256 sums of its tables, the Austen and KJV texts (strict UTF-8, rough sizes, famous
 * first lines, no boilerplate or verse references), the GloVe subset (20,000 rows of a word and
 * 100 numbers) and the course's analogy and similarity sets (well-formed, every word in the
 * GloVe subset; the sentiment set well-formed, balanced, each sentence with GloVe words).
 */
class CourseDataTest {
    static Path data;
    static Map<String, float[]> glove;
    static List<String> gloveOrder;

    @BeforeAll static void load() throws IOException {
        data = dev.atelier.text.CourseData.folder();
        gloveOrder = new ArrayList<>();
        glove = readGlove(data.resolve("glove/glove.6B.100d.top20k.txt.gz"), gloveOrder);
    }

    // ---------------------------------------------------------------- README and checksums

    /** Rows of README tables: | `path` | bytes | ... | `sha256` | */
    static final Pattern README_ROW =
            Pattern.compile("^\\| `([A-Za-z0-9./-]+)` \\| (\\d+) \\|.*\\| `([0-9a-f]{64})` \\|$", Pattern.MULTILINE);

    @Test void everyFileTheReadmeListsHasItsSizeAndSha256() throws Exception {
        String readme = Files.readString(data.resolve("README.md"));
        Matcher m = README_ROW.matcher(readme);
        Map<String, String> listed = new LinkedHashMap<>();
        while (m.find()) {
            Path f = data.resolve(m.group(1));
            assertTrue(Files.isRegularFile(f), "README lists " + m.group(1) + " but it is missing");
            assertEquals(Long.parseLong(m.group(2)), Files.size(f), "size of " + m.group(1));
            assertEquals(m.group(3), sha256(f), "sha256 of " + m.group(1));
            listed.put(m.group(1), m.group(3));
        }
        assertEquals(15, listed.size(), "README should list 6 novels, kjv, glove, 4 verse files and 3 eval files: " + listed.keySet());
        // SHA256SUMS (written by rebuild.sh) agrees with the README on every file the README lists
        Map<String, String> sums = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve("SHA256SUMS"))) {
            String[] p = line.split(" {2}", 2);
            assertEquals(2, p.length, "SHA256SUMS line is not '<sha256>  <path>': " + line);
            sums.put(p[1], p[0]);
            assertEquals(p[0], sha256(data.resolve(p[1])), "SHA256SUMS entry for " + p[1]);
        }
        for (Map.Entry<String, String> e : listed.entrySet())
            assertEquals(e.getValue(), sums.get(e.getKey()), "SHA256SUMS vs README for " + e.getKey());
    }

    // ---------------------------------------------------------------- Austen

    record Novel(String file, String firstLine, int minChars, int maxChars) {}

    static final List<Novel> NOVELS = List.of(
            new Novel("sense-and-sensibility.txt", "SENSE AND SENSIBILITY", 640_000, 710_000),
            new Novel("pride-and-prejudice.txt", "PRIDE AND PREJUDICE", 650_000, 720_000),
            new Novel("mansfield-park.txt", "MANSFIELD PARK", 840_000, 930_000),
            new Novel("emma.txt", "EMMA", 840_000, 930_000),
            new Novel("northanger-abbey.txt", "NORTHANGER ABBEY", 410_000, 460_000),
            new Novel("persuasion.txt", "Persuasion", 440_000, 490_000));

    @Test void austenNovelsAreUtf8TextsOfTheExpectedSizeWithoutBoilerplate() throws IOException {
        for (Novel n : NOVELS) {
            String text = Corpus.read(data.resolve("austen").resolve(n.file())).text();
            assertTrue(text.length() >= n.minChars() && text.length() <= n.maxChars(),
                    n.file() + " has " + text.length() + " characters, expected " + n.minChars() + ".." + n.maxChars());
            assertTrue(text.startsWith(n.firstLine() + "\n"), n.file() + " should start with its title");
            assertTrue(text.endsWith("\n") && !text.endsWith("\n\n"), n.file() + " should end with one newline");
            assertFalse(text.contains("\r"), n.file() + " has CR line ends");
            for (String junk : List.of("Gutenberg", "*** START", "*** END", "A NOTE ON THE TEXT", "Signet"))
                assertFalse(text.contains(junk), n.file() + " contains boilerplate '" + junk + "'");
        }
        String pride = Corpus.read(data.resolve("austen/pride-and-prejudice.txt")).text();
        int at = pride.indexOf("It is a truth universally acknowledged, that a single man in possession\n"
                + "of a good fortune, must be in want of a wife.");
        assertTrue(at >= 0 && at < 200, "Pride and Prejudice's first sentence should open the text, found at " + at);
        assertTrue(pride.contains("Darcy") && pride.contains("Elizabeth"));
        assertTrue(Corpus.read(data.resolve("austen/mansfield-park.txt")).text().contains("£"),
                "the one non-ASCII character (a pound sign) should survive decoding");
    }

    // ---------------------------------------------------------------- KJV

    @Test void kjvHasOneVersePerLineWithoutReferences() throws IOException {
        String text = Corpus.read(data.resolve("kjv/kjv.txt")).text();
        assertTrue(text.length() > 4_000_000 && text.length() < 4_300_000, "kjv.txt has " + text.length() + " chars");
        String[] verses = text.split("\n", -1);
        assertEquals("", verses[verses.length - 1], "kjv.txt should end with a newline");
        assertEquals(31_102 + 1, verses.length, "31,102 verses, one per line");
        assertEquals("In the beginning God created the heaven and the earth.", verses[0]);
        assertEquals("In the beginning was the Word, and the Word was with God, and the Word was God.",
                verses[26_045], "John 1:1 is verse 26,046");
        assertEquals("Jesus wept.", verses[26_558], "John 11:35 is verse 26,559");
        assertEquals("The grace of our Lord Jesus Christ be with you all. Amen.", verses[31_101]);
        Pattern reference = Pattern.compile("^[1-3]?[A-Za-z]+\\d+:\\d+ ");
        for (int i = 0; i < 31_102; i++) {
            assertFalse(verses[i].isBlank(), "kjv.txt line " + (i + 1) + " is empty");
            assertFalse(reference.matcher(verses[i]).find(), "kjv.txt line " + (i + 1) + " keeps its reference");
        }
    }

    // ---------------------------------------------------------------- GloVe

    static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

    /** Reads a gzipped GloVe text file strictly: 101 single-space-separated fields, unique words. */
    static Map<String, float[]> readGlove(Path file, List<String> order) throws IOException {
        Map<String, float[]> vectors = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String[] f = line.split(" ", -1);
                assertEquals(101, f.length, file + " line " + n + " has " + f.length + " fields");
                float[] v = new float[100];
                for (int i = 0; i < 100; i++) {
                    assertTrue(NUMBER.matcher(f[i + 1]).matches(), file + " line " + n + " field " + (i + 2) + ": " + f[i + 1]);
                    v[i] = Float.parseFloat(f[i + 1]);
                }
                assertNull(vectors.put(f[0], v), file + " line " + n + " repeats the word " + f[0]);
                order.add(f[0]);
            }
        }
        return vectors;
    }

    static double cosine(String a, String b) {
        float[] x = glove.get(a), y = glove.get(b);
        assertNotNull(x, a);
        assertNotNull(y, b);
        double dot = 0, nx = 0, ny = 0;
        for (int i = 0; i < x.length; i++) { dot += x[i] * y[i]; nx += x[i] * x[i]; ny += y[i] * y[i]; }
        return dot / Math.sqrt(nx * ny);
    }

    @Test void gloveSubsetIsTheTwentyThousandMostFrequentWords() {
        assertEquals(20_000, glove.size());
        assertEquals(List.of("the", ",", ".", "of", "to", "and", "in"), gloveOrder.subList(0, 7),
                "GloVe's frequency order");
        for (String w : List.of("king", "queen", "paris", "france", "man", "woman", "elizabeth", "god"))
            assertTrue(glove.containsKey(w), w + " should be in the 20k subset");
        assertTrue(gloveOrder.indexOf("king") < gloveOrder.indexOf("queen"), "king is the more frequent word");
        assertEquals(-0.038194f, glove.get("the")[0], "first value of 'the', as in Stanford's file");
        // the vectors carry meaning: related words are closer than unrelated ones
        assertTrue(cosine("paris", "france") > cosine("paris", "banana") + 0.3);
        assertTrue(cosine("king", "queen") > cosine("king", "tomato") + 0.3);
    }

    // ---------------------------------------------------------------- evaluation sets

    @Test void analogySetIsWellFormedAndFullyCovered() throws IOException {
        List<String> lines = Files.readAllLines(data.resolve("eval/analogies-small.txt"), StandardCharsets.UTF_8);
        Map<String, Integer> sections = new LinkedHashMap<>();
        Set<String> questions = new HashSet<>();
        String section = null;
        Pattern word = Pattern.compile("[a-z]+");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i), where = "analogies-small.txt line " + (i + 1);
            if (line.startsWith(": ")) {
                section = line.substring(2);
                assertTrue(section.matches("[a-z-]+"), where + ": bad section name");
                assertNull(sections.put(section, 0), where + ": section repeated");
                continue;
            }
            assertNotNull(section, where + ": question before any section");
            String[] w = line.split(" ", -1);
            assertEquals(4, w.length, where + ": not 'a b c d'");
            for (String x : w) {
                assertTrue(word.matcher(x).matches(), where + ": '" + x + "' is not a lower-case word");
                assertTrue(glove.containsKey(x), where + ": '" + x + "' is not in the GloVe subset");
            }
            assertFalse(w[0].equals(w[2]) && w[1].equals(w[3]), where + ": a pair against itself");
            assertTrue(questions.add(line), where + ": question repeated");
            sections.merge(section, 1, Integer::sum);
        }
        assertEquals(List.of("capital-country", "gender", "plural-nouns", "comparative-adjectives", "past-tense"),
                List.copyOf(sections.keySet()));
        sections.forEach((s, n) -> assertEquals(30, n, "questions in section " + s));
    }

    @Test void similaritySetIsWellFormedAndFullyCovered() throws IOException {
        List<String> lines = Files.readAllLines(data.resolve("eval/similarity-small.tsv"), StandardCharsets.UTF_8);
        assertTrue(lines.get(0).startsWith("# ") && lines.get(1).startsWith("# Word 1\tWord 2\t"),
                "two '#' header lines as in WordSim-353");
        Set<String> pairs = new HashSet<>();
        Map<String, Double> score = new HashMap<>();
        for (int i = 2; i < lines.size(); i++) {
            String where = "similarity-small.tsv line " + (i + 1);
            String[] f = lines.get(i).split("\t", -1);
            assertEquals(3, f.length, where + ": not word1<TAB>word2<TAB>score");
            assertTrue(f[2].matches("\\d{1,2}\\.\\d\\d"), where + ": score '" + f[2] + "'");
            double s = Double.parseDouble(f[2]);
            assertTrue(s >= 0 && s <= 10, where + ": score outside 0..10");
            for (int k = 0; k < 2; k++)
                assertTrue(glove.containsKey(f[k]), where + ": '" + f[k] + "' is not in the GloVe subset");
            String key = f[0].compareTo(f[1]) < 0 ? f[0] + " " + f[1] : f[1] + " " + f[0];
            assertTrue(pairs.add(key), where + ": pair repeated");
            score.put(key, s);
        }
        assertTrue(pairs.size() >= 40 && pairs.size() <= 60, pairs.size() + " pairs");
        assertTrue(score.get("automobile car") > 9 && score.get("banana tax") < 1, "synonyms high, unrelated low");
    }

    @Test void sentimentSetIsWellFormedBalancedAndCoveredByGlove() throws IOException {
        List<String> lines = Files.readAllLines(data.resolve("eval/sentiment-small.tsv"), StandardCharsets.UTF_8);
        assertTrue(lines.get(0).startsWith("# "), "a '#' comment line first");
        assertEquals("label\ttext", lines.get(1), "then the header");
        Map<String, Integer> perLabel = new HashMap<>();
        Set<String> sentences = new HashSet<>();
        for (int i = 2; i < lines.size(); i++) {
            String where = "sentiment-small.tsv line " + (i + 1);
            String[] f = lines.get(i).split("\t", -1);
            assertEquals(2, f.length, where + ": not label<TAB>sentence");
            assertTrue(f[0].equals("positive") || f[0].equals("negative"), where + ": label '" + f[0] + "'");
            assertEquals(f[1].strip(), f[1], where + ": outer space");
            assertTrue(sentences.add(f[1]), where + ": sentence repeated");
            long known = Pattern.compile("[a-z0-9]+").matcher(f[1].toLowerCase(java.util.Locale.ROOT)).results()
                    .filter(m -> glove.containsKey(m.group())).count();
            assertTrue(known >= 3, where + ": only " + known + " words in the GloVe subset");
            perLabel.merge(f[0], 1, Integer::sum);
        }
        assertEquals(Map.of("positive", 60, "negative", 60), perLabel);
    }

    static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
