package dev.atelier.gpt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class GptConfigTest {
    @Test void widthNotDivisibleByHeadsIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GptConfig.defaults().withNEmbd(130));
        assertTrue(e.getMessage().contains("nEmbd 130 is not divisible by nHead 4"), e.getMessage());
    }

    @Test void defaultsAreTheBabyGpt() {
        GptConfig c = GptConfig.defaults();
        assertEquals(32, c.headSize());
        assertEquals(12 * 64, c.tokensPerStep());
    }

    @Test void learningRateWarmsUpThenDecaysByCosine() {
        GptConfig c = GptConfig.defaults().withMaxIters(1100).withWarmupIters(100).withLearningRate(1e-3);  // min 1e-4
        assertEquals(1e-3 * 1 / 101, c.learningRateAt(0), 1e-12);
        assertEquals(1e-3 * 100 / 101, c.learningRateAt(99), 1e-12);
        assertEquals(1e-3, c.learningRateAt(100), 1e-12);                         // cos(0) = 1: the peak
        assertEquals(1e-4 + 0.5 * (1e-3 - 1e-4), c.learningRateAt(600), 1e-12);  // half way: cos(π/2) = 0
        assertEquals(1e-4, c.learningRateAt(1100), 1e-12);
    }

    @Test void otherBadValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GptConfig.defaults().withDropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> GptConfig.defaults().withBlockSize(0));
        assertThrows(IllegalArgumentException.class, () -> GptConfig.defaults().withMinLearningRate(1));
    }
}
