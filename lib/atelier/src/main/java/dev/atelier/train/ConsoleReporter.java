package dev.atelier.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The plain-text training view for the command line and CI logs: a line every
 * {@code everySeconds} seconds (and at the first and last step) with step/total, loss,
 * tokens per second, elapsed time and ETA, and a line per evaluation.
 */
public final class ConsoleReporter implements TrainingListener {
    private final PrintStream out;
    private final double everySeconds;
    private String runName = "training";
    private double lastPrinted = Double.NEGATIVE_INFINITY;
    private long tokensSinceStart;

    /** Prints to {@code out} at most every {@code everySeconds} seconds. */
    public ConsoleReporter(PrintStream out, double everySeconds) {
        this.out = out;
        this.everySeconds = everySeconds;
    }

    /** Prints to standard output every 10 seconds. */
    public ConsoleReporter() { this(System.out, 10); }

    @Override public void onStart(String runName, int totalSteps) {
        onStart(runName, totalSteps, null);
    }

    /** The first line: {@code [run] N steps planned}, then the note when there is one. */
    @Override public void onStart(String runName, int totalSteps, String note) {
        this.runName = runName;
        this.tokensSinceStart = 0;
        this.lastPrinted = Double.NEGATIVE_INFINITY;
        out.printf(Locale.ROOT, "[%s] %d steps planned%s%n", runName, totalSteps, note == null || note.isEmpty() ? "" : " on the " + note);
    }

    @Override public void onStep(StepEvent s) {
        tokensSinceStart += s.tokens();
        boolean last = s.step() >= s.totalSteps();
        if (s.step() == 1 || last || s.elapsedSeconds() - lastPrinted >= everySeconds) {
            lastPrinted = s.elapsedSeconds();
            out.println(formatStep(runName, s, tokensSinceStart));
        }
    }

    @Override public void onEvaluation(EvaluationEvent e) {
        out.printf(Locale.ROOT, "[%s] step %d  train %.4f  val %.4f%n", runName, e.step(), e.trainLoss(), e.validationLoss());
    }

    @Override public void onEnd(int stepsDone, double elapsedSeconds) {
        out.printf(Locale.ROOT, "[%s] done: %d steps in %.1f s%n", runName, stepsDone, elapsedSeconds);
    }

    /** One progress line: step/total, loss, tokens/s, elapsed and ETA. */
    public static String formatStep(String runName, StepEvent s, long tokensSoFar) {
        double rate = s.elapsedSeconds() > 0 ? tokensSoFar / s.elapsedSeconds() : 0;
        double eta = s.step() > 0 ? s.elapsedSeconds() / s.step() * (s.totalSteps() - s.step()) : 0;
        return String.format(Locale.ROOT, "[%s] step %d/%d  loss %.4f  %.0f tok/s  elapsed %s  eta %s",
                runName, s.step(), s.totalSteps(), s.loss(), rate, clock(s.elapsedSeconds()), clock(eta));
    }

    /** Seconds as m:ss (or h:mm:ss). */
    public static String clock(double seconds) {
        long t = Math.round(Math.max(0, seconds));
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
}
