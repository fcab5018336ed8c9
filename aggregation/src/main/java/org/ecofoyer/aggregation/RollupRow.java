package org.ecofoyer.aggregation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * One stored rollup row (table {@code rollup}).
 *
 * @param quantity Wh (electricity, gas energy) or litres (water); 0 on subscription rows
 * @param volume   gas volume in litres, else {@code null}
 * @param cost     euros TTC (8 decimals), {@code null} when a price is missing
 */
public record RollupRow(Granularity granularity, Instant start, LocalDateTime localStart, String period, long quantity,
                        Long volume, BigDecimal cost, boolean estimated, boolean incomplete) {
}
