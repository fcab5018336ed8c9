package org.ecofoyer.dashboard.engage;

import java.util.Locale;

/** The conditions the alert job watches for. */
public enum AlertKind {
    /** Water flowing through every half-hour of the night: a leak (a running toilet, a dripping tap...). */
    LEAK,
    /** A day well above the household's own usual days. */
    UNUSUAL,
    /** A meter has sent nothing for a while. */
    NO_DATA,
    /** Tomorrow is a red Tempo day (the dearest kWh of the year, 06:00 to 06:00). */
    TEMPO_RED,
    /** The month's forecast goes past the budget the household set. */
    BUDGET;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("alert kind: leak, unusual, no_data, tempo_red or budget, got '" + s + "'");
        }
    }
}
