package org.ecofoyer.dashboard.api;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ecofoyer.aggregation.maths.Amount;
import org.ecofoyer.aggregation.maths.SeriesPoint;

/** Weeks (Monday to Sunday, local) as sums of day buckets: the rollups stop at days, weeks are a view. */
public final class Weeks {
    private Weeks() {
    }

    public static LocalDate monday(LocalDate d) {
        return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** Sums day points into week points labelled with their Monday; a missing cost anywhere makes the week's null. */
    public static List<SeriesPoint> of(List<SeriesPoint> days) {
        Map<LocalDate, List<SeriesPoint>> byWeek = new LinkedHashMap<>();
        for (SeriesPoint d : days) {
            byWeek.computeIfAbsent(monday(d.localStart().toLocalDate()), k -> new ArrayList<>()).add(d);
        }
        List<SeriesPoint> out = new ArrayList<>(byWeek.size());
        byWeek.forEach((monday, list) -> {
            double q = 0;
            double estimatedQuantity = 0;
            Double cost = 0.0;
            boolean estimated = false;
            boolean incomplete = list.size() < 7;
            Map<String, double[]> periods = new TreeMap<>();
            Map<String, Boolean> periodCostKnown = new TreeMap<>();
            for (SeriesPoint p : list) {
                q += p.quantity();
                estimatedQuantity += p.estimatedQuantity();
                cost = cost == null || p.costEur() == null ? null : cost + p.costEur();
                estimated |= p.estimated();
                incomplete |= p.incomplete();
                p.periods().forEach((name, a) -> {
                    double[] acc = periods.computeIfAbsent(name, k -> new double[2]);
                    acc[0] += a.quantity();
                    acc[1] += a.costEur() == null ? 0 : a.costEur();
                    periodCostKnown.merge(name, a.costEur() != null, Boolean::logicalAnd);
                });
            }
            Map<String, Amount> amounts = new TreeMap<>();
            periods.forEach((name, acc) -> amounts.put(name, new Amount(acc[0], periodCostKnown.get(name) ? acc[1] : null)));
            SeriesPoint first = list.get(0);
            out.add(new SeriesPoint(monday.atStartOfDay(), first.start(), q, cost, estimated, incomplete, Map.copyOf(amounts),
                    estimatedQuantity));
        });
        return out;
    }
}
