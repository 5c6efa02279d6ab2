package io.perpguard.cli;

import static io.perpguard.cli.DeskJson.get;
import static io.perpguard.cli.DeskJson.getQuietly;
import static io.perpguard.cli.DeskJson.pos;
import static io.perpguard.cli.DeskJson.sub;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.Waits;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.server.DeskConfig;
import io.perpguard.server.DeskServer;
import io.perpguard.server.LiveDesk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code serve --live --exchange binance} on a Multi-Assets account in headless chromium, at 1280 px and at a 390 px
 * phone: the account is one card whose meta lists each asset of its pool — USDT, BTC, USDC — with its wallet, USD
 * index, haircut and the USD it counts for, as {@code GET /api/desk} gives them (BTC: 0.05 at 60,000, haircut 5 %,
 * 2,850.00 USD), and the account ratio; at 390 px the asset lines are on screen and nothing scrolls sideways. When
 * BTCUSDT's mark moves to 57,000 the BTC line's index follows it on the open page (57,000, counting 2,707.50 USD), as
 * {@code /api/desk} has it. Skipped without Debian's chromium + chromedriver.
 */
class LiveDeskPoolBrowserTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thePooledAccountsCard_listsEachAssetWithItsValueAndHaircut_atBothWidths() throws Exception {
        assumeTrue(Files.isExecutable(LiveDeskBrowserTest.CHROMIUM) && Files.isExecutable(LiveDeskBrowserTest.CHROMEDRIVER),
                "Debian chromium + chromium-driver not installed");
        System.setProperty("webdriver.chrome.driver", LiveDeskBrowserTest.CHROMEDRIVER.toString());
        LiveDeskBrowserTest.SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        String key = "poolPageKeyA7f3c9d1b2e4f6a8c0d2e4f6", secret = "poolPageSecret9f8e7d6c5b4a3928170";
        try (FakeBinance fake = new FakeBinance(key, secret).multiAssets(true)
                .asset("USDT", 2_000, 1, 0.0001, 0).asset("BTC", 0.05, 60_000, 0.05, 0.05).asset("USDC", 3_000, 0.9999, 0.0001, 0)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, false, 0))) {
            LiveDesk state = new LiveDesk();
            AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofHours(1));
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("multi", "binance", new Credentials(key, secret),
                    ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()).withSilence(Duration.ofHours(1)))),
                    List.of(), settings, dir, false, state, null);
                 DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:poolpage" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                         0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state)) {
                m.watchers().forEach(state::register);
                m.start();
                Waits.await("the pooled account on the desk with its collateral", () -> {
                    fake.mark("BTCUSDT", 60_000);   // re-pushed until seen: a mark before the snapshot is dropped by design
                    fake.mark("ETHUSDT", 3_000);
                    JsonNode s = sub(getQuietly(desk, "/api/desk"), "multi");
                    return s.path("collateral").size() == 3 && s.path("positions").size() == 2 && pos(s).path("markPrice").asDouble() > 0;
                });
                long id = sub(get(desk, "/api/desk"), "multi").path("id").asLong();

                ChromeOptions o = new ChromeOptions();
                o.setBinary(LiveDeskBrowserTest.CHROMIUM.toFile());
                o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--window-size=1280,900");
                ChromeDriver b = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(LiveDeskBrowserTest.CHROMEDRIVER.toFile())
                        .usingAnyFreePort().build(), o);
                try {
                    // a ceiling, not a pace: the desk page under a loaded machine took over 15 s to become ready
                    WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(60));
                    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);   // the page re-renders on every push
                    b.get(desk.url());
                    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
                    String card = "sub-" + id;
                    for (int width : new int[]{1280, 390}) {
                        b.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 844, "deviceScaleFactor", 1, "mobile", width < 500));
                        wait.until(d -> ((Number) b.executeScript("return window.innerWidth")).intValue() == width);
                        String[] shown = wait.until(d -> {
                            WebElement c = d.findElement(By.id(card));
                            List<WebElement> assets = c.findElements(By.cssSelector(".meta .coll"));
                            if (assets.size() != 3) {
                                return null;
                            }
                            return new String[]{assets.get(0).getAttribute("data-asset"), assets.get(1).getText(), assets.get(2).getAttribute("data-asset"),
                                    c.findElement(By.cssSelector(".meta")).getText(), c.findElement(By.cssSelector(".meta .cur")).getText(),
                                    String.valueOf(assets.get(1).isDisplayed())};
                        });
                        System.out.println(width + " px: " + String.join(" | ", shown));
                        assertThat(shown[0]).isEqualTo("USDT");
                        assertThat(shown[1]).startsWith("BTC 0.05").contains("60,000").contains("haircut 5.00 %").endsWith("counts 2,850.00 USD");
                        assertThat(shown[2]).isEqualTo("USDC");
                        assertThat(shown[3]).contains("account ratio 4.7 %").contains("shared collateral");
                        assertThat(shown[4]).isEqualTo("USD");
                        assertThat(shown[5]).isEqualTo("true");
                        List<?> geo = wait.until(d -> (List<?>) b.executeScript("const e = document.querySelector('#" + card
                                + " .meta .coll[data-asset=BTC]'); if (!e) return null; e.scrollIntoView({block: 'center'});"
                                + " return [Math.ceil(e.getBoundingClientRect().right), document.documentElement.scrollWidth, window.innerWidth];"));
                        assertThat(((Number) geo.get(2)).intValue()).isEqualTo(width);
                        assertThat(((Number) geo.get(0)).longValue()).as("the BTC line inside the %d px viewport", width).isLessThanOrEqualTo(width);
                        assertThat(((Number) geo.get(1)).longValue()).as("page width at %d px", width).isLessThanOrEqualTo(width);
                    }

                    // BTCUSDT's mark moves: the BTC beside it moves with it from the snapshot's 60,000 (index × 57,000 / 60,000), on
                    // the card as on /api/desk, pushed to the open page without a reload; USDT and USDC stay where they were read
                    fake.mark("BTCUSDT", 57_000);
                    Waits.await("the desk's BTC index at the new mark", () -> sub(getQuietly(desk, "/api/desk"), "multi")
                            .path("collateral").get(1).path("indexPrice").asDouble() == 57_000);
                    JsonNode moved = sub(get(desk, "/api/desk"), "multi").path("collateral");
                    String btcLine = wait.until(d -> {
                        String t = d.findElement(By.cssSelector("#" + card + " .meta .coll[data-asset=BTC]")).getText();
                        return t.contains("57,000") ? t : null;
                    });
                    System.out.println("after BTCUSDT 57,000: " + btcLine + " | /api/desk " + moved.get(1));
                    assertThat(moved.get(1).path("valueUsd").asDouble()).isEqualTo(0.05 * 57_000 * 0.95);
                    assertThat(btcLine).startsWith("BTC 0.05").doesNotContain("60,000").contains("haircut 5.00 %").endsWith("counts 2,707.50 USD");
                    assertThat(b.findElement(By.cssSelector("#" + card + " .meta .coll[data-asset=USDC]")).getText())
                            .contains("× 0.9999 USD");
                    assertThat(moved.get(2).path("indexPrice").asDouble()).isEqualTo(0.9999);
                } finally {
                    b.quit();
                }
            }
        }
    }
}
