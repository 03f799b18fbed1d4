package dev.atelier.embed;

import dev.atelier.text.Corpus;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Word-similarity evaluation over a WordSim-353-style file: lines "word1 word2 score" (tab or
 * spaces between), lines starting with {@code #} are comments.
 *
 * <p>Contract: a pair is <em>covered</em> when both words have vectors (after lower-casing, if
 * asked). Over the covered pairs the result gives Spearman's rank correlation ρ between the
 * human scores and the cosine similarities of the vectors (commons-math3's
 * {@link SpearmansCorrelation}, ties get their mean rank), as gensim's
 * {@code evaluate_word_pairs} does; pairs with an unknown word are listed as not covered.
 * A malformed line (not three fields, a score that is not a number) or an empty line is an
 * error naming file and line.
 */
public final class SimilarityEvaluation {
    private SimilarityEvaluation() {}

    /** One human judgement, from {@code line} of its file. */
    public record Pair(String first, String second, double score, int line) {}

    /**
     * The outcome.
     *
     * @param spearman   Spearman's ρ between human scores and cosines over the covered pairs
     * @param total      pairs in the file
     * @param covered    pairs whose two words have vectors
     * @param notCovered the pairs left out, for inspection
     */
    public record Result(double spearman, int total, int covered, List<Pair> notCovered) {
        /** covered / total. */
        public double coverage() { return covered / (double) total; }

        @Override public String toString() {
            return String.format(Locale.ROOT, "Spearman ρ = %.3f over %d of %d pairs (%.1f%% covered)",
                    spearman, covered, total, 100 * coverage());
        }
    }

    /** Reads the pairs of {@code file} (strict UTF-8), lower-casing the words when asked. */
    public static List<Pair> read(Path file, boolean lowerCase) throws IOException {
        String text = Corpus.readUtf8(file);
        String[] lines = text.split("\r?\n", -1);
        int last = lines.length;
        if (last > 0 && lines[last - 1].isEmpty()) last--;
        List<Pair> out = new ArrayList<>();
        for (int n = 0; n < last; n++) {
            String line = lines[n].strip();
            int lineNo = n + 1;
            if (line.startsWith("#")) continue;
            if (line.isEmpty()) throw new IOException(file + ":" + lineNo + ": empty line");
            String[] f = line.split("\\s+");
            if (f.length != 3)
                throw new IOException(file + ":" + lineNo + ": expected 3 fields (word1 word2 score), found " + f.length + ": '" + line + "'");
            double score;
            try {
                score = Double.parseDouble(f[2]);
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + lineNo + ": score '" + f[2] + "' is not a number");
            }
            if (!Double.isFinite(score)) throw new IOException(file + ":" + lineNo + ": score '" + f[2] + "' is not finite");
            String a = lowerCase ? f[0].toLowerCase(Locale.ROOT) : f[0];
            String b = lowerCase ? f[1].toLowerCase(Locale.ROOT) : f[1];
            out.add(new Pair(a, b, score, lineNo));
        }
        if (out.isEmpty()) throw new IOException(file + ": no word pairs in the file");
        return out;
    }

    /** Evaluates {@code vectors} on the pairs of {@code file}, lower-cased. */
    public static Result evaluate(WordVectors vectors, Path file) throws IOException {
        return evaluate(vectors, read(file, true));
    }

    /**
     * Evaluates {@code vectors} on {@code pairs}.
     *
     * @throws IllegalArgumentException when fewer than 3 pairs are covered (ρ would mean nothing)
     */
    public static Result evaluate(WordVectors vectors, List<Pair> pairs) {
        List<Pair> missing = new ArrayList<>();
        double[] human = new double[pairs.size()];
        double[] model = new double[pairs.size()];
        int n = 0;
        for (Pair p : pairs) {
            if (!vectors.contains(p.first()) || !vectors.contains(p.second())) {
                missing.add(p);
                continue;
            }
            human[n] = p.score();
            model[n] = vectors.similarity(p.first(), p.second());
            n++;
        }
        if (n < 3)
            throw new IllegalArgumentException("only " + n + " of " + pairs.size() + " word pairs have vectors for both words: "
                    + "too few for a rank correlation");
        double rho = new SpearmansCorrelation().correlation(java.util.Arrays.copyOf(human, n), java.util.Arrays.copyOf(model, n));
        return new Result(rho, pairs.size(), n, Collections.unmodifiableList(missing));
    }
}
