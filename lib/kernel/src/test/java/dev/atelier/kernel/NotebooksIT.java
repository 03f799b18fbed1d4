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
 *
 * <p>Memory: the test kernel has Binder's memory settings ({@code install-kernel --binder}: 700 MB
 * heap, 700 MB off-heap, a sized JVM), and a last cell appended to each notebook prints the kernel
 * process's peak resident memory ({@code VmHWM}); a notebook fails above {@value #PEAK_LIMIT_MIB} MiB
 * (Binder kills a session at about 2 GB, the Jupyter server included).
 */
class NotebooksIT {
    private static final List<String> timings = new ArrayList<>();
    static final long PEAK_LIMIT_MIB = 1800;
    /** Appended to each notebook: the kernel's own peak resident memory, read from /proc. */
    static final String PEAK_PROBE = "java.nio.file.Files.readAllLines(java.nio.file.Path.of(\"/proc/self/status\")).stream()"
            + ".filter(l -> l.startsWith(\"VmHWM\")).forEach(l -> System.out.println(\"kernel peak \" + l));";
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
            notebooks = s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.ipynb")).sorted().toList();
        }
        String only = System.getProperty("atelier.notebooks", "");   // e.g. -Datelier.notebooks=00,05 to run a few
        if (!only.isBlank()) {
            List<String> prefixes = List.of(only.split(","));
            notebooks = notebooks.stream().filter(p -> prefixes.stream().anyMatch(x -> p.getFileName().toString().startsWith(x.trim()))).toList();
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
        JsonObject probe = new JsonObject();
        probe.addProperty("cell_type", "code");
        probe.addProperty("id", "kernel-peak-probe");
        probe.add("metadata", new JsonObject());
        probe.add("execution_count", com.google.gson.JsonNull.INSTANCE);
        probe.add("outputs", new JsonArray());
        probe.addProperty("source", PEAK_PROBE);
        committed.getAsJsonArray("cells").add(probe);
        Path probed = Files.createTempDirectory("atelier-nb").resolve(name);
        Files.writeString(probed, committed.toString());
        long t0 = System.nanoTime();
        TestKernel.Result r = TestKernel.run(List.of(TestKernel.jupyter(), "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + TestKernel.NAME,
                "--ExecutePreprocessor.startup_timeout=120",
                "--ExecutePreprocessor.timeout=" + PER_NOTEBOOK_TIMEOUT_S,
                "--ExecutePreprocessor.allow_errors=True",
                "--output-dir", out.toString(), probed.toString()), env, null, PER_NOTEBOOK_TIMEOUT_S + 60);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.exit(), name + ": nbconvert failed (exit " + r.exit() + ", 124 = hard timeout):\n" + tail(r.stderr()));

        Path executed = out.resolve(name);
        JsonObject nb = JsonParser.parseString(Files.readString(executed)).getAsJsonObject();
        long peakMib = peakMib(nb);
        String timing = String.format(Locale.ROOT, "%-28s %7.1f s   kernel peak %5d MiB (Binder settings)", name, seconds, peakMib);
        timings.add(timing);
        System.out.println("notebook " + timing);
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
        assertTrue(peakMib > 0 && peakMib <= PEAK_LIMIT_MIB, name + ": the kernel's peak resident memory was " + peakMib
                + " MiB with Binder's settings (limit " + PEAK_LIMIT_MIB + " MiB; Binder gives about 2 GB in all)");
    }

    /** The peak printed by the appended probe cell, in MiB (-1 when it printed none). */
    static long peakMib(JsonObject executed) {
        JsonArray cells = executed.getAsJsonArray("cells");
        for (JsonElement o : cells.get(cells.size() - 1).getAsJsonObject().getAsJsonArray("outputs")) {
            JsonObject output = o.getAsJsonObject();
            if (!output.has("text")) continue;
            JsonElement t = output.get("text");
            String text = t.isJsonArray() ? String.join("", t.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList()) : t.getAsString();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("kernel peak VmHWM:\\s*(\\d+) kB").matcher(text);
            if (m.find()) return Long.parseLong(m.group(1)) / 1024;
        }
        return -1;
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
