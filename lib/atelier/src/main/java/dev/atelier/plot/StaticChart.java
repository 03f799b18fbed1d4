package dev.atelier.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.svg.SVGGraphics2D;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The static side: JFreeChart styling that matches plotly's look (same palette, white background,
 * light grid), PNG and SVG encoding, and the viridis colour scale used by heatmaps in both views.
 */
final class StaticChart {
    private StaticChart() {}

    /** plotly's default trace colours, used by both views so legends agree. */
    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Color GRID = new Color(0xE5, 0xE5, 0xE5);
    static final Color WARN = new Color(0xB4, 0x53, 0x09);

    static Color color(int i) { return Color.decode(PALETTE[i % PALETTE.length]); }

    /** {@code c} at opacity {@code alpha} over white, as an opaque colour. */
    static Color onWhite(Color c, double alpha) {
        return new Color((int) Math.round(255 - alpha * (255 - c.getRed())), (int) Math.round(255 - alpha * (255 - c.getGreen())),
                (int) Math.round(255 - alpha * (255 - c.getBlue())));
    }

    /** Something that paints a figure on a canvas of the given CSS size. */
    interface Painter {
        void paint(Graphics2D g, int width, int height);
    }

    /** Applies the common look: white background, title font, light grid, warnings as a red subtitle. */
    static JFreeChart style(JFreeChart chart, List<String> warnings) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getTitle() != null) chart.getTitle().setFont(TITLE);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(LABEL);
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            xy.setDomainGridlineStroke(new BasicStroke(1f));
            xy.setRangeGridlineStroke(new BasicStroke(1f));
            axis(xy.getDomainAxis());
            axis(xy.getRangeAxis());
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(GRID);
            cat.setRangeGridlineStroke(new BasicStroke(1f));
            cat.getDomainAxis().setLabelFont(LABEL);
            cat.getDomainAxis().setTickLabelFont(TICK);
            axis(cat.getRangeAxis());
        }
        for (String w : warnings) {
            TextTitle t = new TextTitle("\u26a0 " + w, TICK);
            t.setPaint(WARN);
            t.setPosition(RectangleEdge.BOTTOM);
            chart.addSubtitle(t);
        }
        return chart;
    }

    static void axis(ValueAxis a) {
        if (a == null) return;
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
        a.setAxisLineVisible(false);
        if (a instanceof NumberAxis n) n.setAutoRangeIncludesZero(false);
    }

    /**
     * A log axis labelled at 1-2-5 steps (0.2, 0.5, 1, 2, 5, ...; every digit over a narrow range,
     * powers of ten over a wide one); JFreeChart's own puts ticks at odd values such as 10^0.3.
     */
    static final class NiceLogAxis extends LogAxis {
        NiceLogAxis(String label) {
            super(label);
            setSmallestValue(1e-12);
            setMinorTickMarksVisible(false);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            List ticks = new ArrayList();
            double lo = getLowerBound(), hi = getUpperBound();
            int kLo = (int) Math.floor(Math.log10(lo)), kHi = (int) Math.ceil(Math.log10(hi));
            int decades = kHi - kLo;
            int[] steps = decades <= 1 ? new int[]{1, 2, 3, 4, 5, 6, 7, 8, 9} : decades <= 4 ? new int[]{1, 2, 5} : new int[]{1};
            DecimalFormat fmt = new DecimalFormat("0.######", DecimalFormatSymbols.getInstance(Locale.ROOT));
            for (int k = kLo; k <= kHi; k++)
                for (int m : steps) {
                    double v = m * Math.pow(10, k);
                    if (v >= lo && v <= hi) {
                        String label = Math.abs(k) > 5 ? String.format(Locale.ROOT, "%de%d", m, k) : fmt.format(v);
                        ticks.add(new NumberTick(v, label, TextAnchor.CENTER_RIGHT, TextAnchor.CENTER, 0.0));
                    }
                }
            return ticks;
        }
    }

    static void draw(JFreeChart chart, Graphics2D g, double x, double y, double w, double h) {
        chart.draw(g, new Rectangle2D.Double(x, y, w, h));
    }

    static byte[] png(Painter painter, int width, int height, double scale) {
        if (!(scale >= 1 && scale <= 4)) throw new IllegalArgumentException("PNG scale " + scale + " is outside 1..4");
        int w = (int) Math.round(width * scale), h = (int) Math.round(height * scale);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(scale, scale);
            painter.paint(g, width, height);
        } finally {
            g.dispose();
        }
        return encodePng(palette(img));
    }

    /** PNG with the strongest deflate level. */
    static byte[] encodePng(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0f); // 0 = smallest file
            }
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * Charts are mostly a few flat colours plus anti-aliasing shades. When the 256 most frequent
     * colours cover at least {@value #PALETTE_COVERAGE} of the pixels, the image is stored with
     * that palette (other pixels take the nearest palette colour), which halves the PNG; otherwise
     * (e.g. heatmaps with many distinct cells) it stays true colour.
     */
    static BufferedImage palette(BufferedImage rgb) {
        int w = rgb.getWidth(), h = rgb.getHeight();
        int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
        Map<Integer, Integer> count = new HashMap<>();
        for (int p : px) count.merge(p & 0xFFFFFF, 1, Integer::sum);
        List<Map.Entry<Integer, Integer>> byCount = new ArrayList<>(count.entrySet());
        byCount.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        int n = Math.min(256, byCount.size());
        long covered = 0;
        for (int i = 0; i < n; i++) covered += byCount.get(i).getValue();
        if (covered < PALETTE_COVERAGE * px.length) return rgb;
        byte[] r = new byte[n], g = new byte[n], b = new byte[n];
        int[] colours = new int[n];
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int c = byCount.get(i).getKey();
            colours[i] = c;
            r[i] = (byte) (c >> 16);
            g[i] = (byte) (c >> 8);
            b[i] = (byte) c;
            index.put(c, i);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, n, r, g, b));
        WritableRaster raster = out.getRaster();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int c = px[y * w + x] & 0xFFFFFF;
                raster.setSample(x, y, 0, index.computeIfAbsent(c, k -> nearest(colours, k)));
            }
        return out;
    }

    static final double PALETTE_COVERAGE = 0.97;

    private static int nearest(int[] colours, int c) {
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < colours.length; i++) {
            int t = colours[i];
            long dr = ((t >> 16) & 255) - ((c >> 16) & 255), dg = ((t >> 8) & 255) - ((c >> 8) & 255), db = (t & 255) - (c & 255);
            long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (d < bestD) { bestD = d; best = i; }
        }
        return best;
    }

    static String svg(Painter painter, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        painter.paint(g, width, height);
        return g.getSVGDocument();
    }

    /**
     * Viridis (matplotlib's perceptually uniform scale, also plotly's "Viridis") from
     * {@code lower} to {@code upper}; NaN is light grey.
     */
    static final class Viridis implements PaintScale {
        // viridis at 0, 1/8, ..., 1 (matplotlib's table, 9 anchors; linear in between)
        private static final int[] ANCHORS = {0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C,
                0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725};
        static final Color MISSING = new Color(0xDD, 0xDD, 0xDD);
        private final double lower, upper;

        Viridis(double lower, double upper) {
            this.lower = lower;
            this.upper = upper > lower ? upper : lower + 1e-12;
        }

        @Override public double getLowerBound() { return lower; }

        @Override public double getUpperBound() { return upper; }

        @Override public Paint getPaint(double value) {
            if (Double.isNaN(value)) return MISSING;
            double t = Math.min(1, Math.max(0, (value - lower) / (upper - lower))) * (ANCHORS.length - 1);
            int i = Math.min((int) t, ANCHORS.length - 2);
            double f = t - i;
            Color a = new Color(ANCHORS[i]), b = new Color(ANCHORS[i + 1]);
            return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
        }
    }
}
