package dev.atelier.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a training run's work when it is stopped with Ctrl-C (SIGINT) or {@code kill} (SIGTERM).
 * On either signal the JVM runs its shutdown hooks before it exits; this one asks the training
 * loop to stop after the step it is in ({@code requestStop}) and waits until the command has
 * saved its checkpoint and said where ({@link #saved()}), at most {@code maxWaitSeconds}. The
 * process then exits with the signal's status (130 for SIGINT, 143 for SIGTERM).
 *
 * <p>Use: open it just before training, call {@link #saved()} after the save that follows a
 * stop, and {@link #close()} it after the normal end (a signal after that exits at once).
 */
final class SaveOnSignal implements AutoCloseable {
    /** How long the exit waits for the step in progress and the save: long enough for a large model's step and evaluation. */
    static final double WAIT_SECONDS = 120;

    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean requested;

    /** Registers the hook; {@code requestStop} must only set a flag that the training loop reads between steps. */
    SaveOnSignal(Runnable requestStop, double maxWaitSeconds) {
        this.hook = new Thread(() -> {
            requested = true;
            requestStop.run();
            try {
                done.await((long) (maxWaitSeconds * 1000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "atelier-save-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True once a signal asked training to stop. */
    boolean requested() { return requested; }

    /** The checkpoint is saved (or there was nothing to save): the process may exit now. */
    void saved() { done.countDown(); }

    /** Training ended normally: unregisters the hook (or, while the JVM is already exiting, lets it go). */
    @Override public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the JVM is shutting down: the hook returns now that done is counted down
        }
    }
}
