package org.ecofoyer.aggregation.maths;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * The stored rollups of a meter that can no longer be rebuilt from raw readings (before its raw horizon), given back
 * to {@link MeterRollup} to be kept and repriced: their quantities are the permanent record, their costs follow the
 * prices and calendars of today (docs/architecture.md, "History is never lost").
 *
 * @param halfHours per half-hour slot, per tariff period (not {@code total}), the stored quantity and estimated flag
 * @param days      the days stored with only a daily value (no half-hours: a utility's daily energy, gas, water)
 * @param until     the first instant rebuilt from raw readings ({@code R}): slots and days from there come from raw
 *                  data; {@code null} when nothing can be rebuilt (every raw reading is gone)
 */
public record KeptRollups(Map<Long, Map<String, Quantity>> halfHours, Map<LocalDate, Day> days, Instant until) {
    /** A stored quantity (Wh, or litres for water) and whether it was an estimate. */
    public record Quantity(long quantity, boolean estimated) {
    }

    /** A day stored with a daily value only: its total (Wh or litres), gas volume (litres) and estimated flag. */
    public record Day(long total, Long volume, boolean estimated) {
    }

    public static final KeptRollups NONE = new KeptRollups(Map.of(), Map.of(), Instant.MIN);

    public KeptRollups {
        halfHours = Map.copyOf(halfHours);
        days = Map.copyOf(days);
    }
}
