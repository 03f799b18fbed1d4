package dev.atelier.rnn;

import dev.atelier.gpt.Sampler;
import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Corpus;
import dev.atelier.text.RandomWindows;
import dev.atelier.train.LossHistory;
import dev.atelier.train.TrainingListener;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Random;

/**
 * A character-level language model: DL4J's stacked {@code LSTM} layers under an
 * {@code RnnOutputLayer} (softmax over the characters, cross-entropy loss), trained with Adam,
 * per-layer gradient clipping and truncated backpropagation through time.
 *
 * <pre>
 *   x_t  = onehot(char_t)                                   [V]      (one-hot input, no embedding layer)
 *   h_t¹ = LSTM¹(x_t, h_{t−1}¹) … h_tᴸ = LSTMᴸ(h_tᴸ⁻¹, h_{t−1}ᴸ)  [H]
 *   p(char_{t+1} | char_≤t) = softmax(h_tᴸ·W_out + b_out)    [V]
 *   loss = −(1/N) Σ log p(actual next char)                  nats per character; perplexity = e^loss
 * </pre>
 * A training window is {@code seqLen × segments} characters at a random position of the training
 * text; DL4J cuts it into {@code segments} pieces of {@code seqLen}, carries the LSTM state from
 * piece to piece and backpropagates only within a piece (truncated BPTT), one Adam update per
 * piece. A <b>step</b> is one update. Inputs are one-hot: one {@code float[]} filled per batch
 * and turned into a tensor with a single {@code Nd4j.create} (no per-element {@code putScalar}).
 * The LSTM layers run on {@link FusedLstmHelper} unless {@link Config#fused()} is false.
 *
 * <p>Two paths compute the training steps, with the same numbers ({@code FastCharLstmTest} holds
 * them equal): the {@link FastCharLstm} (forward and backward written out; the default on the CPU
 * backend) and DL4J's {@code fit} (the path on CUDA). {@link #engine(Engine)} forces either; the
 * listener's {@code onStart} note says which runs. Both update the same parameters with DL4J's
 * updater, so checkpoints and sampling do not depend on the path. They part on one point: with
 * {@link Config#segments()} &gt; 1, on the second and later pieces of a window DL4J 1.0.0-M2.1's
 * gradient is not the derivative of its own loss (finite differences of DL4J's own score agree
 * with the fast path; {@code FastCharLstmTest} pins it), so there the fast path is the correct one.
 *
 * <p>The model never prints: it reports every step and every evaluation to a
 * {@link TrainingListener}. Checkpoints ({@link #save}) hold the vocabulary, the
 * hyper-parameters, the progress and loss history, DL4J's network with its Adam state, so that
 * {@link #load} + {@link #train} continues the same step count and loss curve (and draws the same
 * batches an uninterrupted run would).
 */
public final class CharLstmModel {
    /** Checkpoint kind written in the header. */
    public static final String KIND = "char-lstm";

