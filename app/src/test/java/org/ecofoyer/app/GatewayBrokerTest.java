package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.ecofoyer.gateway.BrokerPasswords;
import org.ecofoyer.storage.TestDatabases;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway registry's broker accounts on a real Mosquitto (ECO_TEST_MOSQUITTO_BIN) that reads nothing but the files
 * {@code ecofoyer gateway export-mosquitto} wrote: a gateway publishes on its own topic and nowhere else, subscribes to
 * nothing, is refused with a wrong password, and a rotated secret replaces the old one at the re-export and reload.
 */
class GatewayBrokerTest {
    @TempDir
    Path dir;

    Map<String, String> env;
    ExportedBroker exported;
    int port;
    final BrokerClients clients = new BrokerClients();

    @BeforeEach
    void setUp() throws Exception {
        String url = TestDatabases.newEmptyDatabaseUrl();
        env = Map.of("ECOFOYER_STORAGE_URL", url, "ECOFOYER_STORAGE_USER", "postgres",
                "ECOFOYER_INGEST_MQTT_USERNAME", "ingest", "ECOFOYER_INGEST_MQTT_PASSWORD", "ingest-secret-1");
        ok("household", "add", "--name", "Martin", "--id", "martin");
        ok("meter", "add", "--household", "martin", "--fluid", "electricity", "--code", "021861348497");
        ok("meter", "add", "--household", "martin", "--fluid", "electricity", "--code", "021861348498");
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.close();
        if (exported != null) {
            exported.close();
        }
    }

