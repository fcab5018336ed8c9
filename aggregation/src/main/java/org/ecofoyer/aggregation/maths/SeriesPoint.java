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
 */
public record SeriesPoint(LocalDateTime localStart, Instant start, double quantity, Double costEur, boolean estimated,
                          boolean incomplete, Map<String, Amount> periods) {
}
