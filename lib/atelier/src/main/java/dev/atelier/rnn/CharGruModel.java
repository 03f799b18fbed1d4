package dev.atelier.rnn;

import dev.atelier.gpt.AdamW;
import dev.atelier.gpt.Sampler;
import dev.atelier.text.CharVocabulary;
import dev.atelier.text.Corpus;
import dev.atelier.text.RandomWindows;
import dev.atelier.train.LossHistory;
import dev.atelier.train.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A character-level language model on stacked {@link GruCell}s, the GRU twin of
 * {@link CharLstmModel}: same data, same windows, same loss and evaluation, but every layer's
 * forward and backward is the course's own code (no DL4J layer), trained with {@link AdamW}
 * (weight decay 0, i.e. Adam) and per-layer gradient clipping.
 *
 * <pre>
 *   x_t  = onehot(char_t)                                     [V]
 *   h_t¹ = GRU¹(x_t, h_{t−1}¹) … h_tᴸ = GRUᴸ(h_tᴸ⁻¹, h_{t−1}ᴸ)    [H]   (state starts at 0 in each window)
 *   logits_t = h_tᴸ·W_out + b_out                              [V]
 *   loss = −(1/N) Σ log softmax(logits_t)[char_{t+1}]          nats per character
 *   ∂loss/∂logits = (softmax(logits) − onehot(next)) / N       then back through W_out and each GruCell
 * </pre>
 * A <b>step</b> is one update on {@code batch} random windows of {@code seqLen} characters of the
 * training text; backpropagation reaches back at most one window (truncated BPTT, as the LSTM
 * model with one segment). Parameters are single precision. The model never prints: it reports
 * to a {@link TrainingListener}; sampling goes through the course's {@link Sampler}.
 */
public final class CharGruModel {
    /**
     * Hyper-parameters.
     *
     * @param layers       stacked GRU layers (2)
     * @param hidden       units per layer (256)
     * @param seqLen       characters per training window: how far back gradients reach (64)
     * @param batch        windows per step (32)
     * @param learningRate Adam's step size (4e-3)
     * @param clip         each layer's gradient L2 norm is capped at this (5)
     * @param updateBias   initial bias of the update gates (1: start by keeping more of the past,
     *                     like an LSTM's forget-gate bias)
     * @param seed         seed for weights, batches and sampling (42)
     * @param evalEvery    evaluate train/validation loss every this many steps (100)
     * @param evalChars    characters of each text used per evaluation (16384; 0 = all)
     */
    public record Config(int layers, int hidden, int seqLen, int batch, double learningRate, double clip,
                         double updateBias, long seed, int evalEvery, int evalChars) {
        public Config {
            CharLstmModel.Config.checkTraining(layers, hidden, seqLen, batch, evalEvery, evalChars, learningRate, clip);
        }

        /** The defaults: 2×256, windows of 64, batch 32, Adam 4e-3, update bias 1. */
        public static Config defaults() { return new Config(2, 256, 64, 32, 4e-3, 5.0, 1.0, 42, 100, 16384); }

        public Config withLayers(int v) { return new Config(v, hidden, seqLen, batch, learningRate, clip, updateBias, seed, evalEvery, evalChars); }
        public Config withHidden(int v) { return new Config(layers, v, seqLen, batch, learningRate, clip, updateBias, seed, evalEvery, evalChars); }
        public Config withSeqLen(int v) { return new Config(layers, hidden, v, batch, learningRate, clip, updateBias, seed, evalEvery, evalChars); }
        public Config withBatch(int v) { return new Config(layers, hidden, seqLen, v, learningRate, clip, updateBias, seed, evalEvery, evalChars); }
        public Config withLearningRate(double v) { return new Config(layers, hidden, seqLen, batch, v, clip, updateBias, seed, evalEvery, evalChars); }
        public Config withEvalEvery(int v) { return new Config(layers, hidden, seqLen, batch, learningRate, clip, updateBias, seed, v, evalChars); }
        public Config withEvalChars(int v) { return new Config(layers, hidden, seqLen, batch, learningRate, clip, updateBias, seed, evalEvery, v); }
    }

