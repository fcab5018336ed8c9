package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.count;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicEncoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.ingest.pipeline.ReadingPipeline;
import org.ecofoyer.ingest.source.TicMessageDecoder;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a Linky says about itself (#16) through the real pipeline: raw TIC frames over a real Mosquitto, decoded by the
 * gateway codecs, into PostgreSQL. The subscription is stored once for five frames that repeat it, again when it
 * changes, never again for an old frame redelivered after a restart (the learner's memory empty: the store's rules
 * alone); each day's maximum once per day and phase, replaced only by a higher one; none of it lands in {@code reading}.
 */
class MeterFactsIngestTest {
    private static final String SERIAL = "031776013513"; // ADSC of the capture
    private Database db;
    private String topic;

    @BeforeEach
    void setUp() {
        db = TestDatabases.newMigratedDatabase();
        topic = "ecofoyer/gw/f" + UUID.randomUUID().toString().substring(0, 8) + "/tic";
        addMeter(db.dataSource(), "MF");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static List<TicFrame> capture() throws Exception {
        try (InputStream in = MeterFactsIngestTest.class.getResourceAsStream("/tic/hallard_tinfo_replay__stand_base_tri.txt")) {
            return TicDecoder.decodeAll(Optional.empty(), in.readAllBytes());
        }
    }

    /** The frame with some groups' horodate and data replaced, and its DATE moved to {@code date}. */
    private static byte[] changed(TicFrame f, String date, String... labelHorodateData) {
        List<TicEncoder.Group> groups = new ArrayList<>();
        for (TicEncoder.Group g : TicEncoder.groups(f)) {
            TicEncoder.Group out = g.label().equals("DATE") ? new TicEncoder.Group("DATE", date, "") : g;
            for (int i = 0; i < labelHorodateData.length; i += 3) {
                if (g.label().equals(labelHorodateData[i])) {
                    out = new TicEncoder.Group(g.label(), labelHorodateData[i + 1], labelHorodateData[i + 2]);
                }
            }
            groups.add(out);
        }
        return TicEncoder.frame(TicMode.STANDARD, groups);
    }

    private List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    cols.add(String.valueOf(rs.getObject(i) instanceof java.sql.Timestamp t ? t.toInstant() : rs.getObject(i)));
                }
                out.add(String.join(" ", cols));
            }
        }
        return out;
    }

    private static final String CONTRACTS = "SELECT learned_at, kva, tariff_option, source FROM meter_contract ORDER BY learned_at";
    private static final String MAXIMA = "SELECT day, phase, va, reached_at FROM meter_daily_max ORDER BY day, phase";

    @Test
    void theSubscriptionIsStoredOnceThenOnChangeAndEachDaysMaximumOncePerPhase() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        List<TicFrame> frames = capture();
        assertThat(frames).hasSize(5);
        try (IngestHarness ingest = new IngestHarness(db.dataSource(),
                IngestHarness.mqtt(url, "t-" + UUID.randomUUID(), "g" + UUID.randomUUID(), topic),
                List.of(new GatewayConfig(topic, "MF", SERIAL, GatewayFormat.RAW)), new TicMessageDecoder(), DownsamplingConfig.OFF);
             TestPublisher pub = new TestPublisher(url)) {
            await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt::isConnected);
            for (TicFrame f : frames) {
                pub.publish(topic, TicEncoder.frame(TicMode.STANDARD, TicEncoder.groups(f)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ingest.mqtt.health().getLong("acknowledged") == 5
                    && ingest.mqtt.health().getLong("pending_acks") == 0);
            // PREF 12, NGTF "      BASE      ": one row for five frames, learned at the first frame's DATE (E210415200146).
            assertThat(rows(CONTRACTS)).containsExactly("2021-04-15T18:01:46Z 12 BASE tic");
            // SMAXSN(1-3) and SMAXSN(1-3)-1 of the capture: the local day (Europe/Paris) of each horodate, as reached.
            assertThat(rows(MAXIMA)).containsExactly(
                    "2021-04-14 0 5487 2021-04-14T01:27:33Z", "2021-04-14 1 2196 2021-04-14T03:21:43Z",
                    "2021-04-14 2 1803 2021-04-14T01:26:14Z", "2021-04-14 3 2561 2021-04-14T09:43:44Z",
                    "2021-04-15 0 7337 2021-04-15T06:10:21Z", "2021-04-15 1 2892 2021-04-15T03:27:15Z",
                    "2021-04-15 2 2787 2021-04-15T06:07:48Z", "2021-04-15 3 2762 2021-04-15T14:17:27Z");
            assertThat(count(db.dataSource(), "SELECT count(*) FROM reading WHERE channel LIKE 'contract.%' OR channel LIKE 'power.max.meter%'"))
                    .isZero();
            assertThat(TestMeters.readings(db.dataSource(), "MF")).isPositive(); // the frames' readings went on
            // and only the first of the five frames went to the store: the others repeated it (no write per frame)
            assertThat(ingest.metrics.registry().counter(ReadingPipeline.FACT_CHANGES).count()).isEqualTo(1.0);

            // Later that evening the subscription drops to 9 kVA and the day's maximum rises to 8 100 VA at 20:05.
            TicFrame last = frames.get(frames.size() - 1);
            pub.publish(topic, changed(last, "E210415200300", "PREF", null, "09", "SMAXSN", "E210415200500", "08100"));
            await().atMost(Duration.ofSeconds(30)).until(() -> ingest.mqtt.health().getLong("acknowledged") == 6
                    && ingest.mqtt.health().getLong("pending_acks") == 0);
            assertThat(rows(CONTRACTS)).containsExactly("2021-04-15T18:01:46Z 12 BASE tic", "2021-04-15T18:03:00Z 9 BASE tic");
            assertThat(rows(MAXIMA)).contains("2021-04-15 0 8100 2021-04-15T18:05:00Z").hasSize(8)
                    .doesNotContain("2021-04-15 0 7337 2021-04-15T06:10:21Z");
            assertThat(ingest.metrics.registry().counter(ReadingPipeline.FACT_CHANGES).count()).isEqualTo(2.0);
        }
        // After a restart (the learner's memory empty), the first frame again, as a gateway's redelivery: it hands on
        // 12 kVA and 7,337 VA, and the store keeps what it has (the 9 kVA told later, the day's higher maximum).
        try (IngestHarness ingest = new IngestHarness(db.dataSource(),
                IngestHarness.mqtt(url, "t-" + UUID.randomUUID(), "g" + UUID.randomUUID(), topic),
                List.of(new GatewayConfig(topic, "MF", SERIAL, GatewayFormat.RAW)), new TicMessageDecoder(), DownsamplingConfig.OFF);
             TestPublisher pub = new TestPublisher(url)) {
            await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt::isConnected);
            pub.publish(topic, TicEncoder.frame(TicMode.STANDARD, TicEncoder.groups(frames.get(0))));
            // and a new frame saying what the store already holds (9 kVA): no new row for it either
            pub.publish(topic, changed(frames.get(frames.size() - 1), "E210415200400", "PREF", null, "09", "SMAXSN", "E210415200500", "08100"));
            await().atMost(Duration.ofSeconds(30)).until(() -> ingest.mqtt.health().getLong("acknowledged") == 2
                    && ingest.mqtt.health().getLong("pending_acks") == 0);
            assertThat(rows(CONTRACTS)).containsExactly("2021-04-15T18:01:46Z 12 BASE tic", "2021-04-15T18:03:00Z 9 BASE tic");
            assertThat(rows(MAXIMA)).contains("2021-04-15 0 8100 2021-04-15T18:05:00Z").hasSize(8)
                    .doesNotContain("2021-04-15 0 7337 2021-04-15T06:10:21Z");
        }
    }
}
