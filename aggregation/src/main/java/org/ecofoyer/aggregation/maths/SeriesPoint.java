package org.ecofoyer.aggregation.maths;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * One bucket of a series.
 *
 * @param localStart the bucket's start in the household's local time (its label; on the autumn DST day two
 *                   half-hours share the label 02:00 and 02:30: {@code start} tells them apart)
 * @param start      the bucket's start instant (UTC)
 * @param quantity   consumption in the fluid's unit (kWh or litres), summed over tariff periods
 * @param costEur    cost of that consumption in euros TTC (subscription excluded), {@code null} if a price is missing
 * @param estimated  part of the quantity was spread over a gap or lost at a meter reset
 * @param incomplete the bucket is not fully covered by data yet (e.g. today, or the data stop inside it)
 * @param periods    the same per tariff period ({@code HP}, {@code HC}, {@code BASE}, {@code TEMPO_BLUE_HC}, ...)
 * @param estimatedQuantity the part of the quantity in estimated finer buckets (half-hours of a day, days of a month
 *                   or year; the whole quantity for an estimated half-hour): a chart shows the share, not the whole
 *                   bucket as estimated
 */
public record SeriesPoint(LocalDateTime localStart, Instant start, double quantity, Double costEur, boolean estimated,
                          boolean incomplete, Map<String, Amount> periods, double estimatedQuantity) {

    /** A point whose estimated part is all of it when it is estimated (half-hours, tests). */
    public SeriesPoint(LocalDateTime localStart, Instant start, double quantity, Double costEur, boolean estimated,
                       boolean incomplete, Map<String, Amount> periods) {
        this(localStart, start, quantity, costEur, estimated, incomplete, periods, estimated ? quantity : 0);
    }

    /** The share of the quantity that is estimated, 0 to 1. */
    public double estimatedShare() {
        return quantity <= 0 ? 0 : Math.min(1, estimatedQuantity / quantity);
    }
}
