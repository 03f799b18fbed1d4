package dev.atelier.plot;

import dev.atelier.train.LossHistory;
import dev.atelier.train.TrainingListener.EvaluationEvent;
import dev.atelier.train.TrainingListener.StepEvent;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LinePlotTest {

    @Test void emaIsTheBiasCorrectedAverage() {
        // w = 0.5: s1 = 0.5 -> 0.5/0.5 = 1; s2 = 0.25+1 = 1.25 -> 1.25/0.75; s3 = 0.625+1.5 = 2.125 -> /0.875
        assertArrayEquals(new double[]{1, 1.25 / 0.75, 2.125 / 0.875}, LinePlot.ema(new double[]{1, 2, 3}, 0.5), 1e-12);
        // weight 0 is no smoothing
        assertArrayEquals(new double[]{4, -1, 7}, LinePlot.ema(new double[]{4, -1, 7}, 0), 0);
        // a constant stays constant from the first value on (that is what the bias correction is for)
        double[] c = LinePlot.ema(new double[]{2, 2, 2, 2}, 0.9);
        for (double v : c) assertEquals(2, v, 1e-12);
    }

    @Test void emaSkipsGapsWithoutLosingItsState() {
        double[] s = LinePlot.ema(new double[]{1, Double.NaN, 3, Double.POSITIVE_INFINITY}, 0.5);
        assertEquals(1, s[0], 1e-12);
        assertTrue(Double.isNaN(s[1]));
        // second finite value: s = 0.5*0.5 + 0.5*3 = 1.75, corrected by 1 - 0.5^2
        assertEquals(1.75 / 0.75, s[2], 1e-12);
        assertTrue(Double.isNaN(s[3]));
        assertThrows(IllegalArgumentException.class, () -> LinePlot.ema(new double[]{1}, 1.0));
    }

    @Test void thinningKeepsExtremesAndGaps() {
        int n = 10_000;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = i; y[i] = Math.sin(i / 300.0); }
        y[4321] = 50;      // a spike
        y[7000] = Double.NaN; // a gap
        double[][] t = LinePlot.thin(x, y, 1000);
        assertTrue(t[0].length <= 1500 && t[0].length >= 500, "about maxPoints points: " + t[0].length);
        assertEquals(50, Arrays.stream(t[1]).filter(Double::isFinite).max().orElseThrow(), "spike kept");
        assertTrue(Arrays.stream(t[1]).anyMatch(Double::isNaN), "gap kept");
        for (int i = 1; i < t[0].length; i++) assertTrue(t[0][i] > t[0][i - 1], "order kept");
        double[][] same = LinePlot.thin(x, y, n);
        assertSame(x, same[0]);
    }

    @Test void badSeriesAreRejectedNamingSeriesAndSizes() {
        LinePlot p = LinePlot.of("loss");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.series("train", new double[]{1, 2, 3}, new double[]{1, 2}));
        assertTrue(e.getMessage().contains("'train' has 3 steps but 2 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.series("val", new double[0], new double[0]));
        assertTrue(e.getMessage().contains("'val' is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.series("s", new double[]{1, Double.NaN}, new double[]{1, 2}));
        assertTrue(e.getMessage().contains("step[1] = NaN"), e.getMessage());
        p.series("train", new double[]{1, 2});
        e = assertThrows(IllegalArgumentException.class, () -> p.series("train", new double[]{1}));
        assertTrue(e.getMessage().contains("added twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinePlot.of("a\nb"));
        assertTrue(e.getMessage().contains("control character"), e.getMessage());
    }

    @Test void aPlotWithoutSeriesSaysSoInsteadOfDrawingNothing() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LinePlot.of("empty").toDisplayData());
        assertTrue(e.getMessage().contains("LinePlot 'empty' has no series"), e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> LinePlot.of("x").series("a", new double[]{1}).smooth(0.5, "b").png(1));
        assertTrue(e.getMessage().contains("'b', which is not among [a]"), e.getMessage());
    }

    @Test void nanAndInfiniteValuesAreGapsWithAWarning() {
        LinePlot p = LinePlot.of("loss").series("train", new double[]{1, 2, 3, 4, 5},
                new double[]{2, Double.NaN, 1.5, Double.POSITIVE_INFINITY, 1});
        assertEquals(List.of("series 'train': 2 of 5 values are NaN or infinite (first at step 2 = NaN), drawn as gaps"), p.warnings());
        LinePlot.Drawn d = p.drawn().get(0);
        assertTrue(Double.isNaN(d.y()[1]) && Double.isNaN(d.y()[3]), "infinite drawn as a gap too");
        assertEquals(1.5, d.y()[2]);
        assertTrue(p.toString().contains("\u26a0 series 'train': 2 of 5"), "text view prints the warning");
        assertTrue(Figures.data(p.toDisplayData(), "text/html").contains("atelier-warning"), "html shows the warning");
    }

    @Test void logAxisTurnsNonPositiveValuesIntoGapsWithAWarning() {
        LinePlot p = LinePlot.of("lr").series("lr", new double[]{1, 2, 3}, new double[]{0.1, 0, -1}).logY();
        assertEquals(List.of("series 'lr': 2 values <= 0 cannot be shown on the log axis (first at step 2 = 0), drawn as gaps"),
                p.warnings());
        LinePlot q = LinePlot.of("x").series("all bad", new double[]{Double.NaN, Double.NaN});
        assertTrue(q.warnings().contains("series 'all bad' has no value that can be drawn"), q.warnings().toString());
    }

    @Test void smoothingDrawsTheRawSeriesFaintAndTheAverageOnTop() {
        LinePlot p = LinePlot.of("loss").series("train", new double[]{1, 2, 3, 4}).series("val", new double[]{4, 3})
                .smooth(0.5, "train");
        List<LinePlot.Drawn> d = p.drawn();
        assertEquals(List.of("train (raw)", "train (EMA 0.5)", "val"), d.stream().map(LinePlot.Drawn::name).toList());
        assertTrue(d.get(0).faint() && !d.get(0).legend());
        assertArrayEquals(LinePlot.ema(new double[]{1, 2, 3, 4}, 0.5), d.get(1).y(), 1e-12);
        assertEquals(d.get(0).color(), d.get(1).color(), "same colour for raw and smoothed");
        assertArrayEquals(new double[]{4, 3}, d.get(2).y(), 0, "unnamed series is not smoothed");
    }

    @Test void fromLossHistory() {
        LossHistory h = new LossHistory();
        for (int s = 1; s <= 150; s++) h.onStep(new StepEvent(s, 150, 3.0 / s, 64, s * 0.01));
        h.onEvaluation(new EvaluationEvent(75, Double.NaN, 1.0, 0.75));
        h.onEvaluation(new EvaluationEvent(150, Double.NaN, 0.5, 1.5));
        LinePlot p = LinePlot.of(h);
        assertEquals(List.of("train", "validation"), p.seriesNames());
        List<LinePlot.Drawn> d = p.drawn();
        assertEquals(List.of("train (raw)", "train (EMA 0.9)", "validation"), d.stream().map(LinePlot.Drawn::name).toList(),
                "more than 100 steps: train is smoothed");
        assertArrayEquals(new double[]{75, 150}, d.get(2).x(), 0);
        assertArrayEquals(new double[]{1.0, 0.5}, d.get(2).y(), 0);
        assertThrows(IllegalArgumentException.class, () -> LinePlot.of(new LossHistory()));
    }
}
