package org.ecofoyer.aggregation;

import java.time.Duration;
import org.ecofoyer.aggregation.maths.SlotCalculator;

/**
 * The {@code aggregation} configuration section.
 *
 * @param recomputeInterval how often the dirty ranges are recomputed (default 10 s)
 * @param maxGap            readings further apart than this are a gap: spread and flagged estimated (default 35 min:
 *                          one missing half-hour plus tolerance for the meter's frame jitter)
 * @param maxPowerW         an index rising faster than this cannot be placed in time: the rise is kept, spread since
 *                          the last trusted reading and flagged estimated (default 100 kW)
 * @param batchMeters       how many dirty meters one recompute pass takes (default 500)
 * @param recomputeThreads  how many meters a pass recomputes side by side (default 2; each uses a database
 *                          connection, and the database works as hard as the thread)
 * @param futureTolerance   readings later than the clock's now plus this are ignored by the recompute, which never
 *                          writes a rollup row beyond it (default 10 min, as ingest's refusal of future readings)
 */
public record AggregationConfig(Duration recomputeInterval, Duration maxGap, Long maxPowerW, Integer batchMeters,
                                Integer recomputeThreads, Duration futureTolerance) {
    public static final AggregationConfig DEFAULTS = new AggregationConfig(null, null, null, null, null, null);


    public AggregationConfig {
        recomputeInterval = recomputeInterval == null ? Duration.ofSeconds(10) : recomputeInterval;
        if (recomputeInterval.isNegative() || recomputeInterval.isZero()) {
            throw new IllegalArgumentException("recomputeInterval: expected a positive duration such as 10s, got " + recomputeInterval);
        }
        maxGap = maxGap == null ? SlotCalculator.Params.DEFAULT.maxGap() : maxGap;
        if (maxGap.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("maxGap: expected at least 1 minute, got " + maxGap);
        }
        maxPowerW = maxPowerW == null ? SlotCalculator.Params.DEFAULT.maxWatts() : maxPowerW;
        if (maxPowerW < 1000) {
            throw new IllegalArgumentException("maxPowerW: expected at least 1000 W, got " + maxPowerW);
        }
        batchMeters = batchMeters == null ? 500 : batchMeters;
        if (batchMeters < 1) {
            throw new IllegalArgumentException("batchMeters: expected at least 1, got " + batchMeters);
        }
        futureTolerance = futureTolerance == null ? Duration.ofMinutes(10) : futureTolerance;
        if (futureTolerance.isNegative()) {
            throw new IllegalArgumentException("futureTolerance: expected a duration of 0 or more such as 10m, got " + futureTolerance);
        }
        recomputeThreads = recomputeThreads == null ? 2 : recomputeThreads;
        if (recomputeThreads < 1 || recomputeThreads > 64) {
            throw new IllegalArgumentException("recomputeThreads: expected 1 to 64, got " + recomputeThreads);
        }
    }

    public SlotCalculator.Params params() {
        return new SlotCalculator.Params(maxGap, maxPowerW);
    }
}
