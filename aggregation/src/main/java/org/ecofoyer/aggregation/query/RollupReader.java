package org.ecofoyer.aggregation.query;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.ecofoyer.aggregation.maths.Amount;
import org.ecofoyer.aggregation.maths.Analyses;
import org.ecofoyer.aggregation.maths.Analysis;
import org.ecofoyer.aggregation.maths.DegreeDayCorrection;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.MissingPrice;
import org.ecofoyer.aggregation.maths.RollupRow;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Household;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.ingest.query.MeterFactsQuery;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.Meters;

/**
 * Reads rollups (never raw readings) on a caller's connection: the blocking core of {@link QueryService} and of the
 * export command.
 */
public final class RollupReader {
    private static final String TOTAL = RollupRow.TOTAL;
    private static final String SUBSCRIPTION = RollupRow.SUBSCRIPTION;

    private final Connection c;

    public RollupReader(Connection connection) {
        this.c = connection;
    }

    /** The household (its time zone and surface, here), through storage's {@link Households}. */
    Household household(String householdId) throws SQLException {
        return Households.find(c, householdId).orElseThrow(() -> new NoSuchElementException("no household '" + householdId + "'"));
    }

    /** The fluids the household has meters of, in the order of their stored names (ELECTRICITY, GAS, WATER). */
    public List<Fluid> fluids(String householdId) throws SQLException {
        household(householdId);
        return Meters.ofHousehold(c, new HouseholdId(householdId)).stream().map(Meter::fluid).distinct().toList();
    }

