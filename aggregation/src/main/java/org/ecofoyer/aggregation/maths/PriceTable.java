package org.ecofoyer.aggregation.maths;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ecofoyer.core.Fluid;

/**
 * Looks up the price valid at an instant. A price without an end lasts until the next price of the same key starts,
 * or until a later price of the same option and period for every level (kva 0), which supersedes all levels. The
 * meter's own subscription level is preferred, then kva 0 (every level); a meter of unknown level (0) is priced
 * as 6 kVA when no every-level price exists. Pure and immutable.
 */
public final class PriceTable {
    /** The level assumed for a meter whose subscription level is unknown: the most common household level. */
    static final int UNKNOWN_KVA_DEFAULT = 6;
    public static final PriceTable EMPTY = new PriceTable(List.of());

    private record Span(Price price, Instant from, Instant to) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && (to == null || t.isBefore(to));
        }
    }

    private final Map<String, List<Span>> byKey = new HashMap<>();
    private final Instant[] energyChanges;

    public PriceTable(Collection<Price> prices) {
        Map<String, List<Price>> groups = new HashMap<>();
        for (Price p : prices) {
            groups.computeIfAbsent(group(p.fluid(), p.option(), p.component(), p.period()), k -> new ArrayList<>()).add(p);
        }
        TreeSet<Instant> changes = new TreeSet<>();
        for (List<Price> g : groups.values()) {
            for (Price p : g) {
                Instant end = p.to();
                if (end == null) {
                    for (Price q : g) {
                        if (q.from().isAfter(p.from()) && (q.kva() == p.kva() || q.kva() == 0)
                                && (end == null || q.from().isBefore(end))) {
                            end = q.from();
                        }
                    }
                }
                byKey.computeIfAbsent(key(p.fluid(), p.option(), p.component(), p.period(), p.kva()), k -> new ArrayList<>())
                        .add(new Span(p, p.from(), end));
                if (Price.ENERGY.equals(p.component())) {
                    changes.add(p.from());
                    if (end != null) {
                        changes.add(end);
                    }
                }
            }
        }
        this.energyChanges = changes.toArray(Instant[]::new);
    }

    private static String group(Fluid f, String option, String component, String period) {
        return f + "|" + option + "|" + component + "|" + period;
    }

    private static String key(Fluid f, String option, String component, String period, int kva) {
        return group(f, option, component, period) + "|" + kva;
    }

    /** €/kWh (€/m³ for water) of a period at an instant, or {@code null} if unknown. */
    public BigDecimal energy(Fluid fluid, String option, String period, int kva, Instant at) {
        return find(fluid, option, Price.ENERGY, period, kva, at);
    }

    /** €/year of the subscription at an instant, or {@code null} if unknown. */
    public BigDecimal subscription(Fluid fluid, String option, int kva, Instant at) {
        return find(fluid, option, Price.SUBSCRIPTION, "*", kva, at);
    }

    private BigDecimal find(Fluid fluid, String option, String component, String period, int kva, Instant at) {
        BigDecimal exact = kva == 0 ? null : in(byKey.get(key(fluid, option, component, period, kva)), at);
        if (exact != null) {
            return exact;
        }
        BigDecimal any = in(byKey.get(key(fluid, option, component, period, 0)), at);
        return any != null || kva != 0 ? any : in(byKey.get(key(fluid, option, component, period, UNKNOWN_KVA_DEFAULT)), at);
    }

    private static BigDecimal in(List<Span> spans, Instant at) {
        if (spans == null) {
            return null;
        }
        for (Span s : spans) {
            if (s.contains(at)) {
                return s.price().amount();
            }
        }
        return null;
    }

    /** Every instant at which some energy price starts or ends, sorted: where a half-hour must be split to price it. */
    Instant[] energyChanges() {
        return energyChanges.clone();
    }

    List<Instant> energyChangesBetween(Instant fromExclusive, Instant toExclusive) {
        List<Instant> out = new ArrayList<>();
        for (Instant t : energyChanges) {
            if (t.isAfter(fromExclusive) && t.isBefore(toExclusive)) {
                out.add(t);
            }
        }
        return out;
    }
}
