package dev.atelier.plot;

import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/** What a notebook receives when a cell returns a figure. */
class DisplayBundleTest {

    @BeforeEach void newSession() {
        PlotlyJs.includeAgain();
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
        return n;
    }

    @Test void everyFigureHasPlainHtmlAndPng() throws IOException {
        List<Figure> figures = List.of(Figures.lossPlot(300), Figures.heatmap(),
                HeatmapGrid.attention("layer 0", Figures.TOKENS, new double[][][]{Figures.attention(3), Figures.attention(4)}),
                Figures.scatter(), Figures.bars());
        for (Figure f : figures) {
            DisplayData d = f.toDisplayData();
            String plain = Figures.data(d, "text/plain"), html = Figures.data(d, "text/html"), png = Figures.data(d, "image/png");
            assertNotNull(plain, f.kind() + ": text/plain");
            assertNotNull(html, f.kind() + ": text/html");
            assertNotNull(png, f.kind() + ": image/png");
            assertTrue(plain.startsWith(f.kind() + " '" + f.title() + "'"), plain);

            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
            assertNotNull(img, f.kind() + ": image/png must decode");
            assertEquals(Math.round(f.width() * Figure.PNG_SCALE), img.getWidth(), f.kind() + " PNG width");
            assertEquals(Math.round(f.height() * Figure.PNG_SCALE), img.getHeight(), f.kind() + " PNG height");
            JsonObject meta = Figures.json(d).getAsJsonObject("metadata").getAsJsonObject("image/png");
            assertEquals(f.width(), meta.get("width").getAsInt(), "PNG shown at CSS width");

            // the html carries the very same picture as its static fallback, before any script
            assertTrue(html.contains("<img class=\"atelier-static\" src=\"data:image/png;base64," + png + "\""), f.kind());
            assertTrue(html.indexOf("atelier-static") < html.indexOf("<script"), "image comes before the scripts");
            assertTrue(html.contains("window.__atelier.draw("), f.kind());
        }
    }

    @Test void plotlyGoesIntoThePageOncePerSession() {
        String first = Figures.data(Figures.lossPlot(50).toDisplayData(), "text/html");
        String second = Figures.data(Figures.heatmap().toDisplayData(), "text/html");
        String third = Figures.data(Figures.bars().toDisplayData(), "text/html");
        String marker = "window.__atelier.register(";
        assertEquals(1, count(first, marker), "the first figure carries plotly.js");
        assertEquals(0, count(second, marker), "later figures only carry the loader");
        assertEquals(0, count(third, marker));
        assertTrue(first.length() > 3_000_000, "the first html holds the ~3.2 MB packed library: " + first.length());
        assertTrue(second.length() < 200_000, "a later figure stays small: " + second.length());
        assertTrue(PlotlyJs.includedInThisSession());

        PlotlyJs.includeAgain();
        assertEquals(1, count(Figures.data(Figures.bars().toDisplayData(), "text/html"), marker), "includeAgain() re-embeds");
    }

    @Test void plainTextRenderingDoesNotUseUpTheLibrary() {
        DisplayData d = new Renderer().renderAs(Figures.lossPlot(50), "text/plain");
        assertNull(Figures.data(d, "text/html"));
        assertNull(Figures.data(d, "image/png"));
        assertFalse(PlotlyJs.includedInThisSession(), "printing a figure as text must not mark the library as sent");
    }

    @Test void noNetworkAddressAnywhereInTheBundles() {
        for (Figure f : List.of(Figures.lossPlot(100), Figures.heatmap(), Figures.bars(), Figures.scatter())) {
            String json = Figures.json(f.toDisplayData()).toString();
            assertFalse(json.contains("cdn.plot.ly"), f.kind());
            assertFalse(json.contains("https://"), f.kind());
            assertFalse(json.contains("http://"), f.kind());
            assertFalse(Pattern.compile("<script[^>]*\\ssrc=").matcher(json).find(), f.kind() + ": no external script");
        }
    }

    @Test void thePackedLibraryIsExactlyTheWebjarsPlotly() throws IOException {
        String html = Figures.data(Figures.bars().toDisplayData(), "text/html");
        Matcher m = Pattern.compile("window\\.__atelier\\.register\\(\"([A-Za-z0-9+/=]+)\"\\)").matcher(html);
        assertTrue(m.find(), "payload present");
        byte[] gz = Base64.getDecoder().decode(m.group(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            in.transferTo(out);
        }
        String js = out.toString(StandardCharsets.UTF_8);
        assertEquals(PlotlyJs.source(), js);
        assertTrue(js.startsWith("/**\n* plotly.js v" + PlotlyJs.VERSION), js.substring(0, 40));
    }

    @Test void userTextCannotBreakOutOfTheScript() {
        LinePlot p = LinePlot.of("</script><b>title</b>").series("a </script> \\ ' \" b", new double[]{1, 2});
        String html = Figures.data(p.toDisplayData(), "text/html");
        int scripts = count(html, "<script"), ends = count(html, "</script>");
        assertEquals(scripts, ends, "every script element closes exactly once");
        assertFalse(html.contains("<b>title</b>"), "title is escaped in the page");
        Heatmap h = Heatmap.attention("x", List.of("</script>", "a"), new double[][]{{1, 0}, {0.5, 0.5}});
        String hh = Figures.data(h.toDisplayData(), "text/html");
        assertEquals(count(hh, "<script"), count(hh, "</script>"));
    }

    @Test void threeFiguresStayWellUnderSixMegabytes() {
        long total = 0;
        StringBuilder sizes = new StringBuilder();
        for (Figure f : List.of(Figures.lossPlot(2000), Figures.heatmap(), Figures.bars())) {
            long bytes = Figures.json(f.toDisplayData()).toString().getBytes(StandardCharsets.UTF_8).length;
            sizes.append(f.kind()).append(' ').append(bytes).append(" B; ");
            total += bytes;
        }
        System.out.println("display bundles: " + sizes + "total " + total + " B");
        assertTrue(total < 4_000_000, "three figures with the library: " + total + " B");
    }
}
