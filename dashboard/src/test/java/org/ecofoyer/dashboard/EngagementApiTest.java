package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engagement figures of the fixtures' household H1 on 2026-11-15 (see {@link Fixtures}), worked out by hand: the
 * monthly report, the forecast, the ecogestures' savings and a challenge's progress and result.
 */
class EngagementApiTest {
    TestServer server;
    Browser alice;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    JsonObject get(String path) {
        var r = alice.get("/api/v1/households/H1" + path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    static JsonObject fluid(JsonObject o, String fluid) {
        return o.getJsonArray("fluids").stream().map(x -> (JsonObject) x).filter(x -> x.getString("fluid").equals(fluid)).findFirst().orElseThrow();
    }

    @Test
    void theReportComparesEqualBasesAndNamesTheMissingDays() {
        JsonObject r = get("/report?month=2026-11");
        JsonObject e = fluid(r, "electricity");
        // November: days 1-14 whole (the 15th is under way), 10 kWh and 2.00 € each; 16 days missing (15 to 30).
        assertThat(e.getJsonObject("month").getDouble("quantity")).isEqualTo(140.0);
        assertThat(e.getJsonObject("month").getDouble("eur")).isCloseTo(28.00, within(1e-9));
        assertThat(e.getJsonObject("month").getInteger("days")).isEqualTo(14);
        assertThat(e.getJsonObject("month").getJsonArray("missingDays")).hasSize(16).startsWith("2026-11-15").endsWith("2026-11-30");
        // Both months miss days: averages per day with data, 10 kWh vs 12 kWh (October 1-15) = -16.7 %, not 140 vs 180 (-22 %).
        JsonObject lm = e.getJsonObject("vsLastMonth");
        assertThat(lm.getString("basis")).isEqualTo("daily_average");
        assertThat(lm.getDouble("pct")).isCloseTo((10.0 - 12.0) / 12.0 * 100, within(1e-9));
        assertThat(e.getJsonObject("eurVsLastMonth").getDouble("pct")).isCloseTo((2.00 - 2.40) / 2.40 * 100, within(1e-9));
        // A year before: 8 kWh a day over 1-15 November 2025: +25 %.
        assertThat(e.getJsonObject("vsLastYear").getDouble("pct")).isCloseTo(25.0, within(1e-9));
        JsonObject w = fluid(r, "water");
        assertThat(w.getJsonObject("month").getDouble("quantity")).isEqualTo(14 * 150.0);
        assertThat(w.getJsonObject("vsLastMonth").getDouble("pct")).isCloseTo(0.0, within(1e-9));
        assertThat(w.getJsonObject("vsLastYear")).isNull(); // no water a year before: nothing to compare
        assertThat(fluid(r, "gas").getJsonObject("month").getInteger("days")).isZero();
        assertThat(r.getJsonObject("biggestChange").getString("fluid")).isEqualTo("electricity");
        // The suggestion: the electricity gesture saving the most, cutting standby (10 % of the appliances' share 17/23).
        JsonObject g = r.getJsonObject("gesture");
        assertThat(g.getString("id")).isEqualTo("elec-standby");
        double yearly = (8 + 15 * 12 + 14 * 10) * 365.0 / 30; // 15 Nov 2025 + 1-15 Oct + 1-14 Nov 2026, over 30 days
        assertThat(g.getJsonObject("saving").getDouble("quantity")).isCloseTo(yearly * 17 / 23 * 0.10, within(0.05));
        assertThat(g.getJsonObject("saving").getDouble("eur")).isCloseTo(yearly * 17 / 23 * 0.10 * (1.50 + 36.00 + 28.00) / 328, within(0.005));
        assertThat(g.getJsonObject("source").getString("name")).contains("ADEME");
        // The default month is the last one; a month to come is refused.
        assertThat(get("/report").getString("month")).isEqualTo("2026-10");
        assertThat(alice.get("/api/v1/households/H1/report?month=2026-12").statusCode()).isEqualTo(400);
    }

    @Test
    void theForecastProjectsTheRestAtTheRecentRate() {
        JsonObject f = get("/forecast");
        JsonObject e = fluid(f, "electricity");
        // 140 kWh over 14 days, the 16 days left at 10 kWh a day; euros with the subscription (2.00 + 0.50 a day).
        assertThat(e.getJsonObject("month").getDouble("total")).isCloseTo(140 + 16 * 10.0, within(1e-9));
        assertThat(e.getJsonObject("month").getDouble("totalEur")).isCloseTo(35.00 + 16 * 2.50, within(1e-9));
        // The year: 320 kWh over 29 days (2026 has no gap-free history to take the rest from last year), 336 days at 10.
        assertThat(e.getJsonObject("year").getString("basis")).isEqualTo("recent_rate");
        assertThat(e.getJsonObject("year").getDouble("total")).isCloseTo(320 + 336 * 10.0, within(1e-9));
        assertThat(e.getJsonObject("year").getDouble("totalEur")).isCloseTo(36.00 + 28.00 + 7.00 + 336 * 2.50, within(1e-9));
        JsonObject w = fluid(f, "water");
        assertThat(w.getJsonObject("month").getDouble("total")).isCloseTo(30 * 150.0, within(1e-9));
        assertThat(f.getDouble("monthEur")).isCloseTo(75.00 + 18.00, within(1e-9));
        assertThat(f.getString("method")).contains("28 days");
    }

    @Test
    void ecogesturesCountWhatIsDone() {
        JsonObject g = get("/ecogestures");
        assertThat(g.getJsonArray("gestures").size()).isGreaterThanOrEqualTo(30);
        for (Object o : g.getJsonArray("gestures")) {
            JsonObject x = (JsonObject) o;
            assertThat(x.getJsonObject("title").getString("fr")).isNotBlank();
            assertThat(x.getJsonObject("title").getString("en")).isNotBlank();
            assertThat(x.getJsonObject("source").getString("url")).startsWith("https://");
        }
        // No heating or hot water said in the profile: those gestures do not apply; cooking, appliances and water do.
        assertThat(g.getJsonObject("progress").getInteger("applicable")).isEqualTo(4 + 10 + 10);
        assertThat(alice.send("PUT", "/api/v1/households/H1/ecogestures/elec-standby", new JsonObject().put("status", "done")).statusCode())
                .isEqualTo(204);
        assertThat(alice.send("PUT", "/api/v1/households/H1/ecogestures/cook-lid", new JsonObject().put("status", "not_for_me")).statusCode())
                .isEqualTo(204);
        assertThat(alice.send("PUT", "/api/v1/households/H1/ecogestures/no-such", new JsonObject().put("status", "done")).statusCode())
                .isEqualTo(404);
        JsonObject p = get("/ecogestures").getJsonObject("progress");
        assertThat(p.getInteger("done")).isEqualTo(1);
        assertThat(p.getInteger("notForMe")).isEqualTo(1);
        assertThat(p.getJsonArray("savedPerYear").getJsonObject(0).getDouble("quantity")).isCloseTo(295.0, within(0.05));
        // Once done, the report suggests the next one: line-drying (10 %, ADEME's 301 kWh a year of a dryer, checked in #16).
        assertThat(get("/report?month=2026-11").getJsonObject("gesture").getString("id")).isEqualTo("elec-dryer");
        // A heating household: its heating gestures apply.
        assertThat(alice.send("PUT", "/api/v1/households/H1/profile", new JsonObject().put("heatingEnergy", "electricity")).statusCode())
                .isEqualTo(200);
        assertThat(get("/ecogestures").getJsonObject("progress").getInteger("applicable")).isEqualTo(4 + 10 + 10 + 8); // not the boiler
    }

    @Test
    void aChallengeShowsItsProgressAndIsDecided() throws Exception {
        try (Connection k = server.db.dataSource().getConnection()) {
            // Won in October (7 days × 12 kWh = 84 ≤ 90); the week after, lost (84 > 72): each decided when next looked at.
            TestServer.sql(k, "INSERT INTO challenge (household_id, fluid, target_pct, starts_on, ends_on, baseline, created_at) VALUES"
                    + " ('H1', 'ELECTRICITY', 10, date '2026-10-01', date '2026-10-08', 100, now())");
            assertThat(get("/challenges").getJsonArray("challenges").getJsonObject(0).getString("result")).isEqualTo("won");
            TestServer.sql(k, "INSERT INTO challenge (household_id, fluid, target_pct, starts_on, ends_on, baseline, created_at) VALUES"
                    + " ('H1', 'ELECTRICITY', 10, date '2026-10-08', date '2026-10-15', 80, now())");
        }
        var started = alice.send("POST", "/api/v1/households/H1/challenges", new JsonObject().put("fluid", "electricity").put("targetPct", 10));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonObject c = new JsonObject(started.body());
        // The usual week: 140 kWh over the 14 days with data of the 28 before, times 7.
        assertThat(c.getDouble("usual")).isCloseTo(70.0, within(1e-9));
        assertThat(c.getDouble("target")).isCloseTo(63.0, within(1e-9));
        assertThat(c.getInteger("daysWithData")).isZero();
        assertThat(c.getString("result")).isNull();
        assertThat(alice.send("POST", "/api/v1/households/H1/challenges", new JsonObject().put("fluid", "electricity")).statusCode())
                .isEqualTo(409);
        assertThat(alice.send("POST", "/api/v1/households/H1/challenges", new JsonObject().put("fluid", "gas")).statusCode())
                .isEqualTo(400); // no history of gas
        try (Connection k = server.db.dataSource().getConnection()) {
            // Water under way since 9 November: 6 whole days of 150 L against a usual 150 L a day, target 20 % less.
            TestServer.sql(k, "INSERT INTO challenge (household_id, fluid, target_pct, starts_on, ends_on, baseline, created_at) VALUES"
                    + " ('H1', 'WATER', 20, date '2026-11-09', date '2026-11-16', 1050, now())");
        }
        JsonArray all = get("/challenges").getJsonArray("challenges");
        JsonObject water = all.stream().map(x -> (JsonObject) x).filter(x -> x.getString("fluid").equals("water")).findFirst().orElseThrow();
        assertThat(water.getDouble("soFar")).isEqualTo(6 * 150.0);
        assertThat(water.getInteger("daysWithData")).isEqualTo(6);
        assertThat(water.getDouble("allowedSoFar")).isCloseTo(1050 * 0.8 * 6 / 7, within(1e-9));
        assertThat(water.getBoolean("onTrack")).isFalse();
        assertThat(water.getDouble("pctVsUsual")).isCloseTo(0.0, within(1e-9));
        assertThat(all.stream().map(x -> ((JsonObject) x).getString("startsOn") + ":" + ((JsonObject) x).getString("result")))
                .contains("2026-10-01:won", "2026-10-08:lost", "2026-11-09:null", "2026-11-15:null");
        assertThat(server.count("SELECT count(*) FROM challenge WHERE result = 'won' AND result_quantity = 84")).isEqualTo(1);
    }
}
