package dev.atelier.text;

import java.util.List;
import java.util.Locale;

/**
 * The form of Chinese regulated verse, measured: the share of verse lines (句) that have 5 or 7
 * characters with their punctuation in place.
 *
 * <pre>
 *   a line of the book (up to \n) is cut after every mark into verse lines:  床前明月光， | 疑是地上霜。
 *   a verse line is in form when
 *       it holds 5 or 7 characters, all Han, and
 *       it ends with a mark in place: a pause (，、) when more follows on the same line of the book,
 *                                     a stop  (。？！；：) when it ends the line of the book
 *   form share = verse lines in form / verse lines
 * </pre>
 * Blank lines (between poems) are skipped. Characters left after the last mark of a line are a
 * verse line without its mark: not in form. A text that does not end with a line break was cut
 * off (for example by a generation length), so on its last line the characters after the last
 * mark are not counted at all, and a pause at its very end is in place (the line would go on).
 * Characters are code points.
 */
public final class PoemForm {
    private PoemForm() {}

    /** Marks that continue a line of the book (after the first half of a couplet). */
    public static final String PAUSES = "，、";
    /** Marks that end a line of the book. */
    public static final String STOPS = "。？！；：";
    /** Every mark a poem may hold. */
    public static final String MARKS = PAUSES + STOPS;

    /** True for a Han character (CJK ideograph, any plane). */
    public static boolean isHan(int codePoint) {
        return Character.isIdeographic(codePoint) && Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }

    /** True for one of {@link #MARKS}. */
    public static boolean isMark(int codePoint) { return MARKS.indexOf(codePoint) >= 0; }

    /** True for one of {@link #PAUSES}. */
    public static boolean isPause(int codePoint) { return PAUSES.indexOf(codePoint) >= 0; }

    /** True for one of {@link #STOPS}. */
    public static boolean isStop(int codePoint) { return STOPS.indexOf(codePoint) >= 0; }

    /**
     * What {@link #measure} counted.
     *
     * @param lines      verse lines counted
     * @param inForm     of those, lines of 5 or 7 Han characters with the mark in place
     * @param fiveOrSeven of those, lines of 5 or 7 Han characters (whatever their mark)
     */
    public record Report(int lines, int inForm, int fiveOrSeven) {
        /** inForm / lines (0 when no line was counted). */
        public double share() { return lines == 0 ? 0 : (double) inForm / lines; }

        @Override public String toString() {
            return String.format(Locale.ROOT, "%d of %d verse lines in form (%.1f%%); %d of 5 or 7 characters",
                    inForm, lines, 100 * share(), fiveOrSeven);
        }
    }

    /**
     * The form of several texts, each measured on its own (so each may be cut off at its end, as
     * generated texts are), the counts added up.
     */
    public static Report measure(List<String> texts) {
        int lines = 0, inForm = 0, fiveOrSeven = 0;
        for (String t : texts) {
            Report r = measure(t);
            lines += r.lines();
            inForm += r.inForm();
            fiveOrSeven += r.fiveOrSeven();
        }
        return new Report(lines, inForm, fiveOrSeven);
    }

    /** The form of {@code text} (one or many poems), as defined in the class comment. */
    public static Report measure(String text) {
        int lines = 0, inForm = 0, fiveOrSeven = 0;
        String[] bookLines = text.split("\n", -1);
        int cutLine = bookLines.length - 1;          // the text's last line: cut off unless it is empty (text ends with \n)
        for (int b = 0; b < bookLines.length; b++) {
            String line = bookLines[b];
            int chars = 0, han = 0;
            for (int i = 0; i < line.length(); ) {
                int cp = line.codePointAt(i);
                i += Character.charCount(cp);
                if (isMark(cp)) {
                    boolean endsLine = i >= line.length();
                    boolean fits = han == chars && (han == 5 || han == 7);
                    boolean inPlace = !endsLine ? isPause(cp) : isStop(cp) || b == cutLine && isPause(cp);
                    lines++;
                    if (fits) fiveOrSeven++;
                    if (fits && inPlace) inForm++;
                    chars = 0;
                    han = 0;
                } else {
                    chars++;
                    if (isHan(cp)) han++;
                }
            }
            if (chars > 0 && b != cutLine) {   // a verse line without its mark (not counted when the text was cut here)
                lines++;
                if (han == chars && (han == 5 || han == 7)) fiveOrSeven++;
            }
        }
        return new Report(lines, inForm, fiveOrSeven);
    }
}
