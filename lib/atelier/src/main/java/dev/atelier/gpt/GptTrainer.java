package dev.atelier.gpt;

import dev.atelier.text.RandomWindows;
import dev.atelier.train.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The training loop of a {@link Gpt}, like nanoGPT's {@code train.py}: random windows of the
 * training ids, AdamW with linear warm-up and cosine decay ({@link GptConfig#learningRateAt}),
 * gradient clipping by global norm, and every {@code evalInterval} steps (and after the last) the
 * mean loss over {@code evalIters} random batches of the training and of the validation ids.
 *
 * <pre>
 *   for step = 1..maxIters:
 *       x, y = random windows of blockSize tokens (y = x shifted by one)       [B, T]
 *       loss, g = model.gradients(x, y)
 *       g = g · min(1, gradClip / ‖g‖₂)                                       (global norm over all parameters)
 *       AdamW step with lr = learningRateAt(step − 1)
 * </pre>
 * Reports go to a {@link TrainingListener}: {@code onStep} after every step (tokens = B·T),
 * {@code onEvaluation} with the mean train and validation losses. A NaN or infinite loss stops
 * training with an {@link IllegalStateException} naming the step. With
 * {@link #checkpointTo(Path)} the model, optimiser state and step are saved (atomically) after
 * every evaluation; {@link #resume} continues from such a file.
 *
 * <p>Two paths compute the gradients, with the same numbers ({@code FastGptTest} holds them equal):
 * the {@link FastGpt} (forward and backward written out, buffers reused; the default on the CPU
 * backend) and the SameDiff {@link Gpt} (the readable reference, and the path on CUDA and for
 * dropout). {@link #engine(Engine)} forces either. The listener's {@code onStart} note says which
 * path runs and why; a forced fast path that cannot run the config is refused with the reason.
 * Both paths update the same parameter arrays with the same clipping and AdamW, so checkpoints,
 * attention maps and sampling do not depend on the path.
 */
public final class GptTrainer {
    private final Gpt model;
    private final GptConfig config;
    private final int[] trainIds, valIds;
    private final AdamW optimizer;
    private final Set<String> decayed = new HashSet<>();
    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private Engine engine = Engine.AUTO;
    private FastGpt fast;                // the fast path, built on first use
    private int step;                    // optimiser steps done
    private Path checkpoint;
    private long tokensTrained;
    private double stepSeconds, gradientSeconds, updateSeconds, evalSeconds;
    private volatile boolean stopRequested;   // set from another thread (a signal handler): stop between steps

    /**
     * A trainer for {@code model} on token ids of a training and a validation text (e.g. the two
     * parts of {@code Corpus.split(0.9)}, encoded). Each part needs at least blockSize + 1 tokens.
     */
    public GptTrainer(Gpt model, int[] trainIds, int[] valIds) {
        this.model = model;
        this.config = model.config();
        checkLength("training", trainIds);
        checkLength("validation", valIds);
        this.trainIds = trainIds;
        this.valIds = valIds;
        this.optimizer = new AdamW(config.beta1(), config.beta2(), 1e-8, config.weightDecay());
        for (String p : model.parameterNames()) {
            INDArray a = model.parameter(p);
            params.put(p, a);
            if (a.rank() == 2) decayed.add(p);   // matrices and embeddings decay; biases and gains do not
        }
    }

    private void checkLength(String what, int[] ids) {
        if (ids == null || ids.length < config.blockSize() + 1)
            throw new IllegalArgumentException("the " + what + " text has " + (ids == null ? 0 : ids.length) + " tokens: too short for blockSize "
                    + config.blockSize() + " (need at least " + (config.blockSize() + 1) + " = blockSize + 1 for the shifted targets)");
        for (int i = 0; i < ids.length; i++)
            if (ids[i] < 0 || ids[i] >= config.vocabSize())
                throw new IllegalArgumentException("the " + what + " ids have " + ids[i] + " at position " + i
                        + ", outside the vocabulary [0, " + config.vocabSize() + ")");
    }

    /**
     * Continues training from a checkpoint written by {@link #checkpointTo}: weights, AdamW state
     * and step are restored; {@code config} gives the training settings (e.g. more maxIters) and
     * must describe the same model shape as the checkpoint, else it is an error naming both.
     */
    public static GptTrainer resume(Path file, GptConfig config, int[] trainIds, int[] valIds) throws IOException {
        Gpt.Checkpoint c = Gpt.read(file);
        if (!config.sameModelAs(c.config()))
            throw new IllegalArgumentException("checkpoint " + file + " is of another model: it has " + c.config().describeModel()
                    + "; the requested model is " + config.describeModel());
        Gpt model = new Gpt(config, c.tokenizer());
        model.loadWeights(c, file.toString());
        GptTrainer t = new GptTrainer(model, trainIds, valIds);
        int steps = c.extra().numbers().getOrDefault("step", 0.0).intValue();
        t.optimizer.restore(c.extra().arrays(), steps);
        t.step = steps;
        return t;
    }

    /** Which path computes the gradients. */
    public enum Engine {
        /** The fast path on the CPU backend when it can run the config, else SameDiff (the reason in the first log line). */
        AUTO,
        /** The {@link FastGpt}; a config it cannot run is refused with the reason. */
        FAST,
        /** The SameDiff {@link Gpt}'s automatic differentiation. */
        SAMEDIFF
    }

    /**
     * Chooses the path (default {@link Engine#AUTO}).
     *
     * @throws IllegalArgumentException when {@code FAST} is asked for a config or backend it cannot run, naming why
     */
    public GptTrainer engine(Engine engine) {
        if (engine == Engine.FAST) {
            String why = fastPathRefusal();
            if (why != null) throw new IllegalArgumentException("the fast path cannot train this model: " + why);
        }
        this.engine = engine;
        return this;
    }

    /** True when the steps run on the {@link FastGpt} (the chosen engine, resolved for this config and backend). */
    public boolean usesFastPath() {
        return engine == Engine.FAST || engine == Engine.AUTO && fastPathRefusal() == null;
    }

    /** One line: which path trains and, when AUTO fell back to SameDiff, why. */
    public String describePath() {
        if (usesFastPath()) return "fast CPU path (forward and backward written out, buffers reused)";
        if (engine == Engine.SAMEDIFF) return "SameDiff path (automatic differentiation; chosen)";
        return "SameDiff path: " + fastPathRefusal();
    }

    /** Why the fast path cannot train this model here, or null when it can. */
    private String fastPathRefusal() {
        if (config.dropout() > 0)
            return String.format(Locale.ROOT, "dropout %.2f is not written out in the fast path (it is in SameDiff)", config.dropout());
        if (dev.atelier.Backend.isCuda()) return "the ND4J backend is CUDA (the fast path computes on the CPU)";
        return null;
    }

    private FastGpt fast() {
        if (fast == null) fast = new FastGpt(model);
        return fast;
    }

    /** Saves a checkpoint to {@code file} after every evaluation (atomic replace). */
    public GptTrainer checkpointTo(Path file) {
        this.checkpoint = file;
        return this;
    }

    /**
     * Asks {@link #train} to return after the step it is in (safe from any thread, e.g. a signal
     * handler): the model, optimiser state and {@link #step()} then agree and can be {@link #save}d.
     */
    public void requestStop() { stopRequested = true; }

    /** True once {@link #requestStop()} was called. */
    public boolean stopRequested() { return stopRequested; }

    /** Saves model, optimiser state and step now. */
    public void save(Path file) throws IOException {
        model.save(file, new Gpt.Extra(optimizer.state(), Map.of("step", (double) step)));
    }

    public Gpt model() { return model; }

    /** Optimiser steps done (also those before a resume). */
    public int step() { return step; }

    /** Tokens trained by this trainer object (B·T per step). */
    public long tokensTrained() { return tokensTrained; }

    /** Seconds spent in training steps (not evaluations): gradients + clipping + update + batches. */
    public double stepSeconds() { return stepSeconds; }

    /** Where the step time went: seconds in forward+backward, in clipping+AdamW, and in evaluations. */
    public String timings() {
        return String.format(Locale.ROOT, "steps %.1f s (forward+backward %.1f s, clip+AdamW %.1f s, batches+rest %.1f s), evaluations %.1f s",
                stepSeconds, gradientSeconds, updateSeconds, stepSeconds - gradientSeconds - updateSeconds, evalSeconds);
    }

    /**
     * Trains from the current step to {@code config.maxIters}, reporting to {@code listener}.
     *
     * @return the last evaluation (mean train and validation loss); after {@link #requestStop()},
     *         the last one made (NaN losses when none was) without evaluating again
     * @throws IllegalStateException when the loss becomes NaN or infinite (message names the step)
     */
    public Evaluation train(TrainingListener listener) throws IOException {
        int total = config.maxIters();
        int b = config.batchSize(), t = config.blockSize();
        RandomWindows batches = new RandomWindows(trainIds, t, config.seed() + step);
        Nd4j.getRandom().setSeed(config.seed() + 7919L * step);   // dropout masks
        boolean fastPath = usesFastPath();
        if (fastPath) fast(); else model.buildGradientGraph();     // once, before the clock starts
        listener.onStart("gpt", total, describePath());
        long start = System.nanoTime();
        Evaluation last = null;
        while (step < total && !stopRequested) {
            long t0 = System.nanoTime();
            RandomWindows.Batch batch = batches.next(b);
            long t1 = System.nanoTime();
            double loss;
            Map<String, INDArray> grads;
            if (fastPath) {
                loss = fast.gradients(batch.inputs(), batch.targets(), b, t);
                grads = fast.gradients();
            } else {
                Gpt.LossAndGradients lg = model.gradients(batch.inputs(), batch.targets(), b, t);
                loss = lg.loss();
                grads = lg.gradients();
            }
            long t2 = System.nanoTime();
            if (Double.isNaN(loss) || Double.isInfinite(loss)) {
                listener.onEnd(step, seconds(start));
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "training stopped: the loss is %s at step %d (learning rate %.3g); lower the learning rate or check the data",
                        loss, step + 1, config.learningRateAt(step)));
            }
            optimizer.step(params, grads, config.learningRateAt(step), decayed, clipScale(grads));
            long t3 = System.nanoTime();
            step++;
            tokensTrained += (long) b * t;
            gradientSeconds += (t2 - t1) / 1e9;
            updateSeconds += (t3 - t2) / 1e9;
            stepSeconds += (t3 - t0) / 1e9;
            listener.onStep(new TrainingListener.StepEvent(step, total, loss, (long) b * t, seconds(start)));
            if (step % config.evalInterval() == 0 || step == total) {
                last = evaluate();
                listener.onEvaluation(new TrainingListener.EvaluationEvent(step, last.trainLoss(), last.validationLoss(), seconds(start)));
                if (checkpoint != null) save(checkpoint);
            }
        }
        listener.onEnd(step, seconds(start));
        if (stopRequested) return last != null ? last : new Evaluation(step, Double.NaN, Double.NaN);
        return last != null ? last : evaluate();
    }

    /** Mean losses over evalIters random batches of each part. */
    public record Evaluation(int step, double trainLoss, double validationLoss) {}

    /** Mean train and validation loss over {@code config.evalIters} random batches each (no dropout). */
    public Evaluation evaluate() {
        long t0 = System.nanoTime();
        double tr = meanLoss(trainIds, config.seed() * 31 + step), va = meanLoss(valIds, config.seed() * 37 + step);
        evalSeconds += seconds(t0);
        return new Evaluation(step, tr, va);
    }

    private double meanLoss(int[] ids, long seed) {
        RandomWindows w = new RandomWindows(ids, config.blockSize(), seed);
        double sum = 0;
        for (int i = 0; i < config.evalIters(); i++) {
            RandomWindows.Batch batch = w.next(config.batchSize());
            sum += usesFastPath() ? fast().loss(batch.inputs(), batch.targets(), config.batchSize(), config.blockSize())
                                  : model.loss(batch.inputs(), batch.targets(), config.batchSize(), config.blockSize());
        }
        return sum / config.evalIters();
    }

    /**
     * The clipping factor min(1, gradClip / (‖g‖₂ + 10⁻⁶)) with ‖g‖₂ the global L2 norm over every
     * parameter's gradient (1 when clipping is off); AdamW multiplies the gradients by it as it reads them.
     */
    private double clipScale(Map<String, INDArray> grads) {
        if (config.gradClip() <= 0) return 1.0;
        double sq = 0;
        for (String p : params.keySet()) {
            INDArray g = AdamW.plain(grads.get(p).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
            java.nio.FloatBuffer f = FastGpt.floats(g);
            float part = 0;   // one parameter's sum in float, the total in double
            for (int i = 0, n = (int) g.length(); i < n; i++) part += f.get(i) * f.get(i);
            sq += part;
            java.lang.ref.Reference.reachabilityFence(g);
        }
        double norm = Math.sqrt(sq);
        return norm > config.gradClip() ? config.gradClip() / (norm + 1e-6) : 1.0;
    }

    private static double seconds(long since) { return (System.nanoTime() - since) / 1e9; }
}
