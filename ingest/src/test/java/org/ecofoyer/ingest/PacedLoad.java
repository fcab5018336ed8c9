package org.ecofoyer.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Publications {@code from..to-1} of a fleet at a steady rate, in the background; counts what the broker acknowledged. */
public final class PacedLoad {
    private final AtomicLong published = new AtomicLong();
    private final CompletableFuture<Void> done;

    public PacedLoad(LinkyFleet fleet, TestPublisher pub, long from, long to, int perSecond) {
        published.set(from);
        done = CompletableFuture.runAsync(() -> {
            long start = System.nanoTime();
            for (long n = from; n < to; n++) {
                long wait = start + (n - from) * 1_000_000_000L / perSecond - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing the load, not synchronising
                }
                try {
                    fleet.publish(pub, n);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                published.incrementAndGet();
            }
        });
    }

    /** How many publications (counting from 0) the broker has acknowledged so far. */
    public long published() {
        return published.get();
    }

    public CompletableFuture<Void> done() {
        return done;
    }
}