    /** What one {@link #train} call did. */
    public record Report(int steps, int totalSteps, double lastTrainLoss, double validationLoss,
                         double seconds, long tokens, double tokensPerSecond) {}

    private final Config config;
    private final CharVocabulary vocabulary;
    private final GruCell[] cells;          // cells[l]: [V or H → H], single precision
    private final INDArray wOut;            // [H, V]
    private final INDArray bOut;            // [1, V]
    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private final AdamW adam = new AdamW(0.9, 0.999, 1e-8, 0);
    private final LossHistory history = new LossHistory();
    private int steps;
    private long tokens;
    private double elapsedSeconds;

    private CharGruModel(Config config, CharVocabulary vocabulary) {
        this.config = config;
        this.vocabulary = vocabulary;
        int v = vocabulary.size(), h = config.hidden();
        cells = new GruCell[config.layers()];
        for (int l = 0; l < cells.length; l++) {
            GruCell d = GruCell.random(l == 0 ? v : h, h, 1.0, config.updateBias(), config.seed() + l);
            cells[l] = new GruCell(d.inputWeights().castTo(DataType.FLOAT), d.recurrentWeights().castTo(DataType.FLOAT),
                    d.bias().castTo(DataType.FLOAT));
            params.put(l + ".W", cells[l].inputWeights());
            params.put(l + ".RW", cells[l].recurrentWeights());
            params.put(l + ".b", cells[l].bias());
        }
        Random r = new Random(config.seed() + 1000);
        wOut = SigmoidRnnCell.gaussian(r, h, v, 1 / Math.sqrt(h)).castTo(DataType.FLOAT);
        bOut = Nd4j.zeros(DataType.FLOAT, 1, v);
        params.put("out.W", wOut);
        params.put("out.b", bOut);
    }

    /** A new, randomly initialised model over {@code vocabulary}. */
    public static CharGruModel create(CharVocabulary vocabulary, Config config) {
        if (vocabulary.size() < 2)
            throw new IllegalArgumentException("a language model needs at least 2 distinct characters, the vocabulary has "
                    + vocabulary.size() + " (" + vocabulary.characters() + ")");
        return new CharGruModel(config, vocabulary);
    }

    /** Hyper-parameters. */
    public Config config() { return config; }

    /** The characters the model knows. */
    public CharVocabulary vocabulary() { return vocabulary; }

    /** The GRU layers, bottom first (live: training changes them). */
    public GruCell[] cells() { return cells.clone(); }

    /** Steps (optimiser updates) done so far. */
    public int steps() { return steps; }

    /** Every step and evaluation so far. */
    public LossHistory history() { return history; }

    /** Number of parameters: Σ_l 3·(I_l·H + H·H + H) + H·V + V. */
    public long parameterCount() {
        return params.values().stream().mapToLong(INDArray::length).sum();
    }

    // ----------------------------------------------------------------------------------- training

