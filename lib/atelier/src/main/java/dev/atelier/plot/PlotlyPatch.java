package dev.atelier.plot;

import com.google.gson.JsonObject;

/**
 * Pieces of the JSON patch applied to a tablesaw-jsplot figure just before plotly draws it: the
 * text (titles, names, labels; exact, escaped for plotly) and attributes tablesaw-jsplot does not
 * model. Keeping all free text here means no user string ever passes through tablesaw's templates.
 */
final class PlotlyPatch {
    private PlotlyPatch() {}

    /** Layout text and margins: title, axis titles (empty strings draw nothing). */
    static JsonObject layout(String title, String xTitle, String yTitle) {
        JsonObject layout = new JsonObject();
        JsonObject t = text(title, 16);
        // just above the plot area, so the mode bar (top right, always shown on touch screens) stays clear of it
        t.addProperty("y", 1);
        t.addProperty("yref", "paper");
        t.addProperty("yanchor", "bottom");
        JsonObject pad = new JsonObject();
        pad.addProperty("b", 10);
        t.add("pad", pad);
        layout.add("title", t);
        JsonObject x = new JsonObject(), y = new JsonObject();
        x.add("title", text(xTitle, 13));
        y.add("title", text(yTitle, 13));
        layout.add("xaxis", x);
        layout.add("yaxis", y);
        JsonObject margin = new JsonObject();
        margin.addProperty("l", 64);
        margin.addProperty("r", 24);
        margin.addProperty("t", title.isBlank() ? 28 : 64);
        margin.addProperty("b", 100);
        layout.add("margin", margin);
        JsonObject legend = new JsonObject(); // below the plot, as in the static picture
        legend.addProperty("orientation", "h");
        legend.addProperty("x", 0.5);
        legend.addProperty("xanchor", "center");
        legend.addProperty("y", -0.3); // clear of the x-axis title
        legend.addProperty("yanchor", "top");
        layout.add("legend", legend);
        JsonObject font = new JsonObject();
        font.addProperty("family", "DejaVu Sans, Liberation Sans, Arial, sans-serif");
        layout.add("font", font);
        return layout;
    }

    static JsonObject text(String s, int size) {
        JsonObject t = new JsonObject();
        t.addProperty("text", Text.plotly(s));
        JsonObject f = new JsonObject();
        f.addProperty("size", size);
        t.add("font", f);
        return t;
    }

    /** Plotly config shared by all figures: no logo, no MathJax typesetting of labels like "$x$". */
    static JsonObject config() {
        JsonObject c = new JsonObject();
        c.addProperty("displaylogo", false);
        c.addProperty("typesetMath", false);
        return c;
    }
}
