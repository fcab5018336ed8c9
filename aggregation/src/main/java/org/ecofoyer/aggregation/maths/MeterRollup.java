package org.ecofoyer.aggregation.maths;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ecofoyer.aggregation.maths.SlotCalculator.Sample;
import org.ecofoyer.aggregation.maths.SlotCalculator.SlotValue;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.core.TariffPeriod;

/**
 * The rollup of one meter over whole local days: half-hour rows (electricity) and day rows, per tariff period, plus
 * {@code total} and {@code subscription}. Pure: readings, prices and calendars in, rows out.
 *
 * <p>Which data make the half-hours of an electricity meter: its tariff registers ({@code index.HP},
 * {@code index.SUPPLIER_02}, ...) when it has any, each register being one period; otherwise its total index
 * ({@code index.total}) or its load curve ({@code energy.interval.30}), each half-hour's period coming from the
 * calendar. Distributor registers ({@code index.DISTRIBUTOR_*}) count the same energy again and are not used.
 * A day with no half-hour at all takes the utility's {@code energy.daily} if there is one.
 * Gas and water are daily: gas energy (Wh, with the volume kept) on the date its gas day starts, water litres.
 */
public final class MeterRollup {
    private static final String TOTAL = RollupRow.TOTAL;
    private static final String SUBSCRIPTION = RollupRow.SUBSCRIPTION;
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    /** Used only when a gas day has a volume but neither energy nor coefficient (flagged estimated). */
    static final long DEFAULT_GAS_WH_PER_M3 = 11_200;

    private final MeterSpec meter;
    private final PriceTable prices;
    private final PeriodCalendar calendar;
    private final Map<String, String> registerPeriods;
    private final SlotCalculator.Params params;
    private final Map<Long, String> periodCache = new HashMap<>();

    public MeterRollup(MeterSpec meter, PriceTable prices, PeriodCalendar calendar, Map<String, String> registerPeriods,
                       SlotCalculator.Params params) {
        this.meter = meter;
        this.prices = prices;
        this.calendar = calendar;
        this.registerPeriods = registerPeriods == null ? Map.of() : registerPeriods;
        this.params = params;
    }

    /** Rows of the local days [fromDay, toDay), from the readings of each channel (any order, duplicates allowed). */
    public List<RollupRow> compute(Map<String, List<Sample>> channels, LocalDate fromDay, LocalDate toDay) {
        Map<String, Samples> columns = new HashMap<>();
        channels.forEach((ch, list) -> columns.put(ch, Samples.of(list)));
        return compute(columns, fromDay, toDay, SlotCalculator.slotOf(fromDay.atStartOfDay(meter.zone()).toInstant()), Map.of());
    }

    /**
     * Half-hour rows from {@code fromSlot} on and day rows of the local days [fromDay, toDay), {@code fromSlot} being
     * inside {@code fromDay}. The half-hours of {@code fromDay} before {@code fromSlot} are not recomputed: they are
     * given ({@code prior}, per slot and period, as stored) and only summed into the day. The readings must start
     * with the last one before {@code fromSlot} (the pair that crosses into it).
     */
    public List<RollupRow> compute(Map<String, Samples> channels, LocalDate fromDay, LocalDate toDay, long fromSlot,
                            Map<Long, Map<String, SlotValue>> prior) {
        return compute(channels, fromDay, toDay, fromSlot, prior, KeptRollups.NONE);
    }

