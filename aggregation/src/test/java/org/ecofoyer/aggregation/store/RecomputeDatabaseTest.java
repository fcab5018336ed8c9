package org.ecofoyer.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.aggregation.maths.Analysis;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.Price;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.aggregation.query.QueryService;
import org.ecofoyer.aggregation.query.RollupReader;
import org.ecofoyer.aggregation.query.Series;
import org.ecofoyer.aggregation.query.SeriesQuery;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.RecomputeMarks;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recompute and the query service on a real PostgreSQL (embedded), with hand-computed numbers. */
class RecomputeDatabaseTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static Database db;
    static Recompute recompute;

    @BeforeAll
    static void open() {
        db = TestDatabases.newMigratedDatabase();
        recompute = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static Instant local(String s) {
        return LocalDateTime.parse(s).atZone(PARIS).toInstant();
    }

    static void sql(String sql, Object... args) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i] instanceof Instant t ? Timestamp.from(t) : args[i]);
            }
            ps.execute();
        }
    }

    static int meter(String household, String code, String fluid, String option) throws SQLException {
        sql("INSERT INTO household (id, surface_m2) VALUES (?, 50) ON CONFLICT DO NOTHING", household);
        sql("INSERT INTO meter (code, household_id, fluid, kind, tariff_option, subscribed_kva) VALUES (?, ?, ?, 'LINKY_TIC', ?, 6)",
                code, household, fluid, option);
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM meter WHERE code = '" + code + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Writes readings the way ingest does: rows plus the dirty mark, in one statement each. */
    static void readings(int meter, String channel, Object... instantValue) throws SQLException {
        Instant earliest = null;
        for (int i = 0; i < instantValue.length; i += 2) {
            Instant t = (Instant) instantValue[i];
            sql("INSERT INTO reading (meter_id, channel, instant, value) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    meter, channel, t, ((Number) instantValue[i + 1]).longValue());
            earliest = earliest == null || t.isBefore(earliest) ? t : earliest;
        }
        try (Connection c = db.dataSource().getConnection()) {
            RecomputeMarks.mark(c, meter, earliest);
        }
    }

    static long count(String sql, Object... args) throws SQLException {
        return TestRows.count(db, sql, args);
    }

    static Series series(String household, Granularity g, String from, String to) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return new RollupReader(c).series(new SeriesQuery(household, Fluid.ELECTRICITY, g, LocalDate.parse(from), LocalDate.parse(to)));
        }
    }

    @Test
    void pricesAreSeededWithTheirSources() throws SQLException {
        assertThat(count("SELECT count(*) FROM price WHERE source = 'CRE-BASE'")).isEqualTo(210);
        assertThat(count("SELECT count(*) FROM price WHERE source = ''")).isZero();
    }

    @Test
    void yearBoundaryRollsUpIntoDaysMonthsAndYears() throws SQLException {
        int m = meter("h-year", "m-year", "ELECTRICITY", "BASE");
        // 2025-12-31 23:00 → 2026-01-01 01:00 local, 500 Wh per half-hour: 1000 Wh on each side of midnight.
        readings(m, "index.total", local("2025-12-31T23:00"), 10_000, local("2025-12-31T23:30"), 10_500,
                local("2026-01-01T00:00"), 11_000, local("2026-01-01T00:30"), 11_500, local("2026-01-01T01:00"), 12_000);
        Recompute.Stats s = recompute.drain();
        assertThat(s.meters()).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM reading_dirty WHERE meter_id = ?", m)).isZero();

        Series months = series("h-year", Granularity.MONTH, "2025-12-01", "2026-02-01");
        assertThat(months.points()).extracting(p -> p.localStart().toString()).containsExactly("2025-12-01T00:00", "2026-01-01T00:00");
        assertThat(months.points()).extracting(SeriesPoint::quantity).containsExactly(1.0, 1.0);
        // Base 6 kVA: 0.2016 €/kWh until 2025-07-31, 0.1952 from 2025-08-01, 0.1940 from 2026-02-01.
        assertThat(months.points().get(0).costEur()).isEqualTo(0.1952);
        Series years = series("h-year", Granularity.YEAR, "2025-01-01", "2027-01-01");
        assertThat(years.points()).extracting(p -> p.localStart().toLocalDate().toString()).containsExactly("2025-01-01", "2026-01-01");
        assertThat(years.points()).extracting(SeriesPoint::quantity).containsExactly(1.0, 1.0);
        // Month start instants are local midnights: 2026-01-01T00:00+01:00.
        assertThat(months.points().get(1).start()).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        // The subscription is apart: 185.94 €/year / 365 per day with data (one day in each month here).
        assertThat(months.totals().subscriptionEur()).isCloseTo(2 * 185.94 / 365, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(months.totals().quantity()).isEqualTo(2.0);
    }

    @Test
    void lateDataReplaceTheEstimateAndConvergeToAFreshRecompute() throws SQLException {
        int m = meter("h-late", "m-late", "ELECTRICITY", "BASE");
        readings(m, "index.total", local("2026-05-05T10:00"), 0, local("2026-05-05T13:00"), 600);
        recompute.drain();
        Series before = series("h-late", Granularity.HALF_HOUR, "2026-05-05", "2026-05-06");
        assertThat(before.points()).hasSize(6).allMatch(p -> p.quantity() == 0.1 && p.estimated());
        // The gateway's buffered readings arrive late, in reverse order, some twice.
        readings(m, "index.total", local("2026-05-05T12:30"), 590, local("2026-05-05T12:00"), 500, local("2026-05-05T11:30"), 400,
                local("2026-05-05T11:00"), 300, local("2026-05-05T10:30"), 200, local("2026-05-05T12:00"), 500);
        recompute.drain();
        Series after = series("h-late", Granularity.HALF_HOUR, "2026-05-05", "2026-05-06");
        assertThat(after.points()).extracting(SeriesPoint::quantity).containsExactly(0.2, 0.1, 0.1, 0.1, 0.09, 0.01);
        assertThat(after.points()).noneMatch(SeriesPoint::estimated);
        assertThat(after.totals().quantity()).isEqualTo(0.6);
        assertThat(after.totals().estimated()).isFalse();
        // Wiping the rollups and recomputing from scratch gives exactly the same rows.
        List<String> incremental = dump(m);
        sql("DELETE FROM rollup WHERE meter_id = ?", m);
        recompute.meter(m, Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(dump(m)).isEqualTo(incremental);
    }

    static List<String> dump(int meter) throws SQLException {
        return dump(db, meter);
    }

    /** Every rollup row of a meter, every granularity, as text (what two recomputes must agree on). */
    static List<String> dump(Database db, int meter) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT granularity, start_at, period, quantity, cost_eur, estimated, incomplete FROM rollup WHERE meter_id = ?"
                        + " ORDER BY granularity, start_at, period")) {
            ps.setInt(1, meter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1) + " " + rs.getTimestamp(2).toInstant() + " " + rs.getString(3) + " " + rs.getLong(4)
                            + " " + rs.getBigDecimal(5) + " " + rs.getBoolean(6) + " " + rs.getBoolean(7));
                }
            }
        }
        return out;
    }

    @Test
    void aLiveMeterIsRecomputedFromItsDirtyHalfHourOnly() throws SQLException {
        int m = meter("h-live", "m-live", "ELECTRICITY", "BASE");
        // 08:00 -> 10:00, 100 Wh every 10 minutes: 300 Wh a half-hour.
        for (int i = 0; i <= 12; i++) {
            readings(m, "index.total", local("2026-06-04T08:00").plusSeconds(600L * i), 100 * i);
        }
        recompute.drain();
        List<String> before = xmins(m);
        // The next batch: 10:10 and 10:20, +100 Wh each (the dirty mark is 10:10, the last reading before it 10:00).
        readings(m, "index.total", local("2026-06-04T10:10"), 1300, local("2026-06-04T10:20"), 1400);
        recompute.drain();
        List<String> after = xmins(m);
        // The three half-hours 08:00-09:30 were not rewritten (same row versions); 09:30 was, being within maxGap
        // (35 min) of the change (a glitch's rise ending at 10:10 could spread back there); 10:00-10:30 is new.
        assertThat(after.subList(0, 6)).isEqualTo(before.subList(0, 6));
        assertThat(after.subList(6, 8)).doesNotContainAnyElementsOf(before.subList(6, 8));
        assertThat(after).hasSize(10);
        Series s = series("h-live", Granularity.HALF_HOUR, "2026-06-04", "2026-06-05");
        // The boundary rule: a half-hour takes the pairs ending in (start, end]: 3 × 100 Wh each, then 10:10 and 10:20.
        assertThat(s.points()).extracting(SeriesPoint::quantity).containsExactly(0.3, 0.3, 0.3, 0.3, 0.2);
        // The day row is re-summed from all its half-hours, the untouched ones included: 1400 Wh.
        assertThat(series("h-live", Granularity.DAY, "2026-06-04", "2026-06-05").points().get(0).quantity()).isEqualTo(1.4);
        assertThat(series("h-live", Granularity.MONTH, "2026-06-01", "2026-07-01").points().get(0).quantity()).isEqualTo(1.4);
        List<String> incremental = dump(m);
        sql("DELETE FROM rollup WHERE meter_id = ?", m);
        recompute.meter(m, Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(dump(m)).isEqualTo(incremental);
    }

    /** The half-hour rows of a meter (both periods) with their row version (xmin), in time order. */
    static List<String> xmins(int meter) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT start_at, period, xmin::text FROM rollup WHERE meter_id = ? AND granularity = 0 ORDER BY start_at, period")) {
            ps.setInt(1, meter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getTimestamp(1).toInstant() + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return out;
    }

    @Test
    void theAnalysesFromDayRowsEqualTheAnalysesFromHalfHourRows() throws SQLException {
        // Two electricity meters in one household (their half-hours add up), HP/HC, across the autumn DST change
        // (a 50-half-hour day), with a 3-hour gap and a day with no data at all.
        int a = meter("h-an", "m-an-1", "ELECTRICITY", "HPHC");
        int b = meter("h-an", "m-an-2", "ELECTRICITY", "BASE");
        java.util.Random rnd = new java.util.Random(7);
        long va = 0;
        long vb = 0;
        List<Object> ra = new java.util.ArrayList<>();
        List<Object> rb = new java.util.ArrayList<>();
        Instant t = local("2026-10-23T00:00");
        while (t.isBefore(local("2026-10-29T00:00"))) {
            boolean gap = !t.isBefore(local("2026-10-24T10:00")) && t.isBefore(local("2026-10-24T13:00"));
            boolean empty = !t.isBefore(local("2026-10-27T00:00")) && t.isBefore(local("2026-10-28T00:00"));
            if (!gap && !empty) {
                ra.addAll(List.of(t, va));
                rb.addAll(List.of(t, vb));
            }
            va += rnd.nextInt(400);
            vb += rnd.nextInt(100);
            t = t.plusSeconds(600);
        }
        IncrementalRecomputePropertiesTest.store(db, a, "index.total", ra);
        IncrementalRecomputePropertiesTest.store(db, b, "index.total", rb);
        recompute.drain();
        try (Connection c = db.dataSource().getConnection()) {
            RollupReader r = new RollupReader(c);
            for (String[] range : new String[][] {{"2026-10-23", "2026-10-29"}, {"2026-10-25", "2026-10-26"}, {"2026-10-01", "2027-01-01"}}) {
                LocalDate from = LocalDate.parse(range[0]);
                LocalDate to = LocalDate.parse(range[1]);
                Analysis fromDays = r.analyse("h-an", from, to);
                assertThat(fromDays).usingRecursiveComparison().isEqualTo(r.analyseFromHalfHourRows("h-an", from, to));
                assertThat(fromDays.baseloadW()).isNotNull();
            }
            // The fall-back day has 50 half-hours.
            assertThat(count("SELECT cardinality(half_hours) FROM rollup WHERE meter_id = ? AND granularity = 1"
                    + " AND period = 'total' AND local_start = '2026-10-25'", a)).isEqualTo(50);
            // Day rows from before V20_2_1 (no arrays) get exactly the arrays the recompute writes.
            List<String> written = halfHourArrays(a, b);
            sql("UPDATE rollup SET half_hours = NULL WHERE meter_id IN (?, ?)", a, b);
            assertThat(Recompute.fillDayHalfHours(c)).isEqualTo(written.size());
            assertThat(halfHourArrays(a, b)).isEqualTo(written);
        }
    }

    static List<String> halfHourArrays(int a, int b) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT meter_id, start_at, half_hours::text FROM rollup WHERE meter_id IN (?, ?) AND half_hours IS NOT NULL"
                        + " ORDER BY meter_id, start_at")) {
            ps.setInt(1, a);
            ps.setInt(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1) + " " + rs.getTimestamp(2).toInstant() + " " + rs.getString(3));
                }
            }
        }
        return out;
    }

    @Test
    void aMonthOrYearWithDaysMissingIsIncomplete() throws SQLException {
        int m = meter("h-months", "m-months", "ELECTRICITY", "BASE");
        // Every half-hour from 2026-01-31 00:00 to 2026-03-01 00:00, 100 Wh each: January has one (whole) day of data,
        // February all 28.
        List<Object> index = new java.util.ArrayList<>();
        Instant t = local("2026-01-31T00:00");
        for (int i = 0; !t.plusSeconds(1800L * i).isAfter(local("2026-03-01T00:00")); i++) {
            index.addAll(List.of(t.plusSeconds(1800L * i), 100L * i));
        }
        IncrementalRecomputePropertiesTest.store(db, m, "index.total", index);
        recompute.drain();
        Series months = series("h-months", Granularity.MONTH, "2026-01-01", "2026-03-01");
        assertThat(months.points()).extracting(SeriesPoint::quantity).containsExactly(4.8, 28 * 4.8);
        assertThat(months.points()).extracting(SeriesPoint::incomplete).containsExactly(true, false);
        assertThat(series("h-months", Granularity.DAY, "2026-01-31", "2026-02-01").points().get(0).incomplete()).isFalse();
        assertThat(series("h-months", Granularity.YEAR, "2026-01-01", "2027-01-01").points().get(0).incomplete()).isTrue();
    }

    @Test
    void deletingAMeterDeletesItsRollups() throws SQLException {
        int m = meter("h-gone", "m-gone", "ELECTRICITY", "BASE");
        readings(m, "index.total", local("2026-06-05T08:00"), 0, local("2026-06-05T08:30"), 300);
        recompute.drain();
        assertThat(count("SELECT count(*) FROM rollup WHERE meter_id = ?", m)).isGreaterThan(0);
        sql("DELETE FROM meter WHERE id = ?", m);
        assertThat(count("SELECT count(*) FROM rollup WHERE meter_id = ?", m)).isZero();
    }

    @Test
    void aPriceCorrectionRecomputesTheAffectedRollups() throws SQLException {
        int m = meter("h-price", "m-price", "ELECTRICITY", "HPHC");
        readings(m, "index.HP", local("2011-03-10T12:00"), 0, local("2011-03-10T12:30"), 1000);
        recompute.drain();
        // No HP/HC price is known before 2012-07-23 (CRE's history starts then): the cost is missing, not invented.
        Series s = series("h-price", Granularity.DAY, "2011-03-10", "2011-03-11");
        assertThat(s.points().get(0).quantity()).isEqualTo(1.0);
        assertThat(s.points().get(0).costEur()).isNull();
        try (Connection c = db.dataSource().getConnection()) {
            PriceStore.upsert(c, List.of(new Price(Fluid.ELECTRICITY, "HPHC", "energy", "HP", 0,
                    PriceFile.instant("2011-02-01"), PriceFile.instant("2011-08-01"), new BigDecimal("0.2146"), "operator")));
        }
        assertThat(count("SELECT count(*) FROM reading_dirty WHERE meter_id = ?", m)).isEqualTo(1);
        recompute.drain();
        assertThat(series("h-price", Granularity.DAY, "2011-03-10", "2011-03-11").points().get(0).costEur()).isEqualTo(0.2146);
    }

    @Test
    void aHouseholdSeesOnlyItsOwnMeters() throws SQLException {
        int mine = meter("h-alice", "m-alice", "ELECTRICITY", "BASE");
        int theirs = meter("h-bob", "m-bob", "ELECTRICITY", "BASE");
        readings(mine, "index.total", local("2026-06-01T08:00"), 0, local("2026-06-01T08:30"), 300);
        readings(theirs, "index.total", local("2026-06-01T08:00"), 0, local("2026-06-01T08:30"), 9000);
        recompute.drain();
        Series s = series("h-alice", Granularity.DAY, "2026-06-01", "2026-06-02");
        assertThat(s.totals().quantity()).isEqualTo(0.3);
        assertThatThrownBy(() -> series("h-nobody", Granularity.DAY, "2026-06-01", "2026-06-02"))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void dirtyMarkSetDuringARecomputeSurvivesIt() throws SQLException {
        int m = meter("h-race", "m-race", "ELECTRICITY", "BASE");
        readings(m, "index.total", local("2026-06-02T08:00"), 0, local("2026-06-02T08:30"), 100);
        // Simulate ingest marking the meter again after the recompute read the mark: the recompute's clear must miss.
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE reading_dirty SET marked_at = marked_at + interval '1 second' WHERE meter_id = ?")) {
                ps.setInt(1, m);
                Recompute racing = new Recompute(db.dataSource(), AggregationConfig.DEFAULTS);
                // The update commits before the recompute's clear runs; the recompute read the old marked_at.
                Thread t = new Thread(() -> {
                    try {
                        racing.runOnce();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                ps.executeUpdate();
                c.commit();
                t.start();
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        // Whatever the interleaving, the rollups are right after a final drain, and no mark is left behind.
        recompute.drain();
        assertThat(count("SELECT count(*) FROM reading_dirty WHERE meter_id = ?", m)).isZero();
        assertThat(series("h-race", Granularity.DAY, "2026-06-02", "2026-06-03").totals().quantity()).isEqualTo(0.1);
    }

    @Test
    void queryServiceAnswersOnTheWorkerPool() throws Exception {
        int m = meter("h-async", "m-async", "ELECTRICITY", "HPHC");
        // Night 01:00-05:00 at 100 Wh a half-hour (200 W, 800 Wh), nothing more until a 1.5 kWh half-hour at 19:00 (3 kW).
        for (int i = 0; i <= 8; i++) {
            readings(m, "index.total", local("2026-06-03T01:00").plusSeconds(1800L * i), 100 * i);
        }
        readings(m, "index.total", local("2026-06-03T19:00"), 800, local("2026-06-03T19:30"), 2300);
        recompute.drain();
        Vertx vertx = Vertx.vertx();
        try (Jdbc jdbc = new Jdbc(vertx, db.dataSource(), 2)) {
            QueryService q = new QueryService(jdbc);
            Analysis a = q.analyse("h-async", LocalDate.parse("2026-06-03"), LocalDate.parse("2026-06-04"))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(a.baseloadW()).isEqualTo(200.0);
            assertThat(a.peakW()).isEqualTo(3000.0);
            assertThat(a.peakLocal()).isEqualTo(LocalDateTime.parse("2026-06-03T19:00"));
            // HC (22H00-6H00): 800 Wh HC, 1500 Wh HP (the 05:00-19:00 stretch added 0)
            assertThat(a.periodShare().get("HC")).isCloseTo(800.0 / 2300, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(a.perM2Kwh()).isCloseTo(2.3 / 50, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(a.weekdayProfileW()[38]).isEqualTo(3000.0); // 2026-06-03 is a Wednesday; 19:00 is slot 38
            assertThat(q.fluids("h-async").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .containsExactly(Fluid.ELECTRICITY);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
