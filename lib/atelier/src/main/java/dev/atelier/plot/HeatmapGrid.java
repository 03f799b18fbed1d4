package dev.atelier.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Several heatmaps side by side with one shared colour scale, so that colours compare across
 * panels: the attention maps of every head of a layer, or of every layer.
 *
 * <pre>{@code
 * HeatmapGrid.attention("layer 0", tokens, weights)     // weights[head][query][key]
 * HeatmapGrid.of("heads", List.of(h0, h1, h2, h3)).columns(2)
 * }</pre>
 *
 * <p>The shared range is {@link #range} if set, else the smallest and largest finite value over all
 * panels (each panel's own range is ignored). Panels are laid out row by row, {@link #columns}
 * per row (default: up to 4). Warnings of the panels are collected, prefixed with the panel title.
 */
public final class HeatmapGrid extends Figure {
    private final List<Heatmap> panels;
    private int columns;
    private double min = Double.NaN, max = Double.NaN;
    private static final int PANEL = 260;
    private static final int LEGEND = 90;
    private static final int TITLE = 36;

    private HeatmapGrid(String title, List<Heatmap> panels) {
        super(Text.name("HeatmapGrid title", title), 600, 400);
        if (panels == null || panels.isEmpty())
            throw new IllegalArgumentException("HeatmapGrid '" + title + "': no panels");
        for (int i = 0; i < panels.size(); i++)
            if (panels.get(i) == null) throw new IllegalArgumentException("HeatmapGrid '" + title + "': panel " + i + " is null");
        this.panels = List.copyOf(panels);
        columns(Math.min(4, panels.size()));
    }

    /** A grid of the given heatmaps (in order). */
    public static HeatmapGrid of(String title, List<Heatmap> panels) {
        return new HeatmapGrid(title, panels);
    }

    /**
     * Attention maps of several heads: {@code weights[head][query][key]}, panels titled
     * "head 0", "head 1", ..., both axes labelled with {@code tokens}, shared scale 0..1.
     */
    public static HeatmapGrid attention(String title, List<String> tokens, double[][][] weights) {
        if (weights == null || weights.length == 0)
            throw new IllegalArgumentException("HeatmapGrid '" + title + "': no heads (weights has 0 entries)");
        List<Heatmap> maps = new ArrayList<>();
        for (int h = 0; h < weights.length; h++) {
            Heatmap m;
            try {
                m = Heatmap.attention("head " + h, tokens, weights[h]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("HeatmapGrid '" + title + "', head " + h + ": " + e.getMessage(), e);
            }
            maps.add(m);
        }
        return new HeatmapGrid(title, maps).range(0, 1);
    }

    /** {@link #attention(String, List, double[][][])} from an ND4J array {@code [heads, query, key]} (or {@code [1, heads, query, key]}). */
    public static HeatmapGrid attention(String title, List<String> tokens, INDArray weights) {
        if (weights == null) throw new IllegalArgumentException("HeatmapGrid '" + title + "': weights are null");
        INDArray w = weights.rank() == 4 && weights.size(0) == 1 ? weights.reshape(weights.size(1), weights.size(2), weights.size(3)) : weights;
        if (w.rank() != 3)
            throw new IllegalArgumentException("HeatmapGrid '" + title + "': expected [heads, query, key] (or [1, heads, query, key]), got shape "
                    + Arrays.toString(weights.shape()));
        double[][][] a = new double[(int) w.size(0)][][];
        for (int h = 0; h < a.length; h++) a[h] = w.slice(h).toDoubleMatrix();
        return attention(title, tokens, a);
    }

    /** Panels per row. */
    public HeatmapGrid columns(int columns) {
        if (columns < 1) throw new IllegalArgumentException("HeatmapGrid '" + title + "': columns " + columns + " < 1");
        this.columns = Math.min(columns, panels.size());
        int rows = (panels.size() + this.columns - 1) / this.columns;
        width = this.columns * PANEL + LEGEND;
        height = rows * PANEL + (title.isBlank() ? 0 : TITLE) + 16 * warnings().size();
        return this;
    }

    /** Fixes the shared colour scale to {@code [min, max]}. */
    public HeatmapGrid range(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max))
            throw new IllegalArgumentException("HeatmapGrid '" + title + "': colour range [" + min + ", " + max
                    + "] must be finite with min < max");
        this.min = min;
        this.max = max;
        return this;
    }

    /** The shared colour range. */
    public double[] colourRange() {
        if (!Double.isNaN(min)) return new double[]{min, max};
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Heatmap p : panels)
            for (double[] row : p.values())
                for (double v : row)
                    if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) return new double[]{0, 1};
        if (lo == hi) return new double[]{lo - 0.5, hi + 0.5};
        return new double[]{lo, hi};
    }

    /** The panels, each with the shared range. */
    private List<Heatmap> shared() {
        double[] r = colourRange();
        List<Heatmap> out = new ArrayList<>();
        for (Heatmap p : panels) out.add(p.withRange(r[0], r[1]));
        return out;
    }

    @Override void validate() { }

    @Override public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (Heatmap p : panels)
            for (String s : p.warnings()) w.add("panel '" + p.title() + "': " + s);
        return w;
    }

    @Override String summary() {
        double[] r = colourRange();
        return String.format(Locale.ROOT, "HeatmapGrid '%s': %d panels of %d x %d, shared colour range [%s, %s]",
                title, panels.size(), panels.get(0).rows(), panels.get(0).columns(), Text.num(r[0]), Text.num(r[1]));
    }

    @Override List<Panel> panels() {
        List<Heatmap> maps = shared();
        List<Panel> out = new ArrayList<>();
        int rows = (maps.size() + columns - 1) / columns;
        for (int i = 0; i < maps.size(); i++) {
            boolean scale = i == columns - 1 || (rows == 1 && i == maps.size() - 1);
            Heatmap m = maps.get(i).showScale(scale).size(PANEL + (scale ? LEGEND : 0), PANEL);
            out.add(m.panel());
        }
        return out;
    }

    @Override void livePanels(StringBuilder h, String id, int count) {
        if (!title.isBlank())
            h.append("<div style=\"font:16px sans-serif;text-align:center;width:").append(columns * PANEL + LEGEND)
                    .append("px\">").append(Text.html(title)).append("</div>");
        for (int i = 0; i < count; i++) {
            if (i > 0 && i % columns == 0) h.append("<br>");
            h.append("<div id=\"").append(id).append("_p").append(i).append("\" style=\"display:inline-block\"></div>");
        }
    }

    @Override void paint(Graphics2D g, int w, int h) {
        List<Heatmap> maps = shared();
        int top = 0;
        if (!title.isBlank()) {
            g.setFont(StaticChart.TITLE);
            g.setColor(Color.BLACK);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, (float) ((w - LEGEND - fm.stringWidth(title)) / 2.0), fm.getAscent() + 8);
            top = TITLE;
        }
        for (int i = 0; i < maps.size(); i++) {
            int row = i / columns, col = i % columns;
            JFreeChart chart = maps.get(i).showScale(false).chart(List.of());
            StaticChart.draw(chart, g, col * PANEL, top + row * PANEL, PANEL, PANEL);
            // (panel titles come from each heatmap's own chart title)
        }
        double[] r = colourRange();
        NumberAxis axis = new NumberAxis(null);
        axis.setRange(r[0], r[1]);
        axis.setTickLabelFont(StaticChart.TICK);
        PaintScaleLegend legend = new PaintScaleLegend(new StaticChart.Viridis(r[0], r[1]), axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(14);
        legend.setAxisOffset(4);
        legend.setBackgroundPaint(Color.WHITE);
        legend.draw(g, new Rectangle2D.Double(columns * PANEL + 8, top + 20, LEGEND - 16, Math.min(PANEL, h - top) - 40));
        int y = h - 6;
        g.setFont(StaticChart.TICK);
        g.setColor(StaticChart.WARN);
        List<String> warn = warnings();
        for (int i = warn.size() - 1; i >= 0; i--, y -= 14) g.drawString("\u26a0 " + warn.get(i), 6, y);
    }
}
