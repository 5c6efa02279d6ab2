package io.perpguard.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static io.perpguard.server.DeskBrowserTest.browser;
import static io.perpguard.server.DeskBrowserTest.load;
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
}
