package org.ecofoyer.dashboard;

import org.ecofoyer.storage.TestServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real headless Chromium (Debian's, from {@code ECO_TEST_CHROMIUM} / {@code ECO_TEST_CHROMEDRIVER}):
 * sign in, every page, steps and units, chart data against the API, the live curve, export, deletion, keyboard use and
 * basic accessibility, no CSP violation or script error. Screenshots of every page go to {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
    static final Path SHOTS = Path.of("target", "screenshots");
    static TestServer server;
    static ChromeDriver driver;
    static ChromePage page;
    static Browser api;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        String chromium = TestServices.require("ECO_TEST_CHROMIUM");
        String chromedriver = TestServices.require("ECO_TEST_CHROMEDRIVER");
        server = new TestServer();
        api = new Browser(server.base());
        api.signIn("alice", TestServer.PASSWORD);
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("ecofoyer-chromium");
        driver = chrome(chromium, chromedriver, profile);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        page = new ChromePage(driver, server.base(), SHOTS);
    }

    /** Debian's headless Chromium with a fresh profile, French first, kept off the network; console logs kept. */
    static ChromeDriver chrome(String chromium, String chromedriver, Path profile) {
        ChromeOptions options = new ChromeOptions().setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=fr-FR");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "fr-FR,fr"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(chromedriver).toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
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

    static WebDriverWait waiting() {
        return page.waiting();
    }

    static Object js(String script, Object... args) {
        return page.js(script, args);
    }

    static void shot(String name) throws IOException {
        page.shot(name);
    }

    static void open(String path) {
        page.open(path);
    }

    /** The chart's series data as numbers (null for gaps), read from the ECharts instance. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> series(String id) {
        return (List<Map<String, Object>>) js("const o = document.getElementById(arguments[0]).ecoChart.getOption();"
                + "return o.series.map(s => ({id: s.id, data: s.data.map(v => v == null ? null : (typeof v === 'object' ? v.value : v)),"
                + " decals: s.data.map(v => !!(v && v.itemStyle && v.itemStyle.decal))}));", id);
    }

    /** The text of the chart's tooltip over bucket {@code index}. */
    static String tooltipOf(String id, int index) {
        js("document.getElementById(arguments[0]).ecoChart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: arguments[1]})", id, index);
        return waiting().until(d -> {
            String t = (String) js("const t = [...document.querySelectorAll('#' + arguments[0] + ' > div')].find(e => e.style.display !== 'none'"
                    + " && e.innerText && e !== e.parentElement.firstElementChild); return t ? t.innerText : null;", id);
            return t == null || t.isBlank() ? null : t.replace('\u202f', ' ').replace('\u00a0', ' ');
        });
    }

    static String text(String css) {
        return page.text(css);
    }

    static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    static void noConsoleErrors() {
        page.noConsoleErrors();
    }

    /** Labels, names, language and text contrast (WCAG AA), checked in the page. */
    static void accessible() {
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) js("""
                const out = [];
                if (!document.documentElement.lang) out.push('no lang');
                for (const i of document.querySelectorAll('input, select, textarea'))
                  if (!i.labels?.length && !i.getAttribute('aria-label')) out.push('unlabelled ' + (i.id || i.name));
                for (const b of document.querySelectorAll('button, a[href]'))
                  if (!(b.textContent.trim() || b.getAttribute('aria-label'))) out.push('unnamed ' + b.outerHTML.slice(0, 60));
                for (const c of document.querySelectorAll('[role=img]'))
                  if (!c.getAttribute('aria-label')) out.push('chart without label ' + c.id);
                const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
                const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
                const bg = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                  if (c.length < 4 || c[3] > 0.9) { if (!(c.length >= 4 && c[3] === 0)) return c.slice(0, 3); } } return [255, 255, 255]; };
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let n; (n = walker.nextNode());) {
                  const e = n.parentElement; if (!n.textContent.trim() || !e.offsetParent || e.closest('canvas, .chart, .skip')) continue;
                  const s = getComputedStyle(e); const fg = rgb(s.color).slice(0, 3); const b = bg(e);
                  const [l1, l2] = [lum(fg), lum(b)].sort((x, y) => y - x); const ratio = (l1 + 0.05) / (l2 + 0.05);
                  const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.6 && Number(s.fontWeight) >= 700);
                  if (ratio < (large ? 3 : 4.5)) out.push('contrast ' + ratio.toFixed(2) + ' ' + n.textContent.trim().slice(0, 30));
                }
                return out;""");
        assertThat(problems).as("accessibility problems on " + driver.getCurrentUrl()).isEmpty();
    }

    @Test
    @Order(1)
    void signInLandsOnTheOverview() throws IOException {
        driver.get(server.base() + "/app/electricity");
        waiting().until(d -> d.getCurrentUrl().contains("/signin"));
        waiting().until(d -> !d.findElements(By.id("signin-form")).isEmpty());
        accessible();
        shot("signin");
        driver.findElement(By.id("login")).sendKeys("alice");
        driver.findElement(By.id("password")).sendKeys("wrong password");
        driver.findElement(By.cssSelector("#signin-form button")).click();
        waiting().until(d -> d.findElement(By.id("signin-error")).getText().contains("incorrect"));
        driver.manage().logs().get(LogType.BROWSER); // the expected 401 is logged as a failed load: not an error here
        driver.findElement(By.id("password")).clear();
        driver.findElement(By.id("password")).sendKeys(TestServer.PASSWORD, Keys.ENTER);
        // the page may already have written its state (step, date, unit) into the query string
        waiting().until(d -> d.getCurrentUrl().matches(".*/app/electricity([?].*)?"));
        open("/app/overview");
        WebElement elec = waiting().until(d -> d.findElement(By.cssSelector(".card[data-fluid=electricity]")));
        // 1–14 November (the 15th is today): 28,00 € of consumption and 7,00 € of subscription, 140 kWh.
        assertThat(elec.findElement(By.cssSelector("[data-field=cost]")).getText()).isEqualTo("35,00 €");
        assertThat(elec.findElement(By.cssSelector("[data-field=subscription]")).getText()).isEqualTo("abonnement 7,00 €");
        assertThat(elec.findElement(By.cssSelector("[data-field=quantity]")).getText()).isEqualTo("140,0 kWh");
        assertThat(elec.findElement(By.cssSelector("[data-field=span]")).getText()).isEqualTo("1–14 nov. comparés à 1–14 oct.");
        assertThat(elec.findElement(By.cssSelector("[data-field=estimated]")).getText()).isEqualTo("7 % estimé");
        assertThat(elec.getText()).contains("▼ -17 %").contains("▲ +25 %");
        // October had no subscription price: said, with its days.
        assertThat(elec.findElement(By.cssSelector("[data-field=costs-incomplete]")).getText())
                .contains("Coûts incomplets").contains("pas de prix d'abonnement du 1 oct. 2026 au 15 oct. 2026");
        assertThat(text(".card[data-fluid=water] [data-field=quantity]")).isEqualTo("2 100 L");
        assertThat(text(".card[data-fluid=gas] [data-field=no-data]")).isEqualTo("Pas encore de journée complète de données.");
        // The same as last month: "= identique", not "-0 %".
        assertThat(text(".card[data-fluid=water]")).contains("≈ 0 % mêmes jours du mois dernier").doesNotContain("-0 %");
        // No water price a year ago: the quantity alone, not "(0 L, –)".
        assertThat(text(".card[data-fluid=water]")).contains("mêmes jours l'an dernier (pas de données à comparer)").doesNotContain(", –)");
        accessible();
        noConsoleErrors();
        shot("overview");
    }

    @Test
    @Order(2)
    void fluidChartShowsTheApisNumbersInEachStepAndUnit() throws IOException {
        open("/app/electricity?step=day&date=2026-11-01");
        waiting().until(d -> "15".equals(d.findElement(By.id("chart")).getAttribute("data-points")));
        JsonObject day = Browser.json(api.get("/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-11-01&to=2026-12-01"));
        List<Map<String, Object>> s = series("chart");
        assertThat(s).extracting(m -> m.get("id")).containsExactly("HC", "HP");
        JsonArray points = day.getJsonArray("points");
        for (int i = 0; i < points.size(); i++) {
            JsonObject p = points.getJsonObject(i);
            assertThat(num(((List<?>) s.get(0).get("data")).get(i))).isCloseTo(p.getJsonObject("periods").getJsonObject("HC").getDouble("quantity"), within(1e-9));
            assertThat(num(((List<?>) s.get(1).get("data")).get(i))).isCloseTo(p.getJsonObject("periods").getJsonObject("HP").getDouble("quantity"), within(1e-9));
            // Hatched when mostly estimated: 3 November is estimated as a whole (no half-hours say which part).
            assertThat((Boolean) ((List<?>) s.get(1).get("decals")).get(i)).as("estimated day %d hatched", i + 1)
                    .isEqualTo(p.getBoolean("estimated") && p.getDouble("estimatedShare") >= 0.5);
        }
        assertThat(driver.findElement(By.id("estimated-note")).getText()).contains("estimées");
        // The tooltip says it in words too: 3 November is estimated, 15 November is still in progress.
        assertThat(tooltipOf("chart", 2)).contains("3 nov.").contains("(100 % estimé)").contains("Heures pleines : 6,00 kWh");
        // The day still under way is marked on the chart, from its bucket to the end of the month.
        assertThat(js("const a = document.getElementById('chart').ecoChart.getOption().series[0].markArea.data[0];"
                + " return a[0].xAxis + '-' + a[1].xAxis")).isEqualTo("14-29");
        assertThat(tooltipOf("chart", 14)).contains("(en cours)");
        assertThat(tooltipOf("chart", 0)).doesNotContain("estimé");
        assertThat(driver.findElement(By.cssSelector("[data-field=total] strong")).getText()).isEqualTo("150,00 kWh");
        // The axis speaks French too: 1 200, 2,5, 0,25.
        assertThat(js("const f = document.getElementById('chart').ecoChart.getOption().yAxis[0].axisLabel.formatter;"
                + " return [f(1200), f(2.5), f(0.25)].join('|')").toString().replace('\u202f', ' ').replace('\u00a0', ' '))
                .isEqualTo("1 200|2,5|0,25");
        assertThat(driver.findElement(By.cssSelector("[data-field=average] strong")).getText()).isEqualTo("10,00 kWh");
        accessible();
        shot("electricity-day-kwh");

        driver.findElement(By.cssSelector("#unit button[data-value=eur]")).click();
        waiting().until(d -> d.getCurrentUrl().contains("unit=eur"));
        waiting().until(d -> d.findElement(By.cssSelector("[data-field=total] strong")).getText().equals("30,00 €"));
        s = series("chart");
        assertThat(num(((List<?>) s.get(1).get("data")).get(0))).isCloseTo(1.30, within(1e-9));
        assertThat(driver.findElement(By.cssSelector("[data-field=subscription] strong")).getText()).isEqualTo("7,50 €");

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("compare"))).selectByValue("previous");
        waiting().until(d -> series("chart").stream().anyMatch(m -> "comparison".equals(m.get("id"))));
        Map<String, Object> cmp = series("chart").stream().filter(m -> "comparison".equals(m.get("id"))).findFirst().orElseThrow();
        assertThat(num(((List<?>) cmp.get("data")).get(0))).isCloseTo(2.40, within(1e-9));
        // Equal spans: 1–14 November (28,00 €) against 1–14 October (33,60 €), not against October's 15 days (36,00 €).
        assertThat(driver.findElement(By.cssSelector("[data-field=comparison] strong")).getText()).isEqualTo("33,60 €");
        assertThat(driver.findElement(By.cssSelector("[data-field=comparison] span")).getText()).isEqualTo("Comparaison 1–14 oct.");
        assertThat(driver.findElement(By.cssSelector("[data-field=equal-current] strong")).getText()).isEqualTo("28,00 €");
        assertThat(driver.findElement(By.cssSelector("[data-field=change] strong")).getText()).isEqualTo("-17 %");
        shot("electricity-day-eur-compare");

        driver.findElement(By.cssSelector("#step button[data-value=half_hour]")).click();
        driver.get(server.base() + "/app/electricity?step=half_hour&date=2026-11-14&unit=qty&compare=none");
        waiting().until(d -> "48".equals(d.findElement(By.id("chart")).getAttribute("data-points")));
        assertThat(num(((List<?>) series("chart").get(0).get("data")).get(38))).isCloseTo(0.9, within(1e-9));
        shot("electricity-half-hour");

        // Keyboard only: Tab to the step buttons, choose "week" with Enter, go back one period with Enter.
        js("document.querySelector('#step button[data-value=half_hour]').focus()");
        new Actions(driver).sendKeys(Keys.TAB, Keys.TAB).perform();
        assertThat(driver.switchTo().activeElement()).isEqualTo(driver.findElement(By.cssSelector("#step button[data-value=week]")));
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waiting().until(d -> d.getCurrentUrl().contains("step=week"));
        JsonObject weeks = Browser.json(api.get("/api/v1/households/H1/fluids/electricity/series?step=week&from=2026-08-24&to=2026-11-16"));
        waiting().until(d -> String.valueOf(weeks.getJsonArray("points").size()).equals(d.findElement(By.id("chart")).getAttribute("data-points")));
        List<?> hc = ((List<?>) series("chart").get(0).get("data"));
        assertThat(hc).as("12 weeks on the axis, empty ones as gaps").hasSize(12);
        assertThat(hc.stream().filter(java.util.Objects::nonNull).map(BrowserTest::num).toList())
                .isEqualTo(weeks.getJsonArray("points").stream().map(p -> ((JsonObject) p).getJsonObject("periods").getJsonObject("HC").getDouble("quantity")).toList());
        driver.findElement(By.id("prev")).sendKeys(Keys.ENTER);
        waiting().until(d -> d.getCurrentUrl().contains("date=2026-08-22"));
        accessible();
        noConsoleErrors();
    }

    @Test
    @Order(3)
    void gasWaterAndMonths() throws IOException {
        open("/app/water?step=day&date=2026-11-01");
        waiting().until(d -> "15".equals(d.findElement(By.id("chart")).getAttribute("data-points")));
        assertThat(num(((List<?>) series("chart").get(0).get("data")).get(0))).isCloseTo(150.0, within(1e-9));
        assertThat(text("[data-field=total] strong")).isEqualTo("2 250 L");
        accessible();
        shot("water");
        // Water is read once a day: the half-hour step says so instead of "no data".
        open("/app/water?step=half_hour&date=2026-11-14");
        waiting().until(d -> "0".equals(d.findElement(By.id("chart")).getAttribute("data-points")));
        waiting().until(d -> d.findElement(By.id("estimated-note")).getText().contains("relevé une fois par jour"));
                open("/app/gas?step=month&date=2026-11-01");
        waiting().until(d -> "0".equals(d.findElement(By.id("chart")).getAttribute("data-points")));
        assertThat(driver.findElement(By.id("estimated-note")).getText()).contains("Aucune donnée");
        shot("gas");
        open("/app/electricity?step=month&date=2026-11-01");
        waiting().until(d -> "2".equals(d.findElement(By.id("chart")).getAttribute("data-points")));
        List<?> months = (List<?>) series("chart").get(0).get("data");
        assertThat(months).hasSize(12);
        assertThat(months.get(9)).as("October").isEqualTo(180L);
        assertThat(months.get(10)).as("November").isEqualTo(150L);
        assertThat(months.get(0)).as("January: no data, a gap").isNull();
        noConsoleErrors();
    }

    @Test
    @Order(4)
    void liveFollowsTheBus() throws IOException {
        open("/app/live");
        waiting().until(d -> d.findElement(By.id("live-status")).getText().length() > 0);
        JsonObject frame = new JsonObject().put("meter", "H1-elec").put("values", new JsonObject().put("power.apparent", 1830));
        waiting().until(d -> {
            server.vertx.eventBus().publish("ecofoyer.live.H1-elec", frame.copy().put("instant", java.time.Instant.now().toString()));
            return d.findElement(By.id("live-power")).getText().replaceAll("\\D", "").equals("1830");
        });
        for (int w : new int[] {2100, 950, 1200}) {
            server.vertx.eventBus().publish("ecofoyer.live.H1-elec", new JsonObject().put("meter", "H1-elec")
                    .put("instant", java.time.Instant.now().toString()).put("values", new JsonObject().put("power.apparent", w)));
        }
        waiting().until(d -> d.findElement(By.id("live-power")).getText().replaceAll("\\D", "").equals("1200"));
        @SuppressWarnings("unchecked")
        List<List<Object>> data = (List<List<Object>>) js("return document.getElementById('chart').ecoChart.getOption().series[0].data;");
        assertThat(data.subList(data.size() - 3, data.size())).extracting(p -> num(p.get(1))).containsExactly(2100.0, 950.0, 1200.0);
        assertThat(driver.findElement(By.id("live-status")).getText()).isEqualTo("Connecté");
        accessible();
        noConsoleErrors();
        shot("live");
    }

    /**
     * Issue #16: today so far, the tariff period, Tempo today and tomorrow, W from the index, and a disconnected meter
     * shown as such with its time in the household's zone (Paris), whatever the browser's; in French, English, on a phone.
     */
    @Test
    @Order(4)
    void livePageSaysTodayTheTariffTempoAndWhenItWasLastConnected() throws Exception {
        try (var c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "INSERT INTO tempo_day (day, colour) VALUES ('2026-11-15', 'BLUE'), ('2026-11-16', 'RED') ON CONFLICT DO NOTHING");
            // The meter's last reading: 11:58 UTC, 12:58 in Paris (the server's "now" is 13:00 in Paris).
            TestServer.sql(c, "INSERT INTO reading (meter_id, channel, instant, value) SELECT id, 'power.apparent',"
                    + " '2026-11-15T11:58:00Z', 640 FROM meter WHERE code = 'H1-elec'");
        }
        try {
            driver.get(server.base() + "/app/live?lang=fr");
            waiting().until(d -> !d.findElements(By.cssSelector("#live-tempo [data-field=tomorrow]")).isEmpty());
            assertThat(text("#live-today .big")).isEqualTo("10,00 kWh");
            assertThat(text("#live-today .sub")).isEqualTo("2,00 €");
            assertThat(text("#live-period .big")).isEqualTo("Heures pleines");
            assertThat(text("#live-tempo [data-field=today]")).isEqualTo("Aujourd'hui : Bleu");
            assertThat(text("#live-tempo [data-field=tomorrow]")).isEqualTo("Demain : Rouge");
            // Nothing since 12:58 Paris time: greyed, and said since when (UTC would read 11:58).
            waiting().until(d -> d.findElement(By.id("live-status")).getText().startsWith("Déconnecté depuis"));
            assertThat(text("#live-status")).isEqualTo("Déconnecté depuis 15 nov. 2026, 12:58");
            assertThat(driver.findElement(By.id("live-box")).getAttribute("class")).contains("stale");
            assertThat(text("#live-power")).isEqualTo("640");
            accessible();
            shot("live-disconnected");
            // Readings again: the total index grows 10 Wh in 40 s, 900 W; VA and "connected" come back, not greyed.
            java.time.Instant now = java.time.Instant.now();
            waiting().until(d -> {
                for (long[] r : new long[][] {{40, 1_000_000}, {0, 1_000_010}}) {
                    server.vertx.eventBus().publish("ecofoyer.live.H1-elec", new JsonObject().put("meter", "H1-elec")
                            .put("instant", now.minusSeconds(r[0]).toString())
                            .put("values", new JsonObject().put("power.apparent", 1100).put("index.total", r[1])));
                }
                return d.findElement(By.id("live-watts")).getText().replaceAll("\\D", "").equals("900");
            });
            assertThat(text("#live-status")).isEqualTo("Connecté");
            assertThat(driver.findElement(By.id("live-box")).getAttribute("class")).doesNotContain("stale");

            driver.get(server.base() + "/app/live?lang=en");
            waiting().until(d -> d.findElement(By.id("live-status")).getText().startsWith("Disconnected since"));
            assertThat(text("#live-status")).isEqualTo("Disconnected since 15 Nov 2026, 12:58");
            assertThat(text("#live-tempo [data-field=tomorrow]")).isEqualTo("Tomorrow: Red");
            assertThat(text("#live-period .big")).isEqualTo("Peak hours");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            waiting().until(d -> (Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth"));
            assertThat(driver.findElement(By.id("live-tempo")).isDisplayed()).isTrue();
            accessible();
            shot("live-phone-en");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
            driver.get(server.base() + "/app/live?lang=fr");
            waiting().until(d -> !d.findElements(By.id("live-tempo")).isEmpty());
            noConsoleErrors();
        } finally {
            // The other tests expect French, a desktop window and the fixtures' meter without readings.
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
            driver.get(server.base() + "/app/live?lang=fr");
            try (var c = server.db.dataSource().getConnection()) {
                TestServer.sql(c, "DELETE FROM reading WHERE channel = 'power.apparent' AND instant = '2026-11-15T11:58:00Z'");
            }
        }
    }

    @Test
    @Order(5)
    void analysisShowsBaselinePeakAndTheCharts() throws IOException {
        open("/app/analysis");
        waiting().until(d -> !d.findElements(By.id("heatmap")).isEmpty());
        // The page shows the last 12 months up to the fixed "today" of the server: the fixtures' half-hours of 14 Nov.
        assertThat(driver.findElement(By.cssSelector("#baseline .big")).getText()).isEqualTo("100 W");
        // No meter maximum in the fixtures: said, and the half-hour average shown as what it is.
        assertThat(text("#peak .big")).isEqualTo("–");
        assertThat(text("#peak")).contains("Le compteur n'a pas encore donné sa puissance maximale.")
                .contains("Moyenne sur une demi-heure au plus haut : 1 800 W");
        assertThat(text("#baseline [data-field=seasons]")).isEqualTo("Nuits les plus calmes par saison : automne 100 W");
        // Over the 12 months: HP 15 × 7 + 15 × 6 = 195 kWh of 15 × 12 + 15 × 10 = 330 kWh with periods, 59 %.
        assertThat(text("#hp-share .big")).isEqualTo("59 %");
        // The day × hour map's dates in the reader's language.
        assertThat(js("return document.getElementById('heatmap').ecoChart.getOption().yAxis[0].axisLabel.formatter('2026-11-14')"))
                .isEqualTo("14 nov. 26");
        accessible();
        noConsoleErrors();
        shot("analysis");
    }

    @Test
    @Order(6)
    void accountPage() throws IOException {
        open("/app/account");
        waiting().until(d -> !d.findElements(By.id("password-form")).isEmpty());
        accessible();
        shot("account");
        driver.get(server.base() + "/app/account?lang=en");
        waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Account"));
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        driver.get(server.base() + "/app/overview?lang=fr");
    }

    @Test
    @Order(7)
    void myDataExportsThenDeletesTheAccount() throws Exception {
        try (var c = server.db.dataSource().getConnection()) {
            TestServer.sql(c, "INSERT INTO utility_sync (meter_id, cursor_day, last_error, last_error_kind, next_run)"
                    + " SELECT id, '2026-11-10', 'GRDF (Gazpar) has no consent for meter 1', 'CONSENT_MISSING', '2026-11-16T07:30:00Z'"
                    + " FROM meter WHERE code = 'H1-gas'");
        }
        open("/app/data");
        waiting().until(d -> !d.findElements(By.cssSelector("#sources tbody tr")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("#sources tbody tr"))).hasSize(3);
        // Every source says, in French, what it is, how it is and what to do.
        assertThat(text("#sources tr[data-code=H1-gas]")).contains("Gazpar (GRDF)").contains("Erreur")
                .contains("Le fournisseur n'a pas votre consentement pour ce compteur.")
                .contains("Autorisez l'accès à ce compteur sur la page de consentement du fournisseur.")
                .contains("Données jusqu'au 9 nov. 2026");
        assertThat(text("#sources tr[data-code=H1-elec]")).contains("Linky, passerelle TIC").contains("En attente de données")
                .contains("Branchez la passerelle sur la prise TIC du Linky");
        assertThat(text("#access-log-empty")).startsWith("Rien à signaler");
        // On a phone every source is a card: what to do is on screen, not in a column scrolled out of sight.
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        waiting().until(d -> (Boolean) js("const r = document.querySelector('#sources tr[data-code=H1-gas] td.advice').getBoundingClientRect();"
                + " return r.left >= 0 && r.right <= document.documentElement.clientWidth;"));
        assertThat(driver.findElement(By.cssSelector("#sources tr[data-code=H1-gas] td.advice")).getAttribute("data-label")).isEqualTo("Que faire");
        shot("my-data-phone");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        driver.get(server.base() + "/app/data?lang=en");
        waiting().until(d -> !d.findElements(By.cssSelector("#sources tr[data-code=H1-gas]")).isEmpty());
        assertThat(text("#sources tr[data-code=H1-gas]")).contains("Grant access to this meter on the utility's consent page.")
                .contains("Data up to 9 Nov 2026");
        accessible();
        shot("my-data-en");
        driver.get(server.base() + "/app/data?lang=fr");
        waiting().until(d -> !d.findElements(By.cssSelector("#sources tr[data-code=H1-gas]")).isEmpty());
        accessible();
        shot("my-data");
        @SuppressWarnings("unchecked")
        Map<String, Object> export = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('export').href).then(async r => done({status: r.status,"
                        + " type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength}));");
        assertThat(export.get("status")).isEqualTo(200L);
        assertThat(export.get("type")).isEqualTo("application/zip");
        assertThat(num(export.get("size"))).isGreaterThan(500);

        java.util.List<Integer> h1Meters = server.meterIds("H1");
        assertThat(server.rowsOfMeters("rollup", h1Meters)).isPositive();
        driver.findElement(By.id("delete-confirm")).sendKeys("H1");
        driver.findElement(By.id("delete-password")).sendKeys("not my password");
        driver.findElement(By.cssSelector("#delete-form button")).click();
        waiting().until(d -> d.findElement(By.cssSelector("#delete-form [role=alert]")).getText()
                .equals("Mot de passe incorrect : rien n'a été supprimé."));
        driver.manage().logs().get(LogType.BROWSER); // the expected 403 is logged as a failed load: not an error here
        driver.findElement(By.id("delete-password")).clear();
        driver.findElement(By.id("delete-password")).sendKeys(TestServer.PASSWORD);
        driver.findElement(By.cssSelector("#delete-form button")).click();
        waiting().until(d -> !d.findElements(By.id("deleted")).isEmpty());
        shot("deleted");
        assertThat(server.count("SELECT count(*) FROM meter WHERE household_id = 'H1'")).isZero();
        assertThat(server.rowsOfMeters("rollup", h1Meters)).isZero();
        assertThat(server.rowsOfMeters("reading", h1Meters)).isZero();
        driver.get(server.base() + "/app/overview");
        waiting().until(d -> d.getCurrentUrl().contains("/signin"));
        noConsoleErrors();
    }
}
