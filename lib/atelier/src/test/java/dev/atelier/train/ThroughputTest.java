package dev.atelier.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ThroughputTest {
    @Test void tokensPerSecondAndMfu() {
        Throughput t = new Throughput(6e6, 1e11);       // 6 MFLOP per token, 100 GFLOP/s peak
        t.add(768, 0.5);
        t.add(768, 0.5);
        assertEquals(1536, t.tokensPerSecond(), 1e-9);
        assertEquals(6e6 * 1536 / 1e11, t.mfu(), 1e-12);
        assertTrue(t.summary().contains("1536 tokens/s"), t.summary());
    }

    @Test void sgemmRateIsPlausible() {
        double flops = Throughput.measureSgemm(128, 3);
        assertTrue(flops > 1e8 && flops < 1e14, "SGEMM " + flops);
    }

    @Test void peakMemoryIsAtLeastTheHeapInUse() {
        Runtime r = Runtime.getRuntime();
        assertTrue(Throughput.peakMemoryBytes() >= r.totalMemory() - r.freeMemory());
    }

    @Test void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Throughput(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Throughput(1, 1).add(-1, 1));
    }
}
