package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.TestMeters.addMeter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Compactors of several instances share a pass by shards of meters (fixed ranges of meter ids, each under its own
 * advisory lock), on real PostgreSQL: two compactors on two connection pools each fold only the shards they claimed
 * and together exactly what one alone folds; a pass whose every shard is held skips them all; a lone compactor, from
 * whatever shard it starts, does everything.
 */
class CompactorShardsTest {
    private static final Instant NOW = Instant.parse("2031-03-15T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant TODAY = Instant.parse("2031-03-15T00:00:00Z");
    /** Two meter ids a shard: eight meters (ids 1 to 8 on a fresh database) in five shards. */
    private static final int WIDTH = 2;
    private static final List<String> METERS = IntStream.rangeClosed(1, 8).mapToObj(i -> "S" + i).toList();
    private static final int CHANNELS = 2;
    private static final int CLOSED_DAYS = 3;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void twoCompactorsShareAPassEachFoldingOnlyTheShardsItHeldAndTogetherWhatOneAloneFolds() throws Exception {
        Database db = populated();
        Map<String, List<String>> rows = rowsOf(db);
        Database otherPool = open(Database.open(new StorageConfig(db.jdbcUrl(), "postgres", null, 4, null, null), null));
        List<MeterShard> shards = shardsOf(db);
        assertThat(shards).hasSize(5);
        // A starts at the first shard, B at the third; the test holds the first meter of each of those shards (its hot
        // rows locked), so that each compactor stops inside its first shard holding that shard's lock
        MeterShard first = shards.get(0);
        MeterShard third = shards.get(2);
        Connection holdA = lockRows(db, first.first() + 1); // ids start at 1: shard 0 holds meter 1 only
        Connection holdB = lockRows(db, third.first());

        CompletableFuture<ReadingCompactor.Report> a = CompletableFuture.supplyAsync(() -> pass(db, n -> 0), threads);
        CompletableFuture<ReadingCompactor.Report> b = CompletableFuture.supplyAsync(() -> pass(otherPool, n -> 2), threads);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(db,
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") == 2);
        assertThat(count(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                + " AND classid = 10 AND objsubid = 2 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).isEqualTo(2);

        // A goes on through its shard and the next ones, skipping the one B holds
        holdA.rollback();
        ReadingCompactor.Report ra = a.get(60, TimeUnit.SECONDS);
        assertThat(b).isNotDone();
        int perMeter = CHANNELS * CLOSED_DAYS;
        assertThat(ra.days()).isEqualTo(perMeter * (METERS.size() - 2)); // every meter but shard 2's (ids 4 and 5)
        assertThat(ra.shards()).isEqualTo(5);
        assertThat(ra.skipped()).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM reading_block WHERE meter_id BETWEEN ? AND ?", third.first(), third.last())).isZero();
        assertThat(count(db, "SELECT count(*) FROM reading_block")).isEqualTo(ra.days());

        holdB.rollback();
        ReadingCompactor.Report rb = b.get(60, TimeUnit.SECONDS);
        assertThat(rb.days()).isEqualTo(perMeter * 2); // shard 2's two meters; the others were done: nothing to fold
        assertThat(rb.shards()).isEqualTo(5);
        assertThat(rb.skipped()).isZero(); // A had let every shard go
        assertThat(ra.readings() + rb.readings()).isEqualTo(count(db, "SELECT sum(readings) FROM reading_block"));

        // together exactly what one compactor alone folds from the same readings, byte for byte; no reading lost or
        // doubled; no hot row of a closed day left
        Database alone = populated();
        ReadingCompactor.Report lone = pass(alone, n -> 0);
        assertThat(ra.days() + rb.days()).isEqualTo(lone.days());
        assertThat(ra.readings() + rb.readings()).isEqualTo(lone.readings());
        assertThat(blocks(db)).isEqualTo(blocks(alone)).hasSize(METERS.size() * perMeter);
        assertThat(rowsOf(db)).isEqualTo(rows);
        assertThat(count(db, "SELECT count(*) FROM reading WHERE instant < '" + TODAY + "'")).isZero();
        assertThat(count(db, "SELECT count(*) FROM reading WHERE instant >= '" + TODAY + "'")).isPositive();
    }

    @Test
    void aPassWhoseEveryShardIsHeldSkipsThemAllAndSaysSo() throws Exception {
        Database db = populated();
        long hot = count(db, "SELECT count(*) FROM reading");
        List<MeterShard> shards = shardsOf(db);
        try (Connection other = db.dataSource().getConnection()) {
            for (MeterShard s : shards) {
                assertThat(bool(other, IngestSql.TRY_SHARD_LOCK, s.number())).isTrue();
            }

            ReadingCompactor.Report report = pass(db, n -> 3);

            assertThat(report.days()).isZero();
            assertThat(report.shards()).isEqualTo(5);
            assertThat(report.skipped()).isEqualTo(5);
            assertThat(report.describe()).isEqualTo("compaction skipped: another instance is compacting (5 of 5 shard(s) held)");
            assertThat(count(db, "SELECT count(*) FROM reading")).isEqualTo(hot);
            assertThat(count(db, "SELECT count(*) FROM reading_block")).isZero();

            // all but one let go: that one is still skipped, the others folded
            for (MeterShard s : shards.subList(1, shards.size())) {
                assertThat(bool(other, IngestSql.RELEASE_SHARD_LOCK, s.number())).isTrue();
            }
            ReadingCompactor.Report some = pass(db, n -> 3);
            assertThat(some.skipped()).isEqualTo(1);
            assertThat(some.days()).isEqualTo(CHANNELS * CLOSED_DAYS * (METERS.size() - 1)); // shard 0 holds meter 1
            assertThat(some.describe()).contains("skipped-shards=1 (held by another instance)");
            assertThat(bool(other, IngestSql.RELEASE_SHARD_LOCK, shards.get(0).number())).isTrue();

            // a compactor of the version before the shards walks every meter under one exclusive lock: while it runs,
            // this version's pass skips everything (else both could fold the same series-day at once)
            try (Statement st = other.createStatement()) {
                st.execute("SELECT pg_advisory_lock(hashtext('ecofoyer.reading_compactor'))");
                assertThat(pass(db, n -> 0).skipped()).isEqualTo(5);
                assertThat(count(db, "SELECT count(*) FROM reading WHERE meter_id = ? AND instant < '" + TODAY + "'",
                        shards.get(0).first() + 1)).isPositive();
                st.execute("SELECT pg_advisory_unlock(hashtext('ecofoyer.reading_compactor'))");
            }
        }
        ReadingCompactor.Report rest = pass(db, n -> 0);
        assertThat(rest.days()).isEqualTo(CHANNELS * CLOSED_DAYS);
        assertThat(rest.skipped()).isZero();
    }

    @Test
    void aLoneCompactorDoesEveryShardFromWhereverItStarts() throws Exception {
        Database db = populated();
        Map<String, List<String>> rows = rowsOf(db);

        ReadingCompactor.Report report = pass(db, n -> n - 2); // the fourth of five: it must come round to the first

        assertThat(report.shards()).isEqualTo(5);
        assertThat(report.skipped()).isZero();
        assertThat(report.days()).isEqualTo(METERS.size() * CHANNELS * CLOSED_DAYS);
        assertThat(report.describe()).isEqualTo("compacted-days=48 readings=" + report.readings()
                + " before=2031-03-15T00:00:00Z shards=5 skipped-shards=0 (held by another instance)");
        assertThat(count(db, "SELECT count(*) FROM reading WHERE instant < '" + TODAY + "'")).isZero();
        assertThat(count(db, "SELECT count(*) FROM reading_block")).isEqualTo(report.days());
        assertThat(rowsOf(db)).isEqualTo(rows);
        // the production compactor (random start, 4,096 ids a shard: one shard here) agrees: nothing left to do
        ReadingCompactor.Report again = new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply();
        assertThat(again.days()).isZero();
        assertThat(again.shards()).isEqualTo(1);
    }

    /** A fresh database with the eight meters' readings: three closed days and this morning, two channels. */
    private Database populated() throws Exception {
        Database db = open(TestDatabases.newMigratedDatabase());
        METERS.forEach(m -> addMeter(db.dataSource(), m));
        assertThat(count(db, "SELECT min(id) FROM meter")).isEqualTo(1);
        assertThat(count(db, "SELECT max(id) FROM meter")).isEqualTo(8);
        List<Reading> all = new ArrayList<>();
        for (String m : METERS) {
            long index = 1_000_000L * m.charAt(1);
            for (Instant t = TODAY.minus(Duration.ofDays(CLOSED_DAYS)); t.isBefore(NOW); t = t.plusSeconds(10 * 60 + 7)) {
                index += t.getEpochSecond() % 17;
                all.add(new Reading(m, t, "index.HP", index));
                all.add(new Reading(m, t.plusSeconds(1), "power.apparent.mean_1m", 100 + t.getEpochSecond() % 3_000));
            }
        }
        try (ReadingWriter writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory(), CLOCK,
                ReadingWriter.DEFAULT_FUTURE_TOLERANCE).start()) {
            writer.submit(all).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        return db;
    }

    private static ReadingCompactor.Report pass(Database db, IntUnaryOperator start) {
        try {
            return new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2), WIDTH, start).apply();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MeterShard> shardsOf(Database db) {
        return MeterShard.covering((int) count(db, "SELECT min(meter_id) FROM reading"),
                (int) count(db, "SELECT max(meter_id) FROM reading"), WIDTH);
    }

    /** Holds a meter's hot rows locked (an open transaction) until the connection rolls back. */
    private Connection lockRows(Database db, int meterId) throws SQLException {
        Connection c = open(db.dataSource().getConnection());
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM reading WHERE meter_id = ? FOR UPDATE) x")) {
            ps.setInt(1, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
            }
        }
        return c;
    }

    /** Every block, by meter code, with its bytes. */
    private static List<String> blocks(Database db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT m.code, b.channel, b.day, b.first_instant, b.last_instant, b.readings, b.data FROM reading_block b"
                        + " JOIN meter m ON m.id = b.meter_id ORDER BY m.code, b.channel, b.day")) {
            while (rs.next()) {
                out.add(String.join(" ", rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant().toString(),
                        rs.getTimestamp(4).toInstant().toString(), rs.getTimestamp(5).toInstant().toString(),
                        rs.getString(6), HexFormat.of().formatHex(rs.getBytes(7))));
            }
        }
        return out;
    }

    /** What the readers see of each meter (blocks and hot rows merged). */
    private static Map<String, List<String>> rowsOf(Database db) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        METERS.forEach(m -> out.put(m, TestMeters.stored(db.dataSource(), m)));
        return out;
    }

    private static boolean bool(Connection c, String sql, int arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static long count(Database db, String sql, Object... args) {
        return TestMeters.count(db.dataSource(), sql, args);
    }

    private <T extends AutoCloseable> T open(T resource) {
        open.add(resource);
        return resource;
    }
}
