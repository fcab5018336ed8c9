package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.consent.Consents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A consent's whole life against a real dashboard and PostgreSQL, with a clock the test moves: a household grants an
 * advisor access by the advisor's code, the advisor reads within it (each read in the household's access log under
 * that consent), is refused beyond it (403, logged), the household narrows it (effective at the next request), revokes
 * it (an open live stream ends at once), and a consent expires when the clock passes its end (recorded once, at its
 * end). Both sides see every change.
 */
class ConsentLifecycleTest {
    TestServer server;
    MutableClock clock;
    Browser alice;
    Browser conrad;
    String code;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(Fixtures.CLOCK.instant());
        server = new TestServer(DashboardConfig.DEFAULTS, (d, vertx, jdbc) -> d.withClock(clock));
        try (Connection c = server.db.dataSource().getConnection()) {
            var u = server.dashboard.accounts().add(c, "conrad", TestServer.PASSWORD, Role.ADVISOR, null, null, "en");
            code = Consents.advisorCode(c, u.id()).orElseThrow();
        }
        alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        conrad = new Browser(server.base());
        conrad.signIn("conrad", TestServer.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static JsonObject terms(String granularity, String from, String to, String expiresOn, String... fluids) {
        return new JsonObject().put("fluids", new JsonArray(List.of((Object[]) fluids))).put("granularity", granularity)
                .put("dataFrom", from).put("dataTo", to).put("expiresOn", expiresOn);
    }

    long grant(JsonObject terms) {
        HttpResponse<String> r = alice.send("POST", "/api/v1/households/H1/consents", terms.copy().put("advisorCode", code));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Browser.json(r).getLong("id");
    }

    static final String DAY_SERIES = "/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-11-01&to=2026-11-15";

    @Test
    void grantUseNarrowExpire() throws Exception {
        // The code as people type it (lower case, a dash) finds the advisor; a wrong code finds no one.
        assertThat(alice.send("POST", "/api/v1/households/H1/consents", terms("day", "2026-10-01", "2026-12-01", "2026-12-31", "electricity")
                .put("advisorCode", "ZZZZZZZZZZ")).statusCode()).isEqualTo(404);
        assertThat(conrad.get(DAY_SERIES).statusCode()).as("no consent yet: as if H1 did not exist").isEqualTo(404);
        JsonObject t = terms("day", "2026-10-01", "2026-12-01", "2026-12-31", "electricity", "gas");
        HttpResponse<String> granted = alice.send("POST", "/api/v1/households/H1/consents",
                t.copy().put("advisorCode", code.substring(0, 5).toLowerCase() + "-" + code.substring(5)));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        long id = Browser.json(granted).getLong("id");

        // The advisor's workspace: H1, what it allows, until when (the end of 31 December in Paris).
        JsonObject ws = Browser.json(conrad.get("/api/v1/advisor/households"));
        assertThat(ws.getString("code")).isEqualTo(code);
        JsonObject mine = ws.getJsonArray("consents").getJsonObject(0);
        assertThat(mine.getString("household")).isEqualTo("H1");
        assertThat(mine.getString("householdName")).isEqualTo("Household H1");
        assertThat(mine.getString("granularity")).isEqualTo("day");
        assertThat(mine.getJsonArray("fluids")).containsExactly("electricity", "gas");
        assertThat(mine.getString("expiresAt")).isEqualTo("2026-12-31T23:00:00Z");
        assertThat(mine.getString("state")).isEqualTo("live");

        // A read: answered, and in H1's access log under this consent, with the request's parameters.
        HttpResponse<String> read = conrad.get(DAY_SERIES);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(Browser.json(read).getJsonObject("totals").getDouble("quantity")).isEqualTo(140.0); // 14 days of 10 kWh
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H1' AND action = 'read' AND actor_login = 'conrad'"
                + " AND consent_id = ? AND resource LIKE '%step=day&from=2026-11-01%'", id)).isEqualTo(1);

