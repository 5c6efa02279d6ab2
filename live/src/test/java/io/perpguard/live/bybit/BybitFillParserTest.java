package io.perpguard.live.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.VenueFill;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Bybit connector reads a trade's own figures from the V5 private {@code execution} topic: {@code execQty} (or the
 * {@code closedSize} of an execution that reverses the position) in the position's units, {@code execPnl} ("Profit and Loss
 * for each close position execution"), {@code execFee} — positive charged, negative a rebate — in the settle coin; a
 * funding execution, a spot one, or a trade without {@code execPnl} gives none.
 */
class BybitFillParserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An {@code execution} push of one row in Bybit's V5 shape, {@code fields} the execution's own (JSON members, no braces). */
    private static JsonNode row(String fields) throws Exception {
        String push = """
                {"id":"386825804_ETHUSDT_140612148849382","topic":"execution","creationTime":1700000000500,
                 "data":[{"orderId":"9aac161b-8ed6-450d-9cab-c5cc67c21784","orderLinkId":"","orderPrice":"2850","orderQty":"10",
                          "orderType":"Market","stopOrderType":"UNKNOWN","execId":"0ab1bdf7-4219-438b-b30a-32ec863018f7",
                          "execValue":"29000","feeRate":"0.00055","tradeIv":"","markIv":"","blockTradeId":"","markPrice":"2900.1",
                          "indexPrice":"","underlyingPrice":"","leavesQty":"0","isMaker":false,"isLeverage":"0","seq":140612148849382,
                          "createType":"CreateByUser",%s}]}""".formatted(fields);
        return JSON.readTree(push).path("data").path(0);
    }

    private static BybitLinearConnector connector() {
        return new BybitLinearConnector(new Credentials("k", "s"), ConnectorConfig.defaults());
    }

    @Test
    void aClosingTrade_carriesBybitsPnl_andTheFeeCharged_inTheSettleCoin() throws Exception {
        try (BybitLinearConnector c = connector()) {
            VenueFill f = c.fill(row("""
                    "category":"linear","symbol":"ETHUSDT","side":"Sell","execType":"Trade","execQty":"10","execPrice":"2900",
                    "closedSize":"10","execPnl":"-1000.5","execFee":"15.95","execTime":"1700000000400","positionIdx":0"""), 1L);
            assertThat(f).isEqualTo(new VenueFill("ETHUSDT", "both", false, 10, -1_000.5, 15.95, "USDT", 1_700_000_000_400L, 2_900));
            assertThat(f.reduces(true)).as("a sell reduces the long").isTrue();
        }
    }

    @Test
    void aMakerRebate_isANegativeFee_aHedgeLeg_isItsSide() throws Exception {
        try (BybitLinearConnector c = connector()) {
            VenueFill f = c.fill(row("""
                    "category":"linear","symbol":"ETHUSDT","side":"Buy","execType":"Trade","execQty":"2","execPrice":"2950",
                    "closedSize":"2","execPnl":"30","execFee":"-0.059","execTime":"1700000000401","positionIdx":2"""), 1L);
            assertThat(f).isEqualTo(new VenueFill("ETHUSDT", "short", true, 2, 30, -0.059, "USDT", 1_700_000_000_401L, 2_950));
        }
    }

    @Test
    void aReversal_countsTheSizeItClosed_aLiquidationIsATrade_anInverseOneIsUsdFaceInTheCoin() throws Exception {
        try (BybitLinearConnector c = connector()) {
            // one-way long of 10 sold 15: 10 closed (its PnL), 5 short opened
            VenueFill flip = c.fill(row("""
                    "category":"linear","symbol":"ETHUSDT","side":"Sell","execType":"Trade","execQty":"15","execPrice":"2900",
                    "closedSize":"10","execPnl":"-1000","execFee":"23.925","execTime":"1700000000402","positionIdx":0"""), 1L);
            assertThat(flip.qty()).isEqualTo(10);
            VenueFill bust = c.fill(row("""
                    "category":"linear","symbol":"ETHUSDT","side":"Sell","execType":"BustTrade","execQty":"10","execPrice":"2850",
                    "closedSize":"10","execPnl":"-1500","execFee":"0","execTime":"1700000000403","positionIdx":0"""), 1L);
            assertThat(bust.realizedPnl()).isEqualTo(-1_500);
            assertThat(bust.fee()).isZero();
            // BTCUSD: contracts of 1 USD, PnL and fee in BTC
            VenueFill inv = c.fill(row("""
                    "category":"inverse","symbol":"BTCUSD","side":"Buy","execType":"Trade","execQty":"300","execPrice":"60000",
                    "closedSize":"300","execPnl":"0.0001","execFee":"0.00000275","execTime":"1700000000404","positionIdx":0"""), 1L);
            assertThat(inv).isEqualTo(new VenueFill("BTCUSD", "both", true, 300, 0.0001, 0.00000275, "BTC", 1_700_000_000_404L, 60_000));
            assertThat(BybitLinearConnector.linearSettleCoin("BTCPERP")).isEqualTo("USDC");
        }
    }

    @Test
    void withoutPositionIdx_aHedgeModeSymbolsExecution_isToldByItsSide_aOneWayOnesIsBoth() throws Exception {
        try (BybitLinearConnector c = connector()) {
            String sellClosing = """
                    "category":"linear","symbol":"ETHUSDT","side":"Sell","execType":"Trade","execQty":"2","execPrice":"2900",
                    "closedSize":"2","execPnl":"-200","execFee":"1.1","execTime":"1700000000410\"""";
            assertThat(c.fill(row(sellClosing), 1L).positionSideLabel()).as("one-way").isEqualTo("both");
            // the account's ETHUSDT positions come as hedge legs (positionIdx 1 and 2)
            c.position(JSON.readTree("""
                    {"positionIdx":1,"symbol":"ETHUSDT","side":"Buy","size":"10","avgPrice":"3000","leverage":"20","tradeMode":0}"""), "linear");
            assertThat(c.fill(row(sellClosing), 1L).positionSideLabel()).as("a sell that closes: the long").isEqualTo("long");
            assertThat(c.fill(row(sellClosing.replace("\"closedSize\":\"2\"", "\"closedSize\":\"0\"")), 1L).positionSideLabel())
                    .as("a sell that opens: the short").isEqualTo("short");
            assertThat(c.fill(row(sellClosing.replace("Sell", "Buy")), 1L).positionSideLabel()).as("a buy that closes: the short").isEqualTo("short");
            assertThat(c.fill(row(sellClosing + ",\"positionIdx\":2"), 1L).positionSideLabel()).as("positionIdx where given").isEqualTo("short");
        }
    }

    @Test
    void funding_spot_orATradeWithoutExecPnl_giveNone_noExecFee_noFee() throws Exception {
        try (BybitLinearConnector c = connector()) {
            assertThat(c.fill(row("""
                    "category":"linear","symbol":"ETHUSDT","side":"Sell","execType":"Funding","execQty":"10","execPrice":"2900",
                    "closedSize":"0","execPnl":"0","execFee":"0.29","execTime":"1700000000405\""""), 1L)).as("a funding payment").isNull();
            assertThat(c.fill(row("""
                    "category":"spot","symbol":"ETHUSDT","side":"Sell","execType":"Trade","execQty":"1","execPrice":"2900",
                    "closedSize":"","execPnl":"0","execFee":"0.001","execTime":"1700000000406\""""), 1L)).as("spot").isNull();
            assertThat(c.fill(row("""
                    "category":"linear","symbol":"ETHUSDT","side":"Sell","execType":"Trade","execQty":"10","execPrice":"2900",
                    "closedSize":"10","execFee":"15.95","execTime":"1700000000407\""""), 1L)).as("no execPnl (an older stream)").isNull();
            assertThat(c.fill(row("""
                    "category":"linear","symbol":"ETHUSDT","side":"Sell","execType":"Trade","execQty":"10","execPrice":"2900",
                    "closedSize":"10","execPnl":"","execFee":"15.95","execTime":"1700000000408\""""), 1L)).as("execPnl empty").isNull();
            VenueFill noFee = c.fill(row("""
                    "category":"linear","symbol":"ETHUSDT","side":"Sell","execType":"Trade","execQty":"10","execPrice":"2900",
                    "closedSize":"10","execPnl":"-1000","execTime":"1700000000409\""""), 1L);
            assertThat(noFee.realizedPnl()).isEqualTo(-1_000);
            assertThat(noFee.fee()).isZero();
            assertThat(noFee.feeAsset()).isNull();
        }
    }

    @Test
    void theTradesPrice_isExecPrice_notTheRowsMarkPrice_noExecPriceNone() throws Exception {
        try (BybitLinearConnector c = connector()) {
            // the row's markPrice is 2900.1 (row()): the price it traded at is execPrice
            VenueFill f = c.fill(row("""
                    "category":"linear","symbol":"ETHUSDT","side":"Sell","execType":"Trade","execQty":"10","execPrice":"2899.75",
                    "closedSize":"10","execPnl":"-1002.5","execFee":"-2.9","execTime":"1700000000411\""""), 1L);
            assertThat(f.price()).isEqualTo(2_899.75);
            VenueFill none = c.fill(row("""
                    "category":"linear","symbol":"ETHUSDT","side":"Sell","execType":"Trade","execQty":"10","execPrice":"",
                    "closedSize":"10","execPnl":"-1002.5","execFee":"-2.9","execTime":"1700000000412\""""), 1L);
            assertThat(none.price()).as("no price read: the close line keeps the mark").isNaN();
        }
    }
}