    public Series series(SeriesQuery q) throws SQLException {
        Household h = household(q.householdId());
        double div = q.fluid().baseUnitsPerUnit();
        Map<Instant, PointBuilder> points = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.SERIES)) {
            bindRange(ps, q.householdId(), q.fluid(), q.granularity(), q.from(), q.to(), h.zone());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant start = rs.getTimestamp(1).toInstant();
                    String period = rs.getString(3);
                    if (SUBSCRIPTION.equals(period)) {
                        continue;
                    }
                    PointBuilder p = points.computeIfAbsent(start,
                            s -> new PointBuilder(s, localOf(rs, 2)));
                    double qty = rs.getLong(4) / div;
                    Double cost = costOf(rs.getBigDecimal(5));
                    if (TOTAL.equals(period)) {
                        p.quantity = qty;
                        p.cost = cost;
                        p.estimated = rs.getBoolean(6);
                        p.incomplete = rs.getBoolean(7);
                    } else {
                        p.periods.put(period, new Amount(qty, cost));
                    }
                }
            }
        }
        Map<LocalDateTime, Double> estimatedParts = estimatedParts(q, h.zone(), div);
        List<SeriesPoint> list = new ArrayList<>(points.size());
        for (PointBuilder p : points.values()) {
            double part = estimatedParts == null ? 0 : estimatedParts.getOrDefault(p.local, 0.0);
            // An estimated bucket whose finer rows say nothing (a gas or water day has no half-hours): all of it.
            if (p.estimated && part == 0) {
                part = p.quantity;
            }
            list.add(new SeriesPoint(p.local, p.start, p.quantity, p.cost, p.estimated, p.incomplete, Map.copyOf(p.periods),
                    Math.min(part, p.quantity)));
        }
        return new Series(q, q.fluid().unit(), h.zone().getId(), List.copyOf(list),
                totals(q.householdId(), q.fluid(), q.from(), q.to(), h.zone()));
    }

    /**
     * Per bucket (by its local start), the quantity of the estimated finer rows inside it; null for half-hours (a
     * half-hour is estimated or not). Only read when the series has an estimated bucket would be cheaper, but the
     * query is one index range over the same rows the bucket sums came from.
     */
    private Map<LocalDateTime, Double> estimatedParts(SeriesQuery q, ZoneId zone, double div) throws SQLException {
        Granularity finer;
        String unit;
        switch (q.granularity()) {
            case DAY -> { finer = Granularity.HALF_HOUR; unit = "day"; }
            case MONTH -> { finer = Granularity.DAY; unit = "month"; }
            case YEAR -> { finer = Granularity.DAY; unit = "year"; }
            default -> { return null; }
        }
        Map<LocalDateTime, Double> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.ESTIMATED_BY_BUCKET)) {
            ps.setString(1, unit);
            ps.setString(2, q.householdId());
            ps.setString(3, q.fluid().name());
            ps.setInt(4, finer.code());
            ps.setTimestamp(5, Timestamp.from(q.from().atStartOfDay(zone).toInstant()));
            ps.setTimestamp(6, Timestamp.from(q.to().atStartOfDay(zone).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, LocalDateTime.class), rs.getLong(2) / div);
                }
            }
        }
        return out;
    }

    public Totals totals(String householdId, Fluid fluid, LocalDate from, LocalDate to) throws SQLException {
        return totals(householdId, fluid, from, to, household(householdId).zone());
    }

    private Totals totals(String householdId, Fluid fluid, LocalDate from, LocalDate to, ZoneId zone) throws SQLException {
        return totals(householdId, fluid, Granularity.DAY, from.atStartOfDay(zone).toInstant(), to.atStartOfDay(zone).toInstant());
    }

    private Totals totals(String householdId, Fluid fluid, Granularity g, Instant from, Instant to) throws SQLException {
        double div = fluid.baseUnitsPerUnit();
        double quantity = 0;
        Double cost = null;
        Double subscription = null;
        boolean estimated = false;
        int days = 0;
        int subscriptionDays = 0;
        double estimatedQuantity = 0;
        LocalDate unpricedFrom = null;
        LocalDate unpricedTo = null;
        Map<String, Amount> periods = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.TOTALS)) {
            ps.setString(1, householdId);
            ps.setString(2, fluid.name());
            ps.setInt(3, g.code());
            ps.setTimestamp(4, Timestamp.from(from));
            ps.setTimestamp(5, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String period = rs.getString(1);
                    Double periodCost = costOf(rs.getBigDecimal(3));
                    if (SUBSCRIPTION.equals(period)) {
                        subscription = periodCost;
                        subscriptionDays = rs.getInt(5);
                    } else if (TOTAL.equals(period)) {
                        quantity = rs.getLong(2) / div;
                        cost = periodCost;
                        estimated = rs.getBoolean(4);
                        days = rs.getInt(5);
                        estimatedQuantity = rs.getLong(6) / div;
                        LocalDateTime uf = rs.getObject(7, LocalDateTime.class);
                        LocalDateTime ut = rs.getObject(8, LocalDateTime.class);
                        unpricedFrom = uf == null ? null : uf.toLocalDate();
                        unpricedTo = ut == null ? null : ut.toLocalDate();
                    } else {
                        periods.put(period, new Amount(rs.getLong(2) / div, periodCost));
                    }
                }
            }
        }
        return new Totals(quantity, cost, subscription, estimated, days, Map.copyOf(periods), estimatedQuantity, unpricedFrom,
                unpricedTo, subscriptionDays);
    }

    /**
     * Sums of the half-hour rows over [from, to) local date-times ({@code days} counts half-hours): the partial day of
     * a span cut at a half-hour.
     */
    public Totals halfHourTotals(String householdId, Fluid fluid, LocalDateTime from, LocalDateTime to) throws SQLException {
        ZoneId zone = household(householdId).zone();
        return totals(householdId, fluid, Granularity.HALF_HOUR, from.atZone(zone).toInstant(), to.atZone(zone).toInstant());
    }

    /**
     * Where today's complete half-hourly data end, local time (the end of the run of complete half-hours since
     * 00:00), or null: see {@link org.ecofoyer.aggregation.maths.EqualSpans#halfHourCut}.
     */
    public java.time.LocalTime halfHourCut(String householdId, Fluid fluid, LocalDate today) throws SQLException {
        ZoneId zone = household(householdId).zone();
        java.time.ZonedDateTime midnight = today.atStartOfDay(zone);
        List<Instant> starts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.COMPLETE_HALF_HOURS)) {
            ps.setString(1, householdId);
            ps.setString(2, fluid.name());
            ps.setTimestamp(3, Timestamp.from(midnight.toInstant()));
            ps.setTimestamp(4, Timestamp.from(today.plusDays(1).atStartOfDay(zone).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    starts.add(rs.getTimestamp(1).toInstant());
                }
            }
        }
        return org.ecofoyer.aggregation.maths.EqualSpans.halfHourCut(midnight, starts);
    }

    /** How far back {@link #lastCompleteDay} looks: a fluid silent for longer has nothing to compare this month. */
    static final int LAST_COMPLETE_LOOKBACK_DAYS = 400;

    /** The last local day before {@code today} whose data is complete for every meter of the fluid that has it, or null. */
    public LocalDate lastCompleteDay(String householdId, Fluid fluid, LocalDate today) throws SQLException {
        household(householdId);
        try (PreparedStatement ps = c.prepareStatement(QuerySql.LAST_COMPLETE_DAY)) {
            ps.setString(1, householdId);
            ps.setString(2, fluid.name());
            ps.setObject(3, today.minusDays(LAST_COMPLETE_LOOKBACK_DAYS).atStartOfDay());
            ps.setObject(4, today.atStartOfDay());
            try (ResultSet rs = ps.executeQuery()) {
                LocalDateTime t = rs.next() ? rs.getObject(1, LocalDateTime.class) : null;
                return t == null ? null : t.toLocalDate();
            }
        }
    }

    /**
     * Which prices are missing for which days, per meter: every household's ({@code householdId} null) or one's. A
     * meter's option and power are those its costs use (the meter's own when it told them, else the typed ones:
     * {@code MeterFactsQuery.Subscription}), so that the price named is the one the recompute looked for.
     */
    public List<MissingPrice> missingPrices(String householdId) throws SQLException {
        List<MissingPrice.Day> days = new ArrayList<>();
        Map<Integer, MeterFactsQuery.Subscription> subscriptions = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.UNPRICED_DAYS)) {
            for (int i = 1; i <= 4; i++) {
                ps.setString(i, householdId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int kva = rs.getInt(5);
                    Integer level = rs.wasNull() ? null : kva;
                    Fluid fluid = Fluid.valueOf(rs.getString(3));
                    String option = rs.getString(4);
                    if (fluid == Fluid.ELECTRICITY) {
                        int meterId = rs.getInt(8);
                        MeterFactsQuery.Subscription s = subscriptions.get(meterId);
                        if (s == null) {
                            s = MeterFactsQuery.Subscription.of(MeterFactsQuery.contract(c, meterId), level, option);
                            subscriptions.put(meterId, s);
                        }
                        level = s.kva();
                        option = s.option();
                    }
                    days.add(new MissingPrice.Day(rs.getString(1), rs.getString(2), fluid, option, level,
                            rs.getObject(6, LocalDateTime.class).toLocalDate(), rs.getString(7)));
                }
            }
        }
        return MissingPrice.ranges(days);
    }

    public Comparison compare(String householdId, Fluid fluid, LocalDate from, LocalDate to) throws SQLException {
        ZoneId zone = household(householdId).zone();
        long length = ChronoUnit.DAYS.between(from, to);
        Totals current = totals(householdId, fluid, from, to, zone);
        Totals previous = totals(householdId, fluid, from.minusDays(length), from, zone);
        Totals lastYear = totals(householdId, fluid, from.minusYears(1), to.minusYears(1), zone);
        return new Comparison(from, to, current, previous, lastYear, change(current, previous), change(current, lastYear));
    }

    private static Double change(Totals now, Totals ref) {
        return ref.quantity() == 0 ? null : (now.quantity() - ref.quantity()) / ref.quantity();
    }

    /**
     * The analyses of an electricity period, from the day rows' half-hour totals (one row a day and meter) and the
     * period's totals: the same numbers as from the half-hour rows ({@link #analyseFromHalfHourRows}), read from
     * 48 times fewer rows, with no object per half-hour.
     */
    public Analysis analyse(String householdId, LocalDate from, LocalDate to) throws SQLException {
        Household h = household(householdId);
        // The household's half-hours in [from, to) on one array (summed over its meters, so the rows' order does not
        // matter and the query need not sort them).
        long rangeStart = from.atStartOfDay(h.zone()).toEpochSecond();
        int slots = (int) ((to.atStartOfDay(h.zone()).toEpochSecond() - rangeStart) / 1800);
        long[] wh = new long[Math.max(0, slots)];
        boolean[] present = new boolean[wh.length];
        try (PreparedStatement ps = c.prepareStatement(QuerySql.DAY_HALF_HOURS)) {
            bindRange(ps, householdId, Fluid.ELECTRICITY, Granularity.DAY, from, to, h.zone());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int base = (int) ((rs.getTimestamp(1).toInstant().getEpochSecond() - rangeStart) / 1800);
                    addHalfHours((Object[]) rs.getArray(2).getArray(), base, wh, present);
                }
            }
        }
        double div = Fluid.ELECTRICITY.baseUnitsPerUnit();
        Analyses.Builder analysis = new Analyses.Builder();
        LocalClock clock = new LocalClock(h.zone());
        for (int i = 0; i < wh.length; i++) {
            if (present[i]) {
                long start = rangeStart + 1800L * i;
                analysis.add(start, clock.local(start), wh[i] / div);
            }
        }
        return analysis.build(totals(householdId, Fluid.ELECTRICITY, from, to, h.zone()), h.surfaceM2());
    }

    /**
     * Local epoch seconds (the local date-time read as UTC) of instants: the zone's offset is looked up again only
     * when an instant falls outside the interval between two transitions of the last one (twice a year in France),
     * not per half-hour.
     */
    static final class LocalClock {
        private final ZoneRules rules;
        private int offset;
        private long validFrom = Long.MAX_VALUE;
        private long validUntil = Long.MIN_VALUE;

        LocalClock(ZoneId zone) {
            this.rules = zone.getRules();
        }

        long local(long epochSecond) {
            if (epochSecond < validFrom || epochSecond >= validUntil) {
                Instant t = Instant.ofEpochSecond(epochSecond);
                offset = rules.getOffset(t).getTotalSeconds();
                ZoneOffsetTransition previous = rules.previousTransition(t.plusSeconds(1));
                ZoneOffsetTransition next = rules.nextTransition(t);
                validFrom = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
                validUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond();
            }
            return epochSecond + offset;
        }
    }

    /** Adds a day's half-hour totals (a bigint[]: Wh or null) to the range's slots, from slot {@code base} on. */
    static void addHalfHours(Object[] values, int base, long[] wh, boolean[] present) {
        for (int k = 0; k < values.length; k++) {
            int i = base + k;
            if (values[k] != null && i >= 0 && i < wh.length) {
                wh[i] += ((Number) values[k]).longValue();
                present[i] = true;
            }
        }
    }

    /** The analyses from the half-hour rows themselves: the reference {@link #analyse} must equal (tests, benchmark). */
    public Analysis analyseFromHalfHourRows(String householdId, LocalDate from, LocalDate to) throws SQLException {
        Household h = household(householdId);
        Series s = series(new SeriesQuery(householdId, Fluid.ELECTRICITY, Granularity.HALF_HOUR, from, to));
        return Analyses.of(s.points(), s.totals(), h.surfaceM2());
    }

    public DegreeDayCorrection degreeDays(String householdId, Fluid fluid, LocalDate from, LocalDate to, String zoneName)
            throws SQLException {
        Household h = household(householdId);
        Totals t = totals(householdId, fluid, from, to, h.zone());
        TreeMap<LocalDate, Double> dju = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.DEGREE_DAYS)) {
            ps.setString(1, zoneName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dju.put(rs.getDate(1).toLocalDate(), rs.getBigDecimal(2).doubleValue());
                }
            }
        }
        return Analyses.degreeDays(from, to, t.quantity(), dju, h.surfaceM2());
    }

    /** One meter's rows (export): every period row of every bucket in [from, to) local dates. */
    public List<ExportRow> meterRows(int meterId, ZoneId zone, Granularity g, LocalDate from, LocalDate to) throws SQLException {
        List<ExportRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(QuerySql.METER_ROWS)) {
            ps.setInt(1, meterId);
            ps.setInt(2, g.code());
            ps.setTimestamp(3, Timestamp.from(from.atStartOfDay(zone).toInstant()));
            ps.setTimestamp(4, Timestamp.from(to.atStartOfDay(zone).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long vol = rs.getLong(5);
                    out.add(new ExportRow(rs.getTimestamp(1).toInstant(), localOf(rs, 2), rs.getString(3),
                            rs.getLong(4), rs.wasNull() ? null : vol, rs.getBigDecimal(6), rs.getBoolean(7),
                            rs.getBoolean(8)));
                }
            }
        }
        return out;
    }

    /** A stored rollup row as the export prints it: quantity in base units (Wh or litres). */
    public record ExportRow(Instant start, LocalDateTime localStart, String period, long quantity, Long volumeLitres,
                            BigDecimal costEur, boolean estimated, boolean incomplete) {
    }

    private static void bindRange(PreparedStatement ps, String householdId, Fluid fluid, Granularity g, LocalDate from,
                                  LocalDate to, ZoneId zone) throws SQLException {
        ps.setString(1, householdId);
        ps.setString(2, fluid.name());
        ps.setInt(3, g.code());
        ps.setTimestamp(4, Timestamp.from(from.atStartOfDay(zone).toInstant()));
        ps.setTimestamp(5, Timestamp.from(to.atStartOfDay(zone).toInstant()));
    }

    private static LocalDateTime localOf(ResultSet rs, int col) {
        try {
            return rs.getObject(col, LocalDateTime.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double costOf(BigDecimal b) {
        return b == null ? null : b.doubleValue();
    }

    private static final class PointBuilder {
        final Instant start;
        final LocalDateTime local;
        double quantity;
        Double cost;
        boolean estimated;
        boolean incomplete;
        final Map<String, Amount> periods = new TreeMap<>();

        PointBuilder(Instant start, LocalDateTime local) {
            this.start = start;
            this.local = local;
        }
    }
}
