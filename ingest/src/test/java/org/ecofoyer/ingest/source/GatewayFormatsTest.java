package org.ecofoyer.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.TestMeters.addMeter;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.IngestHarness;
import org.ecofoyer.ingest.TestEnv;
import org.ecofoyer.ingest.TestMeters;
import org.ecofoyer.ingest.TestPublisher;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End to end, MQTT → database, for each gateway firmware's payload, through the real codecs. */
class GatewayFormatsTest {
    private Database db;
    private String id;

    @BeforeEach
    void setUp() {
        db = TestDatabases.newMigratedDatabase();
        id = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** Publishes one payload from a gateway of {@code format} and returns the rows stored for its meter. */
    private List<String> ingestOne(String format, String topic, String serial, byte[] payload, String filter) throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        String meter = "M-" + format;
        addMeter(db.dataSource(), meter);
        try (IngestHarness ingest = new IngestHarness(db.dataSource(),
                IngestHarness.mqtt(url, "t-" + UUID.randomUUID(), "g" + id, filter),
                List.of(new GatewayConfig(topic, meter, serial, GatewayFormat.parse(format))), new TicMessageDecoder(), DownsamplingConfig.OFF);
             TestPublisher pub = new TestPublisher(url)) {
            await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt::isConnected);
            pub.publish(topic.replace("+", "linky_hchc"), payload);
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.mqtt.health().getLong("acknowledged") == 1);
            assertThat(ingest.metrics.messagesRejected("malformed")).isZero();
        }
        return TestMeters.rows(db.dataSource(), meter);
    }

    @Test
    void rawTicFrameOfAStandardMeter() throws Exception {
        byte[] frame;
        try (InputStream in = getClass().getResourceAsStream("/tic/standard-frame.bin")) {
            frame = in.readAllBytes();
        }
        String topic = "ecofoyer/gw/raw-" + id + "/tic";
        // Enedis' own example frame (tic2websocket): ADSC 031664001115, DATE E170915101601 = 10:16:01+02:00 (summer)
        List<String> rows = ingestOne("raw", topic, "031664001115", frame, topic);
        assertThat(rows).contains("index.total@2017-09-15T08:16:01Z=0", "index.SUPPLIER_01@2017-09-15T08:16:01Z=0",
                "index.DISTRIBUTOR_04@2017-09-15T08:16:01Z=0", "power.apparent@2017-09-15T08:16:01Z=0",
                "current.1@2017-09-15T08:16:01Z=0", "voltage.1@2017-09-15T08:16:01Z=230");
    }

    /** Security finding 16: a corrupted group inside an accepted frame was dropped without being counted or logged. */
    @Test
    void aCorruptedGroupInAnAcceptedFrameIsCountedAndTheRestKept() throws Exception {
        byte[] frame;
        try (InputStream in = getClass().getResourceAsStream("/tic/standard-frame.bin")) {
            frame = in.readAllBytes();
        }
        String text = new String(frame, StandardCharsets.ISO_8859_1);
        int sinsts = text.indexOf("\nSINSTS\t");
        assertThat(sinsts).isPositive();
        frame[sinsts + 8] = (byte) (frame[sinsts + 8] == '9' ? '8' : '9'); // a digit of its data: the checksum no longer matches
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        String topic = "ecofoyer/gw/raw-" + id + "/tic";
        addMeter(db.dataSource(), "M-corrupt");
        try (IngestHarness ingest = new IngestHarness(db.dataSource(), IngestHarness.mqtt(url, "t-" + UUID.randomUUID(), "g" + id, topic),
                List.of(new GatewayConfig(topic, "M-corrupt", "031664001115", GatewayFormat.RAW)), new TicMessageDecoder(), DownsamplingConfig.OFF);
             TestPublisher pub = new TestPublisher(url)) {
            await().atMost(Duration.ofSeconds(20)).until(ingest.mqtt::isConnected);
            pub.publish(topic, frame);
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.mqtt.health().getLong("acknowledged") == 1);
            assertThat(ingest.metrics.rejected(MqttSource.INVALID_GROUP)).isEqualTo(1.0);
            assertThat(ingest.metrics.messagesRejected("malformed")).isZero();
        }
        List<String> rows = TestMeters.rows(db.dataSource(), "M-corrupt");
        assertThat(rows).contains("index.total@2017-09-15T08:16:01Z=0", "voltage.1@2017-09-15T08:16:01Z=230");
        assertThat(rows).noneMatch(r -> r.startsWith("power.apparent@"));
    }

    @Test
    void tasmotaSensorMessage() throws Exception {
        String topic = "tele/tasmota-" + id + "/SENSOR";
        String p = "{\"Time\":\"2021-04-23T05:40:22\",\"TIC\":{\"ADSC\":\"061961361253\",\"DATE\":\"E210423054022\",\"EAST\":2188830,\"SINSTS\":394}}";
        List<String> rows = ingestOne("tasmota", topic, "061961361253", p.getBytes(StandardCharsets.UTF_8), topic);
        assertThat(rows).containsExactlyInAnyOrder("index.total@2021-04-23T03:40:22Z=2188830", "power.apparent@2021-04-23T03:40:22Z=394");
    }

    @Test
    void teleinfo2mqttHistoriqueMessage() throws Exception {
        String topic = "teleinfo/" + id;
        String p = "{\"ADCO\":{\"raw\":\"021528603314\",\"value\":21528603314},\"OPTARIF\":{\"raw\":\"HC..\",\"value\":\"HC\"},"
                + "\"HCHC\":{\"raw\":\"000836902\",\"value\":836902},\"HCHP\":{\"raw\":\"002033643\",\"value\":2033643},"
                + "\"PTEC\":{\"raw\":\"HP..\",\"value\":\"HP\"}}";
        List<String> rows = ingestOne("teleinfo2mqtt", topic, "021528603314", p.getBytes(StandardCharsets.UTF_8), topic);
        // historique has no DATE: stamped at reception
        assertThat(rows.stream().map(r -> r.replaceAll("@.*=", "=")).toList())
                .containsExactlyInAnyOrder("index.HC=836902", "index.HP=2033643", "index.total=2870545");
    }

    @Test
    void zigbee2mqttZlinkyMessage() throws Exception {
        String topic = "zigbee2mqtt/zlinky-" + id;
        String p = "{\"meter_serial_number\":\"031776013513\",\"current_summ_delivered\":27553.175,"
                + "\"current_tier1_summ_delivered\":15643.112,\"rms_voltage\":234,\"apparent_power\":1198}";
        List<String> rows = ingestOne("zlinky", topic, "031776013513", p.getBytes(StandardCharsets.UTF_8), topic);
        assertThat(rows.stream().map(r -> r.replaceAll("@.*=", "=")).toList())
                .contains("index.total=27553175", "index.SUPPLIER_01=15643112", "power.apparent=1198", "voltage.1=234");
    }

    @Test
    void esphomeOneValuePerTopic() throws Exception {
        String filter = "esphome/node-" + id + "/sensor/+/state";
        List<String> rows = ingestOne("esphome", filter, "ANY", "836902".getBytes(StandardCharsets.UTF_8), filter);
        assertThat(rows.stream().map(r -> r.replaceAll("@.*=", "=")).toList()).containsExactly("index.HC=836902");
    }
}
