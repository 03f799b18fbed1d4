package dev.atelier.gpt;

import dev.atelier.text.PoemForm;
import dev.atelier.text.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Form-constrained decoding for Chinese regulated verse: before each token is drawn, the tokens
 * that would break the form are masked (their probability set to 0 and the rest renormalised, see
 * {@link Sampler#probabilities(float[], boolean[])}), so every verse line gets 5 or 7 characters
 * and its mark in place ({@link PoemForm}). The model still chooses every character; the mask only
 * says when a line must end and with which mark.
 *
 * <pre>
 *   poem so far = the text after the last blank line;  L = length of the poem's first verse line (5 or 7, once known)
 *   c = Han characters of the verse line being written;  k = verse lines already ended on this line of the book
 *
 *   the line of the book ended with a stop     → only \n
 *   c = 0, k = 0 (start of a line of the book)  → Han characters; also \n (ending the poem) once it has ≥ 2 lines
 *   L known:    c &lt; L → Han characters;   c ≥ L → the mark
 *   L unknown:  c &lt; 5 or c = 6 → Han characters;   c = 5 → Han characters or the mark;   c ≥ 7 → the mark
 *   the mark:   k = 0 → a pause (，);   k ≥ 1 → a stop (。？！)
 * </pre>
 * Works on any character tokenizer whose vocabulary holds at least one Han character, {@code ，},
 * {@code 。} and {@code \n}; other tokens (Latin letters, quotation marks...) are always masked.
 */
public final class FormConstraint {
    private static final String ALLOWED_STOPS = "。？！";   // stops that end a couplet (；： rarely do)

    private final int size;
    private final boolean[] han, pause, stop, newline;

    /** A constraint over the token ids of {@code tokenizer} (one character per token). */
    public FormConstraint(Tokenizer tokenizer) {
        size = tokenizer.size();
        han = new boolean[size];
        pause = new boolean[size];
        stop = new boolean[size];
        newline = new boolean[size];
        boolean anyHan = false, anyPause = false, anyStop = false, anyNewline = false;
        for (int id = 0; id < size; id++) {
            String t = tokenizer.token(id);
            if (t.codePointCount(0, t.length()) != 1) continue;   // not one character: never allowed
            int cp = t.codePointAt(0);
            han[id] = PoemForm.isHan(cp);
            pause[id] = cp == '，';
            stop[id] = ALLOWED_STOPS.indexOf(cp) >= 0;
            newline[id] = cp == '\n';
            anyHan |= han[id];
            anyPause |= pause[id];
            anyStop |= stop[id];
            anyNewline |= newline[id];
        }
        List<String> missing = new ArrayList<>();
        if (!anyHan) missing.add("a Han character");
        if (!anyPause) missing.add("'，'");
        if (!anyStop) missing.add("'。'");
        if (!anyNewline) missing.add("a line break (\\n)");
        if (!missing.isEmpty())
            throw new IllegalArgumentException("the vocabulary cannot write verse: it lacks " + String.join(", ", missing));
    }

    /** Number of tokens the masks cover. */
    public int size() { return size; }

    /** Which tokens may follow {@code textSoFar} (prompt and generated text): true = allowed. */
    public boolean[] allowed(String textSoFar) {
        int poemStart = textSoFar.lastIndexOf("\n\n");
        String poem = poemStart < 0 ? textSoFar : textSoFar.substring(poemStart + 2);
        String[] lines = poem.split("\n", -1);
        String line = lines[lines.length - 1];
        int completedLines = lines.length - 1;

        int L = 0;                                   // the poem's line length, once its first verse line has ended
        int first = 0;
        for (int i = 0; i < poem.length(); ) {
            int cp = poem.codePointAt(i);
            i += Character.charCount(cp);
            if (PoemForm.isMark(cp)) { L = first == 5 || first == 7 ? first : 0; break; }
            if (PoemForm.isHan(cp)) first++;
        }

        int c = 0, k = 0, last = -1;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            i += Character.charCount(cp);
            if (PoemForm.isMark(cp)) { k++; c = 0; } else if (PoemForm.isHan(cp)) c++;
            last = cp;
        }

        if (last >= 0 && PoemForm.isStop(last)) return copy(newline);
        if (c == 0 && k == 0) {
            boolean[] a = copy(han);
            if (line.isEmpty() && completedLines >= 2) or(a, newline);
            return a;
        }
        boolean hanNow, markNow;
        if (L > 0) { hanNow = c < L; markNow = c >= L; }
        else { hanNow = c < 7; markNow = c == 5 || c >= 7; }
        boolean[] a = hanNow ? copy(han) : new boolean[size];
        if (markNow) or(a, k == 0 ? pause : stop);
        return a;
    }

    private static boolean[] copy(boolean[] m) { return m.clone(); }

    private static void or(boolean[] a, boolean[] b) {
        for (int i = 0; i < a.length; i++) a[i] |= b[i];
    }
}
