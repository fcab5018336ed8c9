package org.ecofoyer.dashboard.engage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/** When each alert's condition holds: pure functions of the figures, tested by hand. */
public final class AlertRules {
    /** The night watched for a leak: the eight half-hours from 01:00 to 05:00 local, when a home draws no water. */
    public static final int NIGHT_FROM_HOUR = 1;
    public static final int NIGHT_SLOTS = 8;
    /** Litres per half-hour below which a slot counts as still (a meter's rounding, not a flow). */
    public static final double STILL_LITRES = 0.5;
    /** A day this many times the usual day is unusual... */
    public static final double UNUSUAL_RATIO = 1.5;
    /** ... given at least this many days of history (out of the 28 before it). */
    public static final int MIN_HISTORY_DAYS = 14;
    public static final int HISTORY_DAYS = 28;
    /** A meter silent this long has stopped sending (utilities deliver a day late: 2 days leaves room for that). */
    public static final Duration SILENCE = Duration.ofHours(48);

    private AlertRules() {
    }

    /** Water in every half-hour of the night: all {@link #NIGHT_SLOTS} slots known and none still. */
    public static boolean continuousNightFlow(List<Double> nightLitres) {
        return nightLitres.size() == NIGHT_SLOTS && nightLitres.stream().allMatch(l -> l != null && l >= STILL_LITRES);
    }

    /** The ratio of {@code day} to the mean of {@code history} when the day is unusual, else empty. */
    public static OptionalDouble unusual(double day, List<Double> history) {
        if (history.size() < MIN_HISTORY_DAYS) {
            return OptionalDouble.empty();
        }
        double mean = history.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (mean <= 0 || day < UNUSUAL_RATIO * mean) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(day / mean);
    }

    /** Whether a meter whose last reading is {@code last} (null: never) and that exists since {@code since} is silent. */
    public static boolean silent(Instant last, Instant since, Instant now) {
        Instant from = last != null ? last : since;
        return Duration.between(from, now).compareTo(SILENCE) > 0;
    }

    /** The budget is about to be exceeded when the month's forecast reaches it. */
    public static boolean budgetAtRisk(double forecastEur, Double budgetEur) {
        return budgetEur != null && forecastEur >= budgetEur;
    }
}
