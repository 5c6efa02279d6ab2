package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser: headless Debian chromium driven by Selenium through Debian's chromedriver (Selenium
 * Manager never runs, nothing is downloaded). Skipped when /usr/bin/chromium or /usr/bin/chromedriver is absent.
 */
class DeskBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Held so the level set on it is not lost to garbage collection (java.util.logging keeps loggers weakly). */
    static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");
    static TestDesk desk;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        if (!(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))) {
            // say why in the build output, not only in the report
            System.out.println("DeskBrowserTest: skipped, Debian chromium + chromium-driver not installed (.ci/run installs them)");
        }
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "Debian chromium + chromium-driver not installed");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        // Selenium warns that it has no DevTools bindings for this chromium version; the test does not use them
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        desk = TestDesk.inMemory();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1440,2200");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, o);
        browser.manage().window().setSize(new Dimension(1440, 2200));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (desk != null) {
            desk.close();
        }
    }

    WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    static void type(WebDriver b, String id, String value) {
        WebElement e = b.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    /** The number a cell shows, thousands separators removed. */
    static double shown(WebElement cell) {
        return Double.parseDouble(cell.getText().replace(",", "").replace(" %", ""));
    }

    @Test
    void desk_showsTheApisNumbers_inCalculatorChecklistAndPositions() throws IOException {
        browser.get(desk.base + "/");
        waitUpTo(20).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));

        // calculator: 0.75 BTC long at 61,234.5, 25x isolated
        new Select(browser.findElement(By.id("calc-symbol"))).selectByVisibleText("BTCUSDT");
        type(browser, "calc-entry", "61234.5");
        type(browser, "calc-qty", "0.75");
        type(browser, "calc-leverage", "25");
        String before = browser.findElement(By.id("calc-result")).getText();
        browser.findElement(By.id("calc-submit")).click();
        waitUpTo(10).until(d -> !d.findElement(By.id("calc-result")).getText().equals(before)
                && d.findElement(By.id("calc-out-liquidationPrice")).getText().length() > 0);
        JsonNode api = desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entry\":61234.5,\"qty\":0.75,\"leverage\":25,"
                + "\"marginMode\":\"isolated\"}").json();
        for (String f : List.of("liquidationPrice", "bankruptcyPrice", "initialMargin", "maintenanceMargin", "notional")) {
            WebElement cell = browser.findElement(By.id("calc-out-" + f));
            assertThat(Double.parseDouble(cell.getAttribute("data-value"))).as(f).isEqualTo(api.get(f).asDouble());
            assertThat(shown(cell)).as(f + " shown").isCloseTo(api.get(f).asDouble(), within(0.005 + 1e-9));
        }
        // the leverage-compression chart was drawn
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#ladder-chart canvas")).size() > 0);

        // checklist: the guide's Trader A (50x, all-in, no stop)
        new Select(browser.findElement(By.id("chk-symbol"))).selectByVisibleText("BTCUSDT");
        type(browser, "chk-thesis", "");
        type(browser, "chk-entry", "60000");
        browser.findElement(By.id("chk-stop")).clear();
        new Select(browser.findElement(By.id("chk-stopMethod"))).selectByVisibleText("none");
        browser.findElement(By.id("chk-targets")).clear();
        type(browser, "chk-leverage", "50");
        type(browser, "chk-equity", "10000");
        new Select(browser.findElement(By.id("chk-sizeBy"))).selectByValue("qty");
        type(browser, "chk-size", "8.3333");
        browser.findElement(By.id("chk-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("chk-verdict")).getAttribute("data-verdict") != null);
        JsonNode check = desk.post("/api/check", DeskApiTest.TRADER_A).json();
        assertThat(browser.findElement(By.id("chk-verdict")).getAttribute("data-verdict")).isEqualTo("fail").isEqualTo(check.get("verdict").asText());
        for (JsonNode rule : check.get("rules")) {
            WebElement row = browser.findElement(By.cssSelector("#chk-rules tr[data-rule-id='" + rule.get("id").asText() + "']"));
            assertThat(row.getAttribute("data-verdict")).as(rule.get("id").asText()).isEqualTo(rule.get("verdict").asText());
            assertThat(row.getText()).contains(rule.get("message").asText());
        }

        // funding drift: drawn on load for BTCUSDT long 50,000 at 20x, 0.1 % per interval, at the current mark
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#funding-chart canvas")).size() > 0);
        double mark = desk.get("/api/marks").json().get("marks").get("BTCUSDT").asDouble();
        JsonNode funding = desk.post("/api/funding", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"notional\":50000,\"leverage\":20,"
                + "\"rate\":0.001,\"mark\":" + mark + "}").json();
        WebElement intervals = browser.findElement(By.id("fund-intervals"));
        assertThat(Integer.parseInt(intervals.getAttribute("data-value"))).isEqualTo(funding.get("intervalsToLiquidation").asInt());
        assertThat(intervals.getText()).isEqualTo(funding.get("intervalsToLiquidation").asText());
        JsonNode lastStep = funding.get("drift").get(funding.get("drift").size() - 1);
        assertThat(shown(browser.findElement(By.id("fund-liq-end")))).isCloseTo(lastStep.get("liquidationPrice").asDouble(), within(0.005 + 1e-9));
        // a different rate redraws with the API's new count
        type(browser, "fund-rate", "0.05");
        browser.findElement(By.id("fund-submit")).click();
        JsonNode slower = desk.post("/api/funding", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"notional\":50000,\"leverage\":20,"
                + "\"rate\":0.0005,\"mark\":" + mark + "}").json();
        waitUpTo(10).until(d -> slower.get("intervalsToLiquidation").asText().equals(d.findElement(By.id("fund-intervals")).getText()));
        assertThat(slower.get("intervalsToLiquidation").asInt()).isGreaterThan(funding.get("intervalsToLiquidation").asInt());

        // Monte Carlo survival: A vs B on the replay's bars, the same seed gives the API's shares
        waitUpTo(20).until(d -> d.findElements(By.cssSelector("#survival-chart canvas")).size() > 0);
        JsonNode sim = desk.post("/api/survival", "{\"symbol\":\"BTCUSDT\",\"paths\":300,\"horizonDays\":60}").json();
        assertThat(Double.parseDouble(browser.findElement(By.id("sim-a")).getAttribute("data-value"))).isEqualTo(sim.get("a").get("survivalAtHorizon").asDouble());
        assertThat(Double.parseDouble(browser.findElement(By.id("sim-b")).getAttribute("data-value"))).isEqualTo(sim.get("b").get("survivalAtHorizon").asDouble());
        assertThat(shown(browser.findElement(By.id("sim-b")))).isCloseTo(100 * sim.get("b").get("survivalAtHorizon").asDouble(), within(0.05 + 1e-9));

        // positions: each shown liquidation price is the API's (the replay is paused, so marks do not move)
        JsonNode deskJson = desk.get("/api/desk").json();
        int checked = 0;
        for (JsonNode sub : deskJson.get("subAccounts")) {
            for (JsonNode p : sub.get("positions")) {
                WebElement row = browser.findElement(By.cssSelector("tr[data-position-id='" + p.get("id").asText() + "']"));
                String shownLp = row.findElements(By.tagName("td")).get(8).getAttribute("data-value");
                assertThat(shownLp).isEqualTo(p.get("liquidationPrice").isNull() ? "null" : p.get("liquidationPrice").asText());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
        assertThat(browser.findElements(By.cssSelector(".gauge canvas"))).isNotEmpty();

        // live: replay through the 2025-10-10 crash; the alerts arrive over the event stream without a reload
        for (int i = 0; i < 60; i++) {
            desk.server.feed().step();
        }
        int stored = desk.get("/api/alerts").json().size();
        assertThat(stored).isPositive();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#alerts tbody tr")).size() == stored);
        waitUpTo(10).until(d -> d.findElement(By.id("mark-time")).getText().startsWith("2025-10-11"));

        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path out = Path.of("target", "desk-screenshot.png");
        Files.createDirectories(out.getParent());
        Files.copy(shot.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(out)).isGreaterThan(10_000);
    }
}
