package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static io.perpguard.server.DeskBrowserTest.browser;
import static io.perpguard.server.DeskBrowserTest.js;
import static io.perpguard.server.DeskBrowserTest.load;
import static io.perpguard.server.DeskBrowserTest.viewport;
import static io.perpguard.server.DeskBrowserTest.waitUpTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The usability pass of a trader who keeps the desk open all day, at 1440 px and 390 px, in a real browser (the same
 * headless Debian chromium and desk as {@link DeskBrowserTest}, skipped alike without them). Each test fails on the
 * page as it was before its fix: the header's settings on a row of their own at 1440 px, the survival range broken
 * inside a date on a phone, cascade bands cut off, taps under 40 px, the browser's own parts white in the dark theme,
 * the portfolio's USD labelled USDT, a portfolio priced at old marks without saying so, hand-entered positions without
 * funding, errors as the browser's "Failed to fetch" or a server's page, a failed start without a word, prices at the
 * wrong tick after a quick first tick, and live.html's Ⓢ.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeskUsabilityBrowserTest {

    @BeforeAll
    static void start() {
        DeskBrowserTest.start();
    }

    @AfterAll
    static void stop() {
        DeskBrowserTest.stop();
    }

    static TestDesk desk() {
        return DeskBrowserTest.desk;
    }

    static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    /** A script every page loaded from now runs before its own (chromedriver's CDP command); returns its id. */
    static String beforeEachPage(String script) {
        return (String) browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script)).get("identifier");
    }

    static void forget(String id) {
        browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id));
    }

    /** At 1440 px the theme button, sound and alerts sat on a row of their own under the replay controls (3 header rows). */
    @Test
    @Order(1)
    void desktop_theSettingsShareTheMarksRow_theHeaderHasTwoRows() {
        viewport(1440, 1000, false);
        load();
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector("#marks .mark")).isEmpty());
        List<?> r = (List<?>) js("const h = document.querySelector('header.top').getBoundingClientRect();"
                + "const t = document.getElementById('theme-toggle').getBoundingClientRect(); const m = document.querySelector('#marks .mark').getBoundingClientRect();"
                + "return [h.height, (t.top + t.bottom) / 2, (m.top + m.bottom) / 2, t.height];");
        assertThat(num(r.get(2))).as("the theme button's middle on the marks' row").isCloseTo(num(r.get(1)), within(8.0));
        assertThat(num(r.get(3))).as("the theme button on one line").isLessThan(40);
        assertThat(num(r.get(0))).as("header height at 1440 px").isLessThanOrEqualTo(100);
        DeskBrowserTest.assertNoHorizontalScroll();
    }

    /** Hand-entered and replayed positions show funding: the recorded rate with when it was settled, or that there is none. */
    @Test
    @Order(2)
    void desktop_aReplayedPositionsCard_showsItsRecordedFunding_andOneWithoutSaysSo() {
        viewport(1440, 1000, false);
        load();
        JsonNode core = DeskStateTest.sub(desk().get("/api/desk").json(), "core");
        JsonNode btc = DeskRecordedFundingTest.position(core, "BTCUSDT");
        String card = "#sub-" + core.get("id").asLong() + " article[data-position-id='" + btc.get("id").asLong() + "']";
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector(card + " .funding")).isEmpty());
        WebElement rate = browser.findElement(By.cssSelector(card + " .funding"));
        assertThat(rate.getAttribute("data-source")).isEqualTo("recorded");
        assertThat(Double.parseDouble(rate.getAttribute("data-value"))).isEqualTo(btc.get("fundingRate").asDouble());
        assertThat(rate.getText()).contains("%").contains("UTC");
        String from = browser.findElement(By.cssSelector(card + " .funding-from")).getText();
        assertThat(from).contains("last recorded rate, settled " + btc.get("fundingRecordedTime").asText().substring(0, 16).replace('T', ' ') + " UTC")
                .containsPattern("\\((\\d+ (h|min|d \\d+ h) before the mark|at the mark's time)\\)");
        assertThat(browser.findElement(By.cssSelector(card + " .funding-due")).getText()).startsWith("pays ").endsWith(" USDT");
        JsonNode eth = DeskRecordedFundingTest.position(core, "ETHUSDT");
        assertThat(browser.findElement(By.cssSelector("article[data-position-id='" + eth.get("id").asLong() + "'] .funding")).getText())
                .startsWith("none recorded for ETHUSDT");
    }

    /** The browser's own controls (file picker, select lists, scrollbars) follow the page's theme, not the system's. */
    @Test
    @Order(3)
    void theBrowsersOwnControls_followThePagesTheme() {
        viewport(1440, 1000, false);
        load();
        for (int i = 0; i < 2; i++) {
            String theme = (String) js("return document.documentElement.dataset.theme");
            assertThat((String) js("return getComputedStyle(document.documentElement).colorScheme")).as("in the %s theme", theme).isEqualTo(theme);
            assertThat((String) js("return getComputedStyle(document.getElementById('jr-file')).colorScheme")).isEqualTo(theme);
            browser.findElement(By.id("theme-toggle")).click();
        }
    }

    /** The phone: every button, field, select, checkbox label and disclosure is at least 40 px tall. */
    @Test
    @Order(4)
    void phone_everyControlIsAFingersTarget() {
        viewport(390, 844, true);
        load();
        js("document.querySelectorAll('details').forEach(d => d.open = true)");
        @SuppressWarnings("unchecked")
        List<List<Object>> small = (List<List<Object>>) js("return [...document.querySelectorAll("
                + "'button, select, input:not([type=checkbox]):not([type=hidden]), label.inline, details summary')]"
                + ".filter(e => e.offsetParent !== null).map(e => [e.id || e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height])"
                + ".filter(x => x[1] < 40)");
        assertThat(small).as("controls under 40 px at 390 px").isEmpty();
        long checked = (Long) js("return document.querySelectorAll('button').length");
        assertThat(checked).isGreaterThan(10);
        DeskBrowserTest.assertNoHorizontalScroll();
    }

    /** The survival result's date range: at 390 px "2025-10-" ended one line and "06T00:00:00Z..2025-10-19T23:00:00Z" began the next. */
    @Test
    @Order(5)
    void phone_theSurvivalRangeKeepsEachDateAndTimeOnOneLine() {
        viewport(390, 844, true);
        load();
        waitUpTo(60).until(d -> !d.findElements(By.cssSelector("#sim-candles .when")).isEmpty());
        @SuppressWarnings("unchecked")
        List<List<Object>> whens = (List<List<Object>>) js("return [...document.querySelectorAll('#sim-candles .when')].map(w => [w.textContent, w.getClientRects().length])");
        assertThat(whens).hasSize(2).allSatisfy(w -> {
            assertThat((String) w.get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d");
            assertThat(w.get(1)).as("lines of " + w.get(0)).isEqualTo(1L);
        });
        assertThat(browser.findElement(By.id("sim-summary")).getText()).contains(whens.get(0).get(0) + " to " + whens.get(1).get(0) + " UTC")
                .doesNotContain("T00:00:00Z")
                // each survival share with its 95 % sampling interval (300 paths: 0 of them surviving is 0.0 to 1.3 %)
                .containsPattern("A \\S+ % \\(95 %: [<>]?[\\d.]+ % to [<>]?[\\d.]+ %; median ruin")
                .containsPattern("B \\S+ % \\(95 %: [<>]?[\\d.]+ % to [<>]?[\\d.]+ %; median ruin");
    }

    /** The cascade's bands at 390 px: each shown whole (the band column was cut off at the panel's edge). */
    @Test
    @Order(6)
    void phone_cascadeBandsAreShownWhole() {
        viewport(390, 844, true);
        load();
        waitUpTo(60).until(d -> !d.findElements(By.cssSelector("#cas-result .bands tr[data-band-id]")).isEmpty());
        List<?> r = (List<?>) js("const t = document.querySelector('#cas-result .bands'); const box = t.closest('.scroll');"
                + "const right = Math.max(...[...t.querySelectorAll('td')].map(c => c.getBoundingClientRect().right));"
                + "return [box.scrollWidth, box.clientWidth, right, box.getBoundingClientRect().right];");
        assertThat(num(r.get(0))).as("the bands' width").isLessThanOrEqualTo(num(r.get(1)));
        assertThat(num(r.get(2))).as("the last cell's right edge").isLessThanOrEqualTo(num(r.get(3)) + 0.5);
    }

    /**
     * A request that gets no answer says the desk is not answering (it said "Failed to fetch"); an answer that is not the
     * desk's JSON — a proxy's page, a stack trace — is one line with its status (the page and trace were shown whole).
     */
    @Test
    @Order(7)
    void errors_areOneLineThatSaysWhat_neverTheBrowsersWordsOrAStackTrace() {
        viewport(1440, 1000, false);
        load();
        js("window.fetch = () => Promise.reject(new TypeError('Failed to fetch'))");
        browser.findElement(By.id("calc-submit")).click();
        waitUpTo(10).until(d -> !d.findElement(By.id("calc-error")).getText().isEmpty());
        assertThat(browser.findElement(By.id("calc-error")).getText()).startsWith("the desk is not answering").doesNotContain("Failed to fetch");
        js("window.fetch = () => Promise.resolve(new Response('<html><head><title>Error</title></head><body><h2>HTTP ERROR 500 boom</h2>"
                + "<pre>java.lang.IllegalStateException: boom\\n\\tat io.perpguard.server.X.y(X.java:12)\\n\\tat io.perpguard.server.X.z(X.java:3)</pre>"
                + "</body></html>', { status: 500, headers: { 'Content-Type': 'text/html' } }))");
        browser.findElement(By.id("calc-submit")).click();
        waitUpTo(10).until(d -> d.findElement(By.id("calc-error")).getText().startsWith("the desk answered"));
        String e = browser.findElement(By.id("calc-error")).getText();
        assertThat(e).isEqualTo("the desk answered HTTP 500: Error");
        assertThat(e).doesNotContain("<").doesNotContain("\tat ").doesNotContain("\n");
    }

    /** A page whose start fails says so on the strip (it stayed half drawn without a word). */
    @Test
    @Order(8)
    void aStartThatFails_saysSoOnThePage() {
        viewport(390, 844, true);
        String id = beforeEachPage("const f = window.fetch; window.fetch = (u, o) => String(u).startsWith('/api/instruments')"
                + " ? Promise.reject(new TypeError('Failed to fetch')) : f(u, o);");
        try {
            browser.get(desk().base + "/");
            waitUpTo(30).until(d -> "error".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
            WebElement e = browser.findElement(By.id("load-error"));
            assertThat(e.isDisplayed()).isTrue();
            assertThat(e.getText()).startsWith("The desk could not be loaded: the desk is not answering");
            assertThat(num(js("return arguments[0].getBoundingClientRect().bottom", e))).as("in view").isLessThanOrEqualTo(844);
        } finally {
            forget(id);
        }
    }

    /**
     * Prices at the symbol's tick even when the stream's first tick comes before the tick sizes: the marks were drawn at
     * two decimals (BTCUSDT 122,782.00) and, with the replay paused, stayed so all day.
     */
    @Test
    @Order(9)
    void pricesAreAtTheTick_evenWhenTheFirstTickBeatsTheTickSizes() {
        viewport(1440, 1000, false);
        String id = beforeEachPage("const f = window.fetch; window.fetch = (u, o) => String(u).startsWith('/api/instruments')"
                + " ? new Promise(r => setTimeout(r, 1500)).then(() => f(u, o)) : f(u, o);");
        try {
            load();
            int decimals = desk().get("/api/instruments").json().get("BTCUSDT").get("priceDecimals").asInt();
            String chip = browser.findElement(By.cssSelector("#marks .mark")).getText();
            assertThat(chip).startsWith("BTCUSDT").matches("(?s).*\\d\\." + "\\d".repeat(decimals));
        } finally {
            forget(id);
        }
    }

    /**
     * The portfolio's figures are USD (a coin wallet at its coin's mark): they were labelled USDT. Each sub-account's
     * wallet is in its own currency (a COIN-M one in BTC). The result says which marks priced it and, once they move,
     * that it is not current.
     */
    @Test
    @Order(10)
    void portfolio_labelsUsdAsUsd_aCoinWalletInItsCoin_andSaysWhenItWasPriced() {
        long sub = desk().post("/api/subaccounts", "{\"accountId\":1,\"name\":\"btc\",\"walletBalance\":0.5,\"exchange\":\"binance-coinm\"}")
                .json().get("id").asLong();
        double mark = desk().get("/api/marks").json().get("marks").get("BTCUSDT").asDouble();
        assertThat(desk().post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"contracts\":10,"
                + "\"entryPrice\":" + mark + ",\"leverage\":5}").status()).isEqualTo(201);
        viewport(1440, 1000, false);
        load();
        // the page analyses the first account when it opens: read its answer in one go (a later answer redraws the table)
        waitUpTo(20).until(d -> !d.findElements(By.cssSelector("#pf-result tr[data-sub='btc']")).isEmpty());
        @SuppressWarnings("unchecked")
        Map<String, String> shown = (Map<String, String>) js("const t = (q) => document.querySelector(q).textContent;"
                + "return { net: t('#pf-net'), beta: t('#pf-beta'), equity: t('#pf-equity'), btc: t(\"#pf-result tr[data-sub='btc'] .pf-wallet\"),"
                + " core: t(\"#pf-result tr[data-sub='core'] .pf-wallet\"), hedge: t('#pf-hedge-notional'), asOf: t('#pf-asof') };");
        for (String id : List.of("net", "beta", "equity")) {
            assertThat(shown.get(id)).as(id).endsWith("\u00a0USD").doesNotContain("USDT");
        }
        assertThat(shown.get("btc")).isEqualTo("0.50000000 BTC");
        assertThat(shown.get("core")).endsWith(" USDT");
        assertThat(shown.get("hedge")).endsWith(" USDT");
        long t = desk().get("/api/desk").json().get("timeMs").asLong();
        assertThat(shown.get("asOf")).isEqualTo("Priced at the marks of " + java.time.Instant.ofEpochMilli(t).toString().substring(0, 16).replace('T', ' ') + " UTC");
        desk().server.feed().step();
        waitUpTo(10).until(d -> d.findElement(By.id("pf-asof")).getAttribute("class").contains("stale-result"));
        assertThat(browser.findElement(By.id("pf-asof")).getText()).contains("the marks have moved since");
        browser.findElement(By.id("pf-submit")).click();
        waitUpTo(10).until(d -> !d.findElement(By.id("pf-asof")).getAttribute("class").contains("stale-result"));
    }

    /**
     * Analyse pressed while the page's own first analysis is still on its way: the later answer of the earlier run does
     * not overwrite the result asked for (it redrew the table with the earlier benchmark).
     */
    @Test
    @Order(11)
    void portfolio_anEarlierRunAnsweringLate_doesNotOverwriteTheOneAskedFor() {
        viewport(1440, 1000, false);
        // the first portfolio request (the page's own, on load) answers 3 s late
        String id = beforeEachPage("const f = window.fetch; let first = true; window.fetch = (u, o) => {"
                + " if (String(u).startsWith('/api/portfolio') && first) { first = false; window.pfAsked = true; return new Promise(r => setTimeout(r, 3000)).then(() => f(u, o)); }"
                + " return f(u, o); };");
        try {
            browser.get(desk().base + "/");
            waitUpTo(30).until(d -> Boolean.TRUE.equals(js("return window.pfAsked === true")));
            DeskBrowserTest.type("pf-benchmark", "ETHUSDT");
            browser.findElement(By.id("pf-submit")).click();
            waitUpTo(30).until(d -> "2".equals(d.findElement(By.id("pf-result")).getAttribute("data-done")));
            assertThat(browser.findElement(By.id("pf-beta")).findElement(By.xpath("..")).getText()).contains("(to ETHUSDT)");
            waitUpTo(60).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        } finally {
            forget(id);
        }
    }

    /** At 1440 px an alert's time and "UTC" stay on one line ("UTC" wrapped under the time). */
    @Test
    @Order(12)
    void desktop_anAlertsTimeIsOneLine() {
        desk().post("/api/replay", "{\"jump\":\"crash\"}");
        for (int i = 0; i < 8; i++) {
            desk().server.feed().step();
        }
        viewport(1440, 1000, false);
        load();
        waitUpTo(20).until(d -> !d.findElements(By.cssSelector("#alerts li .t")).isEmpty());
        @SuppressWarnings("unchecked")
        List<List<Object>> times = (List<List<Object>>) js("return [...document.querySelectorAll('#alerts li .t')].map(t => [t.textContent, t.getBoundingClientRect().height,"
                + "parseFloat(getComputedStyle(t).lineHeight)])");
        assertThat(times).isNotEmpty().allSatisfy(t -> assertThat(num(t.get(1))).as(String.valueOf(t.get(0))).isLessThan(1.5 * num(t.get(2))));
    }

    /** live.html's "USDⓈ-M": the venue named as the desk names it, its Ⓢ drawn by the page's own glyph (a box before). */
    @Test
    @Order(13)
    void livePage_namesTheVenue_andDrawsItsCircledSWithThePagesGlyph() {
        try (LiveDesk live = new LiveDesk();
             DeskServer d = DeskServer.start(TestDesk.memoryConfig(), live)) {
            live.update(new WatchView("main", "binance", System.currentTimeMillis(), false, null, 1_000, Double.NaN, List.of(), List.of()));
            viewport(1440, 1000, false);
            browser.get("http://127.0.0.1:" + d.port() + "/live.html");
            waitUpTo(30).until(x -> x.findElement(By.cssSelector("#accounts small[data-venue='binance']")).getText().equals("(Binance USD\u24C8-M)"));
            assertThat((String) js("return getComputedStyle(document.querySelector('#accounts small')).fontFamily")).contains("\"PG Circled S\"");
            Object faces = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "document.fonts.load('100px \"PG Circled S\"', '\u24C8').then(f => done(f.length)).catch(e => done('error: ' + e));");
            assertThat(faces).isEqualTo(1L);
            double page = num(js("const s = document.createElement('span'); s.style.fontSize = '100px'; s.style.whiteSpace = 'pre';"
                    + "s.textContent = '\u24C8'; document.querySelector('#accounts small').appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w;"));
            assertThat(page).as("the glyph's own 0.86 em advance").isCloseTo(86.0, within(0.5));
        }
    }
}
