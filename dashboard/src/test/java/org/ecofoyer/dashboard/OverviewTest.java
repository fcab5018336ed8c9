package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The overview's equal spans per fluid (issue #16), on {@link Fixtures}' electricity and water plus gas a day behind:
 * gas 60 kWh a day in October 2026 (priced 6 €), 50 kWh a day in November 2026 (no price), 40 kWh a day in November
 * 2025 (priced 4 €); no gas subscription anywhere. Every figure below is worked out by hand from those.
 * The last test adds the rest of November's gas, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverviewTest {
    static final MutableClock CLOCK = new MutableClock(Fixtures.CLOCK.instant());
    static TestServer server;
    static Browser alice;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(DashboardConfig.DEFAULTS, (d, vertx, jdbc) -> d.withClock(CLOCK));
        alice = new Browser(server.base());
        assertThat(alice.signIn("alice", TestServer.PASSWORD).statusCode()).isEqualTo(200);
        try (Connection c = server.db.dataSource().getConnection()) {
            gas(c, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), 60_000, "6.00");
            gas(c, LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 1), 40_000, "4.00");
            // Gas lags a day: on 15 November its data stop after the 13th.
            gas(c, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 14), 50_000, null);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static void gas(Connection c, LocalDate from, LocalDate to, long wh, String cost) throws SQLException {
        days(c, "H1-gas", from, to, wh, cost);
    }

    /** Day rows of one meter over [from, to), each {@code wh} and {@code cost} euros (null: no price). */
    static void days(Connection c, String meter, LocalDate from, LocalDate to, long wh, String cost) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(Fixtures.INSERT)) {
            for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
                ps.setInt(1, 1);
                ps.setTimestamp(2, Timestamp.from(d.atStartOfDay(Fixtures.PARIS).toInstant()));
                ps.setObject(3, d.atStartOfDay());
                ps.setString(4, "total");
                ps.setLong(5, wh);
                ps.setBigDecimal(6, cost == null ? null : new BigDecimal(cost));
                ps.setBoolean(7, false);
                ps.setBoolean(8, false);
                ps.setString(9, meter);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static JsonObject card(String fluid) {
        HttpResponse<String> r = alice.get("/api/v1/households/H1/overview");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray fluids = Browser.json(r).getJsonArray("fluids");
        return fluids.stream().map(o -> (JsonObject) o).filter(o -> o.getString("fluid").equals(fluid)).findFirst().orElseThrow();
    }

    static void span(JsonObject totals, String from, String to, int days) {
        assertThat(totals.getString("from")).isEqualTo(from);
        assertThat(totals.getString("to")).isEqualTo(to);
        assertThat(totals.getInteger("span")).isEqualTo(days);
    }

    @Test
    @Order(3)
    void eachFluidIsComparedUpToItsOwnLastCompleteDayAndTheMonthJustEndedOnTheFirst() throws Exception {
        // 15 November 2026, 13:00 in Paris. Electricity: the 15th is still coming in, so 1–14 November (140 kWh)
        // against 1–14 October (168 kWh): −16.7 %, not 150 against 180 with today's first hours counted as a day.
        CLOCK.set(Instant.parse("2026-11-15T12:00:00Z"));
        JsonObject elec = card("electricity");
        assertThat(elec.getString("lastCompleteDay")).isEqualTo("2026-11-14");
        span(elec.getJsonObject("current"), "2026-11-01", "2026-11-15", 14);
        assertThat(elec.getJsonObject("current").getDouble("quantity")).isCloseTo(140, within(1e-9));
        // One estimated day of 14 equal days: 1/14 of the quantity, not the whole month.
        assertThat(elec.getJsonObject("current").getDouble("estimatedShare")).isCloseTo(10.0 / 140, within(1e-9));
        span(elec.getJsonObject("lastMonth"), "2026-10-01", "2026-10-15", 14);
        assertThat(elec.getJsonObject("lastMonth").getDouble("quantity")).isCloseTo(168, within(1e-9));
        assertThat(elec.getJsonObject("lastMonth").getDouble("change")).isCloseTo(100.0 * (140 - 168) / 168, within(1e-9));
        assertThat(elec.getJsonObject("lastYear").getDouble("quantity")).isCloseTo(112, within(1e-9));
        assertThat(elec.getJsonObject("lastYear").getDouble("change")).isCloseTo(25.0, within(1e-9));

        // Gas, a day behind: 1–13 November (650 kWh) against 1–13 October (780 kWh): −16.7 %. The old overview put
        // 1–15 November (650) against 1–15 October (900): −27.8 %.
        JsonObject gas = card("gas");
        assertThat(gas.getString("lastCompleteDay")).isEqualTo("2026-11-13");
        span(gas.getJsonObject("current"), "2026-11-01", "2026-11-14", 13);
        assertThat(gas.getJsonObject("current").getDouble("quantity")).isCloseTo(650, within(1e-9));
        assertThat(gas.getJsonObject("lastMonth").getDouble("quantity")).isCloseTo(780, within(1e-9));
        assertThat(gas.getJsonObject("lastMonth").getDouble("change")).isCloseTo(100.0 * (650 - 780) / 780, within(1e-9));
        assertThat(gas.getJsonObject("lastYear").getDouble("change")).isCloseTo(25.0, within(1e-9));

        // 1 December, 08:00 in Paris, gas complete through 30 November: the whole of November (1,500 kWh) against
        // 1–30 October (1,800 kWh), not one hour of December against a day of November (−100 %).
        try (Connection c = server.db.dataSource().getConnection()) {
            gas(c, LocalDate.of(2026, 11, 14), LocalDate.of(2026, 12, 1), 50_000, null);
        }
        CLOCK.set(Instant.parse("2026-12-01T07:00:00Z"));
        gas = card("gas");
        span(gas.getJsonObject("current"), "2026-11-01", "2026-12-01", 30);
        span(gas.getJsonObject("lastMonth"), "2026-10-01", "2026-10-31", 30);
        span(gas.getJsonObject("lastYear"), "2025-11-01", "2025-12-01", 30);
        assertThat(gas.getJsonObject("current").getDouble("quantity")).isCloseTo(1500, within(1e-9));
        assertThat(gas.getJsonObject("lastMonth").getDouble("quantity")).isCloseTo(1800, within(1e-9));
        assertThat(gas.getJsonObject("lastMonth").getDouble("change")).isCloseTo(100.0 * (1500 - 1800) / 1800, within(1e-9));
        assertThat(gas.getJsonObject("lastYear").getDouble("quantity")).isCloseTo(1200, within(1e-9));
    }

    @Test
    @Order(2)
    void theHouseholdsDateDecidesTodayOnTheNightOfTheAutumnClockChange() {
        // 23:30 UTC on 25 October 2026 is 00:30 on the 26th in Paris (the 25th had 25 hours): the 25th is complete.
        // Read in UTC it would still be the 25th and gas would stop on the 24th (1,440 kWh, not 1,500).
        CLOCK.set(Instant.parse("2026-10-25T23:30:00Z"));
        JsonObject gas = card("gas");
        span(gas.getJsonObject("current"), "2026-10-01", "2026-10-26", 25);
        assertThat(gas.getJsonObject("current").getDouble("quantity")).isCloseTo(1500, within(1e-9));
        // No gas in September: nothing to compare, said as such rather than as −100 % or +∞.
        assertThat(gas.getJsonObject("lastMonth").getInteger("days")).isZero();
        assertThat(gas.getJsonObject("lastMonth").getValue("change")).isNull();
    }

    @Test
    @Order(1)
    void missingPricesAreNamedWithTheirDaysAndPricedFluidsAreNot() {
        CLOCK.set(Instant.parse("2026-11-15T12:00:00Z"));
        JsonObject gas = card("gas");
        JsonObject now = gas.getJsonObject("current");
        assertThat(now.getValue("cost")).isNull();
        assertThat(now.getBoolean("costsIncomplete")).isTrue();
        assertThat(now.getString("unpricedFrom")).isEqualTo("2026-11-01");
        assertThat(now.getString("unpricedTo")).isEqualTo("2026-11-13");
        // No gas subscription price on any day with data: 1 October to 13 November in one range (consecutive days).
        JsonArray missing = gas.getJsonArray("missingPrices");
        assertThat(missing.stream().map(o -> ((JsonObject) o).getString("component") + " " + ((JsonObject) o).getString("from")
                + " " + ((JsonObject) o).getString("to"))).contains(
                "energy 2026-11-01 2026-11-13", "subscription 2026-10-01 2026-11-13", "subscription 2025-11-01 2025-11-30");
        // Electricity in November: every day priced and with its subscription (14 × 0.50 €).
        JsonObject elec = card("electricity").getJsonObject("current");
        assertThat(elec.getBoolean("costsIncomplete")).isFalse();
        assertThat(elec.getDouble("cost")).isCloseTo(28.0, within(1e-9));
        assertThat(elec.getDouble("subscription")).isCloseTo(7.0, within(1e-9));
        assertThat(elec.getInteger("subscriptionDays")).isEqualTo(14);
        // October has no subscription rows: its costs are short of them, and H2's meters never show up.
        JsonObject elecCard = card("electricity");
        assertThat(elecCard.getJsonObject("lastMonth").getBoolean("costsIncomplete")).isTrue();
        assertThat(elecCard.getJsonArray("missingPrices").stream().map(o -> ((JsonObject) o).getString("from")))
                .containsExactly("2025-11-01", "2026-10-01");
    }

    @Test
    @Order(1)
    void thePeakIsTheMetersOwnMaximumNotAHalfHoursAverageWithAdviceOnTheSubscription() throws Exception {
        try (Connection c = server.db.dataSource().getConnection()) {
            String insert = "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, ?, ?::timestamptz, ? FROM meter WHERE code = ?";
            // The utility's daily maximum of 11 November (stamped at the start of the local day), a live minute's
            // maximum on the 14th, a higher one in October (outside the range) and H2's (another household).
            TestServer.sql(c, insert, "power.max.daily", "2026-11-10T23:00:00Z", 5_500, "H1-elec");
            TestServer.sql(c, insert, "power.apparent.max_1m", "2026-11-14T18:05:00Z", 4_100, "H1-elec");
            TestServer.sql(c, insert, "power.max.daily", "2026-10-05T22:00:00Z", 8_000, "H1-elec");
            TestServer.sql(c, insert, "power.max.daily", "2026-11-10T23:00:00Z", 9_000, "H2-elec");
        }
        HttpResponse<String> r = alice.get("/api/v1/households/H1/analysis?from=2026-11-01&to=2026-11-15");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject a = Browser.json(r);
        // The half-hour average peaks at 1,800 W (900 Wh at 19:00 on the 14th); the meter saw 5,500 VA.
        assertThat(a.getDouble("peakW")).isCloseTo(1800.0, within(1e-9));
        JsonObject peak = a.getJsonObject("meterPeak");
        assertThat(peak.getDouble("va")).isEqualTo(5500.0);
        assertThat(peak.getString("at")).isEqualTo("2026-11-10T23:00:00Z");
        assertThat(peak.getString("atLocal")).isEqualTo("2026-11-11T00:00");
        assertThat(peak.getString("source")).isEqualTo("power.max.daily");
        // 5,500 VA is 92 % of the 6 kVA subscribed: near it, 9 kVA is the next level.
        JsonObject advice = peak.getJsonObject("advice");
        assertThat(advice.getString("kind")).isEqualTo("near");
        assertThat(advice.getInteger("subscribedKva")).isEqualTo(6);
        assertThat(advice.getInteger("suggestedKva")).isEqualTo(9);
    }

    /** {@code count} half-hours of {@code wh} from the day's 00:00, by instant (the autumn DST day's hour twice), 0.0002 €/Wh. */
    static void halfHours(Connection c, String meter, LocalDate day, int from, int count, long wh, boolean incomplete) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(Fixtures.INSERT)) {
            Instant midnight = day.atStartOfDay(Fixtures.PARIS).toInstant();
            for (int i = from; i < from + count; i++) {
                Instant start = midnight.plusSeconds(1800L * i);
                ps.setInt(1, 0);
                ps.setTimestamp(2, Timestamp.from(start));
                ps.setObject(3, java.time.LocalDateTime.ofInstant(start, Fixtures.PARIS));
                ps.setString(4, "total");
                ps.setLong(5, wh);
                ps.setBigDecimal(6, BigDecimal.valueOf(wh).multiply(new BigDecimal("0.0002")));
                ps.setBoolean(7, false);
                ps.setBoolean(8, incomplete);
                ps.setString(9, meter);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Test
    @Order(4)
    void electricityIsCutAtItsLastCompleteHalfHourWhileWaterKeepsItsLastCompleteDay() throws Exception {
        // 15 November 2026, 09:47 in Paris. Electricity's half-hours of the 15th are in from 00:00 to 09:30 (19 of
        // 200 Wh; the 09:30 one still coming in); the 15th of October has 19 of 250 Wh to 09:30, then 1 kWh ones that
        // must not count; the 15th of November 2025, 19 of 150 Wh.
        try (Connection c = server.db.dataSource().getConnection()) {
            halfHours(c, "H1-elec", LocalDate.of(2026, 11, 15), 0, 19, 200, false);
            halfHours(c, "H1-elec", LocalDate.of(2026, 11, 15), 19, 1, 100, true);
            halfHours(c, "H1-elec", LocalDate.of(2026, 10, 15), 0, 19, 250, false);
            halfHours(c, "H1-elec", LocalDate.of(2026, 10, 15), 19, 29, 1000, false);
            halfHours(c, "H1-elec", LocalDate.of(2025, 11, 15), 0, 19, 150, false);
        }
        CLOCK.set(Instant.parse("2026-11-15T08:47:00Z"));
        JsonObject elec = card("electricity");
        JsonObject now = elec.getJsonObject("current");
        // 1 November 00:00 → 15 November 09:30: 14 days of 10 kWh and 19 × 0.2 kWh = 143.8 kWh; 14 × 2.00 € + 19 × 0.04 €.
        span(now, "2026-11-01", "2026-11-16", 15);
        assertThat(now.getString("until")).isEqualTo("09:30");
        assertThat(now.getInteger("halfHours")).isEqualTo(19);
        assertThat(now.getDouble("quantity")).isCloseTo(143.8, within(1e-9));
        assertThat(now.getDouble("cost")).isCloseTo(28.76, within(1e-9));
        assertThat(now.getDouble("subscription")).isCloseTo(7.0, within(1e-9));
        // 1 October 00:00 → 15 October 09:30: 14 × 12 + 19 × 0.25 = 172.75 kWh (not 168, nor 168 + the whole 15th).
        JsonObject lm = elec.getJsonObject("lastMonth");
        span(lm, "2026-10-01", "2026-10-16", 15);
        assertThat(lm.getString("until")).isEqualTo("09:30");
        assertThat(lm.getDouble("quantity")).isCloseTo(172.75, within(1e-9));
        assertThat(lm.getDouble("change")).isCloseTo(100.0 * (143.8 - 172.75) / 172.75, within(1e-9));
        // 1 November 2025 → 15 November 2025 09:30: 14 × 8 + 19 × 0.15 = 114.85 kWh.
        JsonObject ly = elec.getJsonObject("lastYear");
        assertThat(ly.getDouble("quantity")).isCloseTo(114.85, within(1e-9));
        assertThat(ly.getDouble("change")).isCloseTo(100.0 * (143.8 - 114.85) / 114.85, within(1e-9));
        // Water has daily data only: 1–14 November, whole days, no cut.
        JsonObject water = card("water").getJsonObject("current");
        span(water, "2026-11-01", "2026-11-15", 14);
        assertThat(water.getValue("until")).isNull();
    }

    @Test
    @Order(5)
    void onTheAutumnDstMorningTheExtraHourIsNotReadAsARise() throws Exception {
        // 25 October 2026, 09:47 in Paris (the clocks went back at 03:00): 12 kWh a day (250 Wh a half-hour) all
        // along. 1 October → 25 October 09:30 is 24 days and 21 half-hours (293.25 kWh); 1 September → 25 September
        // 09:30 is 24 days and 19 half-hours (292.75 kWh). Per half-hour it is the same: 0 %, where the ratio of
        // totals would say +0.17 %.
        try (Connection c = server.db.dataSource().getConnection()) {
            days(c, "H1-elec", LocalDate.of(2026, 10, 16), LocalDate.of(2026, 10, 25), 12_000, "2.40");
            days(c, "H1-elec", LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 25), 12_000, "2.40");
            halfHours(c, "H1-elec", LocalDate.of(2026, 10, 25), 0, 21, 250, false);
            halfHours(c, "H1-elec", LocalDate.of(2026, 9, 25), 0, 19, 250, false);
        }
        CLOCK.set(Instant.parse("2026-10-25T08:47:00Z"));
        JsonObject elec = card("electricity");
        JsonObject now = elec.getJsonObject("current");
        span(now, "2026-10-01", "2026-10-26", 25);
        assertThat(now.getString("until")).isEqualTo("09:30");
        assertThat(now.getInteger("halfHours")).isEqualTo(21);
        assertThat(now.getDouble("quantity")).isCloseTo(293.25, within(1e-9));
        JsonObject lm = elec.getJsonObject("lastMonth");
        span(lm, "2026-09-01", "2026-09-26", 25);
        assertThat(lm.getInteger("halfHours")).isEqualTo(19);
        assertThat(lm.getDouble("quantity")).isCloseTo(292.75, within(1e-9));
        assertThat(lm.getDouble("change")).isCloseTo(0.0, within(1e-9));
    }
}
