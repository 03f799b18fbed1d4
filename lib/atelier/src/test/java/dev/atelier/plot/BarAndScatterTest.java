package dev.atelier.plot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BarAndScatterTest {

    @Test void topKSortsLargestFirstWithTiesByIndex() {
        assertArrayEquals(new int[]{1, 3, 2}, BarChart.topIndices(new double[]{0.1, 0.4, 0.2, 0.4}, 3));
        BarChart b = Figures.bars();
        assertEquals(List.of("b", "\u2423", "\u23ce", "h", "f", "i"), b.labels(), "whitespace tokens made visible");
        assertArrayEquals(new double[]{0.3, 0.2, 0.1, 0.1, 0.08, 0.06}, b.values(), 0);
        assertEquals(3, BarChart.topK("all", List.of("a", "b", "c"), new double[]{1, 2, 3}, 10).values().length,
                "k beyond the vocabulary shows all of it");
    }

    @Test void topKRejectsWhatCannotBeRanked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BarChart.topK("p", List.of("a", " "), new double[]{0.5, Double.NaN}, 1));
        assertTrue(e.getMessage().contains("probability of '\u2423' (index 1) is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BarChart.topK("p", List.of("a"), new double[]{0.5, 0.5}, 1));
        assertTrue(e.getMessage().contains("vocabulary has 1 entries but there are 2 probabilities"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BarChart.topK("p", List.of("a"), new double[]{1}, 0));
    }

    @Test void barsWithBadValuesAreMissingWithAWarning() {
        BarChart b = BarChart.of("counts", List.of("x", "y", "x"), new double[]{1, Double.NaN, 3});
        assertEquals(List.of("1 of 3 values are NaN or infinite, drawn as missing bars: y = NaN"), b.warnings());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BarChart.of("c", List.of("x"), new double[0]))
                .getMessage().contains("1 labels for 0 values"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BarChart.of("c", List.of(), new double[0]))
                .getMessage().contains("no bars"));
        // duplicate labels stay separate bars: numeric positions with tick texts
        var ticks = b.panels().get(0).spec().asJavascript("d");
        assertTrue(ticks.contains("tickvals: [0.0, 1.0, 2.0]"), ticks);
    }

    @Test void scatterChecksGroupsAndLeavesOutBadPointsByName() {
        ScatterPlot s = ScatterPlot.of("words");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.points("g", List.of("a", "b"), new double[]{1, 2, 3}, new double[]{1, 2, 3}));
        assertTrue(e.getMessage().contains("group 'g' has 2 labels for 3 points"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.points("g", List.of("a"), new double[]{1}, new double[]{1, 2}));
        assertTrue(e.getMessage().contains("1 x values but 2 y values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScatterPlot.of("w", List.of("a"), new double[][]{{1, 2, 3}}));
        assertTrue(e.getMessage().contains("point 0 has 3 coordinates"), e.getMessage());
        assertTrue(assertThrows(IllegalStateException.class, () -> ScatterPlot.of("none").png(1))
                .getMessage().contains("has no points"));

        s.points("g", List.of("cat", "dog", "emu"), new double[]{1, Double.NaN, 3}, new double[]{1, 2, 3});
        assertEquals(List.of("group 'g': 1 of 3 points have NaN or infinite coordinates and are left out: dog"), s.warnings());
        var text = s.panels().get(0).patch().getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("text");
        assertEquals(2, text.size(), "the NaN point is not sent");
    }
}
