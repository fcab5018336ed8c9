package org.ecofoyer.aggregation.maths;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One stored rollup row (table {@code rollup}).
 *
 * @param quantity Wh (electricity, gas energy) or litres (water); 0 on subscription rows
 * @param volume   gas volume in litres, else {@code null}
 * @param cost     euros TTC (8 decimals), {@code null} when a price is missing
 * @param halfHours on an electricity day's {@code total} row: the Wh of each of its half-hours in order (46, 48 or 50),
 *                  {@code null} for one without data; else {@code null}
 */
public record RollupRow(Granularity granularity, Instant start, LocalDateTime localStart, String period, long quantity,
                        Long volume, BigDecimal cost, boolean estimated, boolean incomplete, List<Long> halfHours) {
    /** The period of the rows that sum every tariff period of their bucket. */
    public static final String TOTAL = "total";
    /** The period of a day's share of the subscription (its quantity is 0). */
    public static final String SUBSCRIPTION = "subscription";

    RollupRow(Granularity granularity, Instant start, LocalDateTime localStart, String period, long quantity,
                     Long volume, BigDecimal cost, boolean estimated, boolean incomplete) {
        this(granularity, start, localStart, period, quantity, volume, cost, estimated, incomplete, null);
    }
}
