package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.ecofoyer.storage.TestDatabases;
import org.ecofoyer.storage.TestServices;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live broker provisioning on a real Mosquitto loaded with its dynamic security plugin (ECO_TEST_MOSQUITTO_DYNSEC, the
 * {@code .so} of Debian's mosquitto package; the plugin's first file made by {@code mosquitto_ctrl dynsec init},
 * ECO_TEST_MOSQUITTO_CTRL) and nothing else — no password or ACL file, no reload: with {@code ingest.dynamic-security}
 * set, {@code gateway add} gives the broker the account before it exits, so the new gateway publishes at once on its
 * own topic and nowhere else and reads nothing; {@code rotate-secret} and {@code remove} refuse the old password, and
 * end the connection made with it, at once.
 */
class GatewayDynsecTest {
    @TempDir
    Path dir;

    Map<String, String> env;
    Process broker;
    int port;
    final BrokerClients clients = new BrokerClients();
    final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        String plugin = TestServices.require("ECO_TEST_MOSQUITTO_DYNSEC");
        String ctrl = TestServices.require("ECO_TEST_MOSQUITTO_CTRL");
        String mosquitto = TestServices.require("ECO_TEST_MOSQUITTO_BIN");
        Path dynsec = dir.resolve("dynamic-security.json");
        Process init = new ProcessBuilder(ctrl, "dynsec", "init", dynsec.toString(), "broker-admin", "admin-secret-1")
                .redirectErrorStream(true).start();
        assertThat(init.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(init.exitValue()).as(new String(init.getInputStream().readAllBytes())).isZero();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "user " + System.getProperty("user.name"),
                "listener " + port + " 127.0.0.1",
                "allow_anonymous false",
                "plugin " + plugin,
                "plugin_opt_config_file " + dynsec,
                ""));
        broker = new ProcessBuilder(mosquitto, "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
        String url = TestDatabases.newEmptyDatabaseUrl();
        env = new HashMap<>(Map.of("ECOFOYER_STORAGE_URL", url, "ECOFOYER_STORAGE_USER", "postgres",
                "ECOFOYER_INGEST_MQTT_URL", "tcp://127.0.0.1:" + port,
                "ECOFOYER_INGEST_DYNAMIC_SECURITY_USERNAME", "broker-admin",
                "ECOFOYER_INGEST_DYNAMIC_SECURITY_PASSWORD", "admin-secret-1"));
        ok("household", "add", "--name", "Martin", "--id", "martin");
        ok("meter", "add", "--household", "martin", "--fluid", "electricity", "--code", "021861348497");
        ok("meter", "add", "--household", "martin", "--fluid", "electricity", "--code", "021861348498");
        // Ingest's own reading account, as an operator makes it once with mosquitto_ctrl (docs/installer-guide.md).
        for (String[] cmd : new String[][] {{"createRole", "ingest-reader"}, {"addRoleACL", "ingest-reader", "subscribePattern", "#", "allow"},
                {"addRoleACL", "ingest-reader", "publishClientReceive", "#", "allow"}, {"createClient", "ingest", "-p", "ingest-secret-1"},
                {"addClientRole", "ingest", "ingest-reader"}}) {
            List<String> args = new ArrayList<>(List.of(ctrl, "-h", "127.0.0.1", "-p", String.valueOf(port), "-u", "broker-admin",
                    "-P", "admin-secret-1", "dynsec"));
            args.addAll(List.of(cmd));
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + new String(p.getInputStream().readAllBytes())).isZero();
        }
        MqttClient ingest = connect("ingest", "ingest-secret-1");
        ingest.subscribe(new MqttSubscription[] {new MqttSubscription("#", 1)},
                new IMqttMessageListener[] {(t, m) -> seen.add(t + " " + new String(m.getPayload(), StandardCharsets.UTF_8))});
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.close();
        if (broker != null) {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    Map<String, String> ok(String... args) {
        CliTest.Result r = CliTest.run(env, args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return OnboardingCliTest.lastLine(r);
    }

    MqttClient connect(String user, String password) throws MqttException {
        return clients.connect(port, user, password);
    }

    @Test
    void aNewGatewayPublishesAtOnceOnItsOwnTopicOnlyAndARotatedOrRemovedOneIsRefusedAtOnce() throws Exception {
        Map<String, String> alpha = ok("gateway", "add", "--meter", "021861348497", "--firmware", "tasmota", "--id", "gw-alpha");
        Map<String, String> beta = ok("gateway", "add", "--meter", "021861348498", "--firmware", "raw", "--id", "gw-beta");
        // No export, no reload: the broker has both accounts the moment the commands returned.
        MqttClient gwAlpha = connect("gw-alpha", alpha.get("password"));
        gwAlpha.publish("tele/gw-alpha/SENSOR", "own-1".getBytes(), 1, false);
        gwAlpha.publish("ecofoyer/gw/gw-beta", "as-beta".getBytes(), 1, false);
        gwAlpha.publish("tele/gw-beta/SENSOR", "as-other".getBytes(), 1, false);
        gwAlpha.publish("tele/gw-alpha/SENSOR", "own-2".getBytes(), 1, false);
        // One publisher's messages reach a subscriber in order: once own-2 is in, a refused one would be in before it.
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("tele/gw-alpha/SENSOR own-1");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("tele/gw-alpha/SENSOR own-2");

        // The plugin denies subscriptions by default and the gateway's role grants none: it reads nothing, not even its own topic.
        LinkedBlockingQueue<String> leaked = new LinkedBlockingQueue<>();
        try {
            gwAlpha.subscribe(new MqttSubscription[] {new MqttSubscription("#", 1), new MqttSubscription("tele/gw-alpha/SENSOR", 1)},
                    new IMqttMessageListener[] {(t, m) -> leaked.add(t), (t, m) -> leaked.add(t)});
        } catch (MqttException refused) {
            // Paho reports a refused SUBSCRIBE (reason code 0x87) as an exception on some versions: refused either way.
        }
        MqttClient gwBeta = connect("gw-beta", beta.get("password"));
        gwBeta.publish("ecofoyer/gw/gw-beta", "beta-own".getBytes(), 1, false);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("ecofoyer/gw/gw-beta beta-own");
        // gw-alpha's QoS 1 publish is acknowledged after the broker would have forwarded gw-beta's message to it.
        gwAlpha.publish("tele/gw-alpha/SENSOR", "own-barrier".getBytes(), 1, false);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("tele/gw-alpha/SENSOR own-barrier");
        assertThat(leaked).as("messages delivered to a gateway").isEmpty();
        assertThatThrownBy(() -> connect("gw-alpha", "not-" + alpha.get("password"))).isInstanceOf(MqttException.class);

        Map<String, String> rotated = ok("gateway", "rotate-secret", "gw-alpha");
        // Refused as soon as the command returned: no await, no reload.
        assertThatThrownBy(() -> connect("gw-alpha", alpha.get("password"))).isInstanceOf(MqttException.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !gwAlpha.isConnected());
        MqttClient renewed = connect("gw-alpha", rotated.get("password"));
        renewed.publish("tele/gw-alpha/SENSOR", "own-3".getBytes(), 1, false);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("tele/gw-alpha/SENSOR own-3");

        ok("gateway", "remove", "gw-beta");
        assertThatThrownBy(() -> connect("gw-beta", beta.get("password"))).isInstanceOf(MqttException.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !gwBeta.isConnected());
        assertThat(seen).isEmpty();
    }

    @Test
    void aBrokerThatRefusesLeavesNothingRegistered() throws Exception {
        env.put("ECOFOYER_INGEST_DYNAMIC_SECURITY_PASSWORD", "wrong-admin-secret");
        CliTest.Result r = CliTest.run(env, "gateway", "add", "--meter", "021861348497", "--firmware", "tasmota", "--id", "gw-lost");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach the broker's dynamic security plugin", "as 'broker-admin'");
        assertThat(r.out()).doesNotContain("password=");
        try (Connection c = DriverManager.getConnection(env.get("ECOFOYER_STORAGE_URL"), "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM gateway")) {
            rs.next();
            assertThat(rs.getInt(1)).as("gateways registered").isZero();
        }
    }
}
