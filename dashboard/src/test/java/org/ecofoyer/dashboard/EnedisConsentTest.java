package org.ecofoyer.dashboard;

import org.ecofoyer.storage.TestServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.dashboard.api.EnedisConsentApi;
import org.ecofoyer.drivers.utility.ApiLimits;
import org.ecofoyer.drivers.utility.RetryPolicy;
import org.ecofoyer.drivers.utility.Secret;
import org.ecofoyer.drivers.utility.enedis.EnedisApi;
import org.ecofoyer.drivers.utility.enedis.EnedisClient;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.sync.SyncSchedule;
import org.ecofoyer.ingest.sync.UtilitySync;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterConfig;
import org.ecofoyer.tools.fake.FakeUtilityServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Connect my Linky (Enedis)" against the fake utility server over real HTTP, with the real utility sync: the consent
 * page sends the browser back with the state and the PRM; the household's ENEDIS_API meter is registered and backfilled.
 * A forged, replayed or another session's state changes nothing. H1's gateway meter is removed first (a household whose
 * Linky has a gateway is not offered Enedis).
 */
class EnedisConsentTest {
    static final String PRM = "09111642617347";
    TestServer server;
    FakeUtilityServer fake;
    ReadingWriter writer;
    final HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(DashboardConfig.DEFAULTS, (d, vertx, jdbc) -> {
            fake = new FakeUtilityServer(vertx, Clock.systemUTC(), ZoneId.of("Europe/Paris"));
            fake.start("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            writer = new ReadingWriter(jdbc.dataSource(), new WriterConfig(5000, Duration.ofMillis(20), 50_000, 1, null, null),
                    IngestMetrics.inMemory()).start();
            EnedisClient enedis = new EnedisClient(vertx, WebClient.create(vertx), new EnedisClient.Settings(fake.enedisApiUrl(),
                    fake.enedisTokenUrl(), FakeUtilityServer.CLIENT_ID, Secret.of(FakeUtilityServer.CLIENT_SECRET), EnedisApi.DC2026,
                    false, new ApiLimits(Duration.ZERO, 10_000, 7, 30)), RetryPolicy.DEFAULT, Clock.systemUTC());
            UtilitySync sync = new UtilitySync(vertx, jdbc, writer, Map.of(MeterKind.ENEDIS_API, enedis), 10,
                    new SyncSchedule(LocalTime.of(7, 30), Duration.ZERO, new Random(1)), Clock.systemUTC());
            d.withEnedisConsent(new EnedisConsentApi.Settings(fake.enedisAuthorizeUrl(), FakeUtilityServer.CLIENT_ID), sync);
        });
        fake.enedisConsent(server.base() + EnedisConsentApi.CALLBACK, PRM);
        server.count("WITH x AS (DELETE FROM meter WHERE code = 'H1-elec' RETURNING 1) SELECT count(*) FROM x");
    }

    @AfterEach
    void stop() throws Exception {
        writer.close();
        server.close();
    }

    /** Asks for the consent page as the household's page does; returns its address. */
    static String consentUrl(Browser b) {
        return consentUrl(b, "H1", PRM);
    }

    static String consentUrl(Browser b, String household, String prm) {
        HttpResponse<String> r = b.send("POST", "/api/v1/households/" + household + "/enedis/consent", new JsonObject().put("usagePointId", prm));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Browser.json(r).getString("url");
    }

    /** The household "consents" on the fake Enedis page: where it sends the browser back. */
    String consent(String url) throws Exception {
        HttpResponse<Void> r = plain.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(302);
        return r.headers().firstValue("location").orElseThrow();
    }

    static String follow(Browser b, String absolute) {
        HttpResponse<String> r = b.get(absolute.substring(absolute.indexOf("/oauth/")));
        assertThat(r.statusCode()).isEqualTo(303);
        return r.headers().firstValue("location").orElseThrow();
    }

    long enedisMeters() throws Exception {
        return server.count("SELECT count(*) FROM meter WHERE household_id = 'H1' AND kind = 'ENEDIS_API'");
    }

    @Test
    void theHouseholdConsentsAndItsLinkyIsRegisteredAndBackfilled() throws Exception {
        Browser alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        JsonObject sources = Browser.json(alice.get("/api/v1/households/H1/sources"));
        assertThat(sources.getJsonObject("connect").getBoolean("enedis")).isTrue();

        String url = consentUrl(alice);
        assertThat(url).startsWith(fake.enedisAuthorizeUrl() + "?client_id=" + FakeUtilityServer.CLIENT_ID)
                .contains("&response_type=code").contains("&duration=P3Y").contains("&state=");
        String back = consent(url);
        assertThat(back).startsWith(server.base() + "/oauth/enedis/callback?code=").contains("&usage_point_id=" + PRM);
        assertThat(follow(alice, back)).isEqualTo("/app/data?enedis=connected");

        assertThat(server.count("SELECT count(*) FROM meter WHERE household_id = 'H1' AND code = 'H1-enedis' AND kind = 'ENEDIS_API'"
                + " AND fluid = 'ELECTRICITY' AND external_id = ?", PRM)).isEqualTo(1);
        // The backfill runs: Enedis' daily consumption arrives as readings of the new meter.
        await().atMost(Duration.ofSeconds(60)).until(() -> server.count("SELECT count(*) FROM reading r JOIN meter m ON m.id = r.meter_id"
                + " WHERE m.code = 'H1-enedis' AND r.channel = 'energy.daily'") > 20);
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H1' AND action = 'enedis.connected'")).isEqualTo(1);

        // The same answer again (a replay): refused, nothing changes.
        assertThat(follow(alice, back)).isEqualTo("/app/data?enedis=invalid");
        assertThat(enedisMeters()).isEqualTo(1);
    }

    @Test
    void aForgedOrAnotherSessionsStateChangesNothing() throws Exception {
        Browser alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        // A state nobody asked for, with the attacker's PRM.
        assertThat(follow(alice, server.base() + "/oauth/enedis/callback?code=x&state=forged-state-000000000000000000000&usage_point_id=12345678901234"))
                .isEqualTo("/app/data?enedis=invalid");
        assertThat(enedisMeters()).isZero();
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H1' AND action = 'access.refused'"
                + " AND resource = 'GET /oauth/enedis/callback'")).isEqualTo(1);

        // Alice's real state, brought back by another session of the same account (an attacker who stole the link).
        String back = consent(consentUrl(alice));
        Browser other = new Browser(server.base());
        other.signIn("alice", TestServer.PASSWORD);
        assertThat(follow(other, back)).isEqualTo("/app/data?enedis=invalid");
        assertThat(enedisMeters()).isZero();
        // Not signed in at all: nothing either.
        assertThat(follow(new Browser(server.base()), back)).isEqualTo("/app/data?enedis=invalid");
        assertThat(enedisMeters()).isZero();
        // The session that asked still can.
        assertThat(follow(alice, back)).isEqualTo("/app/data?enedis=connected");
        assertThat(enedisMeters()).isEqualTo(1);
    }

    @Test
    void inTheBrowserTheButtonGoesToEnedisAndBack() throws Exception {
        String chromium = TestServices.require("ECO_TEST_CHROMIUM");
        String chromedriver = TestServices.require("ECO_TEST_CHROMEDRIVER");
        Path profile = Files.createTempDirectory("ecofoyer-chromium");
        ChromeDriver driver = BrowserTest.chrome(chromium, chromedriver, profile);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(server.base() + "/signin");
            wait.until(d -> !d.findElements(By.id("signin-form")).isEmpty());
            driver.findElement(By.id("login")).sendKeys("alice");
            driver.findElement(By.id("password")).sendKeys(TestServer.PASSWORD, Keys.ENTER);
            wait.until(d -> d.getCurrentUrl().contains("/app/"));
            driver.get(server.base() + "/app/data");
            WebElement button = wait.until(d -> d.findElement(By.id("enedis-connect")));
            assertThat(button.getText()).isEqualTo("Connecter mon Linky (Enedis)");
            // Without its PRM the request does not even start.
            button.click();
            assertThat(wait.until(d -> d.findElement(By.cssSelector("[role=alert].error"))).getText()).contains("14 chiffres");
            assertThat(driver.getCurrentUrl()).endsWith("/app/data");
            driver.findElement(By.id("enedis-prm")).sendKeys("0911 1642 6173 47");
            button.click();
            // To the (fake) Enedis consent page, which sends the browser straight back with the state and the PRM.
            wait.until(d -> d.getCurrentUrl().endsWith("/app/data?enedis=connected"));
            WebElement outcome = wait.until(d -> d.findElement(By.id("enedis-outcome")));
            assertThat(outcome.getText()).startsWith("Votre Linky est connecté via Enedis");
            wait.until(d -> !d.findElements(By.cssSelector("#sources tr[data-code=H1-enedis]")).isEmpty());
            assertThat(driver.findElement(By.cssSelector("#sources tr[data-code=H1-enedis]")).getText()).contains("Linky, via Enedis");
            assertThat(driver.findElements(By.id("enedis-connect"))).as("connected: no button any more").isEmpty();
            assertThat(enedisMeters()).isEqualTo(1);
            Files.createDirectories(BrowserTest.SHOTS);
            Files.write(BrowserTest.SHOTS.resolve("my-data-enedis-connected.png"), driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }

    @Test
    void aHouseholdWhoseLinkyHasAGatewayIsNotOfferedEnedis() throws Exception {
        Browser bob = new Browser(server.base());
        bob.signIn("bob", TestServer.PASSWORD);
        assertThat(Browser.json(bob.get("/api/v1/households/H2/sources")).getJsonObject("connect").getBoolean("enedis")).isFalse();
        JsonObject prm = new JsonObject().put("usagePointId", PRM);
        assertThat(bob.send("POST", "/api/v1/households/H2/enedis/consent", prm).statusCode()).isEqualTo(409);
        // Nor can one household start it for another.
        assertThat(bob.send("POST", "/api/v1/households/H1/enedis/consent", prm).statusCode()).isEqualTo(404);
    }

    @Test
    void theConsentNeedsTheHouseholdsPrm() throws Exception {
        Browser alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        for (JsonObject body : new JsonObject[] {new JsonObject(), new JsonObject().put("usagePointId", "0911164261734"),
                new JsonObject().put("usagePointId", "0911164261734x"), new JsonObject().put("usagePointId", 9111642617347L)}) {
            HttpResponse<String> r = alice.send("POST", "/api/v1/households/H1/enedis/consent", body);
            assertThat(r.statusCode()).as(body.encode()).isEqualTo(400);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        }
        assertThat(server.count("SELECT count(*) FROM oauth_state")).isZero();
    }

    /**
     * Security finding 1, as the attacker did it: with its own consent {@code state}, a household calls the callback
     * with the victim's PRM without going to Enedis. Today's answer: nothing is attached, whichever way it is tried.
     */
    @Test
    void oneHouseholdCannotAttachAnothersLinky() throws Exception {
        Browser alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        assertThat(follow(alice, consent(consentUrl(alice)))).isEqualTo("/app/data?enedis=connected");
        assertThat(enedisMeters()).isEqualTo(1);

        server.count("WITH x AS (DELETE FROM meter WHERE code = 'H2-elec' RETURNING 1) SELECT count(*) FROM x");
        Browser bob = new Browser(server.base());
        bob.signIn("bob", TestServer.PASSWORD);
        String bobsPrm = "22222222222222";
        // (a) Bob asks for his own PRM, then brings back his state with Alice's PRM and a forged code.
        String state = stateOf(consentUrl(bob, "H2", bobsPrm));
        assertThat(follow(bob, server.base() + EnedisConsentApi.CALLBACK + "?state=" + state + "&code=forged&usage_point_id=" + PRM))
                .isEqualTo("/app/data?enedis=invalid");
        // (b) Bob asks for Alice's PRM outright; Alice's consent exists at Enedis, but the PRM is Alice's household's.
        state = stateOf(consentUrl(bob, "H2", PRM));
        assertThat(follow(bob, server.base() + EnedisConsentApi.CALLBACK + "?state=" + state + "&code=forged&usage_point_id=" + PRM))
                .isEqualTo("/app/data?enedis=taken");
        assertThat(server.count("SELECT count(*) FROM meter WHERE external_id = ?", PRM)).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM meter WHERE external_id = ? AND household_id = 'H1'", PRM)).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM meter WHERE household_id = 'H2' AND kind = 'ENEDIS_API'")).isZero();
        // Both attempts are in Bob's access log, and nothing of Alice's household is named there.
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H2' AND action = 'access.refused'")).isEqualTo(2);
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H2' AND detail LIKE '%H1%'")).isZero();
    }

    /** A PRM nobody consented for at Enedis (Data Connect answers ADAM-DC-0008): nothing is attached. */
    @Test
    void aPrmWithoutConsentAtEnedisIsNotAttached() throws Exception {
        fake.deny(PRM);
        Browser alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        assertThat(follow(alice, consent(consentUrl(alice)))).isEqualTo("/app/data?enedis=unconfirmed");
        assertThat(enedisMeters()).isZero();
        assertThat(server.count("SELECT count(*) FROM audit_event WHERE household_id = 'H1' AND action = 'access.refused'"
                + " AND detail LIKE '%has no consent for meter " + PRM + "%'")).isEqualTo(1);
    }

    static String stateOf(String consentUrl) {
        String s = consentUrl.substring(consentUrl.indexOf("&state=") + 7);
        return s.contains("&") ? s.substring(0, s.indexOf('&')) : s;
    }
}
