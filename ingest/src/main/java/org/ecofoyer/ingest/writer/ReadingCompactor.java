package org.ecofoyer.ingest.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;
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
 * goes on. Runs every hour on its own thread once started.
 *
 * <p>Every instance sharing the database runs its pass and they share the work by shards of meters ({@link
 * MeterShard}: fixed ranges of {@link #SHARD_METERS} meter ids, the same on every instance). A pass takes each shard
 * that holds meters of the hot table with its own advisory lock ({@code IngestSql.TRY_SHARD_LOCK}), walks it (the
 * probes bounded by the shard's last meter) and lets it go; a shard another instance holds is skipped, and left to
 * it. Each pass starts at a shard of its own (random), so N instances starting their hourly pass at once begin far
 * apart and each folds about 1/N of the meters; a lone instance does them all. A pass that comes to a shard another
 * one already did this hour walks it with the two probes a series and folds nothing.
 *
 * <p>Channels aggregation reads through SQL of its own ({@code Readings.ofChannelsSince}: Tempo colours, EJP
 * days) stay row-wise: a few rows a day.
 */
public final class ReadingCompactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingCompactor.class);
    /** How long after a UTC day ends it is compacted (by default): late frames and downsampling's held values are in. */
    public static final Duration DEFAULT_AFTER = Duration.ofHours(2);
    static final Set<String> ROW_WISE = Set.of(Channels.TEMPO_TODAY, Channels.TEMPO_TOMORROW, Channels.EJP_PEAK);

    /**
     * Meter ids per shard. The same on every instance (a constant, not a setting): instances that disagreed would mean
     * different meters by the same shard and could fold one series-day at once. 4,096 meters are one to two minutes
     * of one compactor's folding (docs/capacity.md), and 1,000,000 meters some 245 shards.
     */
    public static final int SHARD_METERS = 4096;

    /**
     * What a pass did: series-days and readings folded, the shards it found (ranges of meter ids holding hot rows) and
     * how many of them it skipped because another instance was compacting them.
     */
    public record Report(int days, long readings, Instant before, int shards, int skipped) {
        public String describe() {
            if (shards > 0 && skipped == shards) {
                return String.format("compaction skipped: another instance is compacting (%d of %d shard(s) held)", skipped, shards);
            }
            return String.format("compacted-days=%d readings=%d before=%s shards=%d skipped-shards=%d (held by another instance)",
                    days, readings, before, shards, skipped);
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration after;
    private final int shardMeters;
    private final IntUnaryOperator firstShard;
    private final Periodic schedule = new Periodic("ingest-compactor", Duration.ofSeconds(30));

    public ReadingCompactor(DataSource dataSource, Clock clock, Duration after) {
        this(dataSource, clock, after, SHARD_METERS, shards -> ThreadLocalRandom.current().nextInt(shards));
    }

    /**
     * @param shardMeters meter ids per shard ({@link #SHARD_METERS} but in tests)
     * @param firstShard of the number of shards a pass found, the index of the one it starts at
     */
    ReadingCompactor(DataSource dataSource, Clock clock, Duration after, int shardMeters, IntUnaryOperator firstShard) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.after = after;
        this.shardMeters = shardMeters;
        this.firstShard = firstShard;
    }

    public ReadingCompactor start(Duration firstRun, Duration every) {
        schedule.start(firstRun, every, this::runQuietly);
        return this;
    }

    /** Compacts every closed day of the hot table now, but in shards another instance is compacting. Blocking. */
    public Report apply() throws SQLException {
        Instant before = CompactedDays.dayOf(clock.instant().minus(after));
        try (Connection lock = dataSource.getConnection()) {
            if (!lock.getAutoCommit()) {
                lock.setAutoCommit(true);
            }
            List<MeterShard> shards = shards(lock);
            if (!bool(lock, IngestSql.TRY_COMPACTOR_LOCK)) {
                return new Report(0, 0, before, shards.size(), shards.size());
            }
            try {
                return walk(lock, shards, before);
            } finally {
                bool(lock, IngestSql.RELEASE_COMPACTOR_LOCK);
            }
        }
    }

    private List<MeterShard> shards(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(IngestSql.HOT_METER_RANGE); ResultSet rs = ps.executeQuery()) {
            rs.next();
            int min = rs.getInt(1);
            return rs.wasNull() ? List.of() : MeterShard.covering(min, rs.getInt(2), shardMeters);
        }
    }

    private Report walk(Connection c, List<MeterShard> shards, Instant before) throws SQLException {
        Folded total = new Folded();
        int skipped = 0;
        int start = shards.isEmpty() ? 0 : firstShard.applyAsInt(shards.size());
        for (int i = 0; i < shards.size() && !Thread.currentThread().isInterrupted(); i++) {
            MeterShard shard = shards.get((start + i) % shards.size());
            if (!bool(c, IngestSql.TRY_SHARD_LOCK, shard.number())) {
                skipped++;
                continue;
            }
            try {
                walk(c, shard, before, total);
            } finally {
                bool(c, IngestSql.RELEASE_SHARD_LOCK, shard.number());
            }
        }
        if (total.days > 0 || skipped > 0) {
            LOG.info("compaction: folded {} reading(s) of {} series-day(s) before {} into blocks; {} of {} shard(s) skipped"
                    + " (another instance is compacting them)", total.readings, total.days, before, skipped, shards.size());
        }
        return new Report(total.days, total.readings, before, shards.size(), skipped);
    }

    /** What a pass folded so far. */
    private static final class Folded {
        int days;
        long readings;
    }

    /** Folds the closed days of one shard's series, the caller holding the shard's lock. */
    private void walk(Connection c, MeterShard shard, Instant before, Folded total) throws SQLException {
        // (first meter, "") is before any series of the first meter: no channel is empty
        int meter = shard.first();
        String channel = "";
        while (!Thread.currentThread().isInterrupted()) {
            try (PreparedStatement ps = c.prepareStatement(IngestSql.NEXT_HOT_SERIES)) {
                ps.setInt(1, meter);
                ps.setString(2, channel);
                ps.setInt(3, shard.last());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return;
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
            // an interrupt ends the pass after the current day (the rest goes at the next pass)
            while (!Thread.currentThread().isInterrupted() && (oldest = oldest(c, meter, channel)) != null
                    && oldest.isBefore(before) && !CompactedDays.dayOf(oldest).equals(folded)) {
                Instant day = CompactedDays.dayOf(oldest);
                int m = meter;
                String ch = channel;
                int n = Jdbc.transaction(dataSource, t -> CompactedDays.fold(t, m, ch, day));
                folded = day;
                if (n > 0) {
                    total.days++;
                    total.readings += n;
                }
            }
        }
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

    private static boolean bool(Connection c, String sql, int... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setInt(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
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
