package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real jar's {@code demo} as a separate process, as a user would, and stops it with SIGTERM. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void demoAnswersHealthWithTheDatabaseUpAndStopsCleanlyOnSigterm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("demo.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("ecofoyer.jar"), "demo", "--port", String.valueOf(port),
                "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            String body = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> http.send(req, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200)
                    .body();
            // Anonymous: up/down only; the details (version, TimescaleDB, addresses) are for a signed-in operator.
            assertThat(body).contains("\"status\":\"up\"").contains("\"database\":{\"up\":true}")
                    .doesNotContain("version").doesNotContain("timescaledb").doesNotContain("127.0.0.1");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/signin"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Ecofoyer");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("is running at http://127.0.0.1:" + port + "/"));
            // Its gas and water come from the fake GRDF and Eau du Grand Lyon, through the clients, the sync and the writer.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                String l = Files.readString(log);
                return l.contains("sync of meter demo-gas done") && l.contains("sync of meter demo-water done");
            });
            // The demo household can sign in with the printed password.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Demo sign-in: login 'demo', password '([^']+)'")
                    .matcher(Files.readString(log));
            assertThat(m.find()).as("the demo prints its sign-in").isTrue();
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
            browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/csrf")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String csrf = ((java.net.CookieManager) browser.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("eco_csrf")).findFirst().orElseThrow().getValue();
            HttpResponse<String> signIn = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session"))
                    .header("content-type", "application/json").header("X-CSRF-Token", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"demo\",\"password\":\"" + m.group(1) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
            assertThat(signIn.body()).contains("\"household\":\"demo\"");
            // The demo's advisor holds the demo household's consent, and five similar homes make the cohort card (issue #15).
            java.util.regex.Matcher a = java.util.regex.Pattern.compile("Demo advisor: login 'conseil', password '([^']+)', advisor code ([A-Z0-9]{10})")
                    .matcher(Files.readString(log));
            assertThat(a.find()).as("the demo prints its advisor's sign-in").isTrue();
            HttpClient advisor = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
            advisor.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/csrf")).build(), HttpResponse.BodyHandlers.ofString());
            String advisorCsrf = ((java.net.CookieManager) advisor.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("eco_csrf")).findFirst().orElseThrow().getValue();
            assertThat(advisor.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session"))
                    .header("content-type", "application/json").header("X-CSRF-Token", advisorCsrf)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"conseil\",\"password\":\"" + a.group(1) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            String workspace = advisor.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/advisor/households")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(workspace).contains("\"code\":\"" + a.group(2) + "\"").contains("\"household\":\"demo\"").contains("\"state\":\"live\"");
            // and has asked the household for its half-hours: a request waiting on the Sharing page
            assertThat(workspace).contains("\"addressedTo\":\"demo\"").contains("\"state\":\"pending\"");
            java.time.LocalDate month = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).withDayOfMonth(1);
            URI similar = URI.create("http://127.0.0.1:" + port + "/api/v1/households/demo/similar?fluid=electricity&from="
                    + month.minusMonths(1) + "&to=" + month);
            // (the neighbours' rollups follow their history: the recompute runs in the background)
            String card = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> advisor.send(HttpRequest.newBuilder(similar).build(), HttpResponse.BodyHandlers.ofString()).body(),
                            b -> b.contains("\"enough\":true"));
            assertThat(card).contains("\"homes\":5").doesNotContain("demo-voisin");
            // The demo's installer sees the demo household's registered gateway on its onboarding API; the operator signs in (#14).
            String printed = Files.readString(log);
            java.util.regex.Matcher inst = java.util.regex.Pattern.compile("Demo installer: login 'installateur', password '([^']+)'").matcher(printed);
            java.util.regex.Matcher op = java.util.regex.Pattern.compile("Demo operator: login 'exploitant', password '([^']+)'").matcher(printed);
            assertThat(inst.find()).as("the demo prints its installer's sign-in").isTrue();
            assertThat(op.find()).as("the demo prints its operator's sign-in").isTrue();
            assertThat(printed).containsPattern("Demo gateway: id=gw-demo username=gw-demo password=[A-Za-z2-9]{24} topic=tele/gw-demo/SENSOR");
            for (String[] who : new String[][] {{"installateur", inst.group(1)}, {"exploitant", op.group(1)}}) {
                HttpClient installer = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
                installer.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/csrf")).build(), HttpResponse.BodyHandlers.ofString());
                String installerCsrf = ((java.net.CookieManager) installer.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                        .filter(c -> c.getName().equals("eco_csrf")).findFirst().orElseThrow().getValue();
                assertThat(installer.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session"))
                        .header("content-type", "application/json").header("X-CSRF-Token", installerCsrf)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"" + who[0] + "\",\"password\":\"" + who[1] + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as(who[0]).isEqualTo(200);
                String home = installer.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/installer/households/demo")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(home).as(who[0]).contains("\"id\":\"gw-demo\"", "\"meter\":\"demo-elec\"");
            }
            // Issue #16 in the demo: the meter's own daily maxima (with their time) and the subscription the live Linky
            // announces (historique ISOUSC 45 A: 9 kVA, OPTARIF HC..) over the record's 6 kVA, with advice on it; Tempo
            // today and tomorrow, and the overview's equal spans with the HP/HC subscription named as a missing price.
            String analysis = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/households/demo/analysis"))
                            .build(), HttpResponse.BodyHandlers.ofString()).body(), b -> b.contains("\"source\":\"power.max.meter\"")
                            && b.contains("\"kvaFrom\":\"meter\""));
            assertThat(analysis).contains("\"subscribedKva\":9", "\"recordKva\":6", "\"option\":\"HPHC\"", "\"timeKnown\":true")
                    .doesNotContain("\"kind\":\"unknown\"").contains("\"baselineBySeason\":{\"");
            String now = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/households/demo/now")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(now).containsPattern("\"today\":\"(BLUE|WHITE|RED)\"").containsPattern("\"tomorrow\":\"(BLUE|WHITE|RED)\"");
            String overview = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/households/demo/overview"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(overview).contains("\"lastCompleteDay\":\"").contains("\"component\":\"subscription\"");
            // Prices (#16): where the regulated data cover the demo's HP/HC home (9 kVA as its meter says, 6 typed) (its history from 2024 to the grid of
            // 2026-02-01), energy and subscription are both priced; what the overview names as missing for electricity is
            // only the HP/HC subscription from 2026-02-01, which the shared data leave out as doubtful.
            io.vertx.core.json.JsonObject covered = new io.vertx.core.json.JsonObject(browser.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/api/v1/households/demo/fluids/electricity/series?step=month&from=2025-01-01&to=2026-02-01"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).getJsonObject("totals");
            assertThat(covered.getInteger("days")).as(covered.encode()).isPositive(); // 396 while the 800-day history reaches 2025
            assertThat(covered.getBoolean("costsIncomplete")).as(covered.encode()).isFalse();
            assertThat(covered.getInteger("subscriptionDays")).isEqualTo(covered.getInteger("days"));
            assertThat(covered.getDouble("subscription")).isGreaterThan(0);
            io.vertx.core.json.JsonArray elecMissing = new io.vertx.core.json.JsonObject(overview).getJsonArray("fluids").stream()
                    .map(o -> (io.vertx.core.json.JsonObject) o).filter(o -> o.getString("fluid").equals("electricity")).findFirst()
                    .orElseThrow().getJsonArray("missingPrices");
            assertThat(elecMissing.stream().map(o -> (io.vertx.core.json.JsonObject) o)
                    .map(o -> o.getString("component") + " " + o.getString("option") + " " + o.getInteger("kva") + " " + o.getString("from")))
                    .as(elecMissing.encode()).first().isEqualTo("subscription HPHC 9 2026-02-01");
            assertThat(elecMissing.stream().map(o -> ((io.vertx.core.json.JsonObject) o).getString("component"))).containsOnly("subscription");
            // ...and the operator is told, once, in the log with the command that adds it, and on /metrics.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> Files.readString(log)
                    .contains("no price for electricity HPHC 9 kVA subscription from 2026-02-01 (still missing, last day "));
            assertThat(Files.readString(log).split("no price for electricity HPHC 9 kVA subscription from 2026-02-01", -1)).hasSize(2);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).containsPattern("(?m)^aggregation_prices_missing\\{fluid=\"electricity\"} [1-9]");
            // the simulated Linky goes through the ingest pipeline into the database
            java.util.regex.Pattern stored = java.util.regex.Pattern.compile("(?m)^ingest_readings_stored_total ([0-9.E]+)$");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                java.util.regex.Matcher s = stored.matcher(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
                return s.find() && Double.parseDouble(s.group(1)) > 0;
            });
        } finally {
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s of SIGTERM").isTrue();
        }
        String out = Files.readString(log);
        assertThat(out).contains("embedded PostgreSQL stopped").contains("stopped");
        assertThat(dir.resolve("data/pg/postmaster.pid")).as("PostgreSQL shut down cleanly").doesNotExist();
    }
}
