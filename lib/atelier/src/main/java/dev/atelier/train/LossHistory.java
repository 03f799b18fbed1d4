package dev.atelier.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records every step loss and every evaluation of a training run, so that curves can be drawn
 * and tests can ask whether the loss fell. (DL4J's own {@code History.lossCurve()} came back
 * null in our measurements, so losses are recorded here.)
 */
public final class LossHistory implements TrainingListener {
    private final List<StepEvent> steps = new ArrayList<>();
    private final List<EvaluationEvent> evaluations = new ArrayList<>();
    private String note = "";

    @Override public synchronized void onStart(String runName, int totalSteps, String note) { this.note = note == null ? "" : note; }

    /** The note of the last {@code onStart} (how the run computed, e.g. which path); empty when none was given. */
    public synchronized String note() { return note; }

    @Override public synchronized void onStep(StepEvent step) { steps.add(step); }

    @Override public synchronized void onEvaluation(EvaluationEvent evaluation) { evaluations.add(evaluation); }

    /** All step reports so far, oldest first. */
    public synchronized List<StepEvent> steps() { return Collections.unmodifiableList(new ArrayList<>(steps)); }

    /** All evaluation reports so far, oldest first. */
    public synchronized List<EvaluationEvent> evaluations() {
        return Collections.unmodifiableList(new ArrayList<>(evaluations));
    }

    /** Step losses as an array, oldest first. */
    public synchronized double[] stepLosses() {
        return steps.stream().mapToDouble(StepEvent::loss).toArray();
    }

    /** Step numbers matching {@link #stepLosses()}. */
    public synchronized double[] stepNumbers() {
        return steps.stream().mapToDouble(StepEvent::step).toArray();
    }

    /** Validation losses, oldest first. */
    public synchronized double[] validationLosses() {
        return evaluations.stream().mapToDouble(EvaluationEvent::validationLoss).toArray();
    }

    /** Mean of the first {@code n} step losses (or of all, if fewer). */
    public synchronized double meanOfFirst(int n) {
        if (steps.isEmpty()) throw new IllegalStateException("no steps recorded yet");
        return steps.subList(0, Math.min(n, steps.size())).stream().mapToDouble(StepEvent::loss).average().orElseThrow();
    }

    /** Mean of the last {@code n} step losses (or of all, if fewer). */
    public synchronized double meanOfLast(int n) {
        if (steps.isEmpty()) throw new IllegalStateException("no steps recorded yet");
        return steps.subList(Math.max(0, steps.size() - n), steps.size()).stream()
                .mapToDouble(StepEvent::loss).average().orElseThrow();
    }

    /** The most recent validation loss, or NaN when none was measured. */
    public synchronized double lastValidationLoss() {
        return evaluations.isEmpty() ? Double.NaN : evaluations.get(evaluations.size() - 1).validationLoss();
    }
}
