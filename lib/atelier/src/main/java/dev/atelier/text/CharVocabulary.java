package dev.atelier.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A character vocabulary: the distinct characters of a text, sorted, each given its index as id.
 * A character is a Unicode code point, so an emoji or a rare Chinese character outside the Basic
 * Multilingual Plane (two UTF-16 chars in a Java {@code String}) is one character with one id:
 * {@code decode(encode(s)).equals(s)} for every text whose characters are in the vocabulary.
 * Encoding a character that is not in the vocabulary is an error that names the character and
 * its position (no silent unknown token, so a student notices). A lone UTF-16 surrogate is not a
 * character and is refused with its position.
 */
public final class CharVocabulary {
    private final int[] codePoints;                               // id -> code point, sorted
    private final int[] idOfBmp;                                  // code point < 0x10000 -> id, -1 when absent
    private final Map<Integer, Integer> idOfSupplementary = new HashMap<>();   // code point >= 0x10000 -> id

    private CharVocabulary(int[] codePointsInIdOrder) {
        if (codePointsInIdOrder.length == 0) throw new IllegalArgumentException("a vocabulary needs at least one character");
        this.codePoints = codePointsInIdOrder;
        this.idOfBmp = new int[Character.MIN_SUPPLEMENTARY_CODE_POINT];
        Arrays.fill(idOfBmp, -1);
        for (int i = 0; i < codePoints.length; i++) {
            int cp = codePoints[i];
            if (cp < idOfBmp.length) idOfBmp[cp] = i;
            else idOfSupplementary.put(cp, i);
        }
    }

    /** The vocabulary of the distinct characters (code points) of {@code text}. */
    public static CharVocabulary of(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("cannot build a vocabulary from empty text");
        int[] cps = codePointsOf(text).clone();
        Arrays.sort(cps);
        int n = 0;
        for (int i = 0; i < cps.length; i++) if (i == 0 || cps[i] != cps[i - 1]) cps[n++] = cps[i];
        return new CharVocabulary(Arrays.copyOf(cps, n));
    }

    /** A vocabulary from its characters in id order, as saved by {@link #characters()}. */
    public static CharVocabulary fromCharacters(String charactersInIdOrder) {
        if (charactersInIdOrder == null || charactersInIdOrder.isEmpty())
            throw new IllegalArgumentException("a vocabulary needs at least one character");
        int[] cps = codePointsOf(charactersInIdOrder);
        int[] sorted = cps.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++)
            if (sorted[i] == sorted[i - 1]) throw new IllegalArgumentException("duplicate character " + describe(sorted[i]));
        return new CharVocabulary(cps);
    }

    /** Number of distinct characters. */
    public int size() { return codePoints.length; }

    /** All characters in id order. */
    public String characters() { return new String(codePoints, 0, codePoints.length); }

    /** True when the character (code point; a {@code char} widens to its code point) has an id. */
    public boolean contains(int codePoint) { return idOrMinusOne(codePoint) >= 0; }

    /** The id of a character (code point; a {@code char} widens to its code point). */
    public int id(int codePoint) {
        int id = idOrMinusOne(codePoint);
        if (id < 0) throw new IllegalArgumentException("character " + describe(codePoint) + " is not in the vocabulary");
        return id;
    }

    /** The code point of {@code id}. */
    public int codePoint(int id) {
        if (id < 0 || id >= codePoints.length)
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary [0, " + codePoints.length + ")");
        return codePoints[id];
    }

    /** The character of {@code id} as text (one code point: one or two UTF-16 chars). */
    public String character(int id) { return Character.toString(codePoint(id)); }

    /**
     * Ids of every character of {@code text}, one per code point; an unknown character names its
     * position (counted in characters, from 0).
     */
    public int[] encode(String text) {
        int[] cps = codePointsOf(text);
        int[] ids = new int[cps.length];
        for (int i = 0; i < ids.length; i++) {
            int id = idOrMinusOne(cps[i]);
            if (id < 0) throw new IllegalArgumentException("character " + describe(cps[i]) + " at position " + i
                    + " is not in the vocabulary of " + codePoints.length + " characters");
            ids[i] = id;
        }
        return ids;
    }

    /** The text of {@code ids}. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) sb.appendCodePoint(codePoint(id));
        return sb.toString();
    }

    /** A printable description of a character: 'a' (U+0061), or U+000A for control characters and spaces. */
    public static String describe(int codePoint) {
        String hex = String.format(Locale.ROOT, "U+%04X", codePoint);
        return Character.isISOControl(codePoint) || Character.isWhitespace(codePoint) || Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF
                ? hex : "'" + Character.toString(codePoint) + "' (" + hex + ")";
    }

    private int idOrMinusOne(int cp) {
        if (cp >= 0 && cp < idOfBmp.length) return idOfBmp[cp];
        Integer id = idOfSupplementary.get(cp);
        return id == null ? -1 : id;
    }

    /** The code points of {@code text}; a lone surrogate is an error naming its position. */
    private static int[] codePointsOf(String text) {
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; i++)
            if (cps[i] <= 0xFFFF && Character.isSurrogate((char) cps[i]))
                throw new IllegalArgumentException("character " + i + " is a lone UTF-16 surrogate "
                        + String.format(Locale.ROOT, "U+%04X", cps[i]) + " (half of a character outside the Basic Multilingual Plane): not a character");
        return cps;
    }
}
