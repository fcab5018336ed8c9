package org.ecofoyer.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.LineDecoder.line;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.readings;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.ingest.IngestHarness;
import org.ecofoyer.ingest.LineDecoder;
import org.ecofoyer.ingest.TestEnv;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.ingest.TestPublisher;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.ecofoyer.gateway.GatewayConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery through a real Mosquitto: what must be stored is stored once, what must be refused is counted. */
class MqttSourceTest {
    private static final long T0 = 1_772_000_000L;
    private Database db;
    private String prefix;

    @BeforeEach
    void setUp() {
        db = TestDatabases.newMigratedDatabase();
        prefix = "ecofoyer/gw/t" + UUID.randomUUID().toString().substring(0, 8);
        addMeter(db.dataSource(), "MA");
        addMeter(db.dataSource(), "MB");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private List<GatewayConfig> gateways() {
        return List.of(new GatewayConfig(prefix + "/a", "MA", "SA", GatewayFormat.RAW), new GatewayConfig(prefix + "/b", "MB", "SB", GatewayFormat.RAW));
    }

    @Test
    void storesEachMessageOnceAndCountsUnknownTopicsForeignMetersAndMalformedPayloads() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        try (IngestHarness ingest = new IngestHarness(db.dataSource(),
                IngestHarness.mqtt(url, "t-" + UUID.randomUUID(), "g" + UUID.randomUUID(), prefix + "/#"),
                gateways(), new LineDecoder(), DownsamplingConfig.OFF);
             TestPublisher pub = new TestPublisher(url)) {
            await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt::isConnected);
            for (int i = 0; i < 50; i++) {
                pub.publish(prefix + "/a", line("SA", T0 + i, 1000 + i));
                pub.publish(prefix + "/b", line("SB", T0 + i, 5000 + i));
            }
            pub.publish(prefix + "/a", line("SA", T0, 1000));        // the same message again
            pub.publish(prefix + "/zz", line("SA", T0 + 100, 1));    // no such gateway
            pub.publish(prefix + "/b", line("SA", T0 + 200, 777));   // gateway b carrying meter A's data
            pub.publish(prefix + "/a", "not a reading at all");      // malformed
            pub.publish(prefix + "/a", line("SA", T0 + 50, 1050));   // and the flow goes on

            await().atMost(Duration.ofSeconds(30)).until(() -> readings(db.dataSource(), "MA") == 51
                    && ingest.metrics.messagesRejected("malformed") == 1 && ingest.metrics.messagesRejected("foreign_meter") == 1
                    && ingest.metrics.messagesRejected("unknown_topic") == 1 && ingest.mqtt.health().getLong("pending_acks") == 0);
            assertThat(readings(db.dataSource(), "MB")).isEqualTo(50);
            assertThat(TestMeters.rows(db.dataSource(), "MB")).noneMatch(r -> r.endsWith("=777"));
            assertThat(ingest.metrics.duplicates()).isEqualTo(1);
            assertThat(ingest.mqtt.health().getLong("acknowledged")).isEqualTo(105);
        }
    }

    @Test
    void aGatewayCannotPublishOnAnotherGatewaysTopicNorSendAnotherMetersFrames() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_AUTH_URL");
        String alphaTopic = "ecofoyer/gw/gw-alpha/tic";
        String betaTopic = "ecofoyer/gw/gw-beta/tic";
        MqttConfig cfg = new MqttConfig(url, "ingest", "ingest-secret", "t-" + UUID.randomUUID(), "g" + UUID.randomUUID(),
                List.of("ecofoyer/gw/#"), Duration.ofHours(1), 65_535, null, null, null, null);
        long t = T0 + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000) * 10;
        try (IngestHarness ingest = new IngestHarness(db.dataSource(), cfg,
                List.of(new GatewayConfig(alphaTopic, "MA", "SA", GatewayFormat.RAW), new GatewayConfig(betaTopic, "MB", "SB", GatewayFormat.RAW)),
                new LineDecoder(), DownsamplingConfig.OFF)) {
            await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt::isConnected);
            MqttClient beta = new MqttClient(url, "gw-beta-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("gw-beta");
            o.setPassword("beta-secret".getBytes());
            beta.connect(o);
            // 1. on alpha's topic: the broker's ACL refuses it (MQTT v5 answers "not authorized" or drops it)
            try {
                beta.publish(alphaTopic, new MqttMessage(line("SA", t, 666).getBytes(), 1, false, null));
            } catch (MqttException refused) {
                // refused outright: fine too
            }
            // 2. on its own topic but with alpha's meter id inside: ingest refuses it
            beta.publish(betaTopic, new MqttMessage(line("SA", t + 1, 667).getBytes(), 1, false, null));
            // 3. its own data: accepted
            beta.publish(betaTopic, new MqttMessage(line("SB", t + 2, 42).getBytes(), 1, false, null));
            beta.disconnect();
            beta.close();

            await().atMost(Duration.ofSeconds(20)).until(() -> readings(db.dataSource(), "MB") == 1
                    && ingest.metrics.messagesRejected("foreign_meter") == 1);
            assertThat(readings(db.dataSource(), "MA")).isZero();
        }
    }
}