        // The household narrows it to electricity by month: the very next request is checked against the new terms.
        HttpResponse<String> narrowed = alice.send("PATCH", "/api/v1/households/H1/consents/" + id,
                terms("month", "2026-10-01", "2026-12-01", "2026-12-15", "electricity"));
        assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
        HttpResponse<String> refused = conrad.get(DAY_SERIES);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(conrad.get("/api/v1/households/H1/fluids/gas/series?step=month&from=2026-10-01&to=2026-12-01").statusCode()).isEqualTo(403);
        assertThat(conrad.get("/api/v1/households/H1/fluids/electricity/series?step=month&from=2026-10-01&to=2026-12-01").statusCode())
                .isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H1' AND action = 'access.refused'"
                + " AND actor_login = 'conrad' AND consent_id = ?", id)).isEqualTo(2);
        // Widening is not narrowing: refused, nothing changes.
        assertThat(alice.send("PATCH", "/api/v1/households/H1/consents/" + id,
                terms("day", "2026-10-01", "2026-12-01", "2026-12-15", "electricity")).statusCode()).isEqualTo(400);
        assertThat(alice.send("PATCH", "/api/v1/households/H1/consents/" + id,
                terms("month", "2026-10-01", "2026-12-01", "2027-01-15", "electricity")).statusCode()).isEqualTo(400);

        // The clock passes the (narrowed) end: the consent is gone at once, and its expiry is recorded at its end.
        clock.advance(Duration.ofDays(30)); // 2026-12-15T12:00Z, past 2026-12-15T23:00Z? not yet
        assertThat(conrad.get("/api/v1/households/H1/fluids/electricity/series?step=month&from=2026-10-01&to=2026-12-01").statusCode())
                .isEqualTo(200);
        clock.advance(Duration.ofHours(11)); // 2026-12-15T23:00Z: the end itself
        assertThat(conrad.get("/api/v1/households/H1/fluids/electricity/series?step=month&from=2026-10-01&to=2026-12-01").statusCode())
                .isEqualTo(404);
        JsonObject history = Browser.json(alice.get("/api/v1/households/H1/consents"));
        assertThat(history.getJsonArray("consents").getJsonObject(0).getString("state")).isEqualTo("expired");
        List<String> actions = history.getJsonArray("events").stream().map(o -> ((JsonObject) o).getString("action")).toList();
        assertThat(actions).containsExactly("expired", "narrowed", "granted");
        assertThat(history.getJsonArray("events").getJsonObject(0).getString("at")).isEqualTo("2026-12-15T23:00:00Z");
        // The advisor sees the same history, once (listing again records nothing more).
        JsonObject advisorSide = Browser.json(conrad.get("/api/v1/advisor/households"));
        assertThat(advisorSide.getJsonArray("events").stream().map(o -> ((JsonObject) o).getString("action")).toList())
                .containsExactly("expired", "narrowed", "granted");
        assertThat(advisorSide.getJsonArray("consents").getJsonObject(0).containsKey("householdName")).isFalse();
    }

    @Test
    void revocationEndsAnOpenStreamAndTheNextRequestAtOnce() throws Exception {
        JsonObject t = terms("half_hour", "2026-10-01", "2026-12-01", "2026-12-31", "electricity").put("halfHourOptIn", true);
        long id = grant(t);
        SecurityFindingsTest.Live live = SecurityFindingsTest.Live.open(conrad, "H1");
        live.provedLive(server);
        // The household's own stream is not the advisor's: it stays open.
        SecurityFindingsTest.Live own = SecurityFindingsTest.Live.open(alice, "H1");
        assertThat(alice.send("DELETE", "/api/v1/households/H1/consents/" + id, null).statusCode()).isEqualTo(200);
        live.assertEndsAtOnce();
        own.provedLive(server, 1234);
        own.stream().close();
        assertThat(conrad.get(DAY_SERIES).statusCode()).isEqualTo(404);
        assertThat(Browser.json(conrad.get("/api/v1/advisor/households")).getJsonArray("events").getJsonObject(0).getString("action"))
                .isEqualTo("revoked");
        // The stream was a read too, under the consent.
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H1' AND action = 'read' AND consent_id = ?"
                + " AND resource LIKE '%/live'", id)).isEqualTo(1);
    }

    @Test
    void narrowingEndsAStreamOpenedUnderTheWiderTerms() throws Exception {
        long id = grant(terms("half_hour", "2026-10-01", "2026-12-01", "2026-12-31", "electricity", "gas").put("halfHourOptIn", true));
        SecurityFindingsTest.Live live = SecurityFindingsTest.Live.open(conrad, "H1");
        live.provedLive(server);
        assertThat(alice.send("PATCH", "/api/v1/households/H1/consents/" + id,
                terms("day", "2026-10-01", "2026-12-01", "2026-12-31", "electricity")).statusCode()).isEqualTo(200);
        live.assertEndsAtOnce();
        assertThat(conrad.status("GET", "/api/v1/households/H1/live", null)).isEqualTo(403);
    }

    /** Two seconds before the consent's end (23:00 UTC, the end of 31 December in Paris): the open stream ends at the end. */
    @Test
    void anOpenStreamEndsWhenItsConsentExpires() throws Exception {
        grant(terms("half_hour", "2026-10-01", "2027-01-01", "2026-12-31", "electricity").put("halfHourOptIn", true));
        clock.advance(Duration.between(clock.instant(), java.time.Instant.parse("2026-12-31T22:59:58Z")));
        SecurityFindingsTest.Live live = SecurityFindingsTest.Live.open(conrad, "H1");
        live.assertEndsAtOnce(); // within 5 s, well before the 15 s keep-alive check
        clock.advance(Duration.ofSeconds(2));
        assertThat(conrad.status("GET", "/api/v1/households/H1/live", null)).isEqualTo(404);
    }

    @Test
    void halfHoursNeedTheirOwnOptInAndAConsentMustEndWithinThreeYears() throws Exception {
        HttpResponse<String> r = alice.send("POST", "/api/v1/households/H1/consents",
                terms("half_hour", "2026-10-01", "2026-12-01", "2026-12-31", "electricity").put("advisorCode", code));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Browser.json(r).getString("detail")).contains("opt-in");
        assertThat(alice.send("POST", "/api/v1/households/H1/consents",
                terms("day", "2026-10-01", "2026-12-01", "2030-01-01", "electricity").put("advisorCode", code)).statusCode()).isEqualTo(400);
        assertThat(server.count("SELECT count(*) FROM consent")).isZero();
    }

    @Test
    void aNewGrantReplacesTheLiveOneOfTheSameAdvisor() throws Exception {
        long first = grant(terms("day", "2026-10-01", "2026-12-01", "2026-12-31", "electricity"));
        long second = grant(terms("month", "2026-01-01", "2026-12-01", "2027-03-31", "gas"));
        JsonObject list = Browser.json(alice.get("/api/v1/households/H1/consents"));
        assertThat(list.getJsonArray("consents").stream().map(o -> ((JsonObject) o).getString("state")).toList())
                .containsExactly("live", "revoked");
        assertThat(list.getJsonArray("events").stream().map(o -> ((JsonObject) o).getLong("consent") + " " + ((JsonObject) o).getString("action"))
                .toList()).containsExactly(second + " granted", first + " replaced", first + " granted");
        assertThat(conrad.get(DAY_SERIES).statusCode()).isEqualTo(403); // electricity is no longer shared
    }
}
