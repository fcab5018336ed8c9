package org.ecofoyer.aggregation.query;

import java.util.List;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.aggregation.maths.Totals;

/**
 * A household's consumption series: the buckets that have data, in time order, and their totals.
 *
 * @param query  what was asked
 * @param unit   the unit of the quantities ({@code kWh} or {@code L})
 * @param zone   the household's time zone (buckets are in its local calendar)
 * @param points the buckets, ordered by start instant
 * @param totals the sums over the whole range
 */
public record Series(SeriesQuery query, String unit, String zone, List<SeriesPoint> points, Totals totals) {
}
