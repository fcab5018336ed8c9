package org.ecofoyer.app;

import org.ecofoyer.storage.TestServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Meters;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.ecofoyer.tools.sim.MqttPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an orderly stop guarantees (docs/operations.md), tested by the fault itself: the real jar's {@code serve} on the
 * embedded database, a Linky over MQTT (production decoder, default downsampling) whose last values are held back by
 * downsampling, then SIGTERM. The held values must be written and their messages acknowledged before the MQTT session
 * closes, and the database stopped last: started again, the product gets nothing redelivered, and the data dir holds
 * every held value once, at the instant it was received before the stop.
 *
 * <p>Historique frames carry no date, so ingest stamps them with their reception time: a message redelivered after
 * the restart would be stored a second time, the same value under a later instant.
 */
class OrderlyStopIT {
    private static final String MQTT = System.getenv("ECO_TEST_MQTT_URL");
    private static final String METER = "M-STOP";
    private static final int FRAMES = 20;

    @TempDir
    Path dir;

    @Test
    void sigtermWritesTheHeldValuesOnceAcknowledgesTheirMessagesThenStopsTheDatabase() throws Exception {
        TestServices.require("ECO_TEST_MQTT_URL");
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path data = dir.resolve("data");
        MeterSimulator meter = new MeterSimulator(new MeterSimulator.Config(TicMode.HISTORIQUE, TariffOption.BASE, 1, false, 42, 0));
        try (Database db = Database.open(StorageConfig.DEFAULTS, data)) {
            db.migrate();
            try (Connection c = db.dataSource().getConnection()) {
                Meters.registerAll(c, new Meters.NewHousehold(new HouseholdId("stop"), "Orderly stop"),
                        List.of(new Meters.Registration(new MeterCode(METER), new HouseholdId("stop"), MeterKind.LINKY_TIC, null)));
            }
        }
        String topic = "stop-" + id + "/gw/tic";
        Path config = dir.resolve("ecofoyer.yaml");
        Files.writeString(config, """
                ingest:
                  mqtt:
                    url: %s
                    client-id: ecofoyer-stop-%s
                    shared-group: stop-%s
                    topics: [ "stop-%s/#" ]
                  gateways:
                    - { topic: %s, meter: %s, meter-serial: "%s", format: raw }
                """.formatted(MQTT, id, id, id, topic, METER, meter.serial()));

        // 1. Frames five minutes apart (indexes always move): the first is held until the meter's slot, the last as
        //    the boundary candidate; both keep their messages unacknowledged.
        List<byte[]> frames = new ArrayList<>();
        Instant t = Instant.parse("2026-01-15T08:00:00Z");
        for (int i = 0; i < FRAMES; i++) {
            frames.add(meter.next(t.plus(Duration.ofMinutes(5L * i))).bytes());
        }
        Instant stoppedAt;
        try (Product first = Product.start(dir, config, data, "first");
             MqttPublisher gateway = MqttPublisher.connect(MQTT, "stop-gw-" + id, null, null)) {
            for (byte[] f : frames) {
                gateway.publish(topic, f);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> first.metric("ingest_messages_received_total", "source=\"mqtt\"") == FRAMES);
            // the fault hits work in flight: messages wait for values downsampling holds back
            await().atMost(Duration.ofSeconds(30)).until(() -> first.metric("ingest_mqtt_pending_acks", null) >= 1);
            stoppedAt = Instant.now();
            first.sigterm();
            String log = first.log();
            assertThat(log).doesNotContain("were not all written").doesNotContain("not written (")
                    .doesNotContain("database unavailable").doesNotContain("did not stop cleanly")
                    .doesNotContain("Failed to validate connection").doesNotContain("recompute pass failed");
            assertThat(log.indexOf("embedded PostgreSQL stopped")).as("the database stops, and stops last")
                    .isGreaterThan(log.indexOf("ingest stopped")).isGreaterThan(0);
        }
        assertThat(data.resolve("pg/postmaster.pid")).as("PostgreSQL shut down cleanly").doesNotExist();

        // 2. Started again on the same MQTT session: the broker has nothing left to redeliver. Anything it kept would be
        //    resent right after the connection, before the sentinel published once the product is subscribed.
        try (Product second = Product.start(dir, config, data, "second");
             MqttPublisher other = MqttPublisher.connect(MQTT, "stop-sentinel-" + id, null, null)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> second.metric("ingest_mqtt_connected", null) == 1);
            other.publish("stop-" + id + "/sentinel", "not a gateway".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> second.metric("ingest_messages_rejected_total", "reason=\"unknown_topic\"") >= 1);
            assertThat(second.metric("ingest_messages_received_total", "source=\"mqtt\""))
                    .as("messages received after the restart: the sentinel only, nothing redelivered").isEqualTo(1);
            second.sigterm();
        }

