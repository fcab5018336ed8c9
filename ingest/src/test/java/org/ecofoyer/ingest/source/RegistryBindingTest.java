package org.ecofoyer.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.readings;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.gateway.Firmware;
import org.ecofoyer.gateway.GatewayRegistry;
import org.ecofoyer.gateway.TicMode;
import org.ecofoyer.ingest.IngestConfig;
import org.ecofoyer.ingest.IngestService;
import org.ecofoyer.ingest.TestEnv;
import org.ecofoyer.ingest.TestPublisher;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest binding follows the gateway registry while it runs (issue #14), and a message without a meter id — an
 * ESPHome value — is accepted only on a registered gateway's topic (finding 15 of #18), through a real Mosquitto.
 */
class RegistryBindingTest {
    private Database db;

    @BeforeEach
    void setUp() {
        db = TestDatabases.newMigratedDatabase();
        addMeter(db.dataSource(), "MA");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aGatewayRegisteredWhileIngestRunsIsBoundWithoutRestartAndMeterlessValuesAreAcceptedOnlyOnItsTopic() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alpha = "gw-a" + run;
        String beta = "gw-b" + run;
        String alphaValue = "esphome/" + alpha + "/sensor/linky_base/state";
        String betaValue = "esphome/" + beta + "/sensor/linky_base/state";
        MqttConfig mqtt = new MqttConfig(url, null, null, "t-" + run, "g" + run,
                List.of("esphome/" + alpha + "/#", "esphome/" + beta + "/#"), Duration.ofHours(1), 65_535, null, null, null, null);
        IngestService ingest = IngestService.start(IngestConfig.DEFAULTS.withMqtt(mqtt).withDownsampling(DownsamplingConfig.OFF), db.dataSource(), null, new SimpleMeterRegistry(), 3650);
        try (TestPublisher pub = new TestPublisher(url)) {
            await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt()::isConnected);
            pub.publish(alphaValue, "1000");
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.metrics().messagesRejected("unknown_topic") == 1);
            assertThat(readings(db.dataSource(), "MA")).isZero();

            try (Connection c = db.dataSource().getConnection()) {
                GatewayRegistry.add(c, new GatewayRegistry.NewGateway(alpha, new MeterCode("MA"), null, Firmware.ESPHOME, TicMode.AUTO));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.gateways().find(alphaValue) != null);
            pub.publish(alphaValue, "1001");
            pub.publish(betaValue, "2000");
            await().atMost(Duration.ofSeconds(20)).until(() -> readings(db.dataSource(), "MA") == 1
                    && ingest.metrics().messagesRejected("unknown_topic") == 2);

            try (Connection c = db.dataSource().getConnection()) {
                assertThat(GatewayRegistry.remove(c, alpha)).isTrue();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.gateways().find(alphaValue) == null);
            pub.publish(alphaValue, "1002");
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.metrics().messagesRejected("unknown_topic") == 3);
            assertThat(readings(db.dataSource(), "MA")).isEqualTo(1);
        } finally {
            ingest.close();
        }
    }

    @Test
    void theAnonymityProbeTellsAnAnonymousBrokerFromAnAuthenticatedOne() throws Exception {
        MqttConfig anonymous = new MqttConfig(TestEnv.require("ECO_TEST_MQTT_URL"), null, null, null, null, null, null, null, null, null, null, null);
        MqttConfig authenticated = new MqttConfig(TestEnv.require("ECO_TEST_MQTT_AUTH_URL"), null, null, null, null, null, null, null, null, null, null, null);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        MqttConfig unreachable = new MqttConfig("tcp://127.0.0.1:" + closed, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(AnonymousBrokerCheck.acceptsAnonymous(anonymous)).isTrue();
        assertThat(AnonymousBrokerCheck.acceptsAnonymous(authenticated)).isFalse();
        assertThat(AnonymousBrokerCheck.acceptsAnonymous(unreachable)).isNull();
    }
}
