package dev.atelier.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The static pictures (JFreeChart) really show the data, and files get written. */
class StaticImageTest {

    private static BufferedImage image(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Pixels within {@code tolerance} (per channel) of {@code c}. */
    private static int pixels(BufferedImage img, Color c, int tolerance) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) {
                Color p = new Color(img.getRGB(x, y));
                if (Math.abs(p.getRed() - c.getRed()) <= tolerance && Math.abs(p.getGreen() - c.getGreen()) <= tolerance
                        && Math.abs(p.getBlue() - c.getBlue()) <= tolerance) n++;
            }
        return n;
    }

    @Test void linePlotDrawsItsSeriesInThePaletteColours() throws IOException {
        BufferedImage img = image(Figures.lossPlot(200).png(1));
        assertTrue(pixels(img, StaticChart.color(0), 10) > 300, "train line (blue) drawn");
        assertTrue(pixels(img, StaticChart.color(1), 10) > 100, "validation line (orange) drawn");
    }

    @Test void heatmapCellsTakeTheirColourFromTheScale() throws IOException {
        // a diagonal of ones (viridis yellow) on zeros (viridis purple)
        double[][] z = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        BufferedImage img = image(Heatmap.attention("diag", java.util.List.of("a", "b", "c"), z).png(1));
        Color yellow = new Color(0xFDE725), purple = new Color(0x440154);
        int y = pixels(img, yellow, 6), p = pixels(img, purple, 6);
        assertTrue(y > 1000, "three yellow cells: " + y);
        assertTrue(p > 2 * y * 0.8, "six purple cells, about twice the yellow area: " + p + " vs " + y);
        assertEquals(new Color(0xFDE725), new StaticChart.Viridis(0, 1).getPaint(1));
        assertEquals(new Color(0x440154), new StaticChart.Viridis(0, 1).getPaint(0));
        assertEquals(new Color(0x21918C), new StaticChart.Viridis(0, 1).getPaint(0.5));
        assertEquals(StaticChart.Viridis.MISSING, new StaticChart.Viridis(0, 1).getPaint(Double.NaN));
    }

    @Test void figuresSaveToPngSvgAndStandaloneHtml(@TempDir Path dir) throws IOException {
        Heatmap h = Figures.heatmap();
        Path png = h.savePng(dir.resolve("out/heat.png"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * h.width(), img.getWidth(), "saved PNG at twice the CSS size");

        String svg = Files.readString(h.saveSvg(dir.resolve("heat.svg")));
        assertTrue(svg.startsWith("<?xml") || svg.startsWith("<svg"), svg.substring(0, 40));
        assertTrue(svg.contains("attention, head 0"), "title is text in the SVG");

        PlotlyJs.includeAgain();
        PlotlyJs.takeForThisSession(); // a session that already sent the library ...
        String html = Files.readString(h.saveHtml(dir.resolve("heat.html")));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("window.__atelier.register(\""), "... still gets a standalone file with plotly inlined");
        assertFalse(html.contains("https://"));
        assertTrue(Files.size(dir.resolve("heat.html")) < 3_600_000, "standalone page size " + Files.size(dir.resolve("heat.html")));
    }

    @Test void pngsAreSmall() {
        int line = Figures.lossPlot(2000).png(Figure.PNG_SCALE).length;
        int heat = Figures.heatmap().png(Figure.PNG_SCALE).length;
        System.out.println("PNG bytes at scale " + Figure.PNG_SCALE + ": line plot (2000 steps) " + line + ", heatmap 7x7 " + heat);
        assertTrue(line < 120_000, "line plot PNG " + line);
        assertTrue(heat < 60_000, "heatmap PNG " + heat);
    }
}
