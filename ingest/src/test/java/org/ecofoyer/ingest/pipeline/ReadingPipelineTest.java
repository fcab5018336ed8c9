package org.ecofoyer.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.count;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadingPipelineTest {
    private static final Instant T = Instant.parse("2026-03-01T10:28:00Z");
    private Database db;
    private ReadingWriter writer;
    private ReadingPipeline pipeline;
    private Vertx vertx;

    @BeforeEach
    void setUp() {
        db = TestDatabases.newMigratedDatabase();
        addMeter(db.dataSource(), "M1");
        addMeter(db.dataSource(), "RAW");
        vertx = Vertx.vertx();
        writer = new ReadingWriter(db.dataSource(), new WriterConfig(100, Duration.ofMillis(20), 1000, 1, null, null),
                IngestMetrics.inMemory()).start();
        pipeline = new ReadingPipeline(writer, DownsamplingConfig.DEFAULTS, Map.of("RAW", DownsamplingConfig.OFF,
                "M1", DownsamplingConfig.DEFAULTS.unstaggered()), new LiveBus(vertx));
    }

    @AfterEach
    void tearDown() {
        pipeline.close();
        writer.close();
        db.close();
        vertx.close();
    }

    private static void await(Future<?> f) throws Exception {
        f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static List<Reading> frame(String meter, int secondsAfter, long wh, long va) {
        return List.of(new Reading(meter, T.plusSeconds(secondsAfter), "index.total", wh),
                new Reading(meter, T.plusSeconds(secondsAfter), "power.apparent", va));
    }

    @Test
    void downsamplingStoresTheHalfHourBoundaryValuesAndAcknowledgesAHeldFrameOnlyOnceItIsWritten() throws Exception {
        Future<Void> last = null;
        Future<Void> beforeBoundary = null;
        for (int i = 0; i <= 19; i++) { // 10:28:00 .. 10:31:10 every 10 s
            Future<Void> f = pipeline.accept("M1", frame("M1", i * 10, 1000 + i, 500));
            if (i == 11) {
                beforeBoundary = f; // 10:29:50: held back as the last value before 10:30
            }
            if (i == 11) {
                await(writer.submit(List.of())); // one writer thread, FIFO: everything submitted before is committed
                assertThat(f.isComplete()).as("a held boundary value is not acknowledged yet").isFalse();
            }
            last = f;
        }
        await(beforeBoundary);
        await(writer.submit(List.of()));
        assertThat(last.isComplete()).as("10:31:10 is held as the next boundary candidate").isFalse();
        pipeline.close(); // an orderly stop writes what is held back
        await(last);

        assertThat(TestMeters.rows(db.dataSource(), "M1").stream().filter(r -> r.startsWith("index")).toList()).containsExactly(
                "index.total@2026-03-01T10:28:00Z=1000",
                "index.total@2026-03-01T10:29:00Z=1006",
                "index.total@2026-03-01T10:29:50Z=1011",  // the last value before 10:30, written when 10:30:00 came
                "index.total@2026-03-01T10:30:00Z=1012",  // a minute after 10:29:00 (boundary values are extra)
                "index.total@2026-03-01T10:31:00Z=1018",
                "index.total@2026-03-01T10:31:10Z=1019"); // held, written by the orderly stop
        assertThat(TestMeters.rows(db.dataSource(), "M1").stream().filter(r -> r.startsWith("power")).toList()).containsExactly(
                "power.apparent.max_1m@2026-03-01T10:28:00Z=500",
                "power.apparent.max_1m@2026-03-01T10:29:00Z=500",
                "power.apparent.max_1m@2026-03-01T10:30:00Z=500",
                "power.apparent.max_1m@2026-03-01T10:31:00Z=500",
                "power.apparent.mean_1m@2026-03-01T10:28:00Z=500",
                "power.apparent.mean_1m@2026-03-01T10:29:00Z=500",
                "power.apparent.mean_1m@2026-03-01T10:30:00Z=500",
                "power.apparent.mean_1m@2026-03-01T10:31:00Z=500");
    }

    @Test
    void pastTheLimitOfHeldMessagesHeldValuesAreWrittenEarlySoThatAcknowledgementsDoNotStall() throws Exception {
        // A held value waits for a later frame or for 10 minutes of silence; a broker at its receive maximum would send
        // no later frame, so past the limit the pipeline writes held values at once.
        DownsamplingConfig patient = new DownsamplingConfig(null, null, null, null, Duration.ofMinutes(10), false);
        try (ReadingPipeline p = new ReadingPipeline(writer, patient, Map.of(), null)) {
            p.limitHeldMessages(0);
            await(p.accept("M1", frame("M1", 0, 1000, 500)));             // 10:28:00: the first value, stored at once
            Future<Void> held = p.accept("M1", frame("M1", 10, 1001, 500)); // 10:28:10: held (the boundary candidate)
            assertThat(p.heldMessages()).isEqualTo(1);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(held::isComplete);
            assertThat(held.succeeded()).isTrue();
            assertThat(p.heldMessages()).isZero();
            assertThat(TestMeters.rows(db.dataSource(), "M1").stream().filter(r -> r.startsWith("index")).toList())
                    .containsExactly("index.total@2026-03-01T10:28:00Z=1000", "index.total@2026-03-01T10:28:10Z=1001");
        }
    }

    @Test
    void anIndexGoingDownIsARecordedResetAndANewBaseline() throws Exception {
        await(pipeline.accept("RAW", frame("RAW", 0, 90_000, 300)));
        await(pipeline.accept("RAW", frame("RAW", 2, 12, 300)));
        await(pipeline.accept("RAW", frame("RAW", 4, 15, 300)));

        assertThat(count(db.dataSource(), "SELECT count(*) FROM meter_event WHERE kind = 'index_reset' AND channel = 'index.total'"))
                .isEqualTo(1);
        assertThat(TestMeters.rows(db.dataSource(), "RAW").stream().filter(r -> r.startsWith("index")).toList())
                .containsExactly("index.total@2026-03-01T10:28:00Z=90000", "index.total@2026-03-01T10:28:02Z=12",
                        "index.total@2026-03-01T10:28:04Z=15");
        assertThat(writer.metrics().rejected("index_reset")).isEqualTo(1);
    }

    @Test
    void impossibleValuesAreHeldInQuarantineCountedByReasonAndTheRestIsStored() throws Exception {
        await(pipeline.accept("RAW", List.of(new Reading("RAW", T, "index.total", -5),
                new Reading("RAW", T, "power.apparent", 9_000_000),
                new Reading("RAW", T, "voltage.1", 231)), "serial:/dev/ttyTEST"));

        assertThat(TestMeters.rows(db.dataSource(), "RAW")).containsExactly("voltage.1@2026-03-01T10:28:00Z=231");
        assertThat(writer.metrics().quarantined("negative_value")).isEqualTo(1);
        assertThat(writer.metrics().quarantined("power_out_of_range")).isEqualTo(1);
        assertThat(count(db.dataSource(), "SELECT count(*) FROM reading_quarantine WHERE source = 'serial:/dev/ttyTEST'"
                + " AND ((channel = 'index.total' AND value = -5 AND reason = 'negative_value')"
                + " OR (channel = 'power.apparent' AND value = 9000000 AND reason = 'power_out_of_range'))")).isEqualTo(2);
    }

    @Test
    void everyMessageGoesToTheLiveBusUnthrottled() throws Exception {
        List<JsonObject> live = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(LiveBus.address("M1"), m -> live.add(m.body())).completion()
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            pipeline.accept("M1", frame("M1", i, 1000, 400 + i));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> live.size() == 5);
        assertThat(live.get(4).getJsonObject("values").getLong("power.apparent")).isEqualTo(404);
        assertThat(live.get(4).getString("instant")).isEqualTo("2026-03-01T10:28:04Z");
    }

    /**
     * Security finding 2: one frame stamped in 2036 multiplied the rollups twentyfold and made every later frame rewrite
     * the gap. A reading more than ten minutes ahead of the writer's clock never reaches {@code reading}: it is held in
     * quarantine, counted by reason, and moves neither the index baseline (no reset recorded for the next, lower,
     * value) nor the live bus.
     */
    @Test
    void aReadingFarAheadOfTheClockIsHeldInQuarantineAndMovesNothing() throws Exception {
        IngestMetrics metrics = IngestMetrics.inMemory();
        try (ReadingWriter fixed = new ReadingWriter(db.dataSource(), new WriterConfig(100, Duration.ofMillis(20), 1000, 1, null, null),
                metrics, java.time.Clock.fixed(T, java.time.ZoneOffset.UTC), Duration.ofMinutes(10)).start();
             ReadingPipeline p = new ReadingPipeline(fixed, DownsamplingConfig.OFF, Map.of(), new LiveBus(vertx))) {
            List<JsonObject> live = new java.util.concurrent.CopyOnWriteArrayList<>();
            vertx.eventBus().<JsonObject>consumer(LiveBus.address("RAW"), m -> live.add(m.body())).completion()
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            await(p.accept("RAW", List.of(new Reading("RAW", T.minusSeconds(120), "index.total", 1_000)), "test:clock"));
            await(p.accept("RAW", List.of(new Reading("RAW", T.plus(Duration.ofDays(3650)), "index.total", 5_000)), "test:clock"));
            await(p.accept("RAW", List.of(new Reading("RAW", T.plus(Duration.ofMinutes(10)).plusSeconds(1), "index.total", 4_000)), "test:clock"));
            await(p.accept("RAW", List.of(new Reading("RAW", T.plus(Duration.ofMinutes(10)), "index.total", 3_000)), "test:clock"));
            await(p.accept("RAW", List.of(new Reading("RAW", T.minusSeconds(60), "index.total", 2_000)), "test:clock"));
            // the live bus saw the three trusted values only (a fourth message would have arrived before the third)
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> live.size() >= 3);
            assertThat(live).extracting(m -> m.getJsonObject("values").getLong("index.total")).containsExactly(1_000L, 3_000L, 2_000L);
        }
        assertThat(metrics.quarantined(org.ecofoyer.ingest.writer.ReadingChecks.FUTURE_INSTANT)).isEqualTo(2.0);
        assertThat(TestMeters.rows(db.dataSource(), "RAW")).containsExactly("index.total@" + T.minusSeconds(120) + "=1000",
                "index.total@" + T.minusSeconds(60) + "=2000", "index.total@" + T.plus(Duration.ofMinutes(10)) + "=3000");
        assertThat(TestMeters.count(db.dataSource(), "SELECT count(*) FROM reading_quarantine WHERE reason = 'future_instant'"
                + " AND source = 'test:clock'")).isEqualTo(2);
        assertThat(TestMeters.count(db.dataSource(), "SELECT count(*) FROM meter_event")).isZero();
    }
}
