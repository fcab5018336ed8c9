package org.ecofoyer.dashboard.engage;

import java.util.Map;
import java.util.Optional;

/** The monthly report's comparisons: pure arithmetic, tested by hand. */
public final class ReportMaths {
    private ReportMaths() {
    }

    /**
     * One comparison of a month with another.
     *
     * @param before the other month's figure (its total, or its daily average)
     * @param now    this month's figure on the same basis
     * @param pct    the change in %, null when {@code before} is 0
     * @param basis  {@code month} (both months whole: totals compared) or {@code daily_average} (a month misses days:
     *               the averages per day with data are compared, the missing days named beside)
     */
    public record Change(double before, double now, Double pct, String basis) {
    }

    /** Whole months: totals; a month with missing days: the averages per day with data. */
    public static Change change(double nowTotal, int nowDays, int nowLength, double beforeTotal, int beforeDays, int beforeLength) {
        if (nowDays == 0 || beforeDays == 0) {
            return null;
        }
        boolean whole = nowDays == nowLength && beforeDays == beforeLength;
        double now = whole ? nowTotal : nowTotal / nowDays;
        double before = whole ? beforeTotal : beforeTotal / beforeDays;
        Double pct = before == 0 ? null : (now - before) / before * 100;
        return new Change(before, now, pct, whole ? "month" : "daily_average");
    }

    /** The key whose change is the largest in size (either direction); empty when none has a percentage. */
    public static <K> Optional<K> biggest(Map<K, Change> changes) {
        K best = null;
        double size = -1;
        for (Map.Entry<K, Change> e : changes.entrySet()) {
            Change ch = e.getValue();
            if (ch != null && ch.pct() != null && Math.abs(ch.pct()) > size) {
                size = Math.abs(ch.pct());
                best = e.getKey();
            }
        }
        return Optional.ofNullable(best);
    }
}
