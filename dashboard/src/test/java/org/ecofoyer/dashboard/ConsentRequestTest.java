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
 * The advisor's side of consent and its limits, against a real dashboard and PostgreSQL with a clock the test moves: an
 * advisor asks a household (by its login) for access and the household accepts, narrows, or declines; the advisor learns
 * nothing about a login that names no household; requests lapse; a household cannot guess advisor codes (10 wrong
 * codes and even the right one waits); a half-hour consent opens the live stream only while its data period includes
 * today.
 */
class ConsentRequestTest {
    TestServer server;
    MutableClock clock;
    Browser alice;
    Browser bob;
    Browser conrad;
    String code;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(Fixtures.CLOCK.instant()); // 2026-11-15T12:00Z
        server = new TestServer(DashboardConfig.DEFAULTS, (d, vertx, jdbc) -> d.withClock(clock));
        try (Connection c = server.db.dataSource().getConnection()) {
            var u = server.dashboard.accounts().add(c, "conrad", TestServer.PASSWORD, Role.ADVISOR, null, null, "en");
            code = Consents.advisorCode(c, u.id()).orElseThrow();
        }
        alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        bob = new Browser(server.base());
        bob.signIn("bob", TestServer.PASSWORD);
        conrad = new Browser(server.base());
        conrad.signIn("conrad", TestServer.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static JsonObject ask(String login, String granularity, String... fluids) {
        return new JsonObject().put("household", login).put("fluids", new JsonArray(List.of((Object[]) fluids)))
                .put("granularity", granularity).put("dataFrom", "2026-10-01").put("dataTo", "2026-12-01").put("expiresOn", "2027-03-31")
                .put("message", "Bonjour, pour le bilan de votre isolation.");
    }

    long askFor(JsonObject body) {
        HttpResponse<String> r = conrad.send("POST", "/api/v1/advisor/requests", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Browser.json(r).getLong("id");
    }

    static final String DAY_SERIES = "/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-11-01&to=2026-11-15";

    @Test
    void aHouseholdAcceptsAnAdvisorsRequestAndTheAdvisorReadsUnderIt() throws Exception {
        long id = askFor(ask("Alice", "day", "electricity", "gas"));
        // Alice sees it, with the advisor and its message; Bob does not, and cannot answer it.
        JsonObject mine = Browser.json(alice.get("/api/v1/households/H1/consents"));
        JsonObject req = mine.getJsonArray("requests").getJsonObject(0);
        assertThat(req.getLong("id")).isEqualTo(id);
        assertThat(req.getString("advisor")).isEqualTo("conrad");
        assertThat(req.getString("state")).isEqualTo("pending");
        assertThat(req.getString("message")).contains("isolation");
        assertThat(Browser.json(bob.get("/api/v1/households/H2/consents")).getJsonArray("requests")).isEmpty();
        assertThat(bob.send("POST", "/api/v1/households/H2/consent-requests/" + id + "/accept", new JsonObject()).statusCode()).isEqualTo(404);
        assertThat(bob.send("POST", "/api/v1/households/H1/consent-requests/" + id + "/accept", new JsonObject()).statusCode()).isEqualTo(404);
        // The advisor cannot accept its own request, nor read before the household answers.
        assertThat(conrad.send("POST", "/api/v1/households/H1/consent-requests/" + id + "/accept", new JsonObject()).statusCode()).isEqualTo(404);
        assertThat(conrad.get(DAY_SERIES).statusCode()).isEqualTo(404);
        // Accepting wider than asked (water, or a later end) is refused; as asked, it is a consent.
        assertThat(alice.send("POST", "/api/v1/households/H1/consent-requests/" + id + "/accept", new JsonObject()
                .put("fluids", new JsonArray().add("water")).put("granularity", "day").put("dataFrom", "2026-10-01").put("dataTo", "2026-12-01"))
                .statusCode()).isEqualTo(400);
        assertThat(alice.send("POST", "/api/v1/households/H1/consent-requests/" + id + "/accept", new JsonObject()
                .put("expiresOn", "2027-04-30")).statusCode()).isEqualTo(400);
        HttpResponse<String> accepted = alice.send("POST", "/api/v1/households/H1/consent-requests/" + id + "/accept", new JsonObject());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        long consent = Browser.json(accepted).getLong("id");
        assertThat(Browser.json(accepted).getString("expiresAt")).isEqualTo("2027-03-31T22:00:00Z"); // the end of 31 March in Paris
        assertThat(conrad.get(DAY_SERIES).statusCode()).isEqualTo(200);
        // Answered once: a second answer is refused; both sides see it accepted, the grant says on which request.
        assertThat(alice.send("POST", "/api/v1/households/H1/consent-requests/" + id + "/decline", new JsonObject()).statusCode()).isEqualTo(400);
        JsonObject ws = Browser.json(conrad.get("/api/v1/advisor/households"));
        JsonObject asked = ws.getJsonArray("requests").getJsonObject(0);
        assertThat(asked.getString("state")).isEqualTo("accepted");
        assertThat(asked.getLong("consent")).isEqualTo(consent);
        assertThat(asked.getString("household")).isEqualTo("H1");
        assertThat(ws.getJsonArray("events").getJsonObject(0).getString("terms")).contains("on the advisor's request " + id);
        // In Alice's export, with the answer.
        assertThat(server.count("SELECT count(*) FROM consent_request WHERE household_id = 'H1' AND answer = 'accepted' AND consent_id = ?",
                consent)).isEqualTo(1);
    }

    @Test
    void halfHoursAskedForNeedTheHouseholdsOwnOptInAndItMayAcceptNarrower() throws Exception {
        long id = askFor(ask("alice", "half_hour", "electricity", "gas"));
        HttpResponse<String> noOptIn = alice.send("POST", "/api/v1/households/H1/consent-requests/" + id + "/accept", new JsonObject());
        assertThat(noOptIn.statusCode()).isEqualTo(400);
        assertThat(Browser.json(noOptIn).getString("detail")).contains("opt-in");
        // Narrower: electricity by day only, for November, until the end of January.
        HttpResponse<String> r = alice.send("POST", "/api/v1/households/H1/consent-requests/" + id + "/accept", new JsonObject()
                .put("fluids", new JsonArray().add("electricity")).put("granularity", "day").put("dataFrom", "2026-11-01")
                .put("dataTo", "2026-12-01").put("expiresOn", "2027-01-31"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject c = Browser.json(r);
        assertThat(c.getJsonArray("fluids")).containsExactly("electricity");
        assertThat(c.getString("granularity")).isEqualTo("day");
        assertThat(conrad.get("/api/v1/households/H1/fluids/electricity/series?step=half_hour&from=2026-11-10&to=2026-11-11").statusCode())
                .isEqualTo(403);
        assertThat(conrad.get("/api/v1/households/H1/fluids/gas/series?step=day&from=2026-11-01&to=2026-11-15").statusCode()).isEqualTo(403);
        assertThat(conrad.get(DAY_SERIES).statusCode()).isEqualTo(200);
    }

    @Test
    void theAdvisorLearnsNothingOfALoginThatNamesNoHousehold() throws Exception {
        // A household's login and a login that names nobody (an advisor's own, an unknown one): the same answer.
        HttpResponse<String> real = conrad.send("POST", "/api/v1/advisor/requests", ask("alice", "month", "gas"));
        HttpResponse<String> nobody = conrad.send("POST", "/api/v1/advisor/requests", ask("nobody-here", "month", "gas"));
        HttpResponse<String> advisor = conrad.send("POST", "/api/v1/advisor/requests", ask("conrad", "month", "gas"));
        for (HttpResponse<String> r : List.of(real, nobody, advisor)) {
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(Browser.json(r).fieldNames()).containsExactlyInAnyOrder("id", "state", "openUntil");
            assertThat(Browser.json(r).getString("state")).isEqualTo("pending");
        }
        JsonArray listed = Browser.json(conrad.get("/api/v1/advisor/households")).getJsonArray("requests");
        assertThat(listed.stream().map(o -> ((JsonObject) o).getString("state")).toList()).containsOnly("pending");
        assertThat(listed.stream().map(o -> ((JsonObject) o).getValue("household")).toList()).containsOnly((Object) null);
        // Nobody ever sees the requests that named no household; Alice sees hers only.
        assertThat(server.count("SELECT count(*) FROM consent_request WHERE household_id IS NULL")).isEqualTo(2);
        assertThat(Browser.json(alice.get("/api/v1/households/H1/consents")).getJsonArray("requests")).hasSize(1);
        // After 30 days without an answer every request has lapsed, the real one like the others; nothing can accept it.
        clock.advance(Duration.ofDays(30));
        listed = Browser.json(conrad.get("/api/v1/advisor/households")).getJsonArray("requests");
        assertThat(listed.stream().map(o -> ((JsonObject) o).getString("state")).toList()).containsOnly("lapsed");
        long realId = Browser.json(real).getLong("id");
        assertThat(alice.send("POST", "/api/v1/households/H1/consent-requests/" + realId + "/accept", new JsonObject()).statusCode())
                .isEqualTo(400);
        assertThat(server.count("SELECT count(*) FROM consent")).isZero();
    }

    @Test
    void declinedAndWithdrawnRequestsGrantNothing() throws Exception {
        long declined = askFor(ask("alice", "month", "gas"));
        long withdrawn = askFor(ask("alice", "day", "electricity"));
        assertThat(alice.send("POST", "/api/v1/households/H1/consent-requests/" + declined + "/decline", new JsonObject()).statusCode())
                .isEqualTo(204);
        // Only the advisor who asked withdraws; then the household can no longer accept.
        try (Connection c = server.db.dataSource().getConnection()) {
            server.dashboard.accounts().add(c, "diane", TestServer.PASSWORD, Role.ADVISOR, null, null, "en");
        }
        Browser diane = new Browser(server.base());
        diane.signIn("diane", TestServer.PASSWORD);
        assertThat(diane.send("DELETE", "/api/v1/advisor/requests/" + withdrawn, null).statusCode()).isEqualTo(404);
        assertThat(conrad.send("DELETE", "/api/v1/advisor/requests/" + withdrawn, null).statusCode()).isEqualTo(204);
        assertThat(alice.send("POST", "/api/v1/households/H1/consent-requests/" + withdrawn + "/accept", new JsonObject()).statusCode())
                .isEqualTo(400);
        assertThat(server.count("SELECT count(*) FROM consent")).isZero();
        JsonArray listed = Browser.json(conrad.get("/api/v1/advisor/households")).getJsonArray("requests");
        assertThat(listed.stream().map(o -> ((JsonObject) o).getLong("id") + " " + ((JsonObject) o).getString("state")).toList())
                .containsExactlyInAnyOrder(declined + " declined", withdrawn + " withdrawn");
        // A household and anyone else than an advisor cannot ask.
        assertThat(alice.send("POST", "/api/v1/advisor/requests", ask("bob", "month", "gas")).statusCode()).isEqualTo(403);
    }

    @Test
    void anAdvisorMakesAtMostTwentyRequestsADay() throws Exception {
        for (int i = 0; i < 20; i++) {
            askFor(ask("login-" + i, "month", "gas"));
        }
        HttpResponse<String> r = conrad.send("POST", "/api/v1/advisor/requests", ask("alice", "month", "gas"));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(server.count("SELECT count(*) FROM consent_request")).isEqualTo(20);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        askFor(ask("alice", "month", "gas"));
    }

    @Test
    void advisorCodesCannotBeGuessed() throws Exception {
        JsonObject terms = new JsonObject().put("fluids", new JsonArray().add("gas")).put("granularity", "month")
                .put("dataFrom", "2026-01-01").put("dataTo", "2026-12-01").put("expiresOn", "2027-01-31");
        for (int i = 0; i < 10; i++) {
            assertThat(alice.send("POST", "/api/v1/households/H1/consents", terms.copy().put("advisorCode", "WRONG" + "ABCDE".charAt(i % 5)
                    + "2345".substring(0, 4))).statusCode()).isEqualTo(404);
        }
        // The 11th attempt waits, even with the right code: no oracle, and no lookup at all.
        HttpResponse<String> refused = alice.send("POST", "/api/v1/households/H1/consents", terms.copy().put("advisorCode", code));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(server.count("SELECT count(*) FROM consent")).isZero();
        // Another household from the same address is not held back by Alice's mistakes (its own count, the address's 30).
        assertThat(bob.send("POST", "/api/v1/households/H2/consents", terms.copy().put("advisorCode", code)).statusCode()).isEqualTo(201);
        // Wrong codes are counted apart from sign-in failures (their own subjects: a version sharing the sign-in counts
        // would pass the sign-in below, since 10 is under the address's sign-in limit), and Alice still signs in.
        assertThat(server.count("SELECT count(*) FROM sign_in_failure WHERE subject IN ('code:login:h1', 'code:addr:127.0.0.1')"))
                .isEqualTo(20);
        assertThat(server.count("SELECT count(*) FROM sign_in_failure WHERE subject NOT LIKE 'code:%'")).isZero();
        assertThat(new Browser(server.base()).signIn("alice", TestServer.PASSWORD).statusCode()).isBetween(200, 299);
    }

    @Test
    void aHalfHourConsentOpensTheLiveStreamOnlyWhileItsPeriodIncludesToday() throws Exception {
        // Half-hours with the opt-in, but for data of October only: today (15 November) is outside it.
        HttpResponse<String> r = alice.send("POST", "/api/v1/households/H1/consents", new JsonObject().put("advisorCode", code)
                .put("fluids", new JsonArray().add("electricity")).put("granularity", "half_hour").put("halfHourOptIn", true)
                .put("dataFrom", "2026-10-01").put("dataTo", "2026-11-01").put("expiresOn", "2027-01-31"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(conrad.get("/api/v1/households/H1/fluids/electricity/series?step=half_hour&from=2026-10-10&to=2026-10-11").statusCode())
                .isEqualTo(200);
        assertThat(conrad.status("GET", "/api/v1/households/H1/live", null)).isEqualTo(403);
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H1' AND action = 'access.refused'"
                + " AND resource LIKE '%/live'")).isEqualTo(1);
    }
}
