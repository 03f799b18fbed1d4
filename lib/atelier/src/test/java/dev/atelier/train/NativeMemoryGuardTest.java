package dev.atelier.train;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** The guard keeps dead ND4J arrays from piling up in native memory. */
class NativeMemoryGuardTest {

    @AfterEach
    void off() {
        NativeMemoryGuard.start(0);   // leave the other tests of this JVM unguarded
    }

    @Test
    void deadArraysAreCollectedBeforeTheyPileUp() throws Exception {
        NativeMemoryGuard.start(256L << 20);
        int before = NativeMemoryGuard.collections();
        long start = Pointer.physicalBytes(), peak = start;
        double sum = 0;
        for (int i = 0; i < 700; i++) {                         // 700 × 3 MB = 2.1 GB of arrays, each dead at once
            INDArray a = Nd4j.ones(DataType.FLOAT, 750_000);    // written, so its pages are resident
            sum += a.getDouble(i);
            peak = Math.max(peak, Pointer.physicalBytes());
            if (i % 50 == 0) Thread.sleep(60);                   // give the guard's 250 ms samples a chance on a busy machine
        }
        assertEquals(700, sum, 0);
        long grew = (peak - start) >> 20;
        System.out.println("native memory guard: resident grew by " + grew + " MiB for 2,100 MiB of dead arrays, "
                + (NativeMemoryGuard.collections() - before) + " collections");
        assertTrue(NativeMemoryGuard.collections() > before, "the guard collected at least once");
        assertTrue(grew < 1200, "resident memory grew by " + grew + " MiB: dead arrays piled up");
    }

    @Test
    void theBudgetComesFromTheOffHeapSetting() {
        String old = System.getProperty("org.bytedeco.javacpp.maxbytes");
        try {
            System.setProperty("org.bytedeco.javacpp.maxbytes", "700m");
            assertEquals(700L << 20, NativeMemoryGuard.budgetFromSettings());
            System.setProperty("org.bytedeco.javacpp.maxbytes", "banana");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, NativeMemoryGuard::budgetFromSettings);
            assertTrue(e.getMessage().contains("banana") && e.getMessage().contains("ATELIER_OFFHEAP"), e.getMessage());
            System.clearProperty("org.bytedeco.javacpp.maxbytes");
            assertEquals(0, NativeMemoryGuard.budgetFromSettings());
        } finally {
            if (old != null) System.setProperty("org.bytedeco.javacpp.maxbytes", old);
            else System.clearProperty("org.bytedeco.javacpp.maxbytes");
        }
    }
}
