package org.ecofoyer.ingest.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.ecofoyer.ingest.writer.StoredIndexes;

/**
 * The fence epoch of one MQTT session as this process holds it: it changes only when the session is fenced (this
 * instance lost its lease: a peer may adopt the session and be sent again what this process has not acknowledged).
 * A message carries the {@link Ticket} of its reception; once the epoch has moved on, the message is the adopter's,
 * and nothing of it may be committed here any more (it would be stored twice: here and by the adopter). A plain
 * reconnection (a broker restart) keeps the epoch: the resend then comes back to this process, which recognises it.
 */
public final class SessionEpoch {
    private final AtomicInteger epoch = new AtomicInteger();
    /** For an adopted session: each meter's recent stored index values, read once per adoption (redelivery rule). */
    private final Map<String, Map<String, StoredIndexes.Span>> adoptedStore = new ConcurrentHashMap<>();

    /**
     * The recent stored index values of {@code meter} as this session first needed them ({@code read} once per meter
     * and session: an adopted session's copies are of what the dead instance committed before the adoption began).
     */
    Map<String, StoredIndexes.Span> storedOnce(String meter, Supplier<Map<String, StoredIndexes.Span>> read) {
        return adoptedStore.computeIfAbsent(meter, m -> read.get());
    }

    /** The ticket of a message received now. */
    public Ticket ticket() {
        return new Ticket(this, epoch.get());
    }

    /** The session is fenced: every ticket given so far is stale. */
    public void fence() {
        epoch.incrementAndGet();
    }

    /** A message's epoch at its reception; as a {@link BooleanSupplier}, the writer's fence check ({@code FenceCheck}). */
    public record Ticket(SessionEpoch session, int epoch) implements BooleanSupplier {
        /** True once the session has been fenced since the message was received (an in-memory check). */
        public boolean stale() {
            return session.epoch.get() != epoch;
        }

        @Override
        public boolean getAsBoolean() {
            return stale();
        }
    }
}
