package io.perpguard.live.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Bybit connector reads Bybit's documented V5 examples (copied unchanged as test resources): the inverse position
 * list ({@code BTCUSD}, 300 contracts short), the inverse tickers (funding), the wallet balance and the {@code wallet}
 * and {@code position} topics.
 */
class BybitInverseParserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode example(String name) throws Exception {
        try (InputStream in = BybitInverseParserTest.class.getResourceAsStream(name + ".docs-example.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void inversePositionListRowIsUsdFaceOfOneDollarContracts() throws Exception {
        JsonNode row = example("rest-v5-position-list-response").path("result").path("list").path(0);
        try (BybitLinearConnector c = new BybitLinearConnector(new Credentials("k", "s"), ConnectorConfig.defaults())) {
            LivePosition p = c.position(row, "inverse");
            // 300 contracts of 1 USD, Sell: a 300 USD short; tradeMode 0 (deprecated) leaves the account's mode, cross here
            assertThat(p).isEqualTo(new LivePosition("BTCUSD", Side.SHORT, 300, 27464.50441675, 10, MarginMode.CROSS, PositionSide.BOTH, 0));
            assertThat(c.category("BTCUSD")).isEqualTo("inverse");
            assertThat(c.category("BTCUSDT")).isEqualTo("linear");
        }
    }

    @Test
    void inverseTickersGiveFundingInTheCoinsContract() throws Exception {
        JsonNode t = example("rest-v5-market-tickers-inverse").path("result").path("list").path(0);
        MarkUpdate m = BybitLinearConnector.funding(t, 114898.43, 5L);
        assertThat(m.symbol()).isEqualTo("BTCUSD");
        assertThat(m.index()).isEqualTo(114890.92);
        assertThat(m.fundingRate()).isEqualTo(0.0001);
        assertThat(m.nextFundingMs()).isEqualTo(1760371200000L);
    }

    @Test
    void walletBalanceAndWalletTopicGiveEachCoinsWallet() throws Exception {
        Map<String, Double> coins = new HashMap<>();
        double usdt = BybitLinearConnector.wallets(example("rest-v5-account-wallet-balance-response").path("result").path("list").path(0), coins);
        assertThat(usdt).as("no USDT in the docs' account").isNaN();
        assertThat(coins).isEqualTo(Map.of("BTC", 0.0));
        coins.clear();
        usdt = BybitLinearConnector.wallets(example("ws-private-wallet-stream").path("data").path(0), coins);
        assertThat(usdt).isNaN();
        assertThat(coins).isEqualTo(Map.of("BTC", 0.00102964));
    }

    @Test
    void positionTopicRowOfAClosedLinearLegIsClosed() throws Exception {
        JsonNode row = example("ws-private-position-stream").path("data").path(0);
        try (BybitLinearConnector c = new BybitLinearConnector(new Credentials("k", "s"), ConnectorConfig.defaults())) {
            LivePosition p = c.position(row, row.path("category").asText());
            assertThat(p.symbol()).isEqualTo("BTCUSDT");
            assertThat(p.open()).isFalse();
            assertThat(p.positionSide()).isEqualTo(PositionSide.SHORT);
        }
    }
}
