package org.ecofoyer.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.gateway.GatewayPayloads;
import org.ecofoyer.drivers.gateway.GatewayResult;
import org.ecofoyer.drivers.tic.TicFrame;
import org.junit.jupiter.api.Test;

/**
 * Each firmware's configuration, parsed as that firmware would read it, and the messages the configured firmware
 * would publish pushed through ingest's codec for it, on the topic the configuration makes it publish on: which must
 * be the registered one, and must carry the meter's readings and id.
 */
class FirmwareConfigTest {
    static final BrokerAddress BROKER = new BrokerAddress("mqtt.example.org", 1883, false);
    static final String SERIAL = "021861348497";

    static Gateway gateway(Firmware f, TicMode mode) {
        return new Gateway("gw-k3x9ab", "martin", "PRM-1", SERIAL, f, mode, f.topic("gw-k3x9ab", SERIAL), "gw-k3x9ab",
                "$7$101$x$y", GatewayState.NEW, null, Instant.EPOCH, null);
    }

    static TicFrame historiqueFrame() {
        TicFrame.Builder b = TicFrame.builder(org.ecofoyer.drivers.tic.TicMode.HISTORIQUE);
        b.add("ADCO", SERIAL);
        b.add("OPTARIF", "HC..");
        b.add("HCHC", "001234567");
        b.add("HCHP", "002345678");
        b.add("PAPP", "00450");
        return b.build();
    }

    static TicFrame decodeOne(GatewayFormat format, String topic, byte[] payload) {
        GatewayResult r = format.codec().decode(topic, payload);
        assertThat(r).as("decoded " + new String(payload, StandardCharsets.UTF_8) + " on " + topic).isInstanceOf(GatewayResult.Decoded.class);
        return ((GatewayResult.Decoded) r).frames().get(0);
    }

    /** Tasmota's console syntax: a command word, then its parameter; Backlog joins commands with ';'. */
    static Map<String, String> tasmotaCommands(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Pattern command = Pattern.compile("([A-Za-z][A-Za-z0-9]*) ([^;]*)");
        for (String line : text.strip().split("\n")) {
            String body = line.startsWith("Backlog ") ? line.substring(8) : line;
            for (String part : body.split(";")) {
                Matcher m = command.matcher(part.strip());
                assertThat(m.matches()).as("a Tasmota command: '" + part.strip() + "'").isTrue();
                out.merge(m.group(1), m.group(2), (a, b) -> a + "|" + b);
            }
        }
        return out;
    }

    @Test
    void tasmotaCommandsSetTheModeTheTicObjectAndTheRegisteredTopic() {
        Gateway g = gateway(Firmware.TASMOTA, TicMode.STANDARD);
        FirmwareConfig c = FirmwareConfig.of(g, BROKER, "Secret24CharactersLongXy");
        Map<String, String> cmd = tasmotaCommands(c.text());
        assertThat(cmd).containsEntry("EnergyConfig", "Standard|Full").containsEntry("TelePeriod", "10")
                .containsEntry("MqttHost", "mqtt.example.org").containsEntry("MqttPort", "1883").containsEntry("MqttUser", "gw-k3x9ab")
                .containsEntry("MqttPassword", "Secret24CharactersLongXy").containsEntry("Topic", "gw-k3x9ab")
                .containsEntry("FullTopic", "%prefix%/%topic%/");
        // Tasmota's telemetry: FullTopic with %prefix% = tele, %topic% = Topic, then SENSOR.
        String published = cmd.get("FullTopic").replace("%prefix%", "tele").replace("%topic%", cmd.get("Topic")) + "SENSOR";
        assertThat(published).isEqualTo(g.topic());
        var message = GatewayPayloads.encode(GatewayFormat.TASMOTA, published, historiqueFrame()).get(0);
        TicFrame f = decodeOne(g.firmware().format(), message.topic(), message.payload());
        assertThat(f.meterId()).contains(SERIAL);
        assertThat(f.indexes()).containsEntry("index.HC", 1_234_567L).containsEntry("index.HP", 2_345_678L);
        assertThat(tasmotaCommands(FirmwareConfig.of(gateway(Firmware.TASMOTA, TicMode.AUTO), BROKER, "p").text()))
                .containsEntry("EnergyConfig", "Historique|Full");
    }

