package dev.atelier.text;

import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A character vocabulary: the distinct characters of a text, sorted, each given its index as id.
 * Encoding a character that is not in the vocabulary is an error that names the character and
 * its position (no silent unknown token, so a student notices).
 */
public final class CharVocabulary {
    private final char[] chars;      // id -> char, sorted
    private final int[] idOfChar;    // char -> id, -1 when absent

    private CharVocabulary(char[] sortedChars) {
        if (sortedChars.length == 0) throw new IllegalArgumentException("a vocabulary needs at least one character");
        this.chars = sortedChars;
        this.idOfChar = new int[Character.MAX_VALUE + 1];
        Arrays.fill(idOfChar, -1);
        for (int i = 0; i < chars.length; i++) idOfChar[chars[i]] = i;
    }

    /** The vocabulary of the distinct characters of {@code text}. */
    public static CharVocabulary of(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("cannot build a vocabulary from empty text");
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) set.add(text.charAt(i));
        char[] cs = new char[set.size()];
        int i = 0;
        for (char c : set) cs[i++] = c;
        return new CharVocabulary(cs);
    }

    /** A vocabulary from its characters in id order, as saved by {@link #characters()}. */
    public static CharVocabulary fromCharacters(String charactersInIdOrder) {
        char[] cs = charactersInIdOrder.toCharArray();
        char[] sorted = cs.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++)
            if (sorted[i] == sorted[i - 1]) throw new IllegalArgumentException("duplicate character " + describe(sorted[i]));
        return new CharVocabulary(cs);
    }

    /** Number of distinct characters. */
    public int size() { return chars.length; }

    /** All characters in id order. */
    public String characters() { return new String(chars); }

    /** True when {@code c} has an id. */
    public boolean contains(char c) { return idOfChar[c] >= 0; }

    /** The id of {@code c}. */
    public int id(char c) {
        int id = idOfChar[c];
        if (id < 0) throw new IllegalArgumentException("character " + describe(c) + " is not in the vocabulary");
        return id;
    }

    /** The character of {@code id}. */
    public char character(int id) {
        if (id < 0 || id >= chars.length)
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary [0, " + chars.length + ")");
        return chars[id];
    }

    /** Ids of every character of {@code text}; an unknown character names its position. */
    public int[] encode(String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            char c = text.charAt(i);
            int id = idOfChar[c];
            if (id < 0) throw new IllegalArgumentException("character " + describe(c) + " at position " + i
                    + " is not in the vocabulary of " + chars.length + " characters");
            ids[i] = id;
        }
        return ids;
    }

    /** The text of {@code ids}. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) sb.append(character(id));
        return sb.toString();
    }

    /** A printable description of a character: 'a', or U+000A for control characters. */
    public static String describe(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format(Locale.ROOT, "U+%04X", (int) c) : "'" + c + "' (U+" + String.format(Locale.ROOT, "%04X", (int) c) + ")";
    }
}
