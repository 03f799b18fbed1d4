package dev.atelier.plot;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Config;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.components.TickSettings;
import tech.tablesaw.plotly.traces.BarTrace;

import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Labelled bars: a next-token probability distribution (usually its top k), word counts, scores.
 *
 * <pre>{@code
 * BarChart.topK("next token after 'th'", vocabulary, probabilities, 10)
 * BarChart.of("counts", words, counts).yLabel("count")
 * }</pre>
 *
 * <p>Bars keep the given order ({@link #topK} sorts by value, largest first, ties by index).
 * Labels have whitespace made visible ({@link Text#visible(String)}); duplicate labels stay
 * separate bars. NaN or infinite values are drawn as missing bars with a warning;
 * {@link #topK} rejects them, since a NaN cannot be ranked.
 */
public final class BarChart extends Figure {
    private final List<String> labels;
    private final double[] values;
    private String yLabel = "";
    private String xLabel = "";

    private BarChart(String title, List<String> labels, double[] values) {
        super(Text.name("BarChart title", title), 640, 360);
        if (labels == null || values == null)
            throw new IllegalArgumentException("BarChart '" + title + "': " + (labels == null ? "labels" : "values") + " are null");
        if (labels.size() != values.length)
            throw new IllegalArgumentException("BarChart '" + title + "': " + labels.size() + " labels for " + values.length + " values");
        if (values.length == 0) throw new IllegalArgumentException("BarChart '" + title + "': no bars (0 values)");
        this.labels = Text.visible(labels);
        this.values = values.clone();
        width = Math.max(360, Math.min(1000, 120 + 28 * values.length));
    }

    /** One bar per label, in the given order. */
    public static BarChart of(String title, List<String> labels, double[] values) {
        return new BarChart(title, labels, values);
    }

    /**
     * The {@code k} largest entries of {@code probabilities} (one per vocabulary entry), largest
     * first; {@code k} larger than the vocabulary shows all of it.
     */
    public static BarChart topK(String title, List<String> vocabulary, double[] probabilities, int k) {
        if (vocabulary == null || probabilities == null)
            throw new IllegalArgumentException("BarChart '" + title + "': " + (vocabulary == null ? "vocabulary" : "probabilities") + " are null");
        if (vocabulary.size() != probabilities.length)
            throw new IllegalArgumentException("BarChart '" + title + "': vocabulary has " + vocabulary.size()
                    + " entries but there are " + probabilities.length + " probabilities");
        if (k < 1) throw new IllegalArgumentException("BarChart '" + title + "': k = " + k + " must be >= 1");
        for (int i = 0; i < probabilities.length; i++)
            if (!Double.isFinite(probabilities[i]))
                throw new IllegalArgumentException("BarChart '" + title + "': probability of '" + Text.visible(vocabulary.get(i))
                        + "' (index " + i + ") is " + probabilities[i] + "; cannot rank it");
        int[] order = topIndices(probabilities, k);
        List<String> l = new ArrayList<>();
        double[] v = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            l.add(vocabulary.get(order[i]));
            v[i] = probabilities[order[i]];
        }
        return new BarChart(title, l, v).yLabel("probability");
    }

    /** Indices of the {@code k} largest values, largest first, ties by smaller index. */
    static int[] topIndices(double[] values, int k) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** The y axis title. */
    public BarChart yLabel(String label) {
        this.yLabel = Text.name("BarChart y label", label);
        return this;
    }

    /** The x axis title. */
    public BarChart xLabel(String label) {
        this.xLabel = Text.name("BarChart x label", label);
        return this;
    }

    /** Size in CSS pixels (default width grows with the number of bars). */
    public BarChart size(int width, int height) {
        setSize(width, height);
        return this;
    }

    /** The bar labels as shown. */
    public List<String> labels() { return List.copyOf(labels); }

    /** The bar values in order. */
    public double[] values() { return values.clone(); }

    @Override void validate() { }

    @Override public List<String> warnings() {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < values.length; i++) if (!Double.isFinite(values[i])) bad.add(labels.get(i) + " = " + values[i]);
        if (bad.isEmpty()) return List.of();
        return List.of(String.format(Locale.ROOT, "%d of %d values are NaN or infinite, drawn as missing bars: %s",
                bad.size(), values.length, String.join(", ", bad.subList(0, Math.min(5, bad.size()))) + (bad.size() > 5 ? ", ..." : "")));
    }

    @Override String summary() {
        StringBuilder b = new StringBuilder("BarChart '").append(title).append("': ");
        for (int i = 0; i < Math.min(values.length, 10); i++) {
            if (i > 0) b.append(", ");
            b.append(labels.get(i)).append(' ').append(Text.num(values[i]));
        }
        if (values.length > 10) b.append(", ... (").append(values.length).append(" bars)");
        return b.toString();
    }

    @Override List<Panel> panels() {
        int n = values.length;
        Integer[] x = new Integer[n];
        double[] y = new double[n], ticks = new double[n];
        String[] tickText = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            ticks[i] = i;
            y[i] = Double.isFinite(values[i]) ? Text.round6(values[i]) : Double.NaN;
            tickText[i] = Text.plotly(labels.get(i));
        }
        BarTrace trace = BarTrace.builder(x, y).marker(Marker.builder().color(StaticChart.PALETTE[0]).build()).build();
        // numeric x with tick texts, so that duplicate labels stay separate bars
        Layout layout = Layout.builder().width(width).height(height).showLegend(false)
                .xAxis(Axis.builder().type(Axis.Type.LINEAR).showGrid(false)
                        .tickSettings(TickSettings.builder().tickMode(TickSettings.TickMode.ARRAY).arrayTicks(ticks, tickText).build()).build())
                .yAxis(Axis.builder().type(Axis.Type.LINEAR).build())
                .build();
        tech.tablesaw.plotly.components.Figure spec = new tech.tablesaw.plotly.components.Figure(layout,
                Config.builder().displayLogo(false).responsive(false).build(), trace);
        JsonObject t = new JsonObject();
        JsonArray text = new JsonArray();
        for (String l : labels) text.add(Text.plotly(l));
        t.add("hovertext", text);
        t.addProperty("hovertemplate", "%{hovertext}: %{y:.4g}<extra></extra>");
        t.addProperty("name", "");
        JsonArray data = new JsonArray();
        data.add(t);
        JsonObject lay = PlotlyPatch.layout(title, xLabel, yLabel);
        lay.remove("legend");
        lay.getAsJsonObject("xaxis").addProperty("tickangle", labels.stream().anyMatch(s -> s.length() > 3) ? -60 : 0);
        JsonObject patch = new JsonObject();
        patch.add("data", data);
        patch.add("layout", lay);
        return List.of(new Panel(spec, patch));
    }

    /** Category key that keeps duplicate labels apart (JFreeChart keys by equality). */
    private record Bar(int index, String label) implements Comparable<Bar> {
        @Override public String toString() { return label; }
        @Override public int compareTo(Bar o) { return Integer.compare(index, o.index); }
    }

    @Override void paint(Graphics2D g, int w, int h) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < values.length; i++)
            data.addValue(Double.isFinite(values[i]) ? Double.valueOf(values[i]) : null, "values", new Bar(i, labels.get(i)));
        JFreeChart chart = ChartFactory.createBarChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, StaticChart.color(0));
        r.setItemMargin(0);
        plot.getDomainAxis().setCategoryMargin(0.2);
        if (labels.stream().anyMatch(s -> s.length() > 3))
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        StaticChart.style(chart, warnings());
        StaticChart.draw(chart, g, 0, 0, w, h);
    }
}
