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
                {"installer", "ivan"}, {"operator", "olga"}}) {
            Browser b = new Browser(server.base());
            assertThat(b.signIn(who[1], TestServer.PASSWORD).statusCode()).isEqualTo(200);
            CALLERS.put(who[0], b);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** anonymous, own household, another household, advisor, installer, operator. */
    static Map<String, Integer> expect(int anonymous, int own, int other, int advisor, int installer, int operator) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("anonymous", anonymous);
        m.put("own household", own);
        m.put("another household", other);
        m.put("advisor", advisor);
        m.put("installer", installer);
        m.put("operator", operator);
        return m;
    }

    static List<Endpoint> endpoints() {
        List<Endpoint> e = new ArrayList<>();
        Map<String, Integer> household = expect(401, 200, 404, 404, 404, 404);
        for (String p : new String[] {"", "/sources", "/access-log", "/export", "/overview", "/analysis",
                "/fluids/electricity/series?step=day&from=2026-11-01&to=2026-12-01",
                "/fluids/water/series?step=month&from=2026-01-01&to=2027-01-01", "/live"}) {
            e.add(new Endpoint("GET", "/api/v1/households/H1" + p, null, household));
        }
        // Erasure with a wrong password: the owner is refused for the password (403), nothing is erased; others 404.
        e.add(new Endpoint("DELETE", "/api/v1/households/H1", new JsonObject().put("confirm", "H1").put("password", "not it"),
                expect(401, 403, 404, 404, 404, 404)));
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
        e.add(new Endpoint("GET", "/api/v1/openapi.yaml", null, expect(200, 200, 200, 200, 200, 200)));
        e.add(new Endpoint("GET", "/api/v1/csrf", null, expect(200, 200, 200, 200, 200, 200)));
        // An invitation that does not exist cannot be accepted by anyone; a wrong sign-in is 401 for everyone.
        e.add(new Endpoint("POST", "/api/v1/invitations/no-such-token/accept", new JsonObject().put("login", "newcomer")
                .put("password", "a long enough password"), expect(404, 404, 404, 404, 404, 404)));
        // (Sign-in without a password: refused alike for everyone; wrong passwords are AccountApiTest's, being throttled.)
        e.add(new Endpoint("POST", "/api/v1/session", new JsonObject().put("login", "alice"), expect(400, 400, 400, 400, 400, 400)));
        // Enedis is not configured here: its routes do not exist (for the household itself too), and no one learns more.
        e.add(new Endpoint("POST", "/api/v1/households/H1/enedis/consent", new JsonObject().put("usagePointId", "09111642617347"),
                expect(401, 404, 404, 404, 404, 404)));
        e.add(new Endpoint("GET", "/oauth/enedis/callback?state=x&code=y&usage_point_id=09111642617347", null,
                expect(404, 404, 404, 404, 404, 404)));
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
        if (!who.equals("another household")) { // H2's own data, as seen by anyone but H2 (bob)
            assertThat(body).as(what + ": H2's data").doesNotContain("H2-elec", "H2-gas", "H2-water", "99000", "19.8");
        }
        if (!who.equals("own household") && !who.equals("anonymous")) { // H1's, as seen by anyone but H1
            assertThat(body).as(what + ": H1's data").doesNotContain("H1-elec", "H1-gas", "H1-water", "10000");
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
