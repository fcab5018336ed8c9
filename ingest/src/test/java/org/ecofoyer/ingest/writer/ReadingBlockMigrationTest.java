package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecofoyer.ingest.TestMeters.addMeter;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The migration of an existing populated {@code reading} table (#17): a store at the schema before blocks, with ten
 * days of three meters' readings, migrated to today's schema; the compactor's passes then fold it online, one
 * series-day per transaction, while the writer keeps writing live and late readings — every reading is still there,
 * exactly, and the raw tables end much smaller.
 */
class ReadingBlockMigrationTest {
    private static final Instant NOW = Instant.parse("2031-03-15T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final List<String> METERS = List.of("M1", "M2", "M3");

    @Test
    void aPopulatedReadingTableIsCompactedOnlineWhileTheWriterWrites() throws Exception {
        StorageConfig cfg = new StorageConfig(TestDatabases.newEmptyDatabaseUrl(), "postgres", null, 16, null, null);
        try (Database db = Database.open(cfg, null)) {
            Set<String> before = new TreeSet<>(db.availableMigrations());
            assertThat(before.remove("10.5.0")).as("the migration that adds blocks").isTrue();
            assertThat(before.remove("10.7.1")).as("the blocks' index for Readings.latest, which needs them").isTrue();
            db.migrateExactly(before);
            for (String m : METERS) {
                addMeter(db.dataSource(), m);
            }
            // ten closed days at one reading a minute on four channels: 172,800 rows, as the previous release stored them
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO reading (meter_id, channel, instant, value)"
                        + " SELECT m.id, ch, t, (extract(epoch FROM t)::bigint / 60) % 997 + length(ch)"
                        + " FROM meter m, unnest(ARRAY['index.HP', 'index.HC', 'power.apparent.mean_1m', 'voltage.l1']) ch,"
                        + " generate_series(timestamptz '2031-03-05T00:00:00Z', timestamptz '2031-03-14T23:59:00Z', interval '1 minute') t");
            }
            long rowsBytes = TestMeters.count(db.dataSource(), "SELECT pg_total_relation_size('reading')");
            List<String> expected = new ArrayList<>();
            for (String m : METERS) {
                expected.addAll(TestMeters.rows(db.dataSource(), m).stream().map(r -> m + " " + r).toList());
            }
            assertThat(expected).hasSize(3 * 4 * 10 * 1440);

            db.migrate();
            ReadingCompactor.Report report;
            List<Reading> written = new ArrayList<>();
            try (ReadingWriter writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory(), CLOCK,
                    ReadingWriter.DEFAULT_FUTURE_TOLERANCE).start()) {
                AtomicBoolean done = new AtomicBoolean();
                CompletableFuture<Integer> live = CompletableFuture.supplyAsync(() -> {
                    int batches = 0;
                    Instant t = Instant.parse("2031-03-15T00:00:00Z");
                    while (!done.get() || batches < 3) {
                        // live readings of today, and a late one into a closed day (a new instant: the minute's 30th second)
                        List<Reading> batch = List.of(new Reading("M1", t, "index.HP", 5_000 + batches),
                                new Reading("M2", Instant.parse("2031-03-07T00:00:30Z").plusSeconds(60L * batches), "index.HC", batches));
                        try {
                            writer.submit(batch).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        synchronized (written) {
                            written.addAll(batch);
                        }
                        t = t.plusSeconds(10);
                        batches++;
                    }
                    return batches;
                });
                report = new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply();
                done.set(true);
                assertThat(live.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3);
            }
            // late readings written during the pass may still be hot: the next pass folds them — and a late reading that
            // lands in a day just folded ends its series for this pass (the compactor's rule), so the days that follow
            // in that series are folded by the next pass too: every series-day is folded across the two
            ReadingCompactor.Report next = new ReadingCompactor(db.dataSource(), CLOCK, Duration.ofHours(2)).apply();
            assertThat(report.days()).as("series-days folded by the pass under the writer").isPositive();
            assertThat(report.days() + next.days()).isGreaterThanOrEqualTo(3 * 4 * 10);

            for (Reading r : written) {
                expected.add(r.meter() + " " + r.channel() + "@" + r.instant() + "=" + r.value());
            }
            List<String> after = new ArrayList<>();
            for (String m : METERS) {
                after.addAll(TestMeters.stored(db.dataSource(), m).stream().map(x -> m + " " + x).toList());
            }
            assertThat(after).hasSameSizeAs(expected);
            assertThat(after.stream().sorted().toList()).isEqualTo(expected.stream().sorted().toList());
            assertThat(TestMeters.count(db.dataSource(), "SELECT count(*) FROM reading WHERE instant < '2031-03-15Z'")).isZero();
            assertThat(TestMeters.count(db.dataSource(), "SELECT count(*) FROM reading_block")).isEqualTo(3 * 4 * 10);
            long blockBytes = TestMeters.count(db.dataSource(), "SELECT pg_total_relation_size('reading_block')");
            assertThat(blockBytes).as("blocks %d bytes vs rows %d bytes", blockBytes, rowsBytes).isLessThan(rowsBytes / 20);
        }
    }
}
