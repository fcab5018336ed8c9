package org.ecofoyer.ingest.pipeline;

import org.ecofoyer.ingest.writer.StoredIndexes;

/**
 * Whether an index reading of a message that may be a redelivery is already known, hence not stored again (pure).
 * A Linky index only rises: a value the meter is known to have reached carries no new energy, and stamped anew (an
 * undated frame) it would be the same value under a second instant — a double.
 *
 * <ul>
 * <li>{@link Arrival#DELIVERED_AGAIN}, channel seen by this pipeline: known when at or below the value last seen (held
 * by downsampling or stored).</li>
 * <li>{@link Arrival#DELIVERED} or {@code DELIVERED_AGAIN}, a channel this pipeline has not seen (a new process after
 * a kill, a meter of an adopted session; within the resend window of the connection): known when within the span of
 * its recent stored values, from the oldest of them to the latest. A value below that span is not an old copy but a
 * reset (kept: it becomes the new baseline); one above it is new.</li>
 * <li>{@link Arrival#ADOPTED} (a dead peer's session drained here, within the resend window), seen or not: known when
 * it is one of the channel's recent stored values (read once per adoption). A copy of what the dead instance committed
 * has exactly a stored value; a message queued for the dead session and never delivered brings a value not stored (in
 * between values this instance stored from its own share, or new): stored — never left out for being in the span.</li>
 * <li>Otherwise ({@link Arrival#LIVE}, or {@link Arrival#DELIVERED} on a channel already seen): never — an idle meter
 * sends the same index for hours, and downsampling decides what of it to store.</li>
 * </ul>
 */
final class RedeliveryRule {
    private RedeliveryRule() {
    }

    /**
     * @param lastSeen the value this pipeline last saw on the channel, or null if none
     * @param stored   the channel's recent stored values, or null if none (or not read: the channel was seen)
     */
    static boolean known(Arrival arrival, long value, Long lastSeen, StoredIndexes.Span stored) {
        if (arrival == Arrival.LIVE) {
            return false;
        }
        if (arrival == Arrival.ADOPTED) {
            return stored != null && stored.values().contains(value);
        }
        if (lastSeen != null) {
            return arrival == Arrival.DELIVERED_AGAIN && value <= lastSeen;
        }
        return stored != null && value >= stored.oldest() && value <= stored.latest();
    }
}
