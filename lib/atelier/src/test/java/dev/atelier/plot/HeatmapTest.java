package dev.atelier.plot;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class HeatmapTest {

    @Test void labelCountsMustMatchTheMatrix() {
        double[][] z = new double[5][6];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Heatmap.of("m", z).xLabels(List.of("a", "b", "c", "d", "e")));
        assertTrue(e.getMessage().contains("5 x labels for 6 columns (matrix is 5 x 6)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Heatmap.of("m", z).yLabels(List.of("a")));
        assertTrue(e.getMessage().contains("1 y labels for 5 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Heatmap.attention("head 0", List.of("a", "b"), new double[][]{{1, 0, 0}, {0.5, 0.5, 0}, {0.3, 0.3, 0.4}}));
        assertTrue(e.getMessage().contains("2 x labels for 3 columns"), e.getMessage());
    }

    @Test void raggedAndEmptyMatricesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Heatmap.of("m", new double[][]{{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 0 has 2 columns, row 1 has 1"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Heatmap.of("m", new double[0][]))
                .getMessage().contains("0 rows"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Heatmap.of("m", new double[][]{{}}))
                .getMessage().contains("0 columns"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Heatmap.of("m", Nd4j.zeros(2, 2, 2)))
                .getMessage().contains("rank-2"));
    }

    @Test void nanCellsAreBlankWithAWarningThatSaysWhere() {
        double[][] w = Figures.attention(2);
        w[3][1] = Double.NaN;
        Heatmap h = Heatmap.attention("a", Figures.TOKENS, w);
        assertEquals(List.of("1 of 49 cells are NaN or infinite (first at row 3 'sat', column 1 '\u2423'), left blank"), h.warnings());
        Heatmap none = Heatmap.of("none", new double[][]{{Double.NaN}});
        assertEquals(List.of("matrix has no finite value: nothing to colour"), none.warnings());
    }

    @Test void colourRangeIsTheFiniteMinAndMaxUnlessFixed() {
        Heatmap h = Heatmap.of("m", new double[][]{{-2, 1}, {Double.POSITIVE_INFINITY, 5}});
        assertArrayEquals(new double[]{-2, 5}, h.colourRange(), 0);
        assertArrayEquals(new double[]{0, 1}, Heatmap.attention("a", List.of("x"), new double[][]{{1}}).colourRange(), 0);
        assertThrows(IllegalArgumentException.class, () -> h.range(1, 1));
    }

    @Test void gridSharesOneColourScaleAcrossPanels() {
        Heatmap a = Heatmap.of("a", new double[][]{{0, 1}, {2, 3}});
        Heatmap b = Heatmap.of("b", new double[][]{{-4, 1}, {2, 10}});
        HeatmapGrid g = HeatmapGrid.of("both", List.of(a, b));
        assertArrayEquals(new double[]{-4, 10}, g.colourRange(), 0);
        // every interactive panel gets the same zmin/zmax
        for (Figure.Panel p : g.panels()) {
            var trace = p.patch().getAsJsonArray("data").get(0).getAsJsonObject();
            assertEquals(-4, trace.get("zmin").getAsDouble());
            assertEquals(10, trace.get("zmax").getAsDouble());
        }
        assertEquals(1, g.panels().stream().filter(p -> p.patch().getAsJsonArray("data").get(0).getAsJsonObject()
                .get("showscale").getAsBoolean()).count(), "one colour bar for the grid");
    }

    @Test void attentionGridFromNd4j() {
        INDArray w = Nd4j.create(new double[][][]{Figures.attention(1), Figures.attention(2), Figures.attention(3)})
                .reshape(1, 3, 7, 7);
        HeatmapGrid g = HeatmapGrid.attention("layer 0", Figures.TOKENS, w).columns(2);
        assertEquals("HeatmapGrid 'layer 0': 3 panels of 7 x 7, shared colour range [0, 1]", g.toString());
        assertEquals(3, g.panels().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeatmapGrid.attention("l", List.of("a", "b"), new double[][][]{{{1, 0}, {0.5, 0.5}}, {{1}}}));
        assertTrue(e.getMessage().contains("head 1"), e.getMessage());
    }

    @Test void manyLabelsAreThinnedToAtMostFortyTicks() {
        double[] t = Heatmap.tickValues(128);
        assertTrue(t.length <= Heatmap.MAX_TICKS, "ticks: " + t.length);
        assertEquals(0, t[0]);
        assertEquals(t[1] - t[0], t[2] - t[1], "evenly spaced");
        assertEquals(7, Heatmap.tickValues(7).length, "small matrices label every row");
    }

    @Test void tokensAreShownVisibly() {
        assertEquals("\u2423a\u23ce\u21e5U+0000", Text.visible(" a\n\t\u0000"));
        assertEquals("\u2205", Text.visible(""));
        assertEquals("caf\u00e9", Text.visible("caf\u00e9"));
    }
}
