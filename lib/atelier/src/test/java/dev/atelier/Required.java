package dev.atelier;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A tool a test needs (a browser, Jupyter): on a student's machine a missing tool skips the test,
 * saying so; in CI ({@code CI=true}) it fails it, so nothing is silently skipped there.
 */
public final class Required {
    private Required() {}

    /** True when the environment says this is CI ({@code CI=true}). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Continues when {@code present}; otherwise fails in CI and skips elsewhere, with {@code what} as the reason. */
    public static void tool(boolean present, String what) {
        if (present) return;
        if (inCi()) Assertions.fail(what + " is required in CI (CI=true)");
        Assumptions.abort("skipped: " + what);
    }
}