    /**
     * Trains for at most {@code moreSteps} steps, or until {@code maxSeconds} of wall time have
     * passed in this call (0: no time limit), evaluating every {@link Config#evalEvery()} steps
     * and at the end.
     *
     * @throws IllegalArgumentException when a text is shorter than a window (+1) or holds a
     *                                  character outside the vocabulary
     */
    public Report train(Corpus.Split split, int moreSteps, double maxSeconds, TrainingListener listener) {
        if (moreSteps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + moreSteps);
        if (maxSeconds < 0) throw new IllegalArgumentException("time limit must be >= 0 seconds, got " + maxSeconds);
        int[] trainIds = CharLstmModel.encodeText(vocabulary, "training text", split.train());
        int[] validIds = CharLstmModel.encodeText(vocabulary, "validation text", split.validation());
        if (trainIds.length < config.seqLen() + 1)
            throw new IllegalArgumentException("training text has " + trainIds.length + " characters: too short for windows of "
                    + config.seqLen() + " (+1 for the next-character targets)");
        if (validIds.length < 2) throw new IllegalArgumentException("validation text needs at least 2 characters, has " + validIds.length);
        RandomWindows source = new RandomWindows(trainIds, config.seqLen(), config.seed() + steps);   // fresh draws after a pause
        int target = steps + moreSteps, stepsAtStart = steps;
        listener.onStart(String.format(Locale.ROOT, "char-gru %dx%d", config.layers(), config.hidden()), target);
        TrainingListener both = TrainingListener.all(history, listener);
        long start = System.nanoTime();
        double startElapsed = elapsedSeconds;
        long tokensAtStart = tokens;
        double last = Double.NaN, validation = Double.NaN;
        int tokensPerStep = config.batch() * config.seqLen();
        try {
            while (steps < target) {
                last = step(source.next(config.batch()));
                steps++;
                tokens += tokensPerStep;
                elapsedSeconds = startElapsed + (System.nanoTime() - start) / 1e9;
                both.onStep(new TrainingListener.StepEvent(steps, target, last, tokensPerStep, elapsedSeconds));
                boolean outOfTime = maxSeconds > 0 && (System.nanoTime() - start) / 1e9 >= maxSeconds;
                if (steps % config.evalEvery() == 0 || steps == target || outOfTime) {
                    validation = evaluate(validIds);
                    both.onEvaluation(new TrainingListener.EvaluationEvent(steps, evaluate(trainIds), validation, elapsedSeconds));
                }
                if (outOfTime) break;
            }
        } finally {
            elapsedSeconds = startElapsed + (System.nanoTime() - start) / 1e9;
            listener.onEnd(steps, elapsedSeconds);
        }
        double seconds = elapsedSeconds - startElapsed;
        long done = tokens - tokensAtStart;
        return new Report(steps - stepsAtStart, steps, last, validation, seconds, done, done / Math.max(seconds, 1e-9));
    }

    /** One update on a batch of windows; returns the batch's loss in nats per character. */
    double step(RandomWindows.Batch b) {
        int batch = b.batchSize(), len = b.length(), v = vocabulary.size();
        // forward: one-hot [B, V, T] → each layer's trace → logits [B·T, V]
        GruCell.Trace[] traces = new GruCell.Trace[cells.length];
        INDArray xs = oneHot(b.inputs(), batch, len);
        for (int l = 0; l < cells.length; l++) {
            traces[l] = cells[l].forward(xs, null);
            xs = traces[l].outputs();                                              // [B, H, T]
        }
        INDArray top = timeMajorRows(xs);                                          // [B·T, H], row = b·T + t
        INDArray probs = Transforms.softmax(top.mmul(wOut).addiRowVector(bOut), false);   // [B·T, V]
        int[] next = b.targets();
        float[] p = probs.data().asFloat();
        double loss = 0;
        for (int row = 0; row < next.length; row++) loss -= Math.log(Math.max(p[row * v + next[row]], 1e-30f));
        loss /= next.length;
        // backward: δlogits = (p − onehot)/N
        INDArray dLogits = probs;
        for (int row = 0; row < next.length; row++) dLogits.putScalar(row, next[row], p[row * v + next[row]] - 1f);
        dLogits.divi(next.length);
        Map<String, INDArray> grads = new LinkedHashMap<>();
        grads.put("out.W", top.transpose().mmul(dLogits));                         // [H, V]
        grads.put("out.b", dLogits.sum(true, 0));                                  // [1, V]
        clip(grads, "out.W", "out.b");
        INDArray dh = fromTimeMajorRows(dLogits.mmul(wOut.transpose()), batch, len);   // [B, H, T]
        for (int l = cells.length - 1; l >= 0; l--) {
            GruCell.Gradients g = cells[l].backward(traces[l], dh);
            grads.put(l + ".W", g.inputWeights());
            grads.put(l + ".RW", g.recurrentWeights());
            grads.put(l + ".b", g.bias());
            clip(grads, l + ".W", l + ".RW", l + ".b");
            dh = g.inputs();
        }
        adam.step(params, grads, config.learningRate(), Set.of());
        return loss;
    }

    /** Scales one layer's gradients so that their joint L2 norm is at most {@link Config#clip()}. */
    private void clip(Map<String, INDArray> grads, String... names) {
        double sq = 0;
        for (String n : names) { double norm = grads.get(n).norm2Number().doubleValue(); sq += norm * norm; }
        double norm = Math.sqrt(sq);
        if (norm > config.clip()) for (String n : names) grads.get(n).muli(config.clip() / norm);
    }

