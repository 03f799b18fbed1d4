package dev.atelier.train;

import java.util.Map;

/**
 * The environment variables that make a run small, read in one place so that CI and a student on
 * a slow laptop run the same notebooks (as d2l-java's {@code MAX_EPOCH}).
 *
 * <table>
 * <caption>Knobs</caption>
 * <tr><th>variable</th><th>meaning</th></tr>
 * <tr><td>{@code ATELIER_MAX_STEPS}</td><td>upper bound on optimiser steps of any training loop</td></tr>
 * <tr><td>{@code ATELIER_MAX_EPOCH}</td><td>upper bound on epochs (GloVe)</td></tr>
 * <tr><td>{@code ATELIER_MAX_CHARS}</td><td>upper bound on characters of corpus text used</td></tr>
 * <tr><td>{@code ATELIER_SMALL}</td><td>{@code 1}: use small model sizes (CI)</td></tr>
 * </table>
 * Each method returns {@code min(requested, limit)}; without the variable it returns the request.
 */
public final class Knobs {
    private final Map<String, String> env;

    /** Knobs read from {@code env} (tests pass a map; {@link #fromEnvironment()} reads the process's). */
    public Knobs(Map<String, String> env) { this.env = Map.copyOf(env); }

    /** Knobs read from the process environment. */
    public static Knobs fromEnvironment() { return new Knobs(System.getenv()); }

    /** {@code min(requested, ATELIER_MAX_STEPS)}. */
    public int maxSteps(int requested) { return limit("ATELIER_MAX_STEPS", requested); }

    /** {@code min(requested, ATELIER_MAX_EPOCH)}. */
    public int maxEpochs(int requested) { return limit("ATELIER_MAX_EPOCH", requested); }

    /** {@code min(requested, ATELIER_MAX_CHARS)}. */
    public int maxChars(int requested) { return limit("ATELIER_MAX_CHARS", requested); }

    /** True when {@code ATELIER_SMALL} is set to 1/true/yes. */
    public boolean small() {
        String v = env.get("ATELIER_SMALL");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }

    /** {@code small ? smallValue : fullValue}. */
    public int pick(int fullValue, int smallValue) { return small() ? smallValue : fullValue; }

    private int limit(String name, int requested) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return requested;
        int cap;
        try {
            cap = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("environment variable " + name + "='" + v + "' is not a whole number");
        }
        if (cap <= 0) throw new IllegalArgumentException("environment variable " + name + "=" + cap + " must be > 0");
        return Math.min(requested, cap);
    }
}