    /**
     * As {@link #compute(Map, LocalDate, LocalDate, long, Map)}, with stored rollups kept before the raw horizon:
     * the rows of {@code fromDay} up to {@code kept.until()} are the kept ones, repriced (and, for a meter whose
     * periods come from the calendar, their half-hours' periods re-derived from the calendar of today); from
     * {@code kept.until()} on ({@code fromSlot} for half-hours) they are rebuilt from the readings, which start there.
     */
    public List<RollupRow> compute(Map<String, Samples> channels, LocalDate fromDay, LocalDate toDay, long fromSlot,
                            Map<Long, Map<String, SlotValue>> prior, KeptRollups kept) {
        ZoneId zone = meter.zone();
        Instant to = toDay.atStartOfDay(zone).toInstant();
        TreeMap<Long, Map<String, SlotValue>> slots = meter.fluid() == Fluid.ELECTRICITY
                ? electricitySlots(channels, fromSlot, SlotCalculator.slotOf(to))
                : new TreeMap<>();
        List<RollupRow> rows = new ArrayList<>();
        TreeMap<LocalDate, DayAcc> days = new TreeMap<>();
        new TreeMap<>(prior).forEach((slot, byPeriod) -> {
            if (slot < fromSlot) {
                halfHour(slot, byPeriod, days, null);
            }
        });
        boolean byCalendar = periodsFromCalendar(channels);
        new TreeMap<>(kept.halfHours()).forEach((slot, byPeriod) -> {
            if (slot < fromSlot) {
                halfHour(slot, repriced(slot, byPeriod, byCalendar), days, rows);
            }
        });
        slots.forEach((slot, byPeriod) -> halfHour(slot, byPeriod, days, rows));
        // Daily values come from the readings only on the days wholly rebuilt (from kept.until on).
        LocalDate rawFrom = kept.until() == null ? toDay : firstDayFrom(kept.until(), fromDay);
        switch (meter.fluid()) {
            case ELECTRICITY -> electricityDaily(channels.get(Channels.ENERGY_DAILY), rawFrom, toDay, days);
            case GAS -> gasDays(channels, rawFrom, toDay, days);
            case WATER -> waterDays(channels.get(Channels.WATER_VOLUME_DAILY), rawFrom, toDay, days);
        }
        keptDays(kept.days(), fromDay, toDay, days);
        days.forEach((date, acc) -> dayRows(date, acc, rows));
        return rows;
    }

    /** The first local day starting at or after an instant, and not before {@code fromDay}. */
    private LocalDate firstDayFrom(Instant t, LocalDate fromDay) {
        if (!t.isAfter(fromDay.atStartOfDay(meter.zone()).toInstant())) {
            return fromDay;
        }
        LocalDate d = LocalDateTime.ofInstant(t, meter.zone()).toLocalDate();
        return d.atStartOfDay(meter.zone()).toInstant().isBefore(t) ? d.plusDays(1) : d;
    }

    /**
     * Whether the meter's half-hour periods come from the calendar (a total index or a load curve, no tariff register),
     * so that a kept half-hour's total can be given again to the period the calendar of today says. A register's
     * period was measured by the meter: it is kept as stored. Without readings to tell, the stored split is kept.
     */
    private static boolean periodsFromCalendar(Map<String, Samples> channels) {
        boolean calendar = false;
        for (String ch : channels.keySet()) {
            if (register(ch) != null) {
                return false;
            }
            calendar |= ch.equals(Channels.INDEX_TOTAL) || ch.equals(Channels.ENERGY_INTERVAL_PREFIX + "30");
        }
        return calendar;
    }

    /**
     * A kept half-hour priced again: each period's stored quantity at the price of today for that period, at the
     * half-hour's start (in proportion to time when a price changes inside it: when inside the half-hour it was
     * consumed is no longer known); with {@code byCalendar}, the half-hour's total goes to the calendar's period.
     */
    private Map<String, SlotValue> repriced(long slot, Map<String, KeptRollups.Quantity> stored, boolean byCalendar) {
        Map<String, SlotValue> out = new HashMap<>();
        if (byCalendar) {
            long total = 0;
            boolean est = false;
            for (KeptRollups.Quantity q : stored.values()) {
                total += q.quantity();
                est |= q.estimated();
            }
            String period = periodOf(slot);
            out.put(period, new SlotValue(total, keptCost(slot, period, total), est));
            return out;
        }
        stored.forEach((period, q) -> out.put(period, new SlotValue(q.quantity(), keptCost(slot, period, q.quantity()), q.estimated())));
        return out;
    }

    private BigDecimal keptCost(long slot, String period, long wh) {
        if (wh == 0) {
            return BigDecimal.ZERO; // as the rollup: nothing consumed costs nothing, known price or not
        }
        Instant start = SlotCalculator.slotStart(slot);
        Instant end = SlotCalculator.slotStart(slot + 1);
        List<Instant> cuts = new ArrayList<>();
        cuts.add(start);
        cuts.addAll(prices.energyChangesBetween(start, end));
        cuts.add(end);
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal whd = BigDecimal.valueOf(wh);
        long length = SlotCalculator.SLOT_US;
        for (int i = 0; i + 1 < cuts.size(); i++) {
            BigDecimal price = energyPrice(period, cuts.get(i));
            if (price == null) {
                return null;
            }
            BigDecimal part = cuts.size() == 2 ? whd : whd.multiply(BigDecimal.valueOf(
                    SlotCalculator.micros(cuts.get(i + 1)) - SlotCalculator.micros(cuts.get(i)))).divide(BigDecimal.valueOf(length), MathContext.DECIMAL64);
            cost = cost.add(part.multiply(price, MathContext.DECIMAL64).divide(THOUSAND, MathContext.DECIMAL64));
        }
        return Costs.round(cost);
    }

