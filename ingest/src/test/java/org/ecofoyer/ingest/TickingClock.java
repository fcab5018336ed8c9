package org.ecofoyer.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves one millisecond each time it is read, from a fixed start: every reception gets its own instant
 * (so a message stored twice shows as one value under two instants), and no test depends on the wall date.
 */
public final class TickingClock extends Clock {
    private final AtomicLong millis;

    public TickingClock(Instant start) {
        millis = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.getAndIncrement());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
