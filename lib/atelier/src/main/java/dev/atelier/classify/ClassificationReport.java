package dev.atelier.classify;

import org.tribuo.classification.evaluation.LabelEvaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a {@link SentenceClassifier} did on held-out sentences, next to a majority-class baseline,
 * computed by Tribuo's {@code LabelEvaluator}.
 *
 * <p>Definitions (n test sentences, K labels, C the confusion matrix):
 * <ul>
 *   <li>accuracy = (number of correct predictions) / n;</li>
 *   <li>per label c: precision P_c = C[c][c] / Σ_t C[t][c], recall R_c = C[c][c] / Σ_p C[c][p],
 *       F1_c = 2 P_c R_c / (P_c + R_c) (0 when a label is never predicted);</li>
 *   <li>macro-F1 = (1/K) Σ_c F1_c: every label counts the same, however many sentences it has;</li>
 *   <li>{@link #confusion()}: {@code C[t][p]} = how many test sentences of true label
 *       {@code labels().get(t)} were predicted as {@code labels().get(p)} (rows true, columns
 *       predicted, labels alphabetical; note that Tribuo's own matrix is the transpose);</li>
 *   <li>the baseline (Tribuo's most-frequent {@code DummyClassifierTrainer}) always answers the
 *       label most frequent in training; its accuracy is that label's share of the test set.</li>
 * </ul>
 * The report also carries what a reader must know to trust the numbers: class counts, whether
 * training was balanced, and how many sentences had no known word (left out of training; in the
 * test set predicted from the biases alone). {@link #warnings()} spells these out.
 */
public final class ClassificationReport {
    private final String featureName;
    private final List<String> labels;
    private final double[][] confusion;
    private final LabelEvaluation evaluation;
    private final LabelEvaluation baselineEvaluation;
    private final String majorityLabel;
    private final Map<String, Integer> trainCounts;
    private final Map<String, Integer> testCounts;
    private final int trainWithoutKnownWords;
    private final int testWithoutKnownWords;

    ClassificationReport(String featureName, List<String> labels, double[][] confusion, LabelEvaluation evaluation,
                         LabelEvaluation baselineEvaluation, String majorityLabel, Map<String, Integer> trainCounts,
                         Map<String, Integer> testCounts, int trainWithoutKnownWords, int testWithoutKnownWords) {
        this.featureName = featureName;
        this.labels = List.copyOf(labels);
        this.confusion = confusion;
        this.evaluation = evaluation;
        this.baselineEvaluation = baselineEvaluation;
        this.majorityLabel = majorityLabel;
        this.trainCounts = Collections.unmodifiableMap(trainCounts);
        this.testCounts = Collections.unmodifiableMap(testCounts);
        this.trainWithoutKnownWords = trainWithoutKnownWords;
        this.testWithoutKnownWords = testWithoutKnownWords;
    }

    /** {@return the name of the features the classifier read} */
    public String featureName() { return featureName; }

    /** {@return the labels in the order of the confusion matrix's rows and columns (alphabetical)} */
    public List<String> labels() { return labels; }

    /** {@return accuracy on the test sentences} */
    public double accuracy() { return evaluation.accuracy(); }

    /** {@return macro-averaged F1 on the test sentences} */
    public double macroF1() { return evaluation.macroAveragedF1(); }

    /**
     * {@return F1 of one label}
     *
     * @param label one of {@link #labels()}
     */
    public double f1(String label) { return evaluation.f1(checked(label)); }

    /**
     * {@return precision of one label}
     *
     * @param label one of {@link #labels()}
     */
    public double precision(String label) { return evaluation.precision(checked(label)); }

    /**
     * {@return recall of one label}
     *
     * @param label one of {@link #labels()}
     */
    public double recall(String label) { return evaluation.recall(checked(label)); }

    /** {@return the confusion matrix C[true][predicted] as counts (a copy), labels as in {@link #labels()}} */
    public double[][] confusion() {
        double[][] c = new double[confusion.length][];
        for (int i = 0; i < c.length; i++) c[i] = confusion[i].clone();
        return c;
    }

    /** {@return the confusion matrix with each row divided by its sum: row t is the distribution of predictions for true label t} */
    public double[][] confusionByRow() {
        double[][] c = confusion();
        for (double[] row : c) {
            double s = 0;
            for (double v : row) s += v;
            if (s > 0) for (int j = 0; j < row.length; j++) row[j] /= s;
        }
        return c;
    }

    /** {@return the label the baseline always answers (most frequent in training)} */
    public String majorityLabel() { return majorityLabel; }

    /** {@return the majority-class baseline's accuracy on the same test sentences} */
    public double baselineAccuracy() { return baselineEvaluation.accuracy(); }

    /** {@return the majority-class baseline's macro-F1 on the same test sentences} */
    public double baselineMacroF1() { return baselineEvaluation.macroAveragedF1(); }

    /** {@return Tribuo's full evaluation of the classifier} */
    public LabelEvaluation evaluation() { return evaluation; }

    /** {@return Tribuo's full evaluation of the baseline} */
    public LabelEvaluation baselineEvaluation() { return baselineEvaluation; }

    /** {@return training sentences per label (after leaving out those without a known word)} */
    public Map<String, Integer> trainCounts() { return trainCounts; }

    /** {@return test sentences per label} */
    public Map<String, Integer> testCounts() { return testCounts; }

    /** {@return the number of training sentences left out because none of their words was known} */
    public int trainWithoutKnownWords() { return trainWithoutKnownWords; }

    /** {@return the number of test sentences with no known word, predicted from the biases alone} */
    public int testWithoutKnownWords() { return testWithoutKnownWords; }

    /** {@return true when every label had the same number of training sentences} */
    public boolean balancedTraining() { return imbalanceRatio() == 1.0; }

    /** {@return the largest training class count divided by the smallest} */
    public double imbalanceRatio() {
        return Collections.max(trainCounts.values()) / (double) Collections.min(trainCounts.values());
    }

    /** {@return sentences saying what could mislead a reader of the numbers (empty when nothing does)} */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (!balancedTraining())
            w.add(String.format(Locale.ROOT, "unbalanced training classes %s (largest / smallest = %.2f): the baseline "
                    + "already scores %.3f by always answering '%s'; read macro-F1 (%.3f) next to accuracy",
                    trainCounts, imbalanceRatio(), baselineAccuracy(), majorityLabel, macroF1()));
        if (trainWithoutKnownWords > 0)
            w.add(String.format(Locale.ROOT, "%d training sentence(s) had no known word (zero vector) and were left out",
                    trainWithoutKnownWords));
        if (testWithoutKnownWords > 0)
            w.add(String.format(Locale.ROOT, "%d test sentence(s) had no known word (zero vector) and were predicted "
                    + "from the biases alone", testWithoutKnownWords));
        return w;
    }

    private org.tribuo.classification.Label checked(String label) {
        if (!labels.contains(label))
            throw new IllegalArgumentException("unknown label '" + label + "'; the labels are " + labels);
        return new org.tribuo.classification.Label(label);
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: accuracy %.3f, macro-F1 %.3f on %d held-out sentences%n",
                featureName, accuracy(), macroF1(), (int) evaluation.getConfusionMatrix().support()));
        sb.append(String.format(Locale.ROOT, "majority baseline ('%s'): accuracy %.3f, macro-F1 %.3f%n",
                majorityLabel, baselineAccuracy(), baselineMacroF1()));
        int width = 14;
        for (String l : labels) width = Math.max(width, l.length() + 2);
        sb.append(String.format(Locale.ROOT, "%-" + width + "s", "true \\ pred."));
        for (String l : labels) sb.append(String.format(Locale.ROOT, "%" + width + "s", l));
        sb.append(String.format(Locale.ROOT, "%" + width + "s%n", "F1"));
        for (int t = 0; t < labels.size(); t++) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s", labels.get(t)));
            for (int p = 0; p < labels.size(); p++) sb.append(String.format(Locale.ROOT, "%" + width + ".0f", confusion[t][p]));
            sb.append(String.format(Locale.ROOT, "%" + width + ".3f%n", f1(labels.get(t))));
        }
        sb.append("training sentences: ").append(trainCounts).append("; test sentences: ").append(testCounts).append('\n');
        for (String w : warnings()) sb.append("note: ").append(w).append('\n');
        return sb.toString();
    }
}
