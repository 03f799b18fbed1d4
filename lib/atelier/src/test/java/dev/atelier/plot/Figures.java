package dev.atelier.plot;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small deterministic figures and bundle helpers shared by the plot tests. */
final class Figures {
    private Figures() {}

    static final List<String> TOKENS = List.of("the", " ", "cat", "sat", "\n", "the", "<br>");

    /** A noisy falling loss curve of {@code n} steps plus a validation curve. */
    static LinePlot lossPlot(int n) {
        Random r = new Random(1);
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = 3 * Math.exp(-i / (n / 4.0)) + 0.5 + 0.15 * r.nextGaussian();
        }
        return LinePlot.of("loss").series("train", x, y)
                .series("validation", new double[]{n / 4.0, n / 2.0, 3 * n / 4.0, n}, new double[]{2.0, 1.2, 0.9, 0.8})
                .smooth(0.9, "train").yLabel("loss (nats/token)");
    }

    /** Causal attention weights over {@link #TOKENS}: rows sum to 1, upper triangle 0. */
    static double[][] attention(long seed) {
        int n = TOKENS.size();
        Random r = new Random(seed);
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j <= i; j++) s += w[i][j] = Math.exp(2 * r.nextGaussian());
            for (int j = 0; j <= i; j++) w[i][j] /= s;
        }
        return w;
    }

    static Heatmap heatmap() {
        return Heatmap.attention("attention, head 0", TOKENS, attention(2));
    }

    static BarChart bars() {
        List<String> vocab = new ArrayList<>(List.of("a", "b", " ", "\n", "e", "f", "g", "h", "i", "j"));
        double[] p = {0.05, 0.3, 0.2, 0.1, 0.02, 0.08, 0.05, 0.1, 0.06, 0.04};
        return BarChart.topK("next token", vocab, p, 6);
    }

    static ScatterPlot scatter() {
        return ScatterPlot.of("word vectors", List.of("king", "queen", "man", "woman"),
                new double[][]{{1, 2}, {1.2, 2.8}, {0.2, 1.9}, {0.4, 2.7}});
    }

    /** The bundle as Jupyter sees it: {"data": {...}, "metadata": {...}}. */
    static JsonObject json(DisplayData d) {
        return new Gson().toJsonTree(d).getAsJsonObject();
    }

    static String data(DisplayData d, String mime) {
        JsonObject data = json(d).getAsJsonObject("data");
        return data.has(mime) ? data.get(mime).getAsString() : null;
    }
}
