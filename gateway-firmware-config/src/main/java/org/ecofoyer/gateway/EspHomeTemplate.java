package org.ecofoyer.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * An ESPHome YAML: the UART of the TIC (1200 baud historique or 9600 standard, 7 data bits, even parity, 1 stop bit),
 * the teleinfo component, one sensor per TIC tag named {@code linky_<tag>} (ESPHome publishes it on
 * {@code <topic_prefix>/sensor/linky_<tag>/state}, which ingest's ESPHome codec reads as the tag), the meter id as a
 * text sensor (so ingest can check it is this gateway's meter), and the mqtt block with the topic prefix
 * {@code esphome/<id>} — the registered filter {@code esphome/<id>/+/+/state} (sensors and the text sensor). Birth, will and log messages and
 * Home Assistant discovery are off: the gateway may publish its readings and nothing else.
 */
final class EspHomeTemplate {
    static final List<String> HISTORIQUE_TAGS = List.of("BASE", "HCHC", "HCHP", "PAPP", "IINST");
    static final List<String> STANDARD_TAGS = List.of("EAST", "EASF01", "EASF02", "SINSTS", "IRMS1");

    private EspHomeTemplate() {
    }

    static FirmwareConfig render(Gateway g, BrokerAddress broker, String password) {
        TicMode mode = FirmwareConfig.concrete(g.mode());
        boolean historique = mode == TicMode.HISTORIQUE;
        List<String> notes = new ArrayList<>();
        if (g.mode() == TicMode.AUTO) {
            notes.add(FirmwareConfig.autoNote(g));
        }
        notes.add("set the board and the rx_pin to your hardware (the TIC optocoupler's output), and the Wi-Fi");
        StringBuilder y = new StringBuilder();
        y.append("# Ecofoyer gateway ").append(g.id()).append(" (meter ").append(g.meter()).append(", TIC ").append(mode.wireName()).append(")\n");
        y.append("esphome:\n  name: ").append(g.id()).append("\n\n");
        y.append("esp8266:\n  board: d1_mini\n\n");
        y.append("wifi:\n  ssid: \"YOUR-WIFI\"\n  password: \"YOUR-WIFI-PASSWORD\"\n\n");
        y.append("logger:\n  baud_rate: 0  # the UART belongs to the TIC\n\n");
        y.append("uart:\n  id: tic_uart\n  rx_pin: GPIO3\n  baud_rate: ").append(historique ? 1200 : 9600)
                .append("\n  data_bits: 7\n  parity: EVEN\n  stop_bits: 1\n\n");
        y.append("teleinfo:\n  id: tic\n  uart_id: tic_uart\n  historical_mode: ").append(historique).append("\n  update_interval: 10s\n\n");
        y.append("mqtt:\n  broker: ").append(broker.host()).append("\n  port: ").append(broker.port())
                .append("\n  username: ").append(g.username()).append("\n  password: \"").append(password).append("\"\n  client_id: ")
                .append(g.id()).append("\n  topic_prefix: esphome/").append(g.id())
                .append("\n  discovery: false\n  birth_message:\n  will_message:\n  log_topic:\n\n");
        y.append("sensor:\n");
        for (String tag : historique ? HISTORIQUE_TAGS : STANDARD_TAGS) {
            y.append("  - platform: teleinfo\n    teleinfo_id: tic\n    tag_name: \"").append(tag).append("\"\n    name: \"")
                    .append(sensorName(tag)).append("\"\n");
        }
        y.append("\ntext_sensor:\n  - platform: teleinfo\n    teleinfo_id: tic\n    tag_name: \"").append(historique ? "ADCO" : "ADSC")
                .append("\"\n    name: \"").append(sensorName(historique ? "ADCO" : "ADSC")).append("\"\n");
        return new FirmwareConfig(y.toString(), notes);
    }

    /** ESPHome's object id of the sensor is its name when that is lower-case letters, digits and '_'. */
    static String sensorName(String tag) {
        return "linky_" + tag.toLowerCase(java.util.Locale.ROOT);
    }
}
