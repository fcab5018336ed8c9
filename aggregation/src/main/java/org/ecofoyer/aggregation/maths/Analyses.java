package org.ecofoyer.aggregation.maths;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pure analyses over half-hour points (kWh): a half-hour's average power in W is its kWh × 2000. */
public final class Analyses {
    static final LocalTime NIGHT_FROM = LocalTime.of(1, 0);
    static final LocalTime NIGHT_TO = LocalTime.of(5, 0);

    private Analyses() {
    }

    public static Analysis of(List<SeriesPoint> halfHours, Totals totals, Double surfaceM2) {
        Builder b = new Builder();
        for (SeriesPoint p : halfHours) {
            b.add(p.start().getEpochSecond(), p.localStart().toEpochSecond(ZoneOffset.UTC), p.quantity());
        }
        return b.build(totals, surfaceM2);
    }

    /**
     * The analyses' one implementation, fed half-hour by half-hour in time order without an object per half-hour:
     * the reader feeds it a year's half-hours (17,520) straight from the day rows' arrays. Local times are given as
     * "local epoch seconds" (the local date-time read as if it were UTC), so the local date, weekday and time of day
     * are integer arithmetic.
     */
    public static final class Builder {
        private static final int NIGHT_FROM_S = NIGHT_FROM.toSecondOfDay();
        private static final int NIGHT_TO_S = NIGHT_TO.toSecondOfDay();

        private final double[] weekdaySum = new double[48];
        private final int[] weekdayCount = new int[48];
        private final double[] weekendSum = new double[48];
        private final int[] weekendCount = new int[48];
        private final List<Analysis.DayHours> days = new ArrayList<>();
        private double[] nightMins = new double[64];
        private long[] nightDays = new long[64];
        private int nights;
        private long day = Long.MIN_VALUE;
        private double[] dayHours;
        private boolean weekend;
        private boolean nightSeen;
        private boolean hasPeak;
        private double peakKwh;
        private long peakAt;
        private long peakLocal;

        /** One half-hour: its start (UTC epoch seconds), its local start (local epoch seconds) and its kWh. */
        public void add(long epochSecond, long localEpochSecond, double kwh) {
            long localDay = Math.floorDiv(localEpochSecond, 86_400);
            int secondOfDay = (int) Math.floorMod(localEpochSecond, 86_400);
            if (localDay != day) {
                if (localDay < day) {
                    throw new IllegalArgumentException("half-hours must come in time order");
                }
                day = localDay;
                dayHours = new double[24];
                days.add(new Analysis.DayHours(LocalDate.ofEpochDay(localDay), dayHours));
                // 1970-01-01 was a Thursday: (epoch day + 3) mod 7 is 0 on Mondays.
                weekend = Math.floorMod(localDay + 3, 7) >= 5;
                nightSeen = false;
            }
            double watts = kwh * 2000;
            if (secondOfDay >= NIGHT_FROM_S && secondOfDay < NIGHT_TO_S) {
                if (!nightSeen) {
                    nightSeen = true;
                    if (nights == nightMins.length) {
                        nightMins = Arrays.copyOf(nightMins, nights * 2);
                        nightDays = Arrays.copyOf(nightDays, nights * 2);
                    }
                    nightDays[nights] = localDay;
                    nightMins[nights++] = watts;
                } else {
                    nightMins[nights - 1] = Math.min(nightMins[nights - 1], watts);
                }
            }
            if (!hasPeak || kwh > peakKwh) {
                hasPeak = true;
                peakKwh = kwh;
                peakAt = epochSecond;
                peakLocal = localEpochSecond;
            }
            int slot = secondOfDay / 1800;
            if (weekend) {
                weekendSum[slot] += watts;
                weekendCount[slot]++;
            } else {
                weekdaySum[slot] += watts;
                weekdayCount[slot]++;
            }
            dayHours[secondOfDay / 3600] += kwh;
        }

        public Analysis build(Totals totals, Double surfaceM2) {
            Map<Season, Double> bySeason = Standby.bySeason(Arrays.copyOf(nightDays, nights), Arrays.copyOf(nightMins, nights));
            Double baseload = Standby.headline(bySeason, Arrays.copyOf(nightDays, nights));
            Map<String, Double> share = new LinkedHashMap<>();
            double sum = totals.periods().values().stream().mapToDouble(Amount::quantity).sum();
            if (sum > 0) {
                totals.periods().forEach((period, a) -> share.put(period, a.quantity() / sum));
            }
            Double perM2 = surfaceM2 == null || surfaceM2 <= 0 ? null : totals.quantity() / surfaceM2;
            return new Analysis(baseload, Map.copyOf(bySeason), hasPeak ? peakKwh * 2000 : null, hasPeak ? Instant.ofEpochSecond(peakAt) : null,
                    hasPeak ? LocalDateTime.ofEpochSecond(peakLocal, 0, ZoneOffset.UTC) : null, Map.copyOf(share),
                    mean(weekdaySum, weekdayCount), mean(weekendSum, weekendCount), List.copyOf(days), perM2, totals);
        }
    }

    private static double[] mean(double[] sum, int[] count) {
        double[] out = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = count[i] == 0 ? 0 : sum[i] / count[i];
        }
        return out;
    }

    /**
     * Degree-day correction: quantity × reference DJU / actual DJU, where the reference is the mean DJU of the same
     * dates over the other years of the series that cover them fully (the actual DJU if there is none).
     */
    public static DegreeDayCorrection degreeDays(LocalDate from, LocalDate to, double quantity, TreeMap<LocalDate, Double> dju,
                                          Double surfaceM2) {
        double actual = 0;
        int present = 0;
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            Double v = dju.get(d);
            if (v != null) {
                actual += v;
                present++;
            }
        }
        double refSum = 0;
        int refYears = 0;
        if (!dju.isEmpty()) {
            int firstYear = dju.firstKey().getYear();
            int lastYear = dju.lastKey().getYear();
            for (int k = firstYear - from.getYear(); k <= lastYear - from.getYear(); k++) {
                if (k == 0) {
                    continue;
                }
                Double s = sumIfComplete(dju, from.plusYears(k), to.plusYears(k));
                if (s != null) {
                    refSum += s;
                    refYears++;
                }
            }
        }
        double reference = refYears == 0 ? actual : refSum / refYears;
        double corrected = actual > 0 ? quantity * reference / actual : quantity;
        Double perM2 = surfaceM2 == null || surfaceM2 <= 0 ? null : corrected / surfaceM2;
        return new DegreeDayCorrection(from, to, quantity, actual, reference, corrected, perM2, present);
    }

    private static Double sumIfComplete(Map<LocalDate, Double> dju, LocalDate from, LocalDate to) {
        double s = 0;
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            Double v = dju.get(d);
            if (v == null) {
                return null;
            }
            s += v;
        }
        return s;
    }
}
