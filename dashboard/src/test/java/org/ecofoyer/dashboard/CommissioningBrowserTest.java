package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.gateway.Firmware;
import org.ecofoyer.gateway.GatewayRegistry;
import org.ecofoyer.gateway.GatewayTraffic;
import org.ecofoyer.gateway.TicMode;
import org.ecofoyer.storage.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The installer's commissioning page in a real headless Chromium: a registered gateway's checklist waits, then turns
 * green while the page is open once ingest's record of its messages and the meter's readings are in the database
 * (written here as ingest writes them); frames of another meter then give the "wrong meter" diagnosis, in French and in
 * English. A household has no such page.
 */
class CommissioningBrowserTest {
    static final String SERIAL = "021861348497";
    static final String TOPIC = "tele/gw-ivan/SENSOR";
    static TestServer server;
    static ChromeDriver driver;
    static ChromePage page;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        String chromium = TestServices.require("ECO_TEST_CHROMIUM");
        String chromedriver = TestServices.require("ECO_TEST_CHROMEDRIVER");
        server = new TestServer();
        try (Connection c = server.db.dataSource().getConnection()) {
            GatewayRegistry.add(c, new GatewayRegistry.NewGateway("gw-ivan", new MeterCode("H1-elec"), SERIAL, Firmware.TASMOTA,
                    TicMode.STANDARD));
        }
        profile = Files.createTempDirectory("ecofoyer-chromium");
        driver = BrowserTest.chrome(chromium, chromedriver, profile);
        page = new ChromePage(driver, server.base(), AdvisorBrowserTest.SHOTS);
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

    /** What ingest records after a few seconds of the gateway's frames, at the dashboard's now. */
    static void ingestSaw(String meterSeen, int foreign) throws Exception {
        Instant now = Fixtures.CLOCK.instant();
        GatewayRegistry.record(server.db.dataSource(), List.of(new GatewayTraffic(TOPIC, 10, 0, foreign, foreign > 0 ? 0 : 40,
                now.minusSeconds(2), 10, 0, TicMode.STANDARD, meterSeen, foreign > 0 ? "foreign_meter" : null, null,
                foreign > 0 ? null : java.util.Map.of("index.total", 12_345_678L, "power.apparent", 1_450L))), now);
    }

    @Test
    void theChecklistTurnsGreenWhileThePageIsOpenThenNamesAnotherMetersFrames() throws Exception {
        signIn("ivan");
        assertThat(driver.getCurrentUrl()).as("an installer lands on onboarding").endsWith("/app/onboarding");
        driver.findElement(By.cssSelector("a[href='/app/commissioning']")).click();
        page.waiting().until(d -> d.getCurrentUrl().endsWith("/app/commissioning"));
        page.waiting().until(d -> !d.findElements(By.id("cx-state")).isEmpty());
        assertThat(driver.findElement(By.id("cx-gateway")).getText()).contains("gw-ivan — " + SERIAL + " (tasmota, nouvelle)");
        assertThat(driver.findElement(By.id("cx-state")).getAttribute("data-green")).isEqualTo("false");
        assertThat(page.text("#cx-state")).isEqualTo("État : nouvelle");
        assertThat(page.text("[data-item=messages]")).contains("Trames reçues").contains("aucun message encore sur " + TOPIC);
        assertThat(page.text("#cx-diagnoses [data-code=never-seen]")).startsWith("Rien reçu encore sur " + TOPIC);
        page.shot("commissioning-new");

        // Ingest records the gateway's frames and the writer stores its readings: the open page turns green by itself.
        try (Connection c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'index.total', ?, 12345678 FROM meter WHERE code = 'H1-elec'",
                    Timestamp.from(Fixtures.CLOCK.instant().minusSeconds(2)));
        }
        ingestSaw(SERIAL, 0);
        page.waiting().withTimeout(Duration.ofSeconds(15))
                .until(d -> "true".equals(d.findElement(By.id("cx-state")).getAttribute("data-green")));
        assertThat(page.text("#cx-state")).isEqualTo("Tout est vert : la passerelle gw-ivan est en service.");
        assertThat(driver.findElements(By.cssSelector("#cx-items li"))).hasSize(7)
                .allSatisfy(li -> assertThat(li.getAttribute("data-status")).isEqualTo("ok"));
        assertThat(page.text("[data-item=meter]")).contains(SERIAL + ", comme enregistré");
        assertThat(page.text("[data-item=values]")).contains("index.total = 12345678, power.apparent = 1450");
        assertThat(page.text("[data-item=stored]")).contains("relevés du compteur H1-elec enregistrés, le dernier à");
        assertThat(driver.findElements(By.id("cx-diagnoses"))).isEmpty();
        page.noConsoleErrors();
        page.shot("commissioning-green");

        // Another meter's frames on its topic: the check turns red and the diagnosis names both meters.
        ingestSaw("021861348498", 10);
        page.waiting().until(d -> !d.findElements(By.cssSelector("#cx-diagnoses [data-code=wrong-meter]")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("[data-item=meter]")).getAttribute("data-status")).isEqualTo("failed");
        assertThat(page.text("#cx-diagnoses [data-code=wrong-meter]"))
                .startsWith("Trames du compteur 021861348498, cette passerelle est enregistrée pour " + SERIAL);
        page.open("/app/commissioning?gateway=gw-ivan&lang=en");
        page.waiting().until(d -> !d.findElements(By.cssSelector("#cx-diagnoses [data-code=wrong-meter]")).isEmpty());
        assertThat(page.text("#cx-diagnoses [data-code=wrong-meter]"))
                .startsWith("Frames from meter 021861348498, this gateway is registered for " + SERIAL);
        assertThat(page.text("#cx-state")).isEqualTo("State: wrong meter");
        page.noConsoleErrors();
        page.shot("commissioning-wrong-meter");

        // A household has no commissioning page.
        signIn("alice");
        driver.get(server.base() + "/app/commissioning");
        assertThat(driver.findElements(By.id("cx-gateway"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector("nav")).getText()).doesNotContain("Mise en service");
    }
}
