package dev.atelier.classify;

import dev.atelier.embed.WordVectors;
import org.tribuo.Feature;

import java.util.ArrayList;
import java.util.List;

/**
 * Averaged word-vector features: the mean of the vectors of the sentence's known words,
 * x = (1/m) Σ_{i: w_i known} v(w_i), where m is the number of tokens that have a vector (a word
 * that occurs twice counts twice). Tokens without a vector are left out of the mean.
 *
 * <p>Feature names are {@value #PREFIX}{@code 0}, {@value #PREFIX}{@code 1}, ... one per
 * dimension. <b>A sentence with no known word</b> has no mean: it is the zero vector (an empty
 * feature list), which {@link SentenceClassifier} leaves out of training and predicts from the
 * biases alone, counting both in its report.
 */
public final class AveragedWordVectors implements SentenceFeatures {
    /** Prefix of every feature name ({@code "vec"}). */
    public static final String PREFIX = "vec";

    private final WordVectors vectors;
    private final String name;

    /**
     * Features from {@code vectors} (e.g. pretrained GloVe), named {@code "averaged word vectors"}.
     *
     * @param vectors the word vectors
     */
    public AveragedWordVectors(WordVectors vectors) { this(vectors, "averaged word vectors"); }

    /**
     * Features from {@code vectors} with a report name.
     *
     * @param vectors the word vectors
     * @param name    a name for reports, e.g. {@code "averaged GloVe"}
     */
    public AveragedWordVectors(WordVectors vectors, String name) {
        if (vectors == null) throw new IllegalArgumentException("word vectors must not be null");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must not be blank");
        this.vectors = vectors;
        this.name = name;
    }

    @Override public String name() { return name; }

    /** {@return the word vectors averaged} */
    public WordVectors vectors() { return vectors; }

    /**
     * {@return how many of {@code tokens} have a vector (m in the mean)}
     *
     * @param tokens a sentence's tokens
     */
    public int knownCount(List<String> tokens) {
        int m = 0;
        for (String t : tokens) if (vectors.contains(t)) m++;
        return m;
    }

    /**
     * {@return the mean vector of the known tokens, all zeros when there is none}
     *
     * @param tokens a sentence's tokens
     */
    public double[] mean(List<String> tokens) {
        int dim = vectors.dimension();
        double[] sum = new double[dim];
        int m = 0;
        for (String t : tokens) {
            if (!vectors.contains(t)) continue;
            float[] v = vectors.vector(t);
            for (int k = 0; k < dim; k++) sum[k] += v[k];
            m++;
        }
        if (m > 0) for (int k = 0; k < dim; k++) sum[k] /= m;
        return sum;
    }

    @Override public List<Feature> features(List<String> tokens) {
        if (knownCount(tokens) == 0) return List.of();
        double[] x = mean(tokens);
        List<Feature> out = new ArrayList<>(x.length);
        for (int k = 0; k < x.length; k++) out.add(new Feature(PREFIX + k, x[k]));
        return out;
    }

    @Override public String toString() { return name + " (" + vectors + ")"; }
}
