package io.perpguard.live.venue;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The venue's figures of a close: the newest reducing trades that add up to the size closed, and only those. */
final class VenueFillTest {
    private static VenueFill sell(double qty, double rp, double fee, String asset) {
        return new VenueFill("ETHUSDT", "both", false, qty, rp, fee, asset, 0);
    }

    @Test
    void theTradesOfTheClose_notAnEarlierReduction_makeItsFigures() {
        // 4 sold earlier (a partial close, its own PnL), then the last 6 in two trades
        List<VenueFill> fills = List.of(sell(4, 100, 1, "USDT"), sell(2, -50, 0.5, "USDT"), sell(4, -100, 1, "USDT"));
        VenueFill.Figures f = VenueFill.closing(fills, 6);
        assertThat(f.realizedPnl()).isEqualTo(-150);
        assertThat(f.fee()).isEqualTo(1.5);
        assertThat(f.feeAsset()).isEqualTo("USDT");
        assertThat(VenueFill.closing(fills, 10).realizedPnl()).isEqualTo(-50);
    }

    @Test
    void tradesThatAddUpToNoSuchSize_giveNoFigures() {
        List<VenueFill> fills = List.of(sell(4, 100, 1, "USDT"), sell(4, -100, 1, "USDT"));
        assertThat(VenueFill.closing(fills, 6)).as("a trade not seen").isNull();
        assertThat(VenueFill.closing(fills, 9)).isNull();
        assertThat(VenueFill.closing(List.of(), 1)).isNull();
        assertThat(VenueFill.closing(null, 1)).isNull();
    }

    @Test
    void feesInSeveralAssets_areNotSummed_noFeeCharged_isZeroWithNoAsset() {
        VenueFill.Figures mixed = VenueFill.closing(List.of(sell(1, 10, 0.01, "BNB"), sell(1, 10, 3, "USDT")), 2);
        assertThat(mixed.realizedPnl()).isEqualTo(20);
        assertThat(mixed.fee()).isNaN();
        assertThat(mixed.feeAsset()).isNull();
        VenueFill.Figures none = VenueFill.closing(List.of(sell(1, 10, 0, null)), 1);
        assertThat(none.fee()).isZero();
        assertThat(none.feeAsset()).isNull();
    }

    @Test
    void theClosesPrice_isItsTradesPricesWeightedBySize_noneWhereATradeHasNone() {
        // 4 sold earlier at 3,000; the close's 6 in two trades: 2 at 2,900 and 4 at 2,950
        List<VenueFill> fills = List.of(priced(4, 3_000), priced(2, 2_900), priced(4, 2_950));
        assertThat(VenueFill.closing(fills, 6).price()).isCloseTo((2 * 2_900 + 4 * 2_950) / 6.0, within(1e-9));
        assertThat(VenueFill.closing(fills, 4).price()).as("one trade: its price").isEqualTo(2_950);
        assertThat(VenueFill.closing(List.of(sell(2, 0, 0, null), priced(4, 2_950)), 6).price()).as("one trade unpriced").isNaN();
    }

    @Test
    void anInverseClosesPrice_isTheHarmonicMean_theOneWithTheTradesCoinPnl() {
        // a BTCUSD_PERP long of 10,000 USD face from 60,000 closed as 4,000 at 50,000 and 6,000 at 40,000
        List<VenueFill> fills = List.of(priced(4_000, 50_000), priced(6_000, 40_000));
        double p = VenueFill.closing(fills, 10_000, true).price();
        assertThat(p).isCloseTo(10_000 / (4_000 / 50_000.0 + 6_000 / 40_000.0), within(1e-6));   // 43,478.26, not the 44,000 of the size-weighted mean
        double tradesPnl = 4_000 * (1 / 60_000.0 - 1 / 50_000.0) + 6_000 * (1 / 60_000.0 - 1 / 40_000.0);
        assertThat(10_000 * (1 / 60_000.0 - 1 / p)).as("inverse PnL of the whole close at that price").isCloseTo(tradesPnl, within(1e-12));
        assertThat(VenueFill.closing(fills, 10_000, false).price()).as("linear: size-weighted").isCloseTo(44_000, within(1e-9));
    }

    private static VenueFill priced(double qty, double price) {
        return new VenueFill("ETHUSDT", "both", false, qty, 0, 0, null, 0, price);
    }


    @Test
    void aBuyReducesAShort_aSellALong() {
        assertThat(sell(1, 0, 0, null).reduces(true)).isTrue();
        assertThat(sell(1, 0, 0, null).reduces(false)).isFalse();
    }
}
