package org.ecofoyer.aggregation.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.ecofoyer.aggregation.AggregationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Recompute} periodically on its own worker thread (never on an event loop, never two passes at once),
 * so that the rollups follow ingest within {@code recomputeInterval}.
 */
public final class RecomputeWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecomputeWorker.class);

    private final Vertx vertx;
    private final Recompute recompute;
    private final AggregationConfig config;
    private final WorkerExecutor worker;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;
    private volatile Future<Recompute.Stats> pass = Future.succeededFuture();
    private volatile Recompute.Stats lastStats = new Recompute.Stats(0, 0, 0, 0);

    public RecomputeWorker(Vertx vertx, DataSource dataSource, AggregationConfig config) {
        this.vertx = vertx;
        this.recompute = new Recompute(dataSource, config);
        this.config = config;
        this.worker = vertx.createSharedWorkerExecutor("ecofoyer-aggregation", 1);
    }

    public RecomputeWorker start() {
        timer = vertx.setPeriodic(config.recomputeInterval().toMillis(), id -> runNow());
        return this;
    }

    /** Drains the dirty marks now; if a pass is already running, completes with empty stats at once. */
    public Future<Recompute.Stats> runNow() {
        if (!running.compareAndSet(false, true)) {
            return Future.succeededFuture(new Recompute.Stats(0, 0, 0, 0));
        }
        Future<Recompute.Stats> p = worker.executeBlocking(() -> {
            long t0 = System.nanoTime();
            Recompute.Stats s = recompute.drain();
            if (s.meters() > 0) {
                LOG.debug("recomputed {} meter(s): {} readings, {} rows in {} ms", s.meters(), s.readings(), s.rows(),
                        (System.nanoTime() - t0) / 1_000_000);
            }
            lastStats = s;
            return s;
        }, false).onComplete(ar -> {
            running.set(false);
            if (ar.failed()) {
                LOG.warn("recompute pass failed, will retry: {}", ar.cause().toString());
            }
        });
        pass = p;
        return p;
    }

    public Recompute.Stats lastStats() {
        return lastStats;
    }

    /**
     * Stops the timer, ends the pass in progress after its current meters (their transactions complete; the others keep
     * their marks for the next start) and waits for it, so that nothing is left writing when the database stops.
     * Blocking: not on an event loop.
     */
    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        recompute.stop();
        try {
            pass.otherwiseEmpty().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS); // a failure is logged above
        } catch (Exception e) {
            LOG.warn("recompute pass did not end before the stop: {}", e.toString());
        }
        recompute.close();
        worker.close();
    }
}
