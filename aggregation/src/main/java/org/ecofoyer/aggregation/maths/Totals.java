package org.ecofoyer.aggregation.maths;

import java.util.Map;

/**
 * Sums over a range of local dates.
 *
 * @param quantity        consumption in the fluid's unit (kWh or litres)
 * @param costEur         consumption cost in euros TTC, {@code null} if a price is missing for part of it
 * @param subscriptionEur the subscription prorated per day over the days that have data, {@code null} if unknown
 * @param estimated       part of the quantity is estimated
 * @param days            how many local days have data
 * @param periods         quantity and cost per tariff period
 */
public record Totals(double quantity, Double costEur, Double subscriptionEur, boolean estimated, int days,
                     Map<String, Amount> periods) {
}
