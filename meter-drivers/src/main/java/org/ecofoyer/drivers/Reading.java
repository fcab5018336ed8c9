package org.ecofoyer.drivers;

import java.time.Instant;
import java.util.Objects;

/**
 * One measured value: what every source (TIC frame, gateway payload, utility API) turns into, and what ingest
 * stores. The natural key is {@code (meter, channel, instant)}.
 *
 * @param meter   the meter's public code in Ecofoyer (the {@code meter.code} column; for a Linky, usually its
 *                ADCO/ADSC or PRM)
 * @param instant when the value was true (UTC)
 * @param channel what the value means, one of {@link org.ecofoyer.core.Channels}
 * @param value   an integer in the channel's base unit (Wh, VA, W, A, V, litres)
 */
public record Reading(String meter, Instant instant, String channel, long value) {
    public Reading {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(channel, "channel");
    }
}
