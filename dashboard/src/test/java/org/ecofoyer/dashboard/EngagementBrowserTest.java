package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ecofoyer.storage.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The engagement pages in headless Chromium (#16): the monthly report (its figures, its print view), the ecogestures
 * ("done" counts in the progress), a challenge started from the page, in French and English, and on a phone (nothing
 * wider than the screen). Screenshots go to {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngagementBrowserTest {
    static TestServer server;
    static ChromeDriver driver;
    static ChromePage page;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        String chromium = TestServices.require("ECO_TEST_CHROMIUM");
        String chromedriver = TestServices.require("ECO_TEST_CHROMEDRIVER");
        server = new TestServer();
        profile = Files.createTempDirectory("ecofoyer-chromium");
        driver = BrowserTest.chrome(chromium, chromedriver, profile);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        page = new ChromePage(driver, server.base(), BrowserTest.SHOTS);
        driver.get(server.base() + "/signin");
        page.waiting().until(d -> !d.findElements(By.id("signin-form")).isEmpty());
        driver.findElement(By.id("login")).sendKeys("alice");
        driver.findElement(By.id("password")).sendKeys(TestServer.PASSWORD, Keys.ENTER);
        page.waiting().until(d -> d.getCurrentUrl().contains("/app/"));
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

    static boolean fitsTheScreen() {
        return (Boolean) page.js("return document.documentElement.scrollWidth <= document.documentElement.clientWidth;");
    }

    @Test
    @Order(1)
    void theReportInFrenchAndEnglishAndPrinted() throws Exception {
        page.open("/app/report?month=2026-11&lang=fr");
        page.waiting().until(d -> !d.findElements(By.cssSelector(".report-fluid[data-fluid=electricity]")).isEmpty());
        String elec = page.text(".report-fluid[data-fluid=electricity]");
        assertThat(elec).contains("140,0 kWh").contains("28,00 €").contains("-17 % vs mois précédent").contains("+25 % vs l'an dernier")
                .contains("moyennes par jour").contains("Jours sans données : 2026-11-15");
        assertThat(page.text("#report-biggest")).contains("électricité").contains("-17 %");
        assertThat(page.text("#report-gesture")).contains("Éteindre les veilles").contains("ADEME");
        page.noConsoleErrors();
        page.shot("report");
        // The print view: no navigation, no buttons, the figures kept.
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertThat(page.js("return getComputedStyle(document.querySelector('header.top')).display")).isEqualTo("none");
        assertThat(page.js("return getComputedStyle(document.getElementById('report-print')).display")).isEqualTo("none");
        assertThat(page.js("return getComputedStyle(document.querySelector('.report-fluid')).display")).isNotEqualTo("none");
        page.shot("report-print");
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

        page.open("/app/report?month=2026-11&lang=en");
        page.waiting().until(d -> !d.findElements(By.cssSelector(".report-fluid[data-fluid=electricity]")).isEmpty());
        assertThat(page.text(".report-fluid[data-fluid=electricity]")).contains("140.0 kWh · €28.00").contains("-17 % vs last month")
                .doesNotContain("mois");
    }

    @Test
    @Order(2)
    void anEcogestureDoneCountsInTheProgress() throws Exception {
        page.open("/app/ecogestures?lang=fr");
        page.waiting().until(d -> !d.findElements(By.cssSelector(".gesture[data-id=elec-standby]")).isEmpty());
        assertThat(page.text("#gestures-progress")).contains("0 gestes faits sur 24");
        assertThat(page.text(".gesture[data-id=elec-standby]")).contains("≈ 295 kWh").contains("par an").contains("ADEME");
        driver.findElement(By.cssSelector(".gesture[data-id=elec-standby] button.done")).click();
        page.waiting().until(d -> "done".equals(d.findElement(By.cssSelector(".gesture[data-id=elec-standby]")).getAttribute("data-status")));
        assertThat(page.text("#gestures-progress")).contains("1 gestes faits sur 24");
        page.noConsoleErrors();
        page.shot("ecogestures");
        page.open("/app/ecogestures?lang=en");
        page.waiting().until(d -> !d.findElements(By.cssSelector(".gesture[data-id=elec-standby]")).isEmpty());
        assertThat(page.text("#gestures-progress")).contains("1 gestures done out of 24");
        assertThat(page.text(".gesture[data-id=elec-standby]")).contains("Cut standby").contains("done");
    }

    @Test
    @Order(3)
    void aChallengeStartedFromThePageOnAPhone() throws Exception {
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            page.open("/app/challenges?lang=fr");
            page.waiting().until(d -> !d.findElements(By.id("challenge-form")).isEmpty());
            assertThat(page.text("#page")).contains("Aucun défi pour l'instant.");
            driver.findElement(By.cssSelector("#challenge-form button")).click();
            page.waiting().until(d -> !d.findElements(By.id("challenge-current")).isEmpty());
            assertThat(page.text("#challenge-current")).contains("10 % de moins (électricité) du 15 nov. 2026 au 21 nov. 2026")
                    .contains("objectif de la semaine : 63,0 kWh").contains("En bonne voie");
            assertThat(fitsTheScreen()).isTrue();
            page.noConsoleErrors();
            page.shot("challenge-phone");
            page.open("/app/report?month=2026-11&lang=en");
            page.waiting().until(d -> !d.findElements(By.cssSelector(".report-fluid")).isEmpty());
            assertThat(fitsTheScreen()).isTrue();
            page.shot("report-phone-en");
            page.open("/app/challenges?lang=en");
            page.waiting().until(d -> !d.findElements(By.id("challenge-current")).isEmpty());
            assertThat(page.text("#challenge-current")).contains("10 % less electricity from 15 Nov 2026 to 21 Nov 2026");
            page.open("/app/alerts?lang=fr");
            page.waiting().until(d -> !d.findElements(By.id("alert-settings")).isEmpty());
            assertThat(fitsTheScreen()).isTrue();
            page.noConsoleErrors();
            page.shot("alerts-phone");
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 900));
        }
    }
}
