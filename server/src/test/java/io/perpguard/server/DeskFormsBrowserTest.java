package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.perpguard.server.DeskBrowserTest.CHROMEDRIVER;
import static io.perpguard.server.DeskBrowserTest.CHROMIUM;
import static io.perpguard.server.DeskBrowserTest.js;
import static io.perpguard.server.DeskBrowserTest.type;
import static io.perpguard.server.DeskBrowserTest.viewport;
import static io.perpguard.server.DeskBrowserTest.waitUpTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The desk's forms and a phone's width in a real browser (Debian chromium, headless, as {@link DeskBrowserTest}; skipped
 * alike without it). The page is never waited on for "load" or network idle — the event stream stays open — but for its
 * own DOM: chromedriver's page-load strategy is {@code none}, and each step waits for an element or attribute.
 * <ul>
 *   <li>The position editor offered the sub-account select while editing, though the API refuses a move: editing now
 *       shows it read-only, creating still offers it.</li>
 *   <li>The calculator sent a wallet typed for cross with an isolated position, which the API refuses (400): the page
 *       showed an error where a result was due.</li>
 *   <li>At 390 × 844 every section of the desk, with its sample data, fits the width, and each position's liquidation
 *       price and margin ratio are on screen.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeskFormsBrowserTest {
    static ChromeDriver own;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "Debian chromium + chromium-driver not installed");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        DeskBrowserTest.SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        DeskBrowserTest.desk = TestDesk.inMemory();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        // get() returns at once: the page's own elements say when it is ready (the stream keeps the network busy)
        o.setPageLoadStrategy(PageLoadStrategy.NONE);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=390,844");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        own = new ChromeDriver(service, o);
        own.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
        DeskBrowserTest.browser = own;
    }

    @AfterAll
    static void stop() {
        if (own != null) {
            own.quit();
        }
        if (DeskBrowserTest.desk != null) {
            DeskBrowserTest.desk.close();
        }
        DeskBrowserTest.browser = null;
        DeskBrowserTest.desk = null;
    }

    static TestDesk desk() {
        return DeskBrowserTest.desk;
    }

    /** Opens the desk and waits for its DOM: the page says it is ready, and a position card shows a liquidation price. */
    static void open() {
        own.get(desk().base + "/");
        waitUpTo(60).until(d -> "true".equals(js("return document.body && document.body.dataset.ready")));
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector(".open-cards [data-position-id] .liq-price")).isEmpty());
    }

    static void click(WebElement e) {
        js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", e);
    }

    //-------------------------------------------------------------------------
    @Test
    @Order(1)
    void editingAPosition_showsItsSubAccountReadOnly_creatingOffersIt() {
        viewport(1440, 1000, false);
        open();
        JsonNode degen = DeskStateTest.sub(desk().get("/api/desk").json(), "degen");
        JsonNode p = degen.get("positions").get(0);
        click(own.findElement(By.cssSelector("#pos-editor summary")));
        click(own.findElement(By.cssSelector(".open-cards [data-act='edit'][data-id='" + p.get("id").asText() + "']")));
        waitUpTo(10).until(d -> d.findElement(By.id("pos-msg")).getText().startsWith("Editing " + p.get("symbol").asText()));
        WebElement sub = own.findElement(By.id("pos-sub"));
        assertThat(sub.isDisplayed()).as("the sub-account is shown").isTrue();
        assertThat(sub.isEnabled()).as("the sub-account is not offered while editing").isFalse();
        assertThat(new Select(sub).getFirstSelectedOption().getText()).isEqualTo("degen");
        // the edit itself still saves, in its sub-account
        type("pos-leverage", p.get("leverage").asText());
        click(own.findElement(By.id("pos-submit")));
        waitUpTo(10).until(d -> d.findElement(By.id("pos-msg")).getText().startsWith("Saved: " + p.get("symbol").asText()));
        assertThat(desk().get("/api/positions/" + p.get("id").asText()).json().get("subAccountId").asLong()).isEqualTo(degen.get("id").asLong());
        assertThat(own.findElement(By.id("pos-sub")).isEnabled()).as("still the saved position's").isFalse();

        // a new position chooses its sub-account among all of them
        click(own.findElement(By.id("pos-new")));
        WebElement choose = own.findElement(By.id("pos-sub"));
        assertThat(choose.isEnabled()).isTrue();
        assertThat(new Select(choose).getOptions()).extracting(WebElement::getText)
                .containsExactlyElementsOf(desk().get("/api/subaccounts").json().findValuesAsText("name"));
    }

    @Test
    @Order(2)
    void calculator_aWalletTypedForCross_isNotSentWithIsolated_switchingModeGivesAResult() {
        viewport(1440, 1000, false);
        open();
        new Select(own.findElement(By.id("calc-symbol"))).selectByVisibleText("BTCUSDT");
        type("calc-entry", "60000");
        type("calc-qty", "0.5");
        type("calc-leverage", "20");
        Select mode = new Select(own.findElement(By.id("calc-mode")));
        for (String m : List.of("cross", "isolated", "cross")) {
            mode.selectByVisibleText(m);
            if (m.equals("cross") && own.findElement(By.id("calc-wallet")).getAttribute("value").isEmpty()) {
                type("calc-wallet", "10000");
            }
            js("document.getElementById('calc-result').innerHTML = ''");
            click(own.findElement(By.id("calc-submit")));
            JsonNode api = desk().post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.5,\"leverage\":20,"
                    + "\"marginMode\":\"" + m + "\"" + (m.equals("cross") ? ",\"walletBalance\":10000" : "") + "}").json();
            waitUpTo(10).until(d -> !d.findElements(By.id("calc-out-liquidationPrice")).isEmpty()
                    || !d.findElement(By.id("calc-error")).getText().isEmpty());
            assertThat(own.findElement(By.id("calc-error")).getText()).as(m).isEmpty();
            assertThat(Double.parseDouble(own.findElement(By.id("calc-out-liquidationPrice")).getAttribute("data-value"))).as(m)
                    .isEqualTo(api.get("liquidationPrice").asDouble());
            // the wallet is cross margin's: not to be typed into while isolated
            assertThat(own.findElement(By.id("calc-wallet")).isEnabled()).as(m).isEqualTo(m.equals("cross"));
        }
    }

    /**
     * The phone width, really: at 390 × 844 (device metrics, a mobile viewport) the desk with the replay past its crash —
     * closed and liquidated positions, alerts, an imported journal — is no wider than the screen in any section, editors
     * open or not, and each open position's liquidation price and margin ratio, and the summary's nearest liquidation
     * and worst ratio, are displayed inside the screen's width.
     */
    @Test
    @Order(3)
    void phone390_everySectionFitsTheWidth_andTheKeyFiguresAreOnScreen() {
        desk().post("/api/replay", "{\"jump\":\"crash\"}");
        for (int i = 0; i < 6; i++) {
            desk().server.feed().step();
        }
        assertThat(DeskApiTest.postCsv(desk(), "/api/journal/import?source=week1.csv", DeskApiTest.JOURNAL_CSV).status()).isEqualTo(200);
        viewport(390, 844, true);
        open();
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector("#alerts li")).isEmpty());
        assertThat(((Number) js("return window.innerWidth")).intValue()).isEqualTo(390);
        List<String> sections = List.of("accounts", "alerts-panel", "trade", "calc-panel", "funding-panel", "portfolio-panel", "journal-panel",
                "survival-panel", "cascade-panel");
        for (boolean editorsOpen : new boolean[]{false, true}) {
            js("document.querySelectorAll('details').forEach(d => d.open = arguments[0])", editorsOpen);
            for (String s : sections) {
                assertThat(own.findElements(By.id(s))).as(s).hasSize(1);
                js("document.getElementById(arguments[0]).scrollIntoView()", s);
                // a mobile viewport widens its layout to content wider than the screen: innerWidth says so, scrollWidth beyond it
                assertThat(((Number) js("return Math.max(window.innerWidth, document.documentElement.scrollWidth)")).intValue())
                        .as("page width at 390 px, %s in view, details open: %s", s, editorsOpen).isLessThanOrEqualTo(390);
                assertThat(overflowing(s)).as("elements of %s past the right edge, details open: %s", s, editorsOpen).isEmpty();
            }
        }
        js("document.querySelectorAll('details').forEach(d => d.open = false); window.scrollTo(0, 0)");
        JsonNode view = desk().get("/api/desk").json();
        int cards = 0;
        for (JsonNode s : view.get("subAccounts")) {
            for (JsonNode p : s.get("positions")) {
                String card = ".open-cards [data-position-id='" + p.get("id").asText() + "']";
                for (String figure : List.of(" .liq-price", " .ratio")) {
                    WebElement e = own.findElement(By.cssSelector(card + figure));
                    js("arguments[0].scrollIntoView({block: 'center'})", e);
                    assertThat(e.isDisplayed()).as(card + figure).isTrue();
                    assertThat(e.getText()).as(card + figure).isNotBlank();
                    assertThat(e.getRect().getX()).as(card + figure).isGreaterThanOrEqualTo(0);
                    assertThat(e.getRect().getX() + e.getRect().getWidth()).as(card + figure).isLessThanOrEqualTo(390);
                }
                String liq = own.findElement(By.cssSelector(card + " .liq-price")).getAttribute("data-value");
                if (p.get("liquidationPrice").isNull()) {
                    assertThat(liq).isEqualTo("null");   // "no liquidation price": the margin covers any move
                } else {
                    assertThat(Double.parseDouble(liq)).isEqualTo(p.get("liquidationPrice").asDouble());
                }
                cards++;
            }
        }
        assertThat(cards).isGreaterThanOrEqualTo(3);
        js("window.scrollTo(0, 0)");
        for (String id : List.of("sum-nearest", "sum-worst")) {
            WebElement e = own.findElement(By.id(id));
            assertThat(e.isDisplayed()).as(id).isTrue();
            assertThat(e.getText()).as(id).isNotBlank().isNotEqualTo("–");
            assertThat(e.getRect().getX() + e.getRect().getWidth()).as(id).isLessThanOrEqualTo(390);
        }
    }

    /**
     * The live page at 390 × 844: it had no viewport meta (a phone laid it out 980 px wide and shrank it) and a table of
     * 13 columns with the liquidation price 7th and the margin ratio 10th. Now it is the screen's width, the table scrolls
     * in its own box, and each position's liquidation price and margin ratio are on screen.
     */
    @Test
    @Order(4)
    void phone390_theLivePage_fitsTheWidth_liquidationPriceAndMarginRatioOnScreen() {
        try (LiveDesk live = new LiveDesk();
             DeskServer d = DeskServer.start(TestDesk.memoryConfig(), live)) {
            long now = System.currentTimeMillis();
            live.update(new io.perpguard.live.watch.WatchView("main", "binance", now, false, null, 12_345.67, 0.1234, List.of(
                    new io.perpguard.live.watch.WatchView.Row("BTCUSDT", "long", "cross", 0.5, 60_000, 61_000, 52_000.5, -14.75, 3.2, 0.1234,
                            0.0001, now + 3_600_000, 3.05, 500, false, "both", 10, 0, Double.NaN, false, "USDT", Double.NaN, 3, 1),
                    new io.perpguard.live.watch.WatchView.Row("ETHUSDT", "short", "isolated", 12.5, 3_300, 3_350, 3_601.25, 7.5, 2.1, 0.5612,
                            0.0001, now + 3_600_000, -4.19, 500, false, "both", 20, 0, Double.NaN, false, "USDT", Double.NaN, 3, 2)),
                    List.of(new io.perpguard.live.watch.WatchView.Closed("SOLUSDT", "long", "isolated", "liquidation", 180.5, now - 60_000))));
            viewport(390, 844, true);
            own.get("http://127.0.0.1:" + d.port() + "/live.html");
            waitUpTo(30).until(x -> x.findElements(By.cssSelector("#accounts tr[data-symbol='ETHUSDT']")).size() == 1);
            assertThat(((Number) js("return window.innerWidth")).intValue()).as("the page laid out at the phone's width").isEqualTo(390);
            assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(390);
            assertThat(overflowing("accounts")).isEmpty();
            for (String row : List.of("BTCUSDT", "ETHUSDT")) {
                for (String cell : List.of("liq", "ratio")) {
                    // read in one script: the page renders its accounts afresh every second (an element found is soon stale)
                    List<?> c = (List<?>) js("const e = document.querySelector(arguments[0]); const r = e.getBoundingClientRect();"
                            + "return [e.innerText, r.left, r.right, r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'];",
                            "#accounts tr[data-symbol='" + row + "'] ." + cell);
                    assertThat(c.get(3)).as(row + " " + cell + " displayed").isEqualTo(true);
                    assertThat((String) c.get(0)).as(row + " " + cell).isNotBlank().isNotEqualTo("–");
                    assertThat(((Number) c.get(1)).doubleValue()).as(row + " " + cell + " left").isGreaterThanOrEqualTo(0);
                    assertThat(((Number) c.get(2)).doubleValue()).as(row + " " + cell + " right").isLessThanOrEqualTo(390);
                    if (row.equals("BTCUSDT") && cell.equals("liq")) {
                        assertThat((String) c.get(0)).isEqualTo("52,000.50");
                    }
                    if (row.equals("ETHUSDT") && cell.equals("ratio")) {
                        assertThat((String) c.get(0)).isEqualTo("56.1 %");
                    }
                }
            }
        }
    }

    /**
     * The visible elements of a section whose visible part ends past the viewport's right edge: the body's overflow-x
     * hidden keeps scrollWidth at the width while a figure is cut off at the screen's edge. What a box around an element
     * clips is not visible; what a box scrolls sideways (a wide table in its own scroller) the trader can reach, so the
     * scroller alone is judged.
     */
    @SuppressWarnings("unchecked")
    static List<String> overflowing(String section) {
        return (List<String>) js("const w = document.documentElement.clientWidth, out = [];"
                + "const visibleRight = (e) => { let right = e.getBoundingClientRect().right;"
                + "  for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {"
                + "    const o = getComputedStyle(a).overflowX;"
                + "    if (o === 'auto' || o === 'scroll') return -1;"
                + "    if (o !== 'visible') right = Math.min(right, a.getBoundingClientRect().right); }"
                + "  return right; };"
                + "for (const e of document.getElementById(arguments[0]).querySelectorAll('*')) {"
                + "  const r = e.getBoundingClientRect();"
                + "  if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') continue;"
                + "  const right = visibleRight(e);"
                + "  if (right > w + 0.5) out.push((e.id ? '#' + e.id : e.tagName.toLowerCase() + '.' + String(e.className).trim().replace(/ +/g, '.'))"
                + "      + ' right ' + Math.round(right));"
                + "}"
                + "return out.slice(0, 12);", section);
    }
}