    /**
     * Hyper-parameters.
     *
     * @param layers       stacked LSTM layers (2)
     * @param hidden       units per LSTM layer (256)
     * @param seqLen       characters per truncated-BPTT piece: how far back gradients reach (64)
     * @param segments     pieces per training window; the state is carried across them (1: plain windows)
     * @param batch        windows per step (32)
     * @param learningRate Adam's step size (8e-3: on Pride and Prejudice, 300 steps reach validation 1.56 nats/char
     *                     at 8e-3, 1.81 at 4e-3, 2.15 at 2e-3; 1.5e-2 was no better)
     * @param clip         gradient clipping: each layer's gradient L2 norm is capped at this (5)
     * @param seed         seed for weights, batches and sampling (42)
     * @param evalEvery    evaluate train/validation loss every this many steps (100)
     * @param evalChars    characters of each text used per evaluation (16384; 0 = all)
     * @param fused        run the LSTM layers on {@link FusedLstmHelper} (true; false = DL4J's own code)
     */
    public record Config(int layers, int hidden, int seqLen, int segments, int batch, double learningRate,
                         double clip, long seed, int evalEvery, int evalChars, boolean fused) {
        public Config {
            checkTraining(layers, hidden, seqLen, batch, evalEvery, evalChars, learningRate, clip);
            positive("segments", segments);
        }

        /** The defaults: 2×256, sequences of 64, batch 32, Adam 8e-3. */
        public static Config defaults() {
            return new Config(2, 256, 64, 1, 32, 8e-3, 5.0, 42, 100, 16384, true);
        }

        /** Characters per training window. */
        public int windowLength() { return seqLen * segments; }

        public Config withLayers(int v) { return new Config(v, hidden, seqLen, segments, batch, learningRate, clip, seed, evalEvery, evalChars, fused); }
        public Config withHidden(int v) { return new Config(layers, v, seqLen, segments, batch, learningRate, clip, seed, evalEvery, evalChars, fused); }
        public Config withSeqLen(int v) { return new Config(layers, hidden, v, segments, batch, learningRate, clip, seed, evalEvery, evalChars, fused); }
        public Config withSegments(int v) { return new Config(layers, hidden, seqLen, v, batch, learningRate, clip, seed, evalEvery, evalChars, fused); }
        public Config withBatch(int v) { return new Config(layers, hidden, seqLen, segments, v, learningRate, clip, seed, evalEvery, evalChars, fused); }
        public Config withLearningRate(double v) { return new Config(layers, hidden, seqLen, segments, batch, v, clip, seed, evalEvery, evalChars, fused); }
        public Config withClip(double v) { return new Config(layers, hidden, seqLen, segments, batch, learningRate, v, seed, evalEvery, evalChars, fused); }
        public Config withSeed(long v) { return new Config(layers, hidden, seqLen, segments, batch, learningRate, clip, v, evalEvery, evalChars, fused); }
        public Config withEvalEvery(int v) { return new Config(layers, hidden, seqLen, segments, batch, learningRate, clip, seed, v, evalChars, fused); }
        public Config withEvalChars(int v) { return new Config(layers, hidden, seqLen, segments, batch, learningRate, clip, seed, evalEvery, v, fused); }
        public Config withFused(boolean v) { return new Config(layers, hidden, seqLen, segments, batch, learningRate, clip, seed, evalEvery, evalChars, v); }

        /**
         * The checks the character models' settings share: sizes and evaluation period >= 1,
         * evalChars >= 0, learning rate and gradient clip > 0.
         *
         * @throws IllegalArgumentException naming the first setting out of range and its value
         */
        static void checkTraining(int layers, int hidden, int seqLen, int batch, int evalEvery, int evalChars,
                                  double learningRate, double clip) {
            positive("layers", layers);
            positive("hidden", hidden);
            positive("seqLen", seqLen);
            positive("batch", batch);
            positive("evalEvery", evalEvery);
            if (evalChars < 0) throw new IllegalArgumentException("evalChars must be >= 0, got " + evalChars);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
            if (!(clip > 0)) throw new IllegalArgumentException("gradient clip must be > 0, got " + clip);
        }

        private static void positive(String name, int v) {
            if (v < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    private final Config config;
    private final CharVocabulary vocabulary;
    private final MultiLayerNetwork net;
    final LossHistory history = new LossHistory();
    int steps;                     // optimiser updates so far
    long windowsDrawn;             // training windows drawn so far (to resume the same batch sequence)
    long tokens;                   // characters trained on so far
    private volatile boolean stopRequested;   // set from another thread (a signal handler): stop between windows
    private Engine engine = Engine.AUTO;
    private FastCharLstm fast;                // the fast path, built on first use
    double elapsedSeconds;         // training time so far, over all sessions

    private CharLstmModel(Config config, CharVocabulary vocabulary, MultiLayerNetwork net) {
        this.config = config;
        this.vocabulary = vocabulary;
        this.net = net;
        if (config.fused()) FusedLstmHelper.install(net);
    }

    /** A new, randomly initialised model over {@code vocabulary}. */
    public static CharLstmModel create(CharVocabulary vocabulary, Config config) {
        if (vocabulary.size() < 2)
            throw new IllegalArgumentException("a language model needs at least 2 distinct characters, the vocabulary has "
                    + vocabulary.size() + " (" + vocabulary.characters() + ")");
        MultiLayerNetwork net = new MultiLayerNetwork(network(vocabulary.size(), config));
        net.init();
        return new CharLstmModel(config, vocabulary, net);
    }

    /** The DL4J configuration: {@code layers} × LSTM(tanh, sigmoid gates) + RnnOutputLayer(softmax, MCXENT). */
    static MultiLayerConfiguration network(int vocab, Config c) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(c.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .gradientNormalization(GradientNormalization.ClipL2PerLayer)
                .gradientNormalizationThreshold(c.clip())
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        for (int l = 0; l < c.layers(); l++)
            list.layer(new LSTM.Builder().nIn(l == 0 ? vocab : c.hidden()).nOut(c.hidden())
                    .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID).build());
        list.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(c.hidden()).nOut(vocab).build());
        return list.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(c.seqLen()).tBPTTBackwardLength(c.seqLen())
                .build();
    }

    /** Hyper-parameters. */
    public Config config() { return config; }

    /** The characters the model knows. */
    public CharVocabulary vocabulary() { return vocabulary; }

    /** The DL4J network (for inspection; training goes through {@link #train}). */
    public MultiLayerNetwork network() { return net; }

    /** Steps (optimiser updates) done so far, over all sessions. */
    public int steps() { return steps; }

    /** Characters trained on so far. */
    public long tokens() { return tokens; }

    /** Training time so far in seconds, over all sessions. */
    public double elapsedSeconds() { return elapsedSeconds; }

    /** Every step and evaluation so far, over all sessions (restored from checkpoints). */
    public LossHistory history() { return history; }

    /** Number of parameters. */
    public long parameterCount() { return net.numParams(); }

    /** {@code e^loss}: the perplexity of a loss in nats. */
    public static double perplexity(double nats) { return Math.exp(nats); }

    // ----------------------------------------------------------------------------------- training

    /** Which code computes the training steps (and the evaluation losses). */
    public enum Engine {
        /** The {@link FastCharLstm} on the CPU backend, DL4J's {@code fit} elsewhere. */
        AUTO,
        /** The {@link FastCharLstm}; refused with the reason where it cannot run. */
        FAST,
        /** DL4J's {@code fit} (its LSTM layer, with {@link FusedLstmHelper} when {@link Config#fused()}). */
        DL4J
    }

    /**
     * Chooses the path (default {@link Engine#AUTO}); a forced {@code FAST} that cannot run here is
     * an {@link IllegalArgumentException} naming why.
     */
    public CharLstmModel engine(Engine engine) {
        String refusal = fastPathRefusal();
        if (engine == Engine.FAST && refusal != null)
            throw new IllegalArgumentException("the fast LSTM path cannot train this model: " + refusal);
        this.engine = engine;
        return this;
    }

    /** True when training steps run on the {@link FastCharLstm}. */
    public boolean usesFastPath() {
        return switch (engine) {
            case FAST -> true;
            case DL4J -> false;
            case AUTO -> fastPathRefusal() == null;
        };
    }

    /** One line: which path trains and, when AUTO chose DL4J, why. */
    public String describePath() {
        if (usesFastPath()) return "fast CPU path (forward and backward written out)";
        String dl4j = config.fused() ? "DL4J fit with the fused LSTM helper" : "DL4J fit with DL4J's own LSTM code";
        return dl4j + (engine == Engine.DL4J ? " (chosen)" : ": " + fastPathRefusal());
    }

    private String fastPathRefusal() {
        if (dev.atelier.Backend.isCuda()) return "the ND4J backend is CUDA (the fast path computes on the CPU)";
        return FastCharLstm.refusal(net);
    }

    private FastCharLstm fast() {
        if (fast == null) fast = new FastCharLstm(net);
        return fast;
    }

    /** What one {@link #train} call did. */
    public record Report(int steps, int totalSteps, double lastTrainLoss, double validationLoss,
                         double seconds, long tokens, double tokensPerSecond) {
        /** e^validationLoss. */
        public double validationPerplexity() { return Math.exp(validationLoss); }
    }

    /**
     * Trains for {@code moreSteps} steps on the training part of {@code split}, evaluating on
     * both parts every {@link Config#evalEvery()} steps and at the end.
     *
     * @throws IllegalArgumentException when a text is shorter than a window (+1) or holds a
     *                                  character outside the vocabulary
     */
    public Report train(Corpus.Split split, int moreSteps, TrainingListener listener) {
        return train(split, moreSteps, 0, listener);
    }

    /**
     * Asks {@link #train} to return after the window it is in (safe from any thread, e.g. a
     * signal handler), without a final evaluation; the model can then be {@link #save}d.
     */
    public void requestStop() { stopRequested = true; }

    /**
     * As {@link #train(Corpus.Split, int, TrainingListener)}, but stops early once
     * {@code maxSeconds} of wall time have passed in this call (0: no limit), with a final
     * evaluation at the step where it stopped.
     */
    public Report train(Corpus.Split split, int moreSteps, double maxSeconds, TrainingListener listener) {
        if (maxSeconds < 0) throw new IllegalArgumentException("time limit must be >= 0 seconds, got " + maxSeconds);
        if (moreSteps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + moreSteps);
        int[] trainIds = encodeText(vocabulary, "training text", split.train());
        int[] validIds = encodeText(vocabulary, "validation text", split.validation());
        int window = config.windowLength();
        checkLength("training text", trainIds, window);
        checkLength("validation text", validIds, 1);

        RandomWindows windows = new RandomWindows(trainIds, window, config.seed());
        for (long w = 0; w < windowsDrawn; w++) windows.next(config.batch()); // resume: same batches as an uninterrupted run

        int target = steps + moreSteps;
        String run = String.format(Locale.ROOT, "char-lstm %dx%d", config.layers(), config.hidden());
        FastCharLstm fastPath = usesFastPath() ? fast() : null;
        listener.onStart(run, target, describePath());
        TrainingListener both = TrainingListener.all(history, listener);
        long startNanos = System.nanoTime();
        double startElapsed = elapsedSeconds;
        long tokensAtStart = tokens;
        int tokensPerStep = config.batch() * config.seqLen();
        Dl4jStepListener perUpdate = new Dl4jStepListener(both, steps, target, config.seqLen(), tokensPerStep,
                startElapsed, startNanos, () -> tokens += tokensPerStep);
        net.setListeners(perUpdate);
        double validation = Double.NaN;
        int stepsAtStart = steps;
        try {
            while (perUpdate.steps() < target && !stopRequested) {
                boolean outOfTime = maxSeconds > 0 && (System.nanoTime() - startNanos) / 1e9 >= maxSeconds;
                if (outOfTime) {
                    if (history.evaluations().isEmpty() || history.evaluations().get(history.evaluations().size() - 1).step() != steps) {
                        elapsedSeconds = startElapsed + (System.nanoTime() - startNanos) / 1e9;
                        validation = evaluate(validIds);
                        both.onEvaluation(new TrainingListener.EvaluationEvent(steps, evaluate(trainIds), validation, elapsedSeconds));
                    }
                    break;
                }
                RandomWindows.Batch b = windows.next(config.batch());
                windowsDrawn++;
                int pieces = Math.min(config.segments(), target - perUpdate.steps());
                int before = perUpdate.steps();
                if (fastPath != null) {
                    for (int p = 0; p < pieces; p++) {
                        fastPath.trainStep(b.inputs(), b.targets(), b.batchSize(), b.length(), p * config.seqLen(), config.seqLen(), p > 0);
                        perUpdate.iterationDone(net, net.getIterationCount(), net.getEpochCount());
                        fastPath.countUpdate();
                    }
                } else {
                    net.fit(batch(b, pieces * config.seqLen()));
                }
                if (perUpdate.steps() - before != pieces)
                    throw new IllegalStateException("expected " + pieces + " updates from one window, DL4J made " + (perUpdate.steps() - before));
                steps = perUpdate.steps();
                boolean crossed = before / config.evalEvery() != steps / config.evalEvery();
                if (crossed || steps == target) {
                    elapsedSeconds = startElapsed + (System.nanoTime() - startNanos) / 1e9;
                    double trainLoss = evaluate(trainIds), valLoss = evaluate(validIds);
                    validation = valLoss;
                    both.onEvaluation(new TrainingListener.EvaluationEvent(steps, trainLoss, valLoss, elapsedSeconds));
                }
            }
        } finally {
            net.setListeners(new ArrayList<org.deeplearning4j.optimize.api.TrainingListener>());
            elapsedSeconds = startElapsed + (System.nanoTime() - startNanos) / 1e9;
            listener.onEnd(steps, elapsedSeconds);
        }
        double seconds = elapsedSeconds - startElapsed;
        long done = tokens - tokensAtStart;
        return new Report(steps - stepsAtStart, steps, perUpdate.lastLoss(), validation, seconds, done, done / Math.max(seconds, 1e-9));
    }

    /** One-hot inputs and targets {@code [B, V, len]} from the first {@code len} characters of each window. */
    DataSet batch(RandomWindows.Batch b, int len) {
        int batch = b.batchSize(), full = b.length(), v = vocabulary.size();
        float[] x = new float[batch * v * len];
        float[] y = new float[batch * v * len];
        int[] in = b.inputs(), out = b.targets();
        for (int e = 0; e < batch; e++)
            for (int t = 0; t < len; t++) {
                x[(e * v + in[e * full + t]) * len + t] = 1f;    // c-order [B, V, T]
                y[(e * v + out[e * full + t]) * len + t] = 1f;
            }
        long[] shape = {batch, v, len};
        return new DataSet(Nd4j.create(x, shape, 'c'), Nd4j.create(y, shape, 'c'));
    }

    /**
     * Mean loss in nats per character over consecutive windows of {@link Config#windowLength()}
     * (state reset at each window) covering the first {@link Config#evalChars()} characters
     * (all when 0) of {@code ids}; every character after the first of a window is predicted.
     */
    public double evaluate(int[] ids) {
        int window = config.windowLength();
        int limit = config.evalChars() > 0 ? Math.min(ids.length, config.evalChars() + 1) : ids.length;
        int len = Math.min(window, limit - 1);
        if (len < 1) throw new IllegalArgumentException("need at least 2 characters to evaluate, got " + limit);
        int count = (limit - 1) / len;
        double sum = 0;
        long n = 0;
        for (int first = 0; first < count; first += config.batch()) {
            int bsz = Math.min(config.batch(), count - first);
            int[] x = new int[bsz * len], y = new int[bsz * len];
            for (int e = 0; e < bsz; e++) {
                int start = (first + e) * len;
                System.arraycopy(ids, start, x, e * len, len);
                System.arraycopy(ids, start + 1, y, e * len, len);
            }
            if (usesFastPath()) {
                sum += fast().loss(x, y, bsz, len);
                n += (long) bsz * len;
                continue;
            }
            DataSet ds = batch(new RandomWindows.Batch(x, y, bsz, len), len);
            INDArray p = net.output(ds.getFeatures(), false).dup('c');          // [B, V, len] probabilities
            float[] probs = p.data().asFloat();
            int v = vocabulary.size();
            for (int e = 0; e < bsz; e++)
                for (int t = 0; t < len; t++) {
                    sum -= Math.log(Math.max(probs[(e * v + y[e * len + t]) * len + t], 1e-30f));
                    n++;
                }
        }
        net.rnnClearPreviousState();
        return sum / n;
    }

    /** Mean loss in nats per character of {@code text} (see {@link #evaluate(int[])}). */
    public double evaluate(String text) {
        return evaluate(encodeText(vocabulary, "text", text));
    }

    /** The character models' encoding: {@code text} as ids of the model's vocabulary; the error says {@code what} does not fit. */
    static int[] encodeText(CharVocabulary vocabulary, String what, String text) {
        try {
            return vocabulary.encode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " cannot be used with this model: " + e.getMessage()
                    + " (a model's vocabulary is fixed when it is created)", e);
        }
    }

