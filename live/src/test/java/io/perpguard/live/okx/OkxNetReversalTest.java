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
 * In OKX's net (one-way) mode one fill can close a position and open the opposite one; the {@code orders} fill has no
 * {@code closedSize}, so the part it closed is told from the position held before it (tracked from the {@code positions}
 * channel, its {@code tradeId} "Last trade ID", and the fills since): min(fillSz, |pos before|), with the fill's
 * {@code fillPnl} and its fee pro rata by size. Before, the whole fill was taken as the close: its size matched no close
 * and the line got no figures.
 */
class OkxNetReversalTest {
    static final ObjectMapper JSON = new ObjectMapper();

    private static OkxSwapConnector connector() {
        return new OkxSwapConnector(new Credentials("k", "s", "p"), ConnectorConfig.defaults());
    }

    /** A {@code positions} push of one net ETH-USDT-SWAP position (ctVal 0.1 ETH, bundled) of {@code pos} contracts. */
    private static JsonNode positions(double pos, String tradeId) throws Exception {
        return JSON.readTree("""
                {"arg":{"channel":"positions","uid":"77982378738415879","instType":"SWAP"},"eventType":"event_update",
                 "data":[{"instType":"SWAP","instId":"ETH-USDT-SWAP","posSide":"net","pos":"%s","avgPx":"3000","lever":"20",
                          "mgnMode":"cross","ccy":"USDT","margin":"","upl":"0","cTime":"1619507758793","uTime":"1700000000300",
                          "tradeId":"%s"}]}""".formatted(pos, tradeId));
    }

    /** An {@code orders} row of a market order's fill of ETH-USDT-SWAP in OKX's shape, {@code fillFee} in OKX's sign. */
    private static JsonNode fill(String side, double sz, String tradeId, double fillPnl, double fillFee) throws Exception {
        return JSON.readTree("""
                {"instType":"SWAP","instId":"ETH-USDT-SWAP","ordId":"680800019749904384","clOrdId":"","tag":"","px":"","sz":"%s",
                 "ordType":"market","side":"%s","posSide":"net","tdMode":"cross","accFillSz":"%s","avgPx":"2900","state":"filled",
                 "lever":"20","category":"normal","tradeId":"%s","fillSz":"%s","fillPx":"2900","fillPnl":"%s","fillFee":"%s",
                 "fillFeeCcy":"USDT","fillTime":"1700000000400","uTime":"1700000000500","cTime":"1700000000000"}""".formatted(
                sz, side, sz, tradeId, sz, fillPnl, fillFee));
    }

    @Test
    void aSellOf150ContractsFromALongOf100_closes10Eth_withTheFillsPnl_andTwoThirdsOfItsFee_thenShortsTheRest() throws Exception {
        try (OkxSwapConnector c = connector()) {
            c.positionsPush(positions(100, "242589100"), 1L);   // 10 ETH long
            VenueFill flip = c.fill(fill("sell", 150, "242589101", -1_000.5, -21.75), 1L);
            assertThat(flip.qty()).as("the 100 contracts held, × ctVal").isCloseTo(10, within(1e-9));
            assertThat(flip.realizedPnl()).as("fillPnl: the closed part's").isEqualTo(-1_000.5);
            assertThat(flip.fee()).as("21.75 × 100/150").isCloseTo(14.5, within(1e-9));
            assertThat(flip.feeAsset()).isEqualTo("USDT");
            assertThat(flip.price()).as("the closed part traded at the fill's fillPx").isEqualTo(2_900);
            assertThat(flip.reduces(true)).isTrue();
            // the 50 opened are held short: a buy of 80 reverses that too, closing 50 (5 ETH) with 50/80 of its fee
            VenueFill back = c.fill(fill("buy", 80, "242589102", 20, -11.6), 1L);
            assertThat(back.qty()).isCloseTo(5, within(1e-9));
            assertThat(back.fee()).isCloseTo(7.25, within(1e-9));
            // now 30 long: a sell of 30 closes it all, no split
            VenueFill close = c.fill(fill("sell", 30, "242589103", 3, -0.9), 1L);
            assertThat(close.qty()).isCloseTo(3, within(1e-9));
            assertThat(close.fee()).isCloseTo(0.9, within(1e-9));
        }
    }

    @Test
    void thePositionsPushBeforeTheFill_holdsIt_byItsTradeId() throws Exception {
        try (OkxSwapConnector c = connector()) {
            c.positionsPush(positions(100, "242589100"), 1L);
            c.positionsPush(positions(-50, "242589101"), 2L);   // the reversal's update came first: its last trade is the fill's
            VenueFill flip = c.fill(fill("sell", 150, "242589101", -1_000.5, -21.75), 3L);
            assertThat(flip.qty()).isCloseTo(10, within(1e-9));
            assertThat(flip.fee()).isCloseTo(14.5, within(1e-9));
            // a stale push (an older last trade) does not undo what the fill told: 50 short held, a buy of 50 closes it
            c.positionsPush(positions(100, "242589100"), 4L);
            assertThat(c.fill(fill("buy", 80, "242589102", 20, -11.6), 5L).qty()).isCloseTo(5, within(1e-9));
        }
    }

    @Test
    void withoutThePositionBefore_orWithLaterTradesInIt_theFillIsTakenWhole() throws Exception {
        try (OkxSwapConnector c = connector()) {
            assertThat(c.fill(fill("sell", 150, "242589101", -1_000.5, -21.75), 1L).qty()).as("no snapshot, no push: not known")
                    .isCloseTo(15, within(1e-9));
            c.positionsPush(positions(-20, "242589205"), 2L);
            assertThat(c.fill(fill("sell", 150, "242589201", -1_000.5, -21.75), 3L).qty()).as("the push holds later trades")
                    .isCloseTo(15, within(1e-9));
            assertThat(OkxSwapConnector.older("242589201", "242589205")).isTrue();
            assertThat(OkxSwapConnector.older("x", "242589205")).isFalse();
        }
    }
}
