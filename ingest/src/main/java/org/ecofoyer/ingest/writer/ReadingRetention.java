package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.ecofoyer.core.runtime.Periodic;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.RecomputeMarks;
import org.ecofoyer.storage.TimeSeriesTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes raw readings older than the retention ({@code storage.retention-days}, 400 by default): whole chunks with
 * {@code drop_chunks} on TimescaleDB, batched deletes on plain PostgreSQL. Runs a minute after start, then every 6 h,
 * on its own thread. Rollups are kept forever (they are not raw readings).
 *
 * <p>Before it deletes, it moves the raw horizon ({@code raw_horizon}) of every meter that has readings before the
 * cut-off to the cut-off, in a transaction of its own: the horizon is never later than what is gone, so the recompute
 * never rebuilds a rollup from a part of its raw data. And it never removes what the recompute has not rolled up yet:
 * the cut-off stops a day before the earliest pending recompute mark ({@code reading_dirty}), so a backfill of old
 * readings is rolled up before its raw data goes, with the readings before it that its first half-hours need.
 */
public final class ReadingRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingRetention.class);
    static final int BATCH = 10_000;
    /** How far before the earliest pending recompute mark the cut-off stops: what that recompute still reads. */
    static final Duration HOLD_BEFORE_PENDING = Duration.ofDays(1);

    /** What a run did: the cut-off it applied, what it removed (chunks or rows), the meters whose horizon moved. */
    public record Report(Instant cutoff, long removed, String unit, int metersWithNewHorizon, boolean heldByRecompute) {
        /** One line for an operator. */
        public String describe() {
            return String.format("removed=%d unit=%s cutoff=%s horizon-moved-meters=%d%s", removed, unit, cutoff,
                    metersWithNewHorizon, heldByRecompute ? " held-by-pending-recompute=true" : "");
        }
    }

    private final DataSource dataSource;
    private final int days;
    private final Clock clock;
    private final Periodic schedule = new Periodic("ingest-retention", Duration.ofSeconds(30));

    public ReadingRetention(DataSource dataSource, int days) {
        this(dataSource, days, Clock.systemUTC());
    }

    public ReadingRetention(DataSource dataSource, int days, Clock clock) {
        this.dataSource = dataSource;
        this.days = days;
        this.clock = clock;
    }

    public ReadingRetention start(Duration firstRun, Duration every) {
        schedule.start(firstRun, every, this::runQuietly);
        return this;
    }

    /** Applies the retention now and says what it did. Blocking. */
    public Report apply() throws SQLException {
        Instant cutoff = clock.instant().minus(Duration.ofDays(days));
        Instant pending;
        try (Connection c = dataSource.getConnection()) {
            pending = RecomputeMarks.dirty(c, 1).stream().map(RecomputeMarks.Mark::since).findFirst().orElse(null);
        }
        // The recompute of a change reads before it: the reading before the change and, for a glitch's rise, up to
        // aggregation.max-gap (35 min) more, from the start of a half-hour (docs/architecture.md, "History is never
        // lost"). A day before the earliest pending change covers that unless the meter was silent for most of a day.
        Instant hold = pending == null ? null : pending.minus(HOLD_BEFORE_PENDING);
        boolean held = hold != null && hold.isBefore(cutoff);
        Instant effective = held ? hold : cutoff;
        int moved = Jdbc.transaction(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement(IngestSql.MOVE_RAW_HORIZON)) {
                ps.setTimestamp(1, Timestamp.from(effective));
                ps.setTimestamp(2, Timestamp.from(effective));
                ps.setTimestamp(3, Timestamp.from(effective));
                return ps.executeUpdate();
            }
        });
        try (Connection c = dataSource.getConnection()) {
            long removed = TimeSeriesTables.applyRetention(c, "reading", effective, BATCH);
            String unit = TimeSeriesTables.isHypertable(c, "reading") ? "chunks" : "rows";
            removed += removeBlocks(c, effective, unit.equals("chunks"));
            if (removed > 0) {
                LOG.info("retention: removed {} {} of raw readings before {} ({} days); raw horizon moved for {} meter(s)",
                        removed, unit, effective, days, moved);
            }
            if (held) {
                LOG.info("retention: held at {} (a recompute is pending from there), not {}", effective, cutoff);
            }
            return new Report(effective, removed, unit, moved, held);
        }
    }

    /**
     * The compacted blocks' part: whole chunks on TimescaleDB (a chunk of blocks a day before the cut-off holds only
     * readings before it: a block covers one day), then every whole block before the cut-off (batched deletes; the
     * only work on plain PostgreSQL), then the one block per series that straddles it loses its readings before it
     * ({@link CompactedDays#trim}) — so exactly what the hot table loses, the blocks lose. Returns chunks dropped on
     * TimescaleDB, else readings removed.
     */
    private long removeBlocks(Connection c, Instant cutoff, boolean chunks) throws SQLException {
        long chunksDropped = chunks ? TimeSeriesTables.applyRetention(c, "reading_block", cutoff.minus(CompactedDays.DAY), BATCH) : 0;
        long readings = 0;
        long[] batch;
        do {
            batch = Jdbc.transaction(dataSource, t -> {
                long[] blocksAndReadings = new long[2];
                try (PreparedStatement ps = t.prepareStatement(IngestSql.DELETE_BLOCKS_BEFORE)) {
                    ps.setTimestamp(1, Timestamp.from(cutoff));
                    ps.setInt(2, BATCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            blocksAndReadings[0]++;
                            blocksAndReadings[1] += rs.getInt(1);
                        }
                    }
                }
                return blocksAndReadings;
            });
            readings += batch[1];
        } while (batch[0] == BATCH && !Thread.currentThread().isInterrupted());
        List<Object[]> straddling = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(IngestSql.BLOCKS_STRADDLING)) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setTimestamp(2, Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    straddling.add(new Object[] {rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant()});
                }
            }
        }
        for (Object[] b : straddling) {
            readings += Jdbc.transaction(dataSource, t -> CompactedDays.trim(t, (Integer) b[0], (String) b[1], (Instant) b[2], cutoff));
        }
        return chunks ? chunksDropped : readings;
    }

    private void runQuietly() {
        try {
            apply();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("retention of raw readings failed this time ({}); it runs again later", e.getMessage());
        }
    }

    /** Stops the schedule; a run in progress ends after its current batch (the rest goes at the next start). */
    @Override
    public void close() {
        schedule.close();
    }
}
