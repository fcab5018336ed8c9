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
                    batch.addAll(down.flushAll().keep);
                    stored += batch.size();
                    writer.submit(batch).toCompletionStage().toCompletableFuture().get();
                }
            }
            System.out.printf("BENCH compact load: %d meter(s) x %d days, %,d frames -> %,d readings stored (%.1f a minute per meter)"
                    + " in %.0f s%n", meters, days, frames, stored, stored / (meters * days * 1440.0), (System.nanoTime() - t0) / 1e9);
            double scale = 365.0 / days / meters;
            long rowsBytes = rawBytes(db);
            System.out.printf("BENCH compact rows: reading %,d bytes (incl. key) = %.1f bytes/reading, %.1f MB per meter-year"
                    + " (extrapolated)%n", rowsBytes, (double) rowsBytes / stored, rowsBytes * scale / 1e6);
            double[] old = recompute(db, clock, meters, reps);
            String oldRaw = rawQueries(db);

            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            ReadingCompactor.Report report = new ReadingCompactor(db.dataSource(), clock, ReadingCompactor.DEFAULT_AFTER).apply();
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf("BENCH compact pass: %s in %.1f s wall, %.1f s JVM CPU: %.2f us wall, %.2f us JVM CPU per reading%n",
                    report.describe(), wall, cpu, wall * 1e6 / report.readings(), cpu * 1e6 / report.readings());
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
        }
        return out.toString().trim();
    }

    /** The raw tables' size, both, after a VACUUM FULL (what their live rows take, without the load's dead space). */
    private static long rawBytes(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("VACUUM FULL ANALYZE reading");
            st.execute("VACUUM FULL ANALYZE reading_block");
            try (ResultSet rs = st.executeQuery("SELECT pg_total_relation_size('reading') + pg_total_relation_size('reading_block')")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Recomputes every meter from the period's start, {@code reps} times: the median seconds and its readings/s. */
    private static double[] recompute(Database db, Clock clock, int meters, int reps) throws Exception {
        double[] times = new double[reps];
        long readings = 0;
        for (int i = 0; i < reps; i++) {
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM meter WHERE household_id = 'bench'")) {
                while (rs.next()) {
                    RecomputeMarks.mark(c, rs.getInt(1), START.minus(Duration.ofDays(1)));
                }
            }
            long t0 = System.nanoTime();
            Recompute.Stats s = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS, clock).drain();
            times[i] = (System.nanoTime() - t0) / 1e9;
            readings = s.readings();
        }
        double[] sorted = times.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[reps / 2];
        return new double[] {median, readings / median};
    }
}
