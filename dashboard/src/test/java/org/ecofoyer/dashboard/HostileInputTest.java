package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every route of the served OpenAPI document, as a signed-in household and anonymously, with hostile values in
 * every path parameter, every documented query parameter and the body: no answer may be a 5xx, a refusal must be a
 * problem+json without Java internals, and no answer may carry the other household's data (H2's 99 kWh days).
 * The routes come from the document itself, so a new route is walked without touching this test.
 */
class HostileInputTest {
    static TestServer server;

    static final List<String> HOSTILE = List.of("\u0000", "a\r\nINFO forged log line", "../../etc/passwd", "%00", "x".repeat(5000),
            "999999999-01-01", "-999999999-12-31", "1e999999999", "1E+9", "NaN", "-1", "2147483648", "'; DROP TABLE meter; --",
            "<script>alert(1)</script>", "\u202e\ufeff", "H2", "{\"a\":", "[]", "");
    static final List<String> HOSTILE_BODIES = List.of("{", "[]", "null", "\"x\"", "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
            "{\"login\":\"\u0000\",\"password\":\"x\"}", "{\"login\":\"a\\r\\nb\",\"password\":1e999999999}",
            "{\"amount\":1e999999999,\"fluid\":\"ELECTRICITY\",\"option\":\"BASE\",\"component\":\"energy\",\"period\":\"BASE\",\"validFrom\":\"2026-01-01\"}",
            "{\"amount\":\"1E+9\",\"fluid\":\"ELECTRICITY\",\"option\":\"BASE\",\"component\":\"energy\",\"period\":\"BASE\",\"validFrom\":\"2026-01-01\"}",
            "{\"amount\":0.1,\"kva\":99999999999,\"fluid\":\"ELECTRICITY\",\"option\":\"BASE\",\"component\":\"energy\",\"period\":\"BASE\",\"validFrom\":\"+999999999-01-01\"}",
            "{\"usagePointId\":\"\u0000\"}", "{\"locale\":\"\u0000\"}", "{\"current\":\"x\",\"new\":\"\u0000\"}",
            "{\"confirm\":\"\u0000\",\"password\":\"\"}", "{\"role\":\"\u0000\",\"household\":\"\u0000\"}");

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(); // with Fixtures: H2's 99 kWh days must never show for H1
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    record Route(String method, String template, List<String> query) {
    }

    static List<Route> routes() throws Exception {
        String doc = new Browser(server.base()).get("/api/v1/openapi.yaml").body();
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(doc).get("paths");
        List<Route> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            List<String> query = new ArrayList<>();
            collectQuery(p.getValue().get("parameters"), query);
            for (String m : List.of("get", "post", "put", "delete")) {
                JsonNode op = p.getValue().get(m);
                if (op != null) {
                    List<String> q = new ArrayList<>(query);
                    collectQuery(op.get("parameters"), q);
                    out.add(new Route(m.toUpperCase(Locale.ROOT), p.getKey(), q));
                }
            }
        }
        return out;
    }

    static void collectQuery(JsonNode params, List<String> into) {
        if (params == null) {
            return;
        }
        for (JsonNode n : params) {
            if (n.has("in") && "query".equals(n.get("in").asText())) {
                into.add(n.get("name").asText());
            }
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The route with every path parameter set to {@code value} except the household (kept to test one axis at a time). */
    static String path(Route r, String household, String other) {
        return "/api/v1" + r.template().replace("{household}", enc(household)).replaceAll("\\{[a-z]+\\}", enc(other));
    }

    /**
     * The request, sent again once if the connection it went out on had just been closed by the server (after a
     * refused body the server closes the connection rather than read the rest; the client may already have picked it
     * for the next request, as a browser would, and a browser retries too).
     */
    static HttpResponse<String> once(java.util.function.Supplier<HttpResponse<String>> request) {
        try {
            return request.get();
        } catch (IllegalStateException e) {
            return request.get();
        }
    }

    void check(String what, HttpResponse<String> r) {
        assertThat(r.statusCode()).as(what + " -> " + r.body()).isLessThan(500);
        String body = r.body() == null ? "" : r.body();
        assertThat(body).as(what).doesNotContain("java.", "org.ecofoyer", "Exception", "PSQL", "at org.");
        if (r.statusCode() >= 400 && !body.isEmpty()) {
            assertThat(r.headers().firstValue("content-type")).as(what).hasValue("application/problem+json");
        }
        if (what.contains("/households/")) { // (the price table is public and may contain any figure)
            assertThat(body).as(what + ": another household's data").doesNotContain("99000", "19.8");
        }
    }

    @Test
    void everyRouteRefusesHostileValuesWithoutA5xx() throws Exception {
        List<Route> routes = routes();
        assertThat(routes).hasSizeGreaterThan(15);
        Browser alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        Browser anonymous = new Browser(server.base());
        anonymous.get("/api/v1/csrf");
        Browser ivan = new Browser(server.base()); // the onboarding routes answer installers past the role check
        ivan.signIn("ivan", TestServer.PASSWORD);
        int requests = 0;
        for (Route r : routes) {
            if (r.template().endsWith("/live") || r.template().equals("/session") && !r.method().equals("POST")
                    || r.template().equals("/households/{household}") && r.method().equals("DELETE")) {
                continue; // a stream, and the two that end the test's own session or household: walked below
            }
            for (Browser who : r.template().startsWith("/installer/") ? List.of(alice, anonymous, ivan) : List.of(alice, anonymous)) {
                for (String v : HOSTILE) {
                    // A hostile household id, then H1 with a hostile value in every other path and query parameter.
                    String p1 = path(r, v, "electricity");
                    check(r.method() + " " + p1, once(() -> who.send(r.method(), p1, r.method().equals("GET") ? null : new JsonObject())));
                    StringBuilder q = new StringBuilder(path(r, "H1", v));
                    char sep = '?';
                    for (String name : r.query()) {
                        q.append(sep).append(name).append('=').append(enc(v));
                        sep = '&';
                    }
                    HttpResponse<String> answer = once(() -> who.send(r.method(), q.toString(), null));
                    check(r.method() + " " + q, answer);
                    requests += 2;
                }
                if (!r.method().equals("GET")) {
                    for (String b : HOSTILE_BODIES) {
                        String p = path(r, "H1", "electricity");
                        check(r.method() + " " + p + " " + b.substring(0, Math.min(60, b.length())), once(() -> who.sendRaw(r.method(), p, b)));
                        requests++;
                    }
                }
            }
        }
        // The session and the household itself: hostile bodies, and still signed in and present afterwards.
        for (String b : HOSTILE_BODIES) {
            check("DELETE /households/H1 " + b, alice.sendRaw("DELETE", "/api/v1/households/H1", b));
        }
        check("DELETE /households/%00", alice.sendRaw("DELETE", "/api/v1/households/%00", "{}"));
        assertThat(server.count("SELECT count(*) FROM household WHERE id = 'H1'")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM household")).as("no household made of hostile input").isEqualTo(2);
        assertThat(server.count("SELECT count(*) FROM gateway")).isZero();
        assertThat(requests).isGreaterThan(500);
    }
}
