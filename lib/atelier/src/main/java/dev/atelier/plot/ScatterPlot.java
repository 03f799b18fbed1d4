package dev.atelier.plot;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Config;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled points in the plane: a 2-D map of word vectors (after PCA), optionally in named groups
 * drawn in different colours.
 *
 * <pre>{@code
 * ScatterPlot.of("word vectors (PCA)", words, xy)                // xy[i] = {x, y}
 * ScatterPlot.of("analogies").points("capitals", caps, xs, ys).points("countries", cs, xs2, ys2)
 * }</pre>
 *
 * <p>Each group needs one label per point and equally long coordinate arrays (else an
 * {@link IllegalArgumentException} names the group and the sizes). Points with a NaN or infinite
 * coordinate are left out with a warning that names them. Labels are drawn next to the points
 * (whitespace made visible, see {@link Text#visible(String)}); with more than
 * {@value #MAX_LABELS} points only the hover shows them.
 */
public final class ScatterPlot extends Figure {
    /** Beyond this many points labels are not written on the plot (hover still shows them). */
    static final int MAX_LABELS = 200;

    private record Group(String name, List<String> labels, double[] x, double[] y) {}

    private final List<Group> groups = new ArrayList<>();
    private String xTitle = "";
    private String yTitle = "";

    private ScatterPlot(String title) {
        super(Text.name("ScatterPlot title", title), 640, 480);
    }

    /** An empty scatter plot; add points with {@link #points}. */
    public static ScatterPlot of(String title) {
        return new ScatterPlot(title);
    }

    /** One group of labelled points, {@code xy[i] = {x, y}}. */
    public static ScatterPlot of(String title, List<String> labels, double[][] xy) {
        ScatterPlot p = new ScatterPlot(title);
        if (xy == null) throw new IllegalArgumentException("ScatterPlot '" + title + "': coordinates are null");
        double[] x = new double[xy.length], y = new double[xy.length];
        for (int i = 0; i < xy.length; i++) {
            if (xy[i] == null || xy[i].length != 2)
                throw new IllegalArgumentException("ScatterPlot '" + title + "': point " + i + " has "
                        + (xy[i] == null ? "no" : Integer.toString(xy[i].length)) + " coordinates, expected 2 (x, y)");
            x[i] = xy[i][0];
            y[i] = xy[i][1];
        }
        return p.points("points", labels, x, y);
    }

    /** Adds a group of points named {@code group} with one label per point. */
    public ScatterPlot points(String group, List<String> labels, double[] x, double[] y) {
        Text.name("ScatterPlot '" + title + "': group name", group);
        String where = "ScatterPlot '" + title + "': group '" + group + "'";
        if (labels == null || x == null || y == null)
            throw new IllegalArgumentException(where + ": " + (labels == null ? "labels" : x == null ? "x" : "y") + " are null");
        if (x.length != y.length)
            throw new IllegalArgumentException(where + " has " + x.length + " x values but " + y.length + " y values");
        if (labels.size() != x.length)
            throw new IllegalArgumentException(where + " has " + labels.size() + " labels for " + x.length + " points");
        if (x.length == 0) throw new IllegalArgumentException(where + " is empty (0 points)");
        for (Group g : groups)
            if (g.name.equals(group)) throw new IllegalArgumentException(where + " added twice");
        groups.add(new Group(group, Text.visible(labels), x.clone(), y.clone()));
        return this;
    }

    /** Axis titles (default none). */
    public ScatterPlot axisTitles(String x, String y) {
        this.xTitle = Text.name("ScatterPlot x title", x);
        this.yTitle = Text.name("ScatterPlot y title", y);
        return this;
    }

    /** Size in CSS pixels (default 640 x 480). */
    public ScatterPlot size(int width, int height) {
        setSize(width, height);
        return this;
    }

    private int total() {
        return groups.stream().mapToInt(g -> g.x.length).sum();
    }

    private static boolean ok(Group g, int i) {
        return Double.isFinite(g.x[i]) && Double.isFinite(g.y[i]);
    }

    @Override void validate() {
        if (groups.isEmpty())
            throw new IllegalStateException("ScatterPlot '" + title + "' has no points: add them with .points(group, labels, x, y)");
    }

    @Override public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (Group g : groups) {
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < g.x.length; i++) if (!ok(g, i)) bad.add(g.labels.get(i));
            if (!bad.isEmpty())
                w.add("group '" + g.name + "': " + bad.size() + " of " + g.x.length + " points have NaN or infinite coordinates and are left out: "
                        + String.join(", ", bad.subList(0, Math.min(5, bad.size()))) + (bad.size() > 5 ? ", ..." : ""));
        }
        return w;
    }

    @Override String summary() {
        StringBuilder b = new StringBuilder("ScatterPlot '").append(title).append("': ");
        for (int i = 0; i < groups.size(); i++) {
            if (i > 0) b.append("; ");
            b.append(groups.get(i).name).append(" (").append(groups.get(i).x.length).append(" points)");
        }
        return b.toString();
    }

    @Override List<Panel> panels() {
        boolean labelled = total() <= MAX_LABELS;
        Trace[] traces = new Trace[groups.size()];
        JsonArray data = new JsonArray();
        for (int k = 0; k < groups.size(); k++) {
            Group g = groups.get(k);
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            JsonArray text = new JsonArray();
            for (int i = 0; i < g.x.length; i++)
                if (ok(g, i)) {
                    xs.add(Text.round6(g.x[i]));
                    ys.add(Text.round6(g.y[i]));
                    text.add(Text.plotly(g.labels.get(i)));
                }
            String colour = StaticChart.PALETTE[k % StaticChart.PALETTE.length];
            traces[k] = ScatterTrace.builder(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                            ys.stream().mapToDouble(Double::doubleValue).toArray())
                    .mode(labelled ? ScatterTrace.Mode.TEXT_AND_MARKERS : ScatterTrace.Mode.MARKERS)
                    .marker(Marker.builder().size(7).color(colour).build())
                    .showLegend(groups.size() > 1)
                    .build();
            JsonObject t = new JsonObject();
            t.addProperty("name", Text.plotly(g.name));
            t.add("text", text);
            t.addProperty("textposition", "top center");
            t.addProperty("hovertemplate", "%{text} (%{x:.3g}, %{y:.3g})<extra></extra>");
            data.add(t);
        }
        Layout layout = Layout.builder().width(width).height(height).showLegend(groups.size() > 1)
                .xAxis(Axis.builder().type(Axis.Type.LINEAR).build()).yAxis(Axis.builder().type(Axis.Type.LINEAR).build())
                .build();
        tech.tablesaw.plotly.components.Figure spec = new tech.tablesaw.plotly.components.Figure(layout,
                Config.builder().displayLogo(false).responsive(false).build(), traces);
        JsonObject patch = new JsonObject();
        patch.add("data", data);
        patch.add("layout", PlotlyPatch.layout(title, xTitle, yTitle));
        return List.of(new Panel(spec, patch));
    }

    @Override void paint(Graphics2D g2, int w, int h) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<List<String>> shown = new ArrayList<>();
        for (Group g : groups) {
            XYSeries s = new XYSeries(g.name, false, true);
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < g.x.length; i++)
                if (ok(g, i)) {
                    s.add(g.x[i], g.y[i]);
                    labels.add(g.labels.get(i));
                }
            data.addSeries(s);
            shown.add(labels);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(title, xTitle, yTitle, data, PlotOrientation.VERTICAL,
                groups.size() > 1, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (int k = 0; k < groups.size(); k++) {
            r.setSeriesPaint(k, StaticChart.color(k));
            r.setSeriesShape(k, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        if (total() <= MAX_LABELS) {
            XYItemLabelGenerator labels = (dataset, series, item) -> shown.get(series).get(item);
            r.setDefaultItemLabelGenerator(labels);
            r.setDefaultItemLabelsVisible(true);
            r.setDefaultItemLabelFont(StaticChart.TICK);
            r.setDefaultItemLabelPaint(Color.DARK_GRAY);
        }
        plot.setRenderer(r);
        StaticChart.style(chart, warnings());
        StaticChart.draw(chart, g2, 0, 0, w, h);
    }
}
