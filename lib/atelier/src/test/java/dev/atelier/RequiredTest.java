package dev.atelier;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.*;

class RequiredTest {
    @Test void aMissingToolFailsInCiAndSkipsElsewhere() {
        Required.tool(true, "nothing");                                   // present: carries on
        Class<? extends Throwable> expected = Required.inCi() ? AssertionFailedError.class : TestAbortedException.class;
        Throwable t = assertThrows(Throwable.class, () -> Required.tool(false, "no chromium"));
        assertEquals(expected, t.getClass(), "CI=" + System.getenv("CI"));
        assertTrue(t.getMessage().contains("no chromium"), t.getMessage());
    }
}
