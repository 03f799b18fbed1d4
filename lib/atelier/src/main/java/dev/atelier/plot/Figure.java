package dev.atelier.plot;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A figure that shows itself when a notebook cell returns it (a basekernel
 * {@link DisplayDataRenderable}, so it works under our kernel and under IJava alike).
 *
 * <p>Its display bundle holds
 * <ul>
 *   <li>{@code text/plain}: a one-line summary plus any warnings (CLI, logs, plain viewers);</li>
 *   <li>{@code image/png}: the static picture drawn with JFreeChart (PDF export, viewers that
 *       prefer images);</li>
 *   <li>{@code text/html}: the same PNG as an {@code <img>}, which the interactive plotly.js
 *       figure (specified with tablesaw-jsplot) replaces once its script runs; where scripts do not
 *       run (untrusted notebooks, GitHub, nbviewer) the image stays. See {@link PlotlyJs} for how
 *       the library gets into the page once per session.</li>
 * </ul>
 * Rendering never fails silently: incomplete figures (no data) throw a clear
 * {@link IllegalStateException}, and doubtful data (NaN, values a log axis cannot show) is drawn as
 * gaps and reported in {@link #warnings()}, which every view prints.
 */
public abstract class Figure implements DisplayDataRenderable {

    static final MIMEType TEXT_PLAIN = MIMEType.parse("text/plain");
    static final MIMEType TEXT_HTML = MIMEType.parse("text/html");
    static final MIMEType IMAGE_PNG = MIMEType.parse("image/png");
    static final MIMEType IMAGE_SVG = MIMEType.parse("image/svg+xml");

    /** Device pixels per CSS pixel of the PNGs in display bundles: sharp on HiDPI screens, still small. */
    public static final double PNG_SCALE = 1.5;

    private static final AtomicLong IDS = new AtomicLong();
    private static final Gson GSON = new Gson();

    protected final String title;
    protected int width;
    protected int height;

    protected Figure(String title, int width, int height) {
        this.title = title == null ? "" : title;
        this.width = width;
        this.height = height;
    }

    /** The figure's title. */
    public String title() { return title; }

    /** Width in CSS pixels. */
    public int width() { return width; }

    /** Height in CSS pixels. */
    public int height() { return height; }

    protected void setSize(int width, int height) {
        if (width < 50 || height < 50 || width > 4000 || height > 4000)
            throw new IllegalArgumentException(kind() + " '" + title + "': size " + width + "x" + height
                    + " is outside 50..4000 pixels");
        this.width = width;
        this.height = height;
    }

    // ---- what subclasses provide ------------------------------------------------------------

    /** Short name of the figure type used in messages, e.g. "LinePlot". */
    String kind() { return getClass().getSimpleName(); }

    /** Throws {@link IllegalStateException} naming what is missing when the figure cannot be drawn. */
    abstract void validate();

    /**
     * The interactive figure: one or more plotly panels specified with tablesaw-jsplot, each with a
     * JSON patch for what tablesaw-jsplot cannot express (text, colour scales, hover templates).
     */
    abstract List<Panel> panels();

    /** Draws the static picture (JFreeChart) into {@code g} on a {@code width x height} canvas. */
    abstract void paint(Graphics2D g, int width, int height);

    /** A one-line description of what is drawn (no warnings). */
    abstract String summary();

    /** Problems with the data that the figure still draws around (e.g. NaN drawn as gaps). */
    public abstract List<String> warnings();

    /** One plotly plot: a tablesaw-jsplot figure plus attributes patched in before drawing. */
    record Panel(tech.tablesaw.plotly.components.Figure spec, JsonObject patch) {}

    // ---- rendering ----------------------------------------------------------------------------

    @Override public Set<MIMEType> getSupportedRenderTypes() {
        return new LinkedHashSet<>(List.of(TEXT_PLAIN, TEXT_HTML, IMAGE_PNG, IMAGE_SVG));
    }

    @Override public Set<MIMEType> getPreferredRenderTypes() {
        return new LinkedHashSet<>(List.of(TEXT_PLAIN, TEXT_HTML, IMAGE_PNG));
    }

    @Override public void render(RenderContext context) {
        validate();
        context.renderIfRequested(TEXT_PLAIN, this::toString);
        boolean png = context.wantsDataRenderedAs(IMAGE_PNG), html = context.wantsDataRenderedAs(TEXT_HTML);
        String pngBase64 = png || html ? Base64.getEncoder().encodeToString(png(PNG_SCALE)) : null;
        if (png) {
            MIMEType type = context.resolveRequestedType(IMAGE_PNG);
            // the frontend shows the image at CSS size, so PNG_SCALE > 1 gives sharp HiDPI pictures
            context.getOutputContainer().putData(type, pngBase64, Map.of("width", width, "height", height));
        }
        context.renderIfRequested(IMAGE_SVG, this::svg);
        if (html)
            context.renderIfRequested(TEXT_HTML, () -> html(pngBase64, PlotlyJs.takeForThisSession()));
    }

    /** This figure's display bundle (text/plain, text/html, image/png), as a cell would show it. */
    public DisplayData toDisplayData() {
        return new Renderer().render(this);
    }

    /** The summary line followed by one line per warning. */
    @Override public String toString() {
        StringBuilder s = new StringBuilder(summary());
        for (String w : warnings()) s.append("\n\u26a0 ").append(w);
        return s.toString();
    }

    /**
     * The figure's HTML: static image, the div(s) plotly draws into, warnings, and scripts.
     *
     * @param pngBase64     the static picture
     * @param withLibrary   whether to put plotly.js itself into this fragment
     */
    String html(String pngBase64, boolean withLibrary) {
        // tablesaw-jsplot names a JS variable after the div id, so ids are identifiers
        String id = "atelier_fig_" + ProcessHandle.current().pid() + "_" + IDS.incrementAndGet();
        List<Panel> panels = panels();
        StringBuilder h = new StringBuilder(4096 + pngBase64.length());
        h.append("<div class=\"atelier-figure\" id=\"").append(id).append("\" data-atelier=\"static\">\n");
        h.append("<img class=\"atelier-static\" src=\"data:image/png;base64,").append(pngBase64)
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" alt=\"").append(Text.html(summary())).append("\">\n");
        h.append("<div class=\"atelier-live\" style=\"display:none\">");
        livePanels(h, id, panels.size());
        h.append("</div>\n");
        h.append("<div class=\"atelier-note\" style=\"display:none;color:#777;font-size:12px\"></div>\n");
        for (String w : warnings())
            h.append("<div class=\"atelier-warning\" style=\"color:#b45309;font-size:13px\">\u26a0 ")
                    .append(Text.html(w)).append("</div>\n");
        h.append("</div>\n");
        h.append(PlotlyJs.bootstrapScript());
        if (withLibrary) h.append(PlotlyJs.payloadScript());
        h.append("<script>\n(function(){\nvar draw = function(Plotly){\n");
        List<JsonObject> patches = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            h.append(scriptBody(panels.get(i).spec().asJavascript(id + "_p" + i))).append('\n');
            JsonObject patch = panels.get(i).patch().deepCopy();
            if (!patch.has("config")) patch.add("config", PlotlyPatch.config());
            patches.add(patch);
        }
        h.append("};\ndraw.patches = ").append(safeJson(GSON.toJson(patches))).append(";\n");
        h.append("window.__atelier.draw(\"").append(id).append("\", draw);\n})();\n</script>\n");
        return h.toString();
    }

    /** The divs plotly draws into, {@code <id>_p0, <id>_p1, ...}; side by side by default. */
    void livePanels(StringBuilder h, String id, int count) {
        for (int i = 0; i < count; i++)
            h.append("<div id=\"").append(id).append("_p").append(i).append("\" style=\"display:inline-block\"></div>");
    }

    /** tablesaw-jsplot wraps its code in a script element; we need the code only. */
    private static String scriptBody(String js) {
        String s = js.strip();
        if (s.startsWith("<script>")) s = s.substring("<script>".length());
        if (s.endsWith("</script>")) s = s.substring(0, s.length() - "</script>".length());
        // no "</" may end our own script element early (labels can be any text)
        return s.replace("</", "<\\/");
    }

    private static String safeJson(String json) {
        return json.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    // ---- static picture and files ---------------------------------------------------------------

    /** The static picture as PNG bytes, {@code scale} device pixels per CSS pixel (1 to 4). */
    public byte[] png(double scale) {
        validate();
        return StaticChart.png(this::paint, width, height, scale);
    }

    /** The static picture as an SVG document. */
    public String svg() {
        validate();
        return StaticChart.svg(this::paint, width, height);
    }

    /** Writes the static picture as PNG at twice the CSS size (print quality). */
    public Path savePng(Path file) throws IOException {
        return write(file, png(2));
    }

    /** Writes the static picture as SVG. */
    public Path saveSvg(Path file) throws IOException {
        return write(file, svg().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a standalone HTML page with this figure, plotly.js inlined (about 3.3 MB, no network
     * needed), and the static image as fallback.
     */
    public Path saveHtml(Path file) throws IOException {
        validate();
        String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + Text.html(title.isBlank() ? kind() : title) + "</title>\n</head>\n<body>\n"
                + html(Base64.getEncoder().encodeToString(png(PNG_SCALE)), true)
                + "</body>\n</html>\n";
        return write(file, page.getBytes(StandardCharsets.UTF_8));
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        return Files.write(abs, bytes);
    }
}