    /**
     * Mean loss in nats per character over consecutive windows of {@link Config#seqLen()} (state
     * reset at each window) covering the first {@link Config#evalChars()} characters (all when 0).
     */
    public double evaluate(int[] ids) {
        int limit = config.evalChars() > 0 ? Math.min(ids.length, config.evalChars() + 1) : ids.length;
        int len = Math.min(config.seqLen(), limit - 1);
        if (len < 1) throw new IllegalArgumentException("need at least 2 characters to evaluate, got " + limit);
        int count = (limit - 1) / len, v = vocabulary.size();
        double sum = 0;
        long n = 0;
        for (int first = 0; first < count; first += config.batch()) {
            int bsz = Math.min(config.batch(), count - first);
            int[] x = new int[bsz * len];
            for (int e = 0; e < bsz; e++) System.arraycopy(ids, (first + e) * len, x, e * len, len);
            INDArray hs = oneHot(x, bsz, len);
            for (GruCell cell : cells) hs = cell.forward(hs, null).outputs();
            float[] p = Transforms.softmax(timeMajorRows(hs).mmul(wOut).addiRowVector(bOut), false).data().asFloat();
            for (int e = 0; e < bsz; e++)
                for (int t = 0; t < len; t++) {
                    int row = e * len + t;
                    sum -= Math.log(Math.max(p[row * v + ids[(first + e) * len + t + 1]], 1e-30f));
                    n++;
                }
        }
        return sum / n;
    }

    /** Mean loss in nats per character of {@code text}. */
    public double evaluate(String text) { return evaluate(CharLstmModel.encodeText(vocabulary, "text", text)); }

    // --------------------------------------------------------------------------------- generation

    /**
     * Continues {@code prompt} by {@code length} characters drawn by {@code sampler} from the
     * model's logits, one step at a time with the state carried along.
     *
     * @throws IllegalArgumentException for an empty prompt, a prompt character outside the
     *                                  vocabulary (named), or a negative length
     */
    public String generate(String prompt, int length, Sampler sampler, long seed) {
        if (prompt == null || prompt.isEmpty())
            throw new IllegalArgumentException("the prompt is empty: give at least one character to start from");
        if (length < 0) throw new IllegalArgumentException("length must be >= 0, got " + length);
        int[] ids = CharLstmModel.encodeText(vocabulary, "prompt", prompt);
        INDArray[] h = new INDArray[cells.length];
        for (int l = 0; l < h.length; l++) h[l] = Nd4j.zeros(DataType.FLOAT, 1, config.hidden());
        Random rng = new Random(seed);
        StringBuilder out = new StringBuilder(length);
        int drawn = -1;
        for (int k = 0; k < ids.length + length - 1; k++) {
            int id = k < ids.length ? ids[k] : drawn;                                  // the prompt, then what was drawn
            INDArray x = oneHot(new int[]{id}, 1, 1).reshape(1, vocabulary.size());    // [1, V]
            for (int l = 0; l < cells.length; l++) x = h[l] = cells[l].step(x, h[l]).h();
            if (k >= ids.length - 1) {
                drawn = sampler.sample(x.mmul(wOut).addiRowVector(bOut).data().asFloat(), rng);
                out.append(vocabulary.character(drawn));
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------------ helpers

    private INDArray oneHot(int[] ids, int batch, int len) {   // [B, V, T], c order
        int v = vocabulary.size();
        float[] x = new float[batch * v * len];
        for (int e = 0; e < batch; e++)
            for (int t = 0; t < len; t++) x[(e * v + ids[e * len + t]) * len + t] = 1f;
        return Nd4j.create(x, new long[]{batch, v, len}, 'c');
    }

    private static INDArray timeMajorRows(INDArray seq) {        // [B, H, T] → [B·T, H], row b·T + t
        return seq.permute(0, 2, 1).dup('c').reshape(seq.size(0) * seq.size(2), seq.size(1));
    }

    private static INDArray fromTimeMajorRows(INDArray rows, int batch, int len) {   // [B·T, H] → [B, H, T]
        return rows.reshape(batch, len, rows.size(1)).permute(0, 2, 1).dup('c');
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "char-gru %dx%d, %,d parameters, %d steps", config.layers(), config.hidden(),
                parameterCount(), steps);
    }
}
