package org.ecofoyer.ingest.source;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a serial line has gone silent: no frame for longer than the limit, judged on the clock it is given. A
 * dongle that stays plugged in while the meter sends nothing (TIC output off, a loose wire) keeps the port open and
 * raises no error: only the absence of frames tells. Reports each change once, to be logged once.
 */
final class LineSilence {
    /** What a check or a frame changed. */
    enum Change { NONE, FELL_SILENT, RECOVERED }

    private final Duration limit;
    private Instant lastFrame;
    private boolean silent;

    /** @param since when listening began: silence counts from there until the first frame */
    LineSilence(Duration limit, Instant since) {
        this.limit = limit;
        this.lastFrame = since;
    }

    synchronized Change frame(Instant at) {
        lastFrame = at;
        if (silent) {
            silent = false;
            return Change.RECOVERED;
        }
        return Change.NONE;
    }

    synchronized Change check(Instant now) {
        if (!silent && Duration.between(lastFrame, now).compareTo(limit) > 0) {
            silent = true;
            return Change.FELL_SILENT;
        }
        return Change.NONE;
    }

    synchronized boolean silent() {
        return silent;
    }

    /** How long since the last frame (or since listening began), at {@code now}. */
    synchronized Duration quietFor(Instant now) {
        Duration d = Duration.between(lastFrame, now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    synchronized Instant lastFrame() {
        return lastFrame;
    }
}
