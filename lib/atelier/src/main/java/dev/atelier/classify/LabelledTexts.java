package dev.atelier.classify;

import dev.atelier.text.Corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An immutable list of {@link LabelledText}s: a dataset for a classifier, with balanced seeded
 * sampling, a stratified held-out split, a strict TSV reader, and notes that say how it was made.
 *
 * <p>Contract:
 * <ul>
 *   <li>never empty; {@link #labels()} are the distinct labels in alphabetical order, each with at
 *       least one example, so an empty class cannot exist inside a dataset (asking to sample
 *       from one is an error);</li>
 *   <li>{@link #sample} draws {@code min(perClass, available)} distinct texts from each class
 *       without replacement: when a class has fewer than {@code perClass} the result is
 *       <em>unbalanced</em>, which {@link #isBalanced()}, {@link #imbalanceRatio()} and
 *       {@link #notes()} report (nothing is padded or repeated);</li>
 *   <li>{@link #split} holds out {@code round(testFraction · n_c)} examples of every class c
 *       (stratified), at least one per class on each side, or throws;</li>
 *   <li>the same inputs and seed always give the same lists, in the same order.</li>
 * </ul>
 */
public final class LabelledTexts implements Iterable<LabelledText> {
    /** The header line of the TSV format, after any {@code #} comment lines. */
    public static final String TSV_HEADER = "label\ttext";

    private final List<LabelledText> items;
    private final Map<String, Integer> counts;     // label -> examples, alphabetical
    private final List<String> notes;

    private LabelledTexts(List<LabelledText> items, List<String> notes) {
        if (items.isEmpty()) throw new IllegalArgumentException("a labelled dataset needs at least one example, got none");
        this.items = List.copyOf(items);
        Map<String, Integer> c = new TreeMap<>();
        for (LabelledText t : this.items) c.merge(t.label(), 1, Integer::sum);
        this.counts = Collections.unmodifiableMap(c);
        this.notes = List.copyOf(notes);
    }

    /**
     * A dataset of exactly these examples, in this order.
     *
     * @param items the examples (not empty)
     * @return the dataset
     * @throws IllegalArgumentException for an empty list or a null element
     */
    public static LabelledTexts of(List<LabelledText> items) {
        if (items == null) throw new IllegalArgumentException("examples must not be null");
        for (int i = 0; i < items.size(); i++)
            if (items.get(i) == null) throw new IllegalArgumentException("example " + i + " is null");
        return new LabelledTexts(items, List.of());
    }

    /**
     * Draws a balanced sample: from each class, {@code min(perClass, distinct texts)} texts
     * chosen at random (seeded) without replacement, then all shuffled together. Exact
     * duplicate texts within a class are merged first, so the same sentence cannot land in both
     * training and test; how many were merged and drawn is written to {@link #notes()}.
     *
     * @param byLabel  the texts of each class (at least two classes, none empty)
     * @param perClass how many to draw from each class (≥ 1)
     * @param seed     the random seed
     * @return the sample, unbalanced (and so noted) when a class has fewer than {@code perClass}
     * @throws IllegalArgumentException for fewer than two classes, an empty class or a blank text
     */
    public static LabelledTexts sample(Map<String, ? extends Collection<String>> byLabel, int perClass, long seed) {
        if (byLabel == null || byLabel.size() < 2)
            throw new IllegalArgumentException("need at least two classes to sample from, got "
                    + (byLabel == null ? "none" : byLabel.keySet()));
        if (perClass < 1) throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
        Random random = new Random(seed);
        List<LabelledText> drawn = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, ? extends Collection<String>> e : new TreeMap<>(byLabel).entrySet()) {
            String label = e.getKey();
            Collection<String> texts = e.getValue();
            if (texts == null || texts.isEmpty())
                throw new IllegalArgumentException("class '" + label + "' has no texts: every class needs at least one");
            List<String> distinct = new ArrayList<>(new LinkedHashSet<>(texts));
            int merged = texts.size() - distinct.size();
            Collections.shuffle(distinct, random);
            int take = Math.min(perClass, distinct.size());
            for (String text : distinct.subList(0, take)) drawn.add(new LabelledText(label, text));
            notes.add(String.format(Locale.ROOT, "%s: %,d texts (%,d exact duplicates merged), %,d drawn%s",
                    label, texts.size(), merged, take,
                    take < perClass ? String.format(Locale.ROOT, " (only %,d of the %,d asked for)", take, perClass) : ""));
        }
        Collections.shuffle(drawn, random);
        LabelledTexts out = new LabelledTexts(drawn, notes);
        if (!out.isBalanced()) {
            List<String> withWarning = new ArrayList<>(notes);
            withWarning.add(out.balanceNote());
            return new LabelledTexts(drawn, withWarning);
        }
        return out;
    }

    /**
     * Reads a labelled TSV file: strict UTF-8; lines starting with {@code #} are comments; the
     * first other line is the header {@value #TSV_HEADER}; every following line is
     * {@code label<TAB>text}. A blank line, a line without exactly one tab, a blank label or
     * text are each an {@link IOException} naming the file and line.
     *
     * @param file the TSV file
     * @return its examples in file order, with a note naming the file
     * @throws IOException for a missing, empty, non-UTF-8 or malformed file
     */
    public static LabelledTexts readTsv(Path file) throws IOException {
        String content = Corpus.readUtf8(file);
        String[] lines = content.split("\n", -1);
        int last = lines.length;
        if (content.endsWith("\n")) last--;                 // the final line end is not an empty line
        boolean header = false;
        List<LabelledText> items = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String where = file + ":" + (i + 1) + ": ";
            if (line.startsWith("#")) continue;
            if (line.isBlank()) throw new IOException(where + "blank line");
            if (!header) {
                if (!line.equals(TSV_HEADER))
                    throw new IOException(where + "expected the header 'label<TAB>text', got '" + line + "'");
                header = true;
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 2)
                throw new IOException(where + "expected 'label<TAB>text' (one tab), got " + (f.length - 1) + " tabs");
            if (f[0].isBlank()) throw new IOException(where + "blank label");
            if (f[1].isBlank()) throw new IOException(where + "blank text");
            items.add(new LabelledText(f[0].strip(), f[1].strip()));
        }
        if (!header) throw new IOException(file + ": no header line 'label<TAB>text'");
        if (items.isEmpty()) throw new IOException(file + ": no examples after the header");
        return new LabelledTexts(items, List.of(String.format(Locale.ROOT, "read %,d examples from %s", items.size(), file)));
    }

    /** The same examples with other notes (for builders in this package). */
    static LabelledTexts withNotes(LabelledTexts data, List<String> notes) {
        return new LabelledTexts(data.items, notes);
    }

    // ---- access ------------------------------------------------------------------------------

    /** {@return the number of examples} */
    public int size() { return items.size(); }

    /**
     * {@return the example at {@code i}}
     *
     * @param i an index in {@code [0, size())}
     */
    public LabelledText get(int i) { return items.get(i); }

    /** {@return the examples, in order (unmodifiable)} */
    public List<LabelledText> items() { return items; }

    @Override public Iterator<LabelledText> iterator() { return items.iterator(); }

    /** {@return the distinct labels, alphabetical} */
    public List<String> labels() { return List.copyOf(counts.keySet()); }

    /** {@return examples per label, labels alphabetical (unmodifiable)} */
    public Map<String, Integer> counts() { return counts; }

    /**
     * {@return the texts of {@code label}, in order (empty for a label not present)}
     *
     * @param label a label
     */
    public List<String> texts(String label) {
        List<String> out = new ArrayList<>();
        for (LabelledText t : items) if (t.label().equals(label)) out.add(t.text());
        return out;
    }

    /** {@return lines saying how the dataset was made (sampling, merges, imbalance); may be empty} */
    public List<String> notes() { return notes; }

    /** {@return true when every label has the same number of examples} */
    public boolean isBalanced() { return imbalanceRatio() == 1.0; }

    /** {@return the largest class count divided by the smallest (1 when balanced)} */
    public double imbalanceRatio() {
        int max = Collections.max(counts.values()), min = Collections.min(counts.values());
        return max / (double) min;
    }

    /** {@return a label with the most examples (the alphabetically first among ties)} */
    public String majorityLabel() {
        String best = null;
        for (Map.Entry<String, Integer> e : counts.entrySet())
            if (best == null || e.getValue() > counts.get(best)) best = e.getKey();
        return best;
    }

    private String balanceNote() {
        return String.format(Locale.ROOT, "unbalanced classes %s (largest / smallest = %.2f): accuracy favours '%s'; "
                + "read macro-F1 and the majority baseline too", counts, imbalanceRatio(), majorityLabel());
    }

    // ---- splitting ---------------------------------------------------------------------------

    /** A training part and a held-out test part. */
    public record Split(LabelledTexts train, LabelledTexts test) {}

    /**
     * Splits every class at random (seeded) into training and test parts, holding out
     * {@code round(testFraction · n_c)} of class c's {@code n_c} examples, then shuffles each part.
     *
     * @param testFraction the share held out, in (0, 1)
     * @param seed         the random seed
     * @return the two parts; their notes repeat this dataset's notes and the split sizes
     * @throws IllegalArgumentException for a fraction outside (0, 1) or a class too small to put
     *                                  at least one example on each side
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1))
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        Random random = new Random(seed);
        List<LabelledText> train = new ArrayList<>(), test = new ArrayList<>();
        for (String label : counts.keySet()) {
            List<LabelledText> ofLabel = new ArrayList<>();
            for (LabelledText t : items) if (t.label().equals(label)) ofLabel.add(t);
            int n = ofLabel.size();
            int nTest = (int) Math.round(testFraction * n);
            if (nTest < 1 || nTest > n - 1)
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "class '%s' has %d example(s): holding out %.0f%% leaves %d for test and %d for training; "
                                + "each side needs at least one", label, n, 100 * testFraction, nTest, n - nTest));
            Collections.shuffle(ofLabel, random);
            test.addAll(ofLabel.subList(0, nTest));
            train.addAll(ofLabel.subList(nTest, n));
        }
        Collections.shuffle(train, random);
        Collections.shuffle(test, random);
        List<String> trainNotes = new ArrayList<>(notes), testNotes = new ArrayList<>(notes);
        trainNotes.add(String.format(Locale.ROOT, "training part: %,d of %,d (%.0f%%), stratified, seed %d",
                train.size(), size(), 100 * (1 - testFraction), seed));
        testNotes.add(String.format(Locale.ROOT, "held-out part: %,d of %,d (%.0f%%), stratified, seed %d",
                test.size(), size(), 100 * testFraction, seed));
        return new Split(new LabelledTexts(train, trainNotes), new LabelledTexts(test, testNotes));
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "LabelledTexts(%,d examples: %s)", size(), counts);
    }
}
