package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.count;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.RecomputeMarks;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's quarantine on a real database: readings before the meter's raw horizon, beyond the clock's tolerance,
 * or with impossible values are held with their reason and source in the batch's own transaction, never reach
 * {@code reading} nor mark a recompute; release goes through the checks again; drop deletes.
 */
class QuarantineTest {
    private static final Instant NOW = Instant.parse("2031-03-15T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration TOLERANCE = Duration.ofMinutes(10);
    private static final Instant HORIZON = NOW.minus(Duration.ofDays(400));

    private Database db;
    private IngestMetrics metrics;
    private ReadingWriter writer;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.newMigratedDatabase();
        metrics = IngestMetrics.inMemory();
        writer = writer(CLOCK);
        addMeter(db.dataSource(), "M1");
        addMeter(db.dataSource(), "M2");
        // The real retention gives M1 its raw horizon (it had a reading before the cut-off); M2 has none.
        write(writer, List.of(new Reading("M1", NOW.minus(Duration.ofDays(401)), "index.total", 10)), "setup");
        clearMarks();
        new ReadingRetention(db.dataSource(), 400, CLOCK).apply();
    }

    @AfterEach
    void tearDown() {
        writer.close();
        db.close();
    }

    private ReadingWriter writer(Clock clock) {
        return new ReadingWriter(db.dataSource(), new WriterConfig(100, Duration.ofMillis(20), 1000, 1, null, null), metrics,
                clock, TOLERANCE).start();
    }

    private static WriteResult write(ReadingWriter w, List<Reading> readings, String source) throws Exception {
        return w.submit(readings, List.of(), null, source).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void untrustedReadingsAreHeldWithTheirReasonAndSourceAndNeverReachReadingNorMarkARecompute() throws Exception {
        Instant ok = NOW.minusSeconds(60);
        WriteResult r = write(writer, List.of(
                new Reading("M1", HORIZON.minusSeconds(1), "index.total", 5),             // before M1's horizon
                new Reading("M2", HORIZON.minus(Duration.ofDays(300)), "index.total", 5), // M2 has no horizon: stored
                new Reading("M1", NOW.plus(TOLERANCE).plusSeconds(1), "index.total", 900), // beyond the tolerance
                new Reading("M1", NOW.plus(TOLERANCE), "power.apparent", 400),            // at the tolerance: stored
                new Reading("M1", ok, "index.total", -1),                                 // impossible
                new Reading("M1", ok, "index.total", 600)), "mqtt:tele/linky/SENSOR");

        assertThat(r.written()).isEqualTo(3);
        assertThat(r.quarantined()).isEqualTo(Map.of("before_horizon", 1, "future_instant", 1, "negative_value", 1));
        assertThat(TestMeters.rows(db.dataSource(), "M1")).containsExactly("index.total@" + ok + "=600",
                "power.apparent@" + NOW.plus(TOLERANCE) + "=400");
        assertThat(TestMeters.readings(db.dataSource(), "M2")).isEqualTo(1);
        // the mark starts at the earliest reading stored, not at the quarantined one before the horizon
        assertThat(TestMeters.dirtySince(db.dataSource(), "M1")).isEqualTo(ok);
        try (Connection c = db.dataSource().getConnection()) {
            List<Quarantine.Held> held = Quarantine.list(c, Quarantine.Selection.of("M1", null), 10);
            assertThat(held).extracting(Quarantine.Held::reason, Quarantine.Held::source, Quarantine.Held::value)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("before_horizon", "mqtt:tele/linky/SENSOR", 5L),
                            org.assertj.core.groups.Tuple.tuple("future_instant", "mqtt:tele/linky/SENSOR", 900L),
                            org.assertj.core.groups.Tuple.tuple("negative_value", "mqtt:tele/linky/SENSOR", -1L));
            assertThat(held).allSatisfy(h -> assertThat(h.receivedAt()).isEqualTo(NOW));
            assertThat(held.stream().filter(h -> h.reason().equals("before_horizon")).findFirst().orElseThrow().detail())
                    .contains("raw horizon");
        }
        assertThat(metrics.quarantined("before_horizon")).isEqualTo(1);
        assertThat(metrics.quarantined("future_instant")).isEqualTo(1);
        assertThat(metrics.quarantined("negative_value")).isEqualTo(1);
        // stored counts what reached reading: the 3 of this batch and the setup's one
        assertThat(metrics.stored()).isEqualTo(4);
        try (QuarantineGauge gauge = new QuarantineGauge(db.dataSource(), metrics)) {
            assertThat(gauge.refresh()).isEqualTo(3);
            assertThat(metrics.registry().get(QuarantineGauge.NAME).gauge().value()).isEqualTo(3);
        }
    }

