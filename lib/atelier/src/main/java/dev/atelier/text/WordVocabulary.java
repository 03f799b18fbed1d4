package dev.atelier.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word vocabulary: the words of a token list that occur at least {@code minCount} times, most
 * frequent first, at most {@code maxSize} entries, plus the unknown token {@value #UNKNOWN}.
 *
 * <p>Contract:
 * <ul>
 *   <li>id 0 is {@value #UNKNOWN}; ids 1, 2, … are the kept words by falling count, ties in
 *       alphabetical ({@link String#compareTo}) order, so the same tokens always give the same
 *       ids;</li>
 *   <li>{@link #size()} counts the unknown token too and never exceeds {@code maxSize};</li>
 *   <li>{@link #encode} maps every word that was not kept to id 0; {@link #count(int)} of id 0 is
 *       the number of tokens so replaced. A token that is literally {@value #UNKNOWN} (as in the
 *       Penn Treebank) counts as unknown.</li>
 * </ul>
 */
public final class WordVocabulary {
    /** The unknown token, id 0. */
    public static final String UNKNOWN = "<unk>";

    private final String[] words;                 // id -> word
    private final long[] counts;                  // id -> occurrences in the tokens it was built from
    private final Map<String, Integer> ids;       // word -> id (without UNKNOWN)

    private WordVocabulary(String[] words, long[] counts) {
        this.words = words;
        this.counts = counts;
        this.ids = new HashMap<>(words.length * 2);
        for (int i = 1; i < words.length; i++) ids.put(words[i], i);
    }

    /**
     * The vocabulary of {@code tokens}.
     *
     * @param minCount keep words seen at least this often (≥ 1)
     * @param maxSize  at most this many entries, the unknown token included (≥ 2)
     * @throws IllegalArgumentException for empty tokens, {@code minCount < 1} or {@code maxSize < 2}
     */
    public static WordVocabulary build(List<String> tokens, int minCount, int maxSize) {
        if (minCount < 1) throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
        if (maxSize < 2) throw new IllegalArgumentException("maxSize must be >= 2 (the unknown token and one word), got " + maxSize);
        if (tokens.isEmpty()) throw new IllegalArgumentException("cannot build a word vocabulary from no tokens");
        Map<String, long[]> freq = new HashMap<>();
        for (String t : tokens) {
            if (t == null || t.isEmpty()) throw new IllegalArgumentException("empty or null token in the token list");
            freq.computeIfAbsent(t, k -> new long[1])[0]++;
        }
        List<Map.Entry<String, long[]>> kept = new ArrayList<>();
        for (Map.Entry<String, long[]> e : freq.entrySet())
            if (!e.getKey().equals(UNKNOWN) && e.getValue()[0] >= minCount) kept.add(e);
        kept.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                ? Long.compare(b.getValue()[0], a.getValue()[0]) : a.getKey().compareTo(b.getKey()));
        int n = Math.min(kept.size(), maxSize - 1);
        String[] words = new String[n + 1];
        long[] counts = new long[n + 1];
        words[0] = UNKNOWN;
        long known = 0;
        for (int i = 0; i < n; i++) {
            words[i + 1] = kept.get(i).getKey();
            counts[i + 1] = kept.get(i).getValue()[0];
            known += counts[i + 1];
        }
        counts[0] = tokens.size() - known;
        return new WordVocabulary(words, counts);
    }

    /** Entries, the unknown token included. */
    public int size() { return words.length; }

    /** The id of the unknown token (0). */
    public int unknownId() { return 0; }

    /** True when {@code word} has its own id (is not mapped to the unknown token). */
    public boolean contains(String word) { return ids.containsKey(word); }

    /** The id of {@code word}, or {@link #unknownId()} when it was not kept. */
    public int id(String word) {
        Integer id = ids.get(word);
        return id == null ? 0 : id;
    }

    /** The word of {@code id}. */
    public String word(int id) {
        if (id < 0 || id >= words.length)
            throw new IllegalArgumentException("word id " + id + " is outside the vocabulary [0, " + words.length + ")");
        return words[id];
    }

    /** How often the word of {@code id} occurred in the tokens the vocabulary was built from. */
    public long count(int id) {
        word(id);
        return counts[id];
    }

    /** All entries in id order, {@value #UNKNOWN} first. */
    public List<String> words() { return Collections.unmodifiableList(Arrays.asList(words)); }

    /** The ids of {@code tokens}; words not kept become {@link #unknownId()}. */
    public int[] encode(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) out[i] = id(tokens.get(i));
        return out;
    }

    /** The words of {@code ids}. */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) out.add(word(id));
        return out;
    }

    /** Fraction of {@code ids} that are the unknown token. */
    public static double unknownRate(int[] ids) {
        if (ids.length == 0) return 0;
        long unk = 0;
        for (int id : ids) if (id == 0) unk++;
        return unk / (double) ids.length;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("WordVocabulary(").append(words.length).append(" entries: ");
        for (int i = 0; i < Math.min(words.length, 10); i++) sb.append(i > 0 ? ", " : "").append(words[i]);
        return sb.append(words.length > 10 ? ", …)" : ")").toString();
    }
}
