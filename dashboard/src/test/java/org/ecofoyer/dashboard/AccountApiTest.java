package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import org.ecofoyer.dashboard.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountApiTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(new DashboardConfig(null, null, null, Duration.ofMinutes(15), 5, 8, null, "https://eco.example.org", null, null));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void forgetFailures() throws Exception {
        // Every test signs in from 127.0.0.1: start each with a clean per-address count.
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "DELETE FROM sign_in_failure");
        }
    }

    Browser browser() {
        return new Browser(server.base());
    }

    @Test
    void signInSetsAnHttpOnlySameSiteSessionCookieAndMeAnswersWhoIsSignedIn() {
        Browser b = browser();
        b.get("/api/v1/csrf");
        HttpResponse<String> r = b.send("POST", "/api/v1/session", new JsonObject().put("login", "Alice").put("password", TestServer.PASSWORD));
        assertThat(r.statusCode()).isEqualTo(200);
        String setCookie = String.join("\n", r.headers().allValues("set-cookie"));
        assertThat(setCookie).containsPattern("eco_session=[^;]+;.*HTTPOnly").contains("SameSite=Lax").contains("Max-Age=604800");
        assertThat(setCookie).containsPattern("eco_csrf=[^;]+;.*SameSite=Strict");
        JsonObject me = Browser.json(b.get("/api/v1/me"));
        assertThat(me.getString("login")).isEqualTo("alice");
        assertThat(me.getString("role")).isEqualTo("household");
        assertThat(me.getString("household")).isEqualTo("H1");
        assertThat(me.getString("csrfToken")).isEqualTo(b.cookie("eco_csrf"));
    }

    @Test
    void wrongPasswordAndUnknownLoginAnswerTheSame401() {
        Browser b = browser();
        HttpResponse<String> wrong = b.signIn("bob", "not the password");
        HttpResponse<String> unknown = b.signIn("nobody-here", "not the password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(Browser.json(wrong).getString("detail")).isEqualTo(Browser.json(unknown).getString("detail"));
        assertThat(b.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void anonymousStateChangesNeedTheDoubleSubmittedCsrfToken() {
        Browser b = browser();
        b.get("/api/v1/csrf");
        JsonObject creds = new JsonObject().put("login", "alice").put("password", TestServer.PASSWORD);
        HttpResponse<String> missing = b.send("POST", "/api/v1/session", creds, null);
        HttpResponse<String> wrong = b.send("POST", "/api/v1/session", creds, "forged-token-forged-token-forged-token");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(Browser.json(missing).getString("detail")).contains("X-CSRF-Token");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(b.cookie("eco_session")).isNull();
    }

    @Test
    void signedInStateChangesNeedTheSessionsCsrfToken() {
        Browser b = browser();
        assertThat(b.signIn("alice", TestServer.PASSWORD).statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject().put("locale", "en");
        assertThat(b.send("PATCH", "/api/v1/me", body, null).statusCode()).isEqualTo(403);
        // Another session's valid token is still wrong for this one.
        Browser other = browser();
        other.signIn("alice", TestServer.PASSWORD);
        assertThat(b.send("PATCH", "/api/v1/me", body, other.cookie("eco_csrf")).statusCode()).isEqualTo(403);
        assertThat(b.send("PATCH", "/api/v1/me", body).statusCode()).isEqualTo(204);
        assertThat(b.send("PATCH", "/api/v1/me", new JsonObject().put("locale", "fr")).statusCode()).isEqualTo(204);
    }

    @Test
    void anExpiredSessionAnswers401() throws Exception {
        Browser idle = browser();
        Browser old = browser();
        idle.signIn("bob", TestServer.PASSWORD);
        old.signIn("bob", TestServer.PASSWORD);
        assertThat(idle.get("/api/v1/me").statusCode()).isEqualTo(200);
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "UPDATE user_session SET idle_expires = now() - interval '1 second' WHERE token_hash = sha256(?::bytea)",
                    idle.cookie("eco_session"));
            TestServer.sql(c, "UPDATE user_session SET expires_at = now() - interval '1 second' WHERE token_hash = sha256(?::bytea)",
                    old.cookie("eco_session"));
        }
        assertThat(idle.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(old.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(idle.get("/app/overview").headers().firstValue("location")).hasValue("/signin?next=%2Fapp%2Foverview");
    }

    @Test
    void signInIsThrottledPerAccountThenPerAddress() throws Exception {
        Browser b = browser();
        for (int i = 0; i < 5; i++) {
            assertThat(b.signIn("ivan", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> refused = b.signIn("ivan", TestServer.PASSWORD);
        assertThat(refused.statusCode()).as("even the right password, once the account is throttled").isEqualTo(429);
        long retry = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
        assertThat(retry).isBetween(850L, 901L);
        // Another account from the same address: 3 more failures reach the address's limit of 8.
        for (int i = 0; i < 3; i++) {
            assertThat(b.signIn("no-such-" + i, "wrong").statusCode()).isEqualTo(401);
        }
        assertThat(b.signIn("olga", TestServer.PASSWORD).statusCode()).isEqualTo(429);
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "DELETE FROM sign_in_failure");
        }
        assertThat(b.signIn("olga", TestServer.PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void passwordChangeChecksTheCurrentOneAndSignsOutOtherSessions() throws Exception {
        try (Connection c = server.db.dataSource().getConnection()) {
            server.dashboard.accounts().add(c, "carol", TestServer.PASSWORD, Role.HOUSEHOLD, "H1", null, "fr");
        }
        Browser here = browser();
        Browser elsewhere = browser();
        here.signIn("carol", TestServer.PASSWORD);
        elsewhere.signIn("carol", TestServer.PASSWORD);
        assertThat(here.send("POST", "/api/v1/me/password", new JsonObject().put("current", "wrong password").put("new", "a new long password"))
                .statusCode()).isEqualTo(403);
        assertThat(here.send("POST", "/api/v1/me/password", new JsonObject().put("current", TestServer.PASSWORD).put("new", "short"))
                .statusCode()).isEqualTo(400);
        assertThat(here.send("POST", "/api/v1/me/password", new JsonObject().put("current", TestServer.PASSWORD).put("new", "a new long password"))
                .statusCode()).isEqualTo(204);
        assertThat(here.get("/api/v1/me").statusCode()).isEqualTo(200);
        assertThat(elsewhere.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(browser().signIn("carol", TestServer.PASSWORD).statusCode()).isEqualTo(401);
        assertThat(browser().signIn("carol", "a new long password").statusCode()).isEqualTo(200);
    }

    @Test
    void signOutEndsTheSession() {
        Browser b = browser();
        b.signIn("alice", TestServer.PASSWORD);
        String csrf = b.cookie("eco_csrf");
        assertThat(b.send("DELETE", "/api/v1/session", null, csrf).statusCode()).isEqualTo(204);
        assertThat(b.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void anOperatorInvitesAndTheLinkCreatesTheAccountOnce() {
        Browser op = browser();
        op.signIn("olga", TestServer.PASSWORD);
        HttpResponse<String> created = op.send("POST", "/api/v1/invitations", new JsonObject().put("role", "household").put("household", "H2"));
        assertThat(created.statusCode()).isEqualTo(201);
        String token = Browser.json(created).getString("token");
        assertThat(Browser.json(created).getString("url")).isEqualTo("https://eco.example.org/invite?token=" + token);

        Browser guest = browser();
        assertThat(Browser.json(guest.get("/api/v1/invitations/" + token)).getString("role")).isEqualTo("household");
        guest.get("/api/v1/csrf");
        assertThat(guest.send("POST", "/api/v1/invitations/" + token + "/accept",
                new JsonObject().put("login", "dora").put("password", "short")).statusCode()).isEqualTo(400);
        HttpResponse<String> accepted = guest.send("POST", "/api/v1/invitations/" + token + "/accept",
                new JsonObject().put("login", "dora").put("password", "dora's long password").put("locale", "en"));
        assertThat(accepted.statusCode()).isEqualTo(201);
        JsonObject me = Browser.json(guest.get("/api/v1/me"));
        assertThat(me.getString("household")).isEqualTo("H2");
        assertThat(me.getString("locale")).isEqualTo("en");

        Browser late = browser();
        late.get("/api/v1/csrf");
        assertThat(late.send("POST", "/api/v1/invitations/" + token + "/accept",
                new JsonObject().put("login", "eve").put("password", "eve's long password")).statusCode()).isEqualTo(404);
        assertThat(late.get("/api/v1/invitations/" + token).statusCode()).isEqualTo(404);
    }

    @Test
    void aHouseholdInvitesOnlyIntoItsOwnHousehold() {
        Browser alice = browser();
        alice.signIn("alice", TestServer.PASSWORD);
        assertThat(alice.send("POST", "/api/v1/invitations", new JsonObject().put("role", "household").put("household", "H1"))
                .statusCode()).isEqualTo(201);
        assertThat(alice.send("POST", "/api/v1/invitations", new JsonObject().put("role", "household").put("household", "H2"))
                .statusCode()).isEqualTo(403);
        assertThat(alice.send("POST", "/api/v1/invitations", new JsonObject().put("role", "operator"))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (String path : new String[] {"/signin", "/api/v1/me", "/static/style.css", "/health"}) {
            HttpResponse<String> r = browser().get(path);
            assertThat(r.headers().firstValue("content-security-policy")).as(path).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("script-src 'self';").contains("frame-ancestors 'none'").doesNotContain("unsafe-eval")
                    .doesNotContain("script-src 'self' 'unsafe-inline'"));
            assertThat(r.headers().firstValue("x-content-type-options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("referrer-policy")).as(path).hasValue("no-referrer");
        }
    }

    @Test
    void unknownApiPathsAnswerProblemJson404() {
        HttpResponse<String> r = browser().get("/api/v1/nothing-here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(Browser.json(r).getInteger("status")).isEqualTo(404);
    }
}