        // 3. The data dir holds the last frame's indexes (held back at the stop), received before the stop, once each.
        TicFrame last = TicDecoder.decodeAll(Optional.of(TicMode.HISTORIQUE), frames.get(FRAMES - 1)).get(0);
        Map<String, Long> held = new HashMap<>();
        for (Reading r : last.readings(METER, Instant.EPOCH)) {
            if (Channels.isIndex(r.channel())) {
                held.put(r.channel(), r.value());
            }
        }
        assertThat(held).isNotEmpty();
        try (Database db = Database.open(StorageConfig.DEFAULTS, data);
             Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT r.channel, r.value, r.instant FROM reading r"
                     + " JOIN meter m ON m.id = r.meter_id WHERE m.code = ? AND r.channel LIKE 'index.%' ORDER BY r.instant")) {
            ps.setString(1, METER);
            Map<String, List<Instant>> instantsOfValue = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    instantsOfValue.computeIfAbsent(rs.getString(1) + "=" + rs.getLong(2), k -> new ArrayList<>())
                            .add(rs.getTimestamp(3).toInstant());
                }
            }
            for (Map.Entry<String, Long> h : held.entrySet()) {
                List<Instant> at = instantsOfValue.get(h.getKey() + "=" + h.getValue());
                assertThat(at).as("held value %s=%d stored", h.getKey(), h.getValue()).isNotNull().hasSize(1);
                assertThat(at.get(0)).as("stored at its reception, before the stop").isBefore(stoppedAt);
            }
            assertThat(instantsOfValue).as("no index value stored under two instants")
                    .allSatisfy((value, instants) -> assertThat(instants).as(value).hasSize(1));
        }
    }

    /** The real jar's {@code serve} in its own JVM, stopped with SIGTERM as systemd or Ctrl-C would. */
    private static final class Product implements AutoCloseable {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        private final Process process;
        private final Path log;
        private final int port;

        private Product(Process process, Path log, int port) {
            this.process = process;
            this.log = log;
            this.port = port;
        }

        static Product start(Path dir, Path config, Path data, String name) throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path log = dir.resolve(name + ".log");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    System.getProperty("ecofoyer.jar"), "--config", config.toString(), "--data-dir", data.toString(),
                    "serve", "--port", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Product product = new Product(p, log, port);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                assertThat(p.isAlive()).as("the product runs; its log:%n%s", product.log()).isTrue();
                return product.log().contains("is running at http://");
            });
            return product;
        }

        /** A sample of {@code /metrics} (0 when absent), the one whose labels contain {@code label} if given. */
        double metric(String name, String label) throws IOException, InterruptedException {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E+-]+)$").matcher(body);
            while (m.find()) {
                if (label == null || (m.group(1) != null && m.group(1).contains(label))) {
                    return Double.parseDouble(m.group(2));
                }
            }
            return 0;
        }

        String log() throws IOException {
            return Files.readString(log);
        }

        void sigterm() throws InterruptedException {
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s of SIGTERM").isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
