package dev.atelier.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RandomWindowsTest {
    @Test void targetsAreInputsShiftedByOne() {
        int[] ids = new int[100];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        RandomWindows w = new RandomWindows(ids, 8, 42);
        RandomWindows.Batch b = w.next(5);
        for (int e = 0; e < 5; e++) {
            int start = b.input(e, 0);
            for (int t = 0; t < 8; t++) {
                assertEquals(start + t, b.input(e, t));
                assertEquals(start + t + 1, b.target(e, t));
            }
        }
    }

    @Test void sameSeedSameBatches() {
        int[] ids = new int[50];
        for (int i = 0; i < ids.length; i++) ids[i] = i * 7 % 13;
        assertArrayEquals(new RandomWindows(ids, 4, 1).next(3).inputs(), new RandomWindows(ids, 4, 1).next(3).inputs());
    }

    @Test void coversTheLastPosition() {
        int[] ids = {0, 1, 2, 3};
        RandomWindows w = new RandomWindows(ids, 3, 7);
        assertEquals(1, w.positions());
        assertEquals(3, w.next(1).target(0, 2));
    }

    @Test void tooShortTextIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomWindows(new int[5], 5, 0));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }
}
