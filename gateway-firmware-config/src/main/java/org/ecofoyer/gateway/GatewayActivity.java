package org.ecofoyer.gateway;

import java.time.Instant;

/**
 * What ingest has seen of a registered gateway, as the registry keeps it (migration V30_2_0): the facts a
 * {@link Checklist} is made of.
 *
 * @param firstSeen            its first message, or null
 * @param lastSeen             its last message on its topic (accepted or not), or null
 * @param messages             messages received on its topic
 * @param badMessages          of which malformed, or with groups dropped for a bad checksum, length or charset
 * @param foreignMessages      of which naming another meter (refused)
 * @param readingsStored       readings of its messages accepted (committed, or thinned out by downsampling)
 * @param recentMessages       messages over ingest's last minute
 * @param recentBadMessages    bad ones among them
 * @param modeSeen             the TIC mode of its last decoded frame, or null
 * @param meterSeen            the meter id its last message named, or null
 * @param lastFault            the reason of its last refused or damaged message ({@code malformed}, {@code foreign_meter},
 *                             {@code invalid_group}), or null
 * @param lastFaultDetail      what was wrong, in words
 * @param lastFaultAt          when
 * @param credentialsRefusedAt when the broker last refused its credentials (as found by {@code gateway watch}), or null
 * @param lastValues           the values of its last message with readings, as decoded (channel → value); empty if none
 */
public record GatewayActivity(Instant firstSeen, Instant lastSeen, long messages, long badMessages, long foreignMessages,
                              long readingsStored, int recentMessages, int recentBadMessages, TicMode modeSeen,
                              String meterSeen, String lastFault, String lastFaultDetail, Instant lastFaultAt,
                              Instant credentialsRefusedAt, java.util.Map<String, Long> lastValues) {
    /** Nothing seen yet. */
    public static final GatewayActivity NONE = new GatewayActivity(null, null, 0, 0, 0, 0, 0, 0, null, null, null, null, null, null, java.util.Map.of());

    public GatewayActivity {
        lastValues = lastValues == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(lastValues));
    }

    /** {@code lastValues} as stored: {@code channel=value} lines. */
    public static String valuesText(java.util.Map<String, Long> values) {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(values).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** The inverse of {@link #valuesText}. */
    public static java.util.Map<String, Long> parseValues(String text) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int eq = line.lastIndexOf('=');
                if (eq > 0) {
                    out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
                }
            }
        }
        return out;
    }

    /** The share of bad messages over the last minute, 0 to 1; 0 without messages. */
    public double recentErrorRate() {
        return recentMessages == 0 ? 0 : Math.min(1.0, (double) recentBadMessages / recentMessages);
    }
}
