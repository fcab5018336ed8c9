package org.ecofoyer.aggregation;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pure analyses over half-hour points (kWh): a half-hour's average power in W is its kWh × 2000. */
final class Analyses {
    static final LocalTime NIGHT_FROM = LocalTime.of(1, 0);
    static final LocalTime NIGHT_TO = LocalTime.of(5, 0);

    private Analyses() {
    }

    static Analysis of(List<SeriesPoint> halfHours, Totals totals, Double surfaceM2) {
        // Points come in time order, so insertion-ordered hash maps keep the days in order (cheaper than trees).
        Map<LocalDate, Double> nightMin = new LinkedHashMap<>();
        SeriesPoint peak = null;
        double[] weekdaySum = new double[48];
        int[] weekdayCount = new int[48];
        double[] weekendSum = new double[48];
        int[] weekendCount = new int[48];
        Map<LocalDate, double[]> dayHours = new LinkedHashMap<>();
        for (SeriesPoint p : halfHours) {
            double watts = p.quantity() * 2000;
            LocalDateTime local = p.localStart();
            LocalTime t = local.toLocalTime();
            if (!t.isBefore(NIGHT_FROM) && t.isBefore(NIGHT_TO)) {
                nightMin.merge(local.toLocalDate(), watts, Math::min);
            }
            if (peak == null || p.quantity() > peak.quantity()) {
                peak = p;
            }
            int slot = t.getHour() * 2 + t.getMinute() / 30;
            if (RollupReader.isWeekend(local.toLocalDate())) {
                weekendSum[slot] += watts;
                weekendCount[slot]++;
            } else {
                weekdaySum[slot] += watts;
                weekdayCount[slot]++;
            }
            dayHours.computeIfAbsent(local.toLocalDate(), d -> new double[24])[t.getHour()] += p.quantity();
        }
        Double baseload = nightMin.isEmpty() ? null
                : nightMin.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        Map<String, Double> share = new LinkedHashMap<>();
        double sum = totals.periods().values().stream().mapToDouble(Amount::quantity).sum();
        if (sum > 0) {
            totals.periods().forEach((period, a) -> share.put(period, a.quantity() / sum));
        }
        List<Analysis.DayHours> matrix = new ArrayList<>();
        dayHours.forEach((d, h) -> matrix.add(new Analysis.DayHours(d, h)));
        Double perM2 = surfaceM2 == null || surfaceM2 <= 0 ? null : totals.quantity() / surfaceM2;
        return new Analysis(baseload, peak == null ? null : peak.quantity() * 2000, peak == null ? null : peak.start(),
                peak == null ? null : peak.localStart(), Map.copyOf(share), mean(weekdaySum, weekdayCount),
                mean(weekendSum, weekendCount), List.copyOf(matrix), perM2);
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
    static DegreeDayCorrection degreeDays(LocalDate from, LocalDate to, double quantity, TreeMap<LocalDate, Double> dju,
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
