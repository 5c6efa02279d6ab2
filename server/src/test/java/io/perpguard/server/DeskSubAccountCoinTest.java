package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.store.Database;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static io.perpguard.server.DeskInputBlameTest.assertBlames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A COIN-M sub-account given its wallet's coin ({@code currency}) when created or edited: a trader opening a Binance
 * COIN-M wallet knows it is the BTC one. Without it the coin was unknown until the first position — the strip read
 * "5 in new-coinm (coin unknown until its first position)" and {@code /api/portfolio} refused the account. Given, it
 * is stored (V8's column), /api/desk and the portfolio name it, and a first position of another coin is refused.
 */
final class DeskSubAccountCoinTest {
    @TempDir
    Path dir;

    private static long coinm(TestDesk d, long acct, String name, String wallet, String currency) {
        TestDesk.Response r = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"" + name + "\",\"walletBalance\":" + wallet
                + ",\"exchange\":\"binance-coinm\"" + (currency == null ? "" : ",\"currency\":\"" + currency + "\"") + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    @Test
    void aCoinGivenAtCreation_namesTheWalletBeforeAnyPosition_onTheDeskAndInThePortfolio() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"coins\"}").json().get("id").asLong();
            long btc = coinm(d, acct, "btc-wallet", "0.5", "BTC");
            assertThat(d.get("/api/subaccounts/" + btc).json().get("currency").asText()).isEqualTo("BTC");
            JsonNode v = DeskCoinmTest.deskSub(d, btc);
            assertThat(v.get("currency").asText()).as("what the strip and the card read").isEqualTo("BTC");

            TestDesk.Response r = d.post("/api/portfolio", "{\"accountId\":" + acct + "}");
            assertThat(r.status()).as("it was refused: the coin of its wallet is unknown; " + r.body()).isEqualTo(200);
            double mark = DeskCoinmTest.btcMark(d);
            assertThat(r.json().get("netDeltaUsd").asDouble()).as("0.5 BTC held").isCloseTo(0.5 * mark, within(0.01));
            assertThat(r.json().get("warnings").toString()).contains("its wallet of 0.5 BTC counts as BTC held").doesNotContain("coin unknown").doesNotContain("is unknown");

            // lower case is the coin's name too; an ETH wallet is valued at an ETH contract's mark
            long eth = coinm(d, acct, "eth-wallet", "2", "eth");
            assertThat(d.get("/api/subaccounts/" + eth).json().get("currency").asText()).isEqualTo("ETH");
            TestDesk.Response both = d.post("/api/portfolio", "{\"accountId\":" + acct + "}");
            assertThat(both.status()).as(both.body()).isEqualTo(200);
            assertThat(both.json().get("warnings").toString()).contains("its wallet of 2 ETH counts as ETH held");
        }
    }

    @Test
    void aFirstPositionOfAnotherCoin_isRefused_andTheStatedCoinTakesItsOwn() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"coins\"}").json().get("id").asLong();
            long btc = coinm(d, acct, "btc-wallet", "0.5", "BTC");
            TestDesk.Response eth = d.post("/api/positions", "{\"subAccountId\":" + btc + ",\"symbol\":\"ETHUSD_PERP\",\"side\":\"long\","
                    + "\"contracts\":10,\"entryPrice\":3000,\"leverage\":5}");
            assertBlames(eth, "symbol", "ETHUSD_PERP settles in ETH but sub-account 'btc-wallet' is a BTC wallet");
            assertThat(d.get("/api/positions?subAccountId=" + btc).json()).isEmpty();

            TestDesk.Response ok = d.post("/api/positions", "{\"subAccountId\":" + btc + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\","
                    + "\"contracts\":10,\"entryPrice\":" + DeskCoinmTest.btcMark(d) + ",\"leverage\":10}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(201);
            assertThat(d.get("/api/subaccounts/" + btc).json().get("currency").asText()).isEqualTo("BTC");
        }
    }

    @Test
    void aBadCoin_aCoinOnUsdm_andAMisspeltField_areRefusedInOneLine_andNothingIsStored() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"coins\"}").json().get("id").asLong();
            String base = "{\"accountId\":" + acct + ",\"name\":\"w\",\"walletBalance\":1,";
            assertBlames(d.post("/api/subaccounts", base + "\"exchange\":\"binance-coinm\",\"currency\":\"DOGE\"}"), "currency",
                    "'DOGE' is not the coin of a Binance COIN-M contract; allowed: BTC, ETH");
            assertBlames(d.post("/api/subaccounts", base + "\"exchange\":\"binance-coinm\",\"currency\":\"USDT\"}"), "currency", "allowed: BTC, ETH");
            assertBlames(d.post("/api/subaccounts", base + "\"exchange\":\"binance-coinm\",\"currency\":1}"), "currency", "is not a string");
            assertBlames(d.post("/api/subaccounts", base + "\"currency\":\"BTC\"}"), "currency",
                    "applies only to a coin-margined sub-account (exchange binance-coinm, a wallet of one coin); a Binance USDⓈ-M wallet is in USDT");
            assertBlames(d.post("/api/subaccounts", base + "\"exchange\":\"binance\",\"currency\":\"USDT\"}"), "currency", "applies only to a coin-margined");
            assertBlames(d.post("/api/subaccounts", base + "\"exchange\":\"binance-coinm\",\"curency\":\"BTC\"}"), "curency",
                    "unknown field (did you mean 'currency'?)");
            assertBlames(d.post("/api/subaccounts", base + "\"exchange\":\"binance-coinm\",\"coin\":\"BTC\"}"), "coin",
                    "unknown field (did you mean 'currency'?");
            assertThat(d.get("/api/subaccounts?accountId=" + acct).json()).as("nothing stored").isEmpty();

            long usdm = d.post("/api/subaccounts", base + "\"exchange\":\"binance\"}").json().get("id").asLong();
            assertBlames(d.put("/api/subaccounts/" + usdm, "{\"currency\":\"BTC\"}"), "currency", "applies only to a coin-margined");
            assertThat(d.get("/api/subaccounts/" + usdm).json().has("currency")).isFalse();
        }
    }

    @Test
    void aCoinIsGivenOrCorrectedByAnEdit_untilTheWalletHeldAPositionOfItsCoin() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"coins\"}").json().get("id").asLong();
            long sub = coinm(d, acct, "w", "0.5", null);
            assertThat(d.get("/api/subaccounts/" + sub).json().has("currency")).as("none given: unknown, as before").isFalse();
            TestDesk.Response put = d.put("/api/subaccounts/" + sub, "{\"currency\":\"ETH\"}");
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            assertThat(put.json().get("currency").asText()).isEqualTo("ETH");
            assertThat(put.json().get("walletBalance").asDouble()).isEqualTo(0.5);
            // a mistake corrected before any position; an edit without currency keeps it
            assertThat(d.put("/api/subaccounts/" + sub, "{\"currency\":\"BTC\"}").json().get("currency").asText()).isEqualTo("BTC");
            assertThat(d.put("/api/subaccounts/" + sub, "{\"walletBalance\":0.6}").json().get("currency").asText()).isEqualTo("BTC");

            TestDesk.Response p = d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\","
                    + "\"contracts\":10,\"entryPrice\":" + DeskCoinmTest.btcMark(d) + ",\"leverage\":10}");
            assertThat(p.status()).as(p.body()).isEqualTo(201);
            assertThat(d.post("/api/positions/" + p.json().get("id").asLong() + "/close", "").status()).isEqualTo(200);
            // closed, it was a BTC wallet: its wallet and closed PnL are in BTC
            assertBlames(d.put("/api/subaccounts/" + sub, "{\"currency\":\"ETH\"}"), "currency",
                    "ETH: sub-account 'w' has held BTCUSD_PERP, which settles in BTC, so its wallet is BTC; keep ETH in a sub-account of its own");
            assertThat(d.put("/api/subaccounts/" + sub, "{\"currency\":\"BTC\"}").status()).as("the same coin again").isEqualTo(200);
            assertThat(d.get("/api/subaccounts/" + sub).json().get("currency").asText()).isEqualTo("BTC");
        }
    }

    /**
     * A database the desk created at the latest migration, with a COIN-M sub-account that never held a position: opened by
     * this desk it keeps its rows, the wallet stays without a coin (as before: learnt from its first position) until one
     * is given, and the coin given is kept across a restart.
     */
    @Test
    void anExistingDatabase_keepsItsRows_andACoinGivenThenSurvivesARestart() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("old").toAbsolutePath() + ";DB_CLOSE_DELAY=0";
        try (Database journal = Database.open(url, "", "")) {
            journal.migrate();
        }
        Flyway.configure(DeskDatabase.class.getClassLoader()).dataSource(url, "", "").locations("classpath:db/desk")
                .table(DeskDatabase.HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0").target("15").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
            st.executeUpdate("insert into desk_account (id, name) values (100, 'old')");
            st.executeUpdate("insert into desk_sub_account (id, account_id, name, wallet_balance, exchange) values "
                    + "(101, 100, 'new-coinm', 5, 'binance-coinm'), (102, 100, 'usdt', 1000, 'binance')");
        }
        try (TestDesk d = new TestDesk(url)) {
            JsonNode subs = d.get("/api/subaccounts?accountId=100").json();
            assertThat(subs).hasSize(2);
            JsonNode old = d.get("/api/subaccounts/101").json();
            assertThat(old.get("walletBalance").asDouble()).isEqualTo(5);
            assertThat(old.has("currency")).as("no coin given: unknown until its first position, as before").isFalse();
            assertThat(d.post("/api/portfolio", "{\"accountId\":100}").status()).as("refused as before").isEqualTo(400);
            assertThat(d.put("/api/subaccounts/101", "{\"currency\":\"ETH\"}").status()).isEqualTo(200);
        }
        try (TestDesk d = new TestDesk(url)) {
            assertThat(d.get("/api/subaccounts/101").json().get("currency").asText()).isEqualTo("ETH");
            assertThat(d.get("/api/subaccounts/102").json().get("walletBalance").asDouble()).isEqualTo(1000);
            TestDesk.Response r = d.post("/api/portfolio", "{\"accountId\":100}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("warnings").toString()).contains("its wallet of 5 ETH counts as ETH held");
        }
    }
}
