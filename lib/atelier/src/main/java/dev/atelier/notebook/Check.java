package dev.atelier.notebook;

import java.util.Arrays;
import java.util.Locale;

/**
 * Self-checks for notebooks and exercises: each method prints a line starting with a tick when the
 * check holds, and throws {@link CheckFailed} (which the notebook shows as an error) when it does
 * not, saying what was expected and what was found.
 */
public final class Check {
    private Check() {}

    /** Thrown when a self-check fails; its message says what was expected and what was found. */
    public static final class CheckFailed extends RuntimeException {
        /**
         * A failed check.
         *
         * @param message what was expected and what was found
         */
        public CheckFailed(String message) { super(message); }
    }

    /** Passes when {@code condition} holds. */
    public static void that(boolean condition, String what) {
        if (!condition) throw new CheckFailed("check failed: " + what);
        ok(what);
    }

    /** Passes when {@code |actual - expected| <= tolerance} (and neither is NaN). */
    public static void close(double actual, double expected, double tolerance, String what) {
        if (Double.isNaN(actual) || Double.isNaN(expected) || Math.abs(actual - expected) > tolerance)
            throw new CheckFailed(String.format(Locale.ROOT, "check failed: %s: expected %s ± %s, got %s",
                    what, expected, tolerance, actual));
        ok(String.format(Locale.ROOT, "%s (%.6g ≈ %.6g)", what, actual, expected));
    }

    /** Passes when both arrays have the same length and every element is within {@code tolerance}. */
    public static void close(double[] actual, double[] expected, double tolerance, String what) {
        if (actual.length != expected.length)
            throw new CheckFailed("check failed: " + what + ": expected " + expected.length + " values, got " + actual.length);
        for (int i = 0; i < actual.length; i++)
            if (Double.isNaN(actual[i]) || Math.abs(actual[i] - expected[i]) > tolerance)
                throw new CheckFailed(String.format(Locale.ROOT, "check failed: %s: at index %d expected %s ± %s, got %s (all: %s)",
                        what, i, expected[i], tolerance, actual[i], Arrays.toString(actual)));
        ok(what);
    }

    /** Passes when {@code actual < bound}. */
    public static void below(double actual, double bound, String what) {
        if (!(actual < bound))
            throw new CheckFailed(String.format(Locale.ROOT, "check failed: %s: expected < %s, got %s", what, bound, actual));
        ok(String.format(Locale.ROOT, "%s (%.6g < %.6g)", what, actual, bound));
    }

    /** Passes when {@code actual.equals(expected)}. */
    public static void equal(Object actual, Object expected, String what) {
        if (actual == null ? expected != null : !actual.equals(expected))
            throw new CheckFailed("check failed: " + what + ": expected " + expected + ", got " + actual);
        ok(what + " (" + actual + ")");
    }

    private static void ok(String what) {
        System.out.println("\u2714 " + what);
    }
}
