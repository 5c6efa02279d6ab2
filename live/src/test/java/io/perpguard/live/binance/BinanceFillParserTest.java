package io.perpguard.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.VenueFill;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binance's {@code ORDER_TRADE_UPDATE} of execution type {@code TRADE} ("Event: Order Update", USDⓈ-M and COIN-M): the fill
 * is {@code l} at {@code L} (last filled quantity and price), with {@code rp} and the commission {@code n} in {@code N}. The
 * price it traded at is {@code L}: {@code ap} is the order's average so far, and {@code p} its limit (0 for a market order).
 */
class BinanceFillParserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An ORDER_TRADE_UPDATE's order in the docs example's shape, {@code fields} its fill's (JSON members, no braces). */
    private static JsonNode order(String fields) throws Exception {
        return JSON.readTree("""
                {"e":"ORDER_TRADE_UPDATE","E":1700000000450,"T":1700000000400,
                 "o":{"c":"web_close","o":"MARKET","f":"GTC","q":"10","p":"0","sp":"0","x":"TRADE","i":8886774,
                      "T":1700000000400,"t":5512,"b":"0","a":"0","m":false,"R":true,"wt":"CONTRACT_PRICE","ot":"MARKET","ps":"BOTH",
                      "cp":false,"pP":false,"si":0,"ss":0,"V":"EXPIRE_TAKER","pm":"NONE","gtd":0,%s}}""".formatted(fields)).path("o");
    }

    @Test
    void aFillsPrice_isItsLastFilledPrice_notTheOrdersAverage() throws Exception {
        try (BinanceUsdmConnector c = new BinanceUsdmConnector(new Credentials("k", "s"), ConnectorConfig.defaults())) {
            // the order's second fill: 6 at 2,898 after 4 at 2,899 (ap the average of both, 2,898.4)
            VenueFill f = c.fill(order("""
                    "s":"ETHUSDT","S":"SELL","X":"FILLED","l":"6","z":"10","L":"2898","ap":"2898.4","rp":"-612","n":"8.694","N":"USDT\""""), 1L);
            assertThat(f).isEqualTo(new VenueFill("ETHUSDT", "both", false, 6, -612, 8.694, "USDT", 1_700_000_000_400L, 2_898));
        }
    }

    @Test
    void noLastFilledPrice_noPrice_theCloseLineKeepsTheMark() throws Exception {
        try (BinanceUsdmConnector c = new BinanceUsdmConnector(new Credentials("k", "s"), ConnectorConfig.defaults())) {
            assertThat(c.fill(order("\"s\":\"ETHUSDT\",\"X\":\"FILLED\",\"l\":\"10\",\"z\":\"10\",\"ap\":\"2899\",\"rp\":\"-1010\",\"n\":\"14.5\",\"N\":\"USDT\""), 1L)
                    .price()).as("no L").isNaN();
            assertThat(c.fill(order("\"s\":\"ETHUSDT\",\"X\":\"FILLED\",\"l\":\"10\",\"z\":\"10\",\"L\":\"0\",\"ap\":\"2899\",\"rp\":\"-1010\""), 1L)
                    .price()).as("L 0").isNaN();
        }
    }

    @Test
    void coinm_theSameField_theSizeInUsdFace() throws Exception {
        try (BinanceCoinmConnector c = new BinanceCoinmConnector(new Credentials("k", "s"), ConnectorConfig.defaults())) {
            // 3 contracts of BTCUSD_PERP (100 USD each) bought back at 59,990.5 to close a short
            VenueFill f = c.fill(order("""
                    "s":"BTCUSD_PERP","S":"BUY","X":"FILLED","l":"3","z":"3","L":"59990.5","ap":"59990.5","rp":"0.00001","n":"0.0000025",
                    "N":"BTC\""""), 1L);
            assertThat(f.qty()).isEqualTo(300);
            assertThat(f.price()).isEqualTo(59_990.5);
            assertThat(f.feeAsset()).isEqualTo("BTC");
        }
    }
}