    /** Kept days with a daily value only, priced again as the readings' days are (on days without half-hours). */
    private void keptDays(Map<LocalDate, KeptRollups.Day> kept, LocalDate fromDay, LocalDate toDay, TreeMap<LocalDate, DayAcc> days) {
        for (Map.Entry<LocalDate, KeptRollups.Day> e : new TreeMap<>(kept).entrySet()) {
            LocalDate d = e.getKey();
            if (d.isBefore(fromDay) || !d.isBefore(toDay) || days.containsKey(d)) {
                continue;
            }
            KeptRollups.Day k = e.getValue();
            BigDecimal price = energyPrice(TariffPeriod.BASE.name(), d.atStartOfDay(meter.zone()).toInstant());
            DayAcc acc = new DayAcc();
            acc.slots = -1;
            if (meter.fluid() != Fluid.ELECTRICITY) {
                acc.addTotalOnly(k.total(), k.volume(), priced(k.total(), price));
            } else if (meter.option() == TariffOption.BASE) {
                acc.add(TariffPeriod.BASE.name(), k.total(), null, priced(k.total(), price), false);
            } else {
                acc.addTotalOnly(k.total(), null, null);
            }
            acc.estimated = k.estimated();
            days.put(d, acc);
        }
    }

    /** Adds a half-hour to its day and, if {@code rows} is given, emits its rows (one per period, then the total). */
    private void halfHour(long slot, Map<String, SlotValue> byPeriod, TreeMap<LocalDate, DayAcc> days, List<RollupRow> rows) {
        Instant start = SlotCalculator.slotStart(slot);
        LocalDateTime local = LocalDateTime.ofInstant(start, meter.zone());
        DayAcc day = days.computeIfAbsent(local.toLocalDate(), d -> new DayAcc());
        day.slots++;
        long total = 0;
        BigDecimal cost = BigDecimal.ZERO;
        boolean est = false;
        for (Map.Entry<String, SlotValue> e : new TreeMap<>(byPeriod).entrySet()) {
            SlotValue v = e.getValue();
            if (rows != null) {
                rows.add(new RollupRow(Granularity.HALF_HOUR, start, local, e.getKey(), v.quantity(), null, v.cost(), v.estimated(), false));
            }
            day.add(e.getKey(), v.quantity(), null, v.cost(), v.estimated());
            total += v.quantity();
            cost = Costs.add(cost, v.cost());
            est |= v.estimated();
        }
        if (rows != null) {
            rows.add(new RollupRow(Granularity.HALF_HOUR, start, local, TOTAL, total, null, cost, est, false));
        }
        day.slotTotals.put(slot, total);
    }

    private TreeMap<Long, Map<String, SlotValue>> electricitySlots(Map<String, Samples> channels, long fromSlot, long toSlot) {
        TreeMap<Long, Map<String, SlotValue>> out = new TreeMap<>();
        Instant[] changes = prices.energyChanges();
        boolean registers = false;
        for (Map.Entry<String, Samples> e : channels.entrySet()) {
            String register = register(e.getKey());
            if (register == null) {
                continue;
            }
            registers = true;
            String period = registerPeriods.getOrDefault(register, meter.option().defaultPeriod(register));
            TreeMap<Long, SlotValue> values = SlotCalculator.fromIndex(e.getValue(), fromSlot, toSlot, params,
                    (slot, at) -> energyPrice(period, at), changes);
            // A standard Linky sends all ten supplier registers; one the option does not use stays at zero and is
            // left out rather than shown as an unpriced period. If it ever moves, it is shown (unpriced).
            boolean unmapped = period.equals(register) && register.startsWith("SUPPLIER_");
            values.forEach((slot, v) -> {
                if (!unmapped || v.quantity() > 0) {
                    out.computeIfAbsent(slot, s -> new HashMap<>()).merge(period, v, MeterRollup::sum);
                }
            });
        }
        if (registers) {
            return out;
        }
        TreeMap<Long, SlotValue> values;
        SlotCalculator.Pricer byCalendar = (slot, at) -> energyPrice(periodOf(slot), at);
        Samples total = channels.get(Channels.INDEX_TOTAL);
        Samples curve = channels.get(Channels.ENERGY_INTERVAL_PREFIX + "30");
        if (total != null && !total.isEmpty()) {
            values = SlotCalculator.fromIndex(total, fromSlot, toSlot, params, byCalendar, changes);
        } else if (curve != null && !curve.isEmpty()) {
            values = SlotCalculator.fromIntervals(curve, fromSlot, toSlot, byCalendar, changes);
        } else {
            return out;
        }
        values.forEach((slot, v) -> out.computeIfAbsent(slot, s -> new HashMap<>()).put(periodOf(slot), v));
        return out;
    }

