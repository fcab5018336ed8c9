package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that goes silent (a partition between ingest and the broker: no RST, no FIN) while gateways go on
 * publishing to it directly, on the fault harness (production decoder, default downsampling, undated historique
 * frames, durable PostgreSQL): ingest's MQTT source says so on {@code /health} within 30 s, and once the network heals
 * it reconnects to its session and stores every frame published meanwhile, once — acknowledgements the hole swallowed
 * make the broker deliver frames again, which must not be stored a second time under a new instant.
 */
class BrokerPartitionTest {
    private static final int METERS = 4;

    @TempDir
    Path tmp;

    @Test
    void aSilentBrokerIsReportedWithin30SecondsAndWhatWasPublishedMeanwhileIsStoredOnceAfterItHeals() throws Exception {
        URI broker = URI.create(TestEnv.require("ECO_TEST_MQTT_URL"));
        try (FaultHarness h = FaultHarness.start(METERS, tmp);
             StallingProxy proxy = new StallingProxy(broker.getHost(), broker.getPort())) {
            IngestService ingest = h.ingest("tcp://127.0.0.1:" + proxy.port(), "p-" + UUID.randomUUID(), "g" + UUID.randomUUID());
            long total;
            try {
                TestPublisher pub = h.publisher(broker.toString()); // straight to the broker, not through the proxy
                long n = 0;
                for (; n < 200; n++) {
                    h.fleet.publish(pub, n);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> ingest.mqtt().health().getLong("received") >= 200);

                proxy.blackHole();
                long holeAt = System.nanoTime();
                for (; n < 400; n++) {
                    h.fleet.publish(pub, n); // the broker takes them, forwards them into the hole, then queues them
                }
                await().atMost(Duration.ofSeconds(35)).pollInterval(Duration.ofMillis(100)).until(() -> !ingest.mqtt().isConnected());
                long detectedMillis = (System.nanoTime() - holeAt) / 1_000_000;
                System.out.println("broker partition detected by the MQTT source after " + detectedMillis + " ms");
                assertThat(detectedMillis).as("a silent broker is noticed within 30 s (plus 5 s for a loaded machine)")
                        .isLessThan(35_000);
                assertThat(ingest.mqtt().health().getBoolean("up")).isFalse();
                assertThat(ingest.metrics().registry().find("ingest.mqtt.connected").gauge().value()).isZero();
                assertThat(proxy.bytesHeld()).as("the broker was forwarding messages into the hole").isPositive();
                long receivedInHole = ingest.mqtt().health().getLong("received");
                assertThat(receivedInHole).as("some of what was published in the hole had not reached ingest").isLessThan(400);
                for (; n < 500; n++) {
                    h.fleet.publish(pub, n);
                }
                total = n;

                proxy.heal();
                long healedAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(60)).until(ingest.mqtt()::isConnected);
                System.out.println("MQTT source reconnected " + (System.nanoTime() - healedAt) / 1_000_000
                        + " ms after the network healed");
                AtomicLong last = new AtomicLong(-1);
                long needed = total;
                await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(2)).until(() -> {
                    long r = ingest.mqtt().health().getLong("received");
                    return r >= needed && r == last.getAndSet(r); // every publication at least, then quiet
                });
            } finally {
                ingest.close(); // the orderly stop writes what downsampling holds
            }
            assertThat(StoredIndex.problems(h.db.dataSource(), h.fleet, total)).isEmpty();
        }
    }
}
