package org.ecofoyer.gateway;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered gateway, as the registry holds it.
 *
 * @param id           its id, also its broker user name
 * @param household    the household of the meter it feeds
 * @param meter        the code of the meter it feeds
 * @param meterSerial  the meter's ADCO/ADSC as the meter sends it (a message carrying another is refused)
 * @param firmware     its firmware
 * @param mode         the TIC mode it is set to read
 * @param topic        the topic (or filter) it publishes on
 * @param username     its broker user
 * @param passwordHash its broker password's hash ({@link BrokerPasswords}), never the password
 * @param state        where it stands, as ingest last stored it ({@link Checklist#state} derives it afresh)
 * @param lastSeen     when a message was last received on its topic, or null
 * @param createdAt    when it was registered
 * @param activity     what ingest has seen of it (commissioning)
 */
public record Gateway(String id, String household, String meter, String meterSerial, Firmware firmware, TicMode mode,
                      String topic, String username, String passwordHash, GatewayState state, Instant lastSeen,
                      Instant createdAt, GatewayActivity activity) {
    public Gateway {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(topic, "topic");
        activity = activity == null ? GatewayActivity.NONE : activity;
    }

    /**
     * Its fields as the commands' {@code --json} and the API show them, in order; never the password hash.
     */
    public java.util.Map<String, Object> fields() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", id);
        m.put("household", household);
        m.put("meter", meter);
        m.put("serial", meterSerial);
        m.put("firmware", firmware.wireName());
        m.put("mode", mode.wireName());
        m.put("topic", topic);
        m.put("username", username);
        m.put("state", state == null ? null : state.wireName());
        m.put("lastSeen", lastSeen == null ? null : lastSeen.toString());
        m.put("createdAt", createdAt == null ? null : createdAt.toString());
        return m;
    }

    /** What ingest's binding needs of it. */
    public GatewayConfig config() {
        return new GatewayConfig(topic, meter, meterSerial, firmware.format());
    }
}
