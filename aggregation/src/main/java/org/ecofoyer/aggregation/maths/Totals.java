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
}
