package dev.atelier.plot;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * plotly.js is in the page once per session, so the output that carries it can be missing
 * (cleared, re-executed, rendered later than the others). These pages reproduce those cases in
 * headless Chromium, from disk with the network blocked.
 */
class LibraryLoadingBrowserTest {
    static final Path OUT = Path.of("target/browser/library").toAbsolutePath();
    static Path withLibrary, withoutLibrary, libraryLast;

    static String page(String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n" + body + "</body></html>\n";
    }

    static String html(Figure f) {
        return Figures.data(f.toDisplayData(), "text/html");
    }

    @BeforeAll static void pages() throws Exception {
        dev.atelier.Required.tool(Chromium.available(), "no chromium at " + Chromium.binary() + " (apt install chromium)");
        Files.createDirectories(OUT);
        PlotlyJs.includeAgain();
        String first = html(Figures.lossPlot(100));   // carries the library
        String second = html(Figures.heatmap());      // does not
        assertTrue(first.contains("__atelier.register(") && !second.contains("__atelier.register("));
        withLibrary = Files.writeString(OUT.resolve("with-library.html"), page(first + second), StandardCharsets.UTF_8);
        withoutLibrary = Files.writeString(OUT.resolve("without-library.html"), page(second), StandardCharsets.UTF_8);
        // JupyterLab may render outputs out of order: the figure without the library comes first
        libraryLast = Files.writeString(OUT.resolve("library-last.html"), page(second + first), StandardCharsets.UTF_8);
    }

    static final String STATE = "[...document.querySelectorAll('.atelier-figure')].map(f => f.getAttribute('data-atelier')).join(',')";

    @Test void aFigureWaitsForALibraryThatArrivesLater() throws Exception {
        try (Chromium c = Chromium.start(OUT.resolve("profile-order"))) {
            c.blockUrls("http://*", "https://*");
            c.open(libraryLast.toUri().toString());
            assertTrue(c.waitFor(STATE + " === 'interactive,interactive'", Duration.ofSeconds(60)), String.valueOf(c.eval(STATE)));
        }
    }

    @Test void withoutTheLibraryTheStaticImageStaysWithANote() throws Exception {
        try (Chromium c = Chromium.start(OUT.resolve("profile-fresh"))) {
            c.blockUrls("http://*", "https://*");
            c.open(withoutLibrary.toUri().toString());
            assertTrue(c.waitFor("document.querySelector('.atelier-note').textContent.length > 0", Duration.ofSeconds(30)));
            c.screenshot(OUT.resolve("without-library.png"), 800);
            assertEquals("static", c.eval(STATE).getAsString());
            String note = c.eval("document.querySelector('.atelier-note').textContent").getAsString();
            assertTrue(note.contains("PlotlyJs.includeAgain()"), note);
            assertTrue(c.eval("(() => { const i = document.querySelector('img.atelier-static');"
                    + " return i.naturalWidth > 300 && getComputedStyle(i).display !== 'none'; })()").getAsBoolean());
        }
    }

    @Test void afterAReloadWithoutTheLibraryTheBrowserCacheDraws() throws Exception {
        try (Chromium c = Chromium.start(OUT.resolve("profile-cache"))) {
            c.blockUrls("http://*", "https://*");
            c.open(withLibrary.toUri().toString());
            assertTrue(c.waitFor(STATE + " === 'interactive,interactive'", Duration.ofSeconds(60)));
            Thread.sleep(1000); // the cache write is asynchronous
            c.open(withoutLibrary.toUri().toString());
            assertTrue(c.waitFor(STATE + " === 'interactive'", Duration.ofSeconds(60)),
                    "drawn from IndexedDB: " + c.eval(STATE) + " " + c.eval("document.querySelector('.atelier-note').textContent"));
        }
    }
}
