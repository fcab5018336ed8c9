package org.ecofoyer.drivers.utility;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Turns a chronological series of local wall-clock times (as utilities give them, without offset) into instants.
 * On the autumn DST change the same wall-clock hour comes twice: the first pass takes the summer offset, and a time
 * that would not move forward takes the later (winter) offset. Spring-forward times that do not exist are shifted
 * by the gap, as {@link ZonedDateTime#of} does.
 */
public final class WallClock {
    private final ZoneId zone;
    private Instant previous;

    public WallClock(ZoneId zone) {
        this.zone = zone;
    }

    public Instant next(LocalDateTime local) {
        ZonedDateTime z = ZonedDateTime.of(local, zone);
        Instant i = z.toInstant();
        if (previous != null && !i.isAfter(previous)) {
            Instant later = z.withLaterOffsetAtOverlap().toInstant();
            if (later.isAfter(previous)) {
                i = later;
            }
        }
        previous = i;
        return i;
    }
}
