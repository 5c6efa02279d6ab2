package io.perpguard.live.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.VenueFill;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The OKX connector reads a fill's own figures from the v5 private {@code orders} channel: {@code fillSz} contracts in the
 * position's units ({@code ctVal}), {@code fillPnl}, {@code fillFee} — OKX writes a charge negative and a rebate positive,
 * the fill carries the fee paid — in {@code fillFeeCcy}; a row that is no fill, or a fill without {@code fillPnl}, gives none.
 */
class OkxFillParserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An {@code orders} push of one order row, in OKX's shape, {@code fields} its fill's (JSON members, no braces). */
    private static JsonNode row(String fields) throws Exception {
        String push = """
                {"arg":{"channel":"orders","instType":"SWAP","uid":"77982378738415879"},
                 "data":[{"instType":"SWAP","ordId":"680800019749904384","clOrdId":"","tag":"","px":"","sz":"100","ordType":"market",
                          "tdMode":"cross","accFillSz":"100","avgPx":"2900","state":"filled","lever":"20","category":"normal",
                          "uTime":"1700000000500","cTime":"1700000000000",%s}]}""".formatted(fields);
        return JSON.readTree(push).path("data").path(0);
    }

    private static OkxSwapConnector connector() {
        return new OkxSwapConnector(new Credentials("k", "s", "p"), ConnectorConfig.defaults());
    }

    @Test
    void aClosingFill_carriesOkxsPnl_andTheFeeCharged_negatedFromOkxsSign() throws Exception {
        try (OkxSwapConnector c = connector()) {
            // 100 contracts of ETH-USDT-SWAP (ctVal 0.1 ETH, the bundled contract): 10 ETH sold out of a net long
            VenueFill f = c.fill(row("""
                    "instId":"ETH-USDT-SWAP","side":"sell","posSide":"net","tradeId":"242589207","fillSz":"100","fillPx":"2900",
                    "fillPnl":"-1000.5","fillFee":"-14.5","fillFeeCcy":"USDT","fillTime":"1700000000400\""""), 1L);
            assertThat(f.symbol()).isEqualTo("ETH-USDT-SWAP");
            assertThat(f.positionSideLabel()).isEqualTo("both");
            assertThat(f.qty()).as("× ctVal, as the position's pos").isCloseTo(10, within(1e-9));
            assertThat(f.realizedPnl()).as("fillPnl").isEqualTo(-1_000.5);
            assertThat(f.fee()).as("OKX's -14.5: a fee charged").isEqualTo(14.5);
            assertThat(f.feeAsset()).isEqualTo("USDT");
            assertThat(f.timeMs()).as("fillTime").isEqualTo(1_700_000_000_400L);
            assertThat(f.reduces(true)).as("a sell reduces the long").isTrue();
        }
    }

    @Test
    void aFillRepeatedByALaterUpdateOfItsOrder_isToldOnce() throws Exception {
        try (OkxSwapConnector c = connector()) {
            String fill = """
                    "instId":"ETH-USDT-SWAP","side":"sell","posSide":"net","tradeId":"242589300","fillSz":"40","fillPx":"2900",
                    "fillPnl":"-400","fillFee":"-5.8","fillFeeCcy":"USDT","fillTime":"1700000000400\"""";
            assertThat(c.fill(row(fill), 1L)).isNotNull();
            assertThat(c.fill(row(fill.replace("2900\"", "2900\",\"state\":\"canceled\"")), 2L)).as("the same tradeId").isNull();
        }
    }

    @Test
    void aMakerRebate_isANegativeFee() throws Exception {
        try (OkxSwapConnector c = connector()) {
            VenueFill f = c.fill(row("""
                    "instId":"ETH-USDT-SWAP","side":"buy","posSide":"short","tradeId":"242589208","fillSz":"30","fillPx":"2950",
                    "fillPnl":"150","fillFee":"0.0885","fillFeeCcy":"USDT","fillTime":"1700000000401\""""), 1L);
            assertThat(f.positionSideLabel()).isEqualTo("short");
            assertThat(f.buy()).isTrue();
            assertThat(f.realizedPnl()).isEqualTo(150);
            assertThat(f.fee()).as("OKX's +0.0885: a rebate received").isEqualTo(-0.0885);
            assertThat(f.feeAsset()).isEqualTo("USDT");
        }
    }

    @Test
    void aCoinMarginedFill_isUsdFace_itsFeeInTheCoin() throws Exception {
        try (OkxSwapConnector c = connector()) {
            // BTC-USD-SWAP: contracts of 100 USD (bundled), PnL and fee in BTC
            VenueFill f = c.fill(row("""
                    "instId":"BTC-USD-SWAP","side":"sell","posSide":"long","tradeId":"9911","fillSz":"3","fillPx":"60000",
                    "fillPnl":"-0.0004","fillFee":"-0.0000025","fillFeeCcy":"BTC","fillTime":"1700000000402\""""), 1L);
            assertThat(f.qty()).isEqualTo(300);
            assertThat(f.positionSideLabel()).isEqualTo("long");
            assertThat(f.realizedPnl()).isEqualTo(-0.0004);
            assertThat(f.fee()).isEqualTo(0.0000025);
            assertThat(f.feeAsset()).isEqualTo("BTC");
        }
    }

    @Test
    void aRowThatIsNoFill_orAFillWithoutItsPnl_givesNone_aFeeWithoutItsCurrency_noFee() throws Exception {
        try (OkxSwapConnector c = connector()) {
            assertThat(c.fill(row("""
                    "instId":"ETH-USDT-SWAP","side":"sell","posSide":"net","tradeId":"","fillSz":"0","fillPx":"","fillPnl":"0",
                    "fillFee":"0","fillFeeCcy":"","fillTime":\"\""""), 1L)).as("an order update that is no fill").isNull();
            assertThat(c.fill(row("""
                    "instId":"ETH-USDT-SWAP","side":"sell","posSide":"net","tradeId":"242589209","fillSz":"100","fillPx":"2900",
                    "fillFee":"-14.5","fillFeeCcy":"USDT\""""), 1L)).as("no fillPnl").isNull();
            assertThat(c.fill(row("""
                    "instId":"ETH-USDT-SWAP","side":"sell","posSide":"net","tradeId":"242589210","fillSz":"100","fillPx":"2900",
                    "fillPnl":"n/a","fillFee":"-14.5","fillFeeCcy":"USDT\""""), 1L)).as("fillPnl not a number").isNull();
            assertThat(c.fill(row("""
                    "instId":"ETH-USDC-SWAP","side":"sell","posSide":"net","tradeId":"242589211","fillSz":"100","fillPx":"2900",
                    "fillPnl":"-1","fillFee":"-1","fillFeeCcy":"USDC\""""), 1L)).as("a swap not watched").isNull();
            VenueFill noFee = c.fill(row("""
                    "instId":"ETH-USDT-SWAP","side":"sell","posSide":"net","tradeId":"242589212","fillSz":"100","fillPx":"2900",
                    "fillPnl":"-1000","fillFee":"-14.5","fillTime":"1700000000403\""""), 1L);
            assertThat(noFee.realizedPnl()).isEqualTo(-1_000);
            assertThat(noFee.fee()).as("a fee in no named currency is not counted").isZero();
            assertThat(noFee.feeAsset()).isNull();
        }
    }

    @Test
    void theFillsPrice_isFillPx_notTheOrdersAvgPx_noFillPxNone() throws Exception {
        try (OkxSwapConnector c = connector()) {
            // the row's avgPx is 2900 (row()): the price this fill traded at is fillPx
            VenueFill f = c.fill(row("""
                    "instId":"ETH-USDT-SWAP","side":"sell","posSide":"net","tradeId":"242589410","fillSz":"60","fillPx":"2899.75",
                    "fillPnl":"-601.5","fillFee":"-8.7","fillFeeCcy":"USDT","fillTime":"1700000000410\""""), 1L);
            assertThat(f.price()).isEqualTo(2_899.75);
            VenueFill none = c.fill(row("""
                    "instId":"ETH-USDT-SWAP","side":"sell","posSide":"net","tradeId":"242589411","fillSz":"40","fillPx":"",
                    "fillPnl":"-401","fillFee":"-5.8","fillFeeCcy":"USDT","fillTime":"1700000000411\""""), 1L);
            assertThat(none.price()).as("no price read: the close line keeps the mark").isNaN();
        }
    }
}
