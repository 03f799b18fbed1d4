package dev.atelier.plot;

import com.google.gson.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The classic Notebook (RequireJS on the page, where plotly's UMD would register an anonymous AMD
 * module instead of {@code window.Plotly}): a live {@code jupyter notebook} server on localhost
 * opens an executed notebook; when trusted, Plotly draws every figure; an untrusted copy (scripts
 * stripped by the Notebook's sanitizer) shows the static images. Screenshots in
 * {@code target/browser/classic/}.
 *
 * <p>The notebook's outputs are written by the test (our kernel is a separate module); its
 * kernelspec is {@code python3} so that opening it starts an installed kernel and no dialog covers
 * the page. Needs {@code chromium} and {@code jupyter notebook}; skipped, saying so, when absent (in CI, CI=true, a failure).
 */
class ClassicNotebookBrowserTest {
    static final Path OUT = Path.of("target/browser/classic").toAbsolutePath();
    static Process server;
    static int port;
    static Map<String, String> env;

    @BeforeAll static void startServer() throws Exception {
        dev.atelier.Required.tool(Chromium.available(), "no chromium at " + Chromium.binary() + " (apt install chromium)");
        Path jupyter = Tools.which("jupyter").orElse(null);
        dev.atelier.Required.tool(jupyter != null, "no jupyter on the PATH (apt install jupyter-notebook)");
        String shebang = Files.readAllLines(jupyter).get(0);
        String python = shebang.startsWith("#!") ? shebang.substring(2).trim().split("\\s+")[0] : "python3";
        boolean hasNotebook;
        try {
            hasNotebook = Tools.run(List.of(jupyter.toString(), "notebook", "--version"), Path.of("."), Map.of(), 60).strip().matches("\\d+\\..*");
        } catch (IOException e) {
            hasNotebook = false;
        }
        dev.atelier.Required.tool(hasNotebook, "'jupyter notebook' is not installed (apt install jupyter-notebook)");

        Files.createDirectories(OUT);
        env = Map.of("JUPYTER_CONFIG_DIR", OUT.resolve("jupyter-config").toString(),
                "JUPYTER_DATA_DIR", OUT.resolve("jupyter-data").toString(),
                "JUPYTER_RUNTIME_DIR", OUT.resolve("jupyter-runtime").toString());
        Path trusted = executed("# Figures in the classic Notebook").write(OUT.resolve("trusted.ipynb"), "python3");
        // trust is recorded per content hash: the untrusted copy must differ from the signed one
        executed("# The same figures, never signed").write(OUT.resolve("untrusted.ipynb"), "python3");
        // what `jupyter trust` does (Debian ships nbformat's signing module without that command)
        Tools.run(List.of(python, "-m", "nbformat.sign", trusted.toString()), OUT, env, 60);

        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        ProcessBuilder pb = new ProcessBuilder(jupyter.toString(), "notebook", "--no-browser", "--ip=127.0.0.1",
                "--port=" + port, "--port-retries=0", "--allow-root", "--NotebookApp.token=", "--NotebookApp.password=",
                "--notebook-dir=" + OUT).directory(OUT.toFile()).redirectErrorStream(true)
                .redirectOutput(OUT.resolve("server.log").toFile());
        pb.environment().putAll(env);
        server = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
            } catch (IOException notYet) {
                // server still starting
            }
            if (!server.isAlive() || System.nanoTime() > deadline)
                fail("notebook server did not start:\n" + Files.readString(OUT.resolve("server.log")));
            Thread.sleep(300);
        }
    }

    /** A notebook as a fresh kernel session would leave it: the first figure carries plotly.js. */
    static ExecutedNotebook executed(String heading) {
        PlotlyJs.includeAgain();
        return new ExecutedNotebook()
                .markdown(heading)
                .cell("LinePlot.of(history)", Figures.lossPlot(300).toDisplayData())
                .cell("Heatmap.attention(\"attention, head 0\", tokens, weights)", Figures.heatmap().toDisplayData())
                .cell("BarChart.topK(\"next token\", vocab, p, 6)", Figures.bars().toDisplayData());
    }

    @AfterAll static void stopServer() throws InterruptedException {
        if (server == null) return;
        server.destroy(); // SIGTERM: the server shuts its kernels down
        if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly();
    }

    @Test void trustedNotebookDrawsWithRequireJsOnThePage() throws Exception {
        try (Chromium c = Chromium.start(OUT.resolve("profile-trusted"))) {
            c.blockUrls("https://*"); // localhost only
            c.viewport(1100, 2300);   // the notebook scrolls inside #site: make it tall enough for all figures
            c.open("http://127.0.0.1:" + port + "/notebooks/trusted.ipynb");
            boolean drawn = c.waitFor(NbconvertBrowserTest.ALL_INTERACTIVE, Duration.ofSeconds(120));
            c.screenshot(OUT.resolve("classic-trusted.png"), 1100);
            assertTrue(drawn, "not drawn: " + c.eval("[...document.querySelectorAll('.atelier-figure')].map(f => f.getAttribute('data-atelier'))")
                    + " notes " + c.eval("[...document.querySelectorAll('.atelier-note')].map(n => n.textContent)") + " errors " + c.consoleErrors);
            assertTrue(c.eval("typeof window.define === 'function' && !!window.define.amd && typeof window.requirejs === 'function'").getAsBoolean(),
                    "this page has RequireJS (the case that breaks a plain plotly script tag)");
            JsonArray d = c.eval(NbconvertBrowserTest.DRAWN).getAsJsonArray();
            assertTrue(d.get(0).getAsJsonArray().get(0).getAsInt() >= 3, "line traces: " + d);
            assertEquals(1, d.get(1).getAsJsonArray().get(1).getAsInt(), "heatmap image: " + d);
            assertEquals(6, d.get(2).getAsJsonArray().get(2).getAsInt(), "bars: " + d);
        }
    }

    @Test void untrustedNotebookShowsTheStaticImages() throws Exception {
        try (Chromium c = Chromium.start(OUT.resolve("profile-untrusted"))) {
            c.blockUrls("https://*");
            c.viewport(1100, 2300);
            c.open("http://127.0.0.1:" + port + "/notebooks/untrusted.ipynb");
            assertTrue(c.waitFor("document.querySelectorAll('img.atelier-static').length === " + NbconvertBrowserTest.FIGURES
                    + " && [...document.querySelectorAll('img.atelier-static')].every(i => i.complete && i.naturalWidth > 0)", Duration.ofSeconds(120)),
                    "static images rendered");
            Thread.sleep(3000); // would any script still run?
            c.screenshot(OUT.resolve("classic-untrusted.png"), 1100);
            JsonArray imgs = c.eval(NbconvertBrowserTest.STATIC).getAsJsonArray();
            for (var i : imgs) {
                assertTrue(i.getAsJsonArray().get(1).getAsInt() > 200, "image shown: " + imgs);
                assertNotEquals("none", i.getAsJsonArray().get(2).getAsString());
            }
            assertEquals(0, c.eval("document.querySelectorAll('.output_area .main-svg').length").getAsInt(),
                    "the sanitizer removed the scripts, so nothing interactive");
            assertTrue(c.eval("typeof window.__atelier === 'undefined'").getAsBoolean(), "no figure script ran");
        }
    }
}
