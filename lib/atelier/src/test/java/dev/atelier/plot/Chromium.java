package dev.atelier.plot;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal headless-Chromium driver for tests, speaking the DevTools protocol over the JDK's own
 * WebSocket client (no npm, no Selenium): open a page, wait for a JavaScript condition, read values,
 * take full-page screenshots, disable scripts, block URLs, and collect console errors and requests.
 *
 * <p>The binary is {@code /usr/bin/chromium} (Debian), or {@code $CHROMIUM} when set.
 */
final class Chromium implements AutoCloseable {

    static Path binary() {
        String env = System.getenv("CHROMIUM");
        return Path.of(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
    }

    static boolean available() {
        return Files.isExecutable(binary());
    }

    private final Process process;
    private final WebSocket socket;
    private final String session;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonObject>> awaited = new ConcurrentHashMap<>();
    final List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private Chromium(Process process, WebSocket socket, String session) {
        this.process = process;
        this.socket = socket;
        this.session = session;
    }

    /** Starts headless Chromium with a fresh profile under {@code profileDir}. */
    static Chromium start(Path profileDir) throws Exception {
        Files.createDirectories(profileDir);
        List<String> cmd = List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0",
                "--user-data-dir=" + profileDir.toAbsolutePath(), "about:blank");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        Pattern ws = Pattern.compile("DevTools listening on (ws://\\S+)");
        String url = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = ws.matcher(line);
            if (m.find()) { url = m.group(1); break; }
        }
        if (url == null) {
            p.destroyForcibly();
            throw new IOException("chromium did not report its DevTools address; stderr:\n" + seen);
        }
        Thread drain = new Thread(() -> {
            try { while (err.readLine() != null) { /* keep the pipe empty */ } } catch (IOException ignored) {}
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();

        Chromium[] self = new Chromium[1];
        StringBuilder buffer = new StringBuilder();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                        buffer.append(data);
                        if (last) {
                            String msg = buffer.toString();
                            buffer.setLength(0);
                            if (self[0] != null) self[0].receive(JsonParser.parseString(msg).getAsJsonObject());
                        }
                        s.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        Chromium c = new Chromium(p, socket, null);
        self[0] = c;
        JsonObject target = c.send(null, "Target.createTarget", obj("url", "about:blank"));
        JsonObject attach = new JsonObject();
        attach.addProperty("targetId", target.get("targetId").getAsString());
        attach.addProperty("flatten", true);
        String session = c.send(null, "Target.attachToTarget", attach).get("sessionId").getAsString();
        Chromium page = new Chromium(p, socket, session);
        self[0] = page;
        page.send("Page.enable", new JsonObject());
        page.send("Runtime.enable", new JsonObject());
        page.send("Network.enable", new JsonObject());
        return page;
    }

    private void receive(JsonObject msg) {
        if (msg.has("id")) {
            CompletableFuture<JsonObject> f = pending.remove(msg.get("id").getAsInt());
            if (f != null) {
                if (msg.has("error")) f.completeExceptionally(new IOException("DevTools error: " + msg.get("error")));
                else f.complete(msg.getAsJsonObject("result"));
            }
            return;
        }
        String method = msg.has("method") ? msg.get("method").getAsString() : "";
        JsonObject params = msg.has("params") ? msg.getAsJsonObject("params") : new JsonObject();
        switch (method) {
            case "Runtime.exceptionThrown" -> consoleErrors.add(params.getAsJsonObject("exceptionDetails").toString());
            case "Runtime.consoleAPICalled" -> {
                String type = params.get("type").getAsString();
                if (type.equals("error") || type.equals("assert")) consoleErrors.add(params.get("args").toString());
            }
            case "Network.requestWillBeSent" -> {
                String url = params.getAsJsonObject("request").get("url").getAsString();
                if (!url.startsWith("data:")) requests.add(url);
            }
            default -> { }
        }
        CompletableFuture<JsonObject> w = awaited.remove(method);
        if (w != null) w.complete(params);
    }

    private JsonObject send(String sessionId, String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject msg = new JsonObject();
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params);
        if (sessionId != null) msg.addProperty("sessionId", sessionId);
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(msg.toString(), true).get(30, TimeUnit.SECONDS);
        return f.get(120, TimeUnit.SECONDS);
    }

    JsonObject send(String method, JsonObject params) throws Exception {
        return send(session, method, params);
    }

    static JsonObject obj(String key, Object value) {
        JsonObject o = new JsonObject();
        if (value instanceof Boolean b) o.addProperty(key, b);
        else if (value instanceof Number n) o.addProperty(key, n);
        else o.addProperty(key, String.valueOf(value));
        return o;
    }

    /** Turns JavaScript off for the pages opened next (as an untrusted notebook or GitHub would). */
    void disableScripts() throws Exception {
        send("Emulation.setScriptExecutionDisabled", obj("value", true));
    }

    /** Blocks requests whose URL matches any pattern (e.g. "http*://*" for "no network"). */
    void blockUrls(String... patterns) throws Exception {
        JsonObject p = new JsonObject();
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        for (String s : patterns) a.add(s);
        p.add("urls", a);
        send("Network.setBlockedURLs", p);
    }

    /** Opens {@code url} and waits for its load event. */
    void open(String url) throws Exception {
        CompletableFuture<JsonObject> loaded = new CompletableFuture<>();
        awaited.put("Page.loadEventFired", loaded);
        send("Page.navigate", obj("url", url));
        loaded.get(120, TimeUnit.SECONDS);
    }

    /** Evaluates {@code expression} (promises awaited) and returns its JSON value (null when undefined). */
    JsonElement eval(String expression) throws Exception {
        JsonObject p = obj("expression", expression);
        p.addProperty("returnByValue", true);
        p.addProperty("awaitPromise", true);
        JsonObject r = send("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) throw new IOException("page threw: " + r.get("exceptionDetails"));
        JsonObject result = r.getAsJsonObject("result");
        return result.has("value") ? result.get("value") : null;
    }

    /** Polls until {@code expression} is truthy; false after {@code timeout}. */
    boolean waitFor(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonElement v = eval("!!(" + expression + ")");
            if (v != null && v.getAsBoolean()) return true;
            Thread.sleep(200);
        }
        return false;
    }

    /** Sets the window size (pages that scroll inside their own container need a tall one). */
    void viewport(int width, int height) throws Exception {
        JsonObject metrics = new JsonObject();
        metrics.addProperty("width", width);
        metrics.addProperty("height", height);
        metrics.addProperty("deviceScaleFactor", 1);
        metrics.addProperty("mobile", false);
        send("Emulation.setDeviceMetricsOverride", metrics);
    }

    /** A screenshot of the whole page (not just the viewport), written to {@code file}. */
    Path screenshot(Path file, int width) throws Exception {
        int height = Math.min(8000, eval("Math.ceil(document.documentElement.scrollHeight)").getAsInt());
        viewport(width, Math.max(200, height));
        Thread.sleep(300);
        JsonObject shot = send("Page.captureScreenshot", obj("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, Base64.getDecoder().decode(shot.get("data").getAsString()));
    }

    @Override public void close() {
        try { socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS); } catch (Exception ignored) {}
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
