package dev.atelier.kernel.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stop check that the kernel compiles into every class a cell defines: a call to
 * {@link #check()} at the start of each method and before each backward jump (every loop turn).
 * When the cell is interrupted, the kernel marks its thread with {@link #stop(Thread)}; that thread's
 * next check throws {@link Stopped}, which unwinds the cell's code (it is an {@link Error}, so a
 * {@code catch (Exception e)} in the cell does not swallow it).
 *
 * <p>Cost while nothing is stopped: one read of a volatile boolean per loop turn. Code inside
 * libraries is not instrumented: it ends at its next interruptible point (a sleep, a wait,
 * interruptible I/O, or its return into the cell's code).
 */
public final class CellStop {
    private CellStop() {}

    /** Thrown into a stopped cell's code at its next check. */
    public static final class Stopped extends Error {
        Stopped() {
            super("the cell was interrupted", null, false, false);
        }
    }

    private static final Set<Thread> stopping = ConcurrentHashMap.newKeySet();
    private static volatile boolean anyStopping;

    /** The check compiled into cell code: throws {@link Stopped} on a thread marked by {@link #stop}. */
    public static void check() {
        if (anyStopping && stopping.contains(Thread.currentThread())) throw new Stopped();
    }

    /** Marks {@code t}: its cell code stops at the next check. */
    public static void stop(Thread t) {
        stopping.add(t);
        anyStopping = true;
    }

    /** Clears the mark of {@code t} (when its stopped cell has ended). */
    public static void clear(Thread t) {
        stopping.remove(t);
        anyStopping = !stopping.isEmpty();
    }
}
