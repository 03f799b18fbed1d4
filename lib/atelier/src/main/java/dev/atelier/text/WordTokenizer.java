package dev.atelier.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into word tokens, the units that word vectors are learned for.
 *
 * <p>Contract (the rules, in order):
 * <ul>
 *   <li>a token is a maximal run of letters, digits and combining marks ({@code "Elinor"},
 *       {@code "1811"}); everything else separates tokens and is dropped (spaces, punctuation,
 *       hyphens: {@code "to-morrow"} gives {@code "to"}, {@code "morrow"}; underscores used for
 *       italics);</li>
 *   <li>an apostrophe ({@code '} or {@code ’}) between a letter and a letter starts a clitic token
 *       that keeps the apostrophe, as GloVe's tokenizer does: {@code "Elinor's"} gives
 *       {@code "elinor"}, {@code "'s"}; {@code "don't"} gives {@code "don"}, {@code "'t"}. A
 *       curly apostrophe is written as {@code '}. Quotes at the start or end of a word are
 *       punctuation;</li>
 *   <li>with {@code lowerCase} (the default) tokens are lower-cased in the root locale, so
 *       {@code "The"} and {@code "the"} share one vector (GloVe 6B is lower-case too).</li>
 * </ul>
 * Works on code points, so letters outside the basic plane are letters too.
 */
public final class WordTokenizer {
    private final boolean lowerCase;

    /** A tokenizer that lower-cases. */
    public WordTokenizer() { this(true); }

    /** A tokenizer that lower-cases when {@code lowerCase} is true. */
    public WordTokenizer(boolean lowerCase) { this.lowerCase = lowerCase; }

    /** The tokens of {@code text}, in order (empty when it has no letters or digits). */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>(text.length() / 5 + 1);
        int n = text.length();
        int start = -1;                       // start of the current token, -1 when between tokens
        for (int i = 0; i < n; ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (isWordChar(cp)) {
                if (start < 0) start = i;
            } else if (isApostrophe(cp) && start >= 0 && i + width < n
                    && Character.isLetter(text.codePointBefore(i)) && Character.isLetter(text.codePointAt(i + width))) {
                emit(text, start, i, out);
                start = i;                    // the clitic token begins at the apostrophe
            } else if (start >= 0) {
                emit(text, start, i, out);
                start = -1;
            }
            i += width;
        }
        if (start >= 0) emit(text, start, n, out);
        return out;
    }

    private void emit(String text, int from, int to, List<String> out) {
        String t = text.substring(from, to);
        if (t.charAt(0) == '\u2019') t = "'" + t.substring(1);
        out.add(lowerCase ? t.toLowerCase(Locale.ROOT) : t);
    }

    private static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) return true;
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isApostrophe(int cp) { return cp == '\'' || cp == '\u2019'; }
}
