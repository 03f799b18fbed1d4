package dev.atelier.classify;

import org.tribuo.Feature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bag-of-words features: one feature per distinct word, its value the number of times the word
 * occurs in the sentence, x_w = count(w); word order is forgotten.
 *
 * <p>Feature names are {@value #PREFIX} + word. The vocabulary is whatever the training sentences
 * hold (Tribuo's feature map): a word never seen in training has no weight, so a sentence made
 * only of such words is the zero vector for the model, which {@link SentenceClassifier} counts
 * and reports. A sentence without tokens gives no features.
 */
public final class BagOfWords implements SentenceFeatures {
    /** Prefix of every feature name ({@code "word="}). */
    public static final String PREFIX = "word=";

    /** Bag-of-words features. */
    public BagOfWords() {}

    @Override public String name() { return "bag of words"; }

    @Override public List<Feature> features(List<String> tokens) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : tokens) counts.merge(t, 1, Integer::sum);
        List<Feature> out = new ArrayList<>(counts.size());
        for (Map.Entry<String, Integer> e : counts.entrySet()) out.add(new Feature(PREFIX + e.getKey(), e.getValue()));
        return out;
    }

    @Override public String toString() { return name(); }
}