    @Test
    void theEspHomeYamlLoadsSetsTheUartAndItsSensorsReachTheCodecAsTheirTags() throws Exception {
        for (TicMode mode : List.of(TicMode.HISTORIQUE, TicMode.STANDARD)) {
            Gateway g = gateway(Firmware.ESPHOME, mode);
            FirmwareConfig c = FirmwareConfig.of(g, BROKER, "Secret24CharactersLongXy");
            JsonNode y = new ObjectMapper(new YAMLFactory()).readTree(c.text());
            assertThat(y.at("/uart/baud_rate").asInt()).isEqualTo(mode == TicMode.HISTORIQUE ? 1200 : 9600);
            assertThat(y.at("/uart/data_bits").asInt()).isEqualTo(7);
            assertThat(y.at("/uart/parity").asText()).isEqualTo("EVEN");
            assertThat(y.at("/uart/stop_bits").asInt()).isEqualTo(1);
            assertThat(y.at("/teleinfo/historical_mode").asBoolean()).isEqualTo(mode == TicMode.HISTORIQUE);
            assertThat(y.at("/teleinfo/uart_id").asText()).isEqualTo(y.at("/uart/id").asText());
            assertThat(y.at("/mqtt/broker").asText()).isEqualTo("mqtt.example.org");
            assertThat(y.at("/mqtt/username").asText()).isEqualTo("gw-k3x9ab");
            assertThat(y.at("/mqtt/password").asText()).isEqualTo("Secret24CharactersLongXy");
            assertThat(y.at("/mqtt/discovery").asBoolean(true)).isFalse();
            String prefix = y.at("/mqtt/topic_prefix").asText();
            List<String> tags = new ArrayList<>();
            for (JsonNode s : y.get("sensor")) {
                assertThat(s.get("teleinfo_id").asText()).isEqualTo(y.at("/teleinfo/id").asText());
                String topic = prefix + "/sensor/" + s.get("name").asText() + "/state";
                assertThat(topicMatches(g.topic(), topic)).as(topic + " under " + g.topic()).isTrue();
                TicFrame f = decodeOne(g.firmware().format(), topic, "42".getBytes(StandardCharsets.UTF_8));
                assertThat(f.label(0)).isEqualTo(s.get("tag_name").asText());
                tags.add(f.label(0));
            }
            assertThat(tags).containsExactlyElementsOf(mode == TicMode.HISTORIQUE ? EspHomeTemplate.HISTORIQUE_TAGS : EspHomeTemplate.STANDARD_TAGS);
            JsonNode id = y.get("text_sensor").get(0);
            String idTopic = prefix + "/text_sensor/" + id.get("name").asText() + "/state";
            assertThat(topicMatches(g.topic(), idTopic)).as("the meter id is published under the registered filter too: " + idTopic).isTrue();
            TicFrame idFrame = decodeOne(g.firmware().format(), idTopic, SERIAL.getBytes(StandardCharsets.UTF_8));
            assertThat(idFrame.meterId()).contains(SERIAL);
        }
    }

    @Test
    void theTeleinfo2mqttEnvironmentFilePublishesOnTheMetersTopic() {
        Gateway g = gateway(Firmware.TELEINFO2MQTT, TicMode.HISTORIQUE);
        FirmwareConfig c = FirmwareConfig.of(g, BROKER, "Secret24CharactersLongXy");
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : c.text().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                assertThat(line).as("an environment file line").matches("[A-Z_]+=[^ ]*");
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(env).containsEntry("TIC_MODE", "history").containsEntry("MQTT_URL", "mqtt://mqtt.example.org:1883")
                .containsEntry("MQTT_USER", "gw-k3x9ab").containsEntry("MQTT_PASSWORD", "Secret24CharactersLongXy")
                .containsEntry("HASS_DISCOVERY", "false");
        // teleinfo2mqtt publishes each frame on <base topic>/<ADCO or ADSC>.
        String published = env.get("MQTT_BASE_TOPIC") + "/" + SERIAL;
        assertThat(published).isEqualTo(g.topic());
        var message = GatewayPayloads.encode(GatewayFormat.TELEINFO2MQTT, published, historiqueFrame()).get(0);
        TicFrame f = decodeOne(g.firmware().format(), message.topic(), message.payload());
        assertThat(f.meterId()).contains(SERIAL);
        assertThat(f.indexes()).containsEntry("index.HP", 2_345_678L);
        assertThat(FirmwareConfig.of(gateway(Firmware.TELEINFO2MQTT, TicMode.STANDARD), BROKER, "p").text()).contains("TIC_MODE=standard\n");
    }

    @Test
    void theZigbee2mqttStepsNameTheZLinkySoThatItPublishesOnTheRegisteredTopic() throws Exception {
        Gateway g = gateway(Firmware.ZLINKY, TicMode.AUTO);
        FirmwareConfig c = FirmwareConfig.of(g, BROKER, "Secret24CharactersLongXy");
        JsonNode y = new ObjectMapper(new YAMLFactory()).readTree(c.text());
        assertThat(y.at("/mqtt/server").asText()).isEqualTo("mqtt://mqtt.example.org:1883");
        assertThat(y.at("/mqtt/user").asText()).isEqualTo("gw-k3x9ab");
        assertThat(y.at("/mqtt/password").asText()).isEqualTo("Secret24CharactersLongXy");
        Matcher rename = Pattern.compile("rename it to: (\\S+)").matcher(c.text());
        assertThat(rename.find()).isTrue();
        // Zigbee2MQTT publishes a device's state on <base_topic>/<friendly name>.
        String published = y.at("/mqtt/base_topic").asText() + "/" + rename.group(1);
        assertThat(published).isEqualTo(g.topic());
        var message = GatewayPayloads.encode(GatewayFormat.ZLINKY, published, historiqueFrame()).get(0);
        TicFrame f = decodeOne(g.firmware().format(), message.topic(), message.payload());
        assertThat(f.indexes()).containsEntry("index.HC", 1_234_567L);
    }

    @Test
    void withoutThePasswordAPlaceholderAndANoteSayWhereItIs() {
        for (Firmware fw : Firmware.values()) {
            FirmwareConfig c = FirmwareConfig.of(gateway(fw, TicMode.HISTORIQUE), BROKER, null);
            assertThat(c.text()).as(fw.wireName()).contains(FirmwareConfig.PASSWORD_PLACEHOLDER);
            assertThat(c.notes()).anyMatch(n -> n.contains("rotate-secret gw-k3x9ab"));
        }
        var raw = FirmwareConfig.of(gateway(Firmware.RAW, TicMode.STANDARD), BROKER, "p");
        assertThat(raw.text()).contains("topic=ecofoyer/gw/gw-k3x9ab\n", "broker=tcp://mqtt.example.org:1883\n");
    }

    /** MQTT filter matching, '+' one level. */
    static boolean topicMatches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (f.length != t.length) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return true;
    }
}
