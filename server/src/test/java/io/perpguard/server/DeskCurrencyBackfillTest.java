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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V9 on a database the desk created at V7 (before the currency column): a COIN-M sub-account entered by hand then gets
 * its coin from its positions' symbols (else from its closed ones), so once emptied it still says BTC and refuses a
 * contract of another coin. Before V9 its currency stayed null until a position was saved on it again.
 */
final class DeskCurrencyBackfillTest {
    @TempDir
    Path dir;

    @Test
    void test_aPreV8CoinmSubAccount_getsItsCoinFromItsPositions() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("v7").toAbsolutePath() + ";DB_CLOSE_DELAY=0";
        // the desk as it stood at V7: the journal's tables, then the desk's migrations up to V7 only
        try (Database journal = Database.open(url, "", "")) {
            journal.migrate();
        }
        Flyway.configure(DeskDatabase.class.getClassLoader()).dataSource(url, "", "").locations("classpath:db/desk")
                .table(DeskDatabase.HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0").target("7").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
            assertThat(c.getMetaData().getColumns(null, null, "DESK_SUB_ACCOUNT", "CURRENCY").next()).as("created at V7: no currency column").isFalse();
            st.executeUpdate("insert into desk_account (id, name) values (100, 'old')");
            st.executeUpdate("insert into desk_sub_account (id, account_id, name, wallet_balance, exchange) values "
                    + "(101, 100, 'btc', 0.5, 'binance-coinm'), (102, 100, 'eth', 2, 'binance-coinm'), (103, 100, 'new', 1, 'binance-coinm'),"
                    + " (104, 100, 'usdt', 1000, 'binance')");
            st.executeUpdate("insert into desk_position (id, sub_account_id, symbol, side, qty, entry_price, leverage, margin_mode, position_side, "
                    + "margin_added, mark_price, contracts) values (201, 101, 'BTCUSD_PERP', 'LONG', 10000, 60000, 10, 'CROSS', 'BOTH', 0, 60000, 100),"
                    + " (202, 104, 'BTCUSDT', 'LONG', 0.1, 60000, 10, 'CROSS', 'BOTH', 0, 60000, null)");
            // the ETH wallet's only position was closed before the upgrade
            st.executeUpdate("insert into desk_closed_position (sub_account_id, position_id, symbol, side, qty, entry_price, leverage, margin_mode, "
                    + "position_side, margin_added, reason, close_price, mark_price, realized_pnl, closed_at_ms, contracts) values "
                    + "(102, 300, 'ETHUSD_PERP', 'SHORT', 100, 3000, 5, 'CROSS', 'BOTH', 0, 'closed', 2900, 2900, 0.001, 1700000000000, 10)");
        }
        try (TestDesk d = new TestDesk(url)) {
            JsonNode subs = d.get("/api/subaccounts?accountId=100").json();
            assertThat(byName(subs, "btc").path("currency").asText()).as(subs.toString()).isEqualTo("BTC");
            assertThat(byName(subs, "eth").path("currency").asText()).as("from its closed position").isEqualTo("ETH");
            assertThat(byName(subs, "new").has("currency")).as("no position ever: its first one names it").isFalse();
            assertThat(byName(subs, "usdt").has("currency")).as("USDⓈ-M: USDT by its venue").isFalse();
            // emptied, the BTC wallet still says BTC and refuses an ETH contract
            assertThat(d.delete("/api/positions/201").status()).isIn(200, 204);
            JsonNode btc = DeskCoinmTest.deskSub(d, 101);
            assertThat(btc.path("currency").asText()).isEqualTo("BTC");
            TestDesk.Response eth = d.post("/api/positions", "{\"subAccountId\":101,\"symbol\":\"ETHUSD_PERP\",\"side\":\"long\",\"contracts\":10,"
                    + "\"entryPrice\":3000,\"leverage\":5}");
            assertThat(eth.status()).as(eth.body()).isEqualTo(400);
            assertThat(eth.body()).contains("is a BTC wallet");
            assertThat(DeskCoinmTest.deskSub(d, 102).path("currency").asText()).isEqualTo("ETH");
        }
        // a second start: nothing more to fill, nothing changed
        try (TestDesk d = new TestDesk(url)) {
            assertThat(byName(d.get("/api/subaccounts?accountId=100").json(), "btc").path("currency").asText()).isEqualTo("BTC");
        }
    }

    private static JsonNode byName(JsonNode subs, String name) {
        for (JsonNode s : subs) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sub-account " + name + " in " + subs);
    }
}
