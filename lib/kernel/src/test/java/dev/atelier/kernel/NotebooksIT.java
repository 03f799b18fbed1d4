package dev.atelier.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Executes every notebook under {@code notebooks/} headless, as CI and {@code ./atelier --execute} do:
 * {@code jupyter nbconvert --to notebook --execute} on the kernel built by this module, with the small
 * CI settings ({@code ATELIER_SMALL=1}, {@code ATELIER_MAX_STEPS}, ... unless already set), a kernel
 * start-up timeout and a hard timeout that kills the run. A notebook fails on any error output or any
 * code cell left unexecuted. The executed {@code .ipynb} and an {@code .html} export are written to
 * {@code target/notebooks/}; the run times are printed and written to {@code timings.txt} there.
 */
class NotebooksIT {
    private static final List<String> timings = new ArrayList<>();
    private static final long PER_NOTEBOOK_TIMEOUT_S = Long.parseLong(System.getProperty("atelier.notebookTimeout", "900"));

    static Map<String, String> smallSettings() {
        Map<String, String> env = new HashMap<>();
        putIfAbsent(env, "ATELIER_SMALL", "1");
        putIfAbsent(env, "ATELIER_MAX_STEPS", "60");
        putIfAbsent(env, "ATELIER_MAX_EPOCH", "5");
        putIfAbsent(env, "ATELIER_MAX_CHARS", "200000");
        return env;
    }

    private static void putIfAbsent(Map<String, String> env, String k, String v) {
        env.put(k, System.getenv().getOrDefault(k, v));
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsWithoutErrors() throws IOException {
        Path dir = TestKernel.root().resolve("notebooks");
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(dir)) {
            notebooks = s.filter(p -> p.getFileName().toString().matches("\\d\\d[a-z]?-.*\\.ipynb")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebooks in " + dir);
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> execute(nb)));
    }

    static void execute(Path notebook) throws Exception {
        String name = notebook.getFileName().toString();
        JsonObject committed = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        for (JsonElement c : committed.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (cell.get("cell_type").getAsString().equals("code"))
                assertEquals(0, cell.getAsJsonArray("outputs").size(), name + ": committed notebooks carry no outputs");
        }
        assertEquals("atelier", committed.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString(),
                name + ": kernelspec name");

        Path out = TestKernel.root().resolve("target/notebooks");
        Files.createDirectories(out);
        Map<String, String> env = new HashMap<>(TestKernel.jupyterEnv());
        env.putAll(smallSettings());
        long t0 = System.nanoTime();
        TestKernel.Result r = TestKernel.run(List.of(TestKernel.jupyter(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + TestKernel.NAME,
                "--ExecutePreprocessor.startup_timeout=120",
                "--ExecutePreprocessor.timeout=" + PER_NOTEBOOK_TIMEOUT_S,
                "--ExecutePreprocessor.allow_errors=True",
                "--output-dir", out.toString(), notebook.toString()), env, null, PER_NOTEBOOK_TIMEOUT_S + 60);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String timing = String.format(Locale.ROOT, "%-28s %7.1f s", name, seconds);
        timings.add(timing);
        System.out.println("notebook " + timing);
        assertEquals(0, r.exit(), name + ": nbconvert failed (exit " + r.exit() + ", 124 = hard timeout):\n" + tail(r.stderr()));

        Path executed = out.resolve(name);
        JsonObject nb = JsonParser.parseString(Files.readString(executed)).getAsJsonObject();
        List<String> problems = new ArrayList<>();
        int index = 0;
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            index++;
            JsonObject cell = c.getAsJsonObject();
            if (!cell.get("cell_type").getAsString().equals("code")) continue;
            if (cell.get("execution_count").isJsonNull()) problems.add("cell " + index + " was not executed");
            for (JsonElement o : cell.getAsJsonArray("outputs")) {
                JsonObject output = o.getAsJsonObject();
                if (output.get("output_type").getAsString().equals("error"))
                    problems.add("cell " + index + ": " + output.get("ename").getAsString() + ": " + output.get("evalue").getAsString());
            }
        }
        TestKernel.Result html = TestKernel.run(List.of(TestKernel.jupyter(), "nbconvert", "--to", "html",
                "--output-dir", out.toString(), executed.toString()), Map.of(), null, 120);
        assertEquals(0, html.exit(), name + ": HTML export failed: " + tail(html.stderr()));
        assertTrue(problems.isEmpty(), name + " has errors:\n" + String.join("\n", problems));
    }

    static String tail(String s) {
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }

    @AfterAll
    static void writeTimings() throws IOException {
        Path out = TestKernel.root().resolve("target/notebooks/timings.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, timings);
    }
}
