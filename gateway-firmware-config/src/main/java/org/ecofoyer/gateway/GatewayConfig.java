package org.ecofoyer.gateway;

import java.util.Locale;
import java.util.Set;

/**
 * One MQTT gateway: the topic it publishes on, the meter it reads, and its payload format. A message is accepted
 * only on a registered topic, and only if the meter id inside it (ADCO/ADSC) is the one bound to the gateway.
 *
 * @param topic       the gateway's topic, exact, or an MQTT filter with {@code +}/{@code #} for firmwares that
 *                    publish one value per topic (ESPHome: {@code linky-42/sensor/+/state})
 * @param meter       the meter's code in Ecofoyer ({@code meter.code})
 * @param meterSerial the meter's ADCO/ADSC as the meter sends it (default: the meter code)
 * @param format      {@code raw}, {@code tasmota}, {@code teleinfo2mqtt}, {@code zlinky} or {@code esphome}
 */
public record GatewayConfig(String topic, String meter, String meterSerial, String format) {
    public static final Set<String> FORMATS = Set.of("raw", "tasmota", "teleinfo2mqtt", "zlinky", "esphome");

    public GatewayConfig {
        if (topic == null || topic.isBlank() || topic.startsWith("$")) {
            throw new IllegalArgumentException("topic: expected the gateway's MQTT topic, e.g. tele/linky-42/SENSOR, got '" + topic + "'");
        }
        if (meter == null || meter.isBlank()) {
            throw new IllegalArgumentException("meter: expected the code of the meter this gateway reads (topic " + topic + ")");
        }
        meterSerial = meterSerial == null || meterSerial.isBlank() ? meter : meterSerial.strip();
        format = format == null ? "raw" : format.strip().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("format: expected raw, tasmota, teleinfo2mqtt, zlinky or esphome, got '" + format + "'");
        }
    }

    public boolean isFilter() {
        return topic.contains("+") || topic.contains("#");
    }
}
