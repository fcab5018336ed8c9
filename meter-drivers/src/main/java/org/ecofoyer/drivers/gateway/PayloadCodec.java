package org.ecofoyer.drivers.gateway;

/**
 * Turns one MQTT message of a gateway firmware into TIC frames. Pure and thread-safe; never throws on bad input: a
 * payload that cannot be used gives {@link GatewayResult.Rejected} with a {@link GatewayError} saying why.
 */
@FunctionalInterface
public interface PayloadCodec {
    /** Payloads larger than this are rejected unread (a three-phase frame is ~1.4 kB; JSON about three times that). */
    int MAX_PAYLOAD_BYTES = 64 * 1024;

    /**
     * @param topic   the MQTT topic (some firmwares put the label in it, e.g. ESPHome)
     * @param payload the message body
     */
    GatewayResult decode(String topic, byte[] payload);
}
