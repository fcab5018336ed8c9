package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.LineDecoder.undated;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.count;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure from a slow database never blocks Paho's threads (#19 item 3): with the writer's queue full for three
 * keepalive intervals, the MQTT client keeps reading its socket (keepalive answers included) and stays connected, the
 * messages it cannot write yet stay unacknowledged (the broker keeps them), and every one is stored once when the
 * database comes back. Before, {@code messageArrived} blocked in the writer's {@code submit}, Paho's 10-message inbound
 * queue filled, the ping answers went unread and the client was disconnected for a keepalive timeout.
 */
class MqttBackPressureTest {
    private static final int MESSAGES = 300;
    /** Three keepalive intervals (MqttSource pings after 10 s of silence and gives up one interval later). */
    private static final Duration STALL = Duration.ofSeconds(30);

    @Test
    void aStalledDatabaseHoldsMessagesAtTheBrokerWhileTheClientStaysConnected() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        String topic = "ecofoyer/gw/bp" + UUID.randomUUID().toString().substring(0, 8);
        try (Database db = TestDatabases.newMigratedDatabase()) {
            DataSource ds = db.dataSource();
            addMeter(ds, "B1");
            // A queue of 20 readings: full after two batches, while 300 messages come in.
            WriterConfig small = new WriterConfig(10, Duration.ofMillis(20), 20, 1, Duration.ofMillis(100), Duration.ofSeconds(1));
            try (IngestHarness ingest = new IngestHarness(ds, IngestHarness.mqtt(url, "bp-" + UUID.randomUUID(), "g" + UUID.randomUUID(), topic)
                    .withLeaseTtl(Duration.ZERO), List.of(new GatewayConfig(topic, "B1", "B1", GatewayFormat.RAW)), new LineDecoder(),
                    DownsamplingConfig.OFF, new TickingClock(Instant.parse("2026-03-01T00:00:00Z")), small);
                 TestPublisher pub = new TestPublisher(url)) {
                await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt::isConnected);
                try (Connection blocker = ds.getConnection(); Statement st = blocker.createStatement()) {
                    blocker.setAutoCommit(false);
                    st.execute("LOCK TABLE reading IN EXCLUSIVE MODE"); // the writer's inserts wait behind it; reads go on
                    for (int n = 0; n < MESSAGES; n++) {
                        pub.publishSurely(topic, undated("B1", n));
                    }
                    await().atMost(Duration.ofSeconds(10)).until(() -> ingest.mqtt.health().getLong("received") == MESSAGES);
                    assertThat(ingest.writer.remainingCapacity()).as("the writer's queue is full").isLessThan(10);
                    assertThat(ingest.mqtt.health().getLong("held_back")).as("messages held back off Paho's thread").isPositive();

                    await().during(STALL).atMost(STALL.plusSeconds(5)).until(ingest.mqtt::isConnected);
                    assertThat(ingest.mqtt.health().getLong("connection_losses")).isZero();
                    assertThat(ingest.mqtt.health().getLong("acknowledged")).as("nothing acknowledged before its commit").isZero();
                    assertThat(count(ds, "SELECT count(*) FROM reading")).isZero();
                    blocker.rollback();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> count(ds, "SELECT count(*) FROM reading") >= MESSAGES);
                await().atMost(Duration.ofSeconds(10)).until(() -> ingest.mqtt.health().getLong("acknowledged") == MESSAGES);
                assertThat(count(ds, "SELECT count(*) FROM reading")).isEqualTo(MESSAGES);
                assertThat(count(ds, "SELECT count(DISTINCT value) FROM reading WHERE value BETWEEN 0 AND ?", MESSAGES - 1))
                        .as("each value once: no redelivery stored under a second instant").isEqualTo(MESSAGES);
                assertThat(ingest.mqtt.health().getLong("connection_losses")).isZero();
            }
        }
    }
}
