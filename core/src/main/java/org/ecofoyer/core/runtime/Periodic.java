package org.ecofoyer.core.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run on its own named thread ({@link NamedThreads#single}) at a fixed delay after each run, and stopped by
 * {@link #close()}: the thread is interrupted and awaited for at most {@code stopWait}, so that a run in progress ends
 * before its owner closes what it uses. The owner catches and logs its task's failures: one that escapes ends the
 * schedule (the executor's rule).
 */
public final class Periodic implements AutoCloseable {
    private final ScheduledExecutorService scheduler;
    private final Duration stopWait;

    public Periodic(String role, Duration stopWait) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(NamedThreads.single(role));
        this.stopWait = stopWait;
    }

    /** Runs {@code task} after {@code first}, then {@code every} after the end of each run. */
    public Periodic start(Duration first, Duration every, Runnable task) {
        scheduler.scheduleWithFixedDelay(task, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
