package dev.atelier.gpt;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class AdamWTest {
    @Test void twoStepsMatchTheFormulaByHand() {
        double b1 = 0.9, b2 = 0.99, eps = 1e-8, lr = 0.1, wd = 0.5;
        INDArray w = Nd4j.createFromArray(1.0f, -2.0f), bias = Nd4j.createFromArray(0.5f);
        AdamW opt = new AdamW(b1, b2, eps, wd);
        double[] pw = {1, -2}, pb = {0.5}, mw = new double[2], vw = new double[2], mb = new double[1], vb = new double[1];
        double[][] gws = {{0.5, -1}, {0.25, 2}};
        double[] gbs = {3, -1};
        for (int t = 1; t <= 2; t++) {
            double[] gw = gws[t - 1];
            opt.step(Map.of("w", w, "b", bias),
                    Map.of("w", Nd4j.createFromArray((float) gw[0], (float) gw[1]), "b", Nd4j.createFromArray((float) gbs[t - 1])),
                    lr, Set.of("w"));
            double corr = Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 2; i++) {
                mw[i] = b1 * mw[i] + (1 - b1) * gw[i];
                vw[i] = b2 * vw[i] + (1 - b2) * gw[i] * gw[i];
                pw[i] = pw[i] - lr * wd * pw[i];                            // decoupled decay: only "w"
                pw[i] = pw[i] - lr * corr * mw[i] / (Math.sqrt(vw[i]) + eps);
            }
            mb[0] = b1 * mb[0] + (1 - b1) * gbs[t - 1];
            vb[0] = b2 * vb[0] + (1 - b2) * gbs[t - 1] * gbs[t - 1];
            pb[0] = pb[0] - lr * corr * mb[0] / (Math.sqrt(vb[0]) + eps);
            assertEquals(pw[0], w.getDouble(0), 1e-5, "w[0] after step " + t);
            assertEquals(pw[1], w.getDouble(1), 1e-5, "w[1] after step " + t);
            assertEquals(pb[0], bias.getDouble(0), 1e-5, "b after step " + t);
        }
        assertEquals(2, opt.steps());
    }

    @Test void doubleArraysStepInDoublePrecisionWithTheGradientScale() {
        double b1 = 0.9, b2 = 0.99, eps = 1e-8, lr = 0.01;
        INDArray w = Nd4j.createFromArray(0.5, -1.0, 2.0);               // DOUBLE
        AdamW opt = new AdamW(b1, b2, eps, 0.0);
        opt.step(Map.of("w", w), Map.of("w", Nd4j.createFromArray(1.0, -4.0, 0.5)), lr, Set.of(), 0.25);   // g scaled by 0.25 (clipping)
        double corr = Math.sqrt(1 - b2) / (1 - b1);
        double[] g = {0.25, -1.0, 0.125}, start = {0.5, -1.0, 2.0};
        for (int i = 0; i < 3; i++) {
            double m = (1 - b1) * g[i], v = (1 - b2) * g[i] * g[i];
            assertEquals(start[i] - lr * corr * m / (Math.sqrt(v) + eps), w.getDouble(i), 1e-12, "w[" + i + "]");
        }
        assertThrows(IllegalArgumentException.class, () -> opt.step(Map.of("i", Nd4j.createFromArray(1, 2)),
                Map.of("i", Nd4j.createFromArray(1, 2)), lr, Set.of()));
    }
}
