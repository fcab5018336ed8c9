package org.ecofoyer.ingest.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.ecofoyer.core.runtime.Periodic;
import org.ecofoyer.gateway.Gateway;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.gateway.GatewayRegistry;
import org.ecofoyer.gateway.GatewayTraffic;
import org.ecofoyer.gateway.TicMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each gateway's topic brings, for the commissioning checklist (issue #14): messages, damaged ones, other meters'
 * ones, the TIC mode and meter id seen, readings committed. Counted in memory as they come (a lock held for a few
 * additions), and handed to the registry every period in one transaction ({@link GatewayRegistry#record}), which also
 * derives and stores every gateway's state — so a gateway falls silent in the registry when nothing comes at all.
 * A period that cannot be written is kept and added to the next: counts are never dropped.
 */
public final class CommissioningRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommissioningRecorder.class);
    /** The window of the error rate: the last minute (as {@code Checklist.SILENCE}). */
    static final Duration WINDOW = Duration.ofSeconds(60);

    /** One topic's counts since the last report, and its last minute by report. */
    private static final class Counts {
        long messages;
        long bad;
        long foreign;
        long stored;
        Instant lastSeen;
        TicMode mode;
        String meter;
        String fault;
        String faultDetail;
        Map<String, Long> values;
        final Deque<long[]> window = new ArrayDeque<>(); // {epoch ms of the report, messages, bad}
        boolean windowReported;

        boolean pending() {
            return messages > 0 || stored > 0;
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final Map<String, Counts> byTopic = new HashMap<>();
    private final Periodic schedule = new Periodic("ingest-commissioning", Duration.ofSeconds(5));
    private boolean failing;

    public CommissioningRecorder(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Reports every {@code every} (and derives the states then). */
    public CommissioningRecorder start(Duration every) {
        schedule.start(every, every, this::reportQuietly);
        return this;
    }

    /**
     * A message decoded on {@code gateway}'s topic: its frames' mode (null: none), the meter id it named (null: none),
     * damaged or not, and its readings (the last values shown).
     */
    public synchronized void decoded(GatewayConfig gateway, Instant at, org.ecofoyer.drivers.tic.TicMode mode, String meter,
                                     boolean damaged, String detail, List<org.ecofoyer.drivers.Reading> readings) {
        Counts c = counts(gateway, at);
        if (!readings.isEmpty()) {
            Map<String, Long> v = new HashMap<>();
            readings.forEach(r -> v.put(r.channel(), r.value()));
            c.values = v;
        }
        if (damaged) {
            c.bad++;
            c.fault = "invalid_group";
            c.faultDetail = detail;
        }
        if (mode != null) {
            c.mode = TicMode.parse(mode.name());
        }
        if (meter != null) {
            c.meter = meter;
        }
    }

    /** A message on {@code gateway}'s topic that did not decode. */
    public synchronized void malformed(GatewayConfig gateway, Instant at, String detail) {
        Counts c = counts(gateway, at);
        c.bad++;
        c.fault = "malformed";
        c.faultDetail = detail;
    }

    /** A message on {@code gateway}'s topic naming another meter ({@code meter}): refused. */
    public synchronized void foreign(GatewayConfig gateway, Instant at, String meter) {
        Counts c = counts(gateway, at);
        c.foreign++;
        c.meter = meter;
        c.fault = "foreign_meter";
        c.faultDetail = "meter " + meter + " on " + gateway.topic() + ", bound to " + gateway.meterSerial();
    }

    /** Readings of a message on {@code gateway}'s topic committed. */
    public synchronized void stored(GatewayConfig gateway, int readings) {
        byTopic.computeIfAbsent(gateway.topic(), t -> new Counts()).stored += readings;
    }

    private Counts counts(GatewayConfig gateway, Instant at) {
        Counts c = byTopic.computeIfAbsent(gateway.topic(), t -> new Counts());
        c.messages++;
        c.lastSeen = c.lastSeen == null || at.isAfter(c.lastSeen) ? at : c.lastSeen;
        return c;
    }

    /** Takes this period's counts (moving them into the window) as the registry's traffic. */
    private synchronized List<GatewayTraffic> take(Instant now) {
        List<GatewayTraffic> out = new ArrayList<>();
        for (Map.Entry<String, Counts> e : byTopic.entrySet()) {
            Counts c = e.getValue();
            if (c.messages > 0) {
                c.window.addLast(new long[] {now.toEpochMilli(), c.messages, c.bad});
            }
            while (!c.window.isEmpty() && c.window.peekFirst()[0] <= now.minus(WINDOW).toEpochMilli()) {
                c.window.removeFirst();
            }
            if (!c.pending() && c.window.isEmpty() && !c.windowReported) {
                continue; // nothing to say (a window that just emptied is reported once, as zeros)
            }
            int recent = 0;
            int recentBad = 0;
            for (long[] w : c.window) {
                recent += (int) w[1];
                recentBad += (int) w[2];
            }
            out.add(new GatewayTraffic(e.getKey(), c.messages, c.bad, c.foreign, c.stored, c.lastSeen, recent, recentBad, c.mode,
                    c.meter, c.fault, c.faultDetail, c.values));
            c.windowReported = !c.window.isEmpty();
            c.messages = 0;
            c.bad = 0;
            c.foreign = 0;
            c.stored = 0;
            c.lastSeen = null;
            c.mode = null;
            c.meter = null;
            c.fault = null;
            c.faultDetail = null;
            c.values = null;
        }
        return out;
    }

    /** Puts back a period that could not be written, to go with the next. */
    private synchronized void giveBack(List<GatewayTraffic> traffic) {
        for (GatewayTraffic t : traffic) {
            Counts c = byTopic.computeIfAbsent(t.topic(), x -> new Counts());
            c.messages += t.messages();
            c.bad += t.badMessages();
            c.foreign += t.foreignMessages();
            c.stored += t.readingsStored();
            if (t.lastSeen() != null && (c.lastSeen == null || t.lastSeen().isAfter(c.lastSeen))) {
                c.lastSeen = t.lastSeen();
            }
            c.mode = c.mode == null ? t.modeSeen() : c.mode;
            c.meter = c.meter == null ? t.meterSeen() : c.meter;
            c.values = c.values == null ? t.lastValues() : c.values;
            if (c.fault == null) {
                c.fault = t.fault();
                c.faultDetail = t.faultDetail();
            }
        }
    }

    /** Writes this period's counts and the derived states now; the gateways whose state changed. */
    public List<Gateway> report() {
        Instant now = clock.instant();
        List<GatewayTraffic> traffic = take(now);
        try {
            List<Gateway> changed = GatewayRegistry.record(dataSource, traffic, now);
            for (Gateway g : changed) {
                LOG.info("gateway {}: {}", g.id(), g.state().wireName());
            }
            if (failing) {
                LOG.info("gateway commissioning: the registry is writable again");
                failing = false;
            }
            return changed;
        } catch (RuntimeException e) {
            giveBack(traffic);
            if (!failing) {
                LOG.warn("gateway commissioning: cannot write the gateways' activity ({}); kept for the next period", e.toString());
                failing = true;
            }
            return List.of();
        }
    }

    private void reportQuietly() {
        try {
            report();
        } catch (RuntimeException e) {
            LOG.warn("gateway commissioning: {}", e.toString());
        }
    }

    /** Stops reporting after a last report (what the last period counted is written). */
    @Override
    public void close() {
        schedule.close();
        report();
    }
}
