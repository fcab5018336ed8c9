package org.ecofoyer.dashboard.engage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
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

    /**
     * Daily water data (Téléo, a utility's daily index) cannot show a night: a continuous flow shows instead as a floor
     * under every day. The rule watches the lowest day of the last {@link #LEAK_DAYS} complete days against the
     * household's usual low day: the lower quartile of its {@link #LEAK_HISTORY_DAYS} days before them (a weekend away,
     * at 0 L, is 2 days of 28 and does not drag it down; a week of 7 days always holds the household's own low days,
     * so without a leak its lowest day stays near or under that quartile).
     */
    public static final int LEAK_DAYS = 7;
    public static final int LEAK_HISTORY_DAYS = 28;
    public static final int LEAK_MIN_HISTORY_DAYS = 21;
    /**
     * How far above the usual floor every day must be: at least 100 L a day (about 4 L an hour, a dripping tap's order of
     * magnitude; a running toilet is several hundred litres a day) and at least half the floor (a large family's lowest
     * days vary by more than 100 L).
     */
    public static final double LEAK_EXTRA_LITRES = 100;
    public static final double LEAK_EXTRA_SHARE = 0.5;

    private AlertRules() {
    }

    /**
     * A floor under daily water consumption, from daily data.
     *
     * @param from       the first day of the unbroken run of days on which the rule held (the occurrence: the same
     *                   leak seen on later days is the same alert)
     * @param to         the last complete day
     * @param lowest     the lowest day of the last {@link #LEAK_DAYS}, in litres
     * @param floor      the household's usual low day (the lower quartile of the days before), in litres
     * @param threshold  what every day had to reach
     */
    public record DailyLeak(LocalDate from, LocalDate to, double lowest, double floor, double threshold) {
        /** The continuous flow that would lift the floor this much, litres an hour (an estimate). */
        public double litresPerHour() {
            return (lowest - floor) / 24;
        }
    }

    /**
     * The daily-data leak rule on whole days (date → litres) up to {@code last}, the last complete day: every one of
     * the last {@link #LEAK_DAYS} days known and at or above the usual floor plus {@link #LEAK_EXTRA_LITRES} (or
     * {@link #LEAK_EXTRA_SHARE} of the floor, whichever is more), given {@link #LEAK_MIN_HISTORY_DAYS} days of history.
     */
    public static Optional<DailyLeak> dailyLeak(NavigableMap<LocalDate, Double> days, LocalDate last) {
        Optional<DailyLeak> now = dailyLeakOn(days, last);
        if (now.isEmpty()) {
            return now;
        }
        // The episode's first day: the rule on each day depends only on the data up to it, so this day does not move
        // while the leak goes on (until it runs past the days given: a reminder then).
        LocalDate from = last;
        while (dailyLeakOn(days, from.minusDays(1)).isPresent()) {
            from = from.minusDays(1);
        }
        DailyLeak l = now.get();
        return Optional.of(new DailyLeak(from, last, l.lowest(), l.floor(), l.threshold()));
    }

    /** The rule on one day, {@code from} left as that day. */
    static Optional<DailyLeak> dailyLeakOn(NavigableMap<LocalDate, Double> days, LocalDate last) {
        LocalDate windowFrom = last.minusDays(LEAK_DAYS - 1);
        NavigableMap<LocalDate, Double> window = days.subMap(windowFrom, true, last, true);
        if (window.size() < LEAK_DAYS) {
            return Optional.empty();
        }
        LocalDate historyFrom = windowFrom.minusDays(LEAK_HISTORY_DAYS);
        if (days.subMap(historyFrom, true, windowFrom, false).size() < LEAK_MIN_HISTORY_DAYS) {
            return Optional.empty();
        }
        double floor = lowerQuartile(new ArrayList<>(days.subMap(historyFrom, true, windowFrom, false).values()));
        double threshold = floor + Math.max(LEAK_EXTRA_LITRES, LEAK_EXTRA_SHARE * floor);
        double lowest = window.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        if (lowest < threshold) {
            return Optional.empty();
        }
        return Optional.of(new DailyLeak(last, last, lowest, floor, threshold));
    }

    /** The nearest-rank 25th percentile: the ⌈n/4⌉-th smallest value. */
    static double lowerQuartile(List<Double> values) {
        List<Double> v = values.stream().sorted().toList();
        return v.get((v.size() + 3) / 4 - 1);
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