    Map<String, String> ok(String... args) {
        CliTest.Result r = CliTest.run(env, args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return OnboardingCliTest.lastLine(r);
    }

    void startBroker(Path files) throws IOException {
        exported = ExportedBroker.start(dir, files);
        port = exported.port;
    }

    MqttClient connect(String user, String password) throws MqttException {
        return clients.connect(port, user, password);
    }

    @Test
    void eachGatewayPublishesOnlyOnItsOwnTopicReadsNothingAndARotatedSecretReplacesTheOld() throws Exception {
        Map<String, String> alpha = ok("gateway", "add", "--meter", "021861348497", "--firmware", "tasmota", "--id", "gw-alpha");
        Map<String, String> beta = ok("gateway", "add", "--meter", "021861348498", "--firmware", "raw", "--id", "gw-beta");
        assertThat(alpha).containsEntry("username", "gw-alpha").containsEntry("topic", "tele/gw-alpha/SENSOR");
        assertThat(alpha.get("password")).matches("[A-Za-z2-9]{24}");
        assertThat(beta).containsEntry("topic", "ecofoyer/gw/gw-beta");

        Path files = dir.resolve("broker");
        Map<String, String> export = ok("gateway", "export-mosquitto", "--out", files.toString());
        assertThat(export).containsEntry("gateways", "2").containsEntry("ingest-user", "ingest");
        assertThat(Files.readString(files.resolve("passwd"))).doesNotContain(alpha.get("password")).doesNotContain("ingest-secret-1");
        startBroker(files);

        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        MqttClient ingest = connect("ingest", "ingest-secret-1");
        ingest.subscribe(new MqttSubscription[] {new MqttSubscription("#", 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(t, m) -> seen.add(t + " " + new String(m.getPayload()))});

        MqttClient gwAlpha = connect("gw-alpha", alpha.get("password"));
        gwAlpha.publish("tele/gw-alpha/SENSOR", "own-1".getBytes(), 1, false);
        gwAlpha.publish("ecofoyer/gw/gw-beta", "as-beta".getBytes(), 1, false);
        gwAlpha.publish("tele/gw-beta/SENSOR", "as-other".getBytes(), 1, false);
        gwAlpha.publish("tele/gw-alpha/SENSOR", "own-2".getBytes(), 1, false);
        // One publisher's messages reach a subscriber in order: once own-2 is in, a refused one would be in before it.
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("tele/gw-alpha/SENSOR own-1");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("tele/gw-alpha/SENSOR own-2");
        MqttClient gwBeta = connect("gw-beta", beta.get("password"));
        gwBeta.publish("ecofoyer/gw/gw-beta", "beta-own".getBytes(), 1, false);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("ecofoyer/gw/gw-beta beta-own");

        // Mosquitto 2.0 grants a SUBSCRIBE and applies the ACL's read rights to each message it would deliver: a
        // gateway subscribed to everything receives nothing, not even its own topic or another gateway's.
        LinkedBlockingQueue<String> leaked = new LinkedBlockingQueue<>();
        gwAlpha.subscribe(new MqttSubscription[] {new MqttSubscription("#", 1), new MqttSubscription("tele/gw-alpha/SENSOR", 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(t, m) -> leaked.add(t), (t, m) -> leaked.add(t)});
        gwBeta.publish("ecofoyer/gw/gw-beta", "beta-own-2".getBytes(), 1, false);
        gwAlpha.publish("tele/gw-alpha/SENSOR", "own-after-subscribe".getBytes(), 1, false);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("ecofoyer/gw/gw-beta beta-own-2");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("tele/gw-alpha/SENSOR own-after-subscribe");
        // The broker answers gw-alpha's QoS 1 publish (PUBACK) after it would have forwarded gw-beta's message and its
        // own to it, on the same connection: after that acknowledgement, a leaked message would be in.
        gwAlpha.publish("tele/gw-alpha/SENSOR", "own-barrier".getBytes(), 1, false);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("tele/gw-alpha/SENSOR own-barrier");
        assertThat(leaked).as("messages delivered to a gateway").isEmpty();
        assertThatThrownBy(() -> connect("gw-alpha", "not-" + alpha.get("password"))).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> connect("gw-alpha", beta.get("password"))).isInstanceOf(MqttException.class);

        Map<String, String> rotated = ok("gateway", "rotate-secret", "gw-alpha");
        assertThat(rotated.get("password")).isNotEqualTo(alpha.get("password")).matches("[A-Za-z2-9]{24}");
        assertThat(rotated).containsEntry("topic", "tele/gw-alpha/SENSOR");
        connect("gw-alpha", alpha.get("password")); // the broker has not been told yet
        Map<String, String> reload = ok("gateway", "export-mosquitto", "--out", files.toString(),
                "--reload-pid-file", dir.resolve("mosquitto.pid").toString());
        assertThat(reload).containsEntry("reloaded", "true");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> refused("gw-alpha", alpha.get("password")));
        MqttClient renewed = connect("gw-alpha", rotated.get("password"));
        renewed.publish("tele/gw-alpha/SENSOR", "own-3".getBytes(), 1, false);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("tele/gw-alpha/SENSOR own-3");

        ok("gateway", "remove", "gw-beta");
        ok("gateway", "export-mosquitto", "--out", files.toString(), "--reload-pid-file", dir.resolve("mosquitto.pid").toString());
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> refused("gw-beta", beta.get("password")));
        assertThat(seen).isEmpty();
    }

    @Test
    void theStoredHashIsMosquittosAndNeverThePassword() throws Exception {
        Map<String, String> alpha = ok("gateway", "add", "--meter", "021861348497", "--firmware", "esphome");
        assertThat(alpha.get("id")).matches("gw-[a-z2-9]{6}");
        assertThat(alpha.get("topic")).isEqualTo("esphome/" + alpha.get("id") + "/+/+/state");
        try (Connection c = DriverManager.getConnection(env.get("ECOFOYER_STORAGE_URL"), "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("SELECT password_hash FROM gateway")) {
            assertThat(rs.next()).isTrue();
            String hash = rs.getString(1);
            assertThat(hash).matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==").doesNotContain(alpha.get("password"));
            assertThat(BrokerPasswords.verify(alpha.get("password"), hash)).isTrue();
            assertThat(BrokerPasswords.verify(alpha.get("password") + "x", hash)).isFalse();
            assertThat(rs.next()).isFalse();
        }
        assertThat(CliTest.run(env, "gateway", "show", alpha.get("id")).out()).doesNotContain(alpha.get("password"));
    }

    private boolean refused(String user, String password) {
        try {
            MqttClient c = connect(user, password);
            c.disconnect();
            return false;
        } catch (MqttException e) {
            return true;
        }
    }
}