    /** The register of a consumption index channel, or {@code null} for anything else. */
    public static String register(String channel) {
        if (!Channels.isIndex(channel) || channel.equals(Channels.INDEX_TOTAL) || channel.equals(Channels.INDEX_INJECTED)) {
            return null;
        }
        String r = channel.substring(Channels.INDEX_PREFIX.length());
        return r.startsWith("DISTRIBUTOR_") ? null : r;
    }

    private String periodOf(long slot) {
        return periodCache.computeIfAbsent(slot,
                s -> calendar.periodAt(LocalDateTime.ofInstant(SlotCalculator.slotStart(s), meter.zone())));
    }

    private BigDecimal energyPrice(String period, Instant at) {
        return prices.energy(meter.fluid(), meter.priceOption(), period, meter.kva(), at);
    }

    private static SlotValue sum(SlotValue a, SlotValue b) {
        return new SlotValue(a.quantity() + b.quantity(), Costs.add(a.cost(), b.cost()), a.estimated() || b.estimated());
    }

    private void electricityDaily(Samples daily, LocalDate fromDay, LocalDate toDay, TreeMap<LocalDate, DayAcc> days) {
        if (daily == null) {
            return;
        }
        boolean single = meter.option() == TariffOption.BASE;
        for (int i = 0; i < daily.size(); i++) {
            LocalDate d = LocalDateTime.ofInstant(daily.at(i), meter.zone()).toLocalDate();
            if (d.isBefore(fromDay) || !d.isBefore(toDay) || days.containsKey(d)) {
                continue;
            }
            DayAcc acc = new DayAcc();
            acc.slots = -1;
            long wh = Math.max(0, daily.value(i));
            if (single) {
                acc.add(TariffPeriod.BASE.name(), wh, null, priced(wh, energyPrice(TariffPeriod.BASE.name(), d.atStartOfDay(meter.zone()).toInstant())), false);
            } else {
                acc.addTotalOnly(wh, null, null);
            }
            days.put(d, acc);
        }
    }

    private void gasDays(Map<String, Samples> channels, LocalDate fromDay, LocalDate toDay, TreeMap<LocalDate, DayAcc> days) {
        Map<LocalDate, Long> energy = byDay(channels.get(Channels.GAS_ENERGY_DAILY), fromDay, toDay);
        Map<LocalDate, Long> volume = byDay(channels.get(Channels.GAS_VOLUME_DAILY), fromDay, toDay);
        Map<LocalDate, Long> coeff = byDay(channels.get(Channels.GAS_CONVERSION_DAILY), fromDay, toDay);
        TreeMap<LocalDate, Boolean> dates = new TreeMap<>();
        energy.keySet().forEach(d -> dates.put(d, true));
        volume.keySet().forEach(d -> dates.put(d, true));
        for (LocalDate d : dates.keySet()) {
            Long wh = energy.get(d);
            Long litres = volume.get(d);
            boolean est = false;
            if (wh == null) {
                long perM3 = coeff.getOrDefault(d, DEFAULT_GAS_WH_PER_M3);
                est = !coeff.containsKey(d);
                wh = litres * perM3 / 1000;
            }
            DayAcc acc = new DayAcc();
            acc.slots = -1;
            acc.addTotalOnly(wh, litres, priced(wh, energyPrice(TariffPeriod.BASE.name(), d.atStartOfDay(meter.zone()).toInstant())));
            acc.estimated = est;
            days.put(d, acc);
        }
    }

