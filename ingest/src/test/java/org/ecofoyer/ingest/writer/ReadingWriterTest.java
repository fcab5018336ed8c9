package org.ecofoyer.ingest.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.count;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadingWriterTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private Database db;
    private ReadingWriter writer;
    private IngestMetrics metrics;

    @BeforeEach
    void setUp() {
        db = TestDatabases.newMigratedDatabase();
        addMeter(db.dataSource(), "M1");
        addMeter(db.dataSource(), "M2");
        metrics = IngestMetrics.inMemory();
        writer = new ReadingWriter(db.dataSource(), new WriterConfig(100, Duration.ofMillis(50), 1000, 2, null, null), metrics).start();
    }

    @AfterEach
    void tearDown() {
        writer.close();
        db.close();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void writesReadingsAndMarksTheEarliestInstantDirty() throws Exception {
        WriteResult r = await(writer.submit(List.of(
                new Reading("M1", T0.plusSeconds(60), "index.total", 1000),
                new Reading("M1", T0, "index.total", 990),
                new Reading("M2", T0.plusSeconds(30), "power.apparent", 450))));

        assertThat(r).isEqualTo(new WriteResult(3, 0));
        assertThat(TestMeters.rows(db.dataSource(), "M1"))
                .containsExactly("index.total@2026-03-01T10:00:00Z=990", "index.total@2026-03-01T10:01:00Z=1000");
        assertThat(TestMeters.dirtySince(db.dataSource(), "M1")).isEqualTo(T0);
        assertThat(TestMeters.dirtySince(db.dataSource(), "M2")).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void aRedeliveredSubmissionIsStoredOnceAndDoesNotMoveTheDirtyMark() throws Exception {
        List<Reading> batch = List.of(new Reading("M1", T0, "index.total", 990), new Reading("M1", T0, "index.total", 990));
        await(writer.submit(batch));
        await(writer.submit(List.of(new Reading("M1", T0.plusSeconds(600), "index.total", 995))));
        try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("DELETE FROM reading_dirty"); // as the aggregator does once it has caught up
        }

        WriteResult again = await(writer.submit(batch));

        assertThat(again.written()).isEqualTo(2);
        assertThat(TestMeters.readings(db.dataSource(), "M1")).isEqualTo(2);
        assertThat(TestMeters.dirtySince(db.dataSource(), "M1")).as("nothing new: nothing to recompute").isNull();
        assertThat(metrics.duplicates()).isEqualTo(3);
    }

    @Test
    void readingsOfAnUnknownMeterAreRejectedAndCountedWhileTheOthersAreWritten() throws Exception {
        WriteResult r = await(writer.submit(List.of(new Reading("NOPE", T0, "index.total", 1),
                new Reading("M1", T0, "index.total", 2))));

        assertThat(r).isEqualTo(new WriteResult(1, 1));
        assertThat(metrics.rejected("unknown_meter")).isEqualTo(1);
        assertThat(TestMeters.readings(db.dataSource(), "M1")).isEqualTo(1);
    }

    @Test
    void aMeterDeletedAfterItsIdWasCachedGetsNoMoreReadingsAndTookItsReadingsWithIt() throws Exception {
        await(writer.submit(List.of(new Reading("M2", T0, "index.total", 1)))); // the writer now knows M2's id
        long id = count(db.dataSource(), "SELECT id FROM meter WHERE code = 'M2'");
        try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("DELETE FROM meter WHERE code = 'M2'");
        }
        assertThat(count(db.dataSource(), "SELECT count(*) FROM reading WHERE meter_id = ?", id)).as("erased with its meter").isZero();

        WriteResult late = await(writer.submit(List.of(new Reading("M2", T0.plusSeconds(60), "index.total", 2),
                new Reading("M1", T0, "index.total", 3))));

        assertThat(late).isEqualTo(new WriteResult(1, 1));
        assertThat(metrics.rejected("unknown_meter")).isEqualTo(1);
        assertThat(count(db.dataSource(), "SELECT count(*) FROM reading WHERE meter_id = ?", id)).as("no orphan").isZero();
        assertThat(TestMeters.readings(db.dataSource(), "M1")).isEqualTo(1);
    }

    @Test
    void eventsAndHooksCommitWithTheReadings() throws Exception {
        await(writer.submit(List.of(new Reading("M1", T0, "index.total", 5)),
                List.of(new MeterEvent("M1", T0, MeterEvent.INDEX_RESET, "index.total", "from 9000 to 5")),
                c -> {
                    try (var st = c.createStatement()) {
                        st.execute("CREATE TABLE hook_ran (x int)");
                    }
                }));

        assertThat(count(db.dataSource(), "SELECT count(*) FROM meter_event WHERE kind = 'index_reset'")).isEqualTo(1);
        assertThat(count(db.dataSource(), "SELECT count(*) FROM hook_ran")).isZero();
    }

    @Test
    void aSubmissionTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsWritten() throws Exception {
        Future<WriteResult> good1 = writer.submit(List.of(new Reading("M1", T0, "index.total", 1)));
        Future<WriteResult> bad = writer.submit(List.of(new Reading("M2", T0, "index.total", 1)), List.of(),
                c -> {
                    throw new java.sql.SQLException("cursor moved backwards", "22023");
                });
        Future<WriteResult> good2 = writer.submit(List.of(new Reading("M1", T0.plusSeconds(1), "index.total", 2)));

        assertThat(await(good1).written()).isEqualTo(1);
        assertThat(await(good2).written()).isEqualTo(1);
        assertThat(bad.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(20));
        assertThat(TestMeters.readings(db.dataSource(), "M2")).isZero();
        assertThat(TestMeters.readings(db.dataSource(), "M1")).isEqualTo(2);
    }

    @Test
    void manySubmissionsFromSeveralThreadsAreAllWrittenOnce() throws Exception {
        List<Future<WriteResult>> futures = new ArrayList<>();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    // each reading twice, from different producers: stored once
                    Future<WriteResult> f = writer.submit(List.of(
                            new Reading("M" + (producer % 2 + 1), T0.plusSeconds(i), "index.total", i),
                            new Reading("M" + (producer % 2 + 1), T0.plusSeconds(i), "power.apparent", 100 + i)));
                    synchronized (futures) {
                        futures.add(f);
                    }
                }
            });
            producers.add(t);
            t.start();
        }
        for (Thread t : producers) {
            t.join();
        }
        await(Future.all(futures));

        assertThat(TestMeters.readings(db.dataSource(), "M1")).isEqualTo(1000);
        assertThat(TestMeters.readings(db.dataSource(), "M2")).isEqualTo(1000);
        assertThat(metrics.stored()).isEqualTo(2000);
        assertThat(metrics.duplicates()).isEqualTo(2000);
    }

    @Test
    void aFullQueueMakesEventLoopCallersFailFastAndTrySubmitRefuse() throws Exception {
        ReadingWriter unstarted = new ReadingWriter(db.dataSource(), new WriterConfig(10, Duration.ofMillis(50), 10, 1, null, null),
                IngestMetrics.inMemory());
        List<Reading> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(new Reading("M1", T0.plusSeconds(i), "index.total", i));
        }
        Future<WriteResult> first = unstarted.trySubmit(ten, List.of(), null);
        Future<WriteResult> second = unstarted.trySubmit(List.of(new Reading("M1", T0, "power.apparent", 1)), List.of(), null);

        assertThat(second.failed()).isTrue();
        assertThat(second.cause()).isInstanceOf(WriterFullException.class);
        unstarted.start();
        assertThat(await(first).written()).isEqualTo(10);
        unstarted.close();
    }
}
