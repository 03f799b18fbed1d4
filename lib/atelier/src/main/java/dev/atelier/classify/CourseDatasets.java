package dev.atelier.classify;

import dev.atelier.text.Corpus;
import dev.atelier.text.WordTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The course's labelled datasets, built from the files in {@code data/}.
 *
 * <ul>
 *   <li><b>Which source does this sentence come from?</b> {@link #austenVsKjv}: sentences of
 *       the six Austen novels ({@code data/austen/*.txt}, {@link SentenceSplitter.Paragraphs#BLANK_LINES})
 *       labelled {@value #AUSTEN}, and sentences of the King James Bible ({@code data/kjv/kjv.txt},
 *       one verse per line, {@link SentenceSplitter.Paragraphs#LINES}: a verse holding two
 *       sentences gives two) labelled {@value #KJV}. Sentences with fewer than {@code minWords}
 *       {@link WordTokenizer} tokens (chapter headings, "Yes.", a title) are dropped and
 *       counted; exact duplicates are merged; then {@code perClass} are drawn from each source
 *       ({@link LabelledTexts#sample}). The counts are in the dataset's notes.</li>
 *   <li><b>Sentiment</b>: {@link #sentiment} reads {@code data/eval/sentiment-small.tsv}, short
 *       review sentences written for the course, labelled {@code positive} or {@code negative}.</li>
 * </ul>
 */
public final class CourseDatasets {
    /** Label of Austen sentences. */
    public static final String AUSTEN = "austen";
    /** Label of King James Bible sentences. */
    public static final String KJV = "kjv";
    /** The default minimum length of a kept sentence, in word tokens. */
    public static final int MIN_WORDS = 5;

    private CourseDatasets() {}

    /** The sentences of one source and how many were dropped as too short. */
    record Kept(List<String> sentences, int found, int tooShort) {}

    /**
     * {@return every sentence of the six Austen novels, in file (name) order, unfiltered}
     *
     * @param dataDir the course's {@code data/} folder
     * @throws IOException when {@code data/austen} is missing or a file is not UTF-8
     */
    public static List<String> austenSentences(Path dataDir) throws IOException {
        return new SentenceSplitter(SentenceSplitter.Paragraphs.BLANK_LINES)
                .split(Corpus.readDirectory(dataDir.resolve("austen")).text());
    }

    /**
     * {@return every sentence of the King James Bible in canonical order, unfiltered (verses split like prose)}
     *
     * @param dataDir the course's {@code data/} folder
     * @throws IOException when {@code data/kjv/kjv.txt} is missing or not UTF-8
     */
    public static List<String> kjvSentences(Path dataDir) throws IOException {
        return new SentenceSplitter(SentenceSplitter.Paragraphs.LINES)
                .split(Corpus.read(dataDir.resolve("kjv/kjv.txt")).text());
    }

    /**
     * "Which source does this sentence come from?": a balanced sample of Austen and KJV sentences
     * of at least {@value #MIN_WORDS} words.
     *
     * @param dataDir  the course's {@code data/} folder
     * @param perClass sentences drawn from each source
     * @param seed     the sampling seed
     * @return {@code 2 · perClass} labelled sentences, with notes on how they were chosen
     * @throws IOException when a corpus file is missing or not UTF-8
     */
    public static LabelledTexts austenVsKjv(Path dataDir, int perClass, long seed) throws IOException {
        return austenVsKjv(dataDir, perClass, MIN_WORDS, seed);
    }

    /**
     * Like {@link #austenVsKjv(Path, int, long)} with a chosen minimum sentence length.
     *
     * @param dataDir  the course's {@code data/} folder
     * @param perClass sentences drawn from each source (≥ 1)
     * @param minWords the fewest word tokens a kept sentence has (≥ 1)
     * @param seed     the sampling seed
     * @return the labelled sentences, with notes on how they were chosen
     * @throws IOException when a corpus file is missing or not UTF-8
     */
    public static LabelledTexts austenVsKjv(Path dataDir, int perClass, int minWords, long seed) throws IOException {
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        Kept austen = keepLong(austenSentences(dataDir), minWords);
        Kept kjv = keepLong(kjvSentences(dataDir), minWords);
        byLabel.put(AUSTEN, austen.sentences());
        byLabel.put(KJV, kjv.sentences());
        LabelledTexts sample = LabelledTexts.sample(byLabel, perClass, seed);
        List<String> notes = new ArrayList<>();
        notes.add(describe(AUSTEN, "data/austen/*.txt", austen, minWords));
        notes.add(describe(KJV, "data/kjv/kjv.txt", kjv, minWords));
        notes.addAll(sample.notes());
        return LabelledTexts.withNotes(sample, notes);
    }

    /**
     * {@return the course's small sentiment set ({@code data/eval/sentiment-small.tsv})}
     *
     * @param dataDir the course's {@code data/} folder
     * @throws IOException when the file is missing or malformed
     */
    public static LabelledTexts sentiment(Path dataDir) throws IOException {
        return LabelledTexts.readTsv(dataDir.resolve("eval/sentiment-small.tsv"));
    }

    /**
     * {@return the sentences with at least {@code minWords} word tokens, and how many were dropped}
     *
     * @param sentences candidate sentences
     * @param minWords  the fewest tokens kept (≥ 1)
     */
    static Kept keepLong(List<String> sentences, int minWords) {
        if (minWords < 1) throw new IllegalArgumentException("minWords must be >= 1, got " + minWords);
        WordTokenizer tokenizer = new WordTokenizer();
        List<String> kept = new ArrayList<>(sentences.size());
        for (String s : sentences) if (tokenizer.tokenize(s).size() >= minWords) kept.add(s);
        return new Kept(kept, sentences.size(), sentences.size() - kept.size());
    }

    private static String describe(String label, String where, Kept k, int minWords) {
        return String.format(Locale.ROOT, "%s: %,d sentences in %s, %,d shorter than %d words dropped, %,d kept",
                label, k.found(), where, k.tooShort(), minWords, k.sentences().size());
    }
}
