package org.ecofoyer.gateway;

import java.util.Locale;
import org.ecofoyer.drivers.gateway.GatewayFormat;

/**
 * The gateway firmwares an installer can register, each with the payload format ingest decodes and the MQTT topic it
 * publishes on — chosen inside ingest's default subscriptions, so a registered gateway needs no ingest configuration.
 */
public enum Firmware {
    /** Tasmota with teleinfo: {@code tele/<gateway>/SENSOR}, Tasmota's topic being the gateway id. */
    TASMOTA("tasmota", GatewayFormat.TASMOTA),
    /** ESPHome's teleinfo component, one value per topic under the prefix {@code esphome/<gateway>}: its sensors and its text sensor (the meter id). */
    ESPHOME("esphome", GatewayFormat.ESPHOME),
    /** teleinfo2mqtt: {@code teleinfo/<meter serial>} (its topic names the meter, not the gateway). */
    TELEINFO2MQTT("teleinfo2mqtt", GatewayFormat.TELEINFO2MQTT),
    /** A ZLinky through Zigbee2MQTT: {@code zigbee2mqtt/<friendly name>}, the friendly name being the gateway id. */
    ZLINKY("zlinky", GatewayFormat.ZLINKY),
    /** Raw TIC bytes, for home-made gateways: {@code ecofoyer/gw/<gateway>}. */
    RAW("raw", GatewayFormat.RAW);

    private final String wireName;
    private final GatewayFormat format;

    Firmware(String wireName, GatewayFormat format) {
        this.wireName = wireName;
        this.format = format;
    }

    public String wireName() {
        return wireName;
    }

    public GatewayFormat format() {
        return format;
    }

    /** The topic (or, for ESPHome, the filter) a gateway of this firmware publishes on. */
    public String topic(String gatewayId, String meterSerial) {
        return switch (this) {
            case TASMOTA -> "tele/" + gatewayId + "/SENSOR";
            case ESPHOME -> "esphome/" + gatewayId + "/+/+/state";
            case TELEINFO2MQTT -> "teleinfo/" + meterSerial;
            case ZLINKY -> "zigbee2mqtt/" + gatewayId;
            case RAW -> "ecofoyer/gw/" + gatewayId;
        };
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Firmware parse(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (Firmware f : values()) {
            if (f.wireName.equals(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown firmware '" + s + "': expected tasmota, esphome, teleinfo2mqtt, zlinky or raw");
    }
}
