package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.HouseholdProfile;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.consent.Consents;
import org.ecofoyer.storage.Households;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an advisor gets under a consent, through every endpoint and parameter: never finer than its granularity, never
 * outside its dates or fluids, every read in the household's access log; the comparison's figures; similar homes only
 * as aggregates of at least 5 homes.
 */
class AdvisorApiTest {
    TestServer server;
    Browser alice;
    Browser conrad;
    long consentId;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        String code;
        try (Connection c = server.db.dataSource().getConnection()) {
            var u = server.dashboard.accounts().add(c, "conrad", TestServer.PASSWORD, Role.ADVISOR, null, null, "en");
            code = Consents.advisorCode(c, u.id()).orElseThrow();
            Households.setProfile(c, new HouseholdId("H1"), profile(100.0));
        }
        alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        conrad = new Browser(server.base());
        conrad.signIn("conrad", TestServer.PASSWORD);
        // Electricity and gas, by day at the finest, data of October and November 2026.
        HttpResponse<String> r = alice.send("POST", "/api/v1/households/H1/consents", new JsonObject().put("advisorCode", code)
                .put("fluids", new JsonArray().add("electricity").add("gas")).put("granularity", "day").put("dataFrom", "2026-10-01")
                .put("dataTo", "2026-12-01").put("expiresOn", "2027-03-31"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        consentId = Browser.json(r).getLong("id");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static HouseholdProfile profile(double m2) {
        return new HouseholdProfile(m2, 3, HouseholdProfile.HeatingEnergy.GAS, HouseholdProfile.HeatingSystem.BOILER, null, null,
                "69003", null);
    }

    long events(String action) throws Exception {
        return server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H1' AND actor_login = 'conrad' AND action = ?"
                + " AND consent_id = ?", action, consentId);
    }

    /** Every route of the served OpenAPI document under a household, as a GET template with its query parameters. */
    List<Map.Entry<String, List<String>>> householdGets() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(conrad.get("/api/v1/openapi.yaml").body()).get("paths");
        List<Map.Entry<String, List<String>>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!p.getKey().startsWith("/households/{household}") || !p.getValue().has("get")) {
                continue;
            }
            List<String> query = new ArrayList<>();
            HostileInputTest.collectQuery(p.getValue().get("parameters"), query);
            HostileInputTest.collectQuery(p.getValue().get("get").get("parameters"), query);
            out.add(Map.entry(p.getKey(), query));
        }
        return out;
    }

    /**
     * A day consent yields no half-hour through any route or parameter: every documented GET route of a household, with
     * every parameter set to ask for half-hours of 14 November (the fixtures' only half-hours: 50 Wh at 01:00, 900 Wh at
     * 19:00), is refused or carries no half-hour; and the read or the refusal is in the access log, each once.
     */
    @Test
    void aDayConsentNeverYieldsHalfHoursThroughAnyRouteOrParameter() throws Exception {
        Map<String, String> halfHours = Map.ofEntries(Map.entry("step", "half_hour"), Map.entry("from", "2026-11-14"),
                Map.entry("to", "2026-11-15"), Map.entry("fluid", "electricity"), Map.entry("aFrom", "2026-11-14"),
                Map.entry("aTo", "2026-11-15"), Map.entry("bFrom", "2026-11-13"), Map.entry("bTo", "2026-11-14"),
                Map.entry("format", "csv"), Map.entry("compare", "previous"), Map.entry("limit", "1000"));
        List<Map.Entry<String, List<String>>> routes = householdGets();
        assertThat(routes).hasSizeGreaterThan(10);
        int answered = 0;
        for (var route : routes) {
            StringBuilder q = new StringBuilder("/api/v1" + route.getKey().replace("{household}", "H1").replace("{fluid}", "electricity"));
            char sep = '?';
            for (String name : route.getValue()) {
                q.append(sep).append(name).append('=').append(halfHours.getOrDefault(name, "half_hour"));
                sep = '&';
            }
            String path = q.toString();
            long reads = events("read");
            long refusals = events("access.refused");
            long refusalsLastMinute = server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H1' AND actor_login = 'conrad'"
                    + " AND action = 'access.refused' AND at > now() - interval '1 minute'");
            int status;
            String body = "";
            if (path.contains("/live")) {
                status = conrad.status("GET", path, null);
            } else {
                HttpResponse<String> r = conrad.get(path);
                status = r.statusCode();
                body = r.body();
            }
            assertThat(status).as(path).isIn(200, 400, 403);
            if (status == 200) {
                answered++;
                assertThat(body).as(path + ": a half-hour").doesNotContain("T00:30", "T19:00", "T01:00", "\"quantity\":0.9,", "\"quantity\":0.05",
                        "weekdayProfileW");
                assertThat(events("read")).as(path + ": its read logged").isEqualTo(reads + 1);
            } else if (status == 403) {
                // (refusals are logged up to Audit.REFUSALS_PER_MINUTE a minute per household and caller: a flood of them
                // must not flood the log; the routes are more than that, so past the limit nothing more is written)
                assertThat(events("access.refused")).as(path + ": its refusal logged")
                        .isEqualTo(refusalsLastMinute < Audit.REFUSALS_PER_MINUTE ? refusals + 1 : refusals);
                assertThat(events("read")).isEqualTo(reads);
            }
        }
        assertThat(answered).as("some routes do answer (the household, the comparison, similar homes)").isGreaterThanOrEqualTo(3);
        // The household's own export: never for an advisor.
        assertThat(conrad.getBytes("/api/v1/households/H1/export").statusCode()).isEqualTo(403);
    }

    @Test
    void datesAndFluidsOutsideTheConsentAreRefusedInsideAnswered() throws Exception {
        String series = "/api/v1/households/H1/fluids/%s/series?step=%s&from=%s&to=%s";
        assertThat(conrad.get(series.formatted("electricity", "day", "2026-10-01", "2026-12-01")).statusCode()).isEqualTo(200);
        assertThat(conrad.get(series.formatted("electricity", "day", "2026-09-30", "2026-11-01")).statusCode()).isEqualTo(403);
        assertThat(conrad.get(series.formatted("electricity", "day", "2026-11-01", "2026-12-02")).statusCode()).isEqualTo(403);
        assertThat(conrad.get(series.formatted("electricity", "week", "2026-10-01", "2026-12-01")).statusCode()).isEqualTo(200);
        // A year bucket would reach past the dates: refused even though the range is inside.
        assertThat(conrad.get(series.formatted("electricity", "year", "2026-10-01", "2026-12-01")).statusCode()).isEqualTo(403);
        assertThat(conrad.get(series.formatted("water", "day", "2026-10-01", "2026-12-01")).statusCode()).isEqualTo(403);
        // The reference period of a series comparison counts: last year is outside.
        assertThat(conrad.get(series.formatted("electricity", "day", "2026-11-01", "2026-11-15") + "&compare=last_year").statusCode())
                .isEqualTo(403);
        String cmp = "/api/v1/households/H1/comparison?fluid=electricity&aFrom=%s&aTo=%s&bFrom=2026-11-01&bTo=2026-11-15";
        assertThat(conrad.get(cmp.formatted("2025-11-01", "2025-11-15")).statusCode()).isEqualTo(403);
        assertThat(conrad.get("/api/v1/households/H1/similar?fluid=electricity&from=2026-09-01&to=2026-11-01").statusCode()).isEqualTo(403);
        // The household itself: no consent limits.
        assertThat(alice.get(cmp.formatted("2025-11-01", "2025-11-15")).statusCode()).isEqualTo(200);
        // The household as the advisor sees it: the profile, the meters of its fluids, no utility identifier.
        JsonObject h = Browser.json(conrad.get("/api/v1/households/H1"));
        assertThat(h.getJsonObject("profile").getDouble("surfaceM2")).isEqualTo(100.0);
        assertThat(h.getJsonArray("meters").stream().map(o -> ((JsonObject) o).getString("fluid")).toList())
                .containsExactly("electricity", "gas");
    }

    /**
     * 1-14 October (12 kWh, 2.40 € a day) against 1-14 November (10 kWh, 2.00 € a day): 168 against 140 kWh, −28 kWh,
     * −16.67 %, −5.60 €, per m² (100 m²) −0.28; the same as CSV.
     */
    @Test
    void comparisonFiguresAndItsCsv() throws Exception {
        String path = "/api/v1/households/H1/comparison?fluid=electricity&aFrom=2026-10-01&aTo=2026-10-15&bFrom=2026-11-01&bTo=2026-11-15";
        HttpResponse<String> r = conrad.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject c = Browser.json(r);
        assertThat(c.getJsonObject("a").getDouble("quantity")).isEqualTo(168.0);
        assertThat(c.getJsonObject("b").getDouble("quantity")).isEqualTo(140.0);
        assertThat(c.getJsonObject("difference").getDouble("quantity")).isCloseTo(-28.0, within(1e-9));
        assertThat(c.getJsonObject("difference").getDouble("percent")).isCloseTo(-16.667, within(1e-3));
        assertThat(c.getJsonObject("difference").getDouble("cost")).isCloseTo(-5.6, within(1e-9));
        assertThat(c.getJsonObject("difference").getDouble("perM2")).isCloseTo(-0.28, within(1e-9));
        assertThat(c.getBoolean("equalSpans")).isTrue();
        // No weather station in the profile: said, not guessed.
        assertThat(c.getJsonArray("notes")).contains("NO_DJU");
        assertThat(c.getJsonObject("method").getInteger("baseTemperatureC")).isEqualTo(18);
        HttpResponse<String> csv = conrad.get(path + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.body()).startsWith("line,a,b,difference,unit\r\n").contains("consumption at equal length,168.000,140.000,-28.000,kWh")
                .contains("change,,,-16.667,%");
        assertThat(events("read")).isEqualTo(2);
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE consent_id = ? AND detail LIKE '%(CSV)'", consentId)).isEqualTo(1);
    }

    /** Degree-days of the profile's station correct the heating: the page states the station and the base temperature. */
    @Test
    void theWeatherStationsDegreeDaysAreUsed() throws Exception {
        try (Connection c = server.db.dataSource().getConnection()) {
            Households.setProfile(c, new HouseholdId("H1"), new HouseholdProfile(100.0, 3, HouseholdProfile.HeatingEnergy.ELECTRICITY,
                    null, null, null, "69003", "lyon-bron"));
            Map<LocalDate, Double> dju = new java.util.TreeMap<>();
            for (int d = 1; d <= 15; d++) {
                dju.put(LocalDate.of(2026, 10, d), 8.0);
                dju.put(LocalDate.of(2026, 11, d), 12.0);
            }
            org.ecofoyer.aggregation.store.CalendarStore.setDegreeDays(c, "lyon-bron", dju);
        }
        JsonObject stations = Browser.json(alice.get("/api/v1/weather-stations"));
        assertThat(stations.getJsonArray("stations").getJsonObject(0).getString("zone")).isEqualTo("lyon-bron");
        JsonObject c = Browser.json(conrad.get(
                "/api/v1/households/H1/comparison?fluid=electricity&aFrom=2026-10-01&aTo=2026-10-15&bFrom=2026-11-01&bTo=2026-11-15"));
        assertThat(c.getJsonObject("a").getDouble("dju")).isEqualTo(112.0); // 14 days × 8
        assertThat(c.getJsonObject("b").getDouble("dju")).isEqualTo(168.0);
        assertThat(c.getJsonObject("method").getString("weatherStation")).isEqualTo("lyon-bron");
        // Half months only: no complete month to fit a signature on, and the comparison says so.
        assertThat(c.getJsonArray("notes")).contains("NO_SIGNATURE").doesNotContain("NO_DJU");
    }

    /** No station in the profile: the postcode's département names one (zones named "69-..."). */
    @Test
    void thePostcodeFindsTheStationOfItsDepartement() throws Exception {
        try (Connection c = server.db.dataSource().getConnection()) {
            Map<LocalDate, Double> dju = new java.util.TreeMap<>();
            for (int d = 1; d <= 15; d++) {
                dju.put(LocalDate.of(2026, 10, d), 8.0);
                dju.put(LocalDate.of(2026, 11, d), 12.0);
            }
            org.ecofoyer.aggregation.store.CalendarStore.setDegreeDays(c, "69-lyon-bron", dju);
            org.ecofoyer.aggregation.store.CalendarStore.setDegreeDays(c, "13-marignane", Map.of(LocalDate.of(2026, 10, 1), 1.0));
        }
        JsonObject c = Browser.json(conrad.get(
                "/api/v1/households/H1/comparison?fluid=electricity&aFrom=2026-10-01&aTo=2026-10-15&bFrom=2026-11-01&bTo=2026-11-15"));
        assertThat(c.getJsonObject("method").getString("weatherStation")).isEqualTo("69-lyon-bron");
        assertThat(c.getJsonObject("a").getDouble("dju")).isEqualTo(112.0);
    }

    /** Adds a household of H1's cohort with {@code kwh} a day on 1-14 November, taking part in similar homes. */
    void similarHome(String id, double m2, long whPerDay) throws Exception {
        try (Connection c = server.db.dataSource().getConnection()) {
            Households.create(c, new HouseholdId(id), "Similar " + id);
            Households.setProfile(c, new HouseholdId(id), profile(m2));
            TestServer.sql(c, "INSERT INTO meter (code, household_id, fluid, kind) VALUES (?, ?, 'ELECTRICITY', 'LINKY_TIC')", id + "-elec", id);
            try (PreparedStatement ps = c.prepareStatement(Fixtures.INSERT)) {
                for (int d = 1; d <= 14; d++) {
                    var local = LocalDate.of(2026, 11, d).atStartOfDay();
                    ps.setInt(1, 1);
                    ps.setTimestamp(2, Timestamp.from(local.atZone(Fixtures.PARIS).toInstant()));
                    ps.setObject(3, local);
                    ps.setString(4, "total");
                    ps.setLong(5, whPerDay);
                    ps.setBigDecimal(6, java.math.BigDecimal.ONE);
                    ps.setBoolean(7, false);
                    ps.setBoolean(8, false);
                    ps.setString(9, id + "-elec");
                    ps.executeUpdate();
                }
            }
            TestServer.sql(c, "INSERT INTO similar_homes_member (household_id, joined_at) VALUES (?, now())", id);
        }
    }

    /** 4 similar homes: nothing but "too few"; 5: aggregates only, never an id, a name or a series. */
    @Test
    void similarHomesOnlyAsAggregatesOfAtLeastFive() throws Exception {
        String path = "/api/v1/households/H1/similar?fluid=electricity&from=2026-11-01&to=2026-11-15"; // 14 days
        similarHome("S1", 90, 8_000);
        similarHome("S2", 100, 9_000);
        similarHome("S3", 110, 11_000);
        similarHome("S4", 95, 12_000);
        // A home of another cohort (electric heating) and one with a missing day do not count.
        similarHome("X1", 100, 1_000);
        try (Connection c = server.db.dataSource().getConnection()) {
            Households.setProfile(c, new HouseholdId("X1"), new HouseholdProfile(100.0, 3, HouseholdProfile.HeatingEnergy.ELECTRICITY,
                    null, null, null, null, null));
        }
        similarHome("X2", 100, 1_000);
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "DELETE FROM rollup WHERE meter_id = (SELECT id FROM meter WHERE code = 'X2-elec') AND local_start = '2026-11-03'");
        }
        JsonObject four = Browser.json(conrad.get(path));
        assertThat(four.getBoolean("enough")).as(four.encode()).isFalse();
        assertThat(four.getValue("homes")).isNull();
        assertThat(four.getValue("meanQuantity")).isNull();
        assertThat(four.getValue("meanPerM2")).isNull();
        assertThat(four.getValue("lowerShare")).isNull();
        assertThat(four.encode()).doesNotContain("S1", "S2", "S3", "S4", "X1", "X2", "Similar");

        similarHome("S5", 105, 10_000);
        JsonObject five = Browser.json(conrad.get(path));
        assertThat(five.getBoolean("enough")).as(five.encode()).isTrue();
        assertThat(five.getInteger("homes")).isEqualTo(5);
        // (8 + 9 + 11 + 12 + 10) kWh × 14 days / 5 = 140 kWh; H1 itself: 14 × 10 kWh = 140 kWh on 100 m²
        assertThat(five.getDouble("meanQuantity")).isCloseTo(140.0, within(1e-9));
        assertThat(five.getDouble("own")).isEqualTo(140.0);
        assertThat(five.getJsonObject("cohort").getString("heatingEnergy")).isEqualTo("gas");
        assertThat(five.getJsonObject("cohort").getString("surfaceBand")).isEqualTo("80-120");
        assertThat(five.encode()).doesNotContain("S1", "S2", "S3", "S4", "S5", "X1", "Similar", "points", "\"label\"");

        // The household itself sees the card only once it takes part.
        JsonObject notMember = Browser.json(alice.get(path));
        assertThat(notMember.getBoolean("member")).isFalse();
        assertThat(notMember.containsKey("meanQuantity")).isFalse();
        assertThat(alice.send("PUT", "/api/v1/households/H1/similar-homes", new JsonObject().put("member", true)).statusCode()).isEqualTo(204);
        JsonObject own = Browser.json(alice.get(path));
        assertThat(own.getBoolean("member")).isTrue();
        assertThat(own.getInteger("homes")).isEqualTo(5);
    }
}
