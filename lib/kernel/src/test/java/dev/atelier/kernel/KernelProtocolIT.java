package dev.atelier.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The kernel's behaviour over the real Jupyter protocol: one kernel, started from the installed
 * kernelspec by jupyter_client (Debian's python3), is sent a sequence of cells; each test asserts
 * on its cell's messages. Covers results, streaming, errors then recovery, interrupt, display
 * updates, magics, completion and inspection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelProtocolIT {
    private final Map<String, JsonObject> cells = new LinkedHashMap<>();
    private JsonObject transcript;

    /** Extra environment for the kernel (a subclass runs it on another JDK). */
    protected Map<String, String> kernelEnv() throws Exception {
        return Map.of();
    }

    /** Request types sent after the cells, each with the channel it goes on. */
    static final List<String[]> REQUESTS = List.of(
            new String[]{"shell", "kernel_info_request", "{}"},
            new String[]{"control", "kernel_info_request", "{}"},
            new String[]{"shell", "execute_request", "{\"code\": \"1 + 1\", \"silent\": false, \"store_history\": true, \"user_expressions\": {}, \"allow_stdin\": false}"},
            new String[]{"shell", "complete_request", "{\"code\": \"Stri\", \"cursor_pos\": 4}"},
            new String[]{"shell", "inspect_request", "{\"code\": \"Math.max(1, 2)\", \"cursor_pos\": 6, \"detail_level\": 0}"},
            new String[]{"shell", "is_complete_request", "{\"code\": \"int x = \"}"},
            new String[]{"shell", "history_request", "{\"output\": false, \"raw\": true, \"hist_access_type\": \"tail\", \"n\": 10}"},
            new String[]{"shell", "comm_info_request", "{}"},
            new String[]{"control", "interrupt_request", "{}"},
            new String[]{"shell", "no_such_request", "{}"},
            new String[]{"control", "debug_request", "{}"},
            new String[]{"control", "shutdown_request", "{\"restart\": false}"});

    @BeforeAll
    void runScenario() throws Exception {
        Path jarDir = Files.createTempDirectory("greeter");
        Path jar = makeGreeterJar(jarDir);
        Map<String, JsonObject> scenario = new LinkedHashMap<>();
        scenario.put("value", cell("int x = 2;\nx * 21"));
        scenario.put("snippets", cell("int a = 1; int b = 2;\na + b"));
        scenario.put("stream", cell("for (int i = 0; i < 3; i++) { System.out.println(\"tick \" + i); Thread.sleep(700); }"));
        scenario.put("compileError", cell("int y = 1;\nString s = 5;"));
        scenario.put("afterCompileError", cell("x + 1"));
        scenario.put("runtimeError", cell("Object o = null;\no.toString()"));
        scenario.put("thrown", cell("void fail() { throw new IllegalStateException(\"boom\"); }\nfail();"));
        scenario.put("javaVersion", cell("Runtime.version().feature()"));
        scenario.put("threadHolder", cell("Thread[] cellThread = new Thread[1];"));
        JsonObject loop = cell("cellThread[0] = Thread.currentThread();\nlong n = 0;\nwhile (true) { n++; }");
        loop.addProperty("interrupt_after", 3.0);
        loop.addProperty("cpu_after_s", 3.0);
        scenario.put("tightLoop", loop);
        scenario.put("afterInterrupt", cell("x"));
        scenario.put("loopThreadGone", cell("cellThread[0] != null && !cellThread[0].isAlive() && cellThread[0] != Thread.currentThread()"));
        JsonObject sleep = cell("Thread.sleep(60_000);");
        sleep.addProperty("interrupt_after", 1.0);
        scenario.put("sleepInterrupt", sleep);
        scenario.put("display", cell("String id = display(\"first\");\nupdateDisplay(id, \"second\");"));
        scenario.put("liveTraining", cell("var live = new dev.atelier.notebook.LiveTraining();\n"
                + "live.onStart(\"demo\", 3);\n"
                + "for (int i = 1; i <= 3; i++) { Thread.sleep(700); live.onStep(new dev.atelier.train.TrainingListener.StepEvent(i, 3, 2.0 / i, 100, 0.7 * i)); }\n"
                + "live.onEnd(3, 2.1);\n"
                + "live.inNotebook()"));
        scenario.put("render", cell("render(\"<b>bold</b>\", \"text/html\")"));
        scenario.put("renderable", cell("new io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable() {\n"
                + "  public void render(io.github.spencerpark.jupyter.kernel.display.RenderContext ctx) {\n"
                + "    ctx.renderIfRequested(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML, () -> \"<i>rich</i>\");\n"
                + "  }\n}"));
        scenario.put("voidCall", cell("System.out.println(\"hi\")"));
        scenario.put("nullValue", cell("String nothing = null;\nnothing"));
        scenario.put("missingJar", cell("%jars /nope/missing-lib.jar"));
        scenario.put("jars", cell("List<String> added = %jars " + jar.toString().replace('\\', '/') + "\nnew demo.Greeter().hi()"));
        scenario.put("incomplete", cell("for (int i = 0; i < 3; i++) {"));
        scenario.put("library", cell("dev.atelier.text.CharVocabulary.of(\"abca\").size()"));
        JsonObject complete = cell("Stri");
        complete.addProperty("complete_at", 4);
        complete.addProperty("execute", false);
        scenario.put("complete", complete);
        JsonObject inspect = cell("Math.max(1, 2)");
        inspect.addProperty("inspect_at", 6);
        inspect.addProperty("execute", false);
        scenario.put("inspect", inspect);

        JsonArray input = new JsonArray();
        scenario.values().forEach(input::add);
        JsonArray requests = new JsonArray();
        for (String[] r : REQUESTS) {
            JsonObject o = new JsonObject();
            o.addProperty("channel", r[0]);
            o.addProperty("type", r[1]);
            o.add("content", JsonParser.parseString(r[2]));
            requests.add(o);
        }
        JsonObject spec = new JsonObject();
        spec.add("cells", input);
        spec.add("requests", requests);
        Map<String, String> env = new java.util.HashMap<>(TestKernel.jupyterEnv());
        env.putAll(kernelEnv());
        TestKernel.Result r = TestKernel.run(List.of(TestKernel.python(),
                        TestKernel.root().resolve("lib/kernel/src/test/python/kernel_probe.py").toString(), TestKernel.NAME),
                env, new Gson().toJson(spec), 600);
        assertEquals(0, r.exit(), "kernel probe failed: " + r.stderr());
        transcript = JsonParser.parseString(r.stdout()).getAsJsonObject();
        JsonArray results = transcript.getAsJsonArray("cells");
        List<String> names = new ArrayList<>(scenario.keySet());
        for (int i = 0; i < names.size(); i++) cells.put(names.get(i), results.get(i).getAsJsonObject());
        System.out.printf("kernel start %.2f s, start to first result %.2f s%n",
                transcript.get("startup_s").getAsDouble(), transcript.get("first_result_s").getAsDouble());
    }

    static JsonObject cell(String code) {
        JsonObject o = new JsonObject();
        o.addProperty("code", code);
        return o;
    }

    List<JsonObject> messages(String name, String type) {
        List<JsonObject> list = new ArrayList<>();
        for (JsonElement e : cells.get(name).getAsJsonArray("messages")) {
            JsonObject m = e.getAsJsonObject();
            if (m.get("type").getAsString().equals(type)) list.add(m);
        }
        return list;
    }

    String plainResult(String name) {
        List<JsonObject> results = messages(name, "execute_result");
        assertEquals(1, results.size(), name + ": expected one result, got " + cells.get(name));
        return results.get(0).getAsJsonObject("content").getAsJsonObject("data").get("text/plain").getAsString();
    }

    JsonObject error(String name) {
        assertEquals("error", cells.get(name).get("status").getAsString(), name + ": " + cells.get(name));
        List<JsonObject> errors = messages(name, "error");
        assertEquals(1, errors.size(), name + ": " + cells.get(name));
        return errors.get(0).getAsJsonObject("content");
    }

    private static String traceback(JsonObject error) {
        StringBuilder sb = new StringBuilder();
        error.getAsJsonArray("traceback").forEach(l -> sb.append(l.getAsString().replaceAll("\u001B\\[[0-9;]*m", "")).append('\n'));
        return sb.toString();
    }

    String stdout(String name) {
        StringBuilder sb = new StringBuilder();
        for (JsonObject m : messages(name, "stream")) sb.append(m.getAsJsonObject("content").get("text").getAsString());
        return sb.toString();
    }

    @Test void lastExpressionValueIsTheResult() {
        assertEquals("42", plainResult("value"));
        assertEquals("3", plainResult("snippets"));
        assertEquals("3", plainResult("library"), "the helper library is on the class path without magics");
    }

    @Test void outputStreamsWhileTheCellRuns() {
        List<JsonObject> streams = messages("stream", "stream");
        assertTrue(stdout("stream").contains("tick 0") && stdout("stream").contains("tick 2"), stdout("stream"));
        double firstTick = streams.get(0).get("t").getAsDouble();
        double reply = cells.get("stream").get("reply_s").getAsDouble();
        assertTrue(firstTick < reply - 1.0, "first line at " + firstTick + " s but the cell ended at " + reply + " s");
    }

    @Test void compileErrorShowsTheLineAndTheKernelRecovers() {
        JsonObject e = error("compileError");
        assertEquals("CompilationException", e.get("ename").getAsString());
        String tb = traceback(e);
        assertTrue(tb.contains("line 2") && tb.contains("String s = 5;") && tb.contains("incompatible types"), tb);
        assertEquals("3", plainResult("afterCompileError"), "x from the first cell is still defined");
    }

    @Test void runtimeExceptionsShowClassMessageAndCellFrame() {
        JsonObject npe = error("runtimeError");
        assertTrue(npe.get("evalue").getAsString().startsWith("java.lang.NullPointerException"), npe.toString());
        JsonObject boom = error("thrown");
        assertEquals("java.lang.IllegalStateException: boom", boom.get("evalue").getAsString());
        String tb = traceback(boom);
        assertTrue(tb.contains("at cell"), tb);
        assertFalse(tb.contains("dev.atelier.kernel"), "kernel frames are cut: " + tb);
        assertFalse(tb.contains("jdk.internal.reflect"), tb);
    }

    @Test void interruptStopsATightLoopWithAnErrorAndTheNextCellRuns() {
        JsonObject e = error("tightLoop");
        assertEquals("EvaluationInterruptedException", e.get("ename").getAsString());
        JsonObject c = cells.get("tightLoop");
        double sent = c.get("interrupt_sent_s").getAsDouble();
        double reply = c.get("reply_s").getAsDouble();
        assertTrue(reply - sent < 5, "interrupt took " + (reply - sent) + " s");
        assertEquals("2", plainResult("afterInterrupt"));
        assertEquals("true", plainResult("loopThreadGone"), "the interrupted loop's thread has ended");
        double cpu = c.get("cpu_fraction").getAsDouble();
        System.out.printf("Java %s: kernel CPU after the interrupt: %.1f %% of a core%n", plainResult("javaVersion"), 100 * cpu);
        assertTrue(cpu < 0.10, "after the interrupt the kernel still uses " + Math.round(100 * cpu) + " % of a core");
        JsonObject s = error("sleepInterrupt");
        assertEquals("EvaluationInterruptedException", s.get("ename").getAsString());
        assertTrue(cells.get("sleepInterrupt").get("reply_s").getAsDouble() < 10);
    }

    @Test void displayAndUpdateById() {
        List<JsonObject> shown = messages("display", "display_data");
        List<JsonObject> updated = messages("display", "update_display_data");
        assertEquals(1, shown.size());
        assertEquals(1, updated.size());
        String id = shown.get(0).getAsJsonObject("content").getAsJsonObject("transient").get("display_id").getAsString();
        assertEquals(id, updated.get(0).getAsJsonObject("content").getAsJsonObject("transient").get("display_id").getAsString());
        assertEquals("second", updated.get(0).getAsJsonObject("content").getAsJsonObject("data").get("text/plain").getAsString());
    }

    @Test void liveTrainingViewFindsTheKernelAndUpdatesInPlace() {
        assertEquals("true", plainResult("liveTraining"), "LiveTraining should find the running Atelier kernel");
        List<JsonObject> shown = messages("liveTraining", "display_data");
        List<JsonObject> updated = messages("liveTraining", "update_display_data");
        assertEquals(1, shown.size(), cells.get("liveTraining").toString());
        assertTrue(updated.size() >= 2, "expected in-place updates, got " + updated.size());
        String id = shown.get(0).getAsJsonObject("content").getAsJsonObject("transient").get("display_id").getAsString();
        for (JsonObject u : updated)
            assertEquals(id, u.getAsJsonObject("content").getAsJsonObject("transient").get("display_id").getAsString());
        JsonObject lastData = updated.get(updated.size() - 1).getAsJsonObject("content").getAsJsonObject("data");
        assertTrue(lastData.has("text/html") && lastData.get("text/plain").getAsString().contains("3/3"), lastData.keySet().toString()
                + " " + lastData.get("text/plain"));
        assertTrue(stdout("liveTraining").isEmpty(), "no console lines in notebook mode: " + stdout("liveTraining"));
    }

    @Test void renderAndRenderableObjectsGiveRichResults() {
        JsonObject data = messages("render", "execute_result").get(0).getAsJsonObject("content").getAsJsonObject("data");
        assertEquals("<b>bold</b>", data.get("text/html").getAsString());
        JsonObject rich = messages("renderable", "execute_result").get(0).getAsJsonObject("content").getAsJsonObject("data");
        assertEquals("<i>rich</i>", rich.get("text/html").getAsString());
    }

    @Test void voidCallsAndNullGiveNoResult() {
        assertTrue(messages("voidCall", "execute_result").isEmpty());
        assertEquals("hi\n", stdout("voidCall"));
        assertTrue(messages("nullValue", "execute_result").isEmpty());
        assertEquals("ok", cells.get("nullValue").get("status").getAsString());
    }

    @Test void jarsMagicAddsJarsAndNamesMissingOnes() {
        JsonObject e = error("missingJar");
        assertTrue((e.get("evalue").getAsString() + traceback(e)).contains("/nope/missing-lib.jar"), e.toString());
        assertEquals("hi from a jar", plainResult("jars"));
    }

    @Test void incompleteCellIsAnError() {
        assertEquals("IncompleteSourceException", error("incomplete").get("ename").getAsString());
    }

    @Test void completionAndInspection() {
        JsonObject c = cells.get("complete").getAsJsonObject("complete");
        assertTrue(c.getAsJsonArray("matches").toString().contains("String"), c.toString());
        JsonObject i = cells.get("inspect").getAsJsonObject("inspect");
        assertTrue(i.get("found").getAsBoolean(), i.toString());
        assertTrue(i.getAsJsonObject("data").get("text/plain").getAsString().contains("max("), i.toString());
    }

    @Test void everyRequestGetsBusyThenItsReplyThenIdle() {
        JsonArray results = transcript.getAsJsonArray("requests");
        assertEquals(REQUESTS.size(), results.size());
        for (JsonElement e : results) {
            JsonObject r = e.getAsJsonObject();
            String what = r.get("type").getAsString() + " on " + r.get("channel").getAsString() + ": " + r;
            assertTrue(r.has("reply") && !r.get("reply").isJsonNull(), "no reply to " + what);
            JsonArray status = r.getAsJsonArray("status");
            assertEquals(2, status.size(), "expected busy and idle for " + what);
            JsonObject busy = status.get(0).getAsJsonObject(), idle = status.get(1).getAsJsonObject();
            assertEquals("busy", busy.get("state").getAsString(), what);
            assertEquals("idle", idle.get("state").getAsString(), what);
            double replyAt = r.getAsJsonObject("reply").get("date").getAsDouble();
            assertTrue(busy.get("date").getAsDouble() <= replyAt && replyAt <= idle.get("date").getAsDouble(),
                    "busy, then the reply, then idle (kernel time stamps): " + what);
        }
    }

    @Test void requestsTheKernelDoesNotImplementGetAnErrorReply() {
        for (JsonElement e : transcript.getAsJsonArray("requests")) {
            JsonObject r = e.getAsJsonObject();
            String type = r.get("type").getAsString();
            JsonObject reply = r.getAsJsonObject("reply");
            if (type.equals("no_such_request") || type.equals("debug_request")) {
                assertEquals("error", reply.getAsJsonObject("content").get("status").getAsString(), r.toString());
                assertEquals("UnsupportedRequest", reply.getAsJsonObject("content").get("ename").getAsString(), r.toString());
                if (type.equals("debug_request")) {
                    assertEquals("debug_reply", reply.get("type").getAsString());
                    assertTrue(reply.getAsJsonObject("content").get("evalue").getAsString().contains("debug_request"), r.toString());
                }
            } else {
                assertEquals(type.replace("_request", "_reply"), reply.get("type").getAsString(), r.toString());
            }
        }
    }

    private static Path makeGreeterJar(Path dir) throws IOException {
        Path src = dir.resolve("demo/Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package demo; public class Greeter { public String hi() { return \"hi from a jar\"; } }");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.resolve("classes").toString(), src.toString());
        assertEquals(0, rc);
        Path jar = dir.resolve("greeter.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("demo/Greeter.class"));
            try (OutputStream o = new java.io.FilterOutputStream(out) { @Override public void close() {} }) {
                Files.copy(dir.resolve("classes/demo/Greeter.class"), o);
            }
            out.closeEntry();
        }
        return jar;
    }
}
