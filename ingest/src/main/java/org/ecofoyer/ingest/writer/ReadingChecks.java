package org.ecofoyer.ingest.writer;

import java.time.Instant;
import org.ecofoyer.core.Channels;
import org.ecofoyer.drivers.Reading;

/**
 * What the writer checks before a reading may enter {@code reading}; a reading that fails goes to quarantine under the
 * returned reason (docs/architecture.md, "Quarantine"). The raw horizon is checked in the batch's statement
 * ({@link #BEFORE_HORIZON}), since only the database knows it. Pure.
 */
public final class ReadingChecks {
    /** The TIC index fields hold 9 digits (Wh); utility totals stay far below this too. */
    static final long MAX_INDEX_WH = 999_999_999_999L;
    /** Above the largest C5 connection (36 kVA) and the three-phase C4 range ingest might see. */
    static final long MAX_POWER_VA = 250_000;
    static final long MAX_CURRENT_A = 1_000;
    static final long MAX_VOLTAGE_V = 1_000;

    /** Reason: the instant is later than the receiving clock plus the tolerance (a meter's or gateway's clock is wrong). */
    public static final String FUTURE_INSTANT = "future_instant";
    /** Reason: the instant is before the meter's raw horizon (retention removed raw data there; rollups are final). */
    public static final String BEFORE_HORIZON = "before_horizon";

    private ReadingChecks() {
    }

    /** Why {@code r} cannot be stored, or null: a value no meter can produce, or an instant after {@code latest}. */
    public static String verdict(Reading r, Instant latest) {
        String impossible = impossible(r);
        if (impossible != null) {
            return impossible;
        }
        return r.instant().isAfter(latest) ? FUTURE_INSTANT : null;
    }

    /** The reason {@code r}'s value is impossible, or null when it is plausible. */
    public static String impossible(Reading r) {
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

    /** Words for the operator about a reason given by {@link #verdict}. */
    static String detail(String reason, Reading r, Instant latest) {
        return FUTURE_INSTANT.equals(reason) ? "instant later than the receiving clock's " + latest
                : "value " + r.value() + " impossible for " + r.channel();
    }
}
