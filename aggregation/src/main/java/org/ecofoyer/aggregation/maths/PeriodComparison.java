package org.ecofoyer.aggregation.maths;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Two periods of one household compared honestly (DESIGN §5: equal spans of data that exist, say what is missing):
 * totals, month by month side by side, the difference in the fluid's unit, euros and per cent, per m², and the heating
 * part corrected for the weather by degree-days (DJU).
 *
 * <p><b>Normalisation.</b> When the spans differ, or a period has days without data, each period is brought to the
 * first period's length at its own daily average over the days that have data ({@code normalised}); the difference is
 * taken between the normalised figures and {@link #notes} say why.
 *
 * <p><b>Weather correction</b> (the "energy signature"): each complete month of both periods is fitted by least squares
 * to {@code consumption = base × days + k × DJU} (no intercept). {@code base} is the part that does not depend on the
 * weather (hot water, cooking, appliances), {@code k × DJU} the heating. A period's heating is its consumption minus
 * {@code base × days with data}; corrected to the first period's weather it is multiplied by {@code DJU_a / DJU_b}
 * (per day with DJU, so that unequal spans compare). Fewer than 3 complete months, months whose DJU per day do not
 * vary, or a fit with a negative part: no correction, said so.
 *
 * @param a          the first (reference) period
 * @param b          the second period
 * @param months     the months side by side (the i-th month of each period)
 * @param equalSpans both periods have the same number of days
 * @param difference b − a on the normalised figures (quantity, cost, per cent, per m²)
 * @param signature  the fitted base and heating slope, or null when no fit was possible
 * @param notes      what is unequal, incomplete or missing ({@code UNEQUAL_SPANS}, {@code INCOMPLETE_A},
 *                   {@code INCOMPLETE_B}, {@code NO_DJU}, {@code NO_SIGNATURE}, {@code NO_SURFACE}, {@code MISSING_PRICE})
 */
public record PeriodComparison(Period a, Period b, List<MonthPair> months, boolean equalSpans, Difference difference,
                               Signature signature, List<String> notes) {
    /** The fewest complete months a signature is fitted on. */
    public static final int MIN_MONTHS_FOR_SIGNATURE = 3;

    /**
     * What the comparison is made of, for one period.
     *
     * @param from         first local date
     * @param to           first local date after it
     * @param quantity     consumption over the days with data (fluid unit)
     * @param costEur      its cost, or null when a price is missing
     * @param daysWithData how many days have data
     * @param dju          the sum of degree-days over the days that have one, or null when none has
     * @param djuDays      how many days have a degree-day value
     * @param months       the period's months (a month cut by the period's ends counts its days inside only)
     */
    public record Input(LocalDate from, LocalDate to, double quantity, Double costEur, int daysWithData, Double dju, int djuDays,
                        List<Month> months) {
        public long span() {
            return ChronoUnit.DAYS.between(from, to);
        }
    }

    /**
     * One month of a period.
     *
     * @param start    its first day inside the period
     * @param days     its days inside the period
     * @param quantity its consumption
     * @param costEur  its cost, or null
     * @param dju      its degree-days, or null when some day lacks one
     * @param complete every day has data and the month lies whole inside the period
     */
    public record Month(LocalDate start, int days, double quantity, Double costEur, Double dju, boolean complete) {
    }

    /** One period's figures. {@code normalised*}: at the first period's length (equal to the raw ones when nothing differs). */
    public record Period(LocalDate from, LocalDate to, long span, int daysWithData, double quantity, Double costEur,
                         double normalisedQuantity, Double normalisedCostEur, Double perM2, Double dju, int djuDays,
                         Double heating, Double heatingCorrected, Double correctedQuantity) {
    }

    /** The i-th month of each period (null when a period has fewer months). */
    public record MonthPair(int index, Month a, Month b) {
    }

    /** b − a: in the fluid's unit, in euros (null if a price is missing), in per cent of a (null if a is 0), per m². */
    public record Difference(double quantity, Double costEur, Double percent, Double perM2, Double correctedQuantity,
                             Double correctedPercent) {
    }

    /** {@code consumption = basePerDay × days + heatingPerDju × DJU}, fitted on {@code months} complete months. */
    public record Signature(double basePerDay, double heatingPerDju, int months) {
    }

    public static PeriodComparison of(Input a, Input b, Double surfaceM2) {
        List<String> notes = new ArrayList<>();
        boolean equal = a.span() == b.span();
        if (!equal) {
            notes.add("UNEQUAL_SPANS");
        }
        if (a.daysWithData() < a.span()) {
            notes.add("INCOMPLETE_A");
        }
        if (b.daysWithData() < b.span()) {
            notes.add("INCOMPLETE_B");
        }
        if (a.costEur() == null || b.costEur() == null) {
            notes.add("MISSING_PRICE");
        }
        if (surfaceM2 == null) {
            notes.add("NO_SURFACE");
        }
        List<Month> fitMonths = new ArrayList<>();
        for (Input p : List.of(a, b)) {
            p.months().stream().filter(m -> m.complete() && m.dju() != null).forEach(fitMonths::add);
        }
        Signature sig = fit(fitMonths);
        boolean djuKnown = a.dju() != null && b.dju() != null && a.djuDays() > 0 && b.djuDays() > 0;
        if (!djuKnown) {
            notes.add("NO_DJU");
        } else if (sig == null) {
            notes.add("NO_SIGNATURE");
        }
        long reference = a.span();
        Period pa = period(a, reference, surfaceM2, sig, djuKnown ? perDay(a) : null);
        Period pb = period(b, reference, surfaceM2, sig, djuKnown ? perDay(a) : null);
        double dq = pb.normalisedQuantity() - pa.normalisedQuantity();
        Double dc = pa.normalisedCostEur() == null || pb.normalisedCostEur() == null ? null
                : pb.normalisedCostEur() - pa.normalisedCostEur();
        Double pct = pa.normalisedQuantity() == 0 ? null : 100 * dq / pa.normalisedQuantity();
        Double dm2 = surfaceM2 == null ? null : dq / surfaceM2;
        Double dCorr = pa.correctedQuantity() == null || pb.correctedQuantity() == null ? null
                : pb.correctedQuantity() - pa.correctedQuantity();
        Double pctCorr = dCorr == null || pa.correctedQuantity() == 0 ? null : 100 * dCorr / pa.correctedQuantity();
        List<MonthPair> pairs = new ArrayList<>();
        for (int i = 0; i < Math.max(a.months().size(), b.months().size()); i++) {
            pairs.add(new MonthPair(i, i < a.months().size() ? a.months().get(i) : null, i < b.months().size() ? b.months().get(i) : null));
        }
        return new PeriodComparison(pa, pb, List.copyOf(pairs), equal, new Difference(dq, dc, pct, dm2, dCorr, pctCorr), sig,
                List.copyOf(notes));
    }

    private static double perDay(Input p) {
        return p.dju() / p.djuDays();
    }

    /**
     * A period's figures, normalised to {@code reference} days; with a signature, its heating (consumption minus the
     * base of its days with data) and that heating at the reference weather ({@code referenceDjuPerDay}, the first
     * period's mean DJU a day), over the normalised length.
     */
    private static Period period(Input p, long reference, Double surface, Signature sig, Double referenceDjuPerDay) {
        double scale = p.daysWithData() == 0 ? 0 : (double) reference / p.daysWithData();
        double nq = p.quantity() * scale;
        Double nc = p.costEur() == null ? null : p.costEur() * scale;
        Double heating = null;
        Double heatingCorrected = null;
        Double corrected = null;
        if (sig != null && referenceDjuPerDay != null && p.dju() != null && p.djuDays() > 0 && p.daysWithData() > 0) {
            double base = sig.basePerDay() * p.daysWithData();
            heating = Math.max(0, p.quantity() - base);
            double djuPerDay = p.dju() / p.djuDays();
            heatingCorrected = djuPerDay == 0 ? heating : heating * referenceDjuPerDay / djuPerDay;
            corrected = (base + heatingCorrected) * scale;
        }
        return new Period(p.from(), p.to(), p.span(), p.daysWithData(), p.quantity(), p.costEur(), nq, nc,
                surface == null ? null : nq / surface, p.dju(), p.djuDays(), heating, heatingCorrected, corrected);
    }

    /** Least squares of {@code y = base × days + k × dju} over the months; null when it cannot be fitted or makes no sense. */
    static Signature fit(List<Month> months) {
        if (months.size() < MIN_MONTHS_FOR_SIGNATURE) {
            return null;
        }
        double sdd = 0, sdD = 0, sDD = 0, sdy = 0, sDy = 0;
        for (Month m : months) {
            double d = m.days();
            double dj = m.dju();
            sdd += d * d;
            sdD += d * dj;
            sDD += dj * dj;
            sdy += d * m.quantity();
            sDy += dj * m.quantity();
        }
        double det = sdd * sDD - sdD * sdD;
        // DJU proportional to days (every month as cold a day): heating and base cannot be told apart.
        if (Math.abs(det) <= 1e-9 * sdd * sDD) {
            return null;
        }
        double base = (sdy * sDD - sDy * sdD) / det;
        double k = (sdd * sDy - sdD * sdy) / det;
        if (base < 0 || k < 0) {
            return null;
        }
        return new Signature(base, k, months.size());
    }
}
