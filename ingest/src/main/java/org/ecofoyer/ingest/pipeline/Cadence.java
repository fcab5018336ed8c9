package org.ecofoyer.ingest.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * When the next value of a thinned stream (an index register, a sampled channel) may be stored: at least
 * {@code interval} after the last one kept, on the meter's own phase within the interval.
 *
 * <p>Why a phase: Linky clocks are synchronised and ingest (re)starts every meter at the same moment, so without one
 * every meter of a city would store its values in the same second of every minute, and each minute would begin with
 * a burst of tens of thousands of rows that the database must commit at once. Each meter's slots are
 * {@code phase + k × interval}: a stream's first value is stored at its first slot; a value kept up to a quarter
 * interval after a slot keeps the strict spacing (a gateway sending every 2 s keeps the same lateness forever), a
 * value kept later than that (a register that stood still, an irregular gateway) moves the next one to a slot, so
 * the meters stay spread over the interval.
 *
 * @param intervalMs the minimum spacing (0: every value)
 * @param phaseMs    the meter's slot offset in {@code [0, intervalMs)}
 */
record Cadence(long intervalMs, long phaseMs) {
    static Cadence of(Duration interval, double phase) {
        long ms = interval.toMillis();
        return new Cadence(ms, (long) Math.floor(phase * ms));
    }

    /** The earliest instant of the next value to keep, after one kept at {@code kept}. */
    Instant next(Instant kept) {
        if (intervalMs == 0) {
            return kept;
        }
        long late = Math.floorMod(kept.toEpochMilli() - phaseMs, intervalMs);
        return late <= intervalMs / 4 ? kept.plusMillis(intervalMs) : slotAtOrAfter(kept.plusMillis(intervalMs));
    }

    /** This meter's first slot at or after {@code t}: where a stream starts, and where held values go out. */
    Instant slotAtOrAfter(Instant t) {
        if (intervalMs == 0) {
            return t;
        }
        return t.plusMillis(Math.floorMod(phaseMs - t.toEpochMilli(), intervalMs));
    }

    /**
     * A per-meter phase in {@code [0, 1)}, the same in every ingest instance and every run (it depends on the meter
     * code only), spread evenly over meters.
     */
    static double phaseOf(String meter) {
        long z = meter.hashCode() * 0x9E3779B97F4A7C15L; // splitmix64's finaliser: neighbouring codes land far apart
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }
}
