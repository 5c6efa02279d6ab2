package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page kept open all day while the desk behind it goes away: restarted after {@code kill -9} on the same database,
 * or frozen (SIGSTOP: the laptop asleep, a connection that died without closing). The page says it is disconnected and
 * that its figures are not current, reconnects by itself, and shows every alert raised meanwhile exactly once, with the
 * desk's state as it is now. Before, an alert raised while the page was away never reached it, and a frozen stream
 * left "stream: on" showing stale figures for good. Real Debian chromium; the desk runs in a child process.
 */
class DeskStreamBrowserTest {
    static ChromeDriver browser;
    final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(DeskBrowserTest.CHROMIUM) && Files.isExecutable(DeskBrowserTest.CHROMEDRIVER),
                "Debian chromium + chromium-driver not installed");
        System.setProperty("webdriver.chrome.driver", DeskBrowserTest.CHROMEDRIVER.toString());
        DeskBrowserTest.SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(DeskBrowserTest.CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=390,844");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DeskBrowserTest.CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, o);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void killChildren() {
        children.forEach(p -> p.toHandle().destroyForcibly());
    }

    /** A desk process on {@code url} (port 0: any) with a 500 ms heartbeat; returns it once it serves, its port in {@code port[0]}. */
    Process desk(String url, int port, int[] portOut) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-Dperpguard.sse.heartbeatMs=500", "-cp", cp, DeskChild.class.getName(), url, String.valueOf(port))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        children.add(p);
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                portOut[0] = Integer.parseInt(line.substring(5).trim());
                return p;
            }
        }
        throw new AssertionError("the desk process ended before serving");
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    static void signal(Process p, String sig) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).start().waitFor()).isZero();
    }

    /** The alert ids the page lists, top to bottom. */
    @SuppressWarnings("unchecked")
    static List<Long> shownAlertIds() {
        return ((List<Object>) js("return [...document.querySelectorAll('#alerts li')].map(li => Number(li.dataset.id));"))
                .stream().map(o -> ((Number) o).longValue()).toList();
    }

    static List<Long> apiAlertIds(TestDeskClient api) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode a : api.get("/api/alerts?limit=300").json()) {
            ids.add(a.get("id").asLong());
        }
        return ids;
    }

    static List<Long> apiAlertIds(TestDesk desk) {
        return apiAlertIds(new TestDeskClient(desk.server.port()));
    }

    /** TestDesk's HTTP client, against a desk in another process. */
    static final class TestDeskClient {
        final String base;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        TestDeskClient(int port) {
            base = "http://127.0.0.1:" + port;
        }

        TestDesk.Response get(String path) {
            return send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).GET());
        }

        TestDesk.Response post(String path, String body) {
            return send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        }

        TestDesk.Response put(String path, String body) {
            return send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        }

        TestDesk.Response send(java.net.http.HttpRequest.Builder b) {
            try {
                java.net.http.HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                return new TestDesk.Response(r.statusCode(), r.body());
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    void load(int port) {
        browser.get("http://127.0.0.1:" + port + "/");
        waitUpTo(60).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        waitUpTo(30).until(d -> "on".equals(d.findElement(By.tagName("body")).getAttribute("data-stream")));
    }

    //-------------------------------------------------------------------------
    @Test
    void test_killMinus9AndRestart_pageSaysDisconnected_thenShowsEveryAlertRaisedMeanwhileOnce_andTheCurrentState(@TempDir Path dir)
            throws Exception {
        String url = Database.h2FileUrl(dir.resolve("perpguard"));
        int[] port = new int[1];
        Process first = desk(url, 0, port);
        TestDeskClient api = new TestDeskClient(port[0]);
        load(port[0]);
        List<Long> before = shownAlertIds();
        assertThat(before).isEqualTo(apiAlertIds(api));
        assertThat(browser.findElement(By.id("offline")).isDisplayed()).isFalse();

        first.toHandle().destroyForcibly();   // kill -9
        first.waitFor();
        waitUpTo(30).until(d -> "off".equals(d.findElement(By.tagName("body")).getAttribute("data-stream")));
        String banner = browser.findElement(By.id("offline")).getText();
        assertThat(browser.findElement(By.id("offline")).isDisplayed()).as("said on the sticky strip, at 390 px").isTrue();
        assertThat(banner).contains("Disconnected from the desk since").contains("not current").contains("Reconnecting");
        assertThat(browser.getTitle()).startsWith("offline · ");
        assertThat((Long) js("return document.documentElement.scrollWidth")).as("390 px, banner shown")
                .isLessThanOrEqualTo((Long) js("return window.innerWidth"));
        assertThat((Long) js("return Math.round(document.getElementById('offline').getBoundingClientRect().top)")).as("in view, on the sticky strip")
                .isBetween(0L, 844L);

        // the page stays away (its requests fail) while the desk starts again on the same database and moves on
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/*")));
        desk(url, port[0], port);
        JsonNode subs = api.get("/api/subaccounts").json();
        long subId = subs.get(0).get("id").asLong();
        assertThat(api.put("/api/subaccounts/" + subId, "{\"name\":\"" + subs.get(0).get("name").asText() + "\",\"walletBalance\":123456}")
                .status()).isEqualTo(200);
        // through the crash: the replay's liquidations and threshold crossings raise alerts while the page is away
        assertThat(api.post("/api/replay", "{\"index\":200}").status()).isEqualTo(200);
        List<Long> now = apiAlertIds(api);
        assertThat(now.size()).as("alerts raised while the page was away").isGreaterThan(before.size());

        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        waitUpTo(60).until(d -> "on".equals(d.findElement(By.tagName("body")).getAttribute("data-stream")));
        waitUpTo(30).until(d -> shownAlertIds().equals(now));
        List<Long> shown = shownAlertIds();
        assertThat(new HashSet<>(shown)).as("each alert once").hasSize(shown.size());
        assertThat(js("return S.alerts.size")).isEqualTo((long) now.size());
        assertThat(browser.findElement(By.id("offline")).isDisplayed()).isFalse();
        assertThat(browser.getTitle()).doesNotStartWith("offline");
        // the state as the desk has it now: the wallet changed while away, the replay's hour
        waitUpTo(30).until(d -> "123456".equals(js("return String(document.querySelector('#sub-" + subId + " .meta b[data-value]').dataset.value)")));
        int index = api.get("/api/replay").json().get("index").asInt();
        assertThat(browser.findElement(By.id("source")).getText()).contains("hour " + (index + 1) + " of");
        assertThat((Long) js("return document.documentElement.scrollWidth")).isLessThanOrEqualTo((Long) js("return window.innerWidth"));
    }

    @Test
    void test_aFrozenStream_isNoticedByItsMissingHeartbeat_saidOnThePage_andReopened(@TempDir Path dir) throws Exception {
        String url = Database.h2FileUrl(dir.resolve("perpguard"));
        int[] port = new int[1];
        Process desk = desk(url, 0, port);
        TestDeskClient api = new TestDeskClient(port[0]);
        load(port[0]);
        List<Long> before = shownAlertIds();
        signal(desk, "STOP");   // sockets stay open, nothing arrives: as a laptop asleep or a connection dead without a close
        try {
            waitUpTo(30).until(d -> "off".equals(d.findElement(By.tagName("body")).getAttribute("data-stream")));
            assertThat(browser.findElement(By.id("offline")).getText()).contains("no word from the desk");
        } finally {
            signal(desk, "CONT");
        }
        waitUpTo(60).until(d -> "on".equals(d.findElement(By.tagName("body")).getAttribute("data-stream")));
        // the reopened stream carries alerts: through the crash
        assertThat(api.post("/api/replay", "{\"index\":200}").status()).isEqualTo(200);
        List<Long> now = apiAlertIds(api);
        assertThat(now.size()).isGreaterThan(before.size());
        waitUpTo(30).until(d -> shownAlertIds().equals(now));
        assertThat(browser.findElement(By.id("offline")).isDisplayed()).isFalse();
    }

    @Test
    void test_twoTabs_anEditInOne_updatesTheOther_whoseOpenEditorSaysStale_andWillNotSaveOverIt() {
        try (TestDesk desk = TestDesk.inMemory()) {
            JsonNode pos = desk.get("/api/positions").json().get(0);
            long id = pos.get("id").asLong();
            long sub = pos.get("subAccountId").asLong();
            DeskStreamResumeTest.raise(desk, sub, 1);
            DeskStreamResumeTest.raise(desk, sub, 2);
            load(desk);
            String one = browser.getWindowHandle();
            click(browser.findElement(By.cssSelector("button[data-act=edit][data-id='" + id + "']")));
            assertThat(browser.findElement(By.id("pos-qty")).getAttribute("value")).isNotEmpty();
            long unread = Long.parseLong(browser.findElement(By.id("sum-unread")).getAttribute("data-count"));
            assertThat(unread).isGreaterThanOrEqualTo(2);

            browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            String two = browser.getWindowHandle();
            load(desk);
            click(browser.findElement(By.id("alerts-read")));
            click(browser.findElement(By.cssSelector("button[data-act=edit][data-id='" + id + "']")));
            double newQty = pos.get("qty").asDouble() / 2;
            browser.findElement(By.id("pos-qty")).clear();
            browser.findElement(By.id("pos-qty")).sendKeys(String.valueOf(newQty));
            click(browser.findElement(By.id("pos-submit")));
            waitUpTo(30).until(d -> desk.get("/api/positions/" + id).json().get("qty").asDouble() == newQty);
            // the tab that saved is not told its own save is stale
            waitUpTo(30).until(d -> d.findElement(By.id("pos-msg")).getText().startsWith("Saved"));
            assertThat(browser.findElement(By.id("pos-form")).getAttribute("data-stale")).isNull();

            browser.switchTo().window(one);
            waitUpTo(30).until(d -> "changed".equals(d.findElement(By.id("pos-form")).getAttribute("data-stale")));
            assertThat(browser.findElement(By.id("pos-msg")).getText()).contains("changed elsewhere");
            waitUpTo(30).until(d -> Double.parseDouble(d.findElement(By.cssSelector("[data-position-id='" + id + "'] .qty")).getText().replace(",", ""))
                    == newQty);
            // read in the other tab: read here too
            waitUpTo(30).until(d -> "0".equals(d.findElement(By.id("sum-unread")).getAttribute("data-count")));
            // saving the old figures would undo the other tab's edit: refused, nothing sent
            click(browser.findElement(By.id("pos-submit")));
            assertThat(browser.findElement(By.id("pos-msg")).getAttribute("data-refused")).isEqualTo("true");
            assertThat(desk.get("/api/positions/" + id).json().get("qty").asDouble()).isEqualTo(newQty);
            click(browser.findElement(By.cssSelector("#pos-msg button[data-reload]")));
            assertThat(Double.parseDouble(browser.findElement(By.id("pos-qty")).getAttribute("value"))).isEqualTo(newQty);
            assertThat(browser.findElement(By.id("pos-form")).getAttribute("data-stale")).isNull();

            // deleted elsewhere: said so
            assertThat(desk.delete("/api/positions/" + id).status()).isEqualTo(204);
            waitUpTo(30).until(d -> "gone".equals(d.findElement(By.id("pos-form")).getAttribute("data-stale")));
            assertThat(browser.findElement(By.id("pos-msg")).getText()).contains("closed or deleted elsewhere");
            browser.switchTo().window(two);
            browser.close();
            browser.switchTo().window(one);
        }
    }

    /**
     * Alert ids start at 1 again in a new database (the file deleted, serve pointed at another --db). The page kept
     * "read up to alert N" as a bare number, so the new database's first N alerts showed as read: never counted, never
     * highlighted. The marker now carries the database's id; another database's counts for nothing, on a page kept open
     * across the change and on one loaded after it, and a marker of the same database still holds.
     */
    @Test
    void test_aNewDatabase_whoseAlertIdsStartAgainAt1_isNotTakenAsReadByTheOldDatabasesMarker() {
        int port;
        long marker;
        String firstDb;
        try (TestDesk first = TestDesk.inMemory()) {
            long sub = DeskStreamResumeTest.firstSub(first);
            for (int i = 1; i <= 4; i++) {
                DeskStreamResumeTest.raise(first, sub, i);
            }
            port = first.server.port();
            firstDb = first.get("/api/health").json().get("databaseId").asText();
            load(first);
            waitUpTo(30).until(d -> shownAlertIds().equals(apiAlertIds(first)));
            click(browser.findElement(By.id("alerts-read")));
            waitUpTo(30).until(d -> "0".equals(d.findElement(By.id("sum-unread")).getAttribute("data-count")));
            marker = apiAlertIds(first).get(0);
        }
        // the same address, a new database: its alerts' ids are all at or below the old marker
        DeskConfig c = TestDesk.memoryConfig();
        try (TestDesk second = new TestDesk(new DeskConfig(c.bind(), port, c.jdbcUrl(), c.replaySpeed(), c.warmup(), c.alertPolicy(),
                c.instruments(), c.maxBodyBytes()))) {
            assertThat(second.get("/api/health").json().get("databaseId").asText()).as("another database, another id").isNotEqualTo(firstDb);
            long sub = DeskStreamResumeTest.firstSub(second);
            DeskStreamResumeTest.raise(second, sub, 1);
            DeskStreamResumeTest.raise(second, sub, 2);
            List<Long> ids = apiAlertIds(second);
            assertThat(ids).isNotEmpty().allMatch(id -> id <= marker);

            // the page kept open: it reconnects to the new database and counts each of its alerts unread
            waitUpTo(60).until(d -> shownAlertIds().equals(ids));
            waitUpTo(30).until(d -> String.valueOf(ids.size()).equals(d.findElement(By.id("sum-unread")).getAttribute("data-count")));
            assertThat(browser.findElements(By.cssSelector("#alerts li.unread"))).hasSize(ids.size());

            // loaded afresh: the same
            load(second);
            waitUpTo(30).until(d -> shownAlertIds().equals(ids));
            waitUpTo(30).until(d -> String.valueOf(ids.size()).equals(d.findElement(By.id("sum-unread")).getAttribute("data-count")));

            // read here, then loaded again: this database's marker holds
            click(browser.findElement(By.id("alerts-read")));
            waitUpTo(30).until(d -> "0".equals(d.findElement(By.id("sum-unread")).getAttribute("data-count")));
            load(second);
            waitUpTo(30).until(d -> shownAlertIds().equals(ids));
            assertThat(browser.findElement(By.id("sum-unread")).getAttribute("data-count")).isEqualTo("0");
        }
    }

    /**
     * A trade imported in one tab (or deleted through the API) shows in another open tab at once, through the event
     * stream's {@code journal} event; before, the other tab fetched the journal only when its stream reconnected.
     */
    @Test
    void test_twoTabs_aTradeImportedInOne_showsInTheOtherWithoutReload(@TempDir Path dir) throws IOException {
        try (TestDesk desk = TestDesk.inMemory()) {
            load(desk);
            String one = browser.getWindowHandle();
            assertThat(browser.findElements(By.cssSelector("#jr-trades tr[data-trade-id]"))).isEmpty();

            browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            String two = browser.getWindowHandle();
            try {
                load(desk);
                Path csv = Files.writeString(dir.resolve("week1.csv"), DeskApiTest.JOURNAL_CSV);
                browser.findElement(By.id("jr-file")).sendKeys(csv.toString());
                click(browser.findElement(By.id("jr-submit")));
                waitUpTo(30).until(d -> d.findElement(By.id("jr-msg")).getText().contains("3 trades added"));
                List<String> ids = desk.get("/api/journal").json().get("trades").findValuesAsText("id");
                assertThat(ids).hasSize(3);

                browser.switchTo().window(one);
                waitUpTo(30).until(d -> tradeIds().size() == 3);
                assertThat(tradeIds()).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(browser.findElement(By.id("kelly-summary")).getText()).startsWith("3 trades");

                // deleted by another client: gone here too
                assertThat(desk.delete("/api/journal/trades/" + ids.get(0)).status()).isEqualTo(204);
                waitUpTo(30).until(d -> tradeIds().size() == 2);
                assertThat(tradeIds()).doesNotContain(ids.get(0));
            } finally {
                browser.switchTo().window(two);
                browser.close();
                browser.switchTo().window(one);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> tradeIds() {
        return (List<String>) js("return [...document.querySelectorAll('#jr-trades tr[data-trade-id]')].map(tr => tr.dataset.tradeId);");
    }

    /** A click as the page's own handler receives it (the sticky strip may cover the element at 390 px). */
    static void click(org.openqa.selenium.WebElement e) {
        js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", e);
    }

    void load(TestDesk desk) {
        browser.get(desk.base + "/");
        waitUpTo(60).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        waitUpTo(30).until(d -> "on".equals(d.findElement(By.tagName("body")).getAttribute("data-stream")));
    }
}
