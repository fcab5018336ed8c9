package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.ingest.IngestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest.quarantine.held}: the readings held in quarantine, counted on its own thread every {@code every}, and
 * after a scrape when the last count is more than {@link #STALE} old (the scrape never waits for the database: it reads
 * the last count; an operator's release or drop from another process shows at the next one).
 */
public final class QuarantineGauge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineGauge.class);
    public static final String NAME = "ingest.quarantine.held";

    private final DataSource dataSource;
    static final Duration STALE = Duration.ofSeconds(5);
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong countedAtNanos = new AtomicLong(System.nanoTime());
    private final java.util.concurrent.atomic.AtomicBoolean counting = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("ingest-quarantine-count"));

    public QuarantineGauge(DataSource dataSource, IngestMetrics metrics) {
        this.dataSource = dataSource;
        metrics.gauge(NAME, "readings held in quarantine (ecofoyer quarantine list)", this::scraped);
    }

    public QuarantineGauge start(Duration every) {
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Counts now. Blocking. */
    public long refresh() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long n = Quarantine.countByReason(c).values().stream().mapToLong(Long::longValue).sum();
            held.set(n);
            countedAtNanos.set(System.nanoTime());
            return n;
        }
    }

    private long scraped() {
        if (System.nanoTime() - countedAtNanos.get() > STALE.toNanos() && counting.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    try {
                        refreshQuietly();
                    } finally {
                        counting.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                counting.set(false); // closed
            }
        }
        return held.get();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("quarantine count failed this time: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
