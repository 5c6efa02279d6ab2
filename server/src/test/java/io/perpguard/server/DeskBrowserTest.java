package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser at a desktop (1440×1000) and a phone (390×844) viewport: headless Debian chromium
 * driven by Selenium through Debian's chromedriver (Selenium Manager never runs, nothing is downloaded). Each panel's
 * numbers are compared with its API's; axe-core (test resource) checks accessibility in both themes. Skipped when
 * /usr/bin/chromium or /usr/bin/chromedriver is absent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeskBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Held so the level set on it is not lost to garbage collection (java.util.logging keeps loggers weakly). */
    static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");
    static TestDesk desk;
    static ChromeDriver browser;

    @BeforeAll
    static void start() {
        if (!(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))) {
            // say why in the build output, not only in the report
            System.out.println("DeskBrowserTest: skipped, Debian chromium + chromium-driver not installed (.ci/run installs them)");
        }
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "Debian chromium + chromium-driver not installed");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        // Selenium warns that it has no DevTools bindings for this chromium version; the test uses chromedriver's own CDP command
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        // daily candles, so the checklist's exposure rule is beta-weighted to the benchmark the form names
        desk = new TestDesk(TestDesk.memoryConfig().withReturns(Path.of(System.getProperty("perpguard.samples", "../samples"), "candles")));
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1440,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, o);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
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

    /** The viewport of a desktop or a phone (device metrics, so the page sees exactly this width). */
    static void viewport(int width, int height, boolean mobile) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds)) {
            {
                // the page re-renders panels as marks tick: an element found a moment ago may be gone; look again
                ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            }

            @Override
            public <V> V until(java.util.function.Function<? super org.openqa.selenium.WebDriver, V> isTrue) {
                try {
                    return super.until(isTrue);
                } catch (org.openqa.selenium.TimeoutException e) {
                    browser.manage().logs().get("browser").forEach(l -> System.err.println("browser console: " + l));
                    throw e;
                }
            }
        };
    }

    static void load() {
        browser.get(desk.base + "/");
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    static void type(String id, String value) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    /** The number a cell shows, thousands separators and units removed. */
    static double shown(WebElement cell) {
        return shown(cell.getText());
    }

    static double shown(String text) {
        return Double.parseDouble(text.replace(",", "").replace(" %", "").replace("+", "").replace(" USDT", "").replace("×", ""));
    }

    static double value(String id) {
        return Double.parseDouble(browser.findElement(By.id(id)).getAttribute("data-value"));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** The page is no wider than the viewport: nothing to scroll sideways. */
    static void assertNoHorizontalScroll() {
        long scroll = (Long) js("return document.documentElement.scrollWidth");
        long width = (Long) js("return window.innerWidth");
        assertThat(scroll).as("page width at a %d px viewport", width).isLessThanOrEqualTo(width);
    }

    /** axe-core's serious and critical violations on the page as it stands (id: nodes). */
    static List<String> axeViolations() throws IOException {
        String axe;
        try (InputStream in = DeskBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        js(axe);
        String json = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, { resultTypes: ['violations'] }).then(r => done(JSON.stringify(r.violations))).catch(e => done('error: ' + e));");
        assertThat(json).doesNotStartWith("error:");
        List<String> out = new ArrayList<>();
        for (JsonNode v : TestDesk.MAPPER.readTree(json)) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> nodes = new ArrayList<>();
                v.get("nodes").forEach(n -> nodes.add(n.get("target").toString() + " " + n.path("failureSummary").asText().replace('\n', ' ')));
                out.add(v.get("id").asText() + " (" + impact + "): " + nodes.subList(0, Math.min(3, nodes.size())));
            }
        }
        return out;
    }

    static void screenshot(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path out = Path.of("target", name);
        Files.createDirectories(out.getParent());
        Files.write(out, png);
        assertThat(Files.size(out)).isGreaterThan(10_000);
    }

    static JsonNode sub(JsonNode deskJson, String name) {
        return DeskStateTest.sub(deskJson, name);
    }

    //-------------------------------------------------------------------------
    @Test
    @Order(1)
    void desktop_everyPanelShowsItsApisNumbers() throws IOException {
        viewport(1440, 1000, false);
        load();
        assertNoHorizontalScroll();

        // calculator: 0.75 BTC long at 61,234.5, 25x isolated
        new Select(browser.findElement(By.id("calc-symbol"))).selectByVisibleText("BTCUSDT");
        type("calc-entry", "61234.5");
        type("calc-qty", "0,75");   // a decimal comma is 0.75, not 75
        type("calc-leverage", "25");
        browser.findElement(By.id("calc-submit")).click();
        JsonNode api = desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":61234.5,\"qty\":0.75,\"leverage\":25,"
                + "\"marginMode\":\"isolated\"}").json();
        waitUpTo(10).until(d -> api.get("notional").asText().equals(d.findElement(By.id("calc-out-notional")).getAttribute("data-value")));
        for (String f : List.of("liquidationPrice", "bankruptcyPrice", "initialMargin", "maintenanceMargin", "notional")) {
            // value and text read in one script: a re-render between two WebDriver calls made the cell stale (CI, once)
            List<?> cell = (List<?>) js("const e = document.getElementById(arguments[0]); return [e.getAttribute('data-value'), e.innerText];",
                    "calc-out-" + f);
            assertThat(Double.parseDouble((String) cell.get(0))).as(f).isEqualTo(api.get(f).asDouble());
            assertThat(shown((String) cell.get(1))).as(f + " shown").isCloseTo(api.get(f).asDouble(), within(0.005 + 1e-9));
        }
        // the maintenance margin rate as a percentage, like every other rate on the page
        assertThat(browser.findElement(By.id("calc-out-maintenanceMarginRate")).getText()).isEqualTo("0.40 %");
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#ladder-chart canvas")).size() > 0);
        assertThat(browser.findElement(By.id("ladder-text")).getAttribute("textContent")).contains("maximum leverage goes from");
        // bad input: one clear line, and the old result is gone
        type("calc-qty", "1.5x");
        browser.findElement(By.id("calc-submit")).click();
        waitUpTo(5).until(d -> d.findElement(By.id("calc-error")).getText().contains("'1.5x' is not a number"));
        assertThat(browser.findElement(By.id("calc-result")).getText()).isEmpty();

        // the plan follows the market: entry at the mark, the recorded funding rate (BTC has one; SOL has none)
        JsonNode snap = desk.get("/api/desk").json();
        double rate = snap.get("fundingRates").get("BTCUSDT").asDouble();
        assertThat(Double.parseDouble(browser.findElement(By.id("chk-funding")).getAttribute("value"))).isCloseTo(rate * 100, within(1e-12));
        assertThat(Double.parseDouble(browser.findElement(By.id("chk-entry")).getAttribute("value"))).isEqualTo(snap.get("marks").get("BTCUSDT").asDouble());
        new Select(browser.findElement(By.id("chk-symbol"))).selectByVisibleText("SOLUSDT");
        waitUpTo(5).until(d -> d.findElement(By.id("chk-market")).getText().contains("funding of SOLUSDT unknown"));
        assertThat(browser.findElement(By.id("chk-funding")).getAttribute("value")).isEmpty();
        // checklist and size: the guide's Trader A fails; the checklist's rules are the API's
        new Select(browser.findElement(By.id("chk-symbol"))).selectByVisibleText("BTCUSDT");
        browser.findElement(By.id("chk-funding")).clear();   // the guide's plans give no funding rate
        type("chk-thesis", "");
        type("chk-entry", "60000");
        browser.findElement(By.id("chk-stop")).clear();
        new Select(browser.findElement(By.id("chk-stopMethod"))).selectByVisibleText("none");
        browser.findElement(By.id("chk-targets")).clear();
        type("chk-leverage", "50");
        type("chk-equity", "10000");
        new Select(browser.findElement(By.id("chk-sizeBy"))).selectByValue("qty");
        type("chk-size", "8.3333");
        browser.findElement(By.id("chk-submit")).click();
        JsonNode check = desk.post("/api/check", DeskApiTest.TRADER_A).json();
        String leverageRule = check.get("rules").findValues("message").stream().map(JsonNode::asText).filter(m -> m.startsWith("50×")).findFirst().orElseThrow();
        waitUpTo(10).until(d -> String.valueOf(js("return document.querySelector(\"#chk-rules tr[data-rule-id='leverage']\")?.textContent")).contains(leverageRule));
        assertThat(browser.findElement(By.id("chk-verdict")).getAttribute("data-verdict")).isEqualTo("fail");
        for (JsonNode rule : check.get("rules")) {
            WebElement row = browser.findElement(By.cssSelector("#chk-rules tr[data-rule-id='" + rule.get("id").asText() + "']"));
            assertThat(row.getAttribute("data-verdict")).as(rule.get("id").asText()).isEqualTo(rule.get("verdict").asText());
            assertThat(row.getText()).contains(rule.get("message").asText());
        }
        // Trader B: the page's size is the size API's, and the checklist sizes the same plan as its API does
        type("chk-thesis", "reclaim of the range low with rising open interest");
        type("chk-stop", "58400");
        new Select(browser.findElement(By.id("chk-stopMethod"))).selectByVisibleText("structure");
        type("chk-targets", "64000");
        type("chk-leverage", "10");
        new Select(browser.findElement(By.id("chk-sizeBy"))).selectByValue("riskPct");
        type("chk-size", "2");
        browser.findElement(By.id("chk-submit")).click();
        JsonNode size = desk.post("/api/size", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"equity\":10000,\"riskPct\":2,\"entryPrice\":60000,"
                + "\"stop\":58400,\"leverage\":10}").json();
        JsonNode checkB = desk.post("/api/check", DeskApiTest.TRADER_B).json();
        waitUpTo(10).until(d -> !d.findElements(By.id("size-out-qty")).isEmpty()
                && size.get("qty").asDouble() == Double.parseDouble(d.findElement(By.id("size-out-qty")).getAttribute("data-value")));
        assertThat(Double.parseDouble(browser.findElement(By.id("chk-verdict")).getAttribute("data-qty")))
                .isEqualTo(checkB.get("sized").get("qty").asDouble());
        // one sizing engine: Trader B is 0.116 BTC in the checklist, in size, on the page and in both APIs
        assertThat(checkB.get("sized").get("qty").asDouble()).isEqualTo(size.get("qty").asDouble()).isEqualTo(0.116);
        assertThat(browser.findElement(By.id("size-out-qty")).getText()).isEqualTo("0.116");
        // the benchmark box: the exposure rule is the API's with that benchmark; an unknown one is the API's one-line refusal
        WebElement benchmark = browser.findElement(By.id("chk-benchmark"));
        assertThat(browser.findElement(By.xpath("//label[input[@id='chk-benchmark']]")).getText()).startsWith("Benchmark");
        assertThat(benchmark.getAttribute("placeholder")).isEqualTo("BTCUSDT");
        String exposureBtc = checkB.get("rules").findParents("id").stream().filter(r -> r.get("id").asText().equals("exposure"))
                .findFirst().orElseThrow().get("message").asText();
        assertThat(exposureBtc).contains("beta-weighted to BTC");
        type("chk-benchmark", "ethusdt");
        browser.findElement(By.id("chk-submit")).click();
        JsonNode checkEth = desk.post("/api/check", "{\"plan\":" + DeskApiTest.TRADER_B + ",\"benchmark\":\"ETHUSDT\"}").json();
        String exposureEth = checkEth.get("rules").findParents("id").stream().filter(r -> r.get("id").asText().equals("exposure"))
                .findFirst().orElseThrow().get("message").asText();
        assertThat(exposureEth).contains("beta-weighted to ETH").isNotEqualTo(exposureBtc);
        waitUpTo(10).until(d -> String.valueOf(js("return document.querySelector(\"#chk-rules tr[data-rule-id='exposure']\")?.textContent"))
                .contains(exposureEth));
        type("chk-benchmark", "NOPEUSDT");
        browser.findElement(By.id("chk-submit")).click();
        String refusal = desk.post("/api/check", "{\"plan\":" + DeskApiTest.TRADER_B + ",\"benchmark\":\"NOPEUSDT\"}").json().get("error").asText();
        assertThat(refusal).contains("benchmark");
        waitUpTo(10).until(d -> d.findElement(By.id("chk-error")).getText().equals(refusal));
        assertThat(browser.findElement(By.id("chk-rules")).getText()).isEmpty();
        benchmark.clear();
        // a coin-margined plan: the venue picked from GET /api/exchanges is sent as exchange (with a one-tier mmr: no COIN-M
        // table ships), so BTCUSD_PERP is sized in whole 100 USD contracts and its amounts are labelled in BTC, the answer's coin
        JsonNode venues = desk.get("/api/exchanges").json();
        assertThat(venues.findValuesAsText("id")).contains("binance-coinm", "bybit");
        new Select(browser.findElement(By.id("chk-exchange"))).selectByValue("binance-coinm");
        new Select(browser.findElement(By.id("chk-symbol"))).selectByVisibleText("BTCUSD_PERP");
        assertThat(browser.findElement(By.id("chk-currency")).getText()).isEqualTo("BTC");
        type("chk-entry", "60000");
        type("chk-stop", "58000");
        type("chk-targets", "64000");
        type("chk-leverage", "10");
        type("chk-equity", "1");
        type("chk-size", "1");
        type("chk-mmr", "0.4");
        browser.findElement(By.id("chk-submit")).click();
        JsonNode coinSize = desk.post("/api/size", "{\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"equity\":1,\"riskPct\":1,\"entryPrice\":60000,"
                + "\"stop\":58000,\"leverage\":10,\"exchange\":\"binance-coinm\",\"mmr\":0.004}").json();
        assertThat(coinSize.get("currency").asText()).isEqualTo("BTC");
        assertThat(coinSize.get("contracts").asDouble()).isEqualTo(164);
        waitUpTo(10).until(d -> !d.findElements(By.id("size-out-qty")).isEmpty()
                && coinSize.get("qty").asDouble() == Double.parseDouble(d.findElement(By.id("size-out-qty")).getAttribute("data-value")));
        assertThat(browser.findElement(By.id("size-out-qty")).getText()).isEqualTo("164 contracts (16,400 USD face)");
        for (String f : List.of("notional", "margin", "lossAtStop")) {
            WebElement cell = browser.findElement(By.id("size-out-" + f));
            assertThat(Double.parseDouble(cell.getAttribute("data-value"))).as(f).isEqualTo(coinSize.get(f).asDouble());
            assertThat(cell.getText()).as(f).isEqualTo(String.format(java.util.Locale.ROOT, "%.8f BTC", coinSize.get(f).asDouble()));
        }
        JsonNode coinCheck = desk.post("/api/check", "{\"plan\":{\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"thesis\":"
                + "\"reclaim of the range low with rising open interest\",\"entryPrice\":60000,\"stop\":58000,\"stopMethod\":\"structure\","
                + "\"targets\":[64000],\"leverage\":10,\"equity\":1,\"riskPct\":1},\"exchange\":\"binance-coinm\",\"mmr\":0.004}").json();
        waitUpTo(10).until(d -> String.valueOf(coinCheck.get("sized").get("qty").asLong()).equals(d.findElement(By.id("chk-verdict")).getAttribute("data-qty")));
        assertThat(browser.findElement(By.id("chk-verdict")).getAttribute("data-verdict")).isEqualTo(coinCheck.get("verdict").asText());
        // sized in whole contracts instead: 120 contracts of 100 USD are 12,000 USD of face, the plan's contracts field
        new Select(browser.findElement(By.id("chk-sizeBy"))).selectByValue("contracts");
        type("chk-size", "120");
        browser.findElement(By.id("chk-submit")).click();
        JsonNode contractsCheck = desk.post("/api/check", "{\"plan\":{\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"thesis\":"
                + "\"reclaim of the range low with rising open interest\",\"entryPrice\":60000,\"stop\":58000,\"stopMethod\":\"structure\","
                + "\"targets\":[64000],\"leverage\":10,\"equity\":1,\"contracts\":120},\"exchange\":\"binance-coinm\",\"mmr\":0.004}").json();
        assertThat(contractsCheck.get("sized").get("qty").asDouble()).isEqualTo(12_000);
        waitUpTo(10).until(d -> "12000".equals(d.findElement(By.id("chk-verdict")).getAttribute("data-qty")));
        assertThat(browser.findElement(By.id("chk-verdict")).getAttribute("data-verdict")).isEqualTo(contractsCheck.get("verdict").asText());
        new Select(browser.findElement(By.id("chk-sizeBy"))).selectByValue("riskPct");
        type("chk-size", "1");
        // back to the desk's own venue: its symbols and their currency
        new Select(browser.findElement(By.id("chk-exchange"))).selectByValue("");
        new Select(browser.findElement(By.id("chk-symbol"))).selectByVisibleText("BTCUSDT");
        assertThat(browser.findElement(By.id("chk-currency")).getText()).isEqualTo("USDT");
        browser.findElement(By.id("chk-mmr")).clear();

        // funding drift: drawn on load for BTCUSDT long 50,000 at 20x, 0.1 % per interval, at the current mark
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#funding-chart canvas")).size() > 0);
        double mark = desk.get("/api/marks").json().get("marks").get("BTCUSDT").asDouble();
        JsonNode funding = desk.post("/api/funding", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"notional\":50000,\"leverage\":20,"
                + "\"fundingRate\":0.001,\"markPrice\":" + mark + "}").json();
        assertThat((int) value("fund-intervals")).isEqualTo(funding.get("intervalsToLiquidation").asInt());
        assertThat(browser.findElement(By.id("fund-summary")).getText()).contains("pays");
        // a short receiving funding is said to receive it, not to pay a negative amount
        new Select(browser.findElement(By.id("fund-side"))).selectByVisibleText("short");
        browser.findElement(By.id("fund-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("fund-summary")).getText().contains("receives"));
        assertThat(browser.findElement(By.id("fund-summary")).getText()).doesNotContain("−").doesNotContain("pays -");
        JsonNode shortFunding = desk.post("/api/funding", "{\"symbol\":\"BTCUSDT\",\"side\":\"short\",\"notional\":50000,\"leverage\":20,"
                + "\"fundingRate\":0.001,\"markPrice\":" + mark + "}").json();
        assertThat(value("fund-pay")).isEqualTo(shortFunding.get("paymentPerInterval").asDouble());
        // a coin-margined position: the picked venue is sent as exchange, the amount as the API's qty in coin, paid in BTC
        new Select(browser.findElement(By.id("fund-exchange"))).selectByValue("binance-coinm");
        new Select(browser.findElement(By.id("fund-symbol"))).selectByVisibleText("BTCUSD_PERP");
        new Select(browser.findElement(By.id("fund-side"))).selectByVisibleText("long");
        assertThat(browser.findElement(By.id("fund-currency")).getText()).isEqualTo("BTC");
        type("fund-notional", "0.5");
        type("fund-mark", "60000");
        type("fund-mmr", "0.4");
        browser.findElement(By.id("fund-submit")).click();
        JsonNode coinFunding = desk.post("/api/funding", "{\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"qty\":0.5,\"leverage\":20,"
                + "\"fundingRate\":0.001,\"markPrice\":60000,\"exchange\":\"binance-coinm\",\"mmr\":0.004}").json();
        assertThat(coinFunding.get("contracts").asDouble()).isEqualTo(300);
        waitUpTo(10).until(d -> d.findElement(By.id("fund-summary")).getText().contains("BTCUSD_PERP"));
        assertThat(value("fund-pay")).isEqualTo(coinFunding.get("paymentPerInterval").asDouble());
        assertThat((int) value("fund-intervals")).isEqualTo(coinFunding.get("intervalsToLiquidation").asInt());
        assertThat(browser.findElement(By.id("fund-pay")).getText()).endsWith(" BTC");
        new Select(browser.findElement(By.id("fund-exchange"))).selectByValue("");
        browser.findElement(By.id("fund-mmr")).clear();
        browser.findElement(By.id("fund-mark")).clear();

        // Monte Carlo survival: the same seed gives the API's shares, and the page shows the API's small-sample warning
        waitUpTo(30).until(d -> d.findElements(By.cssSelector("#survival-chart canvas")).size() > 0);
        JsonNode sim = desk.post("/api/survival", "{\"symbol\":\"BTCUSDT\",\"paths\":300,\"horizonDays\":60}").json();
        assertThat(value("sim-a")).isEqualTo(sim.get("a").get("survivalAtHorizon").asDouble());
        assertThat(value("sim-b")).isEqualTo(sim.get("b").get("survivalAtHorizon").asDouble());
        // a share next to the edge is not printed as the edge: 99.95 % survival beside "ruined 0.1 %" is ">99.9 %"
        assertThat(js("return [share(0.9995, 1), share(0.0004, 1), share(1, 1), share(0, 1), share(0.5, 1)].join('|')"))
                .isEqualTo(">99.9 %|<0.1 %|100.0 %|0.0 %|50.0 %");
        assertThat(sim.get("warnings").size()).isPositive();
        assertThat(browser.findElement(By.id("sim-warnings")).getText()).contains(sim.get("warnings").get(0).asText());
        assertThat(browser.findElement(By.id("sim-venue-used")).getText()).isEqualTo(sim.get("venue").asText());
        // priced by another venue: the form sends its exchange, as /api/survival takes it (no Bybit table here: its one-line answer)
        // chosen and submitted by script: scrolling to the form would move the panels the steps below click
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        js.executeScript("document.getElementById('sim-venue').value = 'bybit'; document.getElementById('sim-form').requestSubmit()");
        TestDesk.Response bybitSim = desk.post("/api/survival", "{\"symbol\":\"BTCUSDT\",\"paths\":300,\"horizonDays\":60,\"exchange\":\"bybit\"}");
        if (bybitSim.status() == 200) {   // a Bybit table in the data directory: the page names Bybit's rules
            waitUpTo(30).until(d -> d.findElement(By.id("sim-venue-used")).getText().equals(bybitSim.json().get("venue").asText()));
        } else {
            waitUpTo(30).until(d -> !d.findElement(By.id("sim-error")).getText().isEmpty());
            assertThat(browser.findElement(By.id("sim-error")).getText()).contains(bybitSim.json().get("error").asText()).contains("Bybit");
        }
        // the venues offered are GET /api/exchanges' (not a list of its own), then the sub-accounts
        List<String> offered = new Select(browser.findElement(By.id("sim-venue"))).getOptions().stream().map(o -> o.getAttribute("value")).toList();
        for (JsonNode ex : desk.get("/api/exchanges").json()) {
            assertThat(offered).contains(ex.get("id").asText());
        }
        // a COIN-M contract no tier table ships for: the API's refusal line, and what to enter (its maintenance rate, one tier)
        js.executeScript("var v = document.getElementById('sim-venue'); v.value = 'binance-coinm'; v.dispatchEvent(new Event('change'));"
                + "document.getElementById('sim-symbol').value = 'ETHUSD_PERP'; document.getElementById('sim-form').requestSubmit()");
        TestDesk.Response noTable = desk.post("/api/survival", "{\"symbol\":\"ETHUSD_PERP\",\"paths\":300,\"horizonDays\":60,"
                + "\"exchange\":\"binance-coinm\"}");
        assertThat(noTable.status()).isEqualTo(400);
        assertThat(noTable.json().get("error").asText()).contains("tier table").contains("ETHUSD_PERP");
        waitUpTo(30).until(d -> !d.findElement(By.id("sim-hint")).getText().isEmpty());
        assertThat(browser.findElement(By.id("sim-error")).getText()).isEqualTo(noTable.json().get("error").asText());
        assertThat(browser.findElement(By.id("sim-hint")).getText()).contains("ETHUSD_PERP").contains("Maintenance rate % (one tier)");
        assertThat(browser.findElement(By.id("sim-mmr")).getAttribute("class")).contains("need");
        // entered: priced by one tier of it on ETHUSDT's bars (standing in), the API's figures
        js.executeScript("document.getElementById('sim-mmr').value = '0.5'; document.getElementById('sim-form').requestSubmit()");
        JsonNode oneTier = desk.post("/api/survival", "{\"symbol\":\"ETHUSD_PERP\",\"paths\":300,\"horizonDays\":60,"
                + "\"exchange\":\"binance-coinm\",\"mmr\":0.005}").json();
        assertThat(oneTier.get("symbol").asText()).isEqualTo("ETHUSD_PERP");
        waitUpTo(30).until(d -> !d.findElements(By.id("sim-a")).isEmpty() && d.findElement(By.id("sim-hint")).getText().isEmpty());
        assertThat(value("sim-a")).isEqualTo(oneTier.get("a").get("survivalAtHorizon").asDouble());
        assertThat(value("sim-b")).isEqualTo(oneTier.get("b").get("survivalAtHorizon").asDouble());
        assertThat(browser.findElement(By.id("sim-venue-used")).getText()).isEqualTo(oneTier.get("venue").asText());
        assertThat(browser.findElement(By.id("sim-warnings")).getText()).contains("ETHUSDT bars stand in for ETHUSD_PERP's");
        assertThat(browser.findElement(By.id("sim-mmr")).getAttribute("class")).doesNotContain("need");
        js.executeScript("var v = document.getElementById('sim-venue'); v.value = ''; v.dispatchEvent(new Event('change'));"
                + "document.getElementById('sim-mmr').value = ''");

        // portfolio of the desk's own demo account
        long demo = desk.get("/api/accounts").json().get(0).get("id").asLong();
        JsonNode pf = desk.post("/api/portfolio", "{\"accountId\":" + demo + "}").json();
        waitUpTo(10).until(d -> !d.findElements(By.id("pf-beta")).isEmpty());
        assertThat(value("pf-beta")).isEqualTo(pf.get("betaWeightedDeltaUsd").asDouble());
        assertThat(value("pf-net")).isEqualTo(pf.get("netDeltaUsd").asDouble());
        assertThat(value("pf-sstar")).isEqualTo(pf.get("liquidationShockPct").asDouble());

        // positions: each card's liquidation price and distance are the API's (the replay is paused)
        JsonNode deskJson = desk.get("/api/desk").json();
        int checked = 0;
        for (JsonNode s : deskJson.get("subAccounts")) {
            for (JsonNode p : s.get("positions")) {
                WebElement card = browser.findElement(By.cssSelector(".open-cards [data-position-id='" + p.get("id").asText() + "']"));
                assertThat(card.findElement(By.className("liq-price")).getAttribute("data-value")).isEqualTo(p.get("liquidationPrice").asText());
                assertThat(card.findElement(By.className("ratio")).getAttribute("data-value")).isEqualTo(p.get("marginRatio").asText());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(4);
        assertThat(browser.findElement(By.id("source")).getText()).contains("REPLAY");
        // ticker chips in a stable (alphabetical) order; no negative zero anywhere on the page
        assertThat(browser.findElements(By.cssSelector("#marks .mark")).stream().map(e -> e.getAttribute("data-symbol")).toList())
                .containsExactly("BTCUSDT", "ETHUSDT", "SOLUSDT");
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("-0.00").doesNotContain("−0.00");

        // journal: a CSV uploaded from the page lands in the journal; the trades and Kelly shown are the APIs'
        Path csv = Files.createTempFile("journal", ".csv");
        Files.writeString(csv, DeskApiTest.JOURNAL_CSV);
        browser.findElement(By.id("jr-file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.id("jr-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("jr-msg")).getText().contains("3 trades added"));
        JsonNode trades = desk.get("/api/journal").json().get("trades");
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#jr-trades tr[data-trade-id]")).size() == trades.size());
        for (JsonNode t : trades) {
            assertThat(browser.findElements(By.cssSelector("#jr-trades tr[data-trade-id='" + t.get("id").asText() + "']"))).hasSize(1);
        }
        TestDesk.Response kelly = desk.post("/api/kelly", "{\"journal\":true}");
        if (kelly.status() == 200) {
            waitUpTo(10).until(d -> !d.findElements(By.id("kelly-f")).isEmpty());
            assertThat(value("kelly-f")).isEqualTo(kelly.json().get("kellyFraction").asDouble());
        } else {
            waitUpTo(10).until(d -> d.findElement(By.id("kelly-summary")).getText().equals(kelly.json().get("error").asText()));
        }
        Files.delete(csv);

        // liquidation cascades: the first event is shown without pressing Run, as the API gives it, band by band
        JsonNode events = desk.get("/api/cascade").json().get("scenarios");
        String first = events.get(0).get("name").asText();
        waitUpTo(60).until(d -> first.equals(d.findElement(By.id("cas-result")).getAttribute("data-scenario")));
        assertCascadeShown(first, "event");
        // another event through the form, by the other core
        String second = events.get(1).get("name").asText();
        new Select(browser.findElement(By.id("cas-scenario"))).selectByValue(second);
        new Select(browser.findElement(By.id("cas-core"))).selectByValue("analytic");
        browser.findElement(By.id("cas-submit")).click();
        waitUpTo(60).until(d -> second.equals(d.findElement(By.id("cas-result")).getAttribute("data-scenario"))
                && "analytic".equals(d.findElement(By.id("cas-result")).getAttribute("data-core")));
        assertCascadeShown(second, "analytic");
    }

    /** The cascade panel shows what POST /api/cascade answers for this event and core. */
    static void assertCascadeShown(String event, String core) {
        JsonNode cas = desk.post("/api/cascade", "{\"scenario\":\"" + event + "\",\"core\":\"" + core + "\"}").json();
        assertThat(value("cas-drawdown")).isEqualTo(cas.get("drawdownPct").asDouble());
        assertThat(value("cas-amplification")).isEqualTo(cas.get("amplification").asDouble());
        for (JsonNode band : cas.get("bands")) {
            assertThat(browser.findElement(By.cssSelector("#cas-result tr[data-band-id='" + band.get("id").asText() + "']")).getAttribute("data-inside"))
                    .isEqualTo(band.get("inside").asText());
        }
    }

    @Test
    @Order(2)
    void desktop_afterTheCrash_theLiquidatedPositionIsClosedWithItsLoss_theGaugeIsRed_andTheTitleCountsUnread() throws IOException {
        viewport(1440, 1000, false);
        load();
        assertThat(browser.getTitle()).isEqualTo("perpguard risk desk");
        // the page's own control jumps to the crash; then the replay steps through it
        browser.findElement(By.id("replay-crash")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("source")).getText().contains("2025-10-10"));
        for (int i = 0; i < 6; i++) {
            desk.server.feed().step();
        }
        JsonNode degen = sub(desk.get("/api/desk").json(), "degen");
        JsonNode closed = degen.get("closed").get(0);
        assertThat(closed.get("reason").asText()).isEqualTo("liquidation");
        WebElement card = waitUpTo(10).until(d -> d.findElements(By.cssSelector("[data-closed-id='" + closed.get("id").asText() + "']"))
                .stream().findFirst().orElse(null));
        assertThat(card.getAttribute("data-state")).isEqualTo("liquidated");
        assertThat(card.getText().toLowerCase(java.util.Locale.ROOT)).contains("liquidated").contains("solusdt").contains("-666.00");
        assertThat(Double.parseDouble(card.findElement(By.className("realized")).getAttribute("data-value"))).isEqualTo(-666.0);
        // no open SOL card left, and the sub-account's gauge is red with words saying why
        assertThat(browser.findElements(By.cssSelector("#sub-" + degen.get("id").asText() + " .open-cards [data-position-id='"
                + closed.get("positionId").asText() + "']"))).isEmpty();
        WebElement gauge = browser.findElement(By.id("gauge-" + degen.get("id").asText()));
        assertThat(gauge.getAttribute("data-level")).isEqualTo("danger");
        assertThat(gauge.getAttribute("aria-label")).contains("SOLUSDT long liquidated").contains("loss 666.00 USDT");
        // the red of the detail text is drawn on the canvas: sample the gauge for the theme's red
        assertThat((Boolean) js("const red = getComputedStyle(document.documentElement).getPropertyValue('--fail').trim();"
                + "const [r, g, b] = [1, 3, 5].map(i => parseInt(red.slice(i, i + 2), 16));"
                + "const c = arguments[0].querySelector('canvas'); const x = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 0; i < x.length; i += 4) if (x[i] === r && x[i + 1] === g && x[i + 2] === b) n++;"
                + "return n > 50;", gauge)).as("the gauge's text is drawn in the theme's red").isTrue();
        // the tab title and the summary strip carry the unread alerts
        int alerts = desk.get("/api/alerts?limit=1000").json().size();
        assertThat(alerts).isPositive();
        waitUpTo(10).until(d -> d.getTitle().equals("(" + alerts + ") perpguard risk desk"));
        assertThat(browser.findElement(By.id("sum-unread")).getText()).isEqualTo(alerts + " unread alerts");
        assertThat(browser.findElements(By.cssSelector("#alerts li"))).hasSize(alerts);
        assertNoHorizontalScroll();
        screenshot("desk-1440.png");
        // both themes: the one the page opened in, then the other through the page's own switch
        for (int i = 0; i < 2; i++) {
            String theme = (String) js("return document.documentElement.dataset.theme");
            assertThat(axeViolations()).as("axe-core serious/critical, %s theme", theme).isEmpty();
            js("window.scrollTo(0, 0)");
            browser.findElement(By.id("theme-toggle")).click();
            waitUpTo(5).until(d -> !theme.equals(js("return document.documentElement.dataset.theme")));
        }
        browser.findElement(By.id("alerts-read")).click();
        waitUpTo(5).until(d -> d.getTitle().equals("perpguard risk desk"));
    }

    @Test
    @Order(3)
    void phone_oneCardPerPosition_liquidationFirst_noSidewaysScroll_andAPositionAddedInThePageAppears() throws IOException {
        viewport(390, 844, true);
        load();
        assertNoHorizontalScroll();
        JsonNode deskJson = desk.get("/api/desk").json();
        for (JsonNode s : deskJson.get("subAccounts")) {
            for (JsonNode p : s.get("positions")) {
                WebElement card = browser.findElement(By.cssSelector(".open-cards [data-position-id='" + p.get("id").asText() + "']"));
                // the liquidation line comes first after the card's heading, and the card fits the screen
                assertThat(card.findElements(By.xpath("./*")).get(1).getAttribute("class")).isEqualTo("liq");
                assertThat(card.getRect().getX() + card.getRect().getWidth()).isLessThanOrEqualTo(390);
            }
        }
        // add a position from the page's own form after the replay's crash; it appears at once
        browser.findElement(By.cssSelector("#pos-editor summary")).click();
        long core = sub(deskJson, "core").get("id").asLong();
        new Select(browser.findElement(By.id("pos-sub"))).selectByValue(String.valueOf(core));
        new Select(browser.findElement(By.id("pos-symbol"))).selectByVisibleText("SOLUSDT");
        new Select(browser.findElement(By.id("pos-side"))).selectByVisibleText("long");
        type("pos-qty", "4");
        type("pos-leverage", "3");
        browser.findElement(By.id("pos-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("pos-msg")).getText().startsWith("Saved: SOLUSDT long 4"));
        long id = -1;
        for (JsonNode p : desk.get("/api/positions?subAccountId=" + core).json()) {
            if (p.get("symbol").asText().equals("SOLUSDT")) {
                id = p.get("id").asLong();
            }
        }
        String sel = ".open-cards [data-position-id='" + id + "']";
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector(sel)).isEmpty());
        JsonNode sol = null;
        for (JsonNode p : sub(desk.get("/api/desk").json(), "core").get("positions")) {
            if (p.get("id").asLong() == id) {
                sol = p;
            }
        }
        assertThat(browser.findElement(By.cssSelector(sel + " .liq-price")).getAttribute("data-value")).isEqualTo(sol.get("liquidationPrice").asText());
        // the entry was prefilled with the current mark at SOL's tick precision
        assertThat(sol.get("entryPrice").asDouble()).isEqualTo(desk.get("/api/marks").json().get("marks").get("SOLUSDT").asDouble(), within(0.01));
        // both editors open: their forms are checked by axe too
        browser.findElement(By.cssSelector("#sub-editor summary")).click();
        assertNoHorizontalScroll();
        assertThat(axeViolations()).as("axe-core serious/critical at 390 px, editors open").isEmpty();
        browser.findElement(By.cssSelector("#pos-editor summary")).click();
        browser.findElement(By.cssSelector("#sub-editor summary")).click();
        js("window.scrollTo(0, 0)");
        assertNoHorizontalScroll();
        screenshot("desk-390.png");
        assertThat(axeViolations()).as("axe-core serious/critical at 390 px").isEmpty();

        // the keyboard alone: the first Tab reaches the skip link, Enter jumps to the desk; the replay's button answers Enter
        load();
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(js("return document.activeElement.className")).isEqualTo("skip");
        browser.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        waitUpTo(5).until(d -> String.valueOf(js("return location.hash")).equals("#main"));
        boolean paused = desk.get("/api/replay").json().get("paused").asBoolean();
        browser.findElement(By.id("replay-toggle")).sendKeys(org.openqa.selenium.Keys.ENTER);
        waitUpTo(5).until(d -> desk.get("/api/replay").json().get("paused").asBoolean() != paused);
        desk.post("/api/replay", "{\"speed\":0}");
    }

    @Test
    @Order(4)
    void deletingASubAccount_takesItsAlertsOffTheOpenPage() {
        viewport(1440, 1000, false);
        load();
        long degen = sub(desk.get("/api/desk").json(), "degen").get("id").asLong();
        int all = desk.get("/api/alerts?limit=1000").json().size();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#alerts li")).size() == all);
        assertThat(browser.findElements(By.cssSelector("#alerts li[data-sub-id='" + degen + "']"))).as("the crash alerted degen").isNotEmpty();
        // deleted elsewhere (another tab, the API) while this page is open: the next tick takes its alerts off the list
        assertThat(desk.delete("/api/subaccounts/" + degen).status()).isEqualTo(204);
        int left = desk.get("/api/alerts?limit=1000").json().size();
        assertThat(left).isLessThan(all);
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#alerts li")).size() == left);
        assertThat(browser.findElements(By.cssSelector("#alerts li[data-sub-id='" + degen + "']"))).isEmpty();
    }

    /**
     * The phone audit (390 px): a panel jumped to from the section links, and an error line, sit below the sticky summary
     * strip, not under it (the strip is 130 px tall on a phone and hid every panel's heading); a label keeps its
     * currency on its line ("Equity (" / "USDT" / ")" stacked); a chart's title fits the chart (the funding and survival
     * titles ran past the edge); the journal's net PnL is in view without scrolling the table sideways.
     */
    @Test
    @Order(5)
    void phone_panelsAndErrorsBelowTheSummaryStrip_labelsOnOneLine_chartTitlesFit_journalPnlInView() {
        viewport(390, 844, true);
        load();
        // session 12's audit: the account selects named the account 'account 1' when the stream's first tick came before
        // the names (the replay is paused: no later tick put them right)
        for (String id : List.of("sub-account", "pf-account")) {
            assertThat(js("return [...document.getElementById(arguments[0]).options].map(o => o.textContent)", id)).as(id)
                    .isEqualTo(List.of("demo"));
        }
        // every link of the section bar and every disclosure is a finger's target, 24 px tall at least (were 17-20 px)
        js("window.wasOpen = [...document.querySelectorAll('details')].map(d => d.open); document.querySelectorAll('details').forEach(d => d.open = true)");
        @SuppressWarnings("unchecked")
        List<List<Object>> targets = (List<List<Object>>) js("return [...document.querySelectorAll('nav.sections a, details summary')]"
                + ".map(e => [e.textContent.trim(), e.getBoundingClientRect().height])");
        assertThat(targets).isNotEmpty().allSatisfy(t -> assertThat(((Number) t.get(1)).doubleValue()).as(String.valueOf(t.get(0))).isGreaterThanOrEqualTo(24));
        js("document.querySelectorAll('details').forEach((d, i) => d.open = window.wasOpen[i])");
        @SuppressWarnings("unchecked")
        List<String> links = (List<String>) js("return [...document.querySelectorAll('nav.sections a')].map(a => a.getAttribute('href'))");
        assertThat(links).hasSizeGreaterThan(5);
        for (String h : links) {
            js("window.scrollTo(0, 0); document.querySelector('nav.sections a[href=\"' + arguments[0] + '\"]').click();", h);
            waitUpTo(5).until(d -> {
                List<?> r = (List<?>) js("const t = document.querySelector(arguments[0]); const head = t.querySelector('h2') || t;"
                        + "return [head.getBoundingClientRect().top, document.getElementById('summary').getBoundingClientRect().bottom,"
                        + "document.documentElement.scrollHeight - window.innerHeight - window.scrollY];", h);
                double top = ((Number) r.get(0)).doubleValue(), strip = ((Number) r.get(1)).doubleValue(), left = ((Number) r.get(2)).doubleValue();
                // the last panels cannot scroll to the top: then they are below the strip anyway
                return top >= strip || (left < 1 && top >= strip);
            });
        }
        // a refused input: its line is in view below the strip
        js("window.scrollTo(0, 0); document.querySelector('nav.sections a[href=\"#calc-panel\"]').click();");
        type("calc-qty", "abc");
        browser.findElement(By.id("calc-submit")).click();
        waitUpTo(5).until(d -> d.findElement(By.id("calc-error")).getText().startsWith("Quantity"));
        List<?> err = (List<?>) js("const e = document.getElementById('calc-error').getBoundingClientRect();"
                + "return [e.top, e.bottom, document.getElementById('summary').getBoundingClientRect().bottom, window.innerHeight];");
        assertThat(((Number) err.get(0)).doubleValue()).as("error line below the strip").isGreaterThanOrEqualTo(((Number) err.get(2)).doubleValue());
        assertThat(((Number) err.get(1)).doubleValue()).as("error line on screen").isLessThanOrEqualTo(((Number) err.get(3)).doubleValue());
        type("calc-qty", "0.5");
        // the currency in a label is on the label's first line
        for (String id : List.of("chk-currency", "fund-currency")) {
            Number dy = (Number) js("const c = document.getElementById(arguments[0]); const label = c.closest('label');"
                    + "const w = document.createTreeWalker(label, NodeFilter.SHOW_TEXT); let n; while ((n = w.nextNode()) && !n.textContent.trim()) {}"
                    + "const r = document.createRange(); r.selectNodeContents(n);"
                    + "return Math.abs(r.getBoundingClientRect().top - c.getBoundingClientRect().top);", id);
            assertThat(dy.doubleValue()).as(id + " on the label's line").isLessThan(4);
        }
        // a chart's title is wrapped to the chart
        browser.findElement(By.id("fund-submit")).click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#funding-chart canvas")).size() > 0);
        waitUpTo(10).until(d -> js("const c = echarts.getInstanceByDom(document.getElementById('funding-chart'));"
                + "return c && c.getOption().title && c.getOption().title.length > 0") == Boolean.TRUE);
        List<?> title = (List<?>) js("const el = document.getElementById('funding-chart'); const t = echarts.getInstanceByDom(el).getOption().title[0];"
                + "return [t.textStyle.width == null ? -1 : t.textStyle.width, t.textStyle.overflow || '', el.clientWidth];");
        assertThat(((Number) title.get(0)).doubleValue()).as("title width").isPositive().isLessThanOrEqualTo(((Number) title.get(2)).doubleValue());
        assertThat(title.get(1)).isEqualTo("break");
        // the journal's net PnL without scrolling the table
        js("document.getElementById('jr-trades').scrollIntoView()");
        List<?> pnl = (List<?>) js("const row = document.querySelector('#jr-trades tr[data-trade-id]'); const head = [...document.querySelectorAll('#jr-trades th')].map(x => x.textContent);"
                + "const cell = row.children[head.indexOf('net PnL')]; const box = document.getElementById('jr-trades').parentElement.getBoundingClientRect();"
                + "return [cell.getBoundingClientRect().right, box.right];");
        assertThat(((Number) pnl.get(0)).doubleValue()).as("net PnL in view").isLessThanOrEqualTo(((Number) pnl.get(1)).doubleValue());
        assertNoHorizontalScroll();
    }

    /** A COIN-M sub-account made and filled from the page: contracts in, priced in BTC, the summary keeps coin and USDT apart. */
    @Test
    @Order(6)
    void desktop_aCoinmSubAccount_fromThePage_inContracts_pricedInCoin() {
        viewport(1440, 1000, false);
        load();
        browser.findElement(By.cssSelector("#sub-editor summary")).click();
        browser.findElement(By.id("sub-new")).click();
        new Select(browser.findElement(By.id("sub-exchange"))).selectByValue("binance-coinm");
        type("sub-name", "btc-coinm");
        type("sub-wallet", "0.5");
        browser.findElement(By.id("sub-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("sub-msg")).getText().startsWith("Saved sub-account btc-coinm"));
        long sub = -1;
        for (JsonNode x : desk.get("/api/subaccounts").json()) {
            if (x.get("name").asText().equals("btc-coinm")) {
                sub = x.get("id").asLong();
                assertThat(x.get("exchange").asText()).isEqualTo("binance-coinm");
            }
        }
        String subId = String.valueOf(sub);
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#pos-sub option[value='" + subId + "']")).size() == 1);
        browser.findElement(By.cssSelector("#pos-editor summary")).click();
        browser.findElement(By.id("pos-new")).click();
        new Select(browser.findElement(By.id("pos-sub"))).selectByValue(subId);
        waitUpTo(5).until(d -> d.findElement(By.id("pos-qty-label")).getText().startsWith("Contracts"));
        assertThat(new Select(browser.findElement(By.id("pos-symbol"))).getOptions()).extracting(WebElement::getText).containsExactly("BTCUSD_PERP");
        new Select(browser.findElement(By.id("pos-side"))).selectByVisibleText("long");
        new Select(browser.findElement(By.id("pos-mode"))).selectByVisibleText("cross");
        type("pos-qty", "300");
        type("pos-leverage", "10");
        browser.findElement(By.id("pos-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("pos-msg")).getText().startsWith("Saved: BTCUSD_PERP long 300 contracts"));
        JsonNode view = null;
        for (JsonNode x : desk.get("/api/desk").json().get("subAccounts")) {
            if (x.get("id").asLong() == sub) {
                view = x;
            }
        }
        assertThat(view.get("currency").asText()).isEqualTo("BTC");
        JsonNode p = view.get("positions").get(0);
        String sel = ".open-cards [data-position-id='" + p.get("id").asText() + "']";
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector(sel)).isEmpty());
        assertThat(browser.findElement(By.cssSelector(sel + " .qty")).getText()).isEqualTo("300 cont. (30,000 USD)");
        assertThat(browser.findElement(By.cssSelector(sel + " .liq-price")).getAttribute("data-value")).isEqualTo(p.get("liquidationPrice").asText());
        // the wallet in a line of words as the strip writes a coin (it read 0.50000000)
        assertThat(browser.findElement(By.cssSelector("#sub-" + subId + " .meta")).getText()).contains("BTC").contains("wallet 0.5 ·");
        // the summary adds no coin to USDT
        assertThat(browser.findElement(By.id("sum-equity")).getText()).matches(".* USDT \\+ [0-9.]+ BTC");
    }

    /**
     * The cascade run the page starts on load is not waited for: with its answer held back the page is ready and
     * its other panels filled; Run pressed meanwhile shows its own event, and the held answer, let through after it,
     * writes nothing over it.
     */
    @Test
    @Order(7)
    void cascadeOnLoad_doesNotHoldThePage_andALateAnswerDoesNotOverwriteRun() {
        viewport(1440, 1000, false);
        JsonNode events = desk.get("/api/cascade").json().get("scenarios");
        String first = events.get(0).get("name").asText(), second = events.get(1).get("name").asText();
        // the page's fetch, wrapped before its scripts run: the first POST /api/cascade answers only once released
        Object script = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ""
                + "(() => { const real = window.fetch; let held = false; window.__release = null;"
                + "  window.fetch = (url, opts) => {"
                + "    if (!held && String(url) === '/api/cascade' && opts && opts.method === 'POST') {"
                + "      held = true; const gate = new Promise((ok) => { window.__release = ok; });"
                + "      return real(url, opts).then((res) => gate.then(() => res)); }"
                + "    return real(url, opts); }; })();")).get("identifier");
        try {
            load();   // data-ready: the page finished starting while the first cascade is held
            assertThat(js("return typeof window.__release")).isEqualTo("function");
            assertThat(browser.findElement(By.id("cas-result")).getAttribute("data-scenario")).isNull();
            assertThat(browser.findElement(By.id("cas-result")).getText()).isEqualTo("running " + first + " (event core)…");
            new Select(browser.findElement(By.id("cas-scenario"))).selectByValue(second);
            browser.findElement(By.id("cas-submit")).click();
            waitUpTo(60).until(d -> second.equals(d.findElement(By.id("cas-result")).getAttribute("data-scenario")));
            js("window.__release()");
            waitUpTo(30).until(d -> "2".equals(d.findElement(By.id("cas-result")).getAttribute("data-done")));
            assertThat(browser.findElement(By.id("cas-result")).getAttribute("data-scenario")).isEqualTo(second);
            assertCascadeShown(second, "event");
        } finally {
            browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script));
        }
    }

    /**
     * "USDⓈ-M": no font Debian's chromium has carries U+24C8, which drew a box. The page's one-glyph font draws it
     * (advance 0.86 em, a width no fallback box has), and the text is still the character, for copying and for
     * screen readers.
     */
    @Test
    @Order(8)
    void usdsM_isDrawnByThePagesOwnGlyph_andStaysTheCharacter() {
        viewport(1440, 1000, false);
        load();
        assertThat(browser.findElement(By.cssSelector("#sub-exchange option[value='binance']")).getAttribute("textContent")).contains("USD\u24C8-M");
        assertThat((String) js("return getComputedStyle(document.body).fontFamily")).contains("\"PG Circled S\"");
        // the face covering U+24C8 loads (a broken or missing font answers no face)
        Object faces = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "document.fonts.load('100px \"PG Circled S\"', '\u24C8').then(f => done(f.length)).catch(e => done('error: ' + e));");
        assertThat(faces).isEqualTo(1L);
        // drawn by it: at 100 px the character is 86 px wide in the page's font, whatever the fallback's box measures
        double page = ((Number) js("const s = document.createElement('span'); s.style.fontSize = '100px'; s.style.whiteSpace = 'pre';"
                + "s.textContent = '\u24C8'; document.body.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w;")).doubleValue();
        double fallback = ((Number) js("const s = document.createElement('span'); s.style.fontSize = '100px'; s.style.whiteSpace = 'pre';"
                + "s.style.fontFamily = 'system-ui, sans-serif'; s.textContent = '\u24C8'; document.body.appendChild(s);"
                + "const w = s.getBoundingClientRect().width; s.remove(); return w;")).doubleValue();
        assertThat(page).isCloseTo(86.0, within(0.5));
        assertThat(fallback).isNotCloseTo(86.0, within(0.5));
        // the venue pickers show it in that font too (selects inherit the page's)
        assertThat((String) js("return getComputedStyle(document.getElementById('chk-exchange')).fontFamily")).contains("\"PG Circled S\"");
    }

    /**
     * A hedge leg's {@code lossIfLiquidated} is its share of the one loss its symbol's legs cost the cross wallet: the
     * winning leg's is negative, and the calculator's cell says why beside it (it showed "-1,234.56" with no word); a
     * position whose mark is already past its liquidation price says so where the market move to liquidation stood.
     */
    @Test
    @Order(9)
    void aWinningHedgeLegsNegativeShare_isExplainedBesideIt_andALiquidatedPositionIsSaid() {
        viewport(1440, 1000, false);
        load();
        JsonNode legs = desk.post("/api/calc", "{\"walletBalance\":10000,\"positions\":["
                + "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":2,\"entryPrice\":60000,\"leverage\":20,\"marginMode\":\"cross\",\"positionSide\":\"long\",\"markPrice\":60000},"
                + "{\"symbol\":\"BTCUSDT\",\"side\":\"short\",\"qty\":1,\"entryPrice\":60000,\"leverage\":20,\"marginMode\":\"cross\",\"positionSide\":\"short\",\"markPrice\":60000}]}")
                .json().get("positions");
        JsonNode winning = legs.get(1), losing = legs.get(0);
        assertThat(winning.get("lossIfLiquidated").asDouble()).isNegative();
        String cell = (String) js("return calcCell(JSON.parse(arguments[0]), 'BTCUSDT', 'lossIfLiquidated', 2)", winning.toString());
        assertThat(cell).startsWith("-").contains("a winning hedge leg’s share").contains("the legs add up to the wallet’s one loss");
        assertThat((String) js("return calcCell(JSON.parse(arguments[0]), 'BTCUSDT', 'lossIfLiquidated', 2)", losing.toString()))
                .doesNotContain("share");
        // an isolated long marked below its liquidation price: liquidated, not "-8.33 %" to go
        JsonNode past = desk.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":1,\"leverage\":50,"
                + "\"markPrice\":55000}").json();
        assertThat(past.get("liquidated").asBoolean()).isTrue();
        assertThat((String) js("return calcCell(JSON.parse(arguments[0]), 'BTCUSDT', 'distanceToLiquidationPct', 'pct')", past.toString()))
                .startsWith("liquidated");
    }
}
