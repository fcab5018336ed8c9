package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ecofoyer.gateway.BrokerPasswords;
import org.ecofoyer.gateway.BrokerProvisioning;
import org.ecofoyer.gateway.Onboarding;
import org.ecofoyer.storage.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * An installer onboards a home in a real headless Chromium (issue #14): signed in, it lands on the onboarding page,
 * creates a household, adds its Linky with its tariff option and power, sees a refusal in the server's words, registers
 * a Tasmota gateway and reads its broker password (the one whose hash the registry holds) and the configuration to
 * paste — once: after a reload the gateway is listed and the password is nowhere on the page. In French, then in English.
 */
class OnboardingBrowserTest {
    static final Path SHOTS = Path.of("target", "screenshots");
    static TestServer server;
    static ChromeDriver driver;
    static ChromePage page;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        String chromium = TestServices.require("ECO_TEST_CHROMIUM");
        String chromedriver = TestServices.require("ECO_TEST_CHROMEDRIVER");
        server = new TestServer(DashboardConfig.DEFAULTS,
                (d, vertx, jdbc) -> d.withOnboarding(new Onboarding(BrokerProvisioning.FILES), "tcp://broker.example:1883"));
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

    @Test
    void anInstallerCreatesAHouseholdAMeterAndAGatewayAndSeesItsPasswordOnce() throws Exception {
        driver.get(server.base() + "/signin");
        page.waiting().until(d -> !d.findElements(By.id("signin-form")).isEmpty());
        driver.findElement(By.id("login")).sendKeys("ivan");
        driver.findElement(By.id("password")).sendKeys(TestServer.PASSWORD, Keys.ENTER);
        page.waiting().until(d -> d.getCurrentUrl().endsWith("/app/onboarding"));
        page.waiting().until(d -> !d.findElements(By.id("household-form")).isEmpty());
        assertThat(driver.getTitle()).contains("Mise en service"); // ivan reads French
        assertThat(page.text("#households")).contains("H1", "Household H1");

        driver.findElement(By.id("household-name")).sendKeys("Famille Navigateur");
        driver.findElement(By.cssSelector("#household-form button[type=submit]")).click();
        page.waiting().until(d -> !d.findElements(By.id("meter-form")).isEmpty());
        String household = driver.getCurrentUrl().replaceAll(".*household=", "");
        assertThat(household).matches("famille-navigateur-[a-z2-9]{4}");
        assertThat(page.text("#household-title")).isEqualTo("Famille Navigateur (" + household + ")");
        assertThat(page.text("#gateway-needs-meter")).contains("compteur d'électricité");

        // A code another home has: refused in the server's words, nothing added.
        new Select(driver.findElement(By.id("meter-fluid"))).selectByValue("electricity");
        driver.findElement(By.id("meter-code")).sendKeys("H1-elec");
        driver.findElement(By.cssSelector("#meter-form button[type=submit]")).click();
        page.waiting().until(d -> d.findElement(By.id("meter-add-status")).getText().contains("meter 'H1-elec' exists already"));
        assertThat(page.text("#meter-add-status")).startsWith("Refusé : ");
        // The refused request is the console's only entry (Chromium logs every 4xx answer): drained here, nothing else.
        assertThat(driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll())
                .allSatisfy(e -> assertThat(e.getMessage()).contains("/api/v1/installer/meters", "400"));

        driver.findElement(By.id("meter-code")).clear();
        driver.findElement(By.id("meter-code")).sendKeys("021861348497");
        new Select(driver.findElement(By.id("meter-option"))).selectByValue("hphc");
        driver.findElement(By.id("meter-kva")).sendKeys("9");
        driver.findElement(By.cssSelector("#meter-form button[type=submit]")).click();
        page.waiting().until(d -> !d.findElements(By.cssSelector("#meters tr[data-meter='021861348497']")).isEmpty());
        assertThat(page.text("#meters tr[data-meter='021861348497']")).contains("Électricité", "hphc", "9");
        assertThat(server.count("SELECT count(*) FROM meter WHERE household_id = ? AND code = '021861348497'"
                + " AND tariff_option = 'HPHC' AND subscribed_kva = 9", household)).isOne();

        new Select(driver.findElement(By.id("gateway-firmware"))).selectByValue("tasmota");
        new Select(driver.findElement(By.id("gateway-mode"))).selectByValue("historique");
        driver.findElement(By.cssSelector("#gateway-form button[type=submit]")).click();
        page.waiting().until(d -> !d.findElements(By.id("secret-password")).isEmpty());
        String password = page.text("#secret-password");
        String user = page.text("#secret-username");
        assertThat(password).matches("[A-Za-z2-9]{24}");
        assertThat(page.text("#secret-topic")).isEqualTo("tele/" + user + "/SENSOR");
        assertThat(page.text("#secret-config")).contains("MqttHost broker.example", "MqttUser " + user, "MqttPassword " + password,
                "EnergyConfig Historique");
        assertThat(driver.findElement(By.id("secret-download")).getAttribute("download")).isEqualTo(user + "-config.txt");
        assertThat(page.text("#secret-broker")).contains("export-mosquitto");
        try (var c = server.db.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT g.password_hash FROM gateway g JOIN meter m ON m.id = g.meter_id WHERE g.id = ? AND m.code = ?")) {
            ps.setString(1, user);
            ps.setString(2, "021861348497");
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(BrokerPasswords.verify(password, rs.getString(1))).as("the password shown is the gateway's").isTrue();
            }
        }
        page.shot("onboarding-secret");
        page.noConsoleErrors();

        // Once only: in English now, the gateway is listed and its password is nowhere.
        page.open("/app/onboarding?household=" + household + "&lang=en");
        page.waiting().until(d -> !d.findElements(By.cssSelector("#gateways tr[data-gateway='" + user + "']")).isEmpty());
        assertThat(driver.getTitle()).contains("Onboarding");
        assertThat(page.text("#gateways tr[data-gateway='" + user + "']")).contains("tasmota", "historique", "tele/" + user + "/SENSOR", "new");
        assertThat(driver.getPageSource()).doesNotContain(password);
        page.noConsoleErrors();
    }
}
