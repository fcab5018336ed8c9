package org.ecofoyer.dashboard.consent;

import java.util.Locale;
import org.ecofoyer.aggregation.maths.Granularity;

/** The finest data a consent lets an advisor see, coarsest first. Half-hours need their own opt-in (CNIL, load curves). */
public enum ConsentGranularity {
    MONTH, DAY, HALF_HOUR;

    /** Whether data at {@code g} is no finer than this consent allows (a day consent allows days, months and years). */
    public boolean permits(Granularity g) {
        return switch (g) {
            case HALF_HOUR -> this == HALF_HOUR;
            case DAY -> this != MONTH;
            case MONTH, YEAR -> true;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConsentGranularity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("granularity: month, day or half_hour");
        }
    }
}
