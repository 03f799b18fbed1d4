package dev.atelier.kernel;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs JShell snippets in this JVM (like IJava: no remote VM, so the library's classes and the
 * kernel share one class path and one set of statics), on one long-lived cell thread.
 *
 * <p>Two things IJava's control does and this one keeps: the snippet's value is kept as the live
 * object (so a returned figure renders as a figure, not as its {@code toString}), and the cell can
 * be interrupted. Unlike IJava (and the JDK's own local control, which stops the loop but reports
 * nothing), an interrupt always ends the cell with an {@link Interrupted} error, and a thread that
 * ignores {@link Thread#interrupt()} (a tight {@code while(true){}}) is stopped after a grace
 * period with {@link Thread#stop()} where the JDK still supports it (up to JDK 19).
 */
final class CellExecutionControl extends DirectExecutionControl {
    /** Thrown into JShell (as a user exception) when the running snippet was interrupted. */
    static final class Interrupted extends RuntimeException {
        Interrupted() { super("the cell was interrupted"); }
    }

    static final String RESULT_KEY_PREFIX = "atelier-result-";

    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicInteger nextKey = new AtomicInteger();
    private final AtomicReference<Thread> cellThread = new AtomicReference<>();
    private volatile Future<Object> running;
    private volatile boolean interrupted;
    private volatile ExecutorService executor = newExecutor();
    private final long graceMillis;
    private volatile Thread killer;

    CellExecutionControl(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    private static ExecutorService newExecutor() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "atelier-cell-" + n.incrementAndGet());
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
    protected String invoke(Method doitMethod) throws Exception {
        if (interrupted) throw new Interrupted(); // later snippets of an interrupted cell do not run
        Thread k = killer;
        if (k != null) k.join(); // a stopped cell's thread is gone (or replaced) before the next runs
        Future<Object> f = executor.submit(() -> {
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
            if (cause instanceof Exception ex) throw ex;
            throw new InvocationTargetException(cause);
        } finally {
            running = null;
        }
        String key = RESULT_KEY_PREFIX + nextKey.incrementAndGet();
        results.put(key, value == null ? NULL : value);
        return key;
    }

    /**
     * Interrupts the running snippet: {@link Thread#interrupt()} at once, so the waiting cell ends
     * immediately; if the snippet's thread is still running after the grace period, it is stopped.
     */
    @SuppressWarnings({"deprecation", "removal"})
    void interrupt() {
        interrupted = true;
        Future<Object> f = running;
        Thread t = cellThread.get();
        if (f != null) f.cancel(true);
        if (t == null) return;
        Thread killer = new Thread(() -> {
            try {
                t.join(graceMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (t.isAlive() && cellThread.get() == t) {
                try {
                    t.stop();
                } catch (UnsupportedOperationException e) {
                    System.err.println("Atelier kernel: this JDK cannot stop a running thread; the interrupted cell's"
                            + " code keeps running in the background. Restart the kernel to stop it.");
                }
                synchronized (this) {
                    // the old thread may be unusable; give the next cell a fresh one
                    ExecutorService old = executor;
                    executor = newExecutor();
                    old.shutdownNow();
                }
            }
        }, "atelier-interrupt");
        killer.setDaemon(true);
        this.killer = killer;
        killer.start();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        super.close();
    }
}
