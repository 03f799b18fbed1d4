package dev.atelier.plot;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.train.LossHistory;
import dev.atelier.train.TrainingListener.EvaluationEvent;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Config;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One or more named series over steps: training and validation loss, learning rates, norms.
 *
 * <pre>{@code
 * LinePlot.of("loss").series("train", steps, losses).series("validation", evalSteps, valLosses)
 *         .smooth(0.9, "train").logY()
 * LinePlot.of(history)                    // from a LossHistory
 * }</pre>
 *
 * <p>Behaviour:
 * <ul>
 *   <li>Each series needs as many steps as values and at least one point; steps must be finite.
 *       Points are joined in the order given. Series with at most 30 points also get markers.</li>
 *   <li>NaN and infinite values are drawn as gaps, and a warning names the series, how many values
 *       and the first step. On a log axis ({@link #logY()}) values {@code <= 0} are gaps too, with a
 *       warning.</li>
 *   <li>{@link #smooth(double, String...)}: the exponential moving average with bias correction
 *       (as TensorBoard): {@code s_k = w·s_{k-1} + (1-w)·y_k}, {@code s_0 = 0}, drawn value
 *       {@code s_k / (1 - w^k)} where {@code k} counts the finite values so far (gaps are skipped).
 *       The raw series stays visible, faint.</li>
 *   <li>Series longer than {@link #maxPoints(int)} (default 2000) are thinned for drawing: each
 *       bucket of consecutive points keeps its minimum, maximum and first gap, so spikes and gaps
 *       stay visible.</li>
 * </ul>
 */
public final class LinePlot extends Figure {
    /** Series with at most this many points are drawn with markers as well as lines. */
    static final int MARKERS_UP_TO = 30;

    private record Series(String name, double[] x, double[] y) {}

    /** One drawn line: a series, its smoothed version, or its faint raw version. */
    record Drawn(String name, double[] x, double[] y, int color, boolean faint, boolean legend, boolean markers) {}

    private final List<Series> series = new ArrayList<>();
    private boolean logY;
    private double smoothWeight;
    private final Set<String> smoothOnly = new LinkedHashSet<>();
    private String xLabel = "step";
    private String yLabel = "";
    private int maxPoints = 2000;

    private LinePlot(String title) {
        super(Text.name("LinePlot title", title), 640, 380);
    }

    /** An empty plot titled {@code title}; add series with {@link #series}. */
    public static LinePlot of(String title) {
        return new LinePlot(title);
    }

    /**
     * The loss curves recorded in {@code history}: "train" (every step) and, when evaluations were
     * recorded, "validation". With more than 100 training steps, "train" is smoothed
     * (EMA weight 0.9, raw faint); {@code .smooth(0)} turns that off.
     */
    public static LinePlot of(LossHistory history) {
        double[] steps = history.stepNumbers();
        List<EvaluationEvent> evals = history.evaluations();
        if (steps.length == 0 && evals.isEmpty())
            throw new IllegalArgumentException("LossHistory has no steps and no evaluations yet: nothing to plot");
        LinePlot p = new LinePlot("loss").yLabel("loss");
        if (steps.length > 0) p.series("train", steps, history.stepLosses());
        if (!evals.isEmpty()) {
            double[] x = evals.stream().mapToDouble(EvaluationEvent::step).toArray();
            double[] y = evals.stream().mapToDouble(EvaluationEvent::validationLoss).toArray();
            p.series("validation", x, y);
        }
        if (steps.length > 100) p.smooth(0.9, "train");
        return p;
    }

    /** Adds a series with values {@code y} at steps {@code x}. */
    public LinePlot series(String name, double[] x, double[] y) {
        Text.name("LinePlot '" + title + "': series name", name);
        if (name.isBlank()) throw new IllegalArgumentException("LinePlot '" + title + "': series name is blank");
        for (Series s : series)
            if (s.name.equals(name)) throw new IllegalArgumentException("LinePlot '" + title + "': series '" + name + "' added twice");
        if (x == null || y == null)
            throw new IllegalArgumentException("LinePlot '" + title + "': series '" + name + "': "
                    + (x == null ? "steps" : "values") + " array is null");
        if (x.length != y.length)
            throw new IllegalArgumentException("LinePlot '" + title + "': series '" + name + "' has " + x.length
                    + " steps but " + y.length + " values");
        if (y.length == 0)
            throw new IllegalArgumentException("LinePlot '" + title + "': series '" + name + "' is empty (0 points)");
        for (int i = 0; i < x.length; i++)
            if (!Double.isFinite(x[i]))
                throw new IllegalArgumentException("LinePlot '" + title + "': series '" + name + "': step[" + i + "] = "
                        + x[i] + " is not finite");
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    /** Adds a series with values {@code y} at integer steps {@code x}. */
    public LinePlot series(String name, int[] x, double[] y) {
        return series(name, x == null ? null : Arrays.stream(x).asDoubleStream().toArray(), y);
    }

    /** Adds a series with values {@code y} at steps 1, 2, ..., n. */
    public LinePlot series(String name, double[] y) {
        double[] x = new double[y == null ? 0 : y.length];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        return series(name, y == null ? null : x, y);
    }

    /** Logarithmic y axis (values {@code <= 0} become gaps, with a warning). */
    public LinePlot logY() {
        this.logY = true;
        return this;
    }

    /**
     * Smooths the named series (all when none are named) with a bias-corrected exponential moving
     * average of weight {@code weight} in [0, 1); 0 turns smoothing off. See the class comment.
     */
    public LinePlot smooth(double weight, String... seriesNames) {
        if (!(weight >= 0 && weight < 1))
            throw new IllegalArgumentException("LinePlot '" + title + "': smoothing weight " + weight + " is outside [0, 1)");
        this.smoothWeight = weight;
        this.smoothOnly.clear();
        this.smoothOnly.addAll(Arrays.asList(seriesNames));
        return this;
    }

    /** The x axis title (default "step"). */
    public LinePlot xLabel(String label) {
        this.xLabel = Text.name("LinePlot x label", label);
        return this;
    }

    /** The y axis title (default none). */
    public LinePlot yLabel(String label) {
        this.yLabel = Text.name("LinePlot y label", label);
        return this;
    }

    /** Size in CSS pixels (default 640 x 380). */
    public LinePlot size(int width, int height) {
        setSize(width, height);
        return this;
    }

    /** At most this many points per drawn line (at least 100); longer series are thinned. */
    public LinePlot maxPoints(int maxPoints) {
        if (maxPoints < 100) throw new IllegalArgumentException("maxPoints " + maxPoints + " < 100");
        this.maxPoints = maxPoints;
        return this;
    }

    /** Names of the series, in order. */
    public List<String> seriesNames() {
        return series.stream().map(Series::name).toList();
    }

    // ---- the formulas --------------------------------------------------------------------------

    /**
     * Bias-corrected exponential moving average: {@code s_k = w·s_{k-1} + (1-w)·y_k}, result
     * {@code s_k / (1 - w^k)}, k counting finite values; non-finite values give NaN and leave the
     * average unchanged.
     */
    public static double[] ema(double[] y, double weight) {
        if (!(weight >= 0 && weight < 1)) throw new IllegalArgumentException("EMA weight " + weight + " is outside [0, 1)");
        double[] out = new double[y.length];
        double s = 0, wk = 1;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                out[i] = Double.NaN;
                continue;
            }
            s = weight * s + (1 - weight) * y[i];
            wk *= weight;
            out[i] = s / (1 - wk);
        }
        return out;
    }

    /**
     * Thins {@code (x, y)} to about {@code maxPoints} points: the series is cut into
     * {@code maxPoints / 2} buckets of consecutive points, and each keeps (in order) its minimum,
     * its maximum and its first non-finite point. Returns {@code {x', y'}}; unchanged when short.
     */
    static double[][] thin(double[] x, double[] y, int maxPoints) {
        int n = y.length;
        if (n <= maxPoints) return new double[][]{x, y};
        int buckets = Math.max(1, maxPoints / 2);
        int size = (n + buckets - 1) / buckets;
        double[] tx = new double[3 * buckets], ty = new double[3 * buckets];
        int m = 0;
        for (int start = 0; start < n; start += size) {
            int end = Math.min(n, start + size), lo = -1, hi = -1, gap = -1;
            for (int i = start; i < end; i++) {
                if (!Double.isFinite(y[i])) {
                    if (gap < 0) gap = i;
                    continue;
                }
                if (lo < 0 || y[i] < y[lo]) lo = i;
                if (hi < 0 || y[i] > y[hi]) hi = i;
            }
            int[] keep = {lo, hi, gap};
            Arrays.sort(keep);
            int last = -1;
            for (int k : keep) {
                if (k < 0 || k == last) continue;
                tx[m] = x[k];
                ty[m] = y[k];
                m++;
                last = k;
            }
        }
        return new double[][]{Arrays.copyOf(tx, m), Arrays.copyOf(ty, m)};
    }

    // ---- what is drawn -------------------------------------------------------------------------

    @Override void validate() {
        if (series.isEmpty())
            throw new IllegalStateException("LinePlot '" + title + "' has no series: add one with .series(name, steps, values)");
        for (String n : smoothOnly)
            if (series.stream().noneMatch(s -> s.name.equals(n)))
                throw new IllegalStateException("LinePlot '" + title + "': smooth() names series '" + n
                        + "', which is not among " + seriesNames());
    }

    private boolean smoothed(Series s) {
        return smoothWeight > 0 && (smoothOnly.isEmpty() || smoothOnly.contains(s.name));
    }

    /** The lines both views draw, after gaps, smoothing and thinning. */
    List<Drawn> drawn() {
        List<Drawn> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            double[] y = s.y.clone();
            for (int k = 0; k < y.length; k++)
                if (!Double.isFinite(y[k]) || (logY && y[k] <= 0)) y[k] = Double.NaN;
            boolean markers = y.length <= MARKERS_UP_TO;
            if (smoothed(s)) {
                double[][] raw = thin(s.x, y, maxPoints);
                out.add(new Drawn(s.name + " (raw)", raw[0], raw[1], i, true, false, false));
                double[][] sm = thin(s.x, ema(y, smoothWeight), maxPoints);
                out.add(new Drawn(s.name + " (EMA " + Text.num(smoothWeight) + ")", sm[0], sm[1], i, false, true, markers));
            } else {
                double[][] t = thin(s.x, y, maxPoints);
                out.add(new Drawn(s.name, t[0], t[1], i, false, true, markers));
            }
        }
        return out;
    }

    @Override public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (Series s : series) {
            int bad = 0, first = -1, nonPositive = 0, firstNonPositive = -1;
            for (int k = 0; k < s.y.length; k++) {
                if (!Double.isFinite(s.y[k])) {
                    if (bad++ == 0) first = k;
                } else if (logY && s.y[k] <= 0) {
                    if (nonPositive++ == 0) firstNonPositive = k;
                }
            }
            if (bad > 0)
                w.add(String.format(Locale.ROOT, "series '%s': %d of %d values are NaN or infinite (first at step %s = %s), drawn as gaps",
                        s.name, bad, s.y.length, Text.num(s.x[first]), Text.num(s.y[first])));
            if (nonPositive > 0)
                w.add(String.format(Locale.ROOT, "series '%s': %d values <= 0 cannot be shown on the log axis (first at step %s = %s), drawn as gaps",
                        s.name, nonPositive, Text.num(s.x[firstNonPositive]), Text.num(s.y[firstNonPositive])));
            if (bad + nonPositive == s.y.length)
                w.add("series '" + s.name + "' has no value that can be drawn");
        }
        return w;
    }

    @Override String summary() {
        StringBuilder b = new StringBuilder("LinePlot '").append(title).append("': ");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            if (i > 0) b.append("; ");
            b.append(s.name).append(" (").append(s.y.length).append(" points");
            double last = Double.NaN, min = Double.POSITIVE_INFINITY;
            for (double v : s.y) if (Double.isFinite(v)) { last = v; min = Math.min(min, v); }
            if (Double.isFinite(last)) b.append(", last ").append(Text.num(last)).append(", min ").append(Text.num(min));
            b.append(')');
        }
        if (logY) b.append("; log y");
        if (smoothWeight > 0) b.append("; EMA ").append(Text.num(smoothWeight));
        return b.toString();
    }

    @Override List<Panel> panels() {
        List<Drawn> lines = drawn();
        Trace[] traces = new Trace[lines.size()];
        JsonArray data = new JsonArray();
        for (int i = 0; i < lines.size(); i++) {
            Drawn d = lines.get(i);
            double[] x = new double[d.x.length], y = new double[d.y.length];
            for (int k = 0; k < x.length; k++) {
                x[k] = Text.round6(d.x[k]);
                y[k] = Text.round6(d.y[k]);
            }
            ScatterTrace.ScatterBuilder t = ScatterTrace.builder(x, y)
                    .mode(d.markers ? ScatterTrace.Mode.LINE_AND_MARKERS : ScatterTrace.Mode.LINE)
                    .line(Line.builder().color(StaticChart.PALETTE[d.color % StaticChart.PALETTE.length])
                            .width(d.faint ? 1 : 2).build())
                    .showLegend(d.legend);
            if (d.markers) t.marker(Marker.builder().size(5).color(StaticChart.PALETTE[d.color % StaticChart.PALETTE.length]).build());
            traces[i] = t.build();
            JsonObject p = new JsonObject();
            p.addProperty("name", Text.plotly(d.name));
            p.addProperty("opacity", d.faint ? 0.3 : 1.0);
            p.addProperty("connectgaps", false);
            p.addProperty("hovertemplate", "%{y:.4g} at step %{x}");
            data.add(p);
        }
        Layout layout = Layout.builder().width(width).height(height).showLegend(lines.stream().filter(Drawn::legend).count() > 1)
                .xAxis(Axis.builder().type(Axis.Type.LINEAR).build())
                .yAxis(Axis.builder().type(logY ? Axis.Type.LOG : Axis.Type.LINEAR).build())
                .build();
        tech.tablesaw.plotly.components.Figure spec = new tech.tablesaw.plotly.components.Figure(layout,
                Config.builder().displayLogo(false).responsive(false).build(), traces);
        JsonObject patch = new JsonObject();
        patch.add("data", data);
        patch.add("layout", PlotlyPatch.layout(title, xLabel, yLabel));
        return List.of(new Panel(spec, patch));
    }

    @Override void paint(Graphics2D g, int w, int h) {
        List<Drawn> lines = drawn();
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Drawn d : lines) {
            XYSeries s = new XYSeries(d.name, false, true);
            for (int k = 0; k < d.x.length; k++) s.add(d.x[k], d.y[k]);
            dataset.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, dataset, PlotOrientation.VERTICAL,
                lines.stream().filter(Drawn::legend).count() > 1, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // raw first, smoothed on top (as plotly)
        if (logY) {
            plot.setRangeAxis(new StaticChart.NiceLogAxis(yLabel));
        }
        boolean integerSteps = lines.stream().allMatch(d -> Arrays.stream(d.x).allMatch(v -> v == Math.rint(v)));
        if (integerSteps) ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < lines.size(); i++) {
            Drawn d = lines.get(i);
            Color c = StaticChart.color(d.color);
            r.setSeriesPaint(i, d.faint ? StaticChart.onWhite(c, 0.3) : c); // opaque: fewer colours, smaller PNG
            r.setSeriesStroke(i, new BasicStroke(d.faint ? 1f : 2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            r.setSeriesShapesVisible(i, d.markers);
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
            r.setSeriesVisibleInLegend(i, d.legend);
        }
        plot.setRenderer(r);
        StaticChart.style(chart, warnings());
        StaticChart.draw(chart, g, 0, 0, w, h);
    }
}
