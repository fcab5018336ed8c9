package org.ecofoyer.aggregation.maths;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ecofoyer.core.Fluid;

/**
 * A price the operator has to add, over consecutive days (issue #16: the operator is told which prices are missing).
 * The rollups report what they lack per meter ({@link MissingPrice}); the operator adds a price per table, level and
 * period, whatever the meters: so the meters' ranges of one price are merged where they overlap or touch, and the gap
 * says how many meters wait for it. Pure.
 *
 * @param fluid     the fluid
 * @param option    the price table the meters are priced from ({@code HPHC}, {@code PRIX_REPERE}...), never null
 * @param kva       the subscribed power, or null when the meters' level is unknown (a kva-0 price covers them)
 * @param component {@code energy} or {@code subscription}
 * @param period    the energy price's tariff period ({@code BASE} for a fluid without periods), {@code *} for a
 *                  subscription
 * @param from      the first day without it
 * @param to        the last day without it (included)
 * @param meters    how many meters have days without it in this range
 */
public record PriceGap(Fluid fluid, String option, Integer kva, String component, String period, LocalDate from, LocalDate to,
                       int meters) {

    public PriceGap {
        Objects.requireNonNull(fluid, "fluid");
        Objects.requireNonNull(option, "option");
    }

    /** The meters' ranges merged per price: ranges of one price that overlap or touch make one gap; sorted by price, then date. */
    public static List<PriceGap> of(List<MissingPrice> ranges) {
        Map<String, List<MissingPrice>> byPrice = new LinkedHashMap<>();
        List<MissingPrice> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(MissingPrice::from));
        for (MissingPrice m : sorted) {
            byPrice.computeIfAbsent(priceKey(m), k -> new ArrayList<>()).add(m);
        }
        List<PriceGap> out = new ArrayList<>();
        for (List<MissingPrice> group : byPrice.values()) {
            MissingPrice first = group.get(0);
            LocalDate from = first.from();
            LocalDate to = first.to();
            Set<String> meters = new HashSet<>();
            meters.add(first.meterCode());
            for (MissingPrice m : group.subList(1, group.size())) {
                if (m.from().isAfter(to.plusDays(1))) {
                    out.add(gap(first, from, to, meters.size()));
                    from = m.from();
                    to = m.to();
                    meters.clear();
                } else if (m.to().isAfter(to)) {
                    to = m.to();
                }
                meters.add(m.meterCode());
            }
            out.add(gap(first, from, to, meters.size()));
        }
        out.sort(Comparator.comparing((PriceGap g) -> g.fluid().ordinal()).thenComparing(PriceGap::option)
                .thenComparing(g -> g.kva() == null ? -1 : g.kva()).thenComparing(PriceGap::component)
                .thenComparing(PriceGap::period).thenComparing(PriceGap::from));
        return List.copyOf(out);
    }

    private static String priceKey(MissingPrice m) {
        return m.fluid() + "|" + table(m) + "|" + m.kva() + "|" + m.component() + "|" + ("total".equals(m.period()) ? "BASE" : m.period());
    }

    /** The table the meter's prices are filed under: a meter without an option is priced from its fluid's default. */
    private static String table(MissingPrice m) {
        return MeterSpec.of(0, m.fluid(), m.option(), m.kva(), ZoneOffset.UTC).priceOption();
    }

    private static PriceGap gap(MissingPrice m, LocalDate from, LocalDate to, int meters) {
        // A fluid without tariff periods lacks its 'total': its prices are filed under period BASE.
        String period = "total".equals(m.period()) ? "BASE" : m.period();
        return new PriceGap(m.fluid(), table(m), m.kva(), m.component(), period, from, to, meters);
    }

    /**
     * What identifies the gap from one check to the next: the price and the first day. The last day moves on as long as
     * data keep coming in unpriced, and that is the same gap (told once).
     */
    public String key() {
        return fluid + "|" + option + "|" + kva + "|" + component + "|" + period + "|" + from;
    }

    /** "electricity TEMPO 9 kVA subscription", "gas PRIX_REPERE energy": the price, as the operator names it. */
    public String price() {
        String level = kva == null ? "" : " " + kva + " kVA";
        String what = Price.SUBSCRIPTION.equals(component) ? "subscription" : "energy " + period;
        return fluid.name().toLowerCase(Locale.ROOT) + " " + option + level + " " + what;
    }

    /**
     * The log line: the price, its days, and the command that adds it. A gap that runs up to {@code today}'s eve is
     * still open (the data coming in tomorrow need the same price): the command has no {@code --to}, so the price lasts
     * until the next one; a gap that ended earlier (priced days, or no data, after it) gets its end.
     */
    public String warning(LocalDate today) {
        StringBuilder cmd = new StringBuilder("ecofoyer price set --fluid ").append(fluid.name().toLowerCase(Locale.ROOT))
                .append(" --option ").append(option).append(" --component ").append(component);
        if (Price.ENERGY.equals(component)) {
            cmd.append(" --period ").append(period);
        }
        if (kva != null) {
            cmd.append(" --kva ").append(kva);
        }
        cmd.append(" --from ").append(from);
        boolean open = !to.isBefore(today.minusDays(1));
        if (!open) {
            cmd.append(" --to ").append(to.plusDays(1));
        }
        String unit = Price.SUBSCRIPTION.equals(component) ? "EUR_PER_YEAR" : fluid == Fluid.WATER ? "EUR_PER_M3" : "EUR_PER_KWH";
        cmd.append(" --amount ").append(unit).append(" --source SOURCE");
        return "no price for " + price() + " from " + from + (open ? " (still missing, last day " + to + ")" : " to " + to)
                + ", " + meters + (meters == 1 ? " meter" : " meters") + " without it: add it with `" + cmd + "`";
    }
}
