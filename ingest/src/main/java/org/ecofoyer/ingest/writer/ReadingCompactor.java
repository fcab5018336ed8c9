package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.runtime.Periodic;
import org.ecofoyer.storage.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds closed days of the hot table ({@code reading}) into compacted blocks ({@code reading_block}, one per meter,
 * channel and UTC day; docs/architecture.md, "Compact raw history"). A day is closed once it ended {@link #after}
 * ago by the clock; late readings for a compacted day land in the hot table as any reading does and are merged into
 * the block at the next pass. Each day of each series is folded in its own transaction ({@link CompactedDays#fold}):
 * the delete of the hot rows and the write of the block commit together or not at all, so no crash between the two
 * can lose or double a reading. Readers merge blocks and hot rows ({@code ingest.query}), so what they read is the
 * same before, during and after a pass.
 *
 * <p>The walk goes series by series in key order with two index probes per series (the next series, its oldest hot
 * row), so a pass over a live table costs little; on a table populated before blocks existed (the migration of an
 * existing {@code reading}), the same walk compacts it online, a day of a series per transaction, while the writer
 * goes on. One compactor runs at a time over every instance sharing the database (an advisory lock; another instance's
 * pass skips). Runs every hour on its own thread once started.
 *
 * <p>Channels aggregation reads through SQL of its own ({@code Readings.ofChannelsSince}: Tempo colours, EJP
 * days) stay row-wise: a few rows a day.
 */
public final class ReadingCompactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingCompactor.class);
    /** How long after a UTC day ends it is compacted (by default): late frames and downsampling's held values are in. */
    public static final Duration DEFAULT_AFTER = Duration.ofHours(2);
    static final Set<String> ROW_WISE = Set.of(Channels.TEMPO_TODAY, Channels.TEMPO_TOMORROW, Channels.EJP_PEAK);

    /** What a pass did. */
    public record Report(int days, long readings, Instant before, boolean skipped) {
        public String describe() {
            return skipped ? "compaction skipped: another instance is compacting"
                    : String.format("compacted-days=%d readings=%d before=%s", days, readings, before);
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration after;
    private final Periodic schedule = new Periodic("ingest-compactor", Duration.ofSeconds(30));

    public ReadingCompactor(DataSource dataSource, Clock clock, Duration after) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.after = after;
    }

    public ReadingCompactor start(Duration firstRun, Duration every) {
        schedule.start(firstRun, every, this::runQuietly);
        return this;
    }

    /** Compacts every closed day of the hot table now. Blocking. */
    public Report apply() throws SQLException {
        Instant before = CompactedDays.dayOf(clock.instant().minus(after));
        try (Connection lock = dataSource.getConnection()) {
            if (!lock.getAutoCommit()) {
                lock.setAutoCommit(true);
            }
            if (!bool(lock, IngestSql.TRY_COMPACTOR_LOCK)) {
                return new Report(0, 0, before, true);
            }
            try {
                return walk(lock, before);
            } finally {
                bool(lock, IngestSql.RELEASE_COMPACTOR_LOCK);
            }
        }
    }

    private Report walk(Connection c, Instant before) throws SQLException {
        int days = 0;
        long readings = 0;
        int meter = Integer.MIN_VALUE;
        String channel = "";
        while (!Thread.currentThread().isInterrupted()) {
            try (PreparedStatement ps = c.prepareStatement(IngestSql.NEXT_HOT_SERIES)) {
                ps.setInt(1, meter);
                ps.setString(2, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        break;
                    }
                    meter = rs.getInt(1);
                    channel = rs.getString(2);
                }
            }
            if (ROW_WISE.contains(channel)) {
                continue;
            }
            Instant folded = null;
            Instant oldest;
            // a day that folds nothing (its rows were taken by a concurrent pass, or are not committed yet) ends the
            // series for this pass: the next pass retries it
            while ((oldest = oldest(c, meter, channel)) != null && oldest.isBefore(before) && !CompactedDays.dayOf(oldest).equals(folded)) {
                Instant day = CompactedDays.dayOf(oldest);
                int m = meter;
                String ch = channel;
                int n = Jdbc.transaction(dataSource, t -> CompactedDays.fold(t, m, ch, day));
                folded = day;
                if (n > 0) {
                    days++;
                    readings += n;
                }
            }
        }
        if (days > 0) {
            LOG.info("compaction: folded {} reading(s) of {} series-day(s) before {} into blocks", readings, days, before);
        }
        return new Report(days, readings, before, false);
    }

    private static Instant oldest(Connection c, int meter, String channel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(IngestSql.OLDEST_HOT)) {
            ps.setInt(1, meter);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private void runQuietly() {
        try {
            apply();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("compaction of raw readings failed this time ({}); it runs again later", e.getMessage());
        }
    }

    /** Stops the schedule; a pass in progress ends after its current day (the rest goes at the next start). */
    @Override
    public void close() {
        schedule.close();
    }
}
