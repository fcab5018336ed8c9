package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Behind a reverse proxy: X-Forwarded-For and X-Forwarded-Proto are believed only from {@code dashboard.trusted-proxies}.
 * The test server listens on 127.0.0.1, so every request's peer is 127.0.0.1. Three failures per address are allowed.
 */
class ProxyTest {
    static final DashboardConfig BASE = new DashboardConfig(null, null, null, null, 50, 3, null, null, null, null);
    TestServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    Browser from(String forwardedFor) {
        return new Browser(server.base()).withHeader("X-Forwarded-For", forwardedFor);
    }

    @Test
    void aForgedForwardedForFromAnUntrustedPeerDoesNotEscapeTheThrottle() throws Exception {
        server = new TestServer(BASE);
        for (int i = 0; i < 3; i++) {
            assertThat(from("198.51.100." + i).signIn("nobody-" + i, "wrong").statusCode()).isEqualTo(401);
        }
        // A fourth "address", same peer: still the one client 127.0.0.1, now throttled.
        assertThat(from("198.51.100.99").signIn("alice", TestServer.PASSWORD).statusCode()).isEqualTo(429);
        assertThat(server.count("SELECT count(*) FROM sign_in_failure WHERE subject LIKE 'addr:%' AND subject <> 'addr:127.0.0.1'")).isZero();
    }

    @Test
    void throughATrustedProxyTwoClientsAreThrottledSeparately() throws Exception {
        server = new TestServer(BASE.withTrustedProxies(List.of("127.0.0.1", "10.0.0.0/8")));
        for (int i = 0; i < 3; i++) {
            assertThat(from("198.51.100.7").signIn("nobody-" + i, "wrong").statusCode()).isEqualTo(401);
        }
        assertThat(from("198.51.100.7").signIn("alice", TestServer.PASSWORD).statusCode()).as("client A throttled").isEqualTo(429);
        // Whatever A writes on the left of the header, the proxy appended A's real address on the right.
        assertThat(from("203.0.113.9, 198.51.100.7").signIn("alice", TestServer.PASSWORD).statusCode()).isEqualTo(429);
        // Through a second trusted proxy (10.1.2.3) A is still A.
        assertThat(from("198.51.100.7, 10.1.2.3").signIn("alice", TestServer.PASSWORD).statusCode()).isEqualTo(429);
        // Client B, behind the same proxy, is not.
        assertThat(from("203.0.113.9").signIn("nobody", "wrong").statusCode()).isEqualTo(401);
        assertThat(from("203.0.113.9").signIn("alice", TestServer.PASSWORD).statusCode()).as("client B").isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM sign_in_failure WHERE subject = 'addr:198.51.100.7'")).isEqualTo(3);
        assertThat(server.count("SELECT count(*) FROM sign_in_failure WHERE subject = 'addr:203.0.113.9'")).isEqualTo(1);
    }

    @Test
    void cookiesAreSecureWhenATrustedProxySaysHttpsOnly() throws Exception {
        server = new TestServer(BASE);
        assertThat(csrfCookie(new Browser(server.base()).withHeader("X-Forwarded-Proto", "https")))
                .as("an untrusted peer's X-Forwarded-Proto is ignored").doesNotContainIgnoringCase("secure");
        server.close();
        server = new TestServer(BASE.withTrustedProxies(List.of("127.0.0.0/8")));
        assertThat(csrfCookie(new Browser(server.base()))).as("plain HTTP through the proxy").doesNotContainIgnoringCase("secure");
        Browser tls = new Browser(server.base()).withHeader("X-Forwarded-Proto", "https");
        String csrf = csrfCookie(tls);
        assertThat(csrf).containsIgnoringCase("secure");
        // The client speaks HTTPS to the proxy, so it sends its Secure cookie back; our plain-HTTP test client would not.
        String token = csrf.substring("eco_csrf=".length(), csrf.indexOf(';'));
        tls.withHeader("Cookie", "eco_csrf=" + token);
        HttpResponse<String> signedIn = tls.send("POST", "/api/v1/session",
                new io.vertx.core.json.JsonObject().put("login", "alice").put("password", TestServer.PASSWORD), token);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.headers().allValues("set-cookie")).filteredOn(c -> c.startsWith("eco_session="))
                .singleElement().asString().containsIgnoringCase("secure").containsIgnoringCase("httponly");
    }

    private static String csrfCookie(Browser b) {
        return b.get("/api/v1/csrf").headers().allValues("set-cookie").stream().filter(c -> c.startsWith("eco_csrf="))
                .findFirst().orElseThrow();
    }
}
