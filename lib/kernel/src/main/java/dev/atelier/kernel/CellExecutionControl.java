package dev.atelier.kernel;

import dev.atelier.kernel.runtime.CellStop;
import jdk.jshell.execution.DirectExecutionControl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs JShell snippets in this JVM (like IJava: no remote VM, so the library's classes and the
 * kernel share one class path and one set of statics), on one long-lived cell thread.
 *
 * <p>Two things IJava's control does and this one keeps: the snippet's value is kept as the live
 * object (so a returned figure renders as a figure, not as its {@code toString}), and the cell can
 * be interrupted. Interrupt works on every JDK from 17 without {@code Thread.stop}: every class a
 * cell defines is loaded with a stop check at each method entry and loop turn ({@link StopChecks},
 * {@link CellStop}); an interrupt marks the cell's thread and interrupts it (ending sleeps and
 * waits), the cell ends with an {@link Interrupted} error once that thread has left the cell's code,
 * and the thread is retired (the next cell gets a fresh one). Code inside a library is not
 * instrumented: if it has not returned within the grace period, it is stopped with
 * {@code Thread.stop} where the JDK still has it (up to JDK 19); on later JDKs the cell ends anyway
 * and the library call runs on in the background until its next interruptible point, and the
 * kernel says so on stderr.
 */
final class CellExecutionControl extends DirectExecutionControl {
    /** Thrown into JShell (as a user exception) when the running snippet was interrupted. */
    static final class Interrupted extends RuntimeException {
        Interrupted() { super("the cell was interrupted"); }
    }

    static final String RESULT_KEY_PREFIX = "atelier-result-";

    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicInteger nextKey = new AtomicInteger();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final AtomicReference<Thread> cellThread = new AtomicReference<>();
    private volatile Future<Object> running;
    private volatile boolean interrupted;
    private volatile ExecutorService executor = newExecutor();
    private final long graceMillis;
    private volatile boolean instrumentWarned;

    CellExecutionControl(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    private ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "atelier-cell-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Clears the interrupt flag before a new cell starts. */
    void beginCell() {
        interrupted = false;
    }

    /** True when {@link #interrupt()} was called since {@link #beginCell()}. */
    boolean wasInterrupted() {
        return interrupted;
    }

    /** The live value stored under {@code key} by the snippet that returned it, removed from the store. */
    Object takeResult(String key) {
        Object v = results.remove(key);
        return v == NULL ? null : v;
    }

    /** Drops stored values of snippets whose result nobody took. */
    void clearResults() {
        results.clear();
    }

    private static final Object NULL = new Object();

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(withStopChecks(cbcs));
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.redefine(withStopChecks(cbcs));
    }

    private ClassBytecodes[] withStopChecks(ClassBytecodes[] cbcs) {
        ClassBytecodes[] out = new ClassBytecodes[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) {
            byte[] bytes = cbcs[i].bytecodes();
            try {
                bytes = StopChecks.instrument(bytes);
            } catch (RuntimeException e) {
                // a class file newer than the bytecode library knows: load it as it is (interrupt then
                // relies on Thread.interrupt and, up to JDK 19, Thread.stop)
                if (!instrumentWarned) {
                    instrumentWarned = true;
                    System.err.println("Atelier kernel: cannot add interrupt checks to " + cbcs[i].name()
                            + " on Java " + Runtime.version() + " (" + e + "); a tight loop may not stop on interrupt");
                }
            }
            out[i] = new ClassBytecodes(cbcs[i].name(), bytes);
        }
        return out;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        ExecutorService ex = executor;
        if (interrupted) { // interrupted between snippets: the rest of the cell does not run
            retire(ex);
            throw new Interrupted();
        }
        Future<Object> f = ex.submit(() -> {
            cellThread.set(Thread.currentThread());
            try {
                return doitMethod.invoke(null);
            } finally {
                cellThread.set(null);
            }
        });
        running = f;
        Object value;
        try {
            value = f.get();
        } catch (CancellationException e) {
            throw new Interrupted();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw new Interrupted();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (interrupted) throw new Interrupted();
            if (cause instanceof InvocationTargetException ite) throw ite;
            if (cause instanceof Exception exc) throw exc;
            throw new InvocationTargetException(cause);
        } finally {
            running = null;
            if (interrupted) retire(ex);
        }
        if (interrupted) throw new Interrupted();
        String key = RESULT_KEY_PREFIX + nextKey.incrementAndGet();
        results.put(key, value == null ? NULL : value);
        return key;
    }

    /**
     * After an interrupt: the next cell gets a fresh thread, and the interrupted one ends (its task
     * has ended, or it is left to end at its next interruptible point).
     */
    private synchronized void retire(ExecutorService old) {
        if (executor == old) executor = newExecutor();
        old.shutdownNow();
        try {
            old.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Interrupts the running snippet: marks its thread for the stop checks and interrupts it; if it
     * is still inside the cell after the grace period (a library call that ignores interrupts), it is
     * stopped where the JDK allows, else left behind, and the waiting cell ends either way.
     */
    @SuppressWarnings({"deprecation", "removal"})
    void interrupt() {
        interrupted = true;
        Future<Object> f = running;
        Thread t = cellThread.get();
        if (t == null) {
            if (f != null) f.cancel(true);
            return;
        }
        CellStop.stop(t);
        t.interrupt();
        Thread watchdog = new Thread(() -> {
            try {
                t.join(graceMillis);
                if (t.isAlive() && cellThread.get() == t) {
                    StackTraceElement[] where = t.getStackTrace();
                    try {
                        t.stop();
                        t.join(graceMillis);
                    } catch (UnsupportedOperationException e) {
                        // JDK 20 and later
                    }
                    if (cellThread.get() == t) {
                        System.err.println("Atelier kernel: the interrupted cell is inside library code that ignores"
                                + " interrupts" + (where.length > 0 ? " (" + where[0] + ")" : "") + "; it ends at its next"
                                + " interruptible point, in the background. Restart the kernel to end it now.");
                        if (f != null) f.cancel(true);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waitForEnd(t);
            }
        }, "atelier-interrupt");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Clears the stop mark of {@code t} once it has left the cell's code. */
    private static void waitForEnd(Thread t) {
        Thread clearer = new Thread(() -> {
            try {
                t.join();
            } catch (InterruptedException ignored) {
                return;
            }
            CellStop.clear(t);
        }, "atelier-interrupt-end");
        clearer.setDaemon(true);
        clearer.start();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        super.close();
    }
}
