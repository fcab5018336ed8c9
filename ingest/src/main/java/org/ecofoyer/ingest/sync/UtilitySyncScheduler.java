package org.ecofoyer.ingest.sync;

import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link UtilitySync#syncDue()} every {@code checkEvery}: each meter is synced when its {@code next_run} comes
 * (daily, with jitter, or sooner after a transient failure). One round at a time; state lives in the database, so
 * another instance or a restart picks up where this one left off.
 */
public final class UtilitySyncScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UtilitySyncScheduler.class);

    private final Vertx vertx;
    private final UtilitySync sync;
    private final Duration checkEvery;
    private long timer = -1;
    private volatile boolean busy;

    public UtilitySyncScheduler(Vertx vertx, UtilitySync sync, Duration checkEvery) {
        this.vertx = vertx;
        this.sync = sync;
        this.checkEvery = checkEvery;
    }

    public synchronized UtilitySyncScheduler start() {
        if (timer < 0) {
            vertx.setTimer(1, id -> tick());
            timer = vertx.setPeriodic(checkEvery.toMillis(), id -> tick());
        }
        return this;
    }

    private void tick() {
        if (busy) {
            return;
        }
        busy = true;
        sync.syncDue().onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                LOG.warn("utility sync round failed: {}", ar.cause().getMessage());
            }
        });
    }

    @Override
    public synchronized void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
