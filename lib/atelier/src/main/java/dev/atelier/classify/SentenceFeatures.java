package dev.atelier.classify;

import org.tribuo.Feature;

import java.util.List;

/**
 * Turns a sentence's tokens into the named numbers (Tribuo {@link Feature}s) a classifier reads:
 * the vector x of the linear model p(y | x) = softmax(W x + b).
 *
 * <p>Contract: names are unique within one result; values are finite; the features not listed
 * are 0. An <b>empty list is the zero vector</b> x = 0: the sentence gives no evidence, and a
 * linear model can only answer from its biases b (see {@link SentenceClassifier}).
 */
public interface SentenceFeatures {
    /** {@return a short name for reports, e.g. {@code "bag of words"}} */
    String name();

    /**
     * {@return the non-zero features of a sentence, empty when none of its tokens is usable}
     *
     * @param tokens the sentence's tokens (from {@link dev.atelier.text.WordTokenizer})
     */
    List<Feature> features(List<String> tokens);
}
