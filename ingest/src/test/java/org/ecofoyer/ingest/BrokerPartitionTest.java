package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.LineDecoder.line;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.count;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that goes silent (a partition between ingest and the broker: no RST, no FIN) while gateways go on
 * publishing to it directly: ingest's MQTT source says so on {@code /health} within 30 s, and once the network heals it
 * reconnects to its session and stores every message published meanwhile, once.
 */
class BrokerPartitionTest {
    private static final long T0 = 1_772_000_000L;
    private static final int GATEWAYS = 4;
    private final String prefix = "ecofoyer/gw/p" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    private void publish(TestPublisher pub, int n) throws InterruptedException {
        int g = n % GATEWAYS;
        pub.publishSurely(prefix + "/" + g, line("G" + g, T0 + n, n));
    }

    @Test
    void aSilentBrokerIsReportedWithin30SecondsAndWhatWasPublishedMeanwhileIsStoredOnceAfterItHeals() throws Exception {
        URI broker = URI.create(TestEnv.require("ECO_TEST_MQTT_URL"));
        StallingProxy proxy = closeLater(new StallingProxy(broker.getHost(), broker.getPort()));
        Database db = closeLater(TestDatabases.newMigratedDatabase());
        List<GatewayConfig> gateways = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            addMeter(db.dataSource(), "G" + g);
            gateways.add(new GatewayConfig(prefix + "/" + g, "G" + g, "G" + g, GatewayFormat.RAW));
        }
        IngestHarness ingest = closeLater(new IngestHarness(db.dataSource(),
                IngestHarness.mqtt("tcp://127.0.0.1:" + proxy.port(), "p-" + UUID.randomUUID(), "g" + UUID.randomUUID(),
                        prefix + "/#"), gateways, new LineDecoder(), DownsamplingConfig.OFF));
        await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt::isConnected);
        TestPublisher pub = closeLater(new TestPublisher(broker.toString())); // straight to the broker, not through the proxy
        int n = 0;
        for (; n < 200; n++) {
            publish(pub, n);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(db.dataSource(), "SELECT count(*) FROM reading") == 200);

        proxy.blackHole();
        long holeAt = System.nanoTime();
        for (; n < 400; n++) {
            publish(pub, n); // the broker takes them (and forwards them into the hole, then queues them for the session)
        }
        await().atMost(Duration.ofSeconds(35)).pollInterval(Duration.ofMillis(100)).until(() -> !ingest.mqtt.isConnected());
        long detectedMillis = (System.nanoTime() - holeAt) / 1_000_000;
        System.out.println("broker partition detected by the MQTT source after " + detectedMillis + " ms");
        assertThat(detectedMillis).as("a silent broker is noticed within 30 s (plus 5 s for a loaded machine)").isLessThan(35_000);
        assertThat(ingest.mqtt.health().getBoolean("up")).isFalse();
        assertThat(ingest.metrics.registry().find("ingest.mqtt.connected").gauge().value()).isZero();
        assertThat(proxy.bytesHeld()).as("the broker was forwarding messages into the hole").isPositive();
        long storedInHole = count(db.dataSource(), "SELECT count(*) FROM reading");
        assertThat(storedInHole).as("some of what was published in the hole was not stored yet").isLessThan(400);
        for (; n < 500; n++) {
            publish(pub, n);
        }

        proxy.heal();
        long healedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(ingest.mqtt::isConnected);
        System.out.println("MQTT source reconnected " + (System.nanoTime() - healedAt) / 1_000_000 + " ms after the network healed");
        int total = n;
        await().atMost(Duration.ofSeconds(60)).until(() -> count(db.dataSource(), "SELECT count(*) FROM reading") >= total);

        // Counted by value, and each value under its own instant and meter: nothing lost, nothing doubled.
        assertThat(count(db.dataSource(), "SELECT count(*) FROM reading")).isEqualTo(total);
        assertThat(count(db.dataSource(), "SELECT count(DISTINCT value) FROM reading")).isEqualTo(total);
        assertThat(count(db.dataSource(), "SELECT count(*) FROM reading r JOIN meter m ON m.id = r.meter_id"
                + " WHERE r.value = extract(epoch FROM r.instant)::bigint - " + T0
                + " AND m.code = 'G' || (r.value % " + GATEWAYS + ")")).isEqualTo(total);
    }
}
