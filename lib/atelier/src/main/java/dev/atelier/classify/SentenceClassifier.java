package dev.atelier.classify;

import dev.atelier.text.WordTokenizer;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A sentence classifier: {@link WordTokenizer} tokens, then {@link SentenceFeatures} x, then a
 * Tribuo model, by default multinomial logistic regression trained by Tribuo's
 * {@link LogisticRegressionTrainer}:
 * <pre>
 *   p(y = c | x) = softmax(W x + b)_c = exp(w_c·x + b_c) / Σ_k exp(w_k·x + b_k)
 * </pre>
 * fitted by minimising the cross-entropy −log p(y | x) with AdaGrad for 5 epochs (Tribuo's
 * defaults, seed 12345: the same data always give the same model).
 *
 * <p><b>Sentences with no known word.</b> When none of a sentence's features is known to the
 * model (bag of words: every word unseen in training; averaged vectors: no word has a vector),
 * its vector is x = 0 and the probabilities are the biases' alone, softmax(b): what the model
 * says when it sees nothing, which is not evidence and need not match the class shares (the
 * biases are fitted together with the weights, for inputs that are never 0). Such sentences are
 * <em>left out of training</em> (they would only move the biases toward their class) and counted; at prediction and evaluation they are <em>kept</em> and
 * answered from the biases (leaving them out would flatter accuracy), counted in the
 * {@link ClassificationReport} and flagged in {@link Guess#knownFeatures()}. Tribuo refuses an
 * example without features, so this class gives Tribuo the zero vector explicitly (one known
 * feature with value 0), which yields exactly W·0 + b.
 *
 * <p>Errors: fewer than two classes, a class none of whose training sentences has a known word,
 * or a test label the model was not trained on are each an {@link IllegalArgumentException}
 * that names the classes.
 *
 * <p>Tribuo's SGD trainers log their loss through {@code java.util.logging}; this class turns
 * the {@code org.tribuo.common.sgd} logger down to warnings, since trainers in this course do not
 * print.
 */
public final class SentenceClassifier {
    // Tribuo's SGD trainer logs "At iteration ..., average loss = ..." at INFO; keep a strong reference
    // so the level holds (java.util.logging keeps loggers weakly).
    private static final Logger TRIBUO_SGD_LOG = Logger.getLogger("org.tribuo.common.sgd");
    static {
        TRIBUO_SGD_LOG.setLevel(Level.WARNING);
    }

    /**
     * What the classifier says about one sentence.
     *
     * @param label         the predicted label (highest probability)
     * @param probabilities p(y = c | x) for every label c, labels alphabetical
     * @param knownFeatures how many of the sentence's features the model has a weight for; 0 means
     *                      x = 0, so the answer came from the biases alone
     */
    public record Guess(String label, Map<String, Double> probabilities, int knownFeatures) {
        /** {@return true when at least one feature was known, i.e. the answer used the sentence's words} */
        public boolean fromWords() { return knownFeatures > 0; }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder(label).append(" (");
            boolean first = true;
            for (Map.Entry<String, Double> e : probabilities.entrySet()) {
                sb.append(first ? "" : ", ").append(String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()));
                first = false;
            }
            return sb.append(fromWords() ? ")" : "; no known word: biases only)").toString();
        }
    }

    /**
     * A feature and its centred weight for one label (see {@link #topFeatures}).
     *
     * @param feature the feature name, e.g. {@code "word=unto"}
     * @param weight  w̃_cj = w_cj − mean over labels of w_kj
     */
    public record Weight(String feature, double weight) {
        @Override public String toString() { return String.format(Locale.ROOT, "%s %+.3f", feature, weight); }
    }

    private static final LabelFactory LABELS = new LabelFactory();

    private final SentenceFeatures features;
    private final WordTokenizer tokenizer = new WordTokenizer();
    private final Model<Label> model;
    private final Model<Label> baseline;
    private final List<String> labels;
    private final Map<String, Integer> trainCounts;
    private final int trainWithoutKnownWords;

    private SentenceClassifier(SentenceFeatures features, Model<Label> model, Model<Label> baseline,
                               List<String> labels, Map<String, Integer> trainCounts, int trainWithoutKnownWords) {
        this.features = features;
        this.model = model;
        this.baseline = baseline;
        this.labels = labels;
        this.trainCounts = trainCounts;
        this.trainWithoutKnownWords = trainWithoutKnownWords;
    }

    /**
     * Trains logistic regression ({@link LogisticRegressionTrainer}, a fresh one each call) on
     * {@code train}.
     *
     * @param train    the training sentences (at least two classes)
     * @param features how sentences become vectors
     * @return the trained classifier, with a majority-class baseline trained on the same sentences
     */
    public static SentenceClassifier train(LabelledTexts train, SentenceFeatures features) {
        return train(train, features, new LogisticRegressionTrainer());
    }

    /**
     * Trains {@code trainer}'s model on {@code train}; sentences with no features are left out
     * and counted (see the class comment).
     *
     * @param train    the training sentences (at least two classes)
     * @param features how sentences become vectors
     * @param trainer  any Tribuo classification trainer
     * @return the trained classifier, with a majority-class baseline trained on the same sentences
     * @throws IllegalArgumentException for fewer than two classes, or a class none of whose
     *                                  sentences has a feature
     */
    public static SentenceClassifier train(LabelledTexts train, SentenceFeatures features, Trainer<Label> trainer) {
        if (train == null || features == null || trainer == null)
            throw new IllegalArgumentException("training data, features and trainer must not be null");
        if (train.labels().size() < 2)
            throw new IllegalArgumentException("a classifier needs at least two classes, the training data has only "
                    + train.labels());
        WordTokenizer tokenizer = new WordTokenizer();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("atelier training sentences", fixedTime(), LABELS), LABELS);
        Map<String, Integer> kept = new TreeMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (LabelledText t : train) {
            List<Feature> x = features.features(tokenizer.tokenize(t.text()));
            if (x.isEmpty()) {
                skipped.merge(t.label(), 1, Integer::sum);
                continue;
            }
            dataset.add(new ArrayExample<>(new Label(t.label()), x));
            kept.merge(t.label(), 1, Integer::sum);
        }
        for (String label : train.labels())
            if (!kept.containsKey(label))
                throw new IllegalArgumentException("class '" + label + "' has " + train.counts().get(label)
                        + " training sentence(s) but none with a known word (" + features.name()
                        + "): nothing to learn it from");
        int skippedTotal = skipped.values().stream().mapToInt(Integer::intValue).sum();
        Model<Label> model = trainer.train(dataset);
        Model<Label> baseline = DummyClassifierTrainer.createMostFrequentTrainer().train(dataset);
        return new SentenceClassifier(features, model, baseline, List.copyOf(kept.keySet()),
                Collections.unmodifiableMap(kept), skippedTotal);
    }

    private static OffsetDateTime fixedTime() {
        return OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);  // provenance only; keeps runs identical
    }

    // ---- prediction --------------------------------------------------------------------------

    /**
     * Classifies one sentence.
     *
     * @param sentence any text
     * @return the label, the probability of every label, and how many features were known
     */
    public Guess classify(String sentence) {
        if (sentence == null) throw new IllegalArgumentException("sentence must not be null");
        Scored s = score(sentence, LabelFactory.UNKNOWN_LABEL);
        Map<String, Double> p = new TreeMap<>();
        for (Map.Entry<String, Label> e : s.prediction.getOutputScores().entrySet()) p.put(e.getKey(), e.getValue().getScore());
        return new Guess(s.prediction.getOutput().getLabel(), Collections.unmodifiableMap(p), s.known);
    }

    private record Scored(Prediction<Label> prediction, Example<Label> example, int known) {}

    /** Predicts with the model; a sentence with no known feature is given as the explicit zero vector. */
    private Scored score(String sentence, Label truth) {
        List<Feature> x = features.features(tokenizer.tokenize(sentence));
        ImmutableFeatureMap known = model.getFeatureIDMap();
        int k = 0;
        for (Feature f : x) if (known.getID(f.getName()) >= 0 && f.getValue() != 0) k++;
        Example<Label> example = k > 0
                ? new ArrayExample<>(truth, x)
                : new ArrayExample<>(truth, List.of(new Feature(known.get(0).getName(), 0.0)));  // x = 0
        return new Scored(model.predict(example), example, k);
    }

    // ---- evaluation --------------------------------------------------------------------------

    /**
     * Evaluates on held-out sentences with Tribuo's {@link LabelEvaluator}, next to the
     * majority-class baseline on the same sentences.
     *
     * @param test held-out sentences whose labels were all seen in training
     * @return accuracy, macro-F1, confusion matrix, baseline and counts
     * @throws IllegalArgumentException when a test label was not among the training labels
     */
    public ClassificationReport evaluate(LabelledTexts test) {
        if (test == null) throw new IllegalArgumentException("test data must not be null");
        for (String label : test.labels())
            if (!labels.contains(label))
                throw new IllegalArgumentException("test label '" + label + "' was not among the training labels " + labels
                        + ": the model cannot predict it");
        List<Prediction<Label>> predictions = new ArrayList<>(test.size());
        List<Prediction<Label>> baselinePredictions = new ArrayList<>(test.size());
        int withoutKnown = 0;
        for (LabelledText t : test) {
            Scored s = score(t.text(), new Label(t.label()));
            if (s.known == 0) withoutKnown++;
            predictions.add(s.prediction);
            baselinePredictions.add(baseline.predict(s.example));
        }
        var provenance = new SimpleDataSourceProvenance("atelier held-out sentences", fixedTime(), LABELS);
        LabelEvaluator evaluator = new LabelEvaluator();
        LabelEvaluation evaluation = evaluator.evaluate(model, predictions, provenance);
        LabelEvaluation baselineEvaluation = evaluator.evaluate(baseline, baselinePredictions, provenance);
        double[][] confusion = new double[labels.size()][labels.size()];
        for (int t = 0; t < labels.size(); t++)
            for (int p = 0; p < labels.size(); p++)   // Tribuo's confusion(predicted, truth)
                confusion[t][p] = evaluation.getConfusionMatrix().confusion(new Label(labels.get(p)), new Label(labels.get(t)));
        String majority = baselinePredictions.get(0).getOutput().getLabel();
        return new ClassificationReport(features.name(), labels, confusion, evaluation, baselineEvaluation, majority,
                new LinkedHashMap<>(trainCounts), new LinkedHashMap<>(test.counts()), trainWithoutKnownWords, withoutKnown);
    }

    // ---- inspection --------------------------------------------------------------------------

    /**
     * The features that most favour each label in a linear model: for label c, the features j with
     * the largest centred weight w̃_cj = w_cj − (1/K) Σ_k w_kj. (Adding the same number to every
     * label's weight for a feature leaves softmax unchanged, so only centred weights mean
     * something; for two labels w̃ is half the log-odds contribution of one unit of the feature.)
     *
     * @param k how many features per label (≥ 1)
     * @return label → its k features, largest centred weight first; labels alphabetical
     * @throws UnsupportedOperationException when the model is not one of Tribuo's linear SGD models
     */
    public Map<String, List<Weight>> topFeatures(int k) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        if (!(model instanceof AbstractLinearSGDModel<?> linear))
            throw new UnsupportedOperationException("topFeatures needs a linear SGD model, this one is "
                    + model.getClass().getSimpleName());
        DenseMatrix w = linear.getWeightsCopy();                  // [labels, features + 1], bias last
        int nLabels = w.getDimension1Size(), nFeatures = w.getDimension2Size() - 1;
        ImmutableFeatureMap fmap = model.getFeatureIDMap();
        Map<String, List<Weight>> out = new TreeMap<>();
        for (int c = 0; c < nLabels; c++) {
            List<Weight> ws = new ArrayList<>(nFeatures);
            for (int j = 0; j < nFeatures; j++) {
                double mean = 0;
                for (int q = 0; q < nLabels; q++) mean += w.get(q, j);
                mean /= nLabels;
                ws.add(new Weight(fmap.get(j).getName(), w.get(c, j) - mean));
            }
            ws.sort(Comparator.comparingDouble(Weight::weight).reversed().thenComparing(Weight::feature));
            out.put(model.getOutputIDInfo().getOutput(c).getLabel(), List.copyOf(ws.subList(0, Math.min(k, ws.size()))));
        }
        return out;
    }

    /** {@return the probabilities the model gives the zero vector x = 0: softmax(b), labels alphabetical} */
    public Map<String, Double> zeroVectorProbabilities() {
        Scored s = score("", LabelFactory.UNKNOWN_LABEL);
        Map<String, Double> p = new TreeMap<>();
        for (Map.Entry<String, Label> e : s.prediction.getOutputScores().entrySet()) p.put(e.getKey(), e.getValue().getScore());
        return Collections.unmodifiableMap(p);
    }

    /** {@return the labels the classifier was trained on, alphabetical} */
    public List<String> labels() { return labels; }

    /** {@return the features it reads} */
    public SentenceFeatures features() { return features; }

    /** {@return the trained Tribuo model} */
    public Model<Label> model() { return model; }

    /** {@return the most-frequent-class baseline trained on the same sentences} */
    public Model<Label> baseline() { return baseline; }

    /** {@return training sentences per label that were used (had a known word)} */
    public Map<String, Integer> trainCounts() { return trainCounts; }

    /** {@return training sentences left out because none of their words was known} */
    public int trainWithoutKnownWords() { return trainWithoutKnownWords; }

    @Override public String toString() {
        return String.format(Locale.ROOT, "SentenceClassifier(%s, %s, %d features, trained on %s)",
                model.getClass().getSimpleName(), features.name(), model.getFeatureIDMap().size(), trainCounts);
    }
}
