package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.TestMeters.addMeter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.tic.TicEncoder;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Instants you can trust, end to end against a real Mosquitto and PostgreSQL, through {@link IngestService} (the
 * production decoder, the orderly stop), with a driven clock: a backlog delivered at once after an outage keeps every
 * Wh at plausible rates; a clean restart stores nothing twice.
 */
class TrustedInstantsOverMqttTest {
    private static final String ADCO = "021528603314";
    /** The glitch threshold of the rollups: a rise faster than this between two readings cannot be placed in time. */
    private static final long GLITCH_W = 100_000;

    private Database db;
    private String id;
    private String topic;
    private final List<IngestService> running = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = TestDatabases.newMigratedDatabase();
        addMeter(db.dataSource(), "M1");
        id = UUID.randomUUID().toString().substring(0, 8);
        topic = "ecofoyer/gw/hist-" + id;
    }

    @AfterEach
    void tearDown() {
        running.forEach(IngestService::close);
        db.close();
    }

    /** A historique Base frame (no DATE: stamped by ingest). */
    private static byte[] frame(long baseWh) {
        return TicEncoder.frame(TicMode.HISTORIQUE, List.of(new TicEncoder.Group("ADCO", ADCO),
                new TicEncoder.Group("OPTARIF", "BASE"), new TicEncoder.Group("ISOUSC", "30"),
                new TicEncoder.Group("BASE", String.format("%09d", baseWh)), new TicEncoder.Group("PTEC", "TH.."),
                new TicEncoder.Group("IINST", "003"), new TicEncoder.Group("IMAX", "090"),
                new TicEncoder.Group("PAPP", "00690"), new TicEncoder.Group("MOTDETAT", "000000")));
    }

    private IngestService start(String url, String clientId, DrivenClock clock, DownsamplingConfig downsampling) {
        return start(url, clientId, clock, downsampling, InstantsConfig.DEFAULTS);
    }

    private IngestService start(String url, String clientId, DrivenClock clock, DownsamplingConfig downsampling,
                                InstantsConfig instants) {
        IngestConfig config = IngestConfig.DEFAULTS.withMqtt(IngestHarness.mqtt(url, clientId, "g" + id, topic))
                .withGateways(List.of(new GatewayConfig(topic, "M1", ADCO, GatewayFormat.RAW))).withDownsampling(downsampling)
                .withInstants(instants);
        IngestService s = IngestService.start(config, db.dataSource(), null, new SimpleMeterRegistry(), 400, clock);
        running.add(s);
        await().atMost(Duration.ofSeconds(20)).until(s.mqtt()::isConnected);
        return s;
    }

    private void stop(IngestService s) {
        s.close();
        running.remove(s);
    }

    /** (instant, value) of the meter's total index, in time order. */
    private List<long[]> index() throws Exception {
        List<long[]> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT instant, value FROM reading WHERE channel = 'index.total' ORDER BY instant")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant t = rs.getTimestamp(1).toInstant();
                    out.add(new long[] {t.getEpochSecond() * 1_000_000 + t.getNano() / 1000, rs.getLong(2)});
                }
            }
        }
        return out;
    }

    @Test
    void aBacklogDeliveredAtOnceAfterAnOutageIsSpreadOverItAndKeepsEveryWh() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        String clientId = "ingest-" + id;
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        DrivenClock clock = new DrivenClock(t0);
        try (TestPublisher pub = new TestPublisher(url)) {
            IngestService first = start(url, clientId, clock, DownsamplingConfig.OFF);
            pub.publish(topic, frame(1_000_000));
            await().atMost(Duration.ofSeconds(20)).until(() -> index().size() == 1);
            stop(first); // its session stays with the broker, which queues what follows

            // 60 s of outage: a frame every 3 s, 2 Wh each (2.4 kW), queued by the broker
            clock.advance(Duration.ofSeconds(60));
            for (int k = 1; k <= 20; k++) {
                pub.publish(topic, frame(1_000_000 + 2L * k));
            }
            // The restart receives the backlog within milliseconds, all at the same (driven) reception time.
            IngestService second = start(url, clientId, clock, DownsamplingConfig.OFF);
            await().atMost(Duration.ofSeconds(20)).until(() -> second.mqtt().health().getLong("acknowledged") == 20);
        }
        List<long[]> idx = index();
        assertThat(idx).hasSize(21); // not one squeezed value per instant: every frame kept
        assertThat(idx.get(idx.size() - 1)[1] - idx.get(0)[1]).isEqualTo(40);
        for (int i = 1; i < idx.size(); i++) {
            long micros = idx.get(i)[0] - idx.get(i - 1)[0];
            long wh = idx.get(i)[1] - idx.get(i - 1)[1];
            assertThat(micros).isPositive();
            assertThat(wh * 3_600_000_000L / micros).as("rate before reading %d, W", i).isLessThanOrEqualTo(GLITCH_W);
            // spread over the outage from the last stored instant: 60 s / 20 frames, the frames' own cadence
            assertThat(micros).as("step %d", i).isEqualTo(3_000_000);
        }
        assertThat(idx.get(20)[0]).isEqualTo(t0.plusSeconds(60).getEpochSecond() * 1_000_000);
    }

    @Test
    void aCleanRestartWithDefaultDownsamplingStoresNoPublicationTwice() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        String clientId = "ingest-" + id;
        Instant t0 = Instant.parse("2026-03-01T10:10:00Z");
        DrivenClock clock = new DrivenClock(t0);
        long base = 2_000_000;
        try (TestPublisher pub = new TestPublisher(url)) {
            IngestService first = start(url, clientId, clock, DownsamplingConfig.DEFAULTS);
            for (int k = 0; k < 10; k++) {
                int n = k + 1;
                pub.publish(topic, frame(base + k)); // every publication its own index value
                await().atMost(Duration.ofSeconds(20)).until(() -> first.mqtt().health().getLong("received") == n);
                clock.advance(Duration.ofSeconds(10));
            }
            // Downsampling holds the last value (the half-hour boundary candidate), its message unacknowledged: the
            // stop has work in flight.
            await().atMost(Duration.ofSeconds(20)).until(() -> first.pipeline().heldMessages() > 0);
            stop(first);

            clock.advance(Duration.ofSeconds(30));
            IngestService second = start(url, clientId, clock, DownsamplingConfig.DEFAULTS);
            for (int k = 10; k < 15; k++) {
                pub.publish(topic, frame(base + k));
                await().atMost(Duration.ofSeconds(20)).until(() -> second.mqtt().health().getLong("received") >= 1);
                clock.advance(Duration.ofSeconds(10));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> second.mqtt().health().getLong("received") >= 5);
            stop(second);
            // Nothing of the first run came back: the restart received its five publications only.
            assertThat(second.mqtt().health().getLong("received")).isEqualTo(5);
        }
        // No value of the (moving) index stored under two instants: no publication stored twice.
        assertThat(TestMeters.count(db.dataSource(), "SELECT count(*) FROM (SELECT value FROM reading WHERE channel ="
                + " 'index.total' GROUP BY value HAVING count(DISTINCT instant) > 1) twice")).isZero();
        // and what was held at the stop was written then: the last value of the first run is there
        assertThat(index()).extracting(r -> r[1]).contains(base + 9, base + 14);
    }

    /** Messages still waiting for their stamp when the stop begins are stamped, written and acknowledged before it ends. */
    @Test
    void anOrderlyStopHandsOverTheMessagesWaitingForTheirStamp() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        String clientId = "ingest-" + id;
        Instant t0 = Instant.parse("2026-03-01T11:00:00Z");
        DrivenClock clock = new DrivenClock(t0);
        // a burst gap far longer than the test: nothing is stamped before the stop
        InstantsConfig patient = new InstantsConfig(null, null, null, Duration.ofSeconds(10));
        try (TestPublisher pub = new TestPublisher(url)) {
            IngestService first = start(url, clientId, clock, DownsamplingConfig.OFF, patient);
            for (int k = 0; k < 3; k++) {
                pub.publish(topic, frame(3_000_000 + k));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> first.mqtt().health().getLong("received") == 3);
            assertThat(index()).isEmpty(); // all three wait for their stamp
            stop(first);
            assertThat(first.mqtt().health().getLong("acknowledged")).isEqualTo(3);
            assertThat(index()).extracting(r -> r[1]).containsExactly(3_000_000L, 3_000_001L, 3_000_002L);

            IngestService second = start(url, clientId, clock, DownsamplingConfig.OFF, patient);
            pub.publish(topic, frame(3_000_003));
            await().atMost(Duration.ofSeconds(20)).until(() -> second.mqtt().health().getLong("received") >= 1);
            stop(second);
            assertThat(second.mqtt().health().getLong("received")).isEqualTo(1); // nothing came back
        }
    }
}
