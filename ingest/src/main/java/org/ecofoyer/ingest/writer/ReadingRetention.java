package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.storage.TimeSeriesTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes raw readings older than the retention ({@code storage.retention-days}, 400 by default): whole chunks with
 * {@code drop_chunks} on TimescaleDB, batched deletes on plain PostgreSQL. Runs a minute after start, then every 6 h,
 * on its own thread. Rollups are kept forever (they are not raw readings).
 */
public final class ReadingRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingRetention.class);
    static final int BATCH = 10_000;

    private final DataSource dataSource;
    private final int days;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("ingest-retention"));

    public ReadingRetention(DataSource dataSource, int days) {
        this.dataSource = dataSource;
        this.days = days;
    }

    public ReadingRetention start(Duration firstRun, Duration every) {
        scheduler.scheduleWithFixedDelay(this::runQuietly, firstRun.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Applies the retention now; returns the chunks (TimescaleDB) or rows (PostgreSQL) removed. Blocking. */
    public long run() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long removed = TimeSeriesTables.applyRetention(c, "reading", days, BATCH);
            if (removed > 0) {
                LOG.info("retention: removed {} {} of raw readings older than {} days", removed,
                        TimeSeriesTables.isHypertable(c, "reading") ? "chunk(s)" : "row(s)", days);
            }
            return removed;
        }
    }

    private void runQuietly() {
        try {
            run();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("retention of raw readings failed this time ({}); it runs again later", e.getMessage());
        }
    }

    /** Stops the schedule; a run in progress ends after its current batch (the rest goes at the next start). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
