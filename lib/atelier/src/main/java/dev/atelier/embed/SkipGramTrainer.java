package dev.atelier.embed;

import dev.atelier.text.WordVocabulary;
import dev.atelier.train.TrainingListener;
import dev.atelier.train.TrainingListener.StepEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * word2vec's skip-gram with negative sampling (Mikolov et al., 2013), from scratch on plain
 * {@code float} arrays, single-threaded and seeded.
 *
 * <p>Every word has an input ("centre") vector v and an output ("context") vector u. For each
 * centre word c and each word o within a window around it, k noise words n_1..n_k are drawn from
 * the noise distribution, and the model <b>maximises</b>
 * <pre>
 *   log σ(u_o·v_c) + Σ_{j=1..k} log σ(−u_{n_j}·v_c)         σ(x) = 1 / (1 + e^{−x})
 * </pre>
 * — "o is a real neighbour of c, the noise words are not" — by stochastic gradient ascent. The
 * per-pair loss is its negative; its gradients, with s = σ(u·v) and label 1 for o, 0 for noise:
 * <pre>
 *   ∂loss/∂v_c = Σ_targets (s − label)·u        ∂loss/∂u = (s − label)·v_c     (each target)
 * </pre>
 * Unlike GloVe, which fits {@code w_iᵀw̃_j + b_i + b̃_j} to {@code log X_ij} over the whole
 * co-occurrence matrix, skip-gram never counts: it streams through the text; Levy &amp; Goldberg
 * (2014) showed it implicitly factorises the matrix of PMI(i, j) − log k.
 *
 * <p>The three details that make it work, as in Mikolov's {@code word2vec.c}:
 * <ul>
 *   <li><b>Noise distribution</b>: unigram counts raised to 3/4, {@code P_n(w) ∝ count(w)^0.75}
 *   (rare words drawn more often than their frequency), sampled from a table of
 *   {@code tableSize} slots in which word w fills a share P_n(w) ({@link #noiseTable}).</li>
 *   <li><b>Subsampling of frequent words</b>: each occurrence of a word of relative frequency
 *   f is kept with probability {@code p = (√(f/t) + 1)·t/f} (word2vec.c's form; the paper's is
 *   {@code 1 − √(t/f)} for dropping it), capped at 1, t = {@link Config#subsample()}; "the" and
 *   "of" are mostly skipped, which speeds training and widens the effective window
 *   ({@link #keepProbability}).</li>
 *   <li><b>Dynamic window</b>: for each centre word the window is drawn uniformly from
 *   1..{@code window}, so near neighbours count more; the learning rate falls linearly from
 *   {@code learningRate} to {@code learningRate·1e-4} over all epochs.</li>
 * </ul>
 * Initial values: v uniform in [−0.5, 0.5)/dimension, u = 0 (as word2vec.c). The vectors handed out
 * are the input vectors v. Unknown words (id {@link WordVocabulary#unknownId()}) are removed from
 * the stream before windows are taken, as word2vec.c drops words below its minimum count.
 */
public final class SkipGramTrainer {
    /**
     * Hyper-parameters.
     *
     * @param dimension    vector size (50, as the course's GloVe on Austen)
     * @param window       largest distance between centre and context words (5)
     * @param negatives    noise words per positive pair, k (5)
     * @param subsample    t of the subsampling formula (1e-3; 0 = keep every word)
     * @param learningRate starting SGD step (0.025, word2vec.c's skip-gram default)
     * @param epochs       passes over the text (5)
     * @param seed         seed for initial values, subsampling, windows and noise (42)
     */
    public record Config(int dimension, int window, int negatives, double subsample, double learningRate,
                         int epochs, long seed) {
        public Config {
            if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
            if (window < 1) throw new IllegalArgumentException("window must be >= 1, got " + window);
            if (negatives < 1) throw new IllegalArgumentException("negatives must be >= 1, got " + negatives);
            if (!(subsample >= 0)) throw new IllegalArgumentException("subsample must be >= 0, got " + subsample);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }

        /** 50 dimensions, window 5, 5 negatives, t = 1e-3, rate 0.025, 5 epochs. */
        public static Config defaults() { return new Config(50, 5, 5, 1e-3, 0.025, 5, 42); }

        public Config withDimension(int v) { return new Config(v, window, negatives, subsample, learningRate, epochs, seed); }
        public Config withWindow(int v) { return new Config(dimension, v, negatives, subsample, learningRate, epochs, seed); }
        public Config withNegatives(int v) { return new Config(dimension, window, v, subsample, learningRate, epochs, seed); }
        public Config withSubsample(double v) { return new Config(dimension, window, negatives, v, learningRate, epochs, seed); }
        public Config withLearningRate(double v) { return new Config(dimension, window, negatives, subsample, v, epochs, seed); }
        public Config withEpochs(int v) { return new Config(dimension, window, negatives, subsample, learningRate, v, seed); }
        public Config withSeed(long v) { return new Config(dimension, window, negatives, subsample, learningRate, epochs, v); }
    }

    /** Slots of the noise table (word2vec.c uses 1e8; 1e6 resolves shares down to 1e-6). */
    public static final int NOISE_TABLE_SIZE = 1_000_000;

    private final WordVocabulary vocabulary;
    private final Config config;
    private final int vocabSize, dim;
    private final float[] v;          // [vocabSize · dim] input (centre) vectors
    private final float[] u;          // [vocabSize · dim] output (context) vectors
    private final int[] noise;        // the unigram^0.75 table
    private final double[] keep;      // keep probability of each word
    private final SplittableRandom random;
    private int epochsDone;

    /** A trainer for the words of {@code vocabulary}, whose counts give the noise table and the subsampling. */
    public SkipGramTrainer(WordVocabulary vocabulary, Config config) {
        this.vocabulary = vocabulary;
        this.config = config;
        this.vocabSize = vocabulary.size();
        this.dim = config.dimension();
        if (vocabSize < 2) throw new IllegalArgumentException("the vocabulary has " + vocabSize + " entries: need at least one word besides "
                + WordVocabulary.UNKNOWN);
        long[] counts = new long[vocabSize];
        long total = 0;
        for (int i = 0; i < vocabSize; i++) {
            if (i != vocabulary.unknownId()) counts[i] = vocabulary.count(i);
            total += counts[i];
        }
        noise = noiseTable(counts, 0.75, NOISE_TABLE_SIZE);
        keep = new double[vocabSize];
        for (int i = 0; i < vocabSize; i++) keep[i] = counts[i] == 0 ? 0 : keepProbability(counts[i], total, config.subsample());
        random = new SplittableRandom(config.seed());
        v = new float[vocabSize * dim];
        u = new float[vocabSize * dim];
        for (int k = 0; k < v.length; k++) v[k] = (float) ((random.nextDouble() - 0.5) / dim);
    }

    /**
     * Probability that one occurrence of a word seen {@code count} times in {@code total}
     * tokens is kept: {@code min(1, (√(f/t) + 1)·t/f)} with f = count/total (1 when t = 0).
     */
    public static double keepProbability(long count, long total, double t) {
        if (count < 1 || total < count) throw new IllegalArgumentException("need 1 <= count <= total, got " + count + " of " + total);
        if (t == 0) return 1;
        double f = (double) count / total;
        return Math.min(1.0, (Math.sqrt(f / t) + 1) * t / f);
    }

    /**
     * A table of {@code size} word ids in which word w fills about {@code size·count_w^power /
     * Σ count^power} slots (in id order); drawing a uniform slot draws from the unigram
     * distribution raised to {@code power}. Words with count 0 get no slot.
     */
    public static int[] noiseTable(long[] counts, double power, int size) {
        double norm = 0;
        for (long c : counts) if (c < 0) throw new IllegalArgumentException("counts must be >= 0"); else norm += Math.pow(c, power);
        if (norm == 0) throw new IllegalArgumentException("all counts are 0: no word to draw");
        int[] table = new int[size];
        int w = 0;
        while (counts[w] == 0) w++;
        double cumulative = Math.pow(counts[w], power) / norm;
        for (int slot = 0; slot < size; slot++) {
            table[slot] = w;
            if ((slot + 1.0) / size > cumulative && w < counts.length - 1) {
                do w++; while (w < counts.length - 1 && counts[w] == 0);
                cumulative += Math.pow(counts[w], power) / norm;
            }
        }
        return table;
    }

    /** Hyper-parameters. */
    public Config config() { return config; }

    /** Epochs done so far. */
    public int epochsDone() { return epochsDone; }

    /** The noise table (a copy). */
    public int[] noiseTable() { return noise.clone(); }

    /** Keep probability of word {@code id} under subsampling (0 for the unknown token). */
    public double keepProbability(int id) { return keep[id]; }

    /**
     * The per-pair loss {@code −log σ(u_o·v_c) − Σ_j log σ(−u_{n_j}·v_c)} at the current vectors.
     */
    public double pairLoss(int centre, int context, int[] noiseWords) {
        double loss = -logSigmoid(dot(u, context, v, centre));
        for (int n : noiseWords) loss -= logSigmoid(-dot(u, n, v, centre));
        return loss;
    }

    /**
     * The gradients of {@link #pairLoss} (the formulas in the class comment), without changing
     * anything: {@code [0]} = ∂/∂v_c, then ∂/∂u_o, then ∂/∂u_{n_j} for each noise word.
     */
    public float[][] pairGradients(int centre, int context, int[] noiseWords) {
        float[][] g = new float[2 + noiseWords.length][dim];
        int[] targets = new int[1 + noiseWords.length];
        targets[0] = context;
        System.arraycopy(noiseWords, 0, targets, 1, noiseWords.length);
        for (int j = 0; j < targets.length; j++) {
            double coef = sigmoid(dot(u, targets[j], v, centre)) - (j == 0 ? 1 : 0);    // s − label
            for (int k = 0; k < dim; k++) {
                g[0][k] += (float) (coef * u[targets[j] * dim + k]);
                g[1 + j][k] = (float) (coef * v[centre * dim + k]);
            }
        }
        return g;
    }

    /** The input vector v of word {@code id} (live view into the parameters, for gradient checks). */
    float[] inputVectors() { return v; }

    /** The output vectors u (live view). */
    float[] outputVectors() { return u; }

    /** Runs {@link Config#epochs()} epochs over {@code ids}, reporting each epoch's mean pair loss as a step. */
    public SkipGramTrainer train(int[] ids, TrainingListener listener) {
        int[] stream = known(ids);
        int total = config.epochs();
        listener.onStart("skip-gram " + dim + "d", total);
        long start = System.nanoTime();
        int first = epochsDone;
        try {
            for (int e = 0; e < total; e++) {
                double loss = epoch(stream, e, total);
                epochsDone++;
                listener.onStep(new StepEvent(epochsDone - first, total, loss, stream.length, (System.nanoTime() - start) / 1e9));
            }
        } finally {
            listener.onEnd(epochsDone - first, (System.nanoTime() - start) / 1e9);
        }
        return this;
    }

    private int[] known(int[] ids) {
        int n = 0;
        for (int id : ids) {
            if (id < 0 || id >= vocabSize) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabSize);
            if (id != vocabulary.unknownId()) n++;
        }
        if (n < 2) throw new IllegalArgumentException("the text has " + n + " known words: need at least 2");
        int[] out = new int[n];
        for (int i = 0, j = 0; i < ids.length; i++) if (ids[i] != vocabulary.unknownId()) out[j++] = ids[i];
        return out;
    }

    /** One pass; returns the mean per-pair loss (measured before each pair's update). */
    private double epoch(int[] stream, int e, int epochs) {
        int[] kept = new int[stream.length];
        int n = 0;
        for (int id : stream) if (keep[id] >= 1 || random.nextDouble() < keep[id]) kept[n++] = id;
        float[] grad = new float[dim];            // ∂loss/∂v_c accumulated over the targets of one pair
        int[] negatives = new int[config.negatives()];
        double lossSum = 0;
        long pairs = 0;
        for (int pos = 0; pos < n; pos++) {
            double progress = (e + (double) pos / n) / epochs;
            double lr = config.learningRate() * Math.max(1e-4, 1 - progress);
            int centre = kept[pos];
            int reach = 1 + random.nextInt(config.window());                   // dynamic window
            for (int q = Math.max(0, pos - reach); q <= Math.min(n - 1, pos + reach); q++) {
                if (q == pos) continue;
                for (int j = 0; j < negatives.length; j++) negatives[j] = noise[random.nextInt(noise.length)];
                lossSum += update(centre, kept[q], negatives, lr, grad);
                pairs++;
            }
        }
        return pairs == 0 ? Double.NaN : lossSum / pairs;
    }

    /** One SGD step on one (centre, context) pair and its noise words; returns the loss before it. */
    private double update(int centre, int context, int[] negatives, double lr, float[] grad) {
        java.util.Arrays.fill(grad, 0f);
        double loss = 0;
        int c = centre * dim;
        for (int j = -1; j < negatives.length; j++) {
            int target = j < 0 ? context : negatives[j];
            if (j >= 0 && target == context) continue;                           // a noise draw of the true word: skip it
            int t = target * dim;
            double score = dot(u, target, v, centre);
            double label = j < 0 ? 1 : 0;
            loss -= logSigmoid(j < 0 ? score : -score);
            float coef = (float) (lr * (sigmoid(score) - label));             // lr·(s − label)
            for (int k = 0; k < dim; k++) {
                grad[k] += coef * u[t + k];
                u[t + k] -= coef * v[c + k];
            }
        }
        for (int k = 0; k < dim; k++) v[c + k] -= grad[k];
        return loss;
    }

    private double dot(float[] a, int i, float[] b, int j) {
        double s = 0;
        int ai = i * dim, bj = j * dim;
        for (int k = 0; k < dim; k++) s += a[ai + k] * b[bj + k];
        return s;
    }

    private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** log σ(x), computed without overflow for large |x|. */
    static double logSigmoid(double x) { return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)); }

    /** The input vectors v of every word except the unknown token. */
    public WordVectors vectors() {
        List<String> words = new ArrayList<>(vocabSize - 1);
        float[] data = new float[(vocabSize - 1) * dim];
        for (int i = 0, r = 0; i < vocabSize; i++) {
            if (i == vocabulary.unknownId()) continue;
            words.add(vocabulary.word(i));
            System.arraycopy(v, i * dim, data, r++ * dim, dim);
        }
        return WordVectors.of(words, data, dim);
    }
}
