package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.storage.CpuTime;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * One compactor against two sharing the pass (two connection pools, as two instances), on the same readings: wall time,
 * CPU (each compactor's thread, PostgreSQL's process tree) and what each folded. {@code bench.shards.meters} meters ×
 * one closed day and this morning, 10 channels a reading a minute each (14,400 readings per meter-day, about a
 * three-phase meter's at default downsampling), 16 shards. Skipped unless {@code -Dbench.shards.meters=M} is given;
 * command in docs/benchmarks.md.
 */
class CompactorShardsBenchmark {
    private static final Instant DAY = Instant.parse("2031-03-14T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(DAY.plus(Duration.ofHours(34)), ZoneOffset.UTC);

    @Test
    void run() throws Exception {
        String m = System.getProperty("bench.shards.meters");
        assumeTrue(m != null, "benchmark skipped: give -Dbench.shards.meters=M");
        int meters = Integer.parseInt(m);
        int width = Math.max(1, meters / 16);
        int rounds = Integer.parseInt(System.getProperty("bench.shards.rounds", "2"));
        for (int round = 1; round <= rounds; round++) {
            for (int compactors : new int[] {1, 2}) {
                try (Database db = populated(meters)) {
                    measure(db, meters, width, compactors, round);
                }
            }
        }
    }

    private static void measure(Database db, int meters, int width, int compactors, int round) throws Exception {
        List<Database> pools = new ArrayList<>();
        pools.add(db);
        for (int i = 1; i < compactors; i++) {
            pools.add(Database.open(new StorageConfig(db.jdbcUrl(), "postgres", null, 4, null, null), null));
        }
        ExecutorService threads = Executors.newFixedThreadPool(compactors);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Connection c = db.dataSource().getConnection()) {
            long pg0 = CpuTime.postgresNanos(c);
            long t0 = System.nanoTime();
            List<CompletableFuture<String>> runs = new ArrayList<>();
            for (int i = 0; i < compactors; i++) {
                Database pool = pools.get(i);
                int start = i * 16 / compactors;
                runs.add(CompletableFuture.supplyAsync(() -> {
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    try {
                        ReadingCompactor.Report r = new ReadingCompactor(pool.dataSource(), CLOCK, ReadingCompactor.DEFAULT_AFTER,
                                width, n -> start % n).apply();
                        return String.format("[%s; %.1f s wall, %.1f s JVM CPU]", r.describe(), (System.nanoTime() - w0) / 1e9,
                                (mx.getCurrentThreadCpuTime() - cpu0) / 1e9);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            List<String> reports = new ArrayList<>();
            for (CompletableFuture<String> f : runs) {
                reports.add(f.get());
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double pg = (CpuTime.postgresNanos(c) - pg0) / 1e9;
            long folded;
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT sum(readings) FROM reading_block")) {
                rs.next();
                folded = rs.getLong(1);
            }
            System.out.printf("BENCH shards round %d: %d compactor(s), %d meters in 16 shards: %,d readings folded in %.1f s wall,"
                    + " PostgreSQL %.1f s CPU (%.2f us per reading); %s%n", round, compactors, meters, folded, wall, pg,
                    pg * 1e6 / folded, String.join(" ", reports));
            assertThat(folded).isPositive();
        } finally {
            threads.shutdownNow();
            for (int i = 1; i < pools.size(); i++) {
                pools.get(i).close();
            }
        }
    }

    private static Database populated(int meters) throws Exception {
        Database db = TestDatabases.newMigratedDatabase();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO household (id) VALUES ('bench')");
            st.execute("INSERT INTO meter (code, household_id, fluid, kind, external_id) SELECT 'b' || i, 'bench', 'ELECTRICITY',"
                    + " 'LINKY_TIC', 'b' || i FROM generate_series(1, " + meters + ") i");
        }
        try (ReadingWriter writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory(), CLOCK,
                ReadingWriter.DEFAULT_FUTURE_TOLERANCE).start()) {
            // minute by minute for every meter, as the writer receives a live fleet (the heap interleaves meters)
            List<Reading> batch = new ArrayList<>();
            long[] index = new long[meters];
            for (Instant t = DAY; t.isBefore(CLOCK.instant()); t = t.plusSeconds(60)) {
                for (int i = 0; i < meters; i++) {
                    index[i] += 1 + (t.getEpochSecond() / 60 + i) % 7;
                    String code = "b" + (i + 1);
                    batch.add(new Reading(code, t, "index.HCHP", index[i]));
                    for (int ch = 0; ch < 9; ch++) {
                        batch.add(new Reading(code, t.plusSeconds(ch + 1), "ch" + ch, 200 + (t.getEpochSecond() / 60 * (ch + 3) + i) % 40));
                    }
                }
                if (batch.size() >= 20_000) {
                    writer.submit(batch).toCompletionStage().toCompletableFuture().get();
                    batch = new ArrayList<>();
                }
            }
            writer.submit(batch).toCompletionStage().toCompletableFuture().get();
        }
        return db;
    }
}
