package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every endpoint × every kind of caller → the expected status. The household routes all target H1: its own account
 * (alice) gets the answer, everyone else a 404 as if H1 did not exist (bob of H2, the advisor without consent, the
 * installer, the operator); anonymous callers get 401. Callers carry a valid CSRF token, so the matrix tests
 * authorisation, not CSRF (that is {@link AccountApiTest}'s job).
 */
class AuthorisationMatrixTest {
    static TestServer server;
    static final Map<String, Browser> CALLERS = new LinkedHashMap<>();

    record Endpoint(String method, String path, JsonObject body, Map<String, Integer> expected) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        Browser anonymous = new Browser(server.base());
        anonymous.get("/api/v1/csrf");
        CALLERS.put("anonymous", anonymous);
        for (String[] who : new String[][] {{"own household", "alice"}, {"another household", "bob"}, {"advisor", "adele"},
                {"installer", "ivan"}, {"operator", "olga"}, {"consenting advisor", "conrad"}}) {
            Browser b = new Browser(server.base());
            if (who[1].equals("conrad")) {
                grantConrad(CALLERS.get("own household"));
            }
            assertThat(b.signIn(who[1], TestServer.PASSWORD).statusCode()).isEqualTo(200);
            CALLERS.put(who[0], b);
        }
    }

    /**
     * A second advisor, conrad, holding H1's consent (granted by alice through the API with conrad's code): electricity
     * and gas, by day at the finest, data of October and November 2026, until mid-2027.
     */
    static void grantConrad(Browser alice) throws Exception {
        String code;
        try (java.sql.Connection c = server.db.dataSource().getConnection()) {
            var conrad = server.dashboard.accounts().add(c, "conrad", TestServer.PASSWORD, org.ecofoyer.dashboard.auth.Role.ADVISOR,
                    null, null, "en");
            code = org.ecofoyer.dashboard.consent.Consents.advisorCode(c, conrad.id()).orElseThrow();
        }
        var r = alice.send("POST", "/api/v1/households/H1/consents", new JsonObject().put("advisorCode", code)
                .put("fluids", new io.vertx.core.json.JsonArray().add("electricity").add("gas")).put("granularity", "day")
                .put("dataFrom", "2026-10-01").put("dataTo", "2026-12-01").put("expiresOn", "2027-06-30"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** anonymous, own household, another household, advisor, installer, operator; the consenting advisor as the advisor. */
    static Map<String, Integer> expect(int anonymous, int own, int other, int advisor, int installer, int operator) {
        return expect(anonymous, own, other, advisor, installer, operator, advisor);
    }

    /** ... and the advisor holding H1's consent (electricity and gas, days, October-November 2026). */
    static Map<String, Integer> expect(int anonymous, int own, int other, int advisor, int installer, int operator, int consenting) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("anonymous", anonymous);
        m.put("own household", own);
        m.put("another household", other);
        m.put("advisor", advisor);
        m.put("installer", installer);
        m.put("operator", operator);
        m.put("consenting advisor", consenting);
        return m;
    }

    static List<Endpoint> endpoints() {
        List<Endpoint> e = new ArrayList<>();
        // The consenting advisor reads the household, its day series of its fluids and dates, the comparison and the
        // similar homes; everything else of the household is refused (403, and logged), never answered.
        Map<String, Integer> household = expect(401, 200, 404, 404, 404, 404, 403);
        Map<String, Integer> shared = expect(401, 200, 404, 404, 404, 404, 200);
        e.add(new Endpoint("GET", "/api/v1/households/H1", null, shared));
        for (String p : new String[] {"/sources", "/access-log", "/export", "/overview", "/analysis", "/now",
                "/fluids/water/series?step=month&from=2026-01-01&to=2027-01-01", "/live",
                // finer than the consent, outside its dates, a reference period outside them, a month bucket cut by the range
                "/fluids/electricity/series?step=half_hour&from=2026-11-14&to=2026-11-15",
                "/fluids/electricity/series?step=day&from=2026-09-01&to=2026-11-01",
                "/fluids/electricity/series?step=day&from=2026-11-01&to=2026-11-15&compare=last_year",
                "/fluids/electricity/series?step=month&from=2026-10-15&to=2026-11-15",
                "/comparison?fluid=water&aFrom=2026-10-01&aTo=2026-10-15&bFrom=2026-11-01&bTo=2026-11-15"}) {
            e.add(new Endpoint("GET", "/api/v1/households/H1" + p, null, household));
        }
        for (String p : new String[] {"/fluids/electricity/series?step=day&from=2026-11-01&to=2026-12-01",
                "/fluids/electricity/series?step=day&from=2026-11-01&to=2026-11-15&compare=previous",
                "/fluids/electricity/series?step=month&from=2026-10-01&to=2026-12-01",
                "/comparison?fluid=electricity&aFrom=2026-10-01&aTo=2026-10-15&bFrom=2026-11-01&bTo=2026-11-15",
                "/comparison?fluid=electricity&aFrom=2026-10-01&aTo=2026-10-15&bFrom=2026-11-01&bTo=2026-11-15&format=csv",
                "/similar?fluid=electricity&from=2026-11-01&to=2026-11-15"}) {
            e.add(new Endpoint("GET", "/api/v1/households/H1" + p, null, shared));
        }
        // Erasure with a wrong password: the owner is refused for the password (403), nothing is erased; others 404.
        e.add(new Endpoint("DELETE", "/api/v1/households/H1", new JsonObject().put("confirm", "H1").put("password", "not it"),
                expect(401, 403, 404, 404, 404, 404, 403)));
        // The household's own settings: the profile, its consents, similar homes. Never an advisor's.
        e.add(new Endpoint("PUT", "/api/v1/households/H1/profile", new JsonObject().put("surfaceM2", 90).put("occupants", 3),
                expect(401, 200, 404, 404, 404, 404, 403)));
        e.add(new Endpoint("GET", "/api/v1/households/H1/consents", null, household));
        // (a consent ending yesterday: refused for the owner too, so the matrix changes no consent)
        e.add(new Endpoint("POST", "/api/v1/households/H1/consents", new JsonObject().put("advisorCode", "ABCDEFGHJK")
                .put("fluids", new io.vertx.core.json.JsonArray().add("gas")).put("granularity", "month").put("dataFrom", "2026-01-01")
                .put("dataTo", "2026-02-01").put("expiresOn", "2026-11-14"), expect(401, 400, 404, 404, 404, 404, 403)));
        JsonObject narrower = new JsonObject().put("fluids", new io.vertx.core.json.JsonArray().add("gas")).put("granularity", "month")
                .put("dataFrom", "2026-10-01").put("dataTo", "2026-11-01").put("expiresOn", "2027-01-31");
        e.add(new Endpoint("PATCH", "/api/v1/households/H1/consents/999999", narrower, expect(401, 404, 404, 404, 404, 404, 403)));
        e.add(new Endpoint("DELETE", "/api/v1/households/H1/consents/999999", null, expect(401, 404, 404, 404, 404, 404, 403)));
        e.add(new Endpoint("PUT", "/api/v1/households/H1/similar-homes", new JsonObject().put("member", false),
                expect(401, 204, 404, 404, 404, 404, 403)));
        // Engagement (#16): the household's own; any advisor, consenting or not, gets nothing of it.
        for (String p : new String[] {"/alerts", "/engagement-settings", "/forecast", "/report?month=2026-10", "/ecogestures", "/challenges"}) {
            e.add(new Endpoint("GET", "/api/v1/households/H1" + p, null, household));
        }
        e.add(new Endpoint("POST", "/api/v1/households/H1/alerts/seen", new JsonObject(), expect(401, 204, 404, 404, 404, 404, 403)));
        e.add(new Endpoint("PUT", "/api/v1/households/H1/engagement-settings", new JsonObject().put("budgetEur", 0),
                expect(401, 400, 404, 404, 404, 404, 403)));
        e.add(new Endpoint("PUT", "/api/v1/households/H1/ecogestures/elec-led", new JsonObject().put("status", "done"),
                expect(401, 204, 404, 404, 404, 404, 403)));
        // (a fluid H1 has no week of history for: refused for the owner too, so the matrix starts no challenge)
        e.add(new Endpoint("POST", "/api/v1/households/H1/challenges", new JsonObject().put("fluid", "gas").put("targetPct", 10),
                expect(401, 400, 404, 404, 404, 404, 403)));
        e.add(new Endpoint("GET", "/api/v1/advisor/households", null, expect(401, 403, 403, 200, 403, 403, 200)));
        // Advisors' requests: only the household answers (an unknown request: 404), only an advisor asks or withdraws
        // (terms ending yesterday: refused for advisors too, so the matrix makes no request).
        e.add(new Endpoint("POST", "/api/v1/households/H1/consent-requests/999999/accept", new JsonObject(),
                expect(401, 404, 404, 404, 404, 404, 403)));
        e.add(new Endpoint("POST", "/api/v1/households/H1/consent-requests/999999/decline", new JsonObject(),
                expect(401, 404, 404, 404, 404, 404, 403)));
        e.add(new Endpoint("POST", "/api/v1/advisor/requests", narrower.copy().put("household", "alice").put("expiresOn", "2026-11-14"),
                expect(401, 403, 403, 400, 403, 403, 400)));
        e.add(new Endpoint("DELETE", "/api/v1/advisor/requests/999999", null, expect(401, 403, 403, 404, 403, 403, 404)));
        e.add(new Endpoint("GET", "/api/v1/weather-stations", null, expect(401, 200, 200, 200, 200, 200, 200)));
        e.add(new Endpoint("GET", "/api/v1/me", null, expect(401, 200, 200, 200, 200, 200)));
        e.add(new Endpoint("PATCH", "/api/v1/me", new JsonObject().put("locale", "fr"), expect(401, 204, 204, 204, 204, 204)));
        e.add(new Endpoint("POST", "/api/v1/me/password", new JsonObject().put("current", "not it").put("new", "some long new password"),
                expect(401, 403, 403, 403, 403, 403)));
        e.add(new Endpoint("POST", "/api/v1/invitations", new JsonObject().put("role", "household").put("household", "H1"),
                expect(401, 201, 403, 403, 403, 201)));
        e.add(new Endpoint("POST", "/api/v1/invitations", new JsonObject().put("role", "advisor"),
                expect(401, 403, 403, 403, 403, 201)));
        e.add(new Endpoint("GET", "/api/v1/invitations/no-such-token", null, expect(404, 404, 404, 404, 404, 404)));
        // Prices: public tariffs, read by anyone signed in; changed by operators only (a household's attempt: 403).
        e.add(new Endpoint("GET", "/api/v1/prices", null, expect(401, 200, 200, 200, 200, 200)));
        JsonObject price = new JsonObject().put("prices", new io.vertx.core.json.JsonArray().add(new JsonObject()
                .put("fluid", "ELECTRICITY").put("option", "HPHC").put("component", "energy").put("period", "HP")
                .put("validFrom", "2025-02-01").put("validTo", "2025-08-01").put("amount", 0.2146)));
        e.add(new Endpoint("POST", "/api/v1/prices", price, expect(401, 403, 403, 403, 403, 200)));
        e.add(new Endpoint("PUT", "/api/v1/prices", price, expect(401, 403, 403, 403, 403, 200)));
        // Commissioning: installers and operators only (no gateway is registered here: an empty list, an unknown one 404).
        e.add(new Endpoint("GET", "/api/v1/gateways", null, expect(401, 403, 403, 403, 200, 200)));
        e.add(new Endpoint("GET", "/api/v1/gateways/gw-none/commissioning", null, expect(401, 403, 403, 403, 404, 404)));
        e.add(new Endpoint("GET", "/api/v1/openapi.yaml", null, expect(200, 200, 200, 200, 200, 200)));
        e.add(new Endpoint("GET", "/api/v1/csrf", null, expect(200, 200, 200, 200, 200, 200)));
        // An invitation that does not exist cannot be accepted by anyone; a wrong sign-in is 401 for everyone.
        e.add(new Endpoint("POST", "/api/v1/invitations/no-such-token/accept", new JsonObject().put("login", "newcomer")
                .put("password", "a long enough password"), expect(404, 404, 404, 404, 404, 404)));
        // (Sign-in without a password: refused alike for everyone; wrong passwords are AccountApiTest's, being throttled.)
        e.add(new Endpoint("POST", "/api/v1/session", new JsonObject().put("login", "alice"), expect(400, 400, 400, 400, 400, 400)));
        // Enedis is not configured here: its routes do not exist (for the household itself too), and no one learns more.
        // (the consenting advisor is refused before any route: an advisor changes nothing of a household)
        e.add(new Endpoint("POST", "/api/v1/households/H1/enedis/consent", new JsonObject().put("usagePointId", "09111642617347"),
                expect(401, 404, 404, 404, 404, 404, 403)));
        e.add(new Endpoint("GET", "/oauth/enedis/callback?state=x&code=y&usage_point_id=09111642617347", null,
                expect(404, 404, 404, 404, 404, 404)));
        // Onboarding (#14): installers and operators only; a household's or an advisor's attempt is refused (403) before any
        // input is looked at (the refused POSTs would create a household, or be refused for their input, if it were).
        Map<String, Integer> onboarding = expect(401, 403, 403, 403, 200, 200, 403);
        e.add(new Endpoint("GET", "/api/v1/installer/households", null, onboarding));
        e.add(new Endpoint("POST", "/api/v1/installer/households", new JsonObject().put("name", "Matrix home"),
                expect(401, 403, 403, 403, 201, 201, 403)));
        e.add(new Endpoint("GET", "/api/v1/installer/households/H1", null, onboarding));
        e.add(new Endpoint("GET", "/api/v1/installer/meters?household=H2", null, onboarding));
        e.add(new Endpoint("POST", "/api/v1/installer/meters", new JsonObject().put("household", "H1").put("fluid", "fuel")
                .put("code", "X-1"), expect(401, 403, 403, 403, 400, 400, 403)));
        e.add(new Endpoint("DELETE", "/api/v1/installer/meters/no-such-meter", null, expect(401, 403, 403, 403, 404, 404, 403)));
        e.add(new Endpoint("GET", "/api/v1/installer/gateways", null, onboarding));
        e.add(new Endpoint("POST", "/api/v1/installer/gateways", new JsonObject().put("meter", "H1-gas").put("firmware", "tasmota"),
                expect(401, 403, 403, 403, 400, 400, 403)));
        Map<String, Integer> noGateway = expect(401, 403, 403, 403, 404, 404, 403);
        e.add(new Endpoint("GET", "/api/v1/installer/gateways/gw-none", null, noGateway));
        e.add(new Endpoint("DELETE", "/api/v1/installer/gateways/gw-none", null, noGateway));
        e.add(new Endpoint("POST", "/api/v1/installer/gateways/gw-none/rotate-secret", null, noGateway));
        e.add(new Endpoint("GET", "/api/v1/installer/gateways/gw-none/config?broker=tcp://broker.example:1883", null, noGateway));
        // Up/down for anyone (load balancers); the details only for operators (checked in the body test below).
        e.add(new Endpoint("GET", "/health", null, expect(200, 200, 200, 200, 200, 200)));
        return e;
    }

    /** The status, and for every readable answer, that it carries nothing of another household's data. */
    static void check(Endpoint e, String who, int status) {
        String what = e.method() + " " + e.path() + " as " + who;
        if (e.path().endsWith("/live")) {
            assertThat(CALLERS.get(who).status(e.method(), e.path(), e.body())).as(what).isEqualTo(status);
            return;
        }
        java.net.http.HttpResponse<String> r = CALLERS.get(who).send(e.method(), e.path(), e.body());
        assertThat(r.statusCode()).as(what).isEqualTo(status);
        String body = r.body();
        if (e.path().startsWith("/api/v1/prices") || e.path().endsWith("openapi.yaml")) {
            return; // public tables: any figure may appear
        }
        if (e.path().startsWith("/api/v1/installer/") && (who.equals("installer") || who.equals("operator"))) {
            // Installers and operators see households' names and meter codes (they onboard them, and a refusal names the
            // code it refuses), never a consumption figure; everyone else is refused before any of it (checked below).
            assertThat(body).as(what + ": consumption").doesNotContain("10000", "99000", "19.8", "quantity");
            return;
        }
        if (!who.equals("another household")) { // H2's own data, as seen by anyone but H2 (bob)
            assertThat(body).as(what + ": H2's data").doesNotContain("H2-elec", "H2-gas", "H2-water", "99000", "19.8");
        }
        boolean consented = who.equals("consenting advisor") && status == 200;
        if (!who.equals("own household") && !who.equals("anonymous") && !consented) { // H1's, as seen by anyone but H1 (and its advisor)
            assertThat(body).as(what + ": H1's data").doesNotContain("H1-elec", "H1-gas", "H1-water", "10000", "Household H1");
        }
        if (consented) { // never the fluid it was not granted, nor the utility's identifiers
            assertThat(body).as(what + ": beyond the consent").doesNotContain("H1-water", "externalId\":\"");
        }
        if (e.path().equals("/health") && !who.equals("operator")) {
            assertThat(new JsonObject(body).fieldNames()).as(what + ": only up/down").doesNotContain("version");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryCaller() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            e.expected().forEach((who, status) -> tests.add(DynamicTest.dynamicTest(e.method() + " " + e.path() + " as " + who,
                    () -> check(e, who, status))));
        }
        return tests.stream();
    }
}
