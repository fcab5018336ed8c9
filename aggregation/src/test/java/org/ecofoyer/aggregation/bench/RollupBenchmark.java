package org.ecofoyer.aggregation.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringReader;
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
import org.ecofoyer.aggregation.Fluid;
import org.ecofoyer.aggregation.Granularity;
import org.ecofoyer.aggregation.Recompute;
import org.ecofoyer.aggregation.RollupReader;
import org.ecofoyer.aggregation.SeriesQuery;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

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
        try (Database db = TestDatabases.newMigratedDatabase()) {
            long t0 = System.nanoTime();
            long readings = load(db, meters, days, first);
            double loadS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("BENCH load: %d meters x %d days at 1 min = %,d readings in %.1f s (%,.0f readings/s, COPY)%n",
                    meters, days, readings, loadS, readings / loadS);
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE reading");
            }
            t0 = System.nanoTime();
            Recompute.Stats s = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS).drain();
            double rollS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("BENCH rollup: %d meters, %,d readings -> %,d rows in %.1f s: %,.0f readings/s%n",
                    s.meters(), s.readings(), s.rows(), rollS, s.readings() / rollS);
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE rollup");
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
                LocalDate d = first.plusMonths(rnd.nextInt(Math.max(1, days / 31))).withDayOfMonth(1);
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

    /** One household and one Base meter per index; a 1-minute index with a plausible load; dirty marks as ingest leaves them. */
    static long load(Database db, int meters, int days, LocalDate first) throws Exception {
        long total = 0;
        Instant start = first.atStartOfDay(PARIS).toInstant();
        try (Connection c = db.dataSource().getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO household (id) SELECT 'h' || i FROM generate_series(1, " + meters + ") i");
                st.execute("INSERT INTO meter (code, household_id, fluid, kind, tariff_option, subscribed_kva)"
                        + " SELECT 'm' || i, 'h' || i, 'ELECTRICITY', 'LINKY_TIC', 'BASE', 6 FROM generate_series(1, " + meters + ") i");
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            List<Integer> ids = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM meter ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            int minutes = days * 1440;
            for (int id : ids) {
                Random rnd = new Random(id);
                long index = 1_000_000L * id;
                StringBuilder sb = new StringBuilder(minutes * 40);
                for (int i = 0; i < minutes; i++) {
                    int minuteOfDay = i % 1440;
                    double watts = 150 + (minuteOfDay > 1080 && minuteOfDay < 1380 ? 900 : 200) * rnd.nextDouble()
                            + (rnd.nextInt(100) == 0 ? 2500 : 0);
                    index += Math.round(watts / 60);
                    sb.append(id).append("\tindex.BASE\t").append(start.plusSeconds(60L * i)).append('\t').append(index).append('\n');
                }
                copy.copyIn("COPY reading (meter_id, channel, instant, value) FROM STDIN", new StringReader(sb.toString()));
                total += minutes;
            }
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO reading_dirty (meter_id, since) SELECT id, timestamptz '" + start + "' FROM meter");
            }
        }
        return total;
    }
}
