package org.ecofoyer.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.maths.Price;
import org.ecofoyer.aggregation.maths.PriceTable;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.TempoColour;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.ingest.writer.ReadingRetention;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #13's scenario on a real PostgreSQL, through the real writer, retention and recompute: 40 days of readings
 * from 420 to 380 days before a fixed now, rolled up; the retention (400 days) drops the raw readings before the
 * horizon; then a correction dated before the horizon (a price, off-peak hours, a Tempo colour), a stray reading from
 * 2020 or one two years ahead. Rollups are the permanent record: every kWh is kept, costs follow the correction.
 */
class HistoryKeptTest {
    static final Instant NOW = Instant.parse("2027-06-15T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant HORIZON = NOW.minus(Duration.ofDays(400));

    Database db;
    ReadingWriter writer;
    Recompute recompute;

    @BeforeEach
    void open() {
        db = TestDatabases.newMigratedDatabase();
        writer = new ReadingWriter(db.dataSource(), WriterConfig.DEFAULTS, IngestMetrics.inMemory(), CLOCK, Duration.ofMinutes(10)).start();
        recompute = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS, CLOCK);
    }

    @AfterEach
    void close() {
        recompute.close();
        writer.close(Duration.ofSeconds(10));
        db.close();
    }

    /** A meter with 40 days of readings every 10 minutes (100 to 690 Wh each), rolled up, then the retention run. */
    int meterWithHistoryPastTheHorizon(String code, String option) throws Exception {
        int id = meter(code, option);
        List<Reading> readings = new ArrayList<>();
        long index = 1_000_000;
        Instant t = NOW.minus(Duration.ofDays(420));
        for (int i = 0; t.isBefore(NOW.minus(Duration.ofDays(380))); i++, t = t.plus(Duration.ofMinutes(10))) {
            readings.add(new Reading(code, t, "index.total", index));
            index += 100 + (i * 37L) % 600;
        }
        write(readings);
        recompute.drain();
        ReadingRetention.Report report = new ReadingRetention(db.dataSource(), 400, CLOCK).apply();
        assertThat(report.removed()).isPositive();
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(Readings.rawHorizon(c, id)).isEqualTo(HORIZON);
        }
        return id;
    }

    @Test
    void aPriceCorrectionBeforeTheHorizonRepricesAndKeepsEveryKwh() throws Exception {
        int m = meterWithHistoryPastTheHorizon("m-price", "BASE");
        Map<String, Long> halfHours = quantities(m, 0, "total");
        Map<String, Long> days = quantities(m, 1, "total");
        assertThat(sumBefore(days, HORIZON)).as("kWh before the horizon").isGreaterThan(100_000);
        Instant from = NOW.minus(Duration.ofDays(415));
        try (Connection c = db.dataSource().getConnection()) {
            PriceStore.upsert(c, List.of(new Price(Fluid.ELECTRICITY, "BASE", Price.ENERGY, "BASE", 6, from,
                    NOW.minus(Duration.ofDays(300)), new BigDecimal("0.5"), "test correction")));
        }
        Recompute.Stats stats = recompute.drain();

        assertThat(stats.meters()).isEqualTo(1);
        assertThat(marks()).isZero();
        // Every quantity kept, to the Wh, half-hours and days.
        assertThat(quantities(m, 0, "total")).isEqualTo(halfHours);
        assertThat(quantities(m, 1, "total")).isEqualTo(days);
        // Every half-hour from the correction on costs its Wh at 0.5 €/kWh, before the horizon and after; not before it.
        List<Object[]> rows = rows(m, 0, "BASE");
        assertThat(rows).hasSize(halfHours.size());
        int repriced = 0;
        for (Object[] r : rows) {
            BigDecimal expected = BigDecimal.valueOf((Long) r[1]).multiply(new BigDecimal("0.0005")).setScale(8, RoundingMode.HALF_EVEN);
            if (!((Instant) r[0]).isBefore(from)) {
                assertThat((BigDecimal) r[2]).as("cost at %s", r[0]).isEqualByComparingTo(expected);
                repriced += ((Instant) r[0]).isBefore(HORIZON) ? 1 : 0;
            } else if ((Long) r[1] > 0) {
                assertThat((BigDecimal) r[2]).as("cost at %s", r[0]).isNotEqualByComparingTo(expected);
            }
        }
        assertThat(repriced).as("half-hours repriced before the horizon").isGreaterThan(600);
        assertMonthsAreSumsOfDays(m);
    }

    @Test
    void anOffPeakChangeBeforeTheHorizonReDerivesThePeriodsAndKeepsEveryKwh() throws Exception {
        int m = meterWithHistoryPastTheHorizon("m-offpeak", "HPHC");
        Map<String, Long> halfHours = quantities(m, 0, "total");
        Map<String, Long> days = quantities(m, 1, "total");
        LocalDate from = LocalDateTime.ofInstant(NOW.minus(Duration.ofDays(415)), PARIS).toLocalDate();
        try (Connection c = db.dataSource().getConnection()) {
            CalendarStore.setOffPeak(c, m, from, "HC (02H00-10H00)", from.atStartOfDay(PARIS).toInstant());
        }
        recompute.drain();

        assertThat(marks()).isZero();
        assertThat(quantities(m, 0, "total")).isEqualTo(halfHours);
        assertThat(quantities(m, 1, "total")).isEqualTo(days);
        // From that day on, a half-hour is HC exactly when it starts in 02:00-10:00 local, and costs its Wh at that price.
        PriceTable prices = prices();
        int checked = 0;
        for (String period : List.of("HP", "HC")) {
            for (Object[] r : rows(m, 0, period)) {
                LocalDateTime local = LocalDateTime.ofInstant((Instant) r[0], PARIS);
                if (local.toLocalDate().isBefore(from)) {
                    continue;
                }
                LocalTime time = local.toLocalTime();
                boolean offPeak = !time.isBefore(LocalTime.of(2, 0)) && time.isBefore(LocalTime.of(10, 0));
                assertThat(period).as("period at %s", local).isEqualTo(offPeak ? "HC" : "HP");
                assertThat((BigDecimal) r[2]).isEqualByComparingTo(cost((Long) r[1],
                        prices.energy(Fluid.ELECTRICITY, "HPHC", period, 6, (Instant) r[0])));
                checked += ((Instant) r[0]).isBefore(HORIZON) ? 1 : 0;
            }
        }
        assertThat(checked).as("half-hours re-derived before the horizon").isGreaterThan(600);
        assertMonthsAreSumsOfDays(m);
    }

    @Test
    void aTempoImportBeforeTheHorizonRepricesTheDayAndKeepsEveryKwh() throws Exception {
        int m = meterWithHistoryPastTheHorizon("m-tempo", "TEMPO");
        Map<String, Long> halfHours = quantities(m, 0, "total");
        Map<String, Long> days = quantities(m, 1, "total");
        LocalDate red = LocalDateTime.ofInstant(NOW.minus(Duration.ofDays(410)), PARIS).toLocalDate();
        BigDecimal before = dayCost(m, red);
        try (Connection c = db.dataSource().getConnection()) {
            CalendarStore.setTempo(c, Map.of(red, TempoColour.RED));
        }
        recompute.drain();

        assertThat(marks()).isZero();
        assertThat(quantities(m, 0, "total")).isEqualTo(halfHours);
        assertThat(quantities(m, 1, "total")).isEqualTo(days);
        // The red Tempo day runs 06:00 → 06:00: its 48 half-hours are red, priced red; the day costs more than blue.
        Instant redStart = red.atTime(6, 0).atZone(PARIS).toInstant();
        Instant redEnd = red.plusDays(1).atTime(6, 0).atZone(PARIS).toInstant();
        PriceTable prices = prices();
        int redHalfHours = 0;
        for (String period : List.of("TEMPO_RED_HP", "TEMPO_RED_HC")) {
            for (Object[] r : rows(m, 0, period)) {
                Instant at = (Instant) r[0];
                assertThat(at).isBetween(redStart, redEnd.minusSeconds(1));
                assertThat((BigDecimal) r[2]).isEqualByComparingTo(cost((Long) r[1],
                        prices.energy(Fluid.ELECTRICITY, "TEMPO", period, 6, at)));
                redHalfHours++;
            }
        }
        assertThat(redHalfHours).isEqualTo(48);
        assertThat(dayCost(m, red)).isGreaterThan(before);
        assertMonthsAreSumsOfDays(m);
    }

    @Test
    void aGasPriceCorrectionBeforeTheHorizonKeepsEveryDayAndReprices() throws Exception {
        // Gas is daily: R is the first local midnight at or after the horizon; the days before are kept and repriced.
        int m = TestRows.meter(db, "h-history", "m-gas", "GAS", "PRIX_REPERE");
        List<Reading> readings = new ArrayList<>();
        LocalDate first = LocalDateTime.ofInstant(NOW.minus(Duration.ofDays(420)), PARIS).toLocalDate();
        for (int i = 0; i < 40; i++) {
            readings.add(new Reading("m-gas", first.plusDays(i).atTime(6, 0).atZone(PARIS).toInstant(), "gas.energy.daily",
                    20_000 + 1_000L * (i % 9)));
        }
        write(readings);
        recompute.drain();
        new ReadingRetention(db.dataSource(), 400, CLOCK).apply();
        Map<String, Long> days = quantities(m, 1, "total");
        // The horizon is at 12:00 local on the 21st day: 21 days start before it, their readings (06:00) all gone.
        long before = 0;
        for (int i = 0; i <= 20; i++) {
            before += 20_000 + 1_000L * (i % 9);
        }
        assertThat(sumBefore(days, HORIZON)).isEqualTo(before);
        Instant from = NOW.minus(Duration.ofDays(415));
        try (Connection c = db.dataSource().getConnection()) {
            PriceStore.upsert(c, List.of(new Price(Fluid.GAS, "PRIX_REPERE", Price.ENERGY, "BASE", 0, from,
                    NOW.minus(Duration.ofDays(300)), new BigDecimal("0.2"), "test correction")));
        }
        recompute.drain();

        assertThat(marks()).isZero();
        assertThat(quantities(m, 1, "total")).isEqualTo(days);
        int repriced = 0;
        for (Object[] r : rows(m, 1, "total")) {
            if (!((Instant) r[0]).isBefore(from)) {
                assertThat((BigDecimal) r[2]).as("cost of %s", r[0]).isEqualByComparingTo(cost((Long) r[1], new BigDecimal("0.2")));
                repriced += ((Instant) r[0]).isBefore(HORIZON) ? 1 : 0;
            }
        }
        assertThat(repriced).as("days repriced before the horizon").isGreaterThanOrEqualTo(14);
        assertMonthsAreSumsOfDays(m);
    }

    @Test
    void aStrayReadingFromLongAgoChangesNoRollup() throws Exception {
        int m = meterWithHistoryPastTheHorizon("m-stray", "HPHC");
        List<String> before = RecomputeDatabaseTest.dump(db, m);
        write(List.of(new Reading("m-stray", Instant.parse("2020-01-01T00:00:00Z"), "index.total", 5)));
        // The writer holds it in quarantine (before the meter's raw horizon): not stored, nothing to recompute.
        assertThat(count("SELECT count(*) FROM reading_quarantine WHERE meter_id = ? AND reason = 'before_horizon'", m)).isEqualTo(1);
        assertThat(marks()).isZero();
        // Belt and braces: one in the raw table all the same (written before the quarantine existed, by hand), and a
        // recompute from it, as its mark would ask.
        rawInsert(m, Instant.parse("2020-01-01T00:00:00Z"), 5);
        Recompute.Stats stats = recompute.meter(m, Instant.parse("2020-01-01T00:00:00Z"));

        assertThat(stats.meters()).isEqualTo(1);
        // Not one row changed: before R they are kept (and priced again at the same prices), after it rebuilt from the
        // raw readings at or after the horizon, which the reading from 2020 is not.
        assertThat(RecomputeDatabaseTest.dump(db, m)).isEqualTo(before);
    }

    @Test
    void aReadingTwoYearsAheadMakesNoFutureRollup() throws Exception {
        int m = meterWithHistoryPastTheHorizon("m-future", "BASE");
        List<String> before = RecomputeDatabaseTest.dump(db, m);
        // The writer holds it in quarantine (beyond now + 10 min by its clock)...
        write(List.of(new Reading("m-future", NOW.plus(Duration.ofDays(730)), "index.total", 900_000_000)));
        assertThat(count("SELECT count(*) FROM reading_quarantine WHERE meter_id = ? AND reason = 'future_instant'", m)).isEqualTo(1);
        // ...and one in the raw table all the same (by hand), with its mark: belt and braces.
        rawInsert(m, NOW.plus(Duration.ofDays(730)), 900_000_000);
        try (java.sql.Connection c = db.dataSource().getConnection()) {
            org.ecofoyer.storage.RecomputeMarks.mark(c, m, NOW.plus(Duration.ofDays(730)));
        }
        recompute.drain();

        assertThat(marks()).isZero();
        assertThat(count("SELECT count(*) FROM rollup WHERE meter_id = ? AND start_at > ?", m,
                java.sql.Timestamp.from(NOW.plus(Duration.ofMinutes(10))))).isZero();
        assertThat(RecomputeDatabaseTest.dump(db, m)).isEqualTo(before);
        // Also when the meter is recomputed from scratch (from before its readings): the bound is the last reading
        // at or before now + 10 minutes, not the future one.
        recompute.meter(m, Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(RecomputeDatabaseTest.dump(db, m)).isEqualTo(before);
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    int meter(String code, String option) throws SQLException {
        return TestRows.electricityMeter(db, "h-history", code, option);
    }

    /** A reading straight into the raw table, past the writer's checks (as data from before the quarantine existed). */
    void rawInsert(int meterId, Instant instant, long value) throws SQLException {
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO reading (meter_id, channel, instant, value) VALUES (?, 'index.total', ?, ?)")) {
            ps.setInt(1, meterId);
            ps.setTimestamp(2, java.sql.Timestamp.from(instant));
            ps.setLong(3, value);
            ps.executeUpdate();
        }
    }

    void write(List<Reading> readings) throws Exception {
        writer.submit(readings).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    long marks() throws SQLException {
        return count("SELECT count(*) FROM reading_dirty");
    }

    long count(String sql, Object... args) throws SQLException {
        return TestRows.count(db, sql, args);
    }

    /** Quantity per row start of one granularity and period. */
    Map<String, Long> quantities(int meter, int granularity, String period) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        for (Object[] r : rows(meter, granularity, period)) {
            out.put(r[0].toString(), (Long) r[1]);
        }
        return out;
    }

    /** Rows of one granularity and period: start, quantity, cost. */
    List<Object[]> rows(int meter, int granularity, String period) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT start_at, quantity, cost_eur FROM rollup WHERE meter_id = ? AND granularity = ? AND period = ? ORDER BY start_at")) {
            ps.setInt(1, meter);
            ps.setInt(2, granularity);
            ps.setString(3, period);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Object[] {rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getBigDecimal(3)});
                }
            }
        }
        return out;
    }

    static long sumBefore(Map<String, Long> byStart, Instant t) {
        return byStart.entrySet().stream().filter(e -> Instant.parse(e.getKey()).isBefore(t)).mapToLong(Map.Entry::getValue).sum();
    }

    BigDecimal dayCost(int meter, LocalDate day) throws SQLException {
        for (Object[] r : rows(meter, 1, "total")) {
            if (LocalDateTime.ofInstant((Instant) r[0], PARIS).toLocalDate().equals(day)) {
                return (BigDecimal) r[2];
            }
        }
        throw new AssertionError("no day row for " + day);
    }

    PriceTable prices() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return new PriceTable(PriceStore.load(c, Fluid.ELECTRICITY));
        }
    }

    static BigDecimal cost(long wh, BigDecimal perKwh) {
        return BigDecimal.valueOf(wh).multiply(perKwh).divide(BigDecimal.valueOf(1000)).setScale(8, RoundingMode.HALF_EVEN);
    }

    /** Months (and years) stay sums of days: quantity and cost (a month's cost is missing when one of its days' is). */
    void assertMonthsAreSumsOfDays(int meter) throws SQLException {
        assertThat(count("""
                SELECT count(*) FROM rollup mo
                 WHERE mo.meter_id = ? AND mo.granularity IN (2, 3) AND mo.period = 'total'
                   AND ROW(mo.quantity, mo.cost_eur) IS DISTINCT FROM (
                       SELECT ROW(sum(d.quantity)::bigint, CASE WHEN bool_or(d.cost_eur IS NULL) THEN NULL ELSE sum(d.cost_eur) END)
                         FROM rollup d
                        WHERE d.meter_id = mo.meter_id AND d.granularity = 1 AND d.period = 'total'
                          AND d.local_start >= mo.local_start
                          AND d.local_start < mo.local_start + CASE mo.granularity WHEN 2 THEN interval '1 month' ELSE interval '1 year' END)""",
                meter)).isZero();
        assertThat(count("SELECT count(*) FROM rollup WHERE meter_id = ? AND granularity = 2", meter)).isPositive();
    }
}
