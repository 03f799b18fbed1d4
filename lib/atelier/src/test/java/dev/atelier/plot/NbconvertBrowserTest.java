package dev.atelier.plot;

import com.google.gson.JsonArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A person opens the HTML export of an executed notebook from disk, with no network: Plotly must
 * draw every figure (SVG traces present); with scripts off (GitHub, nbviewer, an untrusted
 * notebook) the static images must show. Screenshots land in {@code target/browser/}.
 *
 * <p>Needs Debian's {@code chromium} and {@code jupyter} (nbconvert); skipped, saying so, only
 * when one of them is absent (in CI, CI=true, a failure).
 */
class NbconvertBrowserTest {
    static final Path OUT = Path.of("target/browser").toAbsolutePath();
    static final int FIGURES = 3;

    /** All figures report they were drawn by plotly. */
    static final String ALL_INTERACTIVE = "(() => { const f = [...document.querySelectorAll('.atelier-figure')];"
            + " return f.length === " + FIGURES + " && f.every(x => x.getAttribute('data-atelier') === 'interactive'); })()";

    /** What plotly drew, per figure: [line paths with data, heatmap images, bars, static images still shown]. */
    static final String DRAWN = "(() => [...document.querySelectorAll('.atelier-figure')].map(f => [" +
            "[...f.querySelectorAll('.scatterlayer path.js-line')].filter(p => (p.getAttribute('d') || '').length > 50).length," +
            "[...f.querySelectorAll('.hm image')].filter(i => (i.getAttribute('href') || '').startsWith('data:image/png')" +
            "   && i.getBoundingClientRect().width > 50).length," +
            "f.querySelectorAll('.barlayer .point path').length," +
            "[...f.querySelectorAll('img.atelier-static')].filter(i => getComputedStyle(i).display !== 'none').length]))()";

    /** Per static image: [natural width, shown height, display]. */
    static final String STATIC = "(() => [...document.querySelectorAll('img.atelier-static')].map(i =>"
            + " [i.naturalWidth, Math.round(i.getBoundingClientRect().height), getComputedStyle(i).display]))()";

    static Path html;
    static Path notebook;

    @BeforeAll static void export() throws Exception {
        dev.atelier.Required.tool(Chromium.available(), "no chromium at " + Chromium.binary() + " (apt install chromium)");
        dev.atelier.Required.tool(Tools.which("jupyter").isPresent(), "no jupyter on the PATH (apt install jupyter-nbconvert)");
        PlotlyJs.includeAgain(); // a fresh kernel session
        notebook = new ExecutedNotebook()
                .markdown("# Figures\nA loss curve, an attention map and a next-token distribution.")
                .cell("LinePlot.of(history)", Figures.lossPlot(500).toDisplayData())
                .cell("Heatmap.attention(\"attention, head 0\", tokens, weights)", Figures.heatmap().toDisplayData())
                .cell("BarChart.topK(\"next token\", vocab, p, 6)", Figures.bars().toDisplayData())
                .write(OUT.resolve("figures.ipynb"), "atelier");
        Tools.run(List.of(Tools.which("jupyter").get().toString(), "nbconvert", "--to", "html", notebook.toString()),
                OUT, Map.of(), 180);
        html = OUT.resolve("figures.html");
        assertTrue(Files.exists(html));
        System.out.printf("executed notebook with %d figures: %d bytes; nbconvert HTML: %d bytes%n",
                FIGURES, Files.size(notebook), Files.size(html));
        assertTrue(Files.size(notebook) < 6_000_000, "notebook with three figures under 6 MB: " + Files.size(notebook));
    }

    @Test void plotlyDrawsEveryFigureOfflineFromDisk() throws Exception {
        try (Chromium c = Chromium.start(OUT.resolve("profile-interactive"))) {
            c.blockUrls("http://*", "https://*"); // no network at all
            c.open(html.toUri().toString());
            boolean drawn = c.waitFor(ALL_INTERACTIVE, Duration.ofSeconds(90));
            c.screenshot(OUT.resolve("nbconvert-interactive.png"), 1000);
            assertTrue(drawn, "plotly did not draw all figures; notes: "
                    + c.eval("[...document.querySelectorAll('.atelier-note')].map(n => n.textContent)") + "; errors: " + c.consoleErrors);
            JsonArray d = c.eval(DRAWN).getAsJsonArray();
            JsonArray line = d.get(0).getAsJsonArray(), heat = d.get(1).getAsJsonArray(), bars = d.get(2).getAsJsonArray();
            assertTrue(line.get(0).getAsInt() >= 3, "line plot: raw, smoothed and validation traces drawn: " + line);
            assertEquals(1, heat.get(1).getAsInt(), "heatmap drawn as an image in the SVG: " + heat);
            assertEquals(6, bars.get(2).getAsInt(), "six bars: " + bars);
            for (int i = 0; i < FIGURES; i++)
                assertEquals(0, d.get(i).getAsJsonArray().get(3).getAsInt(), "static image replaced in figure " + i);
            assertTrue(c.requests.stream().noneMatch(u -> u.contains("plot.ly") || u.contains("plotly")),
                    "no request for plotly: " + c.requests);
            assertTrue(c.consoleErrors.stream().noneMatch(e -> e.contains("atelier") || e.contains("Plotly")), c.consoleErrors.toString());
        }
    }

    @Test void withScriptsOffTheStaticImagesShow() throws Exception {
        try (Chromium c = Chromium.start(OUT.resolve("profile-static"))) {
            c.blockUrls("http://*", "https://*");
            c.disableScripts();
            c.open(html.toUri().toString());
            assertTrue(c.waitFor("[...document.querySelectorAll('img.atelier-static')].every(i => i.complete)", Duration.ofSeconds(30)));
            c.screenshot(OUT.resolve("nbconvert-static.png"), 1000);
            JsonArray imgs = c.eval(STATIC).getAsJsonArray();
            assertEquals(FIGURES, imgs.size());
            for (var i : imgs) {
                JsonArray a = i.getAsJsonArray();
                assertTrue(a.get(0).getAsInt() > 300, "image decoded: " + a);
                assertTrue(a.get(1).getAsInt() > 200, "image shown at full height: " + a);
                assertNotEquals("none", a.get(2).getAsString());
            }
            assertEquals(0, c.eval("document.querySelectorAll('.main-svg').length").getAsInt(), "nothing interactive");
        }
    }
}
