package dev.atelier.train;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** The SGEMM rate agrees with products timed here, by hand: 2n³ FLOPs over the best time. */
    @Test void sgemmRateAgreesWithAHandTimedProduct() {
        int n = 256;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n), b = Nd4j.rand(DataType.FLOAT, n, n), c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double handRate = 0, rate = 0;
        for (int round = 0; round < 3; round++) {       // interleaved, so both see the same machine load
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 5; r++) {
                long t0 = System.nanoTime();
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            handRate = Math.max(handRate, 2.0 * n * n * n / best);
            rate = Math.max(rate, Throughput.measureSgemm(n, 5));
        }
        assertTrue(rate > handRate / 4 && rate < handRate * 4, "measureSgemm " + rate + " vs timed by hand " + handRate);
        assertTrue(rate > 1e9, "below 1 GFLOP/s: " + rate);   // any machine that runs the course multiplies faster
    }

    @Test void statusFieldsAreReadInBytes() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 9000 kB", "VmHWM:\t  123456 kB", "VmRSS:\t   100000 kB");
        assertEquals(123456L * 1024, Throughput.statusField(status, "VmHWM"));
        assertEquals(100000L * 1024, Throughput.statusField(status, "VmRSS"));
        assertEquals(-1, Throughput.statusField(status, "VmSwap"));
        assertThrows(IllegalArgumentException.class, () -> Throughput.statusField(List.of("VmHWM: lots"), "VmHWM"));
        assertThrows(IllegalArgumentException.class, () -> Throughput.statusField(List.of("VmHWM: 12 MB"), "VmHWM"));
    }

    /** Touching 64 MiB of fresh memory raises the high-water mark to at least the resident set before plus 64 MiB. */
    @Test void peakMemoryFollowsMemoryTouched() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            assertNotEquals("true", System.getenv("CI"), "CI runs on Linux, where /proc/self/status exists");
            Assumptions.abort("no /proc (not Linux): nothing to read");
        }
        long rssBefore = Throughput.statusField(Files.readAllLines(status), "VmRSS");
        int size = 64 << 20;
        ByteBuffer touched = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i += 4096) touched.put(i, (byte) 1);
        long hwm = Throughput.residentHighWaterMark();
        assertTrue(hwm >= rssBefore + size * 0.9, "VmHWM " + hwm + " after touching " + size + " bytes on top of VmRSS " + rssBefore);
        assertEquals(hwm, Throughput.peakMemoryBytes(), hwm * 0.5);   // the same reading (it can only have grown since)
        assertTrue(touched.get(size - 4096) == 1);
    }

    @Test void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Throughput(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Throughput(1, 1).add(-1, 1));
    }
}
