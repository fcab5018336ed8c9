package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mosquitto SIGKILLed under load with the persistence settings docs/operations.md documents for a broker crash
 * ({@code persistence true}, {@code autosave_on_changes true}, {@code autosave_interval 1}: the in-memory state written
 * after every change) and gateways that publish at QoS 1 and send again what the broker did not acknowledge: the
 * broker comes back with the sessions and queues it saved, ingest resumes its session by itself, and every publication
 * the broker acknowledged is stored once.
 */
class BrokerCrashFaultTest {
    private static final int METERS = 20;

    @TempDir
    Path tmp;

    @Test
    void aBrokerKilledUnderLoadWithItsCrashSettingsLosesAndDoublesNothingAcknowledged() throws Exception {
        TestBroker broker = new TestBroker(TestEnv.require("ECO_TEST_MOSQUITTO_BIN"), "autosave_on_changes true",
                "autosave_interval 1").start();
        try (FaultHarness h = FaultHarness.start(METERS, tmp); broker) {
            IngestService ingest = h.ingest(broker.url(), "bkill-" + UUID.randomUUID(), "g" + UUID.randomUUID());
            try {
                TestPublisher pub = h.publisher(broker.url());
                for (long n = 0; n < 400; n++) {
                    h.fleet.publish(pub, n);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> ingest.mqtt().health().getLong("received") >= 400);
                long beforeKill = 3000;
                for (long n = 400; n < beforeKill; n++) {
                    h.fleet.publish(pub, n);
                }
                var atKill = ingest.mqtt().health();
                long receivedAtKill = atKill.getLong("received");
                broker.kill();
                System.out.println("broker killed with " + (beforeKill - receivedAtKill) + " acknowledged publications not yet"
                        + " delivered to ingest, " + atKill.getLong("pending_acks") + " delivered, not acknowledged");
                assertThat(beforeKill - atKill.getLong("acknowledged")).as("publications the broker held for ingest (queued, or"
                        + " delivered and not acknowledged) at the kill").isPositive();
                await().atMost(Duration.ofSeconds(30)).until(() -> !ingest.mqtt().isConnected());

                broker.start();
                long total = 4000;
                for (long n = beforeKill; n < total; n++) {
                    h.fleet.publish(pub, n); // the gateway reconnects and sends again what was not acknowledged
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> ingest.mqtt().isConnected());
                AtomicLong last = new AtomicLong(-1);
                await().atMost(Duration.ofSeconds(120)).during(Duration.ofSeconds(2)).until(() -> {
                    long r = ingest.mqtt().health().getLong("received");
                    return r >= receivedAtKill + total - beforeKill && r == last.getAndSet(r); // the tail at least, then quiet
                });
            } finally {
                ingest.close(); // the orderly stop writes what downsampling holds
            }
            assertThat(StoredIndex.problems(h.db.dataSource(), h.fleet, 4000)).isEmpty();
        }
    }
}
