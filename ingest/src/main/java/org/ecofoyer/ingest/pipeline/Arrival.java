package org.ecofoyer.ingest.pipeline;

/**
 * How a message without an instant of its own (stamped on reception) reached the pipeline, for the redelivery rule
 * ({@link RedeliveryRule}): a broker sends again what was not acknowledged, and such a message, stamped anew, would
 * otherwise be stored a second time under a new instant.
 */
public enum Arrival {
    /**
     * A dated message or a serial frame (its instant is its own, a copy lands on the table's key), or an undated MQTT
     * message past the resend window of its connection. Not checked.
     */
    LIVE,
    /**
     * An undated MQTT message within the resend window of its connection ({@link #RESEND_WINDOW}): a broker sends what
     * an earlier connection left unacknowledged first, at once, so it may be a copy of what an earlier process (killed)
     * or a dead peer's session had committed; the index channels this pipeline has not seen yet are checked against the
     * store.
     */
    DELIVERED,
    /**
     * An undated MQTT message with the packet id and topic of one received on the previous connection: the broker
     * resends what was not acknowledged with its original packet id (MQTT 5, 4.4), so it is most likely that message
     * again; every index channel is checked against what this pipeline has seen.
     */
    DELIVERED_AGAIN,
    /**
     * An undated MQTT message drained from a dead peer's session this instance adopted, within the resend window of the
     * adoption's connection: the broker sends first what the dead instance had not acknowledged, some of it committed
     * by it. Every index channel is checked against the meter's recent stored values, read once per adoption — even a
     * meter this pipeline has seen through its own session (on a shared subscription it usually has).
     */
    ADOPTED;

    /**
     * How long after connecting a message may still be a resend of an earlier connection's: the broker resends those
     * first, all at once (at most the receive maximum, read at socket speed off the handover). Past it an idle meter's
     * frames are not checked, so that its still register is dated as usual.
     */
    public static final java.time.Duration RESEND_WINDOW = java.time.Duration.ofSeconds(30);

    /**
     * The arrival of an undated MQTT message: {@code resent} when it bears the packet id and topic of a message of the
     * previous connection, else by the time since this connection began.
     */
    public static Arrival ofUndated(boolean resent, long nanosSinceConnecting) {
        if (resent) {
            return DELIVERED_AGAIN;
        }
        return nanosSinceConnecting < RESEND_WINDOW_NANOS ? DELIVERED : LIVE;
    }

    /** The arrival of an undated message of an adopted session, by the time since the adoption's connection began. */
    public static Arrival ofAdopted(long nanosSinceConnecting) {
        return nanosSinceConnecting < RESEND_WINDOW_NANOS ? ADOPTED : LIVE;
    }

    private static final long RESEND_WINDOW_NANOS = RESEND_WINDOW.toNanos();
}
