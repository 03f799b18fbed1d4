package dev.atelier.rnn;

import dev.atelier.train.TrainingListener;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Turns DL4J's per-update callback into the course's {@link TrainingListener.StepEvent}: counts
 * the steps, converts DL4J's score (loss summed over a piece of {@code seqLen} characters,
 * averaged over the batch) to nats per character, and reports it.
 */
final class Dl4jStepListener extends BaseTrainingListener {
    private final TrainingListener listener;
    private final int target, seqLen, tokensPerStep;
    private final double startElapsed;
    private final long startNanos;
    private final Runnable onUpdate;
    private int steps;
    private double lastLoss = Double.NaN;

    Dl4jStepListener(TrainingListener listener, int steps, int target, int seqLen, int tokensPerStep,
                     double startElapsed, long startNanos, Runnable onUpdate) {
        this.listener = listener;
        this.steps = steps;
        this.target = target;
        this.seqLen = seqLen;
        this.tokensPerStep = tokensPerStep;
        this.startElapsed = startElapsed;
        this.startNanos = startNanos;
        this.onUpdate = onUpdate;
    }

    /** Steps counted so far (including those before this listener). */
    int steps() { return steps; }

    /** The loss of the last update in nats per character (NaN before the first). */
    double lastLoss() { return lastLoss; }

    @Override public void iterationDone(Model model, int iteration, int epoch) {
        steps++;
        onUpdate.run();
        lastLoss = model.score() / seqLen;        // DL4J: Σ over the piece / batch → per char
        listener.onStep(new TrainingListener.StepEvent(steps, target, lastLoss, tokensPerStep,
                startElapsed + (System.nanoTime() - startNanos) / 1e9));
    }
}
