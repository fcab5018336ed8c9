package org.ecofoyer.tools.load;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.ingest.writer.SessionLeases;

/**
 * Watches the instances of {@code loadtest --instances N} for the failover: which live instance adopted which session,
 * when (from the kill), and how many messages it drained before ending that session, or whether it gave the adoption
 * up. Printed as it happens, and kept for the wait: the load test is not over while a session is being adopted or a
 * dead instance's lease is still held (its session not yet drained and ended).
 */
final class FailoverWatch implements AutoCloseable {
    private static final long POLL_MILLIS = 200;

    /** One adoption: {@code endNanos} 0 while in progress; {@code ended} when the session was drained and ended. */
    record Adoption(String adopter, String session, long startNanos, long endNanos, long messages, boolean ended) {
    }

    /** Per live instance, what it was adopting at the last poll, and its failover counters then. */
    private record Seen(InstanceProcess.Health health, long startNanos) {
    }

    private final List<InstanceProcess> instances;
    private final SessionLeases leases;
    private final PrintWriter out;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("loadtest-failover"));
    private final Map<String, Seen> seen = new HashMap<>();
    private final List<Adoption> adoptions = new ArrayList<>();
    private volatile long killNanos;
    private volatile String victim;
    private volatile long lapsedNanos;

    FailoverWatch(List<InstanceProcess> instances, SessionLeases leases, PrintWriter out) {
        this.instances = instances;
        this.leases = leases;
        this.out = out;
    }

    FailoverWatch start() {
        poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** {@code clientId}'s instance was SIGKILLed now. */
    void killed(String clientId) {
        victim = clientId;
        killNanos = System.nanoTime();
    }

    private double sinceKill(long nanos) {
        return killNanos == 0 ? Double.NaN : (nanos - killNanos) / 1e9;
    }

    private synchronized void poll() {
        long now = System.nanoTime();
        try {
            String v = victim;
            if (v != null && lapsedNanos == 0) {
                Optional<SessionLeases.Lease> lease = leases.find(v);
                if (lease.isEmpty() || lease.get().lapsed() || !lease.get().holder().equals(v)) {
                    lapsedNanos = now; // lapsed, or already claimed by a peer (then it lapsed before the claim)
                    say("loadtest: failover: the lease of %s lapsed %.1f s after the kill", v, sinceKill(now));
                }
            }
        } catch (RuntimeException e) {
            // the database is busy or away: the next poll sees it
        }
        for (InstanceProcess p : instances) {
            if (!p.alive()) {
                continue;
            }
            InstanceProcess.Health h = p.health();
            Seen before = seen.get(p.clientId);
            String was = before == null ? null : before.health().adopting();
            if (was != null && !was.equals(h.adopting())) {
                boolean ended = h.adoptedSessions() > before.health().adoptedSessions();
                long messages = ended ? h.adoptedMessages() - before.health().adoptedMessages() : before.health().adoptingReceived();
                adoptions.add(new Adoption(p.clientId, was, before.startNanos(), now, messages, ended));
                say(ended ? "loadtest: failover: %s drained the session of %s (%d messages, stored and acknowledged) and ended it"
                                + " %.1f s after the kill, %.1f s after adopting it"
                                : "loadtest: failover: %s gave up its adoption of %s after %d messages, %.1f s after the kill (%.1f s"
                                + " after adopting it): its claim lapses and a peer adopts the session again",
                        p.clientId, was, messages, sinceKill(now), (now - before.startNanos()) / 1e9);
            }
            if (h.adopting() != null && !h.adopting().equals(was)) {
                say("loadtest: failover: %s adopted the session of %s %.1f s after the kill", p.clientId, h.adopting(), sinceKill(now));
                seen.put(p.clientId, new Seen(h, now));
            } else {
                seen.put(p.clientId, new Seen(h, before == null ? now : before.startNanos()));
            }
        }
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.println(String.format(Locale.ROOT, format, args));
            out.flush();
        }
    }

    /** Adoptions in progress, as "adopter: session (n messages so far)". */
    synchronized List<String> inProgress() {
        List<String> l = new ArrayList<>();
        for (InstanceProcess p : instances) {
            Seen s = seen.get(p.clientId);
            if (p.alive() && s != null && s.health().adopting() != null) {
                l.add(p.clientId + " adopting " + s.health().adopting() + " (" + s.health().adoptingReceived() + " messages so far)");
            }
        }
        return l;
    }

    /** The adoptions that ended (drained, or given up). */
    synchronized List<Adoption> finished() {
        return List.copyOf(adoptions);
    }

    /** Seconds from the kill to the victim's lease lapsing, NaN if not seen. */
    double lapsedAfter() {
        return lapsedNanos == 0 ? Double.NaN : sinceKill(lapsedNanos);
    }

    double sinceKillSeconds(long nanos) {
        return sinceKill(nanos);
    }

    /** One last poll, so that an adoption that ended just now is counted, then stops. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poll();
    }
}
