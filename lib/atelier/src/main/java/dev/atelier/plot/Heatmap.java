package dev.atelier.plot;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Config;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.TickSettings;
import tech.tablesaw.plotly.traces.HeatmapTrace;

import java.awt.Color;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A matrix drawn as coloured cells with labels on both axes and a colour scale: an attention map
 * (rows = queries, columns = keys), a confusion matrix, a co-occurrence table.
 *
 * <pre>{@code
 * Heatmap.attention("head 0", tokens, weights)          // weights[query][key]
 * Heatmap.of("co-occurrence", counts).xLabels(words).yLabels(words).range(0, 10)
 * }</pre>
 *
 * <p>Row 0 is at the top. The colour scale is viridis from the smallest to the largest finite
 * value, or {@link #range(double, double)}. Labels are shown verbatim except that whitespace and
 * control characters are made visible ({@link Text#visible(String)}: space {@code ␣}, newline
 * {@code ⏎}); duplicates are fine. With more than 40 labels on an axis only every k-th is written.
 * NaN and infinite cells are left blank (light grey in the static picture) with a warning; the
 * matrix must be rectangular, non-empty and match the label counts, else an
 * {@link IllegalArgumentException} names the axis and the sizes.
 */
public final class Heatmap extends Figure {
    /** At most this many tick labels are written per axis. */
    static final int MAX_TICKS = 40;
    /** Hover texts (labels of each cell) are sent for matrices up to this many cells. */
    static final int MAX_HOVER_CELLS = 4096;

    private final double[][] z;
    private List<String> xLabels;
    private List<String> yLabels;
    private String xTitle = "";
    private String yTitle = "";
    private String scaleTitle = "";
    private double min = Double.NaN, max = Double.NaN;
    private boolean showScale = true;

    private Heatmap(String title, double[][] z) {
        super(Text.name("Heatmap title", title), 480, 440);
        this.z = copy(title, z);
        int rows = this.z.length, cols = this.z[0].length;
        this.xLabels = indexLabels(cols);
        this.yLabels = indexLabels(rows);
        autoSize();
    }

    /** A heatmap of {@code z[row][column]}; rows and columns labelled 0, 1, ... until set. */
    public static Heatmap of(String title, double[][] z) {
        return new Heatmap(title, z);
    }

    /** A heatmap of a rank-2 ND4J array {@code [rows, columns]}. */
    public static Heatmap of(String title, INDArray z) {
        if (z == null) throw new IllegalArgumentException("Heatmap '" + title + "': matrix is null");
        if (z.rank() != 2)
            throw new IllegalArgumentException("Heatmap '" + title + "': expected a rank-2 array [rows, columns], got shape "
                    + Arrays.toString(z.shape()));
        return new Heatmap(title, z.toDoubleMatrix());
    }

    /**
     * An attention map: {@code weights[query][key]}, both axes labelled with {@code tokens}
     * (x: key, y: query), colour scale 0..1 unless {@link #range} says otherwise.
     */
    public static Heatmap attention(String title, List<String> tokens, double[][] weights) {
        Heatmap h = new Heatmap(title, weights).xLabels(tokens).yLabels(tokens).axisTitles("key", "query").scaleTitle("weight");
        return h.range(0, 1);
    }

    /** {@link #attention(String, List, double[][])} from a rank-2 ND4J array {@code [query, key]}. */
    public static Heatmap attention(String title, List<String> tokens, INDArray weights) {
        return attention(title, tokens, of(title, weights).z);
    }

    /** Column labels (x axis), one per column. */
    public Heatmap xLabels(List<String> labels) {
        this.xLabels = checkLabels("x", labels, z[0].length, "columns");
        autoSize();
        return this;
    }

    /** Row labels (y axis), one per row. */
    public Heatmap yLabels(List<String> labels) {
        this.yLabels = checkLabels("y", labels, z.length, "rows");
        autoSize();
        return this;
    }

    /** Axis titles (default none). */
    public Heatmap axisTitles(String x, String y) {
        this.xTitle = Text.name("Heatmap x title", x);
        this.yTitle = Text.name("Heatmap y title", y);
        return this;
    }

    /** Title of the colour scale (default none). */
    public Heatmap scaleTitle(String title) {
        this.scaleTitle = Text.name("Heatmap scale title", title);
        return this;
    }

    /** Fixes the colour scale to {@code [min, max]}; values outside take the end colours. */
    public Heatmap range(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max))
            throw new IllegalArgumentException("Heatmap '" + title + "': colour range [" + min + ", " + max
                    + "] must be finite with min < max");
        this.min = min;
        this.max = max;
        return this;
    }

    /** Size in CSS pixels (default grows with the number of labels). */
    public Heatmap size(int width, int height) {
        setSize(width, height);
        return this;
    }

    Heatmap showScale(boolean show) {
        this.showScale = show;
        return this;
    }

    /** Number of rows. */
    public int rows() { return z.length; }

    /** Number of columns. */
    public int columns() { return z[0].length; }

    double[][] values() { return z; }

    /** The colour range used: {@link #range} if set, else min and max of the finite values. */
    public double[] colourRange() {
        if (!Double.isNaN(min)) return new double[]{min, max};
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] row : z)
            for (double v : row)
                if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) return new double[]{0, 1};          // no finite value: warned about
        if (lo == hi) return new double[]{lo - 0.5, hi + 0.5};
        return new double[]{lo, hi};
    }

    // ---- checks --------------------------------------------------------------------------------

    private static double[][] copy(String title, double[][] z) {
        if (z == null) throw new IllegalArgumentException("Heatmap '" + title + "': matrix is null");
        if (z.length == 0) throw new IllegalArgumentException("Heatmap '" + title + "': matrix has 0 rows");
        double[][] c = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            if (z[i] == null) throw new IllegalArgumentException("Heatmap '" + title + "': row " + i + " is null");
            if (z[i].length != z[0].length)
                throw new IllegalArgumentException("Heatmap '" + title + "': matrix is not rectangular: row 0 has "
                        + z[0].length + " columns, row " + i + " has " + z[i].length);
            c[i] = z[i].clone();
        }
        if (z[0].length == 0) throw new IllegalArgumentException("Heatmap '" + title + "': matrix has 0 columns");
        return c;
    }

    private List<String> checkLabels(String axis, List<String> labels, int expected, String what) {
        if (labels == null) throw new IllegalArgumentException("Heatmap '" + title + "': " + axis + " labels are null");
        if (labels.size() != expected)
            throw new IllegalArgumentException("Heatmap '" + title + "': " + labels.size() + " " + axis + " labels for "
                    + expected + " " + what + " (matrix is " + z.length + " x " + z[0].length + ")");
        return Text.visible(labels);
    }

    private static List<String> indexLabels(int n) {
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(Integer.toString(i));
        return l;
    }

    private void autoSize() {
        int longestX = xLabels.stream().mapToInt(String::length).max().orElse(1);
        int longestY = yLabels.stream().mapToInt(String::length).max().orElse(1);
        int cell = Math.max(8, Math.min(28, 560 / Math.max(z.length, z[0].length)));
        width = Math.max(300, Math.min(900, 150 + 7 * Math.min(longestY, 14) + cell * z[0].length));
        height = Math.max(260, Math.min(900, 110 + 6 * Math.min(longestX, 14) + cell * z.length));
    }

    @Override void validate() { }

    @Override public List<String> warnings() {
        int bad = 0, firstRow = -1, firstCol = -1;
        for (int i = 0; i < z.length; i++)
            for (int j = 0; j < z[i].length; j++)
                if (!Double.isFinite(z[i][j]) && bad++ == 0) { firstRow = i; firstCol = j; }
        List<String> w = new ArrayList<>();
        int cells = z.length * z[0].length;
        if (bad == cells) w.add("matrix has no finite value: nothing to colour");
        else if (bad > 0)
            w.add(String.format(Locale.ROOT, "%d of %d cells are NaN or infinite (first at row %d '%s', column %d '%s'), left blank",
                    bad, cells, firstRow, yLabels.get(firstRow), firstCol, xLabels.get(firstCol)));
        return w;
    }

    @Override String summary() {
        double[] r = colourRange();
        return String.format(Locale.ROOT, "Heatmap '%s': %d x %d, colour range [%s, %s]", title, z.length, z[0].length,
                Text.num(r[0]), Text.num(r[1]));
    }

    // ---- interactive ---------------------------------------------------------------------------

    @Override List<Panel> panels() {
        return List.of(panel());
    }

    /** Every k-th index so that at most {@link #MAX_TICKS} labels are written. */
    static double[] tickValues(int n) {
        int step = (n + MAX_TICKS - 1) / MAX_TICKS;
        double[] v = new double[(n + step - 1) / step];
        for (int i = 0; i < v.length; i++) v[i] = i * step;
        return v;
    }

    private static String[] tickTexts(List<String> labels, double[] at) {
        String[] t = new String[at.length];
        for (int i = 0; i < at.length; i++) t[i] = Text.plotly(labels.get((int) at[i]));
        return t;
    }

    Panel panel() {
        int rows = z.length, cols = z[0].length;
        Integer[] xs = new Integer[cols], ys = new Integer[rows];
        for (int j = 0; j < cols; j++) xs[j] = j;
        for (int i = 0; i < rows; i++) ys[i] = i;
        double[][] zz = new double[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                zz[i][j] = Double.isFinite(z[i][j]) ? Text.round6(z[i][j]) : Double.NaN; // NaN: blank cell
        double[] xt = tickValues(cols), yt = tickValues(rows);
        // numeric axes with tick texts: duplicate tokens ("the" twice) stay separate cells
        Axis xAxis = Axis.builder().type(Axis.Type.LINEAR).showGrid(false).showZeroLine(false)
                .tickSettings(TickSettings.builder().tickMode(TickSettings.TickMode.ARRAY).arrayTicks(xt, tickTexts(xLabels, xt)).build())
                .build();
        Axis yAxis = Axis.builder().type(Axis.Type.LINEAR).showGrid(false).showZeroLine(false).autoRange(Axis.AutoRange.REVERSED)
                .tickSettings(TickSettings.builder().tickMode(TickSettings.TickMode.ARRAY).arrayTicks(yt, tickTexts(yLabels, yt)).build())
                .build();
        Layout layout = Layout.builder().width(width).height(height).xAxis(xAxis).yAxis(yAxis).build();
        tech.tablesaw.plotly.components.Figure spec = new tech.tablesaw.plotly.components.Figure(layout,
                Config.builder().displayLogo(false).responsive(false).build(), HeatmapTrace.builder(xs, ys, zz).build());

        double[] r = colourRange();
        JsonObject trace = new JsonObject();
        trace.addProperty("colorscale", "Viridis");
        trace.addProperty("zmin", r[0]);
        trace.addProperty("zmax", r[1]);
        trace.addProperty("showscale", showScale);
        trace.addProperty("name", "");
        JsonObject bar = new JsonObject();
        bar.add("title", PlotlyPatch.text(scaleTitle, 12));
        bar.addProperty("thickness", 14);
        trace.add("colorbar", bar);
        if ((long) rows * cols <= MAX_HOVER_CELLS) {
            JsonArray text = new JsonArray();
            for (int i = 0; i < rows; i++) {
                JsonArray row = new JsonArray();
                for (int j = 0; j < cols; j++)
                    row.add(Text.plotly(yLabels.get(i) + " \u2192 " + xLabels.get(j)));
                text.add(row);
            }
            trace.add("text", text);
            trace.addProperty("hovertemplate", "%{text}: %{z:.4g}<extra></extra>");
        } else {
            trace.addProperty("hovertemplate", "row %{y}, column %{x}: %{z:.4g}<extra></extra>");
        }
        JsonArray data = new JsonArray();
        data.add(trace);
        JsonObject patch = new JsonObject();
        patch.add("data", data);
        JsonObject lay = PlotlyPatch.layout(title, xTitle, yTitle);
        lay.remove("legend");
        lay.getAsJsonObject("margin").addProperty("b", 40 + 6 * Math.min(14, xLabels.stream().mapToInt(String::length).max().orElse(1)));
        lay.getAsJsonObject("margin").addProperty("l", 40 + 7 * Math.min(14, yLabels.stream().mapToInt(String::length).max().orElse(1)));
        lay.getAsJsonObject("margin").addProperty("r", showScale ? 16 : 8);
        lay.getAsJsonObject("xaxis").addProperty("tickangle", xLabels.stream().anyMatch(s -> s.length() > 3) ? -60 : 0);
        lay.getAsJsonObject("xaxis").addProperty("ticks", "");
        lay.getAsJsonObject("yaxis").addProperty("ticks", "");
        patch.add("layout", lay);
        return new Panel(spec, patch);
    }

    // ---- static --------------------------------------------------------------------------------

    /** The JFreeChart heatmap (with or without its colour legend). */
    JFreeChart chart(List<String> warnings) {
        int rows = z.length, cols = z[0].length;
        double[] xv = new double[rows * cols], yv = new double[rows * cols], zv = new double[rows * cols];
        for (int i = 0, k = 0; i < rows; i++)
            for (int j = 0; j < cols; j++, k++) {
                xv[k] = j;
                yv[k] = i;
                zv[k] = Double.isFinite(z[i][j]) ? z[i][j] : Double.NaN;
            }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("z", new double[][]{xv, yv, zv});
        double[] r = colourRange();
        StaticChart.Viridis scale = new StaticChart.Viridis(r[0], r[1]);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        SymbolAxis x = new SymbolAxis(xTitle, sparse(xLabels));
        SymbolAxis y = new SymbolAxis(yTitle, sparse(yLabels));
        for (SymbolAxis a : new SymbolAxis[]{x, y}) {
            a.setGridBandsVisible(false);
            a.setTickMarksVisible(false);
            a.setAxisLineVisible(false);
            a.setLabelFont(StaticChart.LABEL);
            a.setTickLabelFont(StaticChart.TICK);
            a.setLowerMargin(0);
            a.setUpperMargin(0);
        }
        x.setRange(-0.5, cols - 0.5);
        y.setRange(-0.5, rows - 0.5);
        y.setInverted(true);
        if (xLabels.stream().anyMatch(s -> s.length() > 3)) x.setVerticalTickLabels(true);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setDomainAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        JFreeChart chart = new JFreeChart(title.isBlank() ? null : title, StaticChart.TITLE, plot, false);
        if (showScale) {
            NumberAxis scaleAxis = new NumberAxis(scaleTitle.isBlank() ? null : scaleTitle);
            scaleAxis.setRange(r[0], r[1]);
            scaleAxis.setTickLabelFont(StaticChart.TICK);
            scaleAxis.setLabelFont(StaticChart.LABEL);
            PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
            legend.setPosition(RectangleEdge.RIGHT);
            legend.setStripWidth(14);
            legend.setAxisOffset(4);
            legend.setMargin(new RectangleInsets(8, 8, 8, 8));
            legend.setBackgroundPaint(Color.WHITE);
            chart.addSubtitle(legend);
        }
        StaticChart.style(chart, warnings);
        return chart;
    }

    /** Labels with only every k-th written (as in the interactive view). */
    private static String[] sparse(List<String> labels) {
        String[] out = new String[labels.size()];
        Arrays.fill(out, "");
        for (double v : tickValues(labels.size())) out[(int) v] = labels.get((int) v);
        return out;
    }

    @Override void paint(Graphics2D g, int w, int h) {
        StaticChart.draw(chart(warnings()), g, 0, 0, w, h);
    }

    /** Used by {@link HeatmapGrid}: a copy titled {@code panelTitle} with a shared colour range. */
    Heatmap withRange(double lo, double hi) {
        Heatmap c = new Heatmap(title, z);
        c.xLabels = xLabels;
        c.yLabels = yLabels;
        c.xTitle = xTitle;
        c.yTitle = yTitle;
        c.scaleTitle = scaleTitle;
        c.min = lo;
        c.max = hi;
        c.width = width;
        c.height = height;
        return c;
    }
}
