package org.ecofoyer.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The user guide's screenshots ({@code docs/img}), taken from a running demo in headless Chromium with the browser
 * tests' set-up ({@link BrowserTest#chrome}, {@link ChromePage}). Not a test: {@code scripts/screenshots.sh} starts
 * {@code ecofoyer demo} and runs this with the demo's address and household sign-in; the images are documentation,
 * committed, and remade on demand when the pages change.
 *
 * <p>Each page is opened in French (English where the guide shows both), on a desktop window and on a phone's, and
 * captured once what the guide shows is on screen ({@link Shot#ready}) and every chart drawn.
 *
 * <p>Usage: {@code DocScreenshots BASE_URL LOGIN PASSWORD OUT_DIR} (Chromium and chromedriver from
 * {@code ECO_TEST_CHROMIUM} and {@code ECO_TEST_CHROMEDRIVER}).
 */
public final class DocScreenshots {
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    /** One image: its file name (without .png), the page, phone or desktop, and what must hold first (a script's boolean). */
    record Shot(String name, String path, boolean phone, String ready) {
    }

    /** A streamed reading shown: the chart has a point and the box is not greyed. */
    static final String LIVE = "document.getElementById('chart')?.ecoChart?.getOption()?.series?.[0]?.data?.length > 0"
            + " && !document.getElementById('live-box').classList.contains('stale')";

    static String present(String css) {
        return "document.querySelector('" + css + "') !== null";
    }

    static final List<Shot> SHOTS = List.of(
            // The demo's Linky sends a frame every 2 s: wait for a streamed point (the chart has one), not the first state.
            new Shot("live", "/app/live?lang=fr", false, LIVE),
            new Shot("live-phone", "/app/live?lang=fr", true, LIVE),
            new Shot("overview", "/app/overview?lang=fr", false, present("section.card[data-fluid] [data-field=span]")),
            new Shot("overview-phone", "/app/overview?lang=fr", true, present("section.card[data-fluid] [data-field=span]")),
            new Shot("overview-en", "/app/overview?lang=en", false, present("section.card[data-fluid] [data-field=span]")),
            new Shot("report", "/app/report?lang=fr", false, present("#report-month")),
            new Shot("report-en", "/app/report?lang=en", false, present("#report-month")),
            new Shot("ecogestures", "/app/ecogestures?lang=fr", false, present("#gestures .gesture")),
            new Shot("ecogestures-phone", "/app/ecogestures?lang=fr", true, present("#gestures .gesture")),
            new Shot("challenge", "/app/challenges?lang=fr", false, present("#challenge-current")),
            new Shot("challenge-phone", "/app/challenges?lang=fr", true, present("#challenge-current")),
            new Shot("alerts", "/app/alerts?lang=fr", false, present("#alerts li")),
            new Shot("alerts-phone", "/app/alerts?lang=fr", true, present("#alerts li")));

    private DocScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DocScreenshots BASE_URL LOGIN PASSWORD OUT_DIR");
            System.exit(2);
        }
        String base = args[0].replaceAll("/$", "");
        Path out = Path.of(args[3]);
        Files.createDirectories(out);
        Path profile = Files.createTempDirectory("ecofoyer-screenshots");
        ChromeDriver driver = BrowserTest.chrome(System.getenv("ECO_TEST_CHROMIUM"), System.getenv("ECO_TEST_CHROMEDRIVER"), profile);
        try {
            ChromePage page = new ChromePage(driver, base, out);
            signIn(driver, page, base, args[1], args[2]);
            for (Shot s : SHOTS) {
                driver.manage().window().setSize(s.phone() ? PHONE : DESKTOP);
                page.open(s.path());
                page.waiting().withTimeout(Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(page.js("return " + s.ready())));
                // Every chart drawn (ECharts puts its canvas in the element), and the fonts in, before the capture.
                page.waiting().until(d -> (Boolean) page.js("return [...document.querySelectorAll('.chart')]"
                        + ".every(c => c.querySelector('canvas, svg'))"));
                page.js("return document.fonts.ready.then(() => true)");
                page.js("window.scrollTo(0, 0)");
                page.shot(s.name());
                System.out.printf("%s %d bytes%n", out.resolve(s.name() + ".png"), Files.size(out.resolve(s.name() + ".png")));
            }
        } finally {
            driver.quit();
        }
    }

    /** Through the sign-in page, as a household would (the password typed, never put in a URL). */
    static void signIn(ChromeDriver driver, ChromePage page, String base, String login, String password) {
        driver.get(base + "/signin?lang=fr");
        page.waiting().withTimeout(Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("signin-form")).isEmpty());
        driver.findElement(By.id("login")).sendKeys(login);
        driver.findElement(By.id("password")).sendKeys(password, org.openqa.selenium.Keys.ENTER);
        page.waiting().until(d -> d.getCurrentUrl().contains("/app/"));
    }
}
