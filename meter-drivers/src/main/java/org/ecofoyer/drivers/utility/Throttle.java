package org.ecofoyer.drivers.utility;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Paces calls to one API: at least {@code minInterval} between two calls, and at most {@code maxPerHour} calls in
 * any hour. Pure bookkeeping: {@link #reserve()} books the next slot and says how long to wait for it; the caller
 * waits with a timer, never by blocking a thread.
 */
final class Throttle {
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    private final Clock clock;
    private final long minIntervalMs;
    private final int maxPerHour;
    private final ArrayDeque<Long> lastHour = new ArrayDeque<>();
    private long nextFree;

    Throttle(Clock clock, Duration minInterval, int maxPerHour) {
        this.clock = clock;
        this.minIntervalMs = minInterval.toMillis();
        this.maxPerHour = maxPerHour;
    }

    /** Books a slot; returns the milliseconds to wait before using it (0 if now). */
    synchronized long reserve() {
        long now = clock.millis();
        long slot = Math.max(now, nextFree);
        if (maxPerHour > 0) {
            while (!lastHour.isEmpty() && lastHour.peekFirst() <= slot - HOUR_MS) {
                lastHour.pollFirst();
            }
            if (lastHour.size() >= maxPerHour) {
                slot = Math.max(slot, lastHour.peekFirst() + HOUR_MS);
                lastHour.pollFirst();
            }
            lastHour.addLast(slot);
        }
        nextFree = slot + minIntervalMs;
        return slot - now;
    }
}