    private void waterDays(Samples daily, LocalDate fromDay, LocalDate toDay, TreeMap<LocalDate, DayAcc> days) {
        byDay(daily, fromDay, toDay).forEach((d, litres) -> {
            DayAcc acc = new DayAcc();
            acc.slots = -1;
            acc.addTotalOnly(litres, null, priced(litres, energyPrice(TariffPeriod.BASE.name(), d.atStartOfDay(meter.zone()).toInstant())));
            days.put(d, acc);
        });
    }

    private TreeMap<LocalDate, Long> byDay(Samples daily, LocalDate fromDay, LocalDate toDay) {
        TreeMap<LocalDate, Long> out = new TreeMap<>();
        if (daily != null) {
            for (int i = 0; i < daily.size(); i++) {
                LocalDate d = LocalDateTime.ofInstant(daily.at(i), meter.zone()).toLocalDate();
                if (!d.isBefore(fromDay) && d.isBefore(toDay)) {
                    out.put(d, Math.max(0, daily.value(i)));
                }
            }
        }
        return out;
    }

    /** Base units (Wh, litres) × a price per kWh or m³. */
    private static BigDecimal priced(long units, BigDecimal price) {
        return price == null ? null : Costs.round(BigDecimal.valueOf(units).multiply(price).divide(THOUSAND, MathContext.DECIMAL64));
    }

    private void dayRows(LocalDate date, DayAcc acc, List<RollupRow> rows) {
        ZoneId zone = meter.zone();
        Instant start = date.atStartOfDay(zone).toInstant();
        LocalDateTime local = date.atStartOfDay();
        int expected = (int) ((date.plusDays(1).atStartOfDay(zone).toEpochSecond() - start.getEpochSecond()) / 1800);
        boolean incomplete = acc.slots >= 0 && acc.slots < expected;
        long total = 0;
        Long volume = acc.volume;
        BigDecimal cost = acc.totalOnly ? acc.totalCost : BigDecimal.ZERO;
        for (Map.Entry<String, DayAcc.Part> e : acc.parts.entrySet()) {
            DayAcc.Part p = e.getValue();
            rows.add(new RollupRow(Granularity.DAY, start, local, e.getKey(), p.quantity, null, p.cost, p.estimated, incomplete));
            total += p.quantity;
            cost = Costs.add(cost, p.cost);
        }
        if (acc.totalOnly) {
            total = acc.totalQuantity;
        }
        List<Long> halfHours = null;
        if (!acc.slotTotals.isEmpty()) {
            long first = SlotCalculator.slotOf(start);
            Long[] values = new Long[expected];
            acc.slotTotals.forEach((slot, wh) -> values[(int) (slot - first)] = wh);
            halfHours = Collections.unmodifiableList(Arrays.asList(values));
        }
        rows.add(new RollupRow(Granularity.DAY, start, local, TOTAL, total, volume, cost, acc.estimated, incomplete, halfHours));
        BigDecimal perYear = prices.subscription(meter.fluid(), meter.priceOption(), meter.kva(), start);
        if (perYear != null) {
            rows.add(new RollupRow(Granularity.DAY, start, local, SUBSCRIPTION, 0, null,
                    Costs.round(perYear.divide(BigDecimal.valueOf(date.lengthOfYear()), MathContext.DECIMAL64)), false, false));
        }
    }

    /** What a local day adds up to while its half-hours are summed. */
    private static final class DayAcc {
        static final class Part {
            long quantity;
            BigDecimal cost = BigDecimal.ZERO;
            boolean estimated;
        }

        final TreeMap<String, Part> parts = new TreeMap<>();
        /** Each half-hour's total Wh, by slot. */
        final TreeMap<Long, Long> slotTotals = new TreeMap<>();
        int slots;
        boolean estimated;
        boolean totalOnly;
        long totalQuantity;
        Long volume;
        BigDecimal totalCost;

        void add(String period, long quantity, Long vol, BigDecimal cost, boolean est) {
            Part p = parts.computeIfAbsent(period, k -> new Part());
            p.quantity += quantity;
            p.cost = Costs.add(p.cost, cost);
            p.estimated |= est;
            estimated |= est;
        }

        void addTotalOnly(long quantity, Long vol, BigDecimal cost) {
            totalOnly = true;
            totalQuantity = quantity;
            volume = vol;
            totalCost = cost;
        }
    }
}
