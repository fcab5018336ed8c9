package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecofoyer.ingest.TestMeters.addMeter;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.RecomputeMarks;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;

class ReadingRetentionTest {
    /** A fixed "now", far from the wall clock, so that nothing here depends on the day the test runs. */
    private static final Instant NOW = Instant.parse("2031-03-15T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void rawReadingsOlderThanTheRetentionAreDeletedAndTheOthersKept() throws Exception {
        try (Database db = TestDatabases.newMigratedDatabase();
             ReadingWriter writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory(), CLOCK,
                     ReadingWriter.DEFAULT_FUTURE_TOLERANCE).start()) {
            addMeter(db.dataSource(), "M1");
            addMeter(db.dataSource(), "M2");
            write(writer, new Reading("M1", NOW.minus(Duration.ofDays(401)), "index.total", 1),
                    new Reading("M1", NOW.minus(Duration.ofDays(399)), "index.total", 2),
                    new Reading("M1", NOW, "index.total", 3),
                    new Reading("M2", NOW.minus(Duration.ofDays(399)), "index.total", 7));
            clearMarks(db);

            ReadingRetention.Report report = new ReadingRetention(db.dataSource(), 400, CLOCK).apply();

            assertThat(report.removed()).isEqualTo(1);
            assertThat(report.cutoff()).isEqualTo(NOW.minus(Duration.ofDays(400)));
            assertThat(TestMeters.rows(db.dataSource(), "M1")).extracting(r -> r.substring(r.indexOf('=') + 1)).containsExactly("2", "3");
            // The horizon moves for the meter that lost readings, to the cut-off; not for the other one.
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(Readings.rawHorizon(c, meterId(db, "M1"))).isEqualTo(NOW.minus(Duration.ofDays(400)));
                assertThat(Readings.rawHorizon(c, meterId(db, "M2"))).isNull();
            }
            assertThat(report.metersWithNewHorizon()).isEqualTo(1);
        }
    }

    @Test
    void theHorizonNeverMovesBackAndAPendingRecomputeHoldsTheCutOff() throws Exception {
        try (Database db = TestDatabases.newMigratedDatabase();
             ReadingWriter writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory(), CLOCK,
                     ReadingWriter.DEFAULT_FUTURE_TOLERANCE).start()) {
            addMeter(db.dataSource(), "M1");
            // A backfill of old readings not rolled up yet: its mark (from 500 days ago) holds the retention a day
            // before it, so that its recompute still has the reading before it (500 days and 6 hours ago).
            write(writer, new Reading("M1", NOW.minus(Duration.ofDays(600)), "index.total", 1),
                    new Reading("M1", NOW.minus(Duration.ofDays(500)).minus(Duration.ofHours(6)), "index.total", 2),
                    new Reading("M1", NOW.minus(Duration.ofDays(500)), "index.total", 2),
                    new Reading("M1", NOW.minus(Duration.ofDays(450)), "index.total", 3));
            try (Connection c = db.dataSource().getConnection()) {
                c.createStatement().execute("UPDATE reading_dirty SET since = '" + NOW.minus(Duration.ofDays(500)) + "'");
            }

            ReadingRetention.Report held = new ReadingRetention(db.dataSource(), 400, CLOCK).apply();

            assertThat(held.heldByRecompute()).isTrue();
            assertThat(held.cutoff()).isEqualTo(NOW.minus(Duration.ofDays(501)));
            assertThat(held.removed()).isEqualTo(1); // only the reading more than a day before the pending recompute
            assertThat(TestMeters.readings(db.dataSource(), "M1")).isEqualTo(3);

            clearMarks(db);
            ReadingRetention.Report later = new ReadingRetention(db.dataSource(), 400, CLOCK).apply();
            assertThat(later.heldByRecompute()).isFalse();
            assertThat(later.removed()).isEqualTo(3);
            // A run with a longer retention (an operator raised it) does not move the horizon back.
            new ReadingRetention(db.dataSource(), 900, CLOCK).apply();
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(Readings.rawHorizon(c, meterId(db, "M1"))).isEqualTo(NOW.minus(Duration.ofDays(400)));
            }
        }
    }

    private static void write(ReadingWriter writer, Reading... readings) throws Exception {
        writer.submit(List.of(readings)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static void clearMarks(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            for (RecomputeMarks.Mark m : RecomputeMarks.dirty(c, 100)) {
                RecomputeMarks.clearIfUnchanged(c, m.meterId(), m.markedAt());
            }
        }
    }

    private static int meterId(Database db, String code) {
        return (int) TestMeters.count(db.dataSource(), "SELECT id FROM meter WHERE code = ?", code);
    }
}
