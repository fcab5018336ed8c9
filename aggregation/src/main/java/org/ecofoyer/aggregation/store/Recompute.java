package org.ecofoyer.aggregation.store;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.KeptRollups;
import org.ecofoyer.aggregation.maths.RebuildFrom;
import org.ecofoyer.aggregation.maths.MeterRollup;
import org.ecofoyer.aggregation.maths.MeterSpec;
import org.ecofoyer.aggregation.maths.PeriodCalendar;
import org.ecofoyer.aggregation.maths.PriceTable;
import org.ecofoyer.aggregation.maths.RollupRow;
import org.ecofoyer.aggregation.maths.Samples;
import org.ecofoyer.aggregation.maths.SlotCalculator.SlotValue;
import org.ecofoyer.aggregation.maths.SlotCalculator;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.core.Meter;
import org.ecofoyer.ingest.query.ReadingCopy;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.ingest.query.MeterFactsQuery;
import org.ecofoyer.storage.Meters;
import org.ecofoyer.storage.RecomputeMarks.Mark;
import org.ecofoyer.storage.RecomputeMarks;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recompute: takes the dirty marks left by ingest, recomputes the affected whole local days of each meter from
 * raw readings, replaces its rollup rows (half-hours and days from that day on, months and years from that month and
 * year on, as sums of days) in one transaction, and clears the mark only if nobody marked the meter again meanwhile.
 * Rows are replaced, never incremented, so late, repeated or reordered data converge to the same rollups.
 * Blocking: run it on a worker thread ({@link RecomputeWorker}) or from a CLI command.
 *
 * <p>One instance per process (the worker's, or a command's), with one pool for its lifetime: a pass recomputes up to
 * {@code recomputeThreads} meters side by side on it. Its threads end when idle, so a quiet product holds none.
 *
 * <p>Several processes share the marks (every Ecofoyer instance runs its worker on the same database): a meter is
 * recomputed under a transaction-scoped advisory lock taken with {@code pg_try_advisory_xact_lock} (a meter another
 * instance holds is passed over, never waited for), and once the lock is held its mark is read again: gone, another
 * instance recomputed it since this one listed it, and nothing is done. An instance that dies mid-work (its
 * connection lost) rolls back and releases the lock with its session: the mark is still there, and the next pass of
 * any instance recomputes it. No row of {@code reading_dirty} is locked,
 * so ingest's marks never wait for a recompute.
 */
