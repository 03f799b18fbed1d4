package dev.atelier.gpt;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SamplerTest {
    static final float[] LOGITS = {2.0f, 1.0f, 0.0f, -1.0f};   // softmax ∝ e², e, 1, e⁻¹

    static double[] softmax(double... z) {
        double s = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) s += p[i] = Math.exp(z[i]);
        for (int i = 0; i < z.length; i++) p[i] /= s;
        return p;
    }

    @Test void temperatureOneIsTheSoftmax() {
        assertArrayEquals(softmax(2, 1, 0, -1), Sampler.plain().probabilities(LOGITS), 1e-9);
    }

    @Test void temperatureDividesTheLogits() {
        assertArrayEquals(softmax(4, 2, 0, -2), new Sampler(0.5, 0, 1).probabilities(LOGITS), 1e-9);
        assertArrayEquals(softmax(1, 0.5, 0, -0.5), new Sampler(2, 0, 1).probabilities(LOGITS), 1e-9);
    }

    @Test void temperatureZeroIsGreedy() {
        assertArrayEquals(new double[]{1, 0, 0, 0}, Sampler.greedy().probabilities(LOGITS), 0);
        assertEquals(0, Sampler.greedy().sample(LOGITS, new Random(1)));
    }

    @Test void topKKeepsTheKMostProbable() {
        double[] p = new Sampler(1, 2, 1).probabilities(LOGITS);
        double e = Math.E;
        assertArrayEquals(new double[]{e / (e + 1), 1 / (e + 1), 0, 0}, p, 1e-9);   // e²:e renormalised
    }

    @Test void topPKeepsTheSmallestNucleus() {
        double[] full = softmax(2, 1, 0, -1);                      // ≈ 0.644, 0.237, 0.087, 0.032
        // p = 0.8: 0.644 < 0.8, 0.644 + 0.237 = 0.881 ≥ 0.8 → keep two
        double[] p = new Sampler(1, 0, 0.8).probabilities(LOGITS);
        assertEquals(full[0] / (full[0] + full[1]), p[0], 1e-9);
        assertEquals(0, p[2], 0);
        // p = 0.5: the first token alone already has 0.644
        assertArrayEquals(new double[]{1, 0, 0, 0}, new Sampler(1, 0, 0.5).probabilities(LOGITS), 0);
    }

    @Test void aMaskGivesForbiddenTokensNothingAndRenormalisesTheRest() {
        boolean[] allowed = {false, true, true, false};
        double[] full = softmax(1, 0);                                       // only e¹ and e⁰ remain
        assertArrayEquals(new double[]{0, full[0], full[1], 0}, Sampler.plain().probabilities(LOGITS, allowed), 1e-9);
        assertArrayEquals(new double[]{0, 1, 0, 0}, Sampler.greedy().probabilities(LOGITS, allowed), 0);   // the best allowed
        // top-p 0.5 over the masked distribution: 0.731 ≥ 0.5 keeps token 1 alone
        assertArrayEquals(new double[]{0, 1, 0, 0}, new Sampler(1, 0, 0.5).probabilities(LOGITS, allowed), 0);
        Random rng = new Random(3);
        for (int i = 0; i < 2000; i++) {
            int t = Sampler.plain().sample(LOGITS, allowed, rng);
            assertTrue(t == 1 || t == 2, "drew forbidden token " + t);
        }
        assertThrows(IllegalArgumentException.class, () -> Sampler.plain().probabilities(LOGITS, new boolean[4]));
        assertThrows(IllegalArgumentException.class, () -> Sampler.plain().probabilities(LOGITS, new boolean[3]));
    }

    @Test void samplesFollowTheProbabilities() {
        Sampler s = new Sampler(1, 3, 1);
        double[] p = s.probabilities(LOGITS);
        int[] counts = new int[4];
        Random rng = new Random(7);
        int n = 20000;
        for (int i = 0; i < n; i++) counts[s.sample(LOGITS, rng)]++;
        assertEquals(0, counts[3], "top-3 never draws the 4th token");
        for (int i = 0; i < 3; i++) assertEquals(p[i], counts[i] / (double) n, 0.015, "token " + i);
    }

    @Test void badSettingsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> new Sampler(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(1, -2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sampler(1, 0, 0));
        assertTrue(e.getMessage().contains("topP"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sampler.plain().probabilities(new float[]{1, Float.NaN}));
    }
}