    private static void checkLength(String what, int[] ids, int window) {
        if (ids.length < window + 1)
            throw new IllegalArgumentException(what + " has " + ids.length + " characters: too short for windows of "
                    + window + " (+1 for the next-character targets); lower --seq-len or use a longer text");
    }

    // --------------------------------------------------------------------------------- generation

    /**
     * Continues {@code prompt} by {@code length} characters, each drawn from
     * {@code p_i ∝ p(i)^{1/temperature}} (temperature 0: always the most likely character;
     * below 1: more conservative; above 1: more random). The same as
     * {@code generate(prompt, length, new Sampler(temperature, 0, 1), seed)}.
     *
     * @return the generated continuation (without the prompt)
     * @throws IllegalArgumentException for an empty prompt, a prompt character outside the
     *                                  vocabulary (named, with its position), a negative length
     *                                  or temperature
     */
    public String generate(String prompt, int length, double temperature, long seed) {
        if (!(temperature >= 0) || Double.isInfinite(temperature))
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        return generate(prompt, length, new Sampler(temperature, 0, 1.0), seed);
    }

    /**
     * Continues {@code prompt} by {@code length} characters drawn by {@code sampler} (temperature,
     * top-k, top-p) from the model's next-character distribution; the model's probabilities
     * {@code p} are the sampler's logits as {@code log p} (softmax(log p / τ) ∝ p^{1/τ}).
     *
     * @return the generated continuation (without the prompt)
     */
    public String generate(String prompt, int length, Sampler sampler, long seed) {
        if (prompt == null || prompt.isEmpty())
            throw new IllegalArgumentException("the prompt is empty: give at least one character to start from");
        if (length < 0) throw new IllegalArgumentException("length must be >= 0, got " + length);
        int[] ids;
        try {
            ids = vocabulary.encode(prompt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("prompt " + e.getMessage() + "; the model knows: "
                    + printable(vocabulary.characters()), e);
        }
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(length);
        net.rnnClearPreviousState();
        try {
            INDArray probs = lastStep(net.rnnTimeStep(oneHot(ids)));
            for (int k = 0; k < length; k++) {
                int next = sampler.sample(logProbabilities(probs), random);
                out.append(vocabulary.character(next));
                if (k + 1 < length) probs = lastStep(net.rnnTimeStep(oneHot(new int[]{next})));
            }
        } finally {
            net.rnnClearPreviousState();
        }
        return out.toString();
    }

    private static float[] logProbabilities(INDArray probs) {
        float[] p = probs.data().asFloat();
        for (int i = 0; i < p.length; i++) p[i] = (float) Math.log(Math.max(p[i], 1e-30f));
        return p;
    }

    private INDArray oneHot(int[] ids) {
        int v = vocabulary.size(), len = ids.length;
        float[] x = new float[v * len];
        for (int t = 0; t < len; t++) x[ids[t] * len + t] = 1f;
        return Nd4j.create(x, new long[]{1, v, len}, 'c');
    }

    private static INDArray lastStep(INDArray out) {   // [1, V, T] → [V]
        return out.rank() == 3 ? out.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(out.size(2) - 1)).dup()
                : out.reshape(out.length()).dup();
    }

    static String printable(String chars) {
        StringBuilder sb = new StringBuilder();
        for (char c : chars.toCharArray()) sb.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : String.valueOf(c));
        return sb.toString();
    }

    // -------------------------------------------------------------------------------- checkpoints

    /**
     * Saves everything needed to resume: header (kind {@value #KIND}, vocabulary,
     * hyper-parameters, progress, loss history) and DL4J's network with its updater state
     * (format: {@link CharLstmCheckpoint}). Atomic: a failed save leaves an existing file untouched.
     */
    public void save(Path file) throws IOException {
        CharLstmCheckpoint.save(this, file);
    }

    /**
     * Loads a checkpoint written by {@link #save}, checking that it is one (kind, version), that
     * its vocabulary and hyper-parameters agree with the network inside, and naming the problem
     * when they do not.
     */
    public static CharLstmModel load(Path file) throws IOException {
        return CharLstmCheckpoint.load(file);
    }

    /** A model around a restored network (used by {@link CharLstmCheckpoint}). */
    static CharLstmModel restored(Config config, CharVocabulary vocabulary, MultiLayerNetwork net) {
        return new CharLstmModel(config, vocabulary, net);
    }
}
