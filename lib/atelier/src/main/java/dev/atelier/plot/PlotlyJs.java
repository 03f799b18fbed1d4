package dev.atelier.plot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * plotly.js for the interactive figures, read from the webjar {@code org.webjars.npm:plotly.js-dist}
 * on the classpath (never from a CDN) and put into the notebook page once per kernel session.
 *
 * <p>Contract:
 * <ul>
 *   <li>The webjar ships only the unminified {@code plotly.js} (10.8 MB). It is gzip-compressed
 *       and base64-encoded once per JVM (about 3.2 MB) and unpacked in the browser with
 *       {@code DecompressionStream} (Chrome 80, Firefox 113, Safari 16.4 and later).</li>
 *   <li>{@link #takeForThisSession()} answers true exactly once per JVM (a kernel session) until
 *       {@link #includeAgain()} is called: the figure rendered then carries the library, later
 *       figures only a 3 kB loader that finds it in the page.</li>
 *   <li>The library is evaluated with {@code define}, {@code module}, {@code exports} and
 *       {@code require} shadowed, so its UMD header sets {@code window.Plotly} even under the
 *       classic Notebook's RequireJS (where it would otherwise call an anonymous
 *       {@code define()} and RequireJS would reject it).</li>
 *   <li>After loading, the packed library is cached in the browser's IndexedDB, so figures still
 *       draw interactively after a page reload when the output that carried it has been cleared.
 *       Where nothing works (untrusted notebook, no script, no cache) the static PNG stays.</li>
 * </ul>
 */
public final class PlotlyJs {
    private PlotlyJs() {}

    /** The plotly.js version in the webjar that the pom names. */
    public static final String VERSION = "2.35.3";

    static final String RESOURCE = "META-INF/resources/webjars/plotly.js-dist/" + VERSION + "/plotly.js";

    private static final AtomicBoolean SENT = new AtomicBoolean(false);
    private static volatile String packed;

    /**
     * True the first time it is called in this JVM (after {@link #includeAgain()}: the first time
     * since); the caller must then put {@link #payloadScript()} into the page.
     */
    static boolean takeForThisSession() {
        return SENT.compareAndSet(false, true);
    }

    /**
     * Makes the next rendered figure carry plotly.js again: call it when the output that carried
     * the library was cleared and the page was reloaded in a browser without the cached copy.
     */
    public static void includeAgain() {
        SENT.set(false);
    }

    /** Whether a figure rendered in this session has already carried the library. */
    public static boolean includedInThisSession() {
        return SENT.get();
    }

    /** The raw plotly.js source from the webjar (10.8 MB of text). */
    public static String source() {
        return new String(readResource(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** base64(gzip(plotly.js)), computed once per JVM. */
    static String packed() {
        String p = packed;
        if (p == null) {
            synchronized (PlotlyJs.class) {
                p = packed;
                if (p == null) {
                    byte[] raw = readResource();
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 4);
                    try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16) {{ def.setLevel(Deflater.BEST_COMPRESSION); }}) {
                        gz.write(raw);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    packed = p = Base64.getEncoder().encodeToString(bytes.toByteArray());
                }
            }
        }
        return p;
    }

    private static byte[] readResource() {
        ClassLoader loader = PlotlyJs.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null)
                throw new IllegalStateException("plotly.js not found on the classpath at " + RESOURCE
                        + ": add org.webjars.npm:plotly.js-dist:" + VERSION + " to the dependencies");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * The small loader that every figure carries (defines {@code window.__atelier} once per page):
     * it waits for the packed library in the page, falls back to the IndexedDB cache, and draws
     * figures or leaves their static image with a note.
     */
    static String bootstrapScript() {
        return "<script>\n" + BOOTSTRAP.replace("@VERSION@", VERSION) + "</script>\n";
    }

    /** The packed library, handed to the loader; goes into the page once per session. */
    static String payloadScript() {
        return "<script>window.__atelier.register(\"" + packed() + "\");</script>\n";
    }

    // The loader. Kept ES5 where it costs nothing; DecompressionStream and Promises are required.
    private static final String BOOTSTRAP = String.join("\n",
            "(function(){",
            "if (window.__atelier) return;",
            "var KEY = 'plotly.js@@VERSION@', A = {}, pending = null, waiters = [];",
            "window.__atelier = A;",
            "function unpack(b64){",
            "  var bin = atob(b64), bytes = new Uint8Array(bin.length);",
            "  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);",
            "  var s = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));",
            "  return new Response(s).text();",
            "}",
            "function evaluate(src){",
            "  var before = window.Plotly;",
            "  // shadow AMD/CommonJS: the UMD header then sets window.Plotly, also under RequireJS",
            "  new Function('define', 'module', 'exports', 'require', src).call(window);",
            "  var P = window.Plotly;",
            "  if (before && before !== P) window.Plotly = before;",
            "  if (!P || !P.newPlot) throw new Error('plotly.js did not initialise');",
            "  return P;",
            "}",
            "function db(mode, op){",
            "  return new Promise(function(ok, fail){",
            "    if (!window.indexedDB) return fail(new Error('no IndexedDB'));",
            "    var r = indexedDB.open('atelier', 1);",
            "    r.onupgradeneeded = function(){ r.result.createObjectStore('lib'); };",
            "    r.onerror = function(){ fail(r.error); };",
            "    r.onsuccess = function(){",
            "      var d = r.result, tx = d.transaction('lib', mode), q = op(tx.objectStore('lib'));",
            "      tx.oncomplete = function(){ d.close(); ok(q.result); };",
            "      tx.onerror = function(){ d.close(); fail(tx.error); };",
            "    };",
            "  });",
            "}",
            "function load(b64, cache){",
            "  return unpack(b64).then(evaluate).then(function(P){",
            "    if (cache) db('readwrite', function(s){ return s.put(b64, KEY); }).catch(function(){});",
            "    return P;",
            "  });",
            "}",
            "A.register = function(b64){",
            "  if (pending) return;",
            "  pending = load(b64, true);",
            "  waiters.forEach(function(w){ w(); });",
            "};",
            "A.plotly = function(){",
            "  if (pending) return pending;",
            "  return new Promise(function(ok){",
            "    // the output carrying the library may render after this one (JupyterLab): wait a little",
            "    var timer = setTimeout(ok, 1500); waiters.push(function(){ clearTimeout(timer); ok(); });",
            "  }).then(function(){",
            "    if (pending) return pending;",
            "    return db('readonly', function(s){ return s.get(KEY); }).catch(function(){ return null; })",
            "      .then(function(b64){",
            "        if (pending) return pending;",
            "        if (!b64) throw new Error('plotly.js is not in this page (the output that carried it was cleared). '",
            "          + 'Run dev.atelier.plot.PlotlyJs.includeAgain() and re-run this cell for the interactive view.');",
            "        pending = load(b64, false);",
            "        return pending;",
            "      });",
            "  });",
            "};",
            "A.draw = function(id, draw){",
            "  var root = document.getElementById(id);",
            "  if (!root) return;",
            "  var img = root.querySelector('.atelier-static'), note = root.querySelector('.atelier-note'),",
            "      live = root.querySelector('.atelier-live');",
            "  A.plotly().then(function(P){",
            "    live.style.display = '';",
            "    var calls = [], shim = { newPlot: function(div, data, layout, config){",
            "      var patch = draw.patches[calls.length] || {};",
            "      merge(data, patch.data); layout = merge(layout || {}, patch.layout); config = merge(config || {}, patch.config);",
            "      var p = P.newPlot(div, data, layout, config); calls.push(p); return p;",
            "    }};",
            "    draw(shim);",
            "    return Promise.all(calls);",
            "  }).then(function(){",
            "    if (img) img.style.display = 'none';",
            "    root.setAttribute('data-atelier', 'interactive');",
            "  }, function(e){",
            "    live.style.display = 'none';",
            "    if (img) img.style.display = '';",
            "    root.setAttribute('data-atelier', 'static');",
            "    if (note) { note.textContent = 'Static image. ' + (e && e.message ? e.message : e); note.style.display = ''; }",
            "  });",
            "};",
            "function merge(target, patch){",
            "  if (!patch) return target;",
            "  for (var k in patch) {",
            "    var v = patch[k];",
            "    if (v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object') merge(target[k], v);",
            "    else if (Array.isArray(target) && v && typeof v === 'object') merge(target[k], v);",
            "    else target[k] = v;",
            "  }",
            "  return target;",
            "}",
            "})();",
            "");
}
