package org.ecofoyer.ingest.pipeline;

import org.ecofoyer.core.Channels;
import org.ecofoyer.drivers.Reading;

/** Values no meter can produce, by channel: refused and counted under the returned reason. */
final class ReadingChecks {
    /** The TIC index fields hold 9 digits (Wh); utility totals stay far below this too. */
    static final long MAX_INDEX_WH = 999_999_999_999L;
    /** Above the largest C5 connection (36 kVA) and the three-phase C4 range ingest might see. */
    static final long MAX_POWER_VA = 250_000;
    static final long MAX_CURRENT_A = 1_000;
    static final long MAX_VOLTAGE_V = 1_000;

    private ReadingChecks() {
    }

    /** The reason {@code r} is impossible, or null when it is plausible. */
    static String impossible(Reading r) {
        long v = r.value();
        if (v < 0) {
            return "negative_value";
        }
        String ch = r.channel();
        if (Channels.isIndex(ch)) {
            return v > MAX_INDEX_WH ? "index_out_of_range" : null;
        }
        if (ch.startsWith("power.")) {
            return v > MAX_POWER_VA && !ch.equals(Channels.POWER_MAX_DAILY) ? "power_out_of_range" : null;
        }
        if (ch.startsWith(Channels.CURRENT + ".")) {
            return v > MAX_CURRENT_A ? "current_out_of_range" : null;
        }
        if (ch.startsWith(Channels.VOLTAGE + ".")) {
            return v > MAX_VOLTAGE_V ? "voltage_out_of_range" : null;
        }
        return null;
    }
}
