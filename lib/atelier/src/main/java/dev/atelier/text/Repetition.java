package dev.atelier.text;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How repetitive a text is, measured by <b>distinct-n</b> (Li et al., 2016): the share of its word
 * n-grams that are different,
 * <pre>
 *   distinct-n(text) = |{ distinct word n-grams }| / (number of word n-grams)      in (0, 1]
 * </pre>
 * where a text of {@code N} words has {@code N − n + 1} n-grams (overlapping windows of
 * {@code n} consecutive words). 1 means no n-gram occurs twice; a text that loops on one phrase
 * tends to 0. Words are the tokens of {@link WordTokenizer} (lower-cased; punctuation dropped;
 * {@code "Emma's"} gives {@code "emma"}, {@code "'s"}), so "The cat. the cat" has the bigrams
 * {@code the cat}, {@code cat the}, {@code the cat}: distinct-2 = 2/3.
 *
 * <p>Word n-grams, not character n-grams, because repetition that a reader notices is repeated
 * words and phrases; character n-grams of any real text repeat constantly ("th", "he").
 *
 * <p>Bad input: {@code n ≤ 0} or a {@code null} text is an {@link IllegalArgumentException}; a text
 * with fewer than {@code n} words has no n-gram, so the ratio 0/0 is undefined and is also an
 * {@link IllegalArgumentException} that says how many words the text has.
 */
public final class Repetition {
    private static final WordTokenizer WORDS = new WordTokenizer();

    private Repetition() {}

    /**
     * {@return distinct word n-grams / all word n-grams of {@code text}, in (0, 1]}
     *
     * @param text any text (tokenized with {@link WordTokenizer})
     * @param n    the n-gram length, ≥ 1
     * @throws IllegalArgumentException when {@code n ≤ 0}, {@code text} is null, or it has fewer than {@code n} words
     */
    public static double distinctN(String text, int n) {
        if (text == null) throw new IllegalArgumentException("distinct-" + n + ": text is null");
        return distinctN(WORDS.tokenize(text), n);
    }

    /**
     * {@return distinct n-grams / all n-grams of a token sequence, in (0, 1]}
     *
     * @param tokens the tokens, in order
     * @param n      the n-gram length, ≥ 1
     * @throws IllegalArgumentException when {@code n ≤ 0}, {@code tokens} is null, or it has fewer than {@code n} tokens
     */
    public static double distinctN(List<String> tokens, int n) {
        if (n <= 0) throw new IllegalArgumentException("distinct-n needs n >= 1, got n = " + n);
        if (tokens == null) throw new IllegalArgumentException("distinct-" + n + ": tokens are null");
        int total = tokens.size() - n + 1;
        if (total <= 0)
            throw new IllegalArgumentException("distinct-" + n + " is undefined for a text of " + tokens.size()
                    + " word" + (tokens.size() == 1 ? "" : "s") + ": it needs at least " + n + " to have one " + n + "-gram");
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < total; i++) seen.add(List.copyOf(tokens.subList(i, i + n)));
        return (double) seen.size() / total;
    }
}
