package org.ecofoyer.aggregation.maths;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.ecofoyer.core.Fluid;

/**
 * A price the rollups needed and did not find, over consecutive days of one meter (issue #16: a cost is never silently
 * short; the household sees "costs incomplete: no price for … from … to …" and the operator the list of prices to add).
 *
 * @param meterCode   the meter's code
 * @param householdId its household
 * @param fluid       its fluid
 * @param option      its tariff option as stored (null: the fluid's default table)
 * @param kva         its subscribed power, or null when unknown
 * @param component   {@code energy} or {@code subscription}
 * @param period      the tariff period lacking an energy price ({@code HP}, {@code TEMPO_RED_HP}; {@code total} for a
 *                    fluid without periods), {@code *} for a subscription
 * @param from        the first day without it
 * @param to          the last day without it (included)
 * @param days        how many days without it in between (fewer than the calendar days when data have gaps)
 */
public record MissingPrice(String meterCode, String householdId, Fluid fluid, String option, Integer kva, String component,
                           String period, LocalDate from, LocalDate to, int days) {

    /** One unpriced day row as read: {@code period} is a tariff period, {@code total}, or {@code subscription}. */
    public record Day(String meterCode, String householdId, Fluid fluid, String option, Integer kva, LocalDate day, String period) {
    }

    /**
     * Days grouped into ranges per meter and price: consecutive calendar days of one key make one range; any day in
     * between that is not listed (priced, or without data) starts a new one, so "from … to …" never spans a priced month.
     */
    public static List<MissingPrice> ranges(List<Day> days) {
        List<Day> sorted = new ArrayList<>(days);
        sorted.sort(Comparator.comparing(Day::meterCode).thenComparing(Day::period).thenComparing(Day::day));
        List<MissingPrice> out = new ArrayList<>();
        Day first = null;
        Day last = null;
        int n = 0;
        for (Day d : sorted) {
            boolean sameKey = last != null && last.meterCode().equals(d.meterCode()) && last.period().equals(d.period());
            if (sameKey && !d.day().isAfter(last.day().plusDays(1))) {
                if (d.day().isAfter(last.day())) {
                    n++;
                    last = d;
                }
                continue;
            }
            if (first != null) {
                out.add(of(first, last, n));
            }
            first = d;
            last = d;
            n = 1;
        }
        if (first != null) {
            out.add(of(first, last, n));
        }
        return List.copyOf(out);
    }

    private static MissingPrice of(Day first, Day last, int n) {
        boolean subscription = Objects.equals(first.period(), "subscription");
        return new MissingPrice(first.meterCode(), first.householdId(), first.fluid(), first.option(), first.kva(),
                subscription ? Price.SUBSCRIPTION : Price.ENERGY, subscription ? "*" : first.period(), first.day(), last.day(), n);
    }

    /** "electricity TEMPO 9 kVA energy TEMPO_RED_HP from 2025-12-01 to 2025-12-31 (31 days)": for logs and the CLI. */
    public String describe() {
        String opt = option == null || option.isBlank() ? "(default)" : option;
        String level = kva == null ? "" : " " + kva + " kVA";
        String what = Price.SUBSCRIPTION.equals(component) ? "subscription" : "energy " + period;
        return fluid.name().toLowerCase(java.util.Locale.ROOT) + " " + opt + level + " " + what + " from " + from + " to " + to
                + " (" + days + (days == 1 ? " day" : " days") + ", meter " + meterCode + ")";
    }
}
