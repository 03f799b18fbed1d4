package dev.atelier.train;

import org.bytedeco.javacpp.Pointer;

import java.lang.reflect.Method;

/**
 * Keeps the memory a JVM uses outside its Java heap near a budget by collecting unreachable ND4J
 * arrays early.
 *
 * <p>Why it is needed: ND4J frees an array's native buffer only after the garbage collector finds
 * the array's Java object unreachable. Those Java objects are tiny, so the heap seldom fills and
 * the collector seldom runs, while the native buffers of dead arrays pile up: a training loop that
 * makes a few temporary arrays per step grows by megabytes per step (measured in a Jupyter kernel:
 * notebook 06 reached 3.4 GB resident with a 700 MB heap). JavaCPP's {@code maxbytes} setting does
 * not bound this, because ND4J allocates its buffers itself.
 *
 * <p>What it does: a daemon thread samples the resident set size R (JavaCPP's
 * {@code Pointer.physicalBytes()}) four times a second. With H the committed Java heap, when
 * <pre>
 *   R − H &gt; budget   and   R &gt; R_after_last_collection + slack
 * </pre>
 * it runs the collector, gives ND4J's deallocator threads a moment, and hands freed pages back to
 * the operating system ({@code malloc_trim}). The slack (a tenth of the budget) keeps it from
 * collecting again and again when the memory is really in use. The budget is the off-heap setting
 * ({@code -Dorg.bytedeco.javacpp.maxbytes}, which the kernel's {@code ATELIER_OFFHEAP} sets).
 */
public final class NativeMemoryGuard {
    private static final long PERIOD_MS = 250;
    private static Thread thread;
    private static volatile long budget;
    private static volatile int collections;

    private NativeMemoryGuard() {}

    /**
     * Starts the guard (once per JVM; a second call only changes the budget) with this budget in
     * bytes for memory outside the Java heap; a budget of 0 or less leaves it off.
     */
    public static synchronized void start(long budgetBytes) {
        budget = budgetBytes;
        if (budgetBytes <= 0 || thread != null) return;
        thread = new Thread(NativeMemoryGuard::watch, "atelier-memory-guard");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the guard with {@link #budgetFromSettings()}; returns that budget (0: off). */
    public static long startFromSettings() {
        long b = budgetFromSettings();
        start(b);
        return b;
    }

    /** The off-heap budget this JVM was started with ({@code org.bytedeco.javacpp.maxbytes}), or 0 when unset. */
    public static long budgetFromSettings() {
        String v = System.getProperty("org.bytedeco.javacpp.maxbytes");
        if (v == null || v.isBlank()) return 0;
        try {
            return Pointer.parseBytes(v.trim(), Runtime.getRuntime().maxMemory());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("org.bytedeco.javacpp.maxbytes (ATELIER_OFFHEAP) is not a size: '" + v
                    + "' (write e.g. 700m or 2g)", e);
        }
    }

    /** How many times the guard has collected since the JVM started. */
    public static int collections() { return collections; }

    /** True when the guard's thread runs. */
    public static synchronized boolean running() { return thread != null && thread.isAlive(); }

    private static void watch() {
        long afterLast = 0;
        while (true) {
            try {
                Thread.sleep(PERIOD_MS);
                long b = budget;
                long resident = Pointer.physicalBytes();
                long outside = resident - Runtime.getRuntime().totalMemory();
                if (b > 0 && outside > b && resident > afterLast + b / 10) {
                    release();
                    afterLast = Pointer.physicalBytes();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | LinkageError e) {
                return;   // no native library to ask: nothing to guard
            }
        }
    }

    /**
     * Collects unreachable arrays now and returns freed native memory to the operating system
     * (what the guard does when over budget; a notebook may call it after dropping a large model).
     */
    public static void release() throws InterruptedException {
        System.gc();
        Thread.sleep(100);           // ND4J's deallocator threads free the buffers of the collected arrays
        trim();
        collections++;
    }

    private static final Method TRIM = trimMethod();

    private static Method trimMethod() {
        try {
            Method m = Pointer.class.getDeclaredMethod("trimMemory");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static void trim() {
        if (TRIM == null) return;
        try {
            TRIM.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // freed memory stays reusable inside the process; only returning it to the OS is skipped
        }
    }
}
