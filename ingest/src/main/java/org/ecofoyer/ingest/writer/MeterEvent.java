package org.ecofoyer.ingest.writer;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a meter, stored in {@code meter_event} in the same transaction as the readings it
 * came with, e.g. an index that went down ({@link #INDEX_RESET}).
 */
public record MeterEvent(String meter, Instant instant, String kind, String channel, String detail) {
    /** An index decreased: the meter was reset or replaced; the new value is the new baseline. */
    public static final String INDEX_RESET = "index_reset";

    public MeterEvent {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(kind, "kind");
    }
}
