package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart API against hand-made rollups (see {@link Fixtures} for the numbers). */
class ConsumptionApiTest {
    static TestServer server;
    static Browser alice;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        alice = new Browser(server.base());
        assertThat(alice.signIn("alice", TestServer.PASSWORD).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static JsonObject get(String path) {
        HttpResponse<String> r = alice.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Browser.json(r);
    }

    @Test
    void overviewComparesThisMonthUpToItsLastCompleteDayWithTheSameDaysOfLastMonthAndLastYear() {
        JsonObject o = get("/api/v1/households/H1/overview");
        assertThat(o.getString("today")).isEqualTo("2026-11-15");
        JsonArray fluids = o.getJsonArray("fluids");
        assertThat(fluids.stream().map(f -> ((JsonObject) f).getString("fluid"))).containsExactly("electricity", "gas", "water");
        JsonObject elec = fluids.getJsonObject(0);
        assertThat(elec.getString("unit")).isEqualTo("kWh");
        // The 15th is incomplete (today): 1–14 November, 14 days of 10 kWh.
        JsonObject now = elec.getJsonObject("current");
        assertThat(now.getString("from")).isEqualTo("2026-11-01");
        assertThat(now.getString("to")).isEqualTo("2026-11-15");
        assertThat(now.getDouble("quantity")).isCloseTo(140.0, within(1e-9));
        assertThat(now.getDouble("cost")).isCloseTo(28.0, within(1e-9));
        assertThat(now.getDouble("subscription")).isCloseTo(7.0, within(1e-9));
        assertThat(now.getBoolean("estimated")).isTrue();
        assertThat(now.getJsonObject("periods").getJsonObject("HP").getDouble("quantity")).isCloseTo(84.0, within(1e-9));
        JsonObject lastMonth = elec.getJsonObject("lastMonth");
        assertThat(lastMonth.getString("from")).isEqualTo("2026-10-01");
        assertThat(lastMonth.getString("to")).isEqualTo("2026-10-15");
        assertThat(lastMonth.getDouble("quantity")).isCloseTo(168.0, within(1e-9));
        assertThat(lastMonth.getDouble("cost")).isCloseTo(33.6, within(1e-9));
        JsonObject lastYear = elec.getJsonObject("lastYear");
        assertThat(lastYear.getString("from")).isEqualTo("2025-11-01");
        assertThat(lastYear.getDouble("quantity")).isCloseTo(112.0, within(1e-9));
        assertThat(lastYear.getDouble("cost")).isCloseTo(21.0, within(1e-9));
        JsonObject water = fluids.getJsonObject(2);
        assertThat(water.getString("unit")).isEqualTo("L");
        assertThat(water.getJsonObject("current").getDouble("quantity")).isCloseTo(2100.0, within(1e-9));
        assertThat(water.getJsonObject("current").getDouble("cost")).isCloseTo(8.4, within(1e-9));
        assertThat(water.getJsonObject("lastMonth").getDouble("change")).isCloseTo(0.0, within(1e-9));
        // No gas at all: no figures rather than zeros compared with nothing.
        assertThat(fluids.getJsonObject(1).getValue("current")).isNull();
        assertThat(fluids.getJsonObject(1).getValue("lastCompleteDay")).isNull();
    }

    @Test
    void aChartsSummaryComparesEqualSpansAndAMonthShowsItsEstimatedShare() {
        // November under way (complete through the 14th) against the whole of October: the summary compares
        // 1–14 November (140 kWh) with 1–14 October (168 kWh), not 150 with October's 15 days of data as a month.
        JsonObject s = get("/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-11-01&to=2026-12-01&compare=previous");
        JsonObject eq = s.getJsonObject("equalSpans");
        assertThat(eq.getJsonObject("current").getString("from")).isEqualTo("2026-11-01");
        assertThat(eq.getJsonObject("current").getString("to")).isEqualTo("2026-11-15");
        assertThat(eq.getJsonObject("current").getDouble("quantity")).isCloseTo(140.0, within(1e-9));
        assertThat(eq.getJsonObject("comparison").getString("from")).isEqualTo("2026-10-01");
        assertThat(eq.getJsonObject("comparison").getString("to")).isEqualTo("2026-10-15");
        assertThat(eq.getJsonObject("comparison").getDouble("quantity")).isCloseTo(168.0, within(1e-9));
        assertThat(eq.getDouble("change")).isCloseTo(100.0 * (140 - 168) / 168, within(1e-9));
        // A day estimated as a whole (no half-hours to say which part) is all estimated; the 14th is not.
        assertThat(s.getJsonArray("points").getJsonObject(2).getDouble("estimatedShare")).isEqualTo(1.0);
        assertThat(s.getJsonArray("points").getJsonObject(13).getDouble("estimatedShare")).isEqualTo(0.0);
        // November as a month: one estimated day of 10 kWh in 150 kWh is 6.7 %, not the whole month hatched.
        JsonObject m = get("/api/v1/households/H1/fluids/electricity/series?step=month&from=2026-01-01&to=2027-01-01");
        JsonObject nov = m.getJsonArray("points").stream().map(o -> (JsonObject) o)
                .filter(p -> p.getString("label").equals("2026-11-01T00:00")).findFirst().orElseThrow();
        assertThat(nov.getBoolean("estimated")).isTrue();
        assertThat(nov.getDouble("estimatedShare")).isCloseTo(10.0 / 150, within(1e-9));
        assertThat(m.containsKey("equalSpans")).isFalse();
    }

    @Test
    void dailySeriesHasOnePointPerDayWithPeriodsEstimatesAndAverages() {
        JsonObject s = get("/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-11-01&to=2026-12-01");
        JsonArray points = s.getJsonArray("points");
        assertThat(points).hasSize(15);
        JsonObject first = points.getJsonObject(0);
        assertThat(first.getString("label")).isEqualTo("2026-11-01T00:00");
        assertThat(first.getString("start")).isEqualTo("2026-10-31T23:00:00Z");
        assertThat(first.getDouble("quantity")).isCloseTo(10.0, within(1e-9));
        assertThat(first.getDouble("cost")).isCloseTo(2.0, within(1e-9));
        assertThat(first.getJsonObject("periods").getJsonObject("HC").getDouble("cost")).isCloseTo(0.70, within(1e-9));
        assertThat(points.getJsonObject(2).getBoolean("estimated")).isTrue();
        assertThat(points.getJsonObject(1).getBoolean("estimated")).isFalse();
        assertThat(points.getJsonObject(14).getBoolean("incomplete")).isTrue();
        JsonObject totals = s.getJsonObject("totals");
        assertThat(totals.getDouble("quantity")).isCloseTo(150.0, within(1e-9));
        assertThat(totals.getJsonObject("average").getDouble("quantity")).isCloseTo(10.0, within(1e-9));
        assertThat(totals.getJsonObject("average").getDouble("cost")).isCloseTo(2.0, within(1e-9));
        assertThat(s.containsKey("comparison")).isFalse();
    }

    @Test
    void weeksAreMondayToSundaySumsOfDays() {
        JsonObject s = get("/api/v1/households/H1/fluids/electricity/series?step=week&from=2026-10-26&to=2026-11-16");
        JsonArray points = s.getJsonArray("points");
        assertThat(points.stream().map(p -> ((JsonObject) p).getString("label")))
                .containsExactly("2026-10-26T00:00", "2026-11-02T00:00", "2026-11-09T00:00");
        // 26 Oct - 1 Nov has only 1 Nov in the fixtures (Oct data stops on the 15th).
        assertThat(points.getJsonObject(0).getDouble("quantity")).isCloseTo(10.0, within(1e-9));
        assertThat(points.getJsonObject(0).getBoolean("incomplete")).isTrue();
        assertThat(points.getJsonObject(1).getDouble("quantity")).isCloseTo(70.0, within(1e-9));
        assertThat(points.getJsonObject(1).getDouble("cost")).isCloseTo(14.0, within(1e-9));
        assertThat(points.getJsonObject(1).getBoolean("estimated")).isTrue();
        assertThat(points.getJsonObject(1).getJsonObject("periods").getJsonObject("HP").getDouble("quantity")).isCloseTo(42.0, within(1e-9));
        assertThat(points.getJsonObject(2).getDouble("quantity")).isCloseTo(70.0, within(1e-9));
    }

    @Test
    void comparisonWithThePreviousMonthAndTheSameMonthLastYear() {
        JsonObject prev = get("/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-11-01&to=2026-12-01&compare=previous")
                .getJsonObject("comparison");
        assertThat(prev.getString("from")).isEqualTo("2026-10-01");
        assertThat(prev.getString("to")).isEqualTo("2026-11-01");
        assertThat(prev.getJsonArray("points")).hasSize(15);
        assertThat(prev.getJsonArray("points").getJsonObject(0).getDouble("quantity")).isCloseTo(12.0, within(1e-9));
        assertThat(prev.getJsonObject("totals").getDouble("quantity")).isCloseTo(180.0, within(1e-9));
        JsonObject ly = get("/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-11-01&to=2026-12-01&compare=last_year")
                .getJsonObject("comparison");
        assertThat(ly.getString("from")).isEqualTo("2025-11-01");
        assertThat(ly.getJsonObject("totals").getDouble("cost")).isCloseTo(22.5, within(1e-9));
    }

    @Test
    void halfHoursMonthsAndWater() {
        JsonArray hh = get("/api/v1/households/H1/fluids/electricity/series?step=half_hour&from=2026-11-14&to=2026-11-15").getJsonArray("points");
        assertThat(hh).hasSize(48);
        assertThat(hh.getJsonObject(2).getString("label")).isEqualTo("2026-11-14T01:00");
        assertThat(hh.getJsonObject(2).getDouble("quantity")).isCloseTo(0.05, within(1e-9));
        assertThat(hh.getJsonObject(38).getDouble("quantity")).isCloseTo(0.9, within(1e-9));
        JsonArray months = get("/api/v1/households/H1/fluids/electricity/series?step=month&from=2026-01-01&to=2027-01-01").getJsonArray("points");
        assertThat(months.stream().map(p -> ((JsonObject) p).getDouble("quantity"))).containsExactly(180.0, 150.0);
        JsonObject water = get("/api/v1/households/H1/fluids/water/series?step=day&from=2026-11-01&to=2026-12-01");
        assertThat(water.getString("unit")).isEqualTo("L");
        assertThat(water.getJsonArray("points").getJsonObject(0).getDouble("quantity")).isCloseTo(150.0, within(1e-9));
    }

    @Test
    void analysisFindsTheStandbyBaselineThePeakAndThePeriodShares() {
        JsonObject a = get("/api/v1/households/H1/analysis?from=2026-11-14&to=2026-11-15");
        assertThat(a.getDouble("baselineW")).isCloseTo(100.0, within(1e-9));
        assertThat(a.getDouble("baselineKwhPerYear")).isCloseTo(876.6, within(1e-9));
        // 10 kWh cost 2.00 € that day: 0.20 €/kWh; 876.6 kWh a year of standby.
        assertThat(a.getDouble("baselineCostPerYear")).isCloseTo(175.32, within(1e-9));
        assertThat(a.getDouble("peakW")).isCloseTo(1800.0, within(1e-9));
        assertThat(a.getString("peakLocal")).isEqualTo("2026-11-14T19:00");
        assertThat(a.getJsonObject("periodShare").getDouble("HP")).isCloseTo(0.6, within(1e-9));
        assertThat(a.getJsonArray("weekendProfileW")).hasSize(48);
        assertThat(a.getJsonArray("weekendProfileW").getDouble(38)).isCloseTo(1800.0, within(1e-9));
        assertThat(a.getJsonArray("dayHourKwh")).hasSize(1);
        assertThat(a.getJsonArray("dayHourKwh").getJsonObject(0).getJsonArray("kwh").getDouble(19)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void badParametersAnswerProblemJson400() {
        for (String q : new String[] {"step=fortnight&from=2026-11-01&to=2026-12-01", "step=day&from=2026-11-01",
                "step=day&from=2026-12-01&to=2026-11-01", "step=half_hour&from=2026-01-01&to=2026-12-01",
                "step=day&from=yesterday&to=2026-12-01", "step=day&from=2026-11-01&to=2026-12-01&compare=someday"}) {
            HttpResponse<String> r = alice.get("/api/v1/households/H1/fluids/electricity/series?" + q);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(r.headers().firstValue("content-type")).as(q).hasValue("application/problem+json");
        }
        assertThat(alice.get("/api/v1/households/H1/fluids/steam/series?step=day&from=2026-11-01&to=2026-12-01").statusCode()).isEqualTo(404);
    }
}
