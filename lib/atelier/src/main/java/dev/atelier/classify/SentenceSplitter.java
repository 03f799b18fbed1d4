package dev.atelier.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cuts text into sentences by a small written rule (no model), so that a labelled dataset can be
 * built from the course's corpora and every split can be explained.
 *
 * <p>The rule, in order:
 * <ol>
 *   <li><b>Paragraphs.</b> {@link Paragraphs#BLANK_LINES} (hard-wrapped prose such as the Austen
 *       novels): a paragraph is a run of non-blank lines; its line breaks are spaces.
 *       {@link Paragraphs#LINES} (one verse per line, such as {@code kjv.txt}): every non-blank
 *       line is a paragraph. A sentence never crosses a paragraph.</li>
 *   <li><b>Sentence ends.</b> Inside a paragraph a sentence ends after a run of terminators
 *       {@code . ! ?}, together with the closing quotes and brackets written right after it
 *       ({@code " ' ” ’ ) ]}), when what follows is the end of the paragraph, or white space and
 *       then an upper-case letter, a digit or an opening quote or bracket
 *       ({@code " ' “ ‘ ( [}). So {@code "Oh! how I wish"} stays one sentence (lower case
 *       follows) and {@code last?" Mr. Bennet} ends one (closing quote, space, capital).</li>
 *   <li><b>Not an end.</b> A single full stop after one of the {@link #ABBREVIATIONS}
 *       ({@code Mr.}, {@code Mrs.}, {@code Dr.}, {@code St.}, ...) or after a single upper-case
 *       letter other than {@code I} (an initial, as in {@code F. C.}) does not end a sentence.</li>
 *   <li><b>Text.</b> Each sentence is trimmed and its runs of white space become one space.
 *       Nothing else is dropped: joining a paragraph's sentences with single spaces gives back
 *       the paragraph with its white space collapsed (a property the tests check). Headings and
 *       very short sentences are left to the caller to filter (and count).</li>
 * </ol>
 */
public final class SentenceSplitter {
    /** How text is cut into paragraphs before sentences are found. */
    public enum Paragraphs {
        /** Paragraphs are separated by blank lines; line breaks inside one are spaces (prose). */
        BLANK_LINES,
        /** Every non-blank line is a paragraph (one verse or one item per line). */
        LINES
    }

    /** Words that a full stop follows without ending the sentence (case-sensitive). */
    public static final Set<String> ABBREVIATIONS =
            Set.of("Mr", "Mrs", "Ms", "Messrs", "Dr", "St", "Esq", "Capt", "Col", "Gen", "Lt", "Rev", "Prof");

    private static final String TERMINATORS = ".!?";
    private static final String CLOSERS = "\"'\u201D\u2019)]";
    private static final String OPENERS = "\"'\u201C\u2018([";

    private final Paragraphs paragraphs;

    /**
     * A splitter that finds paragraphs by {@code paragraphs}.
     *
     * @param paragraphs how text is cut into paragraphs
     */
    public SentenceSplitter(Paragraphs paragraphs) {
        if (paragraphs == null) throw new IllegalArgumentException("paragraphs mode must not be null");
        this.paragraphs = paragraphs;
    }

    /**
     * The sentences of {@code text}, in order.
     *
     * @param text any text; line ends may be {@code \n} or {@code \r\n}
     * @return the sentences (empty for a text with no non-blank character)
     */
    public List<String> split(String text) {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        List<String> out = new ArrayList<>();
        for (String paragraph : paragraphs(text)) splitParagraph(paragraph, out);
        return out;
    }

    /**
     * The paragraphs of {@code text} by this splitter's mode, each with its line breaks turned
     * into spaces (not yet trimmed), blank ones left out.
     *
     * @param text any text
     * @return the non-blank paragraphs in order
     */
    public List<String> paragraphs(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> out = new ArrayList<>();
        if (paragraphs == Paragraphs.LINES) {
            for (String line : lines) if (!line.isBlank()) out.add(line);
            return out;
        }
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank()) {
                if (current.length() > 0) out.add(current.toString());
                current.setLength(0);
            } else {
                if (current.length() > 0) current.append(' ');
                current.append(line);
            }
        }
        if (current.length() > 0) out.add(current.toString());
        return out;
    }

    /** Appends the sentences of one paragraph (no line breaks) to {@code out}. */
    private static void splitParagraph(String p, List<String> out) {
        int n = p.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            if (TERMINATORS.indexOf(p.charAt(i)) < 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && TERMINATORS.indexOf(p.charAt(j)) >= 0) j++;     // the run of . ! ?
            boolean singleStop = j - i == 1 && p.charAt(i) == '.';
            while (j < n && CLOSERS.indexOf(p.charAt(j)) >= 0) j++;         // closing quotes, brackets
            int k = j;
            while (k < n && Character.isWhitespace(p.charAt(k))) k++;      // the gap after it
            boolean ends;
            if (k == n) ends = true;                                        // end of the paragraph
            else if (k == j) ends = false;                                  // no space: "e.g.x", "?!)x"
            else {
                char next = p.charAt(k);
                ends = Character.isUpperCase(next) || Character.isDigit(next) || OPENERS.indexOf(next) >= 0;
            }
            if (ends && singleStop && abbreviationBefore(p, i)) ends = false;
            if (ends) {
                add(p.substring(start, j), out);
                start = k;
            }
            i = j;
        }
        if (start < n) add(p.substring(start), out);
    }

    /** True when the letters just before the full stop at {@code dot} are an abbreviation or an initial. */
    private static boolean abbreviationBefore(String p, int dot) {
        int b = dot;
        while (b > 0 && Character.isLetter(p.charAt(b - 1))) b--;
        if (b == dot) return false;
        String word = p.substring(b, dot);
        if (ABBREVIATIONS.contains(word)) return true;
        return word.length() == 1 && Character.isUpperCase(word.charAt(0)) && !word.equals("I");
    }

    /** Adds {@code sentence} trimmed, each run of white space ({@link Character#isWhitespace}) made one space. */
    private static void add(String sentence, List<String> out) {
        StringBuilder sb = new StringBuilder(sentence.length());
        boolean gap = false;
        for (int i = 0; i < sentence.length(); i++) {
            char c = sentence.charAt(i);
            if (Character.isWhitespace(c)) {
                gap = sb.length() > 0;
            } else {
                if (gap) sb.append(' ');
                gap = false;
                sb.append(c);
            }
        }
        if (sb.length() > 0) out.add(sb.toString());
    }
}
