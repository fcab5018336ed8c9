package org.ecofoyer.drivers.gateway;

import java.util.Locale;

/** The payload formats of the gateway firmwares we accept, each with its codec. */
public enum GatewayFormat {
    /** Raw TIC bytes (STX…ETX frames, or bare groups). */
    RAW("raw", new RawTicCodec()),
    /** Tasmota {@code tele/<topic>/SENSOR} with a {@code TIC} object. */
    TASMOTA("tasmota", new TasmotaCodec()),
    /** teleinfo2mqtt {@code teleinfo/<ADCO|ADSC>}: label → {raw, value, timestamp?}. */
    TELEINFO2MQTT("teleinfo2mqtt", new Teleinfo2MqttCodec()),
    /** Zigbee2MQTT ZLinky {@code zigbee2mqtt/<name>}: ZCL attribute names, kWh. */
    ZLINKY("zlinky", new ZLinkyCodec(null)),
    /** ESPHome: one value per topic {@code <node>/sensor/<object_id>/state}. */
    ESPHOME("esphome", new EspHomeCodec());

    private final String wireName;
    private final PayloadCodec codec;

    GatewayFormat(String wireName, PayloadCodec codec) {
        this.wireName = wireName;
        this.codec = codec;
    }

    /** The name used in configuration and on the command line. */
    public String wireName() {
        return wireName;
    }

    /** The codec with default settings. */
    public PayloadCodec codec() {
        return codec;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static GatewayFormat parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (GatewayFormat f : values()) {
            if (f.wireName.equals(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown gateway format '" + s + "': expected raw, tasmota, teleinfo2mqtt, zlinky or esphome");
    }
}
