package dev.atelier.notebook;

import dev.atelier.plot.LinePlot;
import dev.atelier.train.ConsoleReporter;
import dev.atelier.train.LossHistory;
import dev.atelier.train.TrainingListener;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

import java.io.PrintStream;
import java.util.Base64;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The live training view: a progress bar (step/total, elapsed, ETA, tokens per second, current
 * loss) and the loss curve, updated in place below the running cell through display updates by id.
 * Without a notebook (command line, CI logs) it prints {@link ConsoleReporter} lines instead.
 *
 * <pre>{@code
 * var live = new LiveTraining();
 * trainer.train(..., TrainingListener.all(live, history));   // or use live.history()
 * }</pre>
 *
 * <p>Contract (as every {@link TrainingListener}: called on the training thread, returns quickly):
 * <ul>
 *   <li>{@link #onStart}: decides the mode once: notebook when {@link Notebook#active()}, else
 *       console.</li>
 *   <li>Notebook mode: the progress line is updated at most every {@code progressSeconds} (default
 *       0.5 s) and the curve redrawn (a static PNG, about 50 kB) at most every
 *       {@code curveSeconds} (default 2 s); an evaluation forces an update. {@link #onEnd} shows the
 *       final line and the interactive loss curve (a {@link LinePlot}).</li>
 *   <li>Every step and evaluation is also recorded in {@link #history()}.</li>
 * </ul>
 */
public final class LiveTraining implements TrainingListener {
    private static final MIMEType TEXT_HTML = MIMEType.parse("text/html");
    private static final MIMEType IMAGE_PNG = MIMEType.parse("image/png");

    private final double progressSeconds;
    private final double curveSeconds;
    private final LongSupplier nanoClock;
    private final TrainingListener console;
    private final LossHistory history = new LossHistory();

    private boolean notebook;
    private String displayId;
    private String runName = "training";
    private String note;                  // how the run computes (from onStart), shown under the bar
    private int totalSteps;
    private long tokens;
    private StepEvent last;
    private long lastProgress;
    private long lastCurve;
    private String curveImg = "";
    private int updates;

    /** Progress every 0.5 s, curve every 2 s; console lines every 10 s on standard output. */
    public LiveTraining() {
        this(0.5, 2.0, System.out, 10);
    }

    /**
     * @param progressSeconds  least time between progress updates in the notebook
     * @param curveSeconds     least time between redraws of the loss curve in the notebook
     * @param consoleOut       where console lines go when there is no notebook
     * @param consoleEverySeconds least time between console lines
     */
    public LiveTraining(double progressSeconds, double curveSeconds, PrintStream consoleOut, double consoleEverySeconds) {
        this(progressSeconds, curveSeconds, new ConsoleReporter(consoleOut, consoleEverySeconds), System::nanoTime);
    }

    LiveTraining(double progressSeconds, double curveSeconds, TrainingListener console, LongSupplier nanoClock) {
        if (!(progressSeconds >= 0) || !(curveSeconds >= 0))
            throw new IllegalArgumentException("update intervals must be >= 0, got " + progressSeconds + " and " + curveSeconds);
        this.progressSeconds = progressSeconds;
        this.curveSeconds = curveSeconds;
        this.console = console;
        this.nanoClock = nanoClock;
    }

    /** Everything reported so far. */
    public LossHistory history() { return history; }

    /** Whether this run is shown in a notebook (decided at {@link #onStart}). */
    public boolean inNotebook() { return notebook; }

    /** Number of in-place updates sent so far (notebook mode). */
    public int updates() { return updates; }

    @Override public void onStart(String runName, int totalSteps) {
        onStart(runName, totalSteps, null);
    }

    @Override public void onStart(String runName, int totalSteps, String note) {
        this.note = note == null || note.isEmpty() ? null : note;
        this.runName = runName;
        this.totalSteps = totalSteps;
        this.tokens = 0;
        this.last = null;
        this.curveImg = "";
        this.updates = 0;
        history.onStart(runName, totalSteps, note);
        notebook = Notebook.active();
        if (notebook) {
            long now = nanoClock.getAsLong();
            lastProgress = now;
            lastCurve = now;
            displayId = Notebook.display(view(false, -1));
        } else {
            console.onStart(runName, totalSteps, note);
        }
    }

    @Override public void onStep(StepEvent step) {
        history.onStep(step);
        tokens += step.tokens();
        last = step;
        if (!notebook) {
            console.onStep(step);
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastProgress >= seconds(progressSeconds)) {
            if (now - lastCurve >= seconds(curveSeconds) || curveImg.isEmpty()) {
                redrawCurve();
                lastCurve = now;
            }
            lastProgress = now;
            publish(view(false, -1));
        }
    }

    @Override public void onEvaluation(EvaluationEvent evaluation) {
        history.onEvaluation(evaluation);
        if (!notebook) {
            console.onEvaluation(evaluation);
            return;
        }
        long now = nanoClock.getAsLong();
        redrawCurve();
        lastCurve = now;
        lastProgress = now;
        publish(view(false, -1));
    }

    @Override public void onEnd(int stepsDone, double elapsedSeconds) {
        history.onEnd(stepsDone, elapsedSeconds);
        if (!notebook) {
            console.onEnd(stepsDone, elapsedSeconds);
            return;
        }
        publish(view(true, stepsDone));
    }

    private static long seconds(double s) {
        return Math.round(s * 1e9);
    }

    private void publish(DisplayData data) {
        Notebook.update(displayId, data);
        updates++;
    }

    private LinePlot curve() {
        return LinePlot.of(history).size(640, 300);
    }

    private void redrawCurve() {
        if (history.steps().isEmpty() && history.evaluations().isEmpty()) return;
        curveImg = "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(curve().png(1.5))
                + "\" width=\"640\" height=\"300\" alt=\"loss curve\">";
    }

    /** The progress line, as text. */
    String progressLine(boolean done, int stepsDone) {
        if (last == null) return String.format(Locale.ROOT, "[%s] %d steps planned", runName, totalSteps);
        String line = ConsoleReporter.formatStep(runName, last, tokens);
        if (done)
            line += stepsDone < totalSteps ? String.format(Locale.ROOT, "  (stopped early at step %d)", stepsDone) : "  (done)";
        return line;
    }

    private DisplayData view(boolean done, int stepsDone) {
        String text = progressLine(done, stepsDone);
        int step = last == null ? 0 : last.step();
        double fraction = totalSteps > 0 ? Math.min(1, (double) step / totalSteps) : 0;
        String bar = String.format(Locale.ROOT,
                "<div style=\"display:flex;align-items:center;gap:10px;font-family:monospace;font-size:13px\">"
                        + "<progress value=\"%d\" max=\"%d\" style=\"width:220px\"></progress><span>%s</span></div>\n",
                step, Math.max(1, totalSteps), escape(text) + " (" + Math.round(100 * fraction) + "%)")
                + (note == null ? "" : "<div style=\"font-family:monospace;font-size:12px\">" + escape(runName + " on the " + note) + "</div>\n");
        DisplayData out = new DisplayData(text);
        if (done && last != null) {
            // the final picture is the interactive figure (with its static image inside)
            LinePlot plot = curve();
            DisplayData fig = plot.toDisplayData();
            out.putData(TEXT_HTML, bar + fig.getData(TEXT_HTML));
            out.putData(IMAGE_PNG, fig.getData(IMAGE_PNG), java.util.Map.of("width", plot.width(), "height", plot.height()));
            out.putText(text + "\n" + plot);
        } else {
            out.putData(TEXT_HTML, bar + curveImg);
        }
        return out;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
