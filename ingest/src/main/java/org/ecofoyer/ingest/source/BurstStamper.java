package org.ecofoyer.ingest.source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.writer.LastStamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds each gateway's messages that carry no timestamp of their own until the gateway has been quiet for the burst
 * gap, then stamps them with {@link BurstStamps} (a message alone: at its reception) and hands them over in arrival
 * order. The stamps of a gateway go on from its last one; the first burst of a process goes on from the meter's last
 * stored instant ({@link LastStamps}), so the backlog of an ingest outage spreads over that outage. Stamping and
 * handing over happen on one thread of its own (which may block on a full writer queue, holding the source back).
 *
 * @param <M> the source's message (what it needs to acknowledge it)
 */
final class BurstStamper<M> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BurstStamper.class);

    /** One message waiting for its stamp: its readings are stamped at {@code receivedAt} until then. */
    record Pending<M>(String meter, Instant receivedAt, List<Reading> readings, M message) {
    }

    /** Receives each message with its readings stamped. */
    @FunctionalInterface
    interface Sink<M> {
        void handOver(M message, List<Reading> stamped);
    }

    private static final class Gateway<M> {
        List<Pending<M>> arrivals = new ArrayList<>();
        long lastArrivalNanos;
        boolean flushScheduled;
        /** Only touched on the stamper's thread. */
        Instant last;
        boolean lastLoaded;
    }

    private final long gapNanos;
    private final LastStamps lastStamps;
    private final Sink<M> sink;
    private final Map<String, Gateway<M>> gateways = new HashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("mqtt-stamp"));

    BurstStamper(Duration gap, LastStamps lastStamps, Sink<M> sink) {
        this.gapNanos = gap.toNanos();
        this.lastStamps = lastStamps;
        this.sink = sink;
    }

    /** A message of the gateway {@code key} (its topic in the configuration), stamped later. */
    void add(String key, Pending<M> p) {
        synchronized (gateways) {
            Gateway<M> g = gateways.computeIfAbsent(key, k -> new Gateway<>());
            g.arrivals.add(p);
            g.lastArrivalNanos = System.nanoTime();
            if (!g.flushScheduled) {
                g.flushScheduled = true;
                thread.schedule(() -> flush(key, false), gapNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Stamps and hands over every waiting message now, and waits for it (an orderly stop). */
    void flushAll(Duration timeout) {
        try {
            thread.submit(() -> {
                List<String> keys;
                synchronized (gateways) {
                    keys = new ArrayList<>(gateways.keySet());
                }
                keys.forEach(k -> flush(k, true));
            }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("messages waiting for their stamp not all handed over: {}", e.toString());
        }
    }

    private void flush(String key, boolean now) {
        List<Pending<M>> burst;
        Gateway<M> g;
        synchronized (gateways) {
            g = gateways.get(key);
            if (g == null) {
                return;
            }
            if (g.arrivals.isEmpty()) {
                g.flushScheduled &= now; // the scheduled check found nothing: the next arrival schedules one
                return;
            }
            long quiet = System.nanoTime() - g.lastArrivalNanos;
            if (!now && quiet < gapNanos) {
                thread.schedule(() -> flush(key, false), gapNanos - quiet, TimeUnit.NANOSECONDS);
                return;
            }
            burst = g.arrivals;
            g.arrivals = new ArrayList<>();
            g.flushScheduled &= now; // after an orderly flush, the check still scheduled finds nothing and stops
        }
        try {
            stamp(g, burst);
        } catch (RuntimeException e) {
            LOG.warn("stamping a burst of {} message(s) failed: {}", burst.size(), e.toString());
        }
    }

    private void stamp(Gateway<M> g, List<Pending<M>> burst) {
        List<BurstStamps.Arrival> arrivals = new ArrayList<>(burst.size());
        Set<String> channels = new LinkedHashSet<>();
        for (Pending<M> p : burst) {
            Set<String> ch = new LinkedHashSet<>();
            p.readings().forEach(r -> ch.add(r.channel()));
            channels.addAll(ch);
            arrivals.add(new BurstStamps.Arrival(p.receivedAt(), ch));
        }
        if (!g.lastLoaded) {
            g.last = lastStamps.lastOf(burst.get(0).meter(), channels, burst.get(0).receivedAt());
            g.lastLoaded = true;
        }
        List<Instant> stamps = BurstStamps.spread(g.last, arrivals);
        g.last = stamps.get(stamps.size() - 1);
        if (burst.size() > 1) {
            LOG.debug("a burst of {} message(s) of meter {} stamped from {} to {}", burst.size(), burst.get(0).meter(),
                    stamps.get(0), g.last);
        }
        for (int i = 0; i < burst.size(); i++) {
            Pending<M> p = burst.get(i);
            sink.handOver(p.message(), restamp(p, stamps.get(i)));
        }
    }

    private static <M> List<Reading> restamp(Pending<M> p, Instant at) {
        List<Reading> out = new ArrayList<>(p.readings().size());
        for (Reading r : p.readings()) {
            out.add(r.instant().equals(p.receivedAt()) ? new Reading(r.meter(), at, r.channel(), r.value()) : r);
        }
        return out;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
