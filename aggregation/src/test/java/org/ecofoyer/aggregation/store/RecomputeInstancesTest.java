package org.ecofoyer.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.RecomputeMarks;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' recomputes on one database, each with its own pool and threads, as two Ecofoyer processes: every mark
 * is recomputed exactly once (the work counted per meter), and a mark whose instance dies mid-work is done again.
 */
class RecomputeInstancesTest {
    /** Local midnight of 2026-03-10 in Paris (the households' zone). */
    static final Instant DAY = Instant.parse("2026-03-09T23:00:00Z");
    static final int METERS = 120;

    Database db;
    Database otherPool;
    Recompute a;
    Recompute b;
    final Map<Integer, AtomicInteger> byA = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> byB = new ConcurrentHashMap<>();

    @BeforeEach
    void open() {
        db = TestDatabases.newMigratedDatabase();
        otherPool = Database.open(new StorageConfig(db.jdbcUrl(), "postgres", null, 8, null, null), null);
        a = new Recompute(db.longOperations(), AggregationConfig.DEFAULTS, java.time.Clock.fixed(DAY.plus(Duration.ofDays(2)), java.time.ZoneOffset.UTC));
        b = new Recompute(otherPool.longOperations(), AggregationConfig.DEFAULTS, java.time.Clock.fixed(DAY.plus(Duration.ofDays(2)), java.time.ZoneOffset.UTC));
        a.observe(id -> byA.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
        b.observe(id -> byB.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        otherPool.close();
        db.close();
    }

    /** {@code n} electricity meters, each 1,000 Wh over one day (an index every half-hour), marked as ingest marks them. */
    List<Integer> metersWithADayOfReadings(int n) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO household (id) SELECT 'h' || i FROM generate_series(1, " + n + ") i");
            st.execute("INSERT INTO meter (code, household_id, fluid, kind, tariff_option, subscribed_kva)"
                    + " SELECT 'm' || i, 'h' || i, 'ELECTRICITY', 'LINKY_TIC', 'BASE', 6 FROM generate_series(1, " + n + ") i");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading (meter_id, channel, instant, value)"
                    + " SELECT m.id, 'index.total', ?::timestamptz + k * interval '30 minutes', 100000 + k * 1000 / 48"
                    + " FROM meter m, generate_series(0, 48) k")) {
                ps.setTimestamp(1, Timestamp.from(DAY));
                ps.execute();
            }
            RecomputeMarks.markAll(c, "SELECT id, ?::timestamptz FROM meter", ps -> ps.setTimestamp(1, Timestamp.from(DAY)));
            try (ResultSet rs = st.executeQuery("SELECT id FROM meter ORDER BY id")) {
                List<Integer> ids = new java.util.ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
                return ids;
            }
        }
    }

    long count(String sql) throws SQLException {
        return TestRows.count(db, sql);
    }

    /** Drains until no mark is left: a pass that met only meters the other instance held ends early. */
    Callable<Void> drainAll(Recompute r, CountDownLatch start) {
        return () -> {
            start.await();
            do {
                r.drain();
            } while (count("SELECT count(*) FROM reading_dirty") > 0);
            return null;
        };
    }

    int work(Map<Integer, AtomicInteger> by, int meter) {
        AtomicInteger n = by.get(meter);
        return n == null ? 0 : n.get();
    }

    @Test
    void twoInstancesShareTheMarksAndRecomputeEachMeterExactlyOnce() throws Exception {
        List<Integer> meters = metersWithADayOfReadings(METERS);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<Void> fa = two.submit(drainAll(a, start));
            Future<Void> fb = two.submit(drainAll(b, start));
            start.countDown();
            fa.get(2, TimeUnit.MINUTES);
            fb.get(2, TimeUnit.MINUTES);
        } finally {
            two.shutdownNow();
        }
        for (int m : meters) {
            assertThat(work(byA, m) + work(byB, m)).as("recomputes of meter %d", m).isEqualTo(1);
        }
        assertThat(byA).as("instance A did part of the work").isNotEmpty();
        assertThat(byB).as("instance B did part of the work").isNotEmpty();
        assertThat(count("SELECT count(*) FROM reading_dirty")).isZero();
        // Each meter's day, whichever instance did it: the index rose by 1,000 Wh over the local day.
        assertThat(count("SELECT count(DISTINCT meter_id) FROM rollup WHERE granularity = 1 AND period = 'total'"
                + " AND quantity = 1000")).isEqualTo(METERS);
    }

    @Test
    void aMeterListedByOneInstanceAndDoneByTheOtherIsNotDoneAgain() throws Exception {
        List<Integer> meters = metersWithADayOfReadings(5);
        List<RecomputeMarks.Mark> listedByA = a.pending();
        assertThat(listedByA).hasSize(5);
        assertThat(b.drain().meters()).isEqualTo(5);
        // A's pass, from its list read before B did the work, finds the marks gone under each meter's lock.
        Recompute.Stats late = a.run(listedByA);
        assertThat(late.meters()).isZero();
        for (int m : meters) {
            assertThat(work(byA, m)).isZero();
            assertThat(work(byB, m)).isEqualTo(1);
        }
    }

    @Test
    void aMarkWhoseInstanceDiesMidWorkIsLeftToTheOtherAndRecomputedOnce() throws Exception {
        int x = metersWithADayOfReadings(1).get(0);
        try (Connection holder = db.dataSource().getConnection()) {
            // The meter row locked against A's FOR KEY SHARE: A stops mid-work, holding the meter's advisory lock.
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("SELECT id FROM meter WHERE id = " + x + " FOR UPDATE");
            }
            CompletableFuture<Recompute.Stats> aPass = CompletableFuture.supplyAsync(() -> {
                try {
                    return a.runOnce();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            String held = "SELECT coalesce(max(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND classid = 20 AND objid = "
                    + x + " AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
            await().atMost(Duration.ofSeconds(30)).until(() -> count(held) > 0);
            long pid = count(held);

            // B passes the held meter over (no wait), and its mark stays.
            Recompute.Stats skipped = b.runOnce();
            assertThat(skipped.meters()).isZero();
            assertThat(skipped.skipped()).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM reading_dirty WHERE meter_id = " + x)).isEqualTo(1);

            // A dies: its connection is killed by the server, its transaction rolls back and the lock goes with it.
            assertThat(count("SELECT pg_terminate_backend(" + pid + ")::int")).isEqualTo(1);
            Recompute.Stats died = aPass.get(1, TimeUnit.MINUTES);
            assertThat(died.meters()).isZero();
            holder.rollback();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                + " AND classid = 20 AND objid = " + x + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 0);
        assertThat(count("SELECT count(*) FROM reading_dirty WHERE meter_id = " + x)).as("the mark survives A's death").isEqualTo(1);

        assertThat(b.drain().meters()).isEqualTo(1);
        assertThat(work(byA, x)).isZero();
        assertThat(work(byB, x)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reading_dirty")).isZero();
        assertThat(count("SELECT count(*) FROM rollup WHERE meter_id = " + x + " AND granularity = 1 AND period = 'total'")).isEqualTo(1);
    }
}
