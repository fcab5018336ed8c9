package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import org.ecofoyer.aggregation.store.CalendarStore;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.consent.Consents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The advisor's journey in a real headless Chromium: the household describes its home and grants its advisor access to
 * its gas by month on the Sharing page; the advisor compares the last two winters (the figures the API gives, the DJU
 * method and base temperature stated, the months side by side, the print view without the navigation); the household
 * sees the advisor's reads on "Who looked at my data" and revokes the consent.
 *
 * <p>Gas of H1: 20 kWh a day plus 3 kWh per degree-day. Winter 2024-25 has 6, 11, 14, 15, 13, 9 DJU a day from October
 * to March (2058 DJU over 182 days: 3640 + 6174 = 9814 kWh), winter 2025-26 2 DJU a day less (1694 DJU: 3640 + 5082 =
 * 8722 kWh): 1092 kWh (−11.1 %) less, all of it the milder weather — corrected, both are 9814 kWh.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdvisorBrowserTest {
    static final Path SHOTS = Path.of("target", "screenshots");
    static final int[] DJU_A = {6, 11, 14, 15, 13, 9};
    static TestServer server;
    static ChromeDriver driver;
    static ChromePage page;
    static Path profile;
    static String code;

    @BeforeAll
    static void start() throws Exception {
        String chromium = System.getenv("ECO_TEST_CHROMIUM");
        String chromedriver = System.getenv("ECO_TEST_CHROMEDRIVER");
        Assumptions.assumeTrue(chromium != null && chromedriver != null, "no Chromium");
        server = new TestServer();
        try (Connection c = server.db.dataSource().getConnection()) {
            var conrad = server.dashboard.accounts().add(c, "conrad", TestServer.PASSWORD, Role.ADVISOR, null, "Conrad", "fr");
            code = Consents.advisorCode(c, conrad.id()).orElseThrow();
            Map<LocalDate, Double> dju = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(Fixtures.INSERT)) {
                for (int winter = 0; winter < 2; winter++) {
                    LocalDate start = LocalDate.of(2024 + winter, 10, 1);
                    for (LocalDate d = start; d.isBefore(start.plusMonths(6)); d = d.plusDays(1)) {
                        int perDay = DJU_A[(int) java.time.temporal.ChronoUnit.MONTHS.between(start, d.withDayOfMonth(1))] - 2 * winter;
                        dju.put(d, (double) perDay);
                        long wh = 20_000 + 3_000L * perDay;
                        ps.setInt(1, 1);
                        ps.setTimestamp(2, Timestamp.from(d.atStartOfDay(Fixtures.PARIS).toInstant()));
                        ps.setObject(3, d.atStartOfDay());
                        ps.setString(4, "total");
                        ps.setLong(5, wh);
                        ps.setBigDecimal(6, java.math.BigDecimal.valueOf(wh / 10_000.0)); // 0.10 €/kWh
                        ps.setBoolean(7, false);
                        ps.setBoolean(8, false);
                        ps.setString(9, "H1-gas");
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            CalendarStore.setDegreeDays(c, "lyon-bron", dju);
        }
        profile = Files.createTempDirectory("ecofoyer-chromium");
        driver = BrowserTest.chrome(chromium, chromedriver, profile);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        page = new ChromePage(driver, server.base(), SHOTS);
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

    static void signIn(String login) {
        page.signIn(login);
    }

    static void setDate(String id, String value) {
        page.js("const e = document.getElementById(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change'));", id, value);
    }

    @Test
    @Order(1)
    void theHouseholdDescribesItsHomeAndGrantsItsAdvisorItsGasByMonth() throws IOException {
        signIn("alice");
        page.open("/app/home");
        WebElement surface = page.waiting().until(d -> d.findElement(By.id("surface")));
        surface.sendKeys("100");
        driver.findElement(By.id("occupants")).sendKeys("3");
        new Select(driver.findElement(By.id("heatingEnergy"))).selectByValue("gas");
        new Select(driver.findElement(By.id("weatherStation"))).selectByValue("lyon-bron");
        driver.findElement(By.cssSelector("#profile-form button[type=submit]")).click();
        page.waiting().until(d -> d.findElement(By.cssSelector("#profile-form [role=status]")).getText().equals("Enregistré."));
        page.shot("home");

        page.open("/app/sharing");
        page.waiting().until(d -> d.findElement(By.id("grant-code"))).sendKeys(code);
        driver.findElement(By.id("grant-fluid-electricity")).click(); // unchecked: gas only
        new Select(driver.findElement(By.id("grant-granularity"))).selectByValue("month");
        assertThat(driver.findElement(By.id("grant-halfhour")).isDisplayed()).as("the half-hour opt-in only with half-hours").isFalse();
        setDate("grant-from", "2024-10-01");
        setDate("grant-to", "2026-04-01");
        setDate("grant-expires", "2027-06-30");
        driver.findElement(By.cssSelector("#grant-form button[type=submit]")).click();
        WebElement row = page.waiting().until(d -> d.findElement(By.cssSelector("#consents tbody tr")));
        assertThat(row.getText()).contains("conrad").contains("Gaz").contains("mois").contains("actif");
        assertThat(page.text("#consent-history tbody")).contains("accordé");
        page.noConsoleErrors();
        page.shot("sharing");
    }

    @Test
    @Order(2)
    void theAdvisorComparesTwoWinters() throws IOException {
        signIn("conrad");
        assertThat(driver.getCurrentUrl()).endsWith("/app/advisor");
        page.waiting().until(d -> d.findElement(By.id("advisor-code")).getText().contains(code));
        assertThat(page.text("#advisor-households")).contains("Household H1").contains("Gaz").contains("mois");
        new Select(driver.findElement(By.id("cmp-fluid"))).selectByValue("gas");
        setDate("cmp-aFrom", "2024-10-01");
        setDate("cmp-aTo", "2025-04-01");
        setDate("cmp-bFrom", "2025-10-01");
        setDate("cmp-bTo", "2026-04-01");
        driver.findElement(By.cssSelector("#compare-form button[type=submit]")).click();
        page.waiting().until(d -> !d.findElements(By.id("cmp-totals")).isEmpty());
        assertThat(page.text("#cmp-totals [data-line='cmp.quantity']")).contains("9 814 kWh").contains("8 722 kWh");
        assertThat(page.text("#cmp-totals [data-line='cmp.normalised']")).contains("-1 092 kWh");
        assertThat(page.text("#cmp-totals [data-line='cmp.percent']")).contains("-11,1 %");
        assertThat(page.text("#cmp-totals [data-line='cmp.cost']")).contains("-109,20 €");
        assertThat(page.text("#cmp-totals [data-line='cmp.perM2']")).contains("98,1 kWh").contains("87,2 kWh");
        assertThat(page.text("#cmp-totals [data-line='cmp.dju']")).contains("2 058").contains("1 694");
        // Corrected to the first winter's weather, the second used the same: the saving was the weather.
        assertThat(page.text("#cmp-totals [data-line='cmp.corrected']")).contains("9 814 kWh   9 814 kWh".replace("   ", " "));
        assertThat(page.text("#cmp-method")).contains("lyon-bron").contains("base 18 °C").contains("max(0, 18 − (Tmin + Tmax) / 2)");
        assertThat(page.text("#cmp-signature")).contains("20,0 kWh/jour").contains("3,00 kWh par degré-jour").contains("12 mois");
        assertThat(driver.findElements(By.cssSelector("#cmp-months tbody tr"))).hasSize(6);
        // The months charted side by side: A's and B's six months, the figures the table gives.
        page.waiting().until(d -> ((Number) page.js("const c = document.getElementById('cmp-chart').ecoChart;"
                + " return c ? c.getOption().series.length : 0;")).intValue() == 2);
        assertThat(page.js("return document.getElementById('cmp-chart').ecoChart.getOption().series.map(s => s.data.reduce((a, b) => a + b, 0));")
                .toString()).isEqualTo("[9814, 8722]");
        assertThat(driver.findElements(By.id("cmp-notes"))).as("equal, complete periods: nothing to warn about").isEmpty();
        // The similar-homes card: no other home takes part here, so it says there are too few.
        assertThat(page.text("#similar-too-few")).contains("Moins de 5");
        assertThat(driver.findElement(By.id("cmp-csv")).getAttribute("href")).contains("format=csv").contains("aFrom=2024-10-01");
        page.noConsoleErrors();
        page.shot("advisor-comparison");

        // The printable view: the report without the navigation, the forms or the buttons.
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertThat(driver.findElement(By.cssSelector("header.top")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("compare-form")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("cmp-print")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("comparison")).isDisplayed()).isTrue();
        page.shot("advisor-comparison-print");
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

        // Beyond the consent (electricity is not shared): said in words, nothing shown.
        Browser api = new Browser(server.base());
        api.signIn("conrad", TestServer.PASSWORD);
        assertThat(api.get("/api/v1/households/H1/comparison?fluid=gas&aFrom=2024-10-15&aTo=2025-04-01&bFrom=2025-10-01&bTo=2026-04-01")
                .statusCode()).as("a month consent: whole months only").isEqualTo(403);
    }

    @Test
    @Order(3)
    void theHouseholdSeesWhoLookedAndRevokes() throws IOException {
        signIn("alice");
        page.open("/app/data");
        WebElement log = page.waiting().until(d -> d.findElement(By.id("access-log")));
        assertThat(log.getText()).contains("conrad (conseiller)").contains("comparison").contains("#");
        assertThat(page.text("#access-log-title")).isEqualTo("Qui a consulté mes données");
        page.open("/app/sharing");
        page.waiting().until(d -> d.findElement(By.cssSelector("[data-revoke]"))).click();
        page.waiting().until(d -> !d.findElements(By.id("revoked")).isEmpty());
        assertThat(page.text("#consents tbody")).contains("retiré");
        assertThat(page.text("#consent-history tbody")).contains("retiré").contains("accordé");
        Browser api = new Browser(server.base());
        api.signIn("conrad", TestServer.PASSWORD);
        assertThat(api.get("/api/v1/households/H1/comparison?fluid=gas&aFrom=2024-10-01&aTo=2025-04-01&bFrom=2025-10-01&bTo=2026-04-01")
                .statusCode()).isEqualTo(404);
        page.noConsoleErrors();
        page.shot("sharing-revoked");
    }

    /** The advisor asks for electricity by day with a message; the household sees it on its Sharing page and accepts. */
    @Test
    @Order(4)
    void theAdvisorAsksForAccessAndTheHouseholdAccepts() throws IOException {
        signIn("conrad");
        WebElement login = page.waiting().until(d -> d.findElement(By.id("ask-household")));
        login.sendKeys("alice");
        driver.findElement(By.id("ask-fluid-gas")).click(); // unchecked: electricity only
        new Select(driver.findElement(By.id("ask-granularity"))).selectByValue("day");
        setDate("ask-from", "2026-01-01");
        setDate("ask-to", "2026-11-01");
        setDate("ask-expires", "2027-02-28");
        driver.findElement(By.id("ask-message")).sendKeys("Pour comparer avant et après vos travaux.");
        driver.findElement(By.cssSelector("#ask-form button[type=submit]")).click();
        page.waiting().until(d -> !d.findElements(By.id("ask-sent")).isEmpty());
        assertThat(page.text("#advisor-requests tbody")).contains("alice").contains("en attente");
        page.noConsoleErrors();
        page.shot("advisor-request");

        signIn("alice");
        page.open("/app/sharing");
        WebElement row = page.waiting().until(d -> d.findElement(By.cssSelector("#consent-requests tbody tr")));
        assertThat(row.getText()).contains("conrad").contains("Électricité").contains("jour").contains("travaux");
        page.shot("sharing-request");
        row.findElement(By.cssSelector("[data-accept]")).click();
        page.waiting().until(d -> !d.findElements(By.id("request-answered")).isEmpty());
        assertThat(driver.findElements(By.id("consent-requests"))).as("answered: no longer pending").isEmpty();
        assertThat(page.text("#consents tbody")).contains("conrad").contains("actif");
        page.noConsoleErrors();
        Browser api = new Browser(server.base());
        api.signIn("conrad", TestServer.PASSWORD);
        assertThat(api.get("/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-10-01&to=2026-10-15").statusCode()).isEqualTo(200);
    }
}
