package io.perpguard.cli;

import static io.perpguard.cli.DeskJson.get;
import static io.perpguard.cli.DeskJson.getQuietly;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.fake.FakeBinanceCoinm;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code serve --live --exchange binance-coinm} in headless chromium: the live page shows each coin's wallet in that
 * coin, the position as contracts × face and its funding due in BTC; the desk's page shows the coin wallets as their
 * own cards in the coin (not the replay's "marked at the USDT-perpetual mark" note) and the cross alert of the BTC
 * wallet raised by a mark walk. Skipped without Debian's chromium + chromedriver.
 */
class LiveDeskCoinmBrowserTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theCoinWalletsAreShownInTheirCoins_andTheWalkRaisesTheBtcWalletsAlertOnThePage() throws Exception {
        assumeTrue(Files.isExecutable(LiveDeskBrowserTest.CHROMIUM) && Files.isExecutable(LiveDeskBrowserTest.CHROMEDRIVER),
                "Debian chromium + chromium-driver not installed");
        System.setProperty("webdriver.chrome.driver", LiveDeskBrowserTest.CHROMEDRIVER.toString());
        LiveDeskBrowserTest.SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        String key = "cmPageKey9q8w7e6r5t4y3u2i1o0p9a8s7d6f5g4h3", secret = "cmPageSecret1z2x3c4v5b6n7m8q9w0e1r2t3y4u5";
        try (FakeBinanceCoinm fake = new FakeBinanceCoinm(key, secret).wallet("BTC", 0.05).wallet("ETH", 2)
                .position(new FakeBinanceCoinm.Pos("BTCUSD_PERP", "BOTH", 100, 60_000, 20, false, 0))) {
            fake.mark("BTCUSD_PERP", 60_000);
            LiveDesk state = new LiveDesk();
            AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofHours(1));
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("coin", "binance-coinm", new Credentials(key, secret),
                    ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()).withSilence(Duration.ofHours(1)))),
                    List.of(), settings, dir, false, state, null);
                 DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:coinmpage" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                         0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state)) {
                m.watchers().forEach(state::register);
                m.start();
                Waits.await("the BTC wallet's position on the desk", () -> {
                    fake.mark("BTCUSD_PERP", 60_000);   // re-pushed until seen: a mark before the snapshot is dropped by design
                    return markOf(desk) == 60_000;
                });
                // walked to 46,450 (liquidation 46,338.5), each step priced before the next: the BTC wallet crosses 50 %
                for (double mark : new double[]{55_000, 50_000, 47_000, 46_450}) {
                    fake.mark("BTCUSD_PERP", mark);
                    Waits.await("BTCUSD_PERP at " + mark + " on the desk", () -> markOf(desk) == mark);
                }
                Waits.await("the desk's cross alert of the BTC wallet", () -> getQuietly(desk, "/api/alerts").toString().contains("coin BTC cross: margin ratio"));
                long btcId = -1, ethId = -1;
                for (JsonNode s : get(desk, "/api/subaccounts")) {
                    btcId = s.path("name").asText().equals("coin BTC") ? s.path("id").asLong() : btcId;
                    ethId = s.path("name").asText().equals("coin ETH") ? s.path("id").asLong() : ethId;
                }

                ChromeOptions o = new ChromeOptions();
                o.setBinary(LiveDeskBrowserTest.CHROMIUM.toFile());
                o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--window-size=1280,900");
                ChromeDriver b = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(LiveDeskBrowserTest.CHROMEDRIVER.toFile())
                        .usingAnyFreePort().build(), o);
                try {
                    b.manage().window().setSize(new Dimension(1280, 900));
                    // a ceiling, not a pace: the desk page under a loaded machine (load 20 on 2 cores) took over 15 s to become ready
                    WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(60));
                    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);   // the pages re-render on every push
                    // the watcher's page: a wallet per coin, in the coin; contracts × face; funding due in BTC
                    b.get(desk.url() + "live.html");
                    wait.until(d -> !d.findElements(By.cssSelector("tr[data-symbol='BTCUSD_PERP'][data-status='open']")).isEmpty());
                    // read in one go, retried when the page re-renders under the read (it replaces its table every second)
                    String[] live = wait.until(d -> new String[]{d.findElement(By.cssSelector("div[data-wallet='BTC']")).getText(),
                            d.findElement(By.cssSelector("div[data-wallet='ETH']")).getText(),
                            String.valueOf(d.findElements(By.cssSelector("div[data-wallet='USDT']")).size()),
                            d.findElement(By.cssSelector("tr[data-symbol='BTCUSD_PERP']")).getText(),
                            d.findElement(By.cssSelector("tr[data-symbol='BTCUSD_PERP'] td[data-due]")).getText()});
                    assertThat(live[0]).contains("0.05000000 BTC");
                    assertThat(live[1]).contains("2.00000000 ETH");
                    assertThat(live[2]).isEqualTo("0");
                    assertThat(live[3]).contains("100 × 100 USD").contains("46,338.50");
                    assertThat(live[4]).endsWith(" BTC").doesNotContain("USD");
                    // 0.01 % of 10,000 USD at 46,450, in BTC: the long pays 0.00002153 BTC. Waited for, not read once: the watcher
                    // publishes its view at most once a second, so a page opened right after a fast walk can show the view of
                    // an earlier mark (seen at low load: the due at 60,000, 0.00001667) until the next one
                    double dueAtLastMark = 10_000 * 0.0001 / 46_450;
                    String due = wait.until(d -> {
                        String t = d.findElement(By.cssSelector("tr[data-symbol='BTCUSD_PERP'] td[data-due]")).getText();
                        try {
                            return Math.abs(Double.parseDouble(t.replace(" BTC", "")) - dueAtLastMark) <= 1e-8 ? t : null;
                        } catch (NumberFormatException e) {
                            return null;
                        }
                    });
                    assertThat(due).endsWith(" BTC").doesNotContain("USD");
                    assertThat(Double.parseDouble(due.replace(" BTC", ""))).isCloseTo(dueAtLastMark, org.assertj.core.api.Assertions.within(1e-8));
                    wait.until(d -> d.findElements(By.cssSelector("#alerts li")).stream().anyMatch(e -> e.getText().contains("coin cross BTC")));

                    // the desk's page: each coin wallet its own card, in its coin, with the BTC wallet's alert
                    b.get(desk.url());
                    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
                    String btcCard = "sub-" + btcId, ethCard = "sub-" + ethId;
                    wait.until(d -> d.findElement(By.id(btcCard)).getText().contains("BTCUSD_PERP"));
                    // the fake's account socket idles out (1001) when a loaded machine spends over 30 s on the walk: the card says
                    // "data stale … reconnecting" until the watcher is back; the check is what it says once current
                    wait.until(d -> d.findElement(By.id(btcCard)).findElement(By.cssSelector(".meta")).getText().contains("live binance-coinm account at its own marks"));
                    String[] cards = wait.until(d -> new String[]{d.findElement(By.id(btcCard)).findElement(By.tagName("h3")).getText(),
                            d.findElement(By.id(btcCard)).findElement(By.cssSelector(".meta .cur")).getText(),
                            d.findElement(By.id(btcCard)).findElement(By.cssSelector(".meta")).getText(),
                            d.findElement(By.id(ethCard)).findElement(By.cssSelector(".meta .cur")).getText(),
                            d.findElement(By.id(ethCard)).getText()});
                    assertThat(cards[0]).isEqualTo("coin BTC");
                    assertThat(cards[1]).isEqualTo("BTC");
                    assertThat(cards[2]).contains("wallet 0.05 ·").contains("live binance-coinm account at its own marks").doesNotContain("USDT-perpetual");
                    assertThat(cards[3]).isEqualTo("ETH");
                    assertThat(cards[4]).contains("wallet 2 ·").contains("No open position");
                    wait.until(d -> d.findElements(By.cssSelector("#alerts li")).stream()
                            .anyMatch(e -> e.getText().contains("coin BTC cross: margin ratio") && e.getText().contains("crossed 50.0 %")));
                } finally {
                    b.quit();
                }
            }
        }
    }

    private double markOf(DeskServer desk) {
        try {
            for (JsonNode s : get(desk, "/api/desk").path("subAccounts")) {
                if (s.path("name").asText().equals("coin BTC")) {
                    return s.path("positions").path(0).path("markPrice").asDouble(Double.NaN);
                }
            }
        } catch (Exception e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
