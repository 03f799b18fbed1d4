package dev.atelier.rnn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class GradientFlowTest {
    @Test void sigmoidRnnGradientsVanishWithSmallWeightsAndExplodeWithLargeOnes() {
        GradientFlow.Comparison small = GradientFlow.compare(20, 4, 16, 1.0, 1.0, 1);
        GradientFlow.Comparison large = GradientFlow.compare(20, 4, 16, 16.0, 1.0, 1);
        assertEquals(20, small.sigmoidRnn().length);
        assertEquals(1.0, small.sigmoidRnn()[0], 1e-12, "∂L/∂h_{T−1} = u, a unit vector");
        assertTrue(GradientFlow.factorPerStep(small.sigmoidRnn()) < 0.5, "vanishing: " + GradientFlow.factorPerStep(small.sigmoidRnn()));
        assertTrue(small.sigmoidRnn()[19] < 1e-8);
        assertTrue(GradientFlow.factorPerStep(large.sigmoidRnn()) > 1.0, "exploding: " + GradientFlow.factorPerStep(large.sigmoidRnn()));
    }

    @Test void lstmKeepsMoreGradientTheLargerItsForgetBias() {
        double previous = 0;
        for (double forgetBias : new double[]{0, 1, 3}) {
            double factor = GradientFlow.factorPerStep(GradientFlow.compare(20, 4, 16, 1.0, forgetBias, 2).lstm());
            assertTrue(factor > previous, "forget bias " + forgetBias + ": " + factor + " <= " + previous);
            previous = factor;
        }
        GradientFlow.Comparison c = GradientFlow.compare(20, 4, 16, 1.0, 3.0, 2);
        assertTrue(c.lstm()[19] > 1000 * c.sigmoidRnn()[19]);
    }

    @Test void gruKeepsMoreGradientTheLargerItsUpdateBias() {
        double previous = 0;
        for (double updateBias : new double[]{-2, 0, 3}) {
            double[] norms = GradientFlow.gru(20, 4, 16, updateBias, 2);
            assertEquals(1.0, norms[0], 1e-12, "∂L/∂h_{T−1} = u, a unit vector");
            double factor = GradientFlow.factorPerStep(norms);
            assertTrue(factor > previous, "update bias " + updateBias + ": " + factor + " <= " + previous);
            previous = factor;
        }
        GradientFlow.Comparison c = GradientFlow.compare(20, 4, 16, 1.0, 1.0, 2);
        assertTrue(GradientFlow.gru(20, 4, 16, 3, 2)[19] > 1000 * c.sigmoidRnn()[19]);
    }
}
