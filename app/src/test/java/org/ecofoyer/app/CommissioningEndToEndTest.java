package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.ecofoyer.app.config.ConfigLoader;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.storage.TestDatabases;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commissioning end to end, as an installer does it, on a real Mosquitto that reads only the exported files and a
 * running server: {@code gateway add} → {@code gateway export-mosquitto} → the broker → {@code tic simulate --mqtt
 * --format tasmota} with the generated credentials → readings stored and {@code gateway watch --until-green} exits 0;
 * another meter's frames and a mode mismatch give their diagnoses; a wrong password gives bad credentials. The commands
 * run beside the server, as clients of its database.
 */
class CommissioningEndToEndTest {
    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();
    ExportedBroker broker;
    EcofoyerServer server;
    final String s1 = serial(1);
    final String s2 = serial(2);
    final String s3 = serial(3);

    static String serial(long seed) {
        return new MeterSimulator(new MeterSimulator.Config(TicMode.STANDARD, TariffOption.named("base"), 1, false, seed, 0)).serial();
    }

    @BeforeEach
    void setUp() throws Exception {
        env.putAll(Map.of("ECOFOYER_STORAGE_URL", TestDatabases.newEmptyDatabaseUrl(), "ECOFOYER_STORAGE_USER", "postgres",
                "ECOFOYER_INGEST_MQTT_USERNAME", "ingest", "ECOFOYER_INGEST_MQTT_PASSWORD", "ingest-secret-1",
                "ECOFOYER_HTTP_PORT", "0", "ECOFOYER_DATA_DIR", dir.resolve("data").toString()));
        ok("household", "add", "--name", "Martin", "--id", "martin");
        for (String s : new String[] {s1, s2, s3}) {
            ok("meter", "add", "--household", "martin", "--fluid", "electricity", "--code", s);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    Map<String, String> ok(String... args) {
        CliTest.Result r = CliTest.run(env, args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err() + r.out()).isZero();
        return OnboardingCliTest.lastLine(r);
    }

    /** {@code tic simulate} publishing as gateway {@code g} (its user, password and topic), {@code frames} frames. */
    CompletableFuture<CliTest.Result> simulate(Map<String, String> g, long seed, String mode, int frames, String rate) throws Exception {
        // (a separate thread per run: the common pool has a single thread on a 2-core machine)
        Path pw = dir.resolve(g.get("id") + ".password");
        Files.writeString(pw, g.get("password") + "\n");
        return CompletableFuture.supplyAsync(() -> CliTest.run(env, "tic", "simulate", "--mqtt", broker.url(), "--topic", g.get("topic"),
                "--format", "tasmota", "--mode", mode, "--seed", Long.toString(seed), "--frames", Integer.toString(frames),
                "--rate", rate, "--username", g.get("username"), "--password-file", pw.toString()), r -> new Thread(r, "simulate").start());
    }

    Map<String, String> show(String id) {
        return ok("gateway", "show", id);
    }

    @Test
    void aGatewayFromAddToGreenThenAnotherMetersFramesAModeMismatchAndAWrongPassword() throws Exception {
        Map<String, String> alpha = ok("gateway", "add", "--meter", s1, "--firmware", "tasmota", "--mode", "standard", "--id", "gw-alpha");
        Map<String, String> beta = ok("gateway", "add", "--meter", s2, "--firmware", "tasmota", "--mode", "standard", "--id", "gw-beta");
        Map<String, String> gamma = ok("gateway", "add", "--meter", s3, "--firmware", "tasmota", "--mode", "historique", "--id", "gw-gamma");
        assertThat(show("gw-alpha")).containsEntry("state", "new").containsEntry("messages", "0");
        Path files = dir.resolve("broker");
        ok("gateway", "export-mosquitto", "--out", files.toString());
        broker = ExportedBroker.start(dir, files);
        env.put("ECOFOYER_INGEST_MQTT_URL", broker.url());
        server = EcofoyerServer.start(new ConfigLoader().load(null, env));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.ingest().mqtt().isConnected());

        // Before the gateway sends anything: not green, and the watch says what to check.
        CliTest.Result before = CliTest.run(env, "gateway", "watch", "gw-alpha", "--until-green", "--timeout", "0");
        assertThat(before.code()).isEqualTo(1);
        assertThat(before.out()).contains("[..] messages  no message yet on tele/gw-alpha/SENSOR",
                "-> nothing received yet on tele/gw-alpha/SENSOR", "not green after 0 s");
        assertThat(OnboardingCliTest.lastLine(before)).containsEntry("state", "new").containsEntry("green", "false");

        // The gateway, as Tasmota publishes, with the credentials 'gateway add' printed: a frame a second, in real time,
        // until the checklist is green (downsampling writes a meter's first values at its slot, within a minute).
        CompletableFuture<CliTest.Result> sim = simulate(alpha, 1, "standard", 75, "1");
        CliTest.Result watch = CliTest.run(env, "gateway", "watch", "gw-alpha", "--until-green", "--timeout", "120", "--interval", "200");
        assertThat(watch.code()).as(watch.code() == 0 ? "" : watch.out() + store()).isZero();
        assertThat(watch.out()).contains("[ok] broker", "[ok] TIC mode  standard", "[ok] meter id  " + s1 + ", as registered",
                "[ok] errors    0 % damaged", "[ok] values    index.total=", "[ok] stored    readings of meter " + s1 + " stored",
                "all green: gateway gw-alpha is commissioned");
        assertThat(OnboardingCliTest.lastLine(watch)).containsEntry("state", "receiving").containsEntry("green", "true");
        assertThat(sim.get(120, TimeUnit.SECONDS).code()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> show("gw-alpha").get("messages").equals("75"));
        Map<String, String> shown = show("gw-alpha");
        assertThat(shown).containsEntry("state", "receiving").containsEntry("mode-seen", "standard").containsEntry("meter-seen", s1)
                .containsEntry("error-rate", "0.000");
        assertThat(Long.parseLong(shown.get("readings-stored"))).isPositive();

        // Another meter's frames on gw-beta (registered for s2): refused, and named.
        assertThat(simulate(beta, 1, "standard", 3, "0").get(60, TimeUnit.SECONDS).code()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> show("gw-beta").get("state").equals("wrong-meter"));
        CliTest.Result wrongMeter = CliTest.run(env, "gateway", "watch", "gw-beta", "--until-green", "--timeout", "0");
        assertThat(wrongMeter.code()).isEqualTo(1);
        assertThat(wrongMeter.out()).contains("[!!] meter id  frames from meter " + s1 + ", expected " + s2,
                "-> frames from meter " + s1 + ", this gateway is registered for " + s2);
        assertThat(show("gw-beta")).containsEntry("readings-stored", "0");

        // A standard meter behind a gateway registered (and so configured) for historique.
        assertThat(simulate(gamma, 3, "standard", 3, "0").get(60, TimeUnit.SECONDS).code()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> show("gw-gamma").get("state").equals("wrong-mode"));
        CliTest.Result wrongMode = CliTest.run(env, "gateway", "watch", "gw-gamma", "--until-green", "--timeout", "0");
        assertThat(wrongMode.out()).contains("[!!] TIC mode  the meter sends standard, the gateway is set to historique",
                "-> the meter sends standard mode, the gateway is set to historique: set EnergyConfig Standard");
        ok("gateway", "set-mode", "gw-gamma", "standard");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> show("gw-gamma").get("state").equals("receiving"));

        // A wrong password: the broker refuses it, the watch records it, the gateway's state says so; the right one clears it.
        CliTest.Result refused = watchWithPassword("gw-alpha", "not-" + alpha.get("password"));
        assertThat(refused.out()).contains("the password given is not gw-alpha's", "[!!] broker    the broker refused gw-alpha's",
                "-> bad credentials: the broker refuses gw-alpha's user name or password");
        assertThat(show("gw-alpha")).containsEntry("state", "bad-credentials");
        CliTest.Result accepted = watchWithPassword("gw-alpha", alpha.get("password"));
        assertThat(accepted.out()).doesNotContain("bad credentials").doesNotContain("password given is not");
    }

    /** What the store holds, for a failure's message. */
    private String store() throws Exception {
        StringBuilder sb = new StringBuilder("\nstore at " + java.time.Instant.now() + ":");
        try (var c = java.sql.DriverManager.getConnection(env.get("ECOFOYER_STORAGE_URL"), "postgres", null); var st = c.createStatement()) {
            for (String q : new String[] {"SELECT count(*), min(instant), max(instant) FROM reading",
                    "SELECT reason, count(*), min(instant), max(instant) FROM reading_quarantine GROUP BY reason"}) {
                try (var rs = st.executeQuery(q)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            sb.append(' ').append(rs.getString(i));
                        }
                        sb.append(';');
                    }
                }
            }
        }
        return sb.toString();
    }

    private CliTest.Result watchWithPassword(String id, String password) {
        InputStream in = System.in;
        try {
            System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
            return CliTest.run(env, "gateway", "watch", id, "--password-stdin", "--timeout", "0");
        } finally {
            System.setIn(in);
        }
    }
}
