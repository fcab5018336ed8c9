package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.consent.Consents;
import org.ecofoyer.storage.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue #16, times in the household's zone everywhere: a browser in New York (Chrome's zone set by the DevTools
 * protocol) shows the Paris household's times in Paris time on its data, sharing and alerts pages, and its advisor sees
 * them in Paris time too, the zone said. Every expected string is worked out by hand:
 * <ul>
 *   <li>an access-log read at 2026-10-25 01:30 UTC, the autumn DST night: 02:30 in Paris (the clocks went back at 01:00
 *       UTC, from 03:00 CEST to 02:00 CET), 21:30 on the 24th in New York (still on EDT);</li>
 *   <li>another at 2026-11-15 11:58 UTC: 12:58 in Paris, 06:58 in New York;</li>
 *   <li>the consent granted at the server's 2026-11-15 12:00 UTC: 13:00 in Paris, 07:00 in New York; it ends after
 *       its last day, 28 March 2027, at 2027-03-28 22:00 UTC (Paris went to CEST that morning): 29 March 00:00 in
 *       Paris, 18:00 on the 28th in New York;</li>
 *   <li>an alert raised at 2026-11-15 11:58 UTC: 12:58 in Paris.</li>
 * </ul>
 */
class TimeZoneBrowserTest {
    static final String BROWSER_ZONE = "America/New_York";
    static TestServer server;
    static ChromeDriver driver;
    static ChromePage page;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        String chromium = TestServices.require("ECO_TEST_CHROMIUM");
        String chromedriver = TestServices.require("ECO_TEST_CHROMEDRIVER");
        server = new TestServer();
        String code;
        try (Connection c = server.db.dataSource().getConnection()) {
            var conrad = server.dashboard.accounts().add(c, "conrad", TestServer.PASSWORD, Role.ADVISOR, null, "Conrad", "fr");
            code = Consents.advisorCode(c, conrad.id()).orElseThrow();
            for (String at : new String[] {"2026-10-25T01:30:00Z", "2026-11-15T11:58:00Z"}) {
                TestServer.sql(c, "INSERT INTO audit_event (at, household_id, actor_login, actor_role, action, resource, address)"
                        + " VALUES (?::timestamptz, 'H1', 'conrad', 'ADVISOR', 'read', 'overview', '127.0.0.1')", at);
            }
            TestServer.sql(c, "INSERT INTO household_alert (household_id, kind, occurrence, raised_at, detail, mail)"
                    + " VALUES ('H1', 'TEMPO_RED', '2026-11-16', '2026-11-15T11:58:00Z', '{\"day\": \"2026-11-16\"}', 'none')");
        }
        Browser alice = new Browser(server.base());
        alice.signIn("alice", TestServer.PASSWORD);
        var r = alice.send("POST", "/api/v1/households/H1/consents", new JsonObject().put("advisorCode", code)
                .put("fluids", new JsonArray(List.of("gas"))).put("granularity", "month").put("dataFrom", "2025-01-01")
                .put("dataTo", "2026-12-01").put("expiresOn", "2027-03-28"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        profile = Files.createTempDirectory("ecofoyer-chromium");
        driver = BrowserTest.chrome(chromium, chromedriver, profile);
        page = new ChromePage(driver, server.base(), BrowserTest.SHOTS);
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", BROWSER_ZONE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The browser really is in New York: without the household's zone the pages would show its times. */
    static void browserInNewYork() {
        assertThat(page.js("return Intl.DateTimeFormat().resolvedOptions().timeZone")).isEqualTo(BROWSER_ZONE);
    }

    @Test
    void aHouseholdAndItsAdvisorReadTheHouseholdsTimesWhereverTheBrowserIs() throws Exception {
        page.signIn("alice");
        page.open("/app/data?lang=fr");
        browserInNewYork();
        page.waiting().until(d -> !d.findElements(By.cssSelector("#access-log tbody tr")).isEmpty());
        List<String> when = driver.findElements(By.cssSelector("#access-log tbody tr td:first-child")).stream()
                .map(e -> e.getText().replace('\u202f', ' ')).toList();
        assertThat(when).containsExactly("15 nov. 2026, 12:58", "25 oct. 2026, 02:30");

        page.open("/app/sharing?lang=fr");
        page.waiting().until(d -> !d.findElements(By.cssSelector("tr[data-consent]")).isEmpty());
        assertThat(page.text("tr[data-consent]")).contains("29 mars 2027, 00:00").doesNotContain("18:00");
        assertThat(page.text("#page")).contains("15 nov. 2026, 13:00").doesNotContain("07:00");

        page.open("/app/alerts?lang=fr");
        page.waiting().until(d -> !d.findElements(By.cssSelector("#alerts li")).isEmpty());
        assertThat(page.text("#alerts li .note")).startsWith("15 nov. 2026, 12:58");

        page.open("/app/data?lang=en");
        page.waiting().until(d -> !d.findElements(By.cssSelector("#access-log tbody tr")).isEmpty());
        assertThat(page.text("#access-log tbody tr:last-child td:first-child")).isEqualTo("25 Oct 2026, 02:30");
        page.shot("time-zone-data-en");

        page.signIn("conrad");
        page.open("/app/advisor?lang=fr");
        browserInNewYork();
        page.waiting().until(d -> !d.findElements(By.cssSelector("#advisor-households tr[data-household=H1]")).isEmpty());
        assertThat(page.text("#advisor-households tr[data-household=H1]")).contains("29 mars 2027, 00:00 (Europe/Paris)");
        assertThat(page.text("#advisor-history")).contains("15 nov. 2026, 13:00 (Europe/Paris)");
        page.shot("time-zone-advisor");
        page.noConsoleErrors();
    }
}
