package org.ecofoyer.aggregation.maths;

import java.time.LocalDate;
import java.util.Map;

/**
 * Sums over a range of local dates.
 *
 * @param quantity          consumption in the fluid's unit (kWh or litres)
 * @param costEur           consumption cost in euros TTC, {@code null} if a price is missing for part of it
 * @param subscriptionEur   the subscription prorated per day over the days that have one, {@code null} if none has
 * @param estimated         part of the quantity is estimated
 * @param days              how many local days have data
 * @param periods           quantity and cost per tariff period
 * @param estimatedQuantity the quantity of the days that carry estimated data (the share a chart shows, rather than
 *                          marking the whole range estimated)
 * @param unpricedFrom      the first day whose consumption has no price, or null when every day is priced
 * @param unpricedTo        the last such day, or null
 * @param subscriptionDays  how many days with data have a subscription price ({@code < days}: the subscription is
 *                          short of the missing days)
 */
public record Totals(double quantity, Double costEur, Double subscriptionEur, boolean estimated, int days,
                     Map<String, Amount> periods, double estimatedQuantity, LocalDate unpricedFrom, LocalDate unpricedTo,
                     int subscriptionDays) {

    /** Totals without the detail of what is estimated or unpriced (tests, callers that only sum). */
    public Totals(double quantity, Double costEur, Double subscriptionEur, boolean estimated, int days, Map<String, Amount> periods) {
        this(quantity, costEur, subscriptionEur, estimated, days, periods, estimated ? quantity : 0, null, null,
                subscriptionEur == null ? 0 : days);
    }

    /** The share of the quantity on days with estimated data, 0 to 1 (0 when nothing was consumed). */
    public double estimatedShare() {
        return quantity <= 0 ? 0 : Math.min(1, estimatedQuantity / quantity);
    }

    /** Some day's consumption or subscription has no price: the costs are short of it. */
    public boolean costsIncomplete() {
        return costEur == null || subscriptionDays < days;
    }

    /**
     * These whole days' totals with a partial day's (its half-hour rows', {@code days} counting half-hours) added, for
     * a span cut at a half-hour. {@code days} stays the whole days; the subscription stays the whole days' (a day's
     * subscription counts once the day is over); a partial day with consumption and no price leaves the cost unknown.
     */
    public Totals plusPartialDay(Totals part, LocalDate day) {
        if (part.days() == 0) {
            return this;
        }
        boolean partUnpriced = part.costEur() == null && part.quantity() > 0;
        Double cost = partUnpriced || (costEur == null && quantity > 0) ? null
                : (costEur == null ? 0 : costEur) + (part.costEur() == null ? 0 : part.costEur());
        Map<String, Amount> merged = new java.util.TreeMap<>(periods);
        part.periods().forEach((k, v) -> merged.merge(k, v, (a, b) -> new Amount(a.quantity() + b.quantity(),
                a.costEur() == null || b.costEur() == null ? null : a.costEur() + b.costEur())));
        return new Totals(quantity + part.quantity(), cost, subscriptionEur, estimated || part.estimated(), days,
                Map.copyOf(merged), estimatedQuantity + part.estimatedQuantity(),
                partUnpriced && unpricedFrom == null ? day : unpricedFrom, partUnpriced ? day : unpricedTo, subscriptionDays);
    }
}
