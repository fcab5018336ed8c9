package org.ecofoyer.aggregation.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.query.RollupReader;
import org.ecofoyer.aggregation.query.SeriesQuery;
import org.ecofoyer.aggregation.store.Recompute;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.ecofoyer.storage.CpuTime;
import org.junit.jupiter.api.Test;

/**
 * Rollup throughput and query latency, against the same answers computed from raw readings in SQL, in the same run.
 * Skipped unless {@code -Dbench.meters=N} is given. See docs/benchmarks.md for the command.
 */
class RollupBenchmark {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void run() throws Exception {
        String m = System.getProperty("bench.meters");
        assumeTrue(m != null, "benchmark skipped: give -Dbench.meters=N -Dbench.days=D");
        int meters = Integer.parseInt(m);
        int days = Integer.parseInt(System.getProperty("bench.days", "7"));
        int queries = Integer.parseInt(System.getProperty("bench.queries", "200"));
        int rawQueries = Integer.parseInt(System.getProperty("bench.rawQueries", "30"));
        LocalDate first = LocalDate.parse("2025-01-01");
        int threads = Integer.parseInt(System.getProperty("bench.threads", "2"));
        // Building the primary key after the load is faster, but its sort spills about as much as the index itself to
        // temporary files: for 1,000 meters x 1 year that is ~20 GB more at the peak (~75 GB in all). false keeps the
        // key during the load (~55 GB at the peak).
        boolean indexAfterLoad = Boolean.parseBoolean(System.getProperty("bench.indexAfterLoad", "true"));
        try (Database db = TestDatabases.newMigratedDatabase()) {
            tune(db);
            long t0 = System.nanoTime();
            long readings = load(db, meters, days, first, threads, indexAfterLoad);
            double loadS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("BENCH load: %d meters x %d days at 1 min = %,d readings in %.1f s (%,.0f readings/s,"
                    + " INSERT ... SELECT generate_series on %d connections, %s)%n", meters, days, readings, loadS,
                    readings / loadS, threads, indexAfterLoad ? "no index" : "primary key kept");
            index(db, indexAfterLoad);
            t0 = System.nanoTime();
            AggregationConfig cfg = new AggregationConfig(null, null, null, null, threads, null);
            Recompute.Stats s = new Recompute(db.dataSource(), cfg).drain();
            double rollS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("BENCH rollup: %d meters, %,d readings -> %,d rows in %.1f s: %,.0f readings/s (%d threads)%n",
                    s.meters(), s.readings(), s.rows(), rollS, s.readings() / rollS, threads);
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE rollup");
                try (ResultSet rs = st.executeQuery("SELECT pg_total_relation_size('reading'), pg_total_relation_size('rollup'),"
                        + " pg_database_size(current_database())")) {
                    rs.next();
                    System.out.printf("BENCH disk: reading %.2f GB, rollup %.2f GB, database %.2f GB%n", rs.getLong(1) / 1e9,
                            rs.getLong(2) / 1e9, rs.getLong(3) / 1e9);
                }
            }
            int live = Integer.parseInt(System.getProperty("bench.live", "0"));
            if (live > 0) {
                live(db, live, meters, days, first);
            }
            Random rnd = new Random(42);
            try (Connection c = db.dataSource().getConnection()) {
                RollupReader reader = new RollupReader(c);
                // Warm up both paths (JIT, plan cache, buffer cache) before measuring, as a running server would be.
                for (int i = 0; i < 100; i++) {
                    Granularity g = Granularity.values()[i % 3];
                    LocalDate[] range = range(g, first, days, rnd);
                    reader.series(new SeriesQuery("h" + (1 + rnd.nextInt(meters)), Fluid.ELECTRICITY, g, range[0], range[1]));
                    if (i % 10 == 0) {
                        raw(c, 1 + rnd.nextInt(meters), g, range[0], range[1]);
                    }
                }
                // The analyses over a year (or all the data): from day rows (what QueryService.analyse reads) and,
                // as the same-run baseline, from half-hour rows (what it read before).
                LocalDate yearEnd = first.plusDays(Math.min(days, 365));
                for (int i = 0; i < 5; i++) {
                    reader.analyse("h" + (1 + rnd.nextInt(meters)), first, yearEnd);
                    reader.analyseFromHalfHourRows("h" + (1 + rnd.nextInt(meters)), first, yearEnd);
                }
                long[] analyses = new long[Math.max(10, queries / 4)];
                for (int i = 0; i < analyses.length; i++) {
                    long q0 = System.nanoTime();
                    reader.analyse("h" + (1 + rnd.nextInt(meters)), first, yearEnd);
                    analyses[i] = System.nanoTime() - q0;
                }
                long[] oldAnalyses = new long[Math.max(5, rawQueries / 2)];
                for (int i = 0; i < oldAnalyses.length; i++) {
                    long q0 = System.nanoTime();
                    reader.analyseFromHalfHourRows("h" + (1 + rnd.nextInt(meters)), first, yearEnd);
                    oldAnalyses[i] = System.nanoTime() - q0;
                }
                System.out.printf("BENCH analysis over %d days: from day rows p50 %.2f ms p99 %.2f ms (n=%d) | from half-hour rows"
                        + " p50 %.1f ms p99 %.1f ms (n=%d)%n", yearEnd.toEpochDay() - first.toEpochDay(), pct(analyses, 50),
                        pct(analyses, 99), analyses.length, pct(oldAnalyses, 50), pct(oldAnalyses, 99), oldAnalyses.length);
                for (Granularity g : List.of(Granularity.HALF_HOUR, Granularity.DAY, Granularity.MONTH)) {
                    long[] fromRollups = new long[queries];
                    for (int i = 0; i < queries; i++) {
                        int meter = 1 + rnd.nextInt(meters);
                        LocalDate[] range = range(g, first, days, rnd);
                        long q0 = System.nanoTime();
                        reader.series(new SeriesQuery("h" + meter, Fluid.ELECTRICITY, g, range[0], range[1]));
                        fromRollups[i] = System.nanoTime() - q0;
                    }
                    long[] fromRaw = new long[rawQueries];
                    for (int i = 0; i < rawQueries; i++) {
                        int meter = 1 + rnd.nextInt(meters);
                        LocalDate[] range = range(g, first, days, rnd);
                        long q0 = System.nanoTime();
                        raw(c, meter, g, range[0], range[1]);
                        fromRaw[i] = System.nanoTime() - q0;
                    }
                    String view = switch (g) {
                        case HALF_HOUR -> "day view (48 half-hours)";
                        case DAY -> "month view (days)";
                        default -> "year view (months)";
                    };
                    System.out.printf("BENCH %s: rollups p50 %.2f ms p99 %.2f ms (n=%d) | raw SQL p50 %.1f ms p99 %.1f ms (n=%d) | p50 ratio %.0fx%n",
                            view, pct(fromRollups, 50), pct(fromRollups, 99), queries, pct(fromRaw, 50), pct(fromRaw, 99),
                            rawQueries, pct(fromRaw, 50) / pct(fromRollups, 50));
                }
            }
        }
    }

    /** A view's range: one day for half-hours, one month for days, one year for months (within the data). */
    static LocalDate[] range(Granularity g, LocalDate first, int days, Random rnd) {
        return switch (g) {
            case HALF_HOUR -> {
                LocalDate d = first.plusDays(rnd.nextInt(days));
                yield new LocalDate[] {d, d.plusDays(1)};
            }
            case DAY -> {
                LocalDate d = first.plusMonths(rnd.nextInt(Math.max(1, days / 30))).withDayOfMonth(1);
                yield new LocalDate[] {d, d.plusMonths(1)};
            }
            default -> new LocalDate[] {first.withDayOfYear(1), first.withDayOfYear(1).plusYears(1)};
        };
    }

    /** The same answer (consumption per bucket) from raw readings: deltas of consecutive readings, bucketed locally. */
    static void raw(Connection c, int meter, Granularity g, LocalDate from, LocalDate to) throws Exception {
        String bucket = switch (g) {
            case HALF_HOUR -> "date_bin('30 minutes', instant - interval '1 microsecond', timestamptz '2000-01-01')";
            case DAY -> "date_trunc('day', (instant - interval '1 microsecond') AT TIME ZONE 'Europe/Paris')";
            default -> "date_trunc('month', (instant - interval '1 microsecond') AT TIME ZONE 'Europe/Paris')";
        };
        String sql = "SELECT b, sum(d) FROM (SELECT " + bucket + " AS b, value - lag(value) OVER (ORDER BY instant) AS d"
                + " FROM reading WHERE meter_id = ? AND channel = 'index.BASE' AND instant >= ? AND instant <= ?) x"
                + " WHERE d IS NOT NULL GROUP BY b ORDER BY b";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, meter);
            ps.setTimestamp(2, Timestamp.from(from.atStartOfDay(PARIS).toInstant().minusSeconds(60)));
            ps.setTimestamp(3, Timestamp.from(to.atStartOfDay(PARIS).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(2);
                }
            }
        }
    }

    static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, i)] / 1e6;
    }

    /** Server settings for a bulk load, as an operator would set them for a restore (the test server is ours). */
    static void tune(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET max_wal_size = '4GB'"); // bounds the WAL on disk (a checkpoint every 4 GB)
            st.execute("ALTER SYSTEM SET checkpoint_timeout = '30min'");
            st.execute("ALTER SYSTEM SET jit = off");
            st.execute("SELECT pg_reload_conf()");
        }
    }

    /**
     * One household and one Base meter each, an {@code index.BASE} reading every minute, generated by the server
     * ({@code INSERT ... SELECT generate_series}, one meter per statement, meters shared out over {@code threads}
     * connections) into the table without its primary key, as a restore loads data before building indexes. The
     * load: a standby of 100-199 W by meter, 600 W more from 18:00 to 23:00, and 0-1 Wh of jitter a minute (the index
     * stays non-decreasing: the rest rises at least 1 Wh a minute). Dirty marks as ingest leaves them.
     */
    static long load(Database db, int meters, int days, LocalDate first, int threads, boolean dropKey) throws Exception {
        Instant start = first.atStartOfDay(PARIS).toInstant();
        int minutes = days * 1440;
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO household (id) SELECT 'h' || i FROM generate_series(1, " + meters + ") i");
            st.execute("INSERT INTO meter (code, household_id, fluid, kind, tariff_option, subscribed_kva)"
                    + " SELECT 'm' || i, 'h' || i, 'ELECTRICITY', 'LINKY_TIC', 'BASE', 6 FROM generate_series(1, " + meters + ") i");
            if (dropKey) {
                st.execute("ALTER TABLE reading DROP CONSTRAINT reading_pkey");
            }
        }
        List<Integer> ids = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM meter ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        // minute i of the run: d = i / 1440 whole days, r = i % 1440 minutes into the day (the run starts at local
        // midnight; DST only shifts the evening by an hour for half the year, which does not matter here).
        String sql = "INSERT INTO reading (meter_id, channel, instant, value) SELECT ?, 'index.BASE',"
                + " timestamptz '" + start + "' + make_interval(mins => i),"
                + " 1000000::bigint * ? + ((100 + ? % 100) * i::bigint + 600 * ((i / 1440) * 300 + least(greatest(i % 1440 - 1080, 0), 300))) / 60"
                + " + (hashint4(i + ?) & 1)"
                + " FROM generate_series(0, " + (minutes - 1) + ") i";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> {
                long n = 0;
                try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int k = next.getAndIncrement(); k < ids.size(); k = next.getAndIncrement()) {
                        int id = ids.get(k);
                        ps.setInt(1, id);
                        ps.setInt(2, id);
                        ps.setInt(3, id);
                        ps.setInt(4, id * 7919);
                        n += ps.executeUpdate();
                        if (k % 100 == 99) {
                            System.out.printf("BENCH load: %d meters loaded%n", k + 1);
                        }
                    }
                }
                return n;
            }));
        }
        long total = 0;
        try {
            for (var f : parts) {
                total += f.get();
            }
        } finally {
            pool.shutdown();
        }
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO reading_dirty (meter_id, since) SELECT id, timestamptz '" + start + "' FROM meter");
        }
        return total;
    }

    /**
     * The live recompute's cost ({@code -Dbench.live=STEPS}): after the rollup, one new reading per meter and a recompute
     * pass, again and again — what {@code RecomputeWorker} does every 10 s while gateways send.
     */
    static void live(Database db, int steps, int meters, int days, LocalDate first) throws Exception {
        Instant next = first.atStartOfDay(PARIS).toInstant().plusSeconds(60L * days * 1440);
        long recomputed = 0;
        long nanos = 0;
        long jvmCpu = 0;
        long pgCpu = 0;
        try (Recompute recompute = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS)) {
            for (int s = 0; s < steps; s++) {
                String at = next.plusSeconds(60L * s).toString();
                try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.BASE', ?::timestamptz,"
                                + " (SELECT max(value) FROM reading r WHERE r.meter_id = m.id) + 150 FROM meter m");
                     PreparedStatement mark = c.prepareStatement(
                             "INSERT INTO reading_dirty (meter_id, since) SELECT id, ?::timestamptz FROM meter")) {
                    ps.setString(1, at);
                    ps.executeUpdate();
                    mark.setString(1, at);
                    mark.executeUpdate();
                }
                long t0 = System.nanoTime();
                long cpu0 = CpuTime.jvmNanos();
                long pg0 = CpuTime.postgresNanos();
                recomputed += recompute.drain().meters();
                nanos += System.nanoTime() - t0;
                jvmCpu += CpuTime.jvmNanos() - cpu0;
                pgCpu += CpuTime.postgresNanos() - pg0;
            }
        }
        System.out.printf("BENCH live: %d steps x %d meters (%d days of 1-min readings each): %d meter recomputes in %.2f s,"
                + " %.2f ms per meter recompute%n", steps, meters, days, recomputed, nanos / 1e9, nanos / 1e6 / recomputed);
        // CPU, not wall time: on a shared box the wall time is mostly waiting for a core.
        System.out.printf("BENCH live CPU: this JVM %.2f ms per meter recompute, PostgreSQL %s%n", jvmCpu / 1e6 / recomputed,
                !CpuTime.postgresMeasured() ? "not measured (-Dbench.pgCpu=FILE: a cgroup's cpuacct.usage holding"
                        + " only the embedded PostgreSQL's processes)" : String.format("%.2f ms per meter recompute", pgCpu / 1e6 / recomputed));
    }



    /** Builds the primary key (in parallel), as a restore does after loading (reading has no foreign key: V10_2_0). */
    static void index(Database db, boolean build) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET maintenance_work_mem = '1GB'");
            st.execute("SET max_parallel_maintenance_workers = 2");
            long t0 = System.nanoTime();
            if (build) {
                st.execute("ALTER TABLE reading ADD CONSTRAINT reading_pkey PRIMARY KEY (meter_id, channel, instant)");
            }
            long t1 = System.nanoTime();
            st.execute("ANALYZE reading");
            System.out.printf("BENCH index: %s, ANALYZE %.1f s%n", build ? String.format("primary key built in %.1f s",
                    (t1 - t0) / 1e9) : "primary key kept during the load", (System.nanoTime() - t1) / 1e9);
        }
    }
}
