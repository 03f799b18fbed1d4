package dev.atelier.embed;

import dev.atelier.text.WordVocabulary;
import dev.atelier.train.TrainingListener;
import dev.atelier.train.TrainingListener.StepEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * GloVe: global vectors for word representation (Pennington, Socher &amp; Manning, 2014), trained
 * by hand with AdaGrad on plain {@code float} arrays.
 *
 * <p>The model gives every word i a word vector w_i and a context vector w̃_i (both of
 * {@code dimension} numbers) and two biases b_i, b̃_i, and fits them to the logarithm of the
 * co-occurrence counts X by weighted least squares:
 * <pre>
 *   J = Σ_{i,j : X_ij &gt; 0}  f(X_ij) · (w_iᵀ w̃_j + b_i + b̃_j − log X_ij)²
 *   f(x) = min(1, (x / x_max)^α)        (x_max = 100, α = 3/4 by default)
 * </pre>
 * f lets rare pairs (noisy counts) weigh little and caps frequent ones at 1.
 *
 * <p>Optimisation, as in Stanford's {@code glove.c}: the non-zero entries are shuffled once (with
 * the seed) and visited in that order every epoch; each visit takes one AdaGrad step on the
 * eight parameter groups it touches. With diff = w_iᵀw̃_j + b_i + b̃_j − log X_ij and the
 * half-gradient g (the gradient of J/2, e.g. g_{w_i} = f·diff·w̃_j, g_{b_i} = f·diff):
 * <pre>
 *   θ ← θ − η·g / √G        then        G ← G + (η·g)²        (G starts at 1, per number)
 * </pre>
 * (Stanford's form of AdaGrad: the same as AdaGrad with rate 1 and an initial accumulator of
 * 1/η², so the very first step is plain gradient descent with rate η.) The final vectors are
 * W + W̃, which the paper found a little better than W alone.
 *
 * <p>Reported loss: after each epoch, {@link TrainingListener#onStep} receives J/N, the mean of
 * f·diff² over the N non-zeros, summed while the epoch runs (each entry just before its own
 * update). Stanford's tool prints half of this number.
 *
 * <p>Reproducible: single-threaded and seeded (initial values uniform in [−0.5, 0.5)/dimension,
 * biases included, and the shuffle), so the same matrix, config and seed give bit-identical
 * vectors.
 *
 * <p>Memory: 16 bytes per non-zero (two int indices, log X and f(X), precomputed) plus
 * 16·(dimension+1)·vocabSize bytes for parameters and accumulators.
 */
public final class GloveTrainer {

    /**
     * Hyper-parameters.
     *
     * @param dimension    numbers per word vector (50 in the course; 100–300 for big corpora)
     * @param epochs       passes over all non-zeros (Stanford's default 25)
     * @param learningRate η, AdaGrad's initial step (0.05)
     * @param xMax         x_max, the count at which f reaches 1 (100)
     * @param alpha        α, the exponent of f below x_max (0.75)
     * @param seed         seed of the initial values and of the shuffle
     */
    public record Config(int dimension, int epochs, double learningRate, double xMax, double alpha, long seed) {
        /** Checks the ranges: dimension &gt; 0, epochs ≥ 0, η, x_max &gt; 0 and α ≥ 0 finite. */
        public Config {
            if (dimension <= 0) throw new IllegalArgumentException("vector dimension must be > 0, got " + dimension);
            if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
            if (!(learningRate > 0) || Double.isInfinite(learningRate))
                throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
            if (!(xMax > 0) || Double.isInfinite(xMax)) throw new IllegalArgumentException("x_max must be > 0, got " + xMax);
            if (!(alpha >= 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("alpha must be >= 0, got " + alpha);
        }

        /** Stanford's defaults: 50 dimensions, 25 epochs, η = 0.05, x_max = 100, α = 0.75, seed 42. */
        public static Config defaults() { return new Config(50, 25, 0.05, 100, 0.75, 42); }

        /**
         * {@return a copy of this configuration with {@code d} numbers per vector}
         *
         * @param d the new value
         */
        public Config withDimension(int d) { return new Config(d, epochs, learningRate, xMax, alpha, seed); }
        /**
         * {@return a copy of this configuration with {@code e} epochs}
         *
         * @param e the new value
         */
        public Config withEpochs(int e) { return new Config(dimension, e, learningRate, xMax, alpha, seed); }
        /**
         * {@return a copy of this configuration with learning rate η = {@code eta}}
         *
         * @param eta the new value
         */
        public Config withLearningRate(double eta) { return new Config(dimension, epochs, eta, xMax, alpha, seed); }
        /**
         * {@return a copy of this configuration with x_max = {@code x}}
         *
         * @param x the new value
         */
        public Config withXMax(double x) { return new Config(dimension, epochs, learningRate, x, alpha, seed); }
        /**
         * {@return a copy of this configuration with α = {@code a}}
         *
         * @param a the new value
         */
        public Config withAlpha(double a) { return new Config(dimension, epochs, learningRate, xMax, a, seed); }
        /**
         * {@return a copy of this configuration with seed {@code s}}
         *
         * @param s the new value
         */
        public Config withSeed(long s) { return new Config(dimension, epochs, learningRate, xMax, alpha, s); }
    }

    /** f(x) = min(1, (x / x_max)^α): the weight of one co-occurrence count in the loss. */
    public static double weight(double x, double xMax, double alpha) {
        if (!(x > 0)) throw new IllegalArgumentException("a co-occurrence count must be > 0, got " + x);
        return x >= xMax ? 1.0 : Math.pow(x / xMax, alpha);
    }

    private final Config config;
    private final int vocabSize;
    private final int dim;

    // Parameters. Row i of a matrix starts at i * dim.
    private final float[] w;        // [vocabSize * dim]  word vectors w_i
    private final float[] c;        // [vocabSize * dim]  context vectors w̃_j
    private final float[] bw;       // [vocabSize]        word biases b_i
    private final float[] bc;       // [vocabSize]        context biases b̃_j
    // AdaGrad accumulators G, one per parameter, starting at 1.
    private final float[] gw, gc, gbw, gbc;

    // The non-zeros of X in the (seeded) shuffled visiting order.
    private final int[] rows;       // [N] i
    private final int[] cols;       // [N] j
    private final float[] logX;     // [N] log X_ij
    private final float[] f;        // [N] f(X_ij)

    private int epochsDone;

    /**
     * A trainer for {@code x}, with freshly initialised parameters.
     *
     * @throws IllegalArgumentException when {@code x} has no non-zero entries
     */
    public GloveTrainer(Cooccurrences x, Config config) {
        this.config = config;
        this.vocabSize = x.vocabSize();
        this.dim = config.dimension();
        int n = x.nonZeros();
        if (n == 0) throw new IllegalArgumentException("the co-occurrence matrix has no non-zero entries: nothing to fit");
        SplittableRandom random = new SplittableRandom(config.seed());

        w = new float[vocabSize * dim];
        c = new float[vocabSize * dim];
        bw = new float[vocabSize];
        bc = new float[vocabSize];
        for (float[] p : new float[][]{w, c, bw, bc})
            for (int k = 0; k < p.length; k++) p[k] = (float) ((random.nextDouble() - 0.5) / dim);
        gw = ones(vocabSize * dim);
        gc = ones(vocabSize * dim);
        gbw = ones(vocabSize);
        gbc = ones(vocabSize);

        // Shuffle the entries once (Fisher–Yates on an index permutation) and store them in that order.
        int[] order = new int[n];
        for (int k = 0; k < n; k++) order[k] = k;
        for (int k = n - 1; k > 0; k--) {
            int r = random.nextInt(k + 1);
            int t = order[k]; order[k] = order[r]; order[r] = t;
        }
        int[] rowOfEntry = new int[n];
        int[] rowStart = x.rowStart();
        for (int i = 0; i < vocabSize; i++)
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) rowOfEntry[k] = i;
        rows = new int[n];
        cols = new int[n];
        logX = new float[n];
        f = new float[n];
        int[] xc = x.cols();
        float[] xv = x.values();
        for (int k = 0; k < n; k++) {
            int e = order[k];
            rows[k] = rowOfEntry[e];
            cols[k] = xc[e];
            logX[k] = (float) Math.log(xv[e]);
            f[k] = (float) weight(xv[e], config.xMax(), config.alpha());
        }
    }

    /** The configuration. */
    public Config config() { return config; }

    /** Number of non-zeros visited per epoch. */
    public int nonZeros() { return rows.length; }

    /** Epochs trained so far. */
    public int epochsDone() { return epochsDone; }

    /**
     * Trains {@code config.epochs()} epochs, reporting J/N after each to {@code listener}
     * (run name "glove"; a step is an epoch; its token count is N, the entries visited).
     *
     * @throws IllegalStateException when the loss becomes NaN or infinite (learning rate too high)
     */
    public GloveTrainer train(TrainingListener listener) {
        int epochs = config.epochs();
        listener.onStart("glove", epochs);
        long t0 = System.nanoTime();
        int done = 0;
        try {
            for (int e = 1; e <= epochs; e++) {
                double loss = epoch();
                done = e;
                if (!Double.isFinite(loss))
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "GloVe diverged in epoch %d (loss %s): lower the learning rate (now %s)", e, loss, config.learningRate()));
                listener.onStep(new StepEvent(e, epochs, loss, rows.length, (System.nanoTime() - t0) / 1e9));
            }
        } finally {
            listener.onEnd(done, (System.nanoTime() - t0) / 1e9);
        }
        return this;
    }

    /** One pass over every non-zero in the shuffled order; returns J/N summed during the pass. */
    public double epoch() {
        double loss = 0;
        for (int e = 0; e < rows.length; e++) loss += update(e);
        epochsDone++;
        return loss / rows.length;
    }

    /**
     * One AdaGrad step on entry e (in visiting order, 0 ≤ e &lt; {@link #nonZeros()}): the eight
     * parameter groups w_i, w̃_j, b_i, b̃_j it touches, by the formula in the class comment.
     * Training calls it for every entry in turn; a notebook calls it to follow one step by hand.
     *
     * @param e the entry's place in the visiting order ({@link #entryRow}, {@link #entryCol})
     * @return the entry's f·diff² before the step
     */
    public double update(int e) {
        final int d = dim;
        final float[] w = this.w, c = this.c, gw = this.gw, gc = this.gc;
        int i = rows[e], j = cols[e];
        int wi = i * d, cj = j * d;
        float diff = dot(w, wi, c, cj, d) + bw[i] + bc[j] - logX[e];   // prediction − log X_ij
        float fdiff = f[e] * diff;                                      // half-gradient wrt the prediction
        double loss = (double) fdiff * diff;                            // f · diff²
        fdiff *= (float) config.learningRate();                         // η · f · diff
        for (int k = 0; k < d; k++) {
            float gradW = fdiff * c[cj + k];                            // η·g for w_i  (uses the old w̃_j)
            float gradC = fdiff * w[wi + k];                            // η·g for w̃_j (uses the old w_i)
            w[wi + k] -= gradW / (float) Math.sqrt(gw[wi + k]);
            c[cj + k] -= gradC / (float) Math.sqrt(gc[cj + k]);
            gw[wi + k] += gradW * gradW;
            gc[cj + k] += gradC * gradC;
        }
        bw[i] -= fdiff / (float) Math.sqrt(gbw[i]);
        bc[j] -= fdiff / (float) Math.sqrt(gbc[j]);
        gbw[i] += fdiff * fdiff;
        gbc[j] += fdiff * fdiff;
        return loss;
    }

    /** J/N at the current parameters, without changing them (a full pass, computed in double). */
    public double loss() {
        double sum = 0;
        for (int e = 0; e < rows.length; e++) sum += entryLoss(e);
        return sum / rows.length;
    }

    /** The word vector w_i (a copy). */
    public float[] wordVector(int i) { return row(w, i); }

    /** The context vector w̃_i (a copy). */
    public float[] contextVector(int i) { return row(c, i); }

    /** The final vector w_i + w̃_i (a new array). */
    public float[] vector(int i) {
        float[] v = row(w, i);
        for (int k = 0; k < dim; k++) v[k] += c[i * dim + k];
        return v;
    }

    /**
     * The final vectors W + W̃ of every word of {@code vocabulary} except the unknown token
     * (which has no co-occurrences when counted with {@code skipId = unknownId()}).
     */
    public WordVectors vectors(WordVocabulary vocabulary) {
        if (vocabulary.size() != vocabSize)
            throw new IllegalArgumentException("vocabulary has " + vocabulary.size() + " entries but the matrix has "
                    + vocabSize + " rows: use the vocabulary the co-occurrences were counted with");
        List<String> words = new ArrayList<>(vocabSize - 1);
        float[] data = new float[(vocabSize - 1) * dim];
        for (int i = 0, r = 0; i < vocabSize; i++) {
            if (i == vocabulary.unknownId()) continue;
            words.add(vocabulary.word(i));
            System.arraycopy(vector(i), 0, data, r++ * dim, dim);
        }
        return WordVectors.of(words, data, dim);
    }

    /** Bytes held by the entries, parameters and accumulators. */
    public long memoryBytes() {
        return 16L * rows.length + 4L * (4L * vocabSize * dim + 4L * vocabSize);
    }

    // ---- pieces exposed to the tests (same package) ------------------------------------------

    /** f(X)·diff² of entry e (in visiting order) at the current parameters, in double. */
    double entryLoss(int e) {
        int i = rows[e], j = cols[e];
        double diff = bw[i] + (double) bc[j] - logX[e];
        for (int k = 0; k < dim; k++) diff += (double) w[i * dim + k] * c[j * dim + k];
        return f[e] * diff * diff;
    }

    /** {@return the word i of entry e (in visiting order)} @param e the entry's place */
    public int entryRow(int e) { return rows[e]; }
    /** {@return the context word j of entry e (in visiting order)} @param e the entry's place */
    public int entryCol(int e) { return cols[e]; }
    /** {@return the word bias b_i} @param i the word id */
    public float wordBias(int i) { return bw[i]; }
    /** {@return the context bias b̃_i} @param i the word id */
    public float contextBias(int i) { return bc[i]; }
    float[] wordMatrix() { return w; }
    float[] contextMatrix() { return c; }
    float[] wordBiases() { return bw; }
    float[] contextBiases() { return bc; }

    // ---- helpers -------------------------------------------------------------------------------

    /** a[ao..ao+d) · b[bo..bo+d), with four partial sums so the additions can overlap. */
    private static float dot(float[] a, int ao, float[] b, int bo, int d) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < d; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < d; k++) s0 += a[ao + k] * b[bo + k];
        return (s0 + s1) + (s2 + s3);
    }

    private float[] row(float[] m, int i) {
        if (i < 0 || i >= vocabSize)
            throw new IllegalArgumentException("word id " + i + " is outside [0, " + vocabSize + ")");
        float[] v = new float[dim];
        System.arraycopy(m, i * dim, v, 0, dim);
        return v;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
