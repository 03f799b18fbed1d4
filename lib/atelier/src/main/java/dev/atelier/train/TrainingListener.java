package dev.atelier.train;

/**
 * Receives what a training loop has to report. Models and trainers never print and never know
 * about Jupyter: they call a listener. The console view ({@link ConsoleReporter}), the loss record
 * ({@link LossHistory}) and the live notebook view are listeners.
 *
 * <p>Contract: {@link #onStart} once, then any number of {@link #onStep} and
 * {@link #onEvaluation} calls with non-decreasing step numbers, then {@link #onEnd} once (also
 * when training stops early). All methods run on the training thread and must return quickly.
 */
public interface TrainingListener {

    /** Training begins: {@code totalSteps} optimiser steps (or epochs) are planned. */
    default void onStart(String runName, int totalSteps) {}

    /**
     * Training begins, with a one-line {@code note} on how it runs (e.g. which code path computes
     * the gradients, and why). A listener that shows a first line shows the note in it; by default
     * the note is dropped and {@link #onStart(String, int)} is called.
     */
    default void onStart(String runName, int totalSteps, String note) { onStart(runName, totalSteps); }

    /** One optimiser step (or epoch) finished. */
    default void onStep(StepEvent step) {}

    /** A train/validation evaluation finished. */
    default void onEvaluation(EvaluationEvent evaluation) {}

    /** Training ended, after {@code stepsDone} steps, normally or early. */
    default void onEnd(int stepsDone, double elapsedSeconds) {}

    /**
     * One step's report.
     *
     * @param step       1-based step number
     * @param totalSteps planned steps
     * @param loss       training loss of this step (nats per token for language models)
     * @param tokens     tokens (or co-occurrence entries) processed in this step
     * @param elapsedSeconds seconds since training started
     */
    record StepEvent(int step, int totalSteps, double loss, long tokens, double elapsedSeconds) {}

    /**
     * An evaluation's report: mean losses over held-out batches.
     *
     * @param step            the step after which it was taken
     * @param trainLoss       mean loss on training batches (NaN when not measured)
     * @param validationLoss  mean loss on validation batches
     * @param elapsedSeconds  seconds since training started
     */
    record EvaluationEvent(int step, double trainLoss, double validationLoss, double elapsedSeconds) {}

    /** A listener that forwards every call to all of {@code listeners}, in order. */
    static TrainingListener all(TrainingListener... listeners) {
        return new TrainingListener() {
            @Override public void onStart(String runName, int totalSteps) {
                for (TrainingListener l : listeners) l.onStart(runName, totalSteps);
            }
            @Override public void onStart(String runName, int totalSteps, String note) {
                for (TrainingListener l : listeners) l.onStart(runName, totalSteps, note);
            }
            @Override public void onStep(StepEvent step) {
                for (TrainingListener l : listeners) l.onStep(step);
            }
            @Override public void onEvaluation(EvaluationEvent evaluation) {
                for (TrainingListener l : listeners) l.onEvaluation(evaluation);
            }
            @Override public void onEnd(int stepsDone, double elapsedSeconds) {
                for (TrainingListener l : listeners) l.onEnd(stepsDone, elapsedSeconds);
            }
        };
    }

    /** A listener that ignores everything. */
    static TrainingListener none() {
        return new TrainingListener() {};
    }
}
