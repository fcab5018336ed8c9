package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.LineDecoder.undated;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.count;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lossless failover on a shared subscription with persistent sessions (#19 item 1), on the test script's Mosquitto: an
 * ingest instance in a process of its own is SIGKILLed and never comes back; the broker goes on routing part of the
 * group's messages to its session. The survivor adopts that session once its lease lapses and stores every message
 * acknowledged to the gateways exactly once — counted by value: messages carry no instant (stamped on reception, each
 * process on a clock of its own), so a message stored twice would show as one value under two instants.
 */
class SessionFailoverTest {
    private static final int GATEWAYS = 4;
    private static final int MESSAGES = 400;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Instant DEAD_CLOCK = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant SURVIVOR_CLOCK = Instant.parse("2026-03-02T00:00:00Z");
    private final String prefix = "ecofoyer/gw/f" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private List<GatewayConfig> gateways() {
        List<GatewayConfig> gws = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            gws.add(new GatewayConfig(prefix + "/" + g, "G" + g, "G" + g, GatewayFormat.RAW));
        }
        return gws;
    }

    @Test
    void aMemberKilledForGoodLosesNothingItsSessionWasHolding() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        Database db = TestDatabases.newMigratedDatabase();
        toClose.add(db);
        DataSource ds = db.dataSource();
        for (int g = 0; g < GATEWAYS; g++) {
            addMeter(ds, "G" + g);
        }
        String group = "g" + UUID.randomUUID();
        String deadId = "dead-" + UUID.randomUUID();
        Process dead = child(db.jdbcUrl(), url, deadId, group);
        IngestHarness survivor = new IngestHarness(ds, IngestHarness.mqtt(url, "live-" + UUID.randomUUID(), group, prefix + "/#")
                .withLeaseTtl(LEASE), gateways(), new LineDecoder(), DownsamplingConfig.OFF, new TickingClock(SURVIVOR_CLOCK),
                IngestHarness.writerConfig());
        toClose.add(survivor);
        await().atMost(Duration.ofSeconds(20)).until(survivor.mqtt::isConnected);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE shared_group = ?", group) == 2);

        dead.destroyForcibly(); // SIGKILL: no DISCONNECT, the broker keeps the session and queues its share for it
        assertThat(dead.waitFor(10, TimeUnit.SECONDS)).isTrue();
        TestPublisher pub = new TestPublisher(url);
        toClose.add(pub);
        for (int n = 0; n < MESSAGES; n++) {
            pub.publishSurely(prefix + "/" + (n % GATEWAYS), undated("G" + (n % GATEWAYS), n)); // acknowledged by the broker
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> survivor.failover.adoptedSessions() == 1);
        long byMember = survivor.mqtt.health().getLong("received");
        long byAdoption = survivor.failover.health().getLong("adopted_messages");
        assertThat(byAdoption).as("the kill left messages queued for the dead session").isPositive();
        assertThat(byMember).as("the survivor's own share").isPositive();
        assertThat(byMember + byAdoption).as("each message delivered once").isEqualTo(MESSAGES);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(ds, "SELECT count(*) FROM reading") >= MESSAGES);
        assertExactlyOnceByValue(ds);
        assertThat(count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE client_id = ?", deadId)).isZero();
        assertThat(sessionPresent(url, deadId)).as("the broker dropped the drained session").isFalse();
    }

    /** Values 0..N-1 each stored once, on its own gateway's meter: none lost, none under two instants. */
    private static void assertExactlyOnceByValue(DataSource ds) {
        assertThat(count(ds, "SELECT count(*) FROM reading")).isEqualTo(MESSAGES);
        assertThat(count(ds, "SELECT count(DISTINCT value) FROM reading WHERE value BETWEEN 0 AND ?", MESSAGES - 1)).isEqualTo(MESSAGES);
        assertThat(count(ds, "SELECT count(*) FROM reading r JOIN meter m ON m.id = r.meter_id"
                + " WHERE m.code = 'G' || (r.value % " + GATEWAYS + ")")).isEqualTo(MESSAGES);
    }

    private static boolean sessionPresent(String url, String clientId) throws Exception {
        MqttClient probe = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(0L); // the probe's own session goes with it
        try {
            return probe.connectWithResult(o).getSessionPresent();
        } finally {
            probe.disconnect();
            probe.close();
        }
    }

    /** An ingest instance in a process of its own (a harness piece of this test; {@link IngestChild}). */
    private Process child(String jdbcUrl, String mqttUrl, String clientId, String group) throws Exception {
        Path log = Files.createTempFile("ingest-failover-child", ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), IngestChild.class.getName(), jdbcUrl, mqttUrl, clientId, group,
                prefix, String.valueOf(GATEWAYS), String.valueOf(LEASE.toMillis()), String.valueOf(DEAD_CLOCK.toEpochMilli()))
                .redirectError(log.toFile()).start();
        toClose.add(() -> {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null && !l.equals("READY")) {
                    // log lines before it
                }
                return l;
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(line).as("child ready (log in " + log + ")").isEqualTo("READY");
        return p;
    }
}
