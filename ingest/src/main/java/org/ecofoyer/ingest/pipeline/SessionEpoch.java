package org.ecofoyer.ingest.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fence epoch of one MQTT session as this process holds it: it changes only when the session is fenced (this
 * instance lost its lease: a peer may adopt the session and be sent again what this process has not acknowledged).
 * A message carries the {@link Ticket} of its reception; once the epoch has moved on, the message is the adopter's,
 * and nothing of it may be committed here any more (it would be stored twice: here and by the adopter). A plain
 * reconnection (a broker restart) keeps the epoch: the resend then comes back to this process, which recognises it.
 */
public final class SessionEpoch {
    private final AtomicInteger epoch = new AtomicInteger();

    /** The ticket of a message received now. */
    public Ticket ticket() {
        return new Ticket(this, epoch.get());
    }

    /** The session is fenced: every ticket given so far is stale. */
    public void fence() {
        epoch.incrementAndGet();
    }

    /** A message's epoch at its reception. */
    public record Ticket(SessionEpoch session, int epoch) {
        /** True once the session has been fenced since the message was received (an in-memory check). */
        public boolean stale() {
            return session.epoch.get() != epoch;
        }
    }
}
