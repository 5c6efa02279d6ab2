package io.perpguard.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static io.perpguard.server.DeskBrowserTest.browser;
import static io.perpguard.server.DeskBrowserTest.load;
import static io.perpguard.server.DeskBrowserTest.type;
import static io.perpguard.server.DeskBrowserTest.viewport;
import static io.perpguard.server.DeskBrowserTest.waitUpTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary strip's coin wallets, on a phone: a COIN-M wallet that never held a position read "5.00000000 coin" (no
 * coin is known for it, and two such wallets were added up as one coin called "coin"). A coin amount in the strip is now
 * written as the API's messages write one (at most 8 decimals, no trailing zeros) with its coin, and a wallet whose coin
 * is unknown is named by its sub-account and says so. The same headless Debian chromium as {@link DeskBrowserTest}.
 */
class DeskCoinStripBrowserTest {

    @BeforeAll
    static void start() {
        DeskBrowserTest.start();
    }

    @AfterAll
    static void stop() {
        DeskBrowserTest.stop();
    }

    @Test
    void phone_aCoinWalletThatNeverHeldAPosition_isNotACoinCalledCoin_andCoinAmountsAreTrimmed() {
        TestDesk d = DeskBrowserTest.desk;
        long acct = d.post("/api/accounts", "{\"name\":\"coins\"}").json().get("id").asLong();
        for (String[] s : new String[][]{{"new-coinm", "5"}, {"eth-later", "2"}, {"btc-held", "0.5"}}) {
            TestDesk.Response r = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"" + s[0] + "\",\"walletBalance\":" + s[1]
                    + ",\"exchange\":\"binance-coinm\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            if (s[0].equals("btc-held")) {
                // a BTC wallet that held a position and closed it: its coin is kept, its wallet 0.5 less the fees
                long sub = r.json().get("id").asLong();
                double mark = d.get("/api/desk").json().get("marks").get("BTCUSDT").asDouble();
                TestDesk.Response p = d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\","
                        + "\"contracts\":10,\"entryPrice\":" + mark + ",\"leverage\":10}");
                assertThat(p.status()).as(p.body()).isEqualTo(201);
                assertThat(d.post("/api/positions/" + p.json().get("id").asLong() + "/close", "").status()).isEqualTo(200);
            }
        }

        viewport(390, 844, true);
        load();
        waitUpTo(10).until(x -> x.findElement(By.id("sum-equity")).getText().contains("new-coinm"));
        String strip = browser.findElement(By.id("sum-equity")).getText();
        assertThat(strip).contains(" + 5 in new-coinm (coin unknown until its first position)")
                .contains(" + 2 in eth-later (coin unknown until its first position)")
                .containsPattern(" \\+ 0\\.[0-9]{0,7}[1-9] BTC( \\+|$)")
                .doesNotContain("coin +").doesNotContain("7 coin").doesNotContain("5.00000000").doesNotContainPattern("0 BTC");
        DeskBrowserTest.assertNoHorizontalScroll();
    }

    /**
     * The sub-account form offers a COIN-M wallet's coin (POST /api/subaccounts {currency}): given, the strip and the card
     * name it before any position. A wallet left unknown says so on its card too (it read "5.00000000 coin"), its wallet
     * written as the strip writes a coin, and an edit that gives its coin moves it into that coin's sum. ETH wallets, so
     * the other test's BTC sum is not touched.
     */
    @Test
    void phone_theFormGivesACoinmWalletItsCoin_andTheStripAndCardNameIt() {
        TestDesk d = DeskBrowserTest.desk;
        long acct = d.post("/api/accounts", "{\"name\":\"coin-form\"}").json().get("id").asLong();
        long unknown = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"unknown-w\",\"walletBalance\":3,"
                + "\"exchange\":\"binance-coinm\"}").json().get("id").asLong();

        viewport(390, 844, true);
        load();
        waitUpTo(10).until(x -> x.findElement(By.id("sum-equity")).getText().contains("unknown-w"));
        assertThat(browser.findElement(By.cssSelector("#sub-" + unknown + " .meta")).getText())
                .contains("wallet 3 · equity 3 (coin unknown until its first position)").doesNotContain("coin\n").doesNotContain("3.00000000");

        browser.findElement(By.cssSelector("#sub-editor summary")).click();
        browser.findElement(By.id("sub-new")).click();
        assertThat(browser.findElement(By.id("sub-coin-label")).isDisplayed()).as("USDⓈ-M: no coin to give").isFalse();
        new Select(browser.findElement(By.id("sub-account"))).selectByValue(String.valueOf(acct));
        new Select(browser.findElement(By.id("sub-exchange"))).selectByValue("binance-coinm");
        Select coin = new Select(browser.findElement(By.id("sub-coin")));
        assertThat(coin.getOptions()).extracting(e -> e.getAttribute("value")).containsExactly("", "BTC", "ETH");
        coin.selectByValue("ETH");
        assertThat(browser.findElement(By.id("sub-currency")).getText()).isEqualTo("ETH");
        type("sub-name", "eth-form");
        type("sub-wallet", "1.25");
        browser.findElement(By.id("sub-submit")).click();
        waitUpTo(10).until(x -> x.findElement(By.id("sub-msg")).getText().startsWith("Saved sub-account eth-form"));
        assertThat(browser.findElement(By.id("sub-msg")).getText()).isEqualTo("Saved sub-account eth-form: wallet 1.25 ETH (Binance COIN-M).");
        long eth = -1;
        for (var s : d.get("/api/subaccounts?accountId=" + acct).json()) {
            if (s.get("name").asText().equals("eth-form")) {
                eth = s.get("id").asLong();
                assertThat(s.get("currency").asText()).isEqualTo("ETH");
            }
        }
        String card = "#sub-" + eth + " .meta";
        waitUpTo(10).until(x -> !x.findElements(By.cssSelector(card)).isEmpty());
        assertThat(browser.findElement(By.cssSelector(card)).getText()).contains("wallet 1.25 · equity 1.25 ETH");
        waitUpTo(10).until(x -> x.findElement(By.id("sum-equity")).getText().contains(" + 1.25 ETH"));
        assertThat(browser.findElement(By.id("sum-equity")).getText()).doesNotContain("eth-form");

        // the unknown wallet given its coin by an edit: summed with the other ETH
        var edit = browser.findElement(By.cssSelector("#sub-" + unknown + " button[data-act='edit-sub']"));
        DeskBrowserTest.js("arguments[0].scrollIntoView({block: 'center'})", edit);   // not under the sticky strip
        edit.click();
        assertThat(coin.getFirstSelectedOption().getAttribute("value")).isEmpty();
        coin.selectByValue("ETH");
        browser.findElement(By.id("sub-submit")).click();
        waitUpTo(10).until(x -> x.findElement(By.id("sum-equity")).getText().contains(" + 4.25 ETH"));
        assertThat(browser.findElement(By.id("sum-equity")).getText()).doesNotContain("unknown-w");
        assertThat(d.get("/api/subaccounts/" + unknown).json().get("currency").asText()).isEqualTo("ETH");
        DeskBrowserTest.assertNoHorizontalScroll();
    }
}
