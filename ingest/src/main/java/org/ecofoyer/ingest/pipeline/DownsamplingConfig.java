package org.ecofoyer.ingest.pipeline;

import java.time.Duration;

/**
 * How live meter data (TIC frames, ~1 every 1–2 s) is thinned before it is stored. Live views get every frame
 * anyway (the live bus is fed before downsampling).
 *
 * @param enabled        false stores every reading as received
 * @param indexInterval  an index is stored when it changed and at least this long after the last stored value of
 *                       that register; the last value before each half-hour boundary is always stored
 * @param sampleInterval other instantaneous values (per-phase power, currents, voltages, injected power): at most
 *                       one every this long
 * @param powerMeanMax   apparent power as per-minute mean and max ({@code power.apparent.mean_1m} / {@code .max_1m})
 *                       instead of samples
 * @param idleFlush      a value held back (boundary candidate, minute in progress) is written anyway when the meter
 *                       has sent nothing newer for this long
 * @param stagger        each meter stores its thinned values on its own phase within the interval (and its minute of
 *                       power in the next minute, at that phase), so that thousands of meters with synchronised
 *                       clocks do not all write in the same second (see {@link Cadence}); false: on whole minutes
 */
public record DownsamplingConfig(Boolean enabled, Duration indexInterval, Duration sampleInterval, Boolean powerMeanMax,
                                 Duration idleFlush, Boolean stagger) {
    public static final DownsamplingConfig DEFAULTS = new DownsamplingConfig(null, null, null, null, null, null);
    public static final DownsamplingConfig OFF = new DownsamplingConfig(false, null, null, null, null, null);

    public DownsamplingConfig {
        enabled = enabled == null || enabled;
        indexInterval = indexInterval == null ? Duration.ofSeconds(60) : indexInterval;
        sampleInterval = sampleInterval == null ? Duration.ofSeconds(60) : sampleInterval;
        powerMeanMax = powerMeanMax == null || powerMeanMax;
        idleFlush = idleFlush == null ? Duration.ofMinutes(2) : idleFlush;
        stagger = stagger == null || stagger;
        if (indexInterval.isNegative() || indexInterval.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("indexInterval: expected a duration between 0s and 30m, got " + indexInterval);
        }
        if (sampleInterval.isNegative()) {
            throw new IllegalArgumentException("sampleInterval: expected a duration of at least 0s, got " + sampleInterval);
        }
        if (idleFlush.isNegative() || idleFlush.isZero()) {
            throw new IllegalArgumentException("idleFlush: expected a positive duration, got " + idleFlush);
        }
    }

    /** The same without a per-meter phase: every meter on whole minutes. */
    public DownsamplingConfig unstaggered() {
        return new DownsamplingConfig(enabled, indexInterval, sampleInterval, powerMeanMax, idleFlush, false);
    }
}
