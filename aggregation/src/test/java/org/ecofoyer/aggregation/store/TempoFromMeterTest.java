package org.ecofoyer.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.aggregation.query.Series;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.TempoColour;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.ingest.pipeline.ReadingPipeline;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tempo colours announced by a live meter reach the Tempo calendar and the prices: standard TIC frames (STGE) go
 * through ingest's live pipeline (validation, downsampling, writer) into the database; the recompute learns the
 * colours and prices the half-hours by them.
 */
class TempoFromMeterTest {
    static ReadingWriter writer;
    static ReadingPipeline pipeline;

    @BeforeAll
    static void open() {
        RecomputeDatabaseTest.open();
        writer = new ReadingWriter(RecomputeDatabaseTest.db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory()).start();
        // The default downsampling, except that a held-back value is written after 1 s of silence instead of waiting for
        // the meter's next frame (this test's meter stops at 20:00).
        pipeline = new ReadingPipeline(writer, new DownsamplingConfig(null, null, null, null, Duration.ofSeconds(1), null), Map.of(), null);
    }

    @AfterAll
    static void close() {
        pipeline.close();
        writer.close(Duration.ofSeconds(10));
        RecomputeDatabaseTest.close();
    }

    /** A standard Linky frame: total index EAST, and STGE with the Tempo colours (bits 24-25 today, 26-27 tomorrow). */
    static io.vertx.core.Future<Void> frame(String local, long eastWh, int today, int tomorrow) {
        TicFrame.Builder b = TicFrame.builder(TicMode.STANDARD);
        assertThat(b.add("EAST", String.format("%09d", eastWh))).isTrue();
        assertThat(b.add("STGE", String.format("%08X", (today << 24) | (tomorrow << 26) | (1 << 17)))).isTrue();
        Instant at = RecomputeDatabaseTest.local(local);
        return pipeline.accept("m-tempo-live", b.build().readings("m-tempo-live", at));
    }

    @Test
    void coloursAnnouncedByALiveMeterColourTheDaysAndPriceTheRollups() throws Exception {
        int m = RecomputeDatabaseTest.meter("h-tempo-live", "m-tempo-live", "ELECTRICITY", "TEMPO");
        // 2026-01-15, a red day (today = 3), no announcement for tomorrow yet: 1 kWh between 12:00 and 12:30 (HP).
        List<io.vertx.core.Future<Void>> acks = List.of(frame("2026-01-15T12:00", 5_000_000, 3, 0),
                frame("2026-01-15T12:15", 5_000_500, 3, 0), frame("2026-01-15T12:30", 5_001_000, 3, 0),
                // At 20:00 the meter announces tomorrow as white (2); nothing consumed.
                frame("2026-01-15T20:00", 5_001_000, 3, 2));
        // Acknowledged = committed (the pipeline holds half-hour boundary values until a later one or an idle flush).
        io.vertx.core.Future.all(acks).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(RecomputeDatabaseTest.count("SELECT count(*) FROM reading WHERE meter_id = ? AND channel = ?", m,
                Channels.TEMPO_TODAY)).isGreaterThan(0);

        RecomputeDatabaseTest.recompute.drain();
        assertThat(RecomputeDatabaseTest.count("SELECT count(*) FROM tempo_day WHERE day = '2026-01-15' AND colour = 'RED'")).isEqualTo(1);
        assertThat(RecomputeDatabaseTest.count("SELECT count(*) FROM tempo_day WHERE day = '2026-01-16' AND colour = 'WHITE'")).isEqualTo(1);
        // Learning settles: no meter is left dirty (an unchanged colour marks nothing again).
        assertThat(RecomputeDatabaseTest.count("SELECT count(*) FROM reading_dirty WHERE meter_id = ?", m)).isZero();

        Series s = RecomputeDatabaseTest.series("h-tempo-live", Granularity.HALF_HOUR, "2026-01-15", "2026-01-16");
        SeriesPoint noon = s.points().stream().filter(p -> p.localStart().equals(LocalDateTime.parse("2026-01-15T12:00")))
                .findFirst().orElseThrow();
        assertThat(noon.quantity()).isEqualTo(1.0);
        // Red-day HP: 0.6468 €/kWh (a blue day, the default for an unknown colour, would be 0.1494).
        assertThat(noon.periods()).containsOnlyKeys("TEMPO_RED_HP");
        assertThat(noon.costEur()).isEqualTo(0.6468);
        assertThat(RecomputeDatabaseTest.series("h-tempo-live", Granularity.DAY, "2026-01-15", "2026-01-16").points().get(0)
                .periods()).containsOnlyKeys("TEMPO_RED_HP");
    }

    @Test
    void aChangedAnnouncementRepricesTheTempoMeters() throws SQLException {
        // The operator's calendar said blue; the meter says red: the day is corrected and Tempo meters marked dirty.
        CalendarStoreAccess.setTempo(LocalDate.parse("2026-02-10"), TempoColour.BLUE);
        int m = RecomputeDatabaseTest.meter("h-tempo-fix", "m-tempo-fix", "ELECTRICITY", "TEMPO");
        RecomputeDatabaseTest.readings(m, Channels.TEMPO_TODAY, RecomputeDatabaseTest.local("2026-02-10T09:00"), 3);
        RecomputeDatabaseTest.readings(m, Channels.INDEX_TOTAL, RecomputeDatabaseTest.local("2026-02-10T09:00"), 0,
                RecomputeDatabaseTest.local("2026-02-10T09:30"), 2000);
        RecomputeDatabaseTest.recompute.drain();
        assertThat(RecomputeDatabaseTest.count("SELECT count(*) FROM tempo_day WHERE day = '2026-02-10' AND colour = 'RED'")).isEqualTo(1);
        Series s = RecomputeDatabaseTest.series("h-tempo-fix", Granularity.DAY, "2026-02-10", "2026-02-11");
        // 2 kWh at the red HP price of the 2026-02-01 grid (EDF sheet: 70.60 c€/kWh)
        assertThat(s.points().get(0).costEur()).isCloseTo(2 * 0.7060, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** The operator's path to the calendar (as `ecofoyer tariff tempo` does). */
    static final class CalendarStoreAccess {
        static void setTempo(LocalDate day, TempoColour colour) throws SQLException {
            try (var c = RecomputeDatabaseTest.db.dataSource().getConnection()) {
                CalendarStore.setTempo(c, Map.of(day, colour));
            }
        }
    }
}
