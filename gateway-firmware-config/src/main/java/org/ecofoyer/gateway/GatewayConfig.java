package org.ecofoyer.gateway;

import org.ecofoyer.drivers.gateway.GatewayFormat;

/**
 * One MQTT gateway: the topic it publishes on, the meter it reads, and its payload format. A message is accepted
 * only on a registered topic, and only if the meter id inside it (ADCO/ADSC) is the one bound to the gateway.
 *
 * @param topic       the gateway's topic, exact, or an MQTT filter with {@code +}/{@code #} for firmwares that
 *                    publish one value per topic (ESPHome: {@code linky-42/sensor/+/state})
 * @param meter       the meter's code in Ecofoyer ({@code meter.code})
 * @param meterSerial the meter's ADCO/ADSC as the meter sends it (default: the meter code)
 * @param format      its firmware's payload format (default {@link GatewayFormat#RAW}), read once with the configuration:
 *                    each message goes straight to its codec
 */
public record GatewayConfig(String topic, String meter, String meterSerial, GatewayFormat format) {
    public GatewayConfig {
        if (topic == null || topic.isBlank() || topic.startsWith("$")) {
            throw new IllegalArgumentException("topic: expected the gateway's MQTT topic, e.g. tele/linky-42/SENSOR, got '" + topic + "'");
        }
        if (meter == null || meter.isBlank()) {
            throw new IllegalArgumentException("meter: expected the code of the meter this gateway reads (topic " + topic + ")");
        }
        meterSerial = meterSerial == null || meterSerial.isBlank() ? meter : meterSerial.strip();
        format = format == null ? GatewayFormat.RAW : format;
    }

    public boolean isFilter() {
        return topic.contains("+") || topic.contains("#");
    }
}
