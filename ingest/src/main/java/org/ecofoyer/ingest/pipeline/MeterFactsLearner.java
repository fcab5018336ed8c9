package org.ecofoyer.ingest.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.writer.MeterFacts;

/**
 * Takes what a meter says about itself (#16: {@code contract.*}, {@code power.max.meter*}, see
 * {@link Channels#isMeterFact}) out of its readings, which then go on without them, and keeps in memory what it has
 * already handed on, so that only changes reach the database: a Linky repeats its subscription and its maxima in every
 * frame (every 1-2 s), its subscription changes a few times in its life and its day's maximum a few times a day.
 *
 * <p>The caches are an optimisation only: after a restart, or {@link #forget} when a write failed, the same facts are
 * handed on again and the store's statements write nothing that is already there. Thread-safe per meter (a meter's
 * state is locked while its message is read).
 */
public final class MeterFactsLearner {
    /** Maxima remembered per meter: today's and yesterday's, total and per phase, with room for a day change. */
    private static final int MAXIMA_REMEMBERED = 24;

    /** The readings to store, and the facts to write (null when nothing is new). */
    public record Taken(List<Reading> readings, MeterFacts facts) {
    }

    private record Key(int phase, Instant at) {
    }

    private static final class Known {
        Integer kva;
        TariffOption option;
        final Map<Key, Long> maxima = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
                return size() > MAXIMA_REMEMBERED;
            }
        };
    }

    private final Map<String, Known> meters = new ConcurrentHashMap<>();

    /**
     * Splits {@code readings} of {@code meter}: the same list (no copy) when it holds no fact, the fast path of every
     * message from a gateway that does not send them.
     */
    public Taken take(String meter, List<Reading> readings) {
        int first = -1;
        for (int i = 0; i < readings.size(); i++) {
            if (Channels.isMeterFact(readings.get(i).channel())) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return new Taken(readings, null);
        }
        List<Reading> rest = new ArrayList<>(readings.size());
        rest.addAll(readings.subList(0, first));
        List<MeterFacts.Contract> contracts = new ArrayList<>(0);
        List<MeterFacts.Maximum> maxima = new ArrayList<>(0);
        Known known = meters.computeIfAbsent(meter, m -> new Known());
        synchronized (known) {
            Instant contractAt = null;
            Integer kva = null;
            TariffOption option = null;
            for (int i = first; i < readings.size(); i++) {
                Reading r = readings.get(i);
                String ch = r.channel();
                if (!Channels.isMeterFact(ch)) {
                    rest.add(r);
                } else if (ch.equals(Channels.CONTRACT_KVA) || ch.equals(Channels.CONTRACT_OPTION)) {
                    if (contractAt != null && !contractAt.equals(r.instant())) {
                        learn(known, contractAt, kva, option, contracts); // another frame of the same message
                        kva = null;
                        option = null;
                    }
                    contractAt = r.instant();
                    if (ch.equals(Channels.CONTRACT_KVA)) {
                        kva = (int) r.value();
                    } else {
                        option = optionOf(r.value());
                    }
                } else {
                    Key key = new Key(phaseOf(ch), r.instant());
                    if (key.phase >= 0 && !Objects.equals(known.maxima.get(key), r.value())) {
                        known.maxima.put(key, r.value());
                        maxima.add(new MeterFacts.Maximum(key.phase, r.value(), r.instant()));
                    }
                }
            }
            if (contractAt != null) {
                learn(known, contractAt, kva, option, contracts);
            }
        }
        MeterFacts facts = contracts.isEmpty() && maxima.isEmpty() ? null : new MeterFacts(meter, contracts, maxima);
        return new Taken(rest, facts);
    }

    /** After a write of {@code meter}'s facts failed: hand them on again with its next message. */
    public void forget(String meter) {
        meters.remove(meter);
    }

    private static void learn(Known known, Instant at, Integer kva, TariffOption option, List<MeterFacts.Contract> out) {
        Integer nextKva = kva != null ? kva : known.kva;
        TariffOption nextOption = option != null ? option : known.option;
        if (!Objects.equals(nextKva, known.kva) || nextOption != known.option) {
            known.kva = nextKva;
            known.option = nextOption;
            out.add(new MeterFacts.Contract(at, nextKva, nextOption));
        }
    }

    private static TariffOption optionOf(long code) {
        try {
            return TariffOption.ofCode(code);
        } catch (IllegalArgumentException e) {
            return null; // no such code: not from the drivers, which write only TariffOption.code()
        }
    }

    /** 0 for {@code power.max.meter}, 1..3 for {@code power.max.meter.<phase>}, -1 for anything else. */
    static int phaseOf(String channel) {
        int n = Channels.POWER_MAX_METER.length();
        if (!channel.startsWith(Channels.POWER_MAX_METER)) {
            return -1;
        }
        if (channel.length() == n) {
            return 0;
        }
        if (channel.length() == n + 2 && channel.charAt(n) == '.') {
            int p = channel.charAt(n + 1) - '0';
            return p >= 1 && p <= 3 ? p : -1;
        }
        return -1;
    }
}