    @Test
    void aRedeliveredQuarantinedReadingStaysOneRow() throws Exception {
        Reading future = new Reading("M1", NOW.plus(Duration.ofDays(700)), "index.total", 900);
        write(writer, List.of(future, future), "mqtt:a");
        write(writer, List.of(future), "mqtt:a");
        assertThat(count(db.dataSource(), "SELECT count(*) FROM reading_quarantine")).isEqualTo(1);
    }

    @Test
    void releaseStoresWhatNowPassesAndKeepsWhatStillFailsWithItsReasonUpdated() throws Exception {
        Instant soon = NOW.plus(Duration.ofHours(2));
        write(writer, List.of(new Reading("M1", soon, "index.total", 900),            // future now, fine later
                new Reading("M1", HORIZON.minusSeconds(5), "index.total", 5),          // before the horizon for good
                new Reading("M2", NOW.plus(Duration.ofDays(3)), "index.total", 7)), "import:capture.txt");
        clearMarks();
        long m1Future;
        try (Connection c = db.dataSource().getConnection()) {
            m1Future = Quarantine.list(c, Quarantine.Selection.of("M1", "future_instant"), 10).get(0).id();
        }

        // Three hours later: M1's reading is no longer in the future; the one before the horizon still fails.
        Instant later = NOW.plus(Duration.ofHours(3));
        try (ReadingWriter laterWriter = writer(Clock.fixed(later, ZoneOffset.UTC))) {
            Quarantine.Released r = Quarantine.release(db.dataSource(), laterWriter, Quarantine.Selection.of("M1", null));
            assertThat(r.released()).isEqualTo(1);
            assertThat(r.superseded()).isZero();
            assertThat(r.stillHeld()).isEqualTo(Map.of("before_horizon", 1));
        }
        assertThat(TestMeters.rows(db.dataSource(), "M1")).contains("index.total@" + soon + "=900");
        assertThat(TestMeters.dirtySince(db.dataSource(), "M1")).isEqualTo(soon);
        try (Connection c = db.dataSource().getConnection()) {
            List<Quarantine.Held> left = Quarantine.list(c, Quarantine.Selection.of(null, null), 10);
            assertThat(left).extracting(Quarantine.Held::meter, Quarantine.Held::reason)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("M1", "before_horizon"),
                            org.assertj.core.groups.Tuple.tuple("M2", "future_instant"));
            Quarantine.Held kept = left.stream().filter(h -> h.meter().equals("M1")).findFirst().orElseThrow();
            assertThat(kept.checkedAt()).isEqualTo(later);  // checked again
            assertThat(kept.receivedAt()).isEqualTo(NOW);   // first received then
            assertThat(kept.source()).isEqualTo("import:capture.txt");
            assertThat(left).extracting(Quarantine.Held::id).doesNotContain(m1Future);

            // Release by id of a reading that still fails: it stays, same id.
            long m2 = left.stream().filter(h -> h.meter().equals("M2")).findFirst().orElseThrow().id();
            assertThat(Quarantine.release(db.dataSource(), writer, Quarantine.Selection.ids(List.of(m2))).stillHeld())
                    .isEqualTo(Map.of("future_instant", 1));
            assertThat(Quarantine.list(c, Quarantine.Selection.ids(List.of(m2)), 10)).hasSize(1);

            // Drop: by meter and reason, then by id.
            assertThat(Quarantine.drop(c, Quarantine.Selection.of("M1", "future_instant"))).isZero();
            assertThat(Quarantine.drop(c, Quarantine.Selection.of("M1", "before_horizon"))).isEqualTo(1);
            assertThat(Quarantine.drop(c, Quarantine.Selection.ids(List.of(m2, 999_999L)))).isEqualTo(1);
            assertThat(Quarantine.countByReason(c)).isEmpty();
        }
    }

    @Test
    void aReleasedReadingWhoseKeyIsAlreadyStoredWithAnotherValueLeavesQuarantineAsSuperseded() throws Exception {
        Instant at = NOW.plus(Duration.ofHours(1));
        write(writer, List.of(new Reading("M1", at, "index.total", 900)), "mqtt:a");
        try (ReadingWriter laterWriter = writer(Clock.fixed(at, ZoneOffset.UTC))) {
            write(laterWriter, List.of(new Reading("M1", at, "index.total", 901)), "mqtt:a");
            Quarantine.Released r = Quarantine.release(db.dataSource(), laterWriter, Quarantine.Selection.of("M1", null));
            assertThat(r.released()).isZero();
            assertThat(r.superseded()).isEqualTo(1);
        }
        assertThat(TestMeters.rows(db.dataSource(), "M1")).containsExactly("index.total@" + at + "=901");
        assertThat(count(db.dataSource(), "SELECT count(*) FROM reading_quarantine")).isZero();
    }

    @Test
    void aReleasedReadingWhoseDayIsCompactedIsSettledByTheBlockNotWrittenBesideIt() throws Exception {
        Instant at = NOW.plus(Duration.ofHours(1));
        Instant same = NOW.plus(Duration.ofHours(1).plusMinutes(1));
        write(writer, List.of(new Reading("M1", at, "index.total", 900), new Reading("M1", same, "index.total", 950)), "mqtt:a");
        try (ReadingWriter laterWriter = writer(Clock.fixed(same, ZoneOffset.UTC))) {
            write(laterWriter, List.of(new Reading("M1", at, "index.total", 901), new Reading("M1", same, "index.total", 950)), "mqtt:a");
        }
        // The day ends and is compacted: the stored values now live in a block, the hot table has none of them.
        Instant nextDay = at.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1).plusHours(3));
        new ReadingCompactor(db.dataSource(), Clock.fixed(nextDay, ZoneOffset.UTC), Duration.ofHours(2)).apply();
        assertThat(count(db.dataSource(), "SELECT count(*) FROM reading WHERE instant >= '" + at + "'")).isZero();

        try (ReadingWriter laterWriter = writer(Clock.fixed(nextDay, ZoneOffset.UTC))) {
            Quarantine.Released r = Quarantine.release(db.dataSource(), laterWriter, Quarantine.Selection.of("M1", null));
            assertThat(r.superseded()).isEqualTo(1);  // 900 under a key whose block holds 901
            assertThat(r.released()).isEqualTo(1);    // 950, the block's own value
            assertThat(r.stillHeldTotal()).isZero();
        }
        // Nothing was written beside the block, where it would have counted as released while never being read.
        assertThat(count(db.dataSource(), "SELECT count(*) FROM reading WHERE instant >= '" + at + "'")).isZero();
        assertThat(count(db.dataSource(), "SELECT count(*) FROM reading_quarantine")).isZero();
    }

    private void clearMarks() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            for (RecomputeMarks.Mark m : RecomputeMarks.dirty(c, 100)) {
                RecomputeMarks.clearIfUnchanged(c, m.meterId(), m.markedAt());
            }
        }
    }
}
