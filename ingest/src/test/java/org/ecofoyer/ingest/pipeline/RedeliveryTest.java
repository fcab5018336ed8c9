package org.ecofoyer.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.ecofoyer.ingest.TestMeters.addMeter;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.SessionFenced;
import org.ecofoyer.ingest.writer.StoredIndexes;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The redelivery rule in the pipeline, on a real database: an undated frame delivered again is stamped anew, so only
 * its values tell it — a copy is not stored a second time, its acknowledgement never outruns the held first delivery,
 * a new process recognises it from the store, and an idle meter's frames are no copies.
 */
class RedeliveryTest {
    private static final Instant T = Instant.parse("2026-03-01T10:28:00Z");
    private Database db;
    private IngestMetrics metrics;
    private ReadingWriter writer;

    @BeforeEach
    void setUp() {
        db = TestDatabases.newMigratedDatabase();
        addMeter(db.dataSource(), "M1");
        metrics = IngestMetrics.inMemory();
        writer = new ReadingWriter(db.dataSource(), new WriterConfig(100, Duration.ofMillis(20), 1000, 1, null, null), metrics).start();
    }

    @AfterEach
    void tearDown() {
        writer.close();
        db.close();
    }

    private ReadingPipeline pipeline() {
        return new ReadingPipeline(writer, DownsamplingConfig.DEFAULTS.unstaggered(), Map.of(), null, new StoredIndexes(db.dataSource()));
    }

