package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.ecofoyer.storage.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The peak card from what the meter says about itself (#16): its daily maxima from the TIC (with the time reached, in
 * the household's zone) over the live stream's, the subscription it announced over the typed one, and the advice on
 * the subscribed power worked out from both, by hand: through the API, then in headless Chromium in French and English.
 *
 * <p>H1's meter record says HP/HC, 6 kVA (the fixtures); its meter announced Tempo, 9 kVA on 2 October 2026 (10:00 in
 * Paris). Its daily maxima: 3,100 VA on 3 November at 19:42:10 (Paris, UTC+1), 2,950 VA on the 12th; phase 1 reached
 * 5,000 VA on the 3rd (a phase's maximum is not the meter's); 8,000 VA on 20 October 2025 (outside every range asked);
 * H2's meter 9,000 VA (another household). The live stream's highest minute: 4,100 VA on 14 November.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeterPeakTest {
    static TestServer server;
    static Browser alice;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "INSERT INTO meter_contract (meter_id, learned_at, kva, tariff_option, source)"
                    + " SELECT id, timestamptz '2026-10-02T08:00:00Z', 9, 'TEMPO', 'tic' FROM meter WHERE code = 'H1-elec'");
            String max = "INSERT INTO meter_daily_max (meter_id, day, phase, va, reached_at) SELECT id, ?::date, ?, ?, ?::timestamptz"
                    + " FROM meter WHERE code = ?";
            TestServer.sql(c, max, "2026-11-03", 0, 3_100, "2026-11-03T18:42:10Z", "H1-elec");
            TestServer.sql(c, max, "2026-11-03", 1, 5_000, "2026-11-03T18:40:00Z", "H1-elec");
            TestServer.sql(c, max, "2026-11-12", 0, 2_950, "2026-11-12T07:05:00Z", "H1-elec");
            TestServer.sql(c, max, "2025-10-20", 0, 8_000, "2025-10-20T17:00:00Z", "H1-elec");
            TestServer.sql(c, max, "2026-11-05", 0, 9_000, "2026-11-05T17:00:00Z", "H2-elec");
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'power.apparent.max_1m',"
                    + " timestamptz '2026-11-14T18:05:00Z', 4100 FROM meter WHERE code = 'H1-elec'");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static JsonObject peak(String query) {
        HttpResponse<String> r = alice.get("/api/v1/households/H1/analysis?" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Browser.json(r).getJsonObject("meterPeak");
    }

    @Test
    @Order(1)
    void theMetersDailyMaximumAndItsSubscriptionMakeTheAdvice() {
        JsonObject p = peak("from=2026-11-01&to=2026-11-15");
        assertThat(p.getDouble("va")).isEqualTo(3100.0);
        assertThat(p.getString("at")).isEqualTo("2026-11-03T18:42:10Z");
        assertThat(p.getString("atLocal")).isEqualTo("2026-11-03T19:42:10");
        assertThat(p.getString("source")).isEqualTo("power.max.meter");
        assertThat(p.getBoolean("timeKnown")).isTrue();
        assertThat(p.getInteger("meterDays")).isEqualTo(2);
        JsonObject s = p.getJsonObject("subscription");
        assertThat(s.getInteger("kva")).isEqualTo(9);
        assertThat(s.getString("option")).isEqualTo("TEMPO");
        assertThat(s.getString("kvaFrom")).isEqualTo("meter");
        assertThat(s.getString("optionFrom")).isEqualTo("meter");
        assertThat(s.getString("learnedAtLocal")).isEqualTo("2026-10-02T10:00");
        assertThat(s.getInteger("recordKva")).isEqualTo(6);
        assertThat(s.getString("recordOption")).isEqualTo("HPHC");
        // 3,100 VA is 34 % of 9 kVA; 6 kVA keeps 20 % above it (0.8 × 6,000 = 4,800 ≥ 3,100), 3 kVA does not (2,400).
        // On the typed 6 kVA the same peak would "fit": the learned subscription is what makes this advice.
        JsonObject a = p.getJsonObject("advice");
        assertThat(a.getString("kind")).isEqualTo("below");
        assertThat(a.getInteger("subscribedKva")).isEqualTo(9);
        assertThat(a.getInteger("suggestedKva")).isEqualTo(6);
    }

    @Test
    @Order(2)
    void withoutTheMetersMaximaTheLiveStreamsHighestMinuteIsTheFallback() {
        JsonObject p = peak("from=2026-11-13&to=2026-11-15");
        assertThat(p.getDouble("va")).isEqualTo(4100.0);
        assertThat(p.getString("source")).isEqualTo("power.apparent.max_1m");
        assertThat(p.getInteger("meterDays")).isZero();
        assertThat(p.getString("atLocal")).isEqualTo("2026-11-14T19:05");
    }

    @Test
    @Order(3)
    void thePeakCardInFrenchAndEnglish() throws Exception {
        Path profile = Files.createTempDirectory("ecofoyer-chromium");
        ChromeDriver driver = BrowserTest.chrome(TestServices.require("ECO_TEST_CHROMIUM"), TestServices.require("ECO_TEST_CHROMEDRIVER"), profile);
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            ChromePage page = new ChromePage(driver, server.base(), BrowserTest.SHOTS);
            driver.get(server.base() + "/signin");
            page.waiting().until(d -> !d.findElements(By.id("signin-form")).isEmpty());
            driver.findElement(By.id("login")).sendKeys("alice");
            driver.findElement(By.id("password")).sendKeys(TestServer.PASSWORD, Keys.ENTER);
            page.waiting().until(d -> d.getCurrentUrl().contains("/app/"));

            page.open("/app/analysis?lang=fr");
            page.waiting().until(d -> !d.findElements(By.cssSelector("#peak [data-field=subscription]")).isEmpty());
            // The page's 12 months up to 15 November 2026: the same maximum (8,000 VA of October 2025 is before them).
            assertThat(text(page, "#peak .big")).isEqualTo("3 100 VA");
            assertThat(text(page, "#peak [data-field=peak-at]")).isEqualTo("3 nov. 2026 19:42");
            assertThat(text(page, "#peak [data-field=peak-source]")).isEqualTo("Maximum quotidien donné par le compteur (TIC), sur 2 jours");
            assertThat(text(page, "#peak [data-field=advice]"))
                    .isEqualTo("Votre pic reste à 34 % de vos 9 kVA : 6 kVA suffiraient, pour un abonnement moins cher.");
            assertThat(text(page, "#peak [data-field=subscription]")).isEqualTo("Abonnement : 9 kVA, Tempo (donné par le compteur le 2 oct. 2026)");
            assertThat(text(page, "#peak [data-field=subscription-differs]"))
                    .isEqualTo("La fiche du compteur dit 6 kVA : c'est le compteur qui fait foi.");
            page.noConsoleErrors();
            page.shot("analysis-peak-fr");

            page.open("/app/analysis?lang=en");
            page.waiting().until(d -> text(page, "#peak [data-field=subscription]").startsWith("Subscription"));
            assertThat(text(page, "#peak [data-field=peak-at]")).contains("2026").endsWith(" 19:42");
            assertThat(text(page, "#peak [data-field=advice]")).isEqualTo("Your peak stays at 34 % of your 9 kVA: 6 kVA would do, for a cheaper subscription.");
            assertThat(text(page, "#peak [data-field=subscription]")).startsWith("Subscription: 9 kVA, Tempo (told by the meter on ").contains("2026");
            page.noConsoleErrors();
            page.shot("analysis-peak-en");
        } finally {
            driver.quit();
        }
    }

    private static String text(ChromePage page, String css) {
        return page.text(css).replace('\u202f', ' ').replace('\u00a0', ' ');
    }
}