public final class Recompute implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Recompute.class);

    /** What a pass did. */
    public record Stats(int meters, long readings, long rows, int skipped) {
        Stats plus(Stats o) {
            return new Stats(meters + o.meters, readings + o.readings, rows + o.rows, skipped + o.skipped);
        }
    }

    private final DataSource dataSource;
    private final AggregationConfig config;
    private final Clock clock;
    /** The meters of a pass side by side; null with one thread (the caller's). */
    private final ThreadPoolExecutor pool;
    private volatile boolean stopping;
    /** Told the id of every meter recomputed, after its commit (tests count the work per meter). */
    private volatile IntConsumer recomputed = id -> { };

    public Recompute(DataSource dataSource, AggregationConfig config) {
        this(dataSource, config, Clock.systemUTC());
    }

    /** With the clock whose now, plus {@link AggregationConfig#futureTolerance()}, bounds the rows it writes. */
    public Recompute(DataSource dataSource, AggregationConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
        int threads = config.recomputeThreads();
        this.pool = threads <= 1 ? null : new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), NamedThreads.pool("recompute"));
        if (pool != null) {
            pool.allowCoreThreadTimeOut(true);
        }
    }

    /**
     * Recomputes dirty meters until none is left (or only ones locked by another instance), or until {@link #stop()}:
     * the meters not reached keep their marks and are recomputed by the next pass, after a restart.
     */
    public Stats drain() throws SQLException {
        Stats total = new Stats(0, 0, 0, 0);
        while (!stopping) {
            Stats s = runOnce();
            total = total.plus(s);
            if (s.meters() == 0) {
                return total;
            }
        }
        return total;
    }

    /** Ends the pass in progress after the meters being recomputed now (each in its transaction); starts no other. */
    public void stop() {
        stopping = true;
    }

    /** {@link #stop()}, then ends the pool's threads once the meters in progress are done (at most 30 s). */
    @Override
    public void close() {
        stop();
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One pass over at most {@code batchMeters} dirty meters. */
    public Stats runOnce() throws SQLException {
        return run(pending());
    }

    /** The marks of a pass: at most {@code batchMeters}, the earliest first. */
    List<Mark> pending() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return RecomputeMarks.dirty(c, config.batchMeters());
        }
    }

    /** For tests: told each meter recomputed, after its transaction committed. */
    void observe(IntConsumer observer) {
        this.recomputed = observer;
    }

    /** Recomputes the meters of {@code dirty}, as listed by {@link #pending()} (maybe some time ago). */
    Stats run(List<Mark> dirty) throws SQLException {
        // Prices are read once per pass and shared by the pass's threads.
        Map<Fluid, PriceTable> prices = new ConcurrentHashMap<>();
        if (pool == null || dirty.size() <= 1) {
            Stats stats = new Stats(0, 0, 0, 0);
            for (Mark d : dirty) {
                stats = stats.plus(one(d, prices));
            }
            return stats;
        }
        // Meters are independent and each is locked on its own, so a few run side by side.
        try {
            List<Future<Stats>> futures = new ArrayList<>();
            for (Mark d : dirty) {
                futures.add(pool.submit(() -> one(d, prices)));
            }
            Stats stats = new Stats(0, 0, 0, 0);
            for (Future<Stats> f : futures) {
                stats = stats.plus(f.get());
            }
            return stats;
        } catch (RejectedExecutionException e) {
            stopping = true; // closed meanwhile: the marks left are recomputed next time
            return new Stats(0, 0, 0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("recompute interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What a meter announced about the shared calendars (Tempo colours, EJP days), learnt before it is recomputed. */
    private void learnCalendars(int meterId, Instant since) throws SQLException {
        Jdbc.transaction(dataSource, c -> CalendarStore.learnTempo(c, meterId, since) + CalendarStore.learnEjp(c, meterId, since));
    }

    private Stats one(Mark d, Map<Fluid, PriceTable> prices) {
        if (stopping) {
            return new Stats(0, 0, 0, 1); // its mark stays
        }
        try {
            // The Tempo colours and EJP days the meter announced go to the (shared) calendars first, in a short
            // transaction of their own, so that this meter's recompute prices by them and no meter's transaction waits
            // on another's.
            learnCalendars(d.meterId(), d.since());
            Stats done = Jdbc.transaction(dataSource, c -> meter(c, d, prices));
            if (done.meters() > 0) {
                recomputed.accept(d.meterId());
            }
            return done;
        } catch (SQLException | RuntimeException e) {
            // One meter's failure must not stop the others; its mark stays, so it is retried next pass.
            LOG.warn("recompute of meter {} from {} failed, will retry: {}", d.meterId(), d.since(), e.toString());
            return new Stats(0, 0, 0, 1);
        }
    }

    /** Recomputes one meter from a given instant, ignoring dirty marks (tools and tests). */
    public Stats meter(int meterId, Instant since) throws SQLException {
        learnCalendars(meterId, since);
        return Jdbc.transaction(dataSource, c -> meter(c, new Mark(meterId, since, null), new EnumMap<>(Fluid.class)));
    }

    private Stats meter(Connection c, Mark d, Map<Fluid, PriceTable> prices) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RollupSql.TRY_LOCK_METER)) {
            ps.setInt(1, d.meterId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return new Stats(0, 0, 0, 1);
                }
            }
        }
        // Under the lock (READ COMMITTED: this statement sees every commit made before it was granted), another
        // instance may have done this meter since the list was read: no mark, nothing to do. A mark moved meanwhile is
        // recomputed as listed, and not cleared (clearIfUnchanged): the next pass does it from its own instant, as with
        // one instance.
        if (d.markedAt() != null && RecomputeMarks.of(c, d.meterId()).isEmpty()) {
            return new Stats(0, 0, 0, 0);
        }
        MeterSpec meter = meterSpec(learned(c, Meters.byIdLockedAgainstDeletion(c, d.meterId())));
        if (meter == null) {
            clear(c, d);
            return new Stats(1, 0, 0, 0);
        }
        ZoneId zone = meter.zone();
        // Readings beyond the clock's tolerance are not data (a wrong clock): they neither bound the rebuild nor make rows.
        Instant limit = clock.instant().plus(config.futureTolerance());
        Instant atOrBeforeLimit = limit.plusNanos(1000);
        Instant horizon = Readings.rawHorizon(c, meter.id());
        List<String> channels = new ArrayList<>();
        Instant last = null;
        for (String ch : channels(c, meter.id(), meter.fluid())) {
            // A channel with nothing left at or after the horizon (what a TimescaleDB chunk still holds of it) is gone.
            Instant end = Readings.lastBefore(c, meter.id(), ch, atOrBeforeLimit);
            if (horizon == null || (end != null && !end.isBefore(horizon))) {
                channels.add(ch);
                if (end != null && (last == null || end.isAfter(last))) {
                    last = end;
                }
            }
        }
        // Start at the half-hour of the last reading before the change: the pair that the change breaks begins there,
        // and no pair that ends before it changes (see docs/architecture.md, "Idempotent recompute"). A glitch's rise
        // spreads back up to maxGap before its reading (SlotCalculator), so a change reaches back that far too.
        Duration lookback = meter.fluid() == Fluid.ELECTRICITY ? config.maxGap() : Duration.ZERO;
        Instant start = d.since();
        for (String ch : channels) {
            Instant before = Readings.lastBefore(c, meter.id(), ch, d.since());
            if (before != null && before.isBefore(start)) {
                start = before;
            }
        }
        Instant sinceLessLookback = d.since().minus(lookback);
        if (sinceLessLookback.isBefore(start)) {
            start = sinceLessLookback;
        }
        LocalDate fromDay = LocalDateTime.ofInstant(start, zone).toLocalDate();
        Instant dayStart = fromDay.atStartOfDay(zone).toInstant();
        // Gas and water are daily: their unit of recompute is the day.
        long fromSlot = SlotCalculator.slotOf(meter.fluid() == Fluid.ELECTRICITY ? start : dayStart);
        Instant slotStart = SlotCalculator.slotStart(fromSlot);
        Map<String, Instant> readFrom = new HashMap<>();
        // A meter whose raw readings are all gone keeps every row it has.
        boolean beforeHorizon = horizon != null && channels.isEmpty();
        for (String ch : channels) {
            Instant from = dayStart;
            if (isIndex(ch)) {
                Instant before = Readings.lastBefore(c, meter.id(), ch, slotStart.minus(lookback));
                from = before == null ? slotStart.minus(lookback) : before;
                // Without the reading before (retention removed it), the first rise is unknown.
                beforeHorizon |= horizon != null && (before == null || before.isBefore(horizon));
            } else {
                beforeHorizon |= horizon != null && from.isBefore(horizon);
            }
            readFrom.put(ch, from);
        }
        if (beforeHorizon) {
            return keepAndRebuild(c, d, meter, channels, start, horizon, limit, prices);
        }
        long readings = 0;
        List<RollupRow> rows = List.of();
        if (last != null && !last.isBefore(dayStart)) {
            LocalDate toDay = LocalDateTime.ofInstant(last, zone).toLocalDate().plusDays(1);
            Map<String, Samples> data = new HashMap<>();
            for (String ch : channels) {
                Samples samples = read(c, meter.id(), ch, readFrom.get(ch), limit);
                readings += samples.size();
                data.put(ch, samples);
            }
            PeriodCalendar calendar = CalendarStore.calendar(c, meter, fromDay.minusDays(1), toDay);
            Map<Long, Map<String, SlotValue>> prior = slotStart.isAfter(dayStart)
                    ? storedHalfHours(c, meter.id(), dayStart, slotStart) : Map.of();
            rows = new MeterRollup(meter, prices(c, meter, prices), calendar, CalendarStore.registerPeriods(c, meter.id()),
                    config.params()).compute(data, fromDay, toDay, fromSlot, prior);
        }
        replace(c, meter, fromDay, slotStart, rows);
        clear(c, d);
        return new Stats(1, readings, rows.size(), 0);
    }

    /**
     * A change before what raw readings can rebuild (see {@link RebuildFrom}): the stored rows from the change's day to
     * {@code R} are kept, with their quantities, and priced again (periods re-derived where the calendar gives them);
     * from {@code R} on, rows are rebuilt from the raw readings at or after the horizon (older ones that a TimescaleDB
     * chunk still holds are ignored). Nothing is deleted that is not rebuilt or kept.
     */
    private Stats keepAndRebuild(Connection c, Mark d, MeterSpec meter, List<String> channels, Instant start, Instant horizon,
                                 Instant limit, Map<Fluid, PriceTable> prices) throws SQLException {
        ZoneId zone = meter.zone();
        Map<String, Samples> data = new HashMap<>();
        long readings = 0;
        Instant lastRead = null;
        for (String ch : channels) {
            Samples samples = read(c, meter.id(), ch, horizon, limit);
            readings += samples.size();
            data.put(ch, samples);
            if (!samples.isEmpty() && (lastRead == null || samples.at(samples.size() - 1).isAfter(lastRead))) {
                lastRead = samples.at(samples.size() - 1);
            }
        }
        Instant rebuild = RebuildFrom.of(meter, data, horizon, config.maxGap());
        Instant keepFrom = rebuild != null && rebuild.isBefore(start) ? rebuild : start;
        LocalDate fromDay = LocalDateTime.ofInstant(keepFrom, zone).toLocalDate();
        Instant dayStart = fromDay.atStartOfDay(zone).toInstant();
        // Stored rows beyond the clock's tolerance are not kept: no reading can have made them.
        Instant keepTo = rebuild == null || rebuild.isAfter(limit) ? limit : rebuild;
        KeptRollups kept = new KeptRollups(keptHalfHours(c, meter.id(), dayStart, keepTo),
                dailyOnlyDays(c, meter.id(), dayStart, keepTo), rebuild);
        Instant lastRow = rebuild != null && lastRead != null && !lastRead.isBefore(rebuild) ? lastRead : null;
        for (long slot : kept.halfHours().keySet()) {
            lastRow = later(lastRow, SlotCalculator.slotStart(slot));
        }
        for (LocalDate day : kept.days().keySet()) {
            lastRow = later(lastRow, day.atStartOfDay(zone).toInstant());
        }
        List<RollupRow> rows = List.of();
        if (lastRow != null) {
            LocalDate toDay = LocalDateTime.ofInstant(lastRow, zone).toLocalDate().plusDays(1);
            long fromSlot = rebuild == null ? SlotCalculator.slotOf(toDay.atStartOfDay(zone).toInstant()) : SlotCalculator.slotOf(rebuild);
            PeriodCalendar calendar = CalendarStore.calendar(c, meter, fromDay.minusDays(1), toDay);
            rows = new MeterRollup(meter, prices(c, meter, prices), calendar, CalendarStore.registerPeriods(c, meter.id()),
                    config.params()).compute(data, fromDay, toDay, fromSlot, Map.of(), kept);
        }
        LOG.info("recompute of meter {} from {}: before {} (raw horizon {}) {} half-hour(s) and {} day(s) kept and repriced,"
                + " rebuilt from raw readings after", meter.id(), d.since(), rebuild == null ? "now" : rebuild, horizon,
                kept.halfHours().size(), kept.days().size());
        replace(c, meter, fromDay, dayStart, rows);
        clear(c, d);
        return new Stats(1, readings, rows.size(), 0);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static boolean isIndex(String ch) {
        return MeterRollup.register(ch) != null || ch.equals(Channels.INDEX_TOTAL);
    }

    /** A channel's readings from an instant up to the limit (later ones are beyond the clock's tolerance). */
    private static Samples read(Connection c, int meterId, String ch, Instant from, Instant limit) throws SQLException {
        ReadingCopy.Columns read = ReadingCopy.read(c, meterId, ch, from);
        return Samples.of(read.micros(), read.values(), read.size()).upTo(SlotCalculator.micros(limit));
    }

    private static PriceTable prices(Connection c, MeterSpec meter, Map<Fluid, PriceTable> prices) throws SQLException {
        PriceTable table = prices.get(meter.fluid());
        if (table == null) {
            table = new PriceTable(PriceStore.load(c, meter.fluid()));
            prices.putIfAbsent(meter.fluid(), table);
        }
        return table;
    }

    /** The stored half-hours of a meter in [from, to), per slot and period: quantities and flags, to keep. */
    private static Map<Long, Map<String, KeptRollups.Quantity>> keptHalfHours(Connection c, int meterId, Instant from, Instant to)
            throws SQLException {
        Map<Long, Map<String, KeptRollups.Quantity>> out = new HashMap<>();
        storedHalfHours(c, meterId, from, to).forEach((slot, byPeriod) -> {
            Map<String, KeptRollups.Quantity> q = new HashMap<>();
            byPeriod.forEach((period, v) -> q.put(period, new KeptRollups.Quantity(v.quantity(), v.estimated())));
            out.put(slot, q);
        });
        return out;
    }

    /** The stored days of a meter starting in [from, to) that have a daily value only (no half-hours). */
    private static Map<LocalDate, KeptRollups.Day> dailyOnlyDays(Connection c, int meterId, Instant from, Instant to)
            throws SQLException {
        Map<LocalDate, KeptRollups.Day> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(RollupSql.DAILY_ONLY_DAYS_BETWEEN)) {
            ps.setInt(1, meterId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long volume = rs.getLong(3);
                    out.put(rs.getTimestamp(1).toLocalDateTime().toLocalDate(),
                            new KeptRollups.Day(rs.getLong(2), rs.wasNull() ? null : volume, rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    /** The stored half-hours of a meter in [from, to), per slot and period (not the totals): the day's earlier part. */
    private static Map<Long, Map<String, SlotValue>> storedHalfHours(Connection c, int meterId, Instant from, Instant to)
            throws SQLException {
        Map<Long, Map<String, SlotValue>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(RollupSql.HALF_HOURS_BETWEEN)) {
            ps.setInt(1, meterId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long slot = SlotCalculator.slotOf(rs.getTimestamp(1).toInstant());
                    out.computeIfAbsent(slot, k -> new HashMap<>())
                            .put(rs.getString(2), new SlotValue(rs.getLong(3), rs.getBigDecimal(4), rs.getBoolean(5)));
                }
            }
        }
        return out;
    }

    private static void replace(Connection c, MeterSpec meter, LocalDate fromDay, Instant fromSlot, List<RollupRow> rows)
            throws SQLException {
        ZoneId zone = meter.zone();
        delete(c, meter.id(), Granularity.HALF_HOUR, fromSlot);
        delete(c, meter.id(), Granularity.DAY, fromDay.atStartOfDay(zone).toInstant());
        copy(c, meter.id(), rows);
        coarse(c, meter, Granularity.MONTH, "month", fromDay.withDayOfMonth(1));
        coarse(c, meter, Granularity.YEAR, "year", fromDay.withDayOfYear(1));
    }

    private static void delete(Connection c, int meterId, Granularity g, Instant from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RollupSql.DELETE_ROLLUPS_FROM)) {
            ps.setInt(1, meterId);
            ps.setInt(2, g.code());
            ps.setTimestamp(3, Timestamp.from(from));
            ps.executeUpdate();
        }
    }

    private static void coarse(Connection c, MeterSpec meter, Granularity g, String unit, LocalDate from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RollupSql.DELETE_ROLLUPS_COARSE_FROM)) {
            ps.setInt(1, meter.id());
            ps.setInt(2, g.code());
            ps.setObject(3, from.atStartOfDay());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(RollupSql.INSERT_COARSE_FROM_DAYS)) {
            ps.setString(1, unit);
            ps.setInt(2, meter.id());
            ps.setObject(3, from.atStartOfDay());
            ps.setInt(4, g.code());
            ps.setString(5, meter.zone().getId());
            ps.setString(6, "1 " + unit);
            ps.executeUpdate();
        }
    }

    private static void copy(Connection c, int meterId, List<RollupRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(rows.size() * 96);
        for (RollupRow r : rows) {
            sb.append(meterId).append('\t').append(r.granularity().code()).append('\t');
            LocalDateTime utc = LocalDateTime.ofEpochSecond(r.start().getEpochSecond(), r.start().getNano(), ZoneOffset.UTC);
            appendTimestamp(sb, utc).append("+00\t");
            appendTimestamp(sb, r.localStart()).append('\t').append(r.period()).append('\t').append(r.quantity()).append('\t')
                    .append(r.volume() == null ? "\\N" : r.volume()).append('\t')
                    .append(r.cost() == null ? "\\N" : r.cost().toPlainString()).append('\t')
                    .append(r.estimated() ? 't' : 'f').append('\t').append(r.incomplete() ? 't' : 'f').append('\t');
            if (r.halfHours() == null) {
                sb.append("\\N");
            } else {
                sb.append('{');
                for (int i = 0; i < r.halfHours().size(); i++) {
                    Long wh = r.halfHours().get(i);
                    sb.append(i == 0 ? "" : ",").append(wh == null ? "NULL" : wh.toString());
                }
                sb.append('}');
            }
            sb.append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(RollupSql.COPY_ROLLUP, new StringReader(sb.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into rollup failed: " + e.getMessage(), e);
        }
    }

    /**
     * Gives electricity day rows without half-hour totals ({@code rollup.half_hours}) theirs, from their half-hour
     * rows: for rows written before that column existed (migration V20_2_1) or by hand (test fixtures). The
     * recompute writes them itself. Returns the number of day rows filled.
     */
    public static int fillDayHalfHours(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RollupSql.FILL_DAY_HALF_HOURS)) {
            return ps.executeUpdate();
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss[.SSSSSS]}: what COPY reads, without the formatter machinery (a row has two). */
    static StringBuilder appendTimestamp(StringBuilder sb, LocalDateTime t) {
        int y = t.getYear();
        if (y < 1000 || y > 9999) {
            return sb.append(t);
        }
        sb.append(y).append('-');
        two(sb, t.getMonthValue()).append('-');
        two(sb, t.getDayOfMonth()).append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        if (t.getNano() != 0) {
            String micros = Integer.toString(1_000_000 + t.getNano() / 1000);
            sb.append('.').append(micros, 1, micros.length());
        }
        return sb;
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** Clears the mark unless it moved since it was read (new data meanwhile: recomputed next pass). */
    private static void clear(Connection c, Mark d) throws SQLException {
        if (d.markedAt() != null) {
            RecomputeMarks.clearIfUnchanged(c, d.meterId(), d.markedAt());
        }
    }

    static MeterSpec meterSpec(Connection c, int meterId) throws SQLException {
        return meterSpec(learned(c, Meters.byId(c, meterId)));
    }

    /** The subscription the meter announces, else the typed one (#16: ingest.query.MeterFactsQuery's rule). */
    private static Optional<Meter> learned(Connection c, Optional<Meter> m) throws SQLException {
        return m.isPresent() ? Optional.of(MeterFactsQuery.withSubscription(c, m.get())) : m;
    }

    private static MeterSpec meterSpec(Optional<Meter> meter) {
        return meter.map(m -> MeterSpec.of(m.id(), m.fluid(), m.tariffOption(), m.subscribedKva(), m.zone())).orElse(null);
    }

    /** The channels that make consumption for a fluid. */
    private static List<String> channels(Connection c, int meterId, Fluid fluid) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String ch : Readings.channels(c, meterId)) {
            if (used(ch, fluid)) {
                out.add(ch);
            }
        }
        return out;
    }

    static boolean used(String ch, Fluid fluid) {
        return switch (fluid) {
            case ELECTRICITY -> ch.equals(Channels.INDEX_TOTAL) || MeterRollup.register(ch) != null
                    || ch.equals(Channels.ENERGY_INTERVAL_PREFIX + "30") || ch.equals(Channels.ENERGY_DAILY);
            case GAS -> ch.equals(Channels.GAS_ENERGY_DAILY) || ch.equals(Channels.GAS_VOLUME_DAILY)
                    || ch.equals(Channels.GAS_CONVERSION_DAILY);
            case WATER -> ch.equals(Channels.WATER_VOLUME_DAILY);
        };
    }

}
