package org.ecofoyer.ingest.pipeline;

/**
 * How a message without an instant of its own (stamped on reception) reached the pipeline, for the redelivery rule
 * ({@link RedeliveryRule}): a broker sends again what was not acknowledged, and such a message, stamped anew, would
 * otherwise be stored a second time under a new instant.
 */
public enum Arrival {
    /** A dated message or a serial frame: its instant is its own, a copy lands on the table's key. Not checked. */
    LIVE,
    /**
     * An undated MQTT message: may be a redelivery of what an earlier process (killed) or a dead peer's session had
     * committed, so the index channels this pipeline has not seen yet are checked against the store.
     */
    DELIVERED,
    /**
     * An undated MQTT message with the packet id and topic of one received on the previous connection: the broker
     * resends what was not acknowledged with its original packet id (MQTT 5, 4.4), so it is most likely that message
     * again; every index channel is checked against what this pipeline has seen.
     */
    DELIVERED_AGAIN
}