    private static void await(Future<?> f) throws Exception {
        f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** A frame stamped {@code secondsAfter} T (on reception: a copy gets a later stamp than its first delivery). */
    private static List<Reading> frame(int secondsAfter, long wh) {
        return List.of(new Reading("M1", T.plusSeconds(secondsAfter), "index.total", wh),
                new Reading("M1", T.plusSeconds(secondsAfter), "power.apparent", 400));
    }

    private List<String> index() {
        return TestMeters.rows(db.dataSource(), "M1").stream().filter(r -> r.startsWith("index")).toList();
    }

    @Test
    void aCopyOfAHeldFrameIsNotStoredAndIsAcknowledgedOnlyOnceTheFirstDeliveryIsCommitted() throws Exception {
        Future<Void> first;
        Future<Void> copy;
        try (ReadingPipeline p = pipeline()) {
            await(p.accept("M1", frame(0, 1000), "mqtt:t", Arrival.DELIVERED)); // the first value: stored at once
            first = p.accept("M1", frame(10, 1001), "mqtt:t", Arrival.DELIVERED); // held: not due for 60 s
            // the broker lost the connection and sends it again, with its packet id; stamped anew, 20 s later
            copy = p.accept("M1", frame(30, 1001), "mqtt:t", Arrival.DELIVERED_AGAIN);
            await(writer.submit(List.of())); // one writer thread, in order: all submitted so far is committed
            assertThat(first.isComplete()).as("the first delivery, held by downsampling").isFalse();
            assertThat(copy.isComplete()).as("the copy: acknowledging it would let the broker forget a value not committed")
                    .isFalse();
            assertThat(metrics.redeliveriesRecognised()).isEqualTo(1);
        } // the orderly stop writes what is held
        await(first);
        await(copy);
        assertThat(index()).containsExactly("index.total@2026-03-01T10:28:00Z=1000", "index.total@2026-03-01T10:28:10Z=1001");
    }

    @Test
    void aCopyOfAValueAlreadyStoredIsAcknowledgedWithoutWaitingAndANewValueInTheSameWayIsStored() throws Exception {
        try (ReadingPipeline p = pipeline()) {
            await(p.accept("M1", frame(0, 1000), "mqtt:t", Arrival.DELIVERED));
            await(p.accept("M1", frame(30, 1000), "mqtt:t", Arrival.DELIVERED_AGAIN)); // committed, its ack was lost
            await(p.accept("M1", frame(70, 1002), "mqtt:t", Arrival.DELIVERED_AGAIN)); // same id by chance, moved: new
            assertThat(metrics.redeliveriesRecognised()).isEqualTo(1);
            await(writer.submit(List.of()));
            assertThat(index()).containsExactly("index.total@2026-03-01T10:28:00Z=1000", "index.total@2026-03-01T10:29:10Z=1002");
        }
    }

    @Test
    void aNewProcessRecognisesACopyOfWhatTheKilledOneCommittedFromTheStore() throws Exception {
        try (ReadingPipeline killed = pipeline()) {
            await(killed.accept("M1", frame(0, 1000), "mqtt:t", Arrival.DELIVERED));
            await(killed.accept("M1", frame(60, 1005), "mqtt:t", Arrival.DELIVERED)); // committed; the kill takes its ack
        }
        // the replacement has seen nothing: the copies of committed frames come first, stamped 10 minutes later
        Future<Void> fresh;
        try (ReadingPipeline replacement = pipeline()) {
            await(replacement.accept("M1", frame(600, 1005), "mqtt:t", Arrival.DELIVERED));
            await(replacement.accept("M1", frame(601, 1000), "mqtt:t", Arrival.DELIVERED)); // older, within the span
            assertThat(metrics.redeliveriesRecognised()).isEqualTo(2);
            fresh = replacement.accept("M1", frame(602, 1006), "mqtt:t", Arrival.DELIVERED); // never stored: new
        } // the new baseline waits for the meter's slot: the orderly stop writes it
        await(fresh);
        assertThat(index()).containsExactly("index.total@2026-03-01T10:28:00Z=1000", "index.total@2026-03-01T10:29:00Z=1005",
                "index.total@2026-03-01T10:38:02Z=1006");
        assertThat(metrics.redeliveriesRecognised()).isEqualTo(2);
    }

    @Test
    void pastTheResendWindowAnIdleRegisterTakesItsBaselineAsBeforeSoThatItsNextMoveIsDated() throws Exception {
        try (ReadingPipeline killed = pipeline()) {
            await(killed.accept("M1", frame(0, 1000), "mqtt:t", Arrival.DELIVERED));
        }
        try (ReadingPipeline replacement = pipeline()) {
            await(replacement.accept("M1", frame(600, 1000), "mqtt:t", Arrival.DELIVERED)); // within the window: a copy
            await(replacement.accept("M1", frame(660, 1000), "mqtt:t", Arrival.LIVE)); // past it: the register is still
        }
        // what a restart stored before the rule: the still register's value at the restart, so that when it moves,
        // the change is dated from there, not spread over the whole quiet stretch since 10:28
        assertThat(index()).containsExactly("index.total@2026-03-01T10:28:00Z=1000", "index.total@2026-03-01T10:39:00Z=1000");
        assertThat(metrics.redeliveriesRecognised()).isEqualTo(1);
    }

    @Test
    void withoutTheStoreANewProcessWouldStoreTheCopyAgain() throws Exception {
        // the same replacement without the store's recent values: the hole the store closes (and the fault tests see)
        try (ReadingPipeline killed = pipeline()) {
            await(killed.accept("M1", frame(0, 1000), "mqtt:t", Arrival.DELIVERED));
        }
        try (ReadingPipeline blind = new ReadingPipeline(writer, DownsamplingConfig.DEFAULTS.unstaggered(), Map.of(), null)) {
            await(blind.accept("M1", frame(600, 1000), "mqtt:t", Arrival.DELIVERED));
        }
        assertThat(index()).containsExactly("index.total@2026-03-01T10:28:00Z=1000", "index.total@2026-03-01T10:38:00Z=1000");
        assertThat(metrics.redeliveriesRecognised()).isZero();
    }

    @Test
    void anIdleMetersFramesAreNoRedeliveriesAndAreNotStoredAgainAtTheBoundary() throws Exception {
        // the same index every 10 s from 10:28:00 to 10:31:10, across the 10:30 boundary, as an MQTT source hands them
        try (ReadingPipeline p = pipeline()) {
            for (int i = 0; i <= 19; i++) {
                p.accept("M1", frame(i * 10, 1000), "mqtt:t", Arrival.DELIVERED);
            }
            await(writer.submit(List.of()));
            assertThat(metrics.redeliveriesRecognised()).isZero();
            assertThat(index()).as("the still register is not stored again at 10:30").containsExactly("index.total@2026-03-01T10:28:00Z=1000");
            // it moves: its last still value is kept with the new one, so the change is dated to now
            await(p.accept("M1", frame(200, 1003), "mqtt:t", Arrival.DELIVERED));
            await(writer.submit(List.of()));
            assertThat(index()).containsExactly("index.total@2026-03-01T10:28:00Z=1000", "index.total@2026-03-01T10:31:10Z=1000",
                    "index.total@2026-03-01T10:31:20Z=1003");
        }
    }

    @Test
    void afterAFenceNothingOfTheFencedSessionCommitsAndItsResendComingBackHereIsStoredOnce() throws Exception {
        SessionEpoch session = new SessionEpoch();
        Future<Void> held;
        Future<Void> resend;
        try (ReadingPipeline p = pipeline()) {
            await(p.accept("M1", frame(0, 1000), "mqtt:t", Arrival.DELIVERED, session.ticket())); // stored at once
            held = p.accept("M1", frame(10, 1001), "mqtt:t", Arrival.DELIVERED, session.ticket()); // held: not due for 60 s
            session.fence(); // the lease was not renewed: a peer may adopt the session and be sent 1001 again
            p.forgetSeen();
            assertThat(catchThrowable(() -> await(held))).as("the held value is not committed after the fence")
                    .hasCauseInstanceOf(SessionFenced.class);
            assertThat(catchThrowable(() -> await(p.accept("M1", frame(20, 1002), "mqtt:t", Arrival.DELIVERED,
                    new SessionEpoch.Ticket(session, 0))))).as("a message received before the fence, handed over after it")
                    .hasCauseInstanceOf(SessionFenced.class);
            // the session came back to this process (no peer took it): the broker resends 1001 with its packet id
            resend = p.accept("M1", frame(30, 1001), "mqtt:t", Arrival.DELIVERED_AGAIN, session.ticket());
        }
        await(resend);
        assertThat(metrics.fencedReadings()).as("readings refused: the held 1001 (with its power) and the late 1002").isPositive();
        assertThat(metrics.redeliveriesRecognised()).as("1001 was never stored: not a copy of anything stored").isZero();
        assertThat(index()).containsExactly("index.total@2026-03-01T10:28:00Z=1000", "index.total@2026-03-01T10:28:30Z=1001");
    }

    @Test
    void aPlainReconnectionKeepsTheEpochAndTheResendIsRecognised() throws Exception {
        SessionEpoch session = new SessionEpoch();
        try (ReadingPipeline p = pipeline()) {
            await(p.accept("M1", frame(0, 1000), "mqtt:t", Arrival.DELIVERED, session.ticket()));
            Future<Void> first = p.accept("M1", frame(10, 1001), "mqtt:t", Arrival.DELIVERED, session.ticket());
            // the broker restarted: no fence, the same epoch; the resend comes back here with its packet id
            Future<Void> copy = p.accept("M1", frame(30, 1001), "mqtt:t", Arrival.DELIVERED_AGAIN, session.ticket());
            p.close();
            await(first);
            await(copy);
        }
        assertThat(metrics.fencedReadings()).isZero();
        assertThat(metrics.redeliveriesRecognised()).isEqualTo(1);
        assertThat(index()).containsExactly("index.total@2026-03-01T10:28:00Z=1000", "index.total@2026-03-01T10:28:10Z=1001");
    }

    @Test
    void aPeerThatAlreadySawTheMeterDoesNotStoreTheDeadSessionsCommittedCopyAgainButStoresWhatWasNeverStored() throws Exception {
        try (ReadingPipeline dead = pipeline()) {
            await(dead.accept("M1", frame(0, 1000), "mqtt:t", Arrival.DELIVERED));
            await(dead.accept("M1", frame(60, 1005), "mqtt:t", Arrival.DELIVERED)); // committed; the kill takes its ack
        }
        SessionEpoch adopted = new SessionEpoch();
        List<Future<Void>> acks;
        // downsampling off, as in the failover tests: every value that is not left out is stored
        try (ReadingPipeline peer = new ReadingPipeline(writer, DownsamplingConfig.OFF, Map.of(), null, new StoredIndexes(db.dataSource()))) {
            acks = List.of(
                    // the peer's own share of the same topic (a shared subscription): it has seen M1, up to 1006 (held)
                    peer.accept("M1", frame(62, 1006), "mqtt:t", Arrival.LIVE, new SessionEpoch().ticket()),
                    // the dead session, adopted: the broker resends 1005 (committed by the dead instance), stamped anew
                    peer.accept("M1", frame(100, 1005), "mqtt:t", Arrival.ADOPTED, adopted.ticket()),
                    // then what was queued for the dead session and never delivered: stored nowhere yet
                    peer.accept("M1", frame(101, 1009), "mqtt:t", Arrival.ADOPTED, adopted.ticket()));
        } // the orderly stop writes what is held
        for (Future<Void> ack : acks) {
            await(ack);
        }
        assertThat(index()).as("the committed copy stored once; the value never stored before stored").containsExactly(
                "index.total@2026-03-01T10:28:00Z=1000", "index.total@2026-03-01T10:29:00Z=1005",
                "index.total@2026-03-01T10:29:02Z=1006", "index.total@2026-03-01T10:29:41Z=1009");
        assertThat(metrics.redeliveriesRecognised()).isEqualTo(1);
    }
}
