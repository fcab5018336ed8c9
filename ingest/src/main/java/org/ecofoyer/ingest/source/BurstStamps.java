package org.ecofoyer.ingest.source;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stamps a burst of one gateway's messages that carry no timestamp of their own (docs/architecture.md, "Instants you
 * can trust"). A backlog the broker held during an outage arrives within milliseconds; stamped on reception, its
 * index rise would be squeezed into those milliseconds (a rate no house draws, which the rollups cannot place). So the
 * burst is spread evenly over the time since the gateway's last stamp: the burst's {@code n} cycles get
 * {@code last + (end - last) * k / n}, k = 1..n, where {@code end} is the reception time of its last message. The last
 * cycle is stamped at its reception, nothing is stamped in the future nor at or before {@code last}, and the stamps
 * rise in arrival order. A message alone (the steady state) is stamped at its reception.
 *
 * <p>A cycle is one publication of the gateway: a new one starts with a message that repeats a channel of the current
 * one (raw TIC, ZLinky: every message; ESPHome, one value per message: every round of its values). Messages of one
 * cycle share its stamp. Without a last stamp (a meter never seen), cycles are placed {@link #UNKNOWN_SPACING} apart,
 * ending at the last reception. Stamps are whole microseconds (the database's precision), at least one apart. Pure.
 */
public final class BurstStamps {
    /** Spacing of a burst's cycles when the gateway's last stamp is unknown: a Linky sends a frame every 1 to 2 s. */
    static final Duration UNKNOWN_SPACING = Duration.ofSeconds(1);

    /** One message of a burst: when it arrived and the channels it carries. */
    public record Arrival(Instant receivedAt, Set<String> channels) {
    }

    private BurstStamps() {
    }

    /** The cycle of each arrival (0-based), in arrival order. */
    static int[] cycles(List<Arrival> arrivals) {
        int[] out = new int[arrivals.size()];
        Set<String> current = new HashSet<>();
        int cycle = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            Set<String> ch = arrivals.get(i).channels();
            boolean repeats = false;
            for (String c : ch) {
                if (current.contains(c)) {
                    repeats = true;
                    break;
                }
            }
            if (repeats) {
                cycle++;
                current.clear();
            }
            current.addAll(ch);
            out[i] = cycle;
        }
        return out;
    }

    /**
     * The stamp of each arrival, in order.
     *
     * @param last the gateway's last stamp, or null when unknown
     */
    public static List<Instant> spread(Instant last, List<Arrival> arrivals) {
        if (arrivals.isEmpty()) {
            return List.of();
        }
        int[] cycle = cycles(arrivals);
        int n = cycle[cycle.length - 1] + 1;
        Instant end = micros(arrivals.get(arrivals.size() - 1).receivedAt());
        Instant start = last != null ? micros(last) : end.minus(UNKNOWN_SPACING.multipliedBy(n));
        long span = Math.max(0, ChronoUnit.MICROS.between(start, end));
        Instant[] byCycle = new Instant[n];
        Instant previous = start;
        for (int k = 1; k <= n; k++) {
            // multiply before dividing, in 128 bits' worth of care: span (µs) * k fits a long for any real outage
            Instant at = start.plus(Math.multiplyExact(span, (long) k) / n, ChronoUnit.MICROS);
            if (!at.isAfter(previous)) {
                at = previous.plus(1, ChronoUnit.MICROS); // never at or before the previous one
            }
            byCycle[k - 1] = at;
            previous = at;
        }
        List<Instant> out = new ArrayList<>(arrivals.size());
        for (int c : cycle) {
            out.add(byCycle[c]);
        }
        return out;
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
