package io.perpguard.cli;

import static io.perpguard.cli.DeskJson.get;
import static io.perpguard.cli.DeskJson.getQuietly;
import static io.perpguard.cli.DeskJson.pos;
import static io.perpguard.cli.DeskJson.sub;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.fake.FakeOkx;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code serve --live --exchange okx} in headless chromium, at 1280 px and at a 390 px phone: the BTC wallet that
 * margins the account's {@code BTC-USD-SWAP} is its own card, in BTC, beside the USDT wallet's card; each position
 * card shows its venue's funding rate, the next funding time (UTC) and what the position pays then, in its currency
 * (BTC for the coin-margined swap, USDT for the USDT one), as {@code GET /api/desk} gives them; at 390 px the funding
 * lines are on screen and nothing scrolls sideways. Skipped without Debian's chromium + chromedriver.
 */
class LiveDeskInverseBrowserTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theBtcWalletIsItsOwnCard_andEachCardShowsItsFunding_atBothWidths() throws Exception {
        assumeTrue(Files.isExecutable(LiveDeskBrowserTest.CHROMIUM) && Files.isExecutable(LiveDeskBrowserTest.CHROMEDRIVER),
                "Debian chromium + chromium-driver not installed");
        System.setProperty("webdriver.chrome.driver", LiveDeskBrowserTest.CHROMEDRIVER.toString());
        LiveDeskBrowserTest.SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        String key = "okxPageKey-0a9b8c7d-6e5f-4a3b-9c8d-7e6f5a4b3c2d", secret = "OKXPAGESECRET9F8E7D6C5B4A39281706", pass = "okx-page-pass-13";
        try (FakeOkx fake = new FakeOkx(key, secret, pass).cashBal(10_000).cashBal("BTC", 0.05)
                .position(new FakeOkx.Pos("BTC-USDT-SWAP", "net", 100, 60_000, 20, "cross", 0))
                .position(new FakeOkx.Pos("BTC-USD-SWAP", "net", 100, 60_000, 20, "cross", 0))) {
            LiveDesk state = new LiveDesk();
            AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofHours(1));
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("okx-main", "okx", new Credentials(key, secret, pass),
                    ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()).withSilence(Duration.ofHours(1)))),
                    List.of(), settings, dir, false, state, null);
                 DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:okxpage" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                         0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state)) {
                m.watchers().forEach(state::register);
                m.start();
                Waits.await("both wallets' positions on the desk with their funding", () -> {
                    fake.mark("BTC-USD-SWAP", 60_000);   // re-pushed until seen: a mark before the snapshot is dropped by design
                    fake.mark("BTC-USDT-SWAP", 60_000);
                    JsonNode d = getQuietly(desk, "/api/desk");
                    return pos(sub(d, "okx-main BTC")).path("markPrice").asDouble() == 60_000 && pos(sub(d, "okx-main BTC")).has("fundingDue")
                            && pos(sub(d, "okx-main")).has("fundingDue");
                });
                JsonNode api = get(desk, "/api/desk");
                long btcId = sub(api, "okx-main BTC").path("id").asLong(), usdtId = sub(api, "okx-main").path("id").asLong();
                long next = pos(sub(api, "okx-main BTC")).path("nextFundingMs").asLong();
                String hhmm = Instant.ofEpochMilli(next).toString().substring(11, 16) + " UTC";

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
                    String btcCard = "sub-" + btcId, usdtCard = "sub-" + usdtId;
                    for (int width : new int[]{1280, 390}) {
                        b.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 844, "deviceScaleFactor", 1, "mobile", width < 500));
                        wait.until(d -> ((Number) b.executeScript("return window.innerWidth")).intValue() == width);
                        // read in one go, retried when a re-render replaces the cards under the read
                        String[] shown = wait.until(d -> {
                            WebElement coin = d.findElement(By.id(btcCard)), usdt = d.findElement(By.id(usdtCard));
                            return new String[]{coin.findElement(By.tagName("h3")).getText(), coin.findElement(By.cssSelector(".meta .cur")).getText(),
                                    coin.findElement(By.cssSelector("[data-position-id] .qty")).getText(),
                                    coin.findElement(By.cssSelector("[data-position-id] .funding")).getText(),
                                    coin.findElement(By.cssSelector("[data-position-id] .funding-due")).getText(),
                                    usdt.findElement(By.cssSelector("[data-position-id] .funding-due")).getText(),
                                    String.valueOf(coin.findElement(By.cssSelector("[data-position-id] .funding-due")).isDisplayed())};
                        });
                        System.out.println(width + " px: " + String.join(" | ", shown));
                        assertThat(shown[0]).isEqualTo("okx-main BTC");
                        assertThat(shown[1]).isEqualTo("BTC");
                        assertThat(shown[2]).isEqualTo("100 cont. (10,000 USD)");
                        assertThat(shown[3]).isEqualTo("0.0100 % · " + hhmm);
                        // 0.01 % of 10,000 USD at 60,000, in BTC; 1 BTC of the USDT swap at 60,000 pays 6 USDT
                        assertThat(shown[4]).isEqualTo("pays 0.00001667 BTC");
                        assertThat(shown[5]).isEqualTo("pays 6.00 USDT");
                        assertThat(shown[6]).isEqualTo("true");
                        // where the due line sits and how wide the page is, read in one script (a re-render may replace the card)
                        List<?> geo = wait.until(d -> (List<?>) b.executeScript("const e = document.querySelector('#" + btcCard
                                + " [data-position-id] .funding-due'); if (!e) return null; e.scrollIntoView({block: 'center'});"
                                + " return [Math.ceil(e.getBoundingClientRect().right), document.documentElement.scrollWidth, window.innerWidth];"));
                        assertThat(((Number) geo.get(2)).intValue()).isEqualTo(width);
                        assertThat(((Number) geo.get(0)).longValue()).as("the funding due inside the %d px viewport", width).isLessThanOrEqualTo(width);
                        assertThat(((Number) geo.get(1)).longValue()).as("page width at %d px", width).isLessThanOrEqualTo(width);
                    }
                } finally {
                    b.quit();
                }
            }
        }
    }
}
