package org.ecofoyer.aggregation.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.store.Recompute;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.pipeline.Downsampler;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.ingest.writer.ReadingCompactor;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.ecofoyer.storage.CpuTime;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.RecomputeMarks;
import org.ecofoyer.storage.TestDatabases;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.junit.jupiter.api.Test;

/**
 * The compact raw store (#17), old against new in the same run: a standard-mode three-phase Linky (the load test's
 * {@link MeterSimulator}) sends a frame every 2 s for {@code bench.compact.days} days; each frame is decoded as ingest
 * decodes it, downsampled with the default settings ({@link Downsampler}) and written through the real writer. Then:
 * the raw tables' size as rows ({@code reading}, with its key), the recompute of the whole period from rows; the
 * compactor's pass (its time per reading); the raw tables' size as blocks; the recompute of the whole period from
 * blocks. Bytes per meter-year are extrapolated from the sample (× 365 / days). Skipped unless
 * {@code -Dbench.compact.days=D} is given. See docs/benchmarks.md for the command.
 */
class CompactStoreBenchmark {
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    @Test
    void run() throws Exception {
        String d = System.getProperty("bench.compact.days");
        assumeTrue(d != null, "benchmark skipped: give -Dbench.compact.days=D");
        int days = Integer.parseInt(d);
        int meters = Integer.parseInt(System.getProperty("bench.compact.meters", "1"));
        int reps = Integer.parseInt(System.getProperty("bench.compact.recomputes", "3"));
        Instant end = START.plus(Duration.ofDays(days));
        Clock clock = Clock.fixed(end.plus(Duration.ofHours(3)), ZoneOffset.UTC);
        try (Database db = TestDatabases.newMigratedDatabase()) {
            long frames = 0;
            long stored = 0;
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO household (id) VALUES ('bench')");
            }
            List<MeterSimulator> sims = new ArrayList<>();
            List<Downsampler<Object>> downs = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            long[] loadCost = cost(db);
            long t0 = System.nanoTime();
            try (ReadingWriter writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory(), clock,
                    ReadingWriter.DEFAULT_FUTURE_TOLERANCE).start()) {
                for (int m = 0; m < meters; m++) {
                    MeterSimulator sim = new MeterSimulator(new MeterSimulator.Config(TicMode.STANDARD, TariffOption.HPHC, 3,
                            false, 1000L + m, 0));
                    String code = "bench-" + m;
                    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                        st.execute("INSERT INTO meter (code, household_id, fluid, kind, external_id) VALUES ('" + code
                                + "', 'bench', 'ELECTRICITY', 'LINKY_TIC', '" + sim.serial() + "')");
                    }
                    Downsampler<Object> down = new Downsampler<>(code, DownsamplingConfig.DEFAULTS);
                    sims.add(sim);
                    downs.add(down);
                    codes.add(code);
                    List<Reading> batch = new ArrayList<>();
                    for (Instant t = START; t.isBefore(end); t = t.plusSeconds(2)) {
                        for (TicFrame f : TicDecoder.decodeAll(Optional.of(TicMode.STANDARD), sim.next(t).bytes())) {
                            Instant at = f.instant().orElse(t);
                            batch.addAll(down.accept(f.readings(code, at), null, at.toEpochMilli() * 1_000_000L).keep);
                            frames++;
                        }
                        if (batch.size() >= 20_000) {
                            stored += batch.size();
                            writer.submit(batch).toCompletionStage().toCompletableFuture().get();
                            batch = new ArrayList<>();
                        }
                    }
                    stored += batch.size();
                    writer.submit(batch).toCompletionStage().toCompletableFuture().get();
                }
            }
            // what downsampling still holds stays held: the live phase goes on from there, as a running ingest would
            System.out.printf("BENCH compact load: %d meter(s) x %d days, %,d frames -> %,d readings stored (%.1f a minute per meter)"
                    + " in %.0f s%n", meters, days, frames, stored, stored / (meters * days * 1440.0), (System.nanoTime() - t0) / 1e9);
            System.out.printf("BENCH compact load cost (the writer, default downsampling; the JVM's includes the simulated meters"
                    + " and the decoder): %s%n", perReading(loadCost, costAfter(db), stored));
            double scale = 365.0 / days / meters;
            long rowsBytes = rawBytes(db);
            System.out.printf("BENCH compact rows: reading %,d bytes (heap, TOAST, every index) = %.1f bytes/reading, %.1f MB per meter-year"
                    + " (extrapolated)%n", rowsBytes, (double) rowsBytes / stored, rowsBytes * scale / 1e6);
            double[] old = recompute(db, clock, meters, reps);
            String oldRaw = rawQueries(db);

            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long[] passCost = cost(db);
            t0 = System.nanoTime();
            ReadingCompactor.Report report = new ReadingCompactor(db.dataSource(), clock, ReadingCompactor.DEFAULT_AFTER).apply();
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf("BENCH compact pass: %s in %.1f s wall, %.1f s JVM CPU: %.2f us wall, %.2f us JVM CPU per reading%n",
                    report.describe(), wall, cpu, wall * 1e6 / report.readings(), cpu * 1e6 / report.readings());
            System.out.printf("BENCH compact pass cost: %s%n", perReading(passCost, costAfter(db), report.readings()));
            try (Connection c = db.dataSource().getConnection()) {
                long count = Readings.countOfHousehold(c, new HouseholdId("bench"));
                if (count != stored) {
                    throw new AssertionError("readings after compaction: " + count + ", stored " + stored);
                }
            }
            long blockBytes = rawBytes(db);
            System.out.printf("BENCH compact blocks: reading + reading_block %,d bytes (incl. keys, TOAST) = %.2f bytes/reading,"
                    + " %.2f MB per meter-year (extrapolated); %.0fx smaller%n", blockBytes, (double) blockBytes / stored,
                    blockBytes * scale / 1e6, (double) rowsBytes / blockBytes);
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), sum(octet_length(data)), sum(readings) FROM reading_block")) {
                rs.next();
                System.out.printf("BENCH compact data: %,d blocks, %,d bytes of data for %,d readings = %.2f bytes/reading%n",
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), (double) rs.getLong(2) / rs.getLong(3));
            }
            double[] neu = recompute(db, clock, meters, reps);
            String newRaw = rawQueries(db);
            System.out.printf("BENCH compact dashboard raw reads (p50 / p99 ms over 1,000 calls each): rows %s; blocks %s%n",
                    oldRaw, newRaw);
            System.out.printf("BENCH compact recompute of the whole period, median of %d: rows %.2f s (%,.0f readings/s),"
                    + " blocks %.2f s (%,.0f readings/s): new / old time %.2f%n", reps, old[0], old[1], neu[0], neu[1], neu[0] / old[0]);
            System.out.printf("BENCH compact recompute CPU of the whole period, median of %d: rows JVM %.2f s PostgreSQL %.2f s,"
                    + " blocks JVM %.2f s PostgreSQL %.2f s%n", reps, old[2], old[3], neu[2], neu[3]);
            String intervals = System.getProperty("bench.compact.live", "10,60,300");
            if (!intervals.isBlank()) {
                live(db, sims, downs, codes, end, intervals);
            }
        }
    }

    /**
     * The live recompute at several {@code aggregation.recompute-interval}s ({@code -Dbench.compact.live}, seconds,
     * default 10,60,300; empty: none), on the compact store: the meters go on sending a frame every 2 s from the end
     * of the period (the same simulators and downsamplers, so what they held comes out as it would), the writer writes
     * what downsampling keeps at each interval's end, then one recompute pass runs (what RecomputeWorker does every
     * interval). Each interval runs for its own span of simulated time (30 passes, at least 30 min); its cost per
     * meter-second is the passes' CPU (JVM and PostgreSQL) over the span. A pass finds a meter to recompute only when
     * the writer marked it since the last pass: with default downsampling a meter writes once a minute (at its stagger
     * slot), so passes more frequent than that mostly find nothing. PostgreSQL's CPU is its whole process tree's
     * (background writer, autovacuum and checkpointer included).
     */
    static void live(Database db, List<MeterSimulator> sims, List<Downsampler<Object>> downs, List<String> codes, Instant from,
                     String intervals) throws Exception {
        Instant[] now = {from};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        Instant t = from;
        try (ReadingWriter writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory(), clock,
                ReadingWriter.DEFAULT_FUTURE_TOLERANCE).start();
             Recompute recompute = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS, clock)) {
            // a warm-up first (20 passes at 60 s, not reported): the JIT compiles the recompute, as in a running server
            for (String is : ("60w," + intervals).split(",")) {
                boolean warmUp = is.endsWith("w");
                int interval = Integer.parseInt(is.replace("w", "").trim());
                int passes = warmUp ? 20 : Math.max(30, 1800 / interval);
                long jvm = 0;
                long pg = 0;
                long wall = 0;
                long recomputed = 0;
                long readings = 0;
                long[] walAndBuffers = null;
                long[] last = null;
                for (int p = 0; p < passes; p++) {
                    List<Reading> batch = new ArrayList<>();
                    Instant passEnd = t.plusSeconds(interval);
                    for (; t.isBefore(passEnd); t = t.plusSeconds(2)) {
                        for (int m = 0; m < sims.size(); m++) {
                            for (TicFrame f : TicDecoder.decodeAll(Optional.of(TicMode.STANDARD), sims.get(m).next(t).bytes())) {
                                Instant at = f.instant().orElse(t);
                                batch.addAll(downs.get(m).accept(f.readings(codes.get(m), at), null, at.toEpochMilli() * 1_000_000L).keep);
                            }
                        }
                    }
                    now[0] = t;
                    readings += batch.size();
                    writer.submit(batch).toCompletionStage().toCompletableFuture().get();
                    long[] c0 = cost(db);
                    long w0 = System.nanoTime();
                    recomputed += recompute.drain().meters();
                    wall += System.nanoTime() - w0;
                    long[] c1 = costAfter(db);
                    jvm += c1[0] - c0[0];
                    pg += c1[1] - c0[1];
                    if (walAndBuffers == null) {
                        walAndBuffers = new long[3];
                    }
                    for (int k = 0; k < 3; k++) {
                        walAndBuffers[k] += c1[2 + k] - c0[2 + k];
                    }
                }
                double meterSeconds = (double) passes * interval * sims.size();
                if (warmUp) {
                    continue;
                }
                System.out.printf("BENCH live interval %d s: %d passes over %d s of frames, %,d readings written, %d meter recomputes;"
                                + " CPU per pass: JVM %.2f ms, PostgreSQL %.2f ms (wall %.2f ms); per meter-second: JVM %.4f ms,"
                                + " PostgreSQL %.4f ms, together %.4f ms; WAL %,d bytes, buffers %,d read %,d hit per pass%n",
                        interval, passes, passes * interval, readings, recomputed, jvm / 1e6 / passes, pg / 1e6 / passes,
                        wall / 1e6 / passes, jvm / 1e6 / meterSeconds, pg / 1e6 / meterSeconds, (jvm + pg) / 1e6 / meterSeconds,
                        walAndBuffers[0] / passes, walAndBuffers[1] / passes, walAndBuffers[2] / passes);
            }
        }
    }

    /**
     * What the dashboard reads of raw data, per call: {@code Readings.latest} (overview, sources page),
     * {@code countOfHousehold} (erasure), {@code lastValue}, and {@code lastBefore} in the middle of the period (the
     * recompute's boundary probe). Timed in-process on one connection after 200 calls of warm-up.
     */
    private static String rawQueries(Database db) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.dataSource().getConnection()) {
            int id;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT min(id) FROM meter WHERE household_id = 'bench'")) {
                rs.next();
                id = rs.getInt(1);
            }
            Instant middle = START.plus(Duration.ofHours(36)).plusSeconds(17);
            List<java.util.concurrent.Callable<Object>> calls = List.of(
                    () -> Readings.latest(c, id),
                    () -> Readings.countOfHousehold(c, new HouseholdId("bench")),
                    () -> Readings.lastValue(c, id, "index.total"),
                    () -> Readings.lastBefore(c, id, "index.total", middle));
            String[] names = {"latest", "countOfHousehold", "lastValue", "lastBefore"};
            for (int k = 0; k < calls.size(); k++) {
                long[] ns = new long[1000];
                for (int i = 0; i < 1200; i++) {
                    long t0 = System.nanoTime();
                    calls.get(k).call();
                    if (i >= 200) {
                        ns[i - 200] = System.nanoTime() - t0;
                    }
                }
                java.util.Arrays.sort(ns);
                out.append(String.format("%s %.2f / %.2f ", names[k], ns[500] / 1e6, ns[990] / 1e6));
            }
            // the plan of Readings.latest (ingest's statement, read by reflection: one place for its text)
            java.lang.reflect.Field f = Class.forName("org.ecofoyer.ingest.query.QuerySql").getDeclaredField("LATEST");
            f.setAccessible(true);
            String sql = (String) f.get(null);
            try (java.sql.PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                    ps.setInt(i, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        System.out.println("BENCH compact latest plan: " + rs.getString(1));
                    }
                }
            }
        }
        return out.toString().trim();
    }

    /**
     * The raw tables' size, both, after a VACUUM FULL (what their live rows take, without the load's dead space): the
     * main forks of their heaps, TOAST tables and every index. Their free-space and visibility maps are left out: a
     * fixed ~32 KB per relation once vacuumed, ~0.03 % of the heap at scale, which the extrapolation from a
     * fortnight of one meter would multiply by 26 (the output gives pg_total_relation_size too).
     */
    private static long rawBytes(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("VACUUM FULL ANALYZE reading");
            st.execute("VACUUM FULL ANALYZE reading_block");
            // and a plain VACUUM, which sets the visibility map as autovacuum would (VACUUM FULL does not): index-only
            // scans then read no heap
            st.execute("VACUUM reading");
            st.execute("VACUUM reading_block");
            try (ResultSet rs = st.executeQuery("WITH t AS (SELECT oid FROM pg_class WHERE relname IN ('reading', 'reading_block')"
                    + " UNION SELECT reltoastrelid FROM pg_class WHERE relname IN ('reading', 'reading_block') AND reltoastrelid <> 0),"
                    + " r AS (SELECT oid FROM t UNION SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM t))"
                    + " SELECT sum(pg_relation_size(oid, 'main')), pg_total_relation_size('reading') + pg_total_relation_size('reading_block'),"
                    + " string_agg(oid::regclass || ' ' || pg_relation_size(oid, 'main'), ', ' ORDER BY oid::regclass::text) FROM r")) {
                rs.next();
                System.out.printf("BENCH compact relations (main fork bytes): %s; pg_total_relation_size of both tables %,d%n",
                        rs.getString(3), rs.getLong(2));
                return rs.getLong(1);
            }
        }
    }

    /** Recomputes every meter from the period's start, {@code reps} times: the median seconds and its readings/s. */
    private static double[] recompute(Database db, Clock clock, int meters, int reps) throws Exception {
        double[] times = new double[reps];
        double[] jvm = new double[reps];
        double[] pg = new double[reps];
        long readings = 0;
        for (int i = 0; i < reps; i++) {
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM meter WHERE household_id = 'bench'")) {
                while (rs.next()) {
                    RecomputeMarks.mark(c, rs.getInt(1), START.minus(Duration.ofDays(1)));
                }
            }
            long[] c0 = cost(db);
            long t0 = System.nanoTime();
            Recompute.Stats s = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS, clock).drain();
            times[i] = (System.nanoTime() - t0) / 1e9;
            long[] c1 = costAfter(db);
            jvm[i] = (c1[0] - c0[0]) / 1e9;
            pg[i] = (c1[1] - c0[1]) / 1e9;
            readings = s.readings();
        }
        double median = median(times);
        return new double[] {median, readings / median, median(jvm), median(pg)};
    }

    private static double median(double[] xs) {
        double[] sorted = xs.clone();
        java.util.Arrays.sort(sorted);
        return sorted[xs.length / 2];
    }

    /**
     * Counters read before and after a phase: this JVM's CPU, PostgreSQL's CPU (its processes), the WAL position, and
     * the raw tables' shared-buffer reads and hits (heap, indexes, TOAST). The reading's own work (a walk over
     * {@code /proc}, two queries: a few ms) stays out of the window: before a phase the CPU is read last, after it
     * first.
     */
    static long[] cost(Database db) throws Exception {
        return cost(db, true);
    }

    static long[] costAfter(Database db) throws Exception {
        return cost(db, false);
    }

    private static long[] cost(Database db, boolean before) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            long jvm = before ? 0 : CpuTime.jvmNanos();
            long pg = before ? 0 : CpuTime.postgresNanos(c);
            st.execute("SELECT pg_stat_clear_snapshot()");
            long[] out;
            try (ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn,"
                    + " (SELECT coalesce(sum(coalesce(heap_blks_read, 0) + coalesce(idx_blks_read, 0) + coalesce(toast_blks_read, 0)"
                    + " + coalesce(tidx_blks_read, 0)), 0) FROM pg_statio_user_tables WHERE relname IN ('reading', 'reading_block')),"
                    + " (SELECT coalesce(sum(coalesce(heap_blks_hit, 0) + coalesce(idx_blks_hit, 0) + coalesce(toast_blks_hit, 0)"
                    + " + coalesce(tidx_blks_hit, 0)), 0) FROM pg_statio_user_tables WHERE relname IN ('reading', 'reading_block'))")) {
                rs.next();
                out = new long[] {jvm, pg, rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
            if (before) {
                out[1] = CpuTime.postgresNanos(c);
                out[0] = CpuTime.jvmNanos();
            }
            return out;
        }
    }

    static String perReading(long[] a, long[] b, long readings) {
        return String.format("JVM %.2f us, PostgreSQL %.2f us CPU, WAL %.1f bytes per reading; raw tables' buffers: %,d read, %,d hit"
                        + " (%.2f per reading)", (b[0] - a[0]) / 1e3 / readings, (b[1] - a[1]) / 1e3 / readings,
                (double) (b[2] - a[2]) / readings, b[3] - a[3], b[4] - a[4], (double) (b[3] - a[3] + b[4] - a[4]) / readings);
    }
}
