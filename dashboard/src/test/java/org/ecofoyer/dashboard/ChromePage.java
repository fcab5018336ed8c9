package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests do with a page: open it, wait on it, run a script, read text, take a screenshot, check the console. */
record ChromePage(ChromeDriver driver, String base, Path shots) {
    WebDriverWait waiting() {
        WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(15));
        // The pages re-render parts on each change: an element found a moment ago may be gone; look again.
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        // On a timeout, say what the page said.
        w.withMessage(() -> driver.getCurrentUrl() + " page: " + driver.findElement(By.id("page")).getAttribute("innerHTML")
                + " console: " + driver.manage().logs().get(LogType.BROWSER).getAll());
        return w;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void shot(String name) throws IOException {
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** Signs in through the sign-in page (cookies of an earlier session dropped) and waits for the landing page. */
    void signIn(String login) {
        driver.manage().deleteAllCookies();
        driver.get(base + "/signin");
        waiting().until(d -> !d.findElements(By.id("signin-form")).isEmpty());
        driver.findElement(By.id("login")).sendKeys(login);
        driver.findElement(By.id("password")).sendKeys(TestServer.PASSWORD, org.openqa.selenium.Keys.ENTER);
        waiting().until(d -> d.getCurrentUrl().contains("/app/"));
    }

    void open(String path) {
        driver.get(base + path);
        waiting().until(d -> !d.findElements(By.cssSelector("#page > *:not(noscript)")).isEmpty());
    }

    /** The element's text with French narrow no-break spaces (digit grouping) as plain spaces. */
    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText().replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    /** No script error and no Content-Security-Policy violation was logged since the last call. */
    void noConsoleErrors() {
        List<LogEntry> bad = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue() || e.getMessage().contains("Content Security Policy"))
                .filter(e -> !e.getMessage().contains("favicon"))
                .toList();
        assertThat(bad).as("browser console errors").isEmpty();
    }
}
