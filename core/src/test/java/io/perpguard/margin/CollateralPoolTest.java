package io.perpguard.margin;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.CollateralRule;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A shared-collateral account against hand-computed figures (Binance's own Multi-Assets example and cases worked by hand). */
class CollateralPoolTest {

    static RiskTiers oneTier(String symbol, double mmr) {
        return RiskTiers.of(symbol, new double[]{0}, new double[]{1e12}, new double[]{125}, new double[]{mmr});
    }

    static final Instrument BTCUSDT_8 = new Instrument(new Contract("BTCUSDT", 0.1, 0.001, 0.001, 5, 0.0005, 0.0002, 8, 0.0125),
            oneTier("BTCUSDT", 0.008));
    static final Instrument ETHUSDC_10 = new Instrument(new Contract("ETHUSDC", 0.01, 0.001, 0.001, 5, 0.0005, 0.0002, 8, 0.0125)
            .on(Exchange.BINANCE, ContractType.LINEAR, 0, "USDC"), oneTier("ETHUSDC", 0.01));
    static final Instrument BTCUSDT_4 = new Instrument(new Contract("BTCUSDT", 0.1, 0.001, 0.001, 5, 0.0005, 0.0002, 8, 0.0125),
            oneTier("BTCUSDT", 0.004));
    static final Instrument BTCUSD_UTA = new Instrument(new Contract("BTCUSD", 0.5, 1, 1, 0, 0.00055, 0.0002, 8, 0)
            .on(Exchange.BYBIT_UTA, ContractType.INVERSE, 1, "BTC"), oneTier("BTCUSD", 0.005));

    static Position cross(String symbol, Side side, double qty, double entry, double mark) {
        return new Position(symbol, side, qty, entry, 10, MarginMode.CROSS, PositionSide.BOTH, 0, mark);
    }

    /** Binance FAQ "How to Calculate Margin in Multi-Assets Mode", case 2: USDTUSD 0.99 (bid buffer 0.01, ask 0.005), USDCUSD 1. */
    static CollateralPool faq() {
        return new CollateralPool(List.of(
                new CollateralAsset("USDT", 200, 0.99, CollateralRule.binanceMultiAssets(0.01, 0.005)),
                new CollateralAsset("USDC", 220, 1, CollateralRule.binanceMultiAssets(0, 0))),
                List.of(cross("BTCUSDT", Side.LONG, 0.5, 20_000, 20_000), cross("ETHUSDC", Side.LONG, 20, 600, 600)), Exchange.BINANCE);
    }

    @Test
    void binanceFaqExample_equity41602_maintenance199596_ratio4798pct() {
        PoolReport r = faq().evaluate(Instruments.of(BTCUSDT_8, ETHUSDC_10));
        // Account Equity = 200 × 0.9801 + 220 × 1; Account MM = 80 × 0.99495 + 120 × 1; ratio 199.596 / 416.02 = 47.98 %
        assertThat(r.marginBalanceUsd()).isCloseTo(416.02, within(1e-9));
        assertThat(r.maintenanceMarginUsd()).isCloseTo(199.596, within(1e-9));
        assertThat(r.marginRatio()).isCloseTo(0.47977, within(1e-5));
        assertThat(r.assets().get(0).valueUsd()).isCloseTo(196.02, within(1e-9));
    }

    @Test
    void binanceFaqExample_liquidationPrices_solvedByHand() {
        Instruments ins = Instruments.of(BTCUSDT_8, ETHUSDC_10);
        // BTCUSDT: USDT's equity turns owed before the ratio reaches 100 %, so at the ask rate:
        // 220 + 0.99495·(200 + 0.5·(P − 20000)) = 120 + 0.99495·0.5·P·0.008  →  P = 9650.51 / 0.4934952
        LiquidationResult btc = faq().liquidationPrice(ins, "BTCUSDT");
        assertThat(btc.price()).isCloseTo(9650.51 / 0.4934952, within(1e-7));
        // ETHUSDC: 196.02 + 220 + 20·(P − 600) = 79.596 + 20·P·0.01  →  P = 11663.576 / 19.8
        assertThat(faq().liquidationPrice(ins, "ETHUSDC").price()).isCloseTo(11663.576 / 19.8, within(1e-9));
        assertThat(faq().marginRatioAt(ins, "BTCUSDT", btc.price())).isCloseTo(1, within(1e-12));
    }

    @Test
    void otherCoinCollateral_movesALongsLiquidationAway_byItsHaircutValue() {
        Instruments ins = Instruments.of(BTCUSDT_4);
        CollateralAsset usdt = new CollateralAsset("USDT", 1_000, 1, CollateralRule.binanceMultiAssets(0, 0));
        List<Position> pos = List.of(cross("BTCUSDT", Side.LONG, 1, 50_000, 50_000));
        CollateralPool alone = new CollateralPool(List.of(usdt), pos, Exchange.BINANCE);
        CollateralPool withBtc = alone.plus(new CollateralAsset("BNB", 10, 500, CollateralRule.binanceMultiAssets(0.05, 0.05)));
        // 1000 + (P − 50000) = 0.004·P  →  49000 / 0.996; with 10 BNB worth 5000 × 95 % = 4750 more (held: BTCUSDT moves, BNB not): 44250 / 0.996
        assertThat(alone.liquidationPrice(ins, "BTCUSDT").price()).isCloseTo(49_000 / 0.996, within(1e-9));
        assertThat(withBtc.liquidationPrice(ins, "BTCUSDT").price()).isCloseTo(44_250 / 0.996, within(1e-9));
    }

    @Test
    void bybitUnifiedInverse_shortAndLong_theSettlementCoinRepricedWithTheContract_solvedByHand() {
        Instruments ins = Instruments.of(BTCUSD_UTA);
        CollateralAsset usdt = new CollateralAsset("USDT", 1_000, 1, CollateralRule.bybitTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{1}));
        CollateralRule btc95 = CollateralRule.bybitTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{0.95});
        // short 10,000 USD face from 50,000, 0.1 BTC at index 50,000 (95 %); Bybit: margin balance = wallet × index × ratio + UPL.
        // The BTC's index moves with BTCUSD (50,000 · P/50,000 = P), so in USD at P:
        // 1000 + P·(0.1·0.95 − 10000·(1/50000 − 1/P)) = P·10000/P·0.005  ⇔  1000 + 0.095·P − 0.2·P + 10000 = 50  →  P = 10950 / 0.105
        // (held at 50,000 it was 1000 + 4750 + 50000·(−10000·(1/50000 − 1/P)) = 50000·10000/P·0.005 → 4.975e8 / 4250 = 117,058.8)
        CollateralPool shortPool = new CollateralPool(List.of(usdt, new CollateralAsset("BTC", 0.1, 50_000, btc95)),
                List.of(new Position("BTCUSD", Side.SHORT, 10_000, 50_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 50_000, ContractType.INVERSE)),
                Exchange.BYBIT_UTA);
        assertThat(shortPool.liquidationPrice(ins, "BTCUSD").price()).isCloseTo(10_950 / 0.105, within(1e-7));
        assertThat(shortPool.marginRatioAt(ins, "BTCUSD", 10_950 / 0.105)).isCloseTo(1, within(1e-12));
        assertThat(shortPool.evaluate(ins).marginBalanceUsd()).isCloseTo(5_750, within(1e-9));
        // long, 0.02 BTC: 1000 + P·0.02·0.95 + 10000·(P/50000 − 1) = 50  →  P = 9050 / 0.219 (held still: 5.025e8 / 11950 = 42,050.2)
        CollateralPool longPool = new CollateralPool(List.of(usdt, new CollateralAsset("BTC", 0.02, 50_000, btc95)),
                List.of(new Position("BTCUSD", Side.LONG, 10_000, 50_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 50_000, ContractType.INVERSE)),
                Exchange.BYBIT_UTA);
        assertThat(longPool.liquidationPrice(ins, "BTCUSD").price()).isCloseTo(9_050 / 0.219, within(1e-7));
        assertThat(longPool.marginRatioAt(ins, "BTCUSD", 9_050 / 0.219)).isCloseTo(1, within(1e-12));
        // BTC alone: the ratio does not depend on BTC's index, so the plain inverse equation — 0.02·0.95 + 10000·(1/50000 − 1/P) = 50/P
        CollateralPool btcAlone = new CollateralPool(List.of(new CollateralAsset("BTC", 0.02, 50_000, btc95)), longPool.positions(), Exchange.BYBIT_UTA);
        assertThat(btcAlone.liquidationPrice(ins, "BTCUSD").price()).isCloseTo(10_050 / 0.219, within(1e-7));
    }

    static final Instrument BTC_USD_SWAP = new Instrument(new Contract("BTC-USD-SWAP", 0.1, 1, 1, 0, 0.0005, 0.0002, 8, 0)
            .on(Exchange.OKX, ContractType.INVERSE, 100, "BTC"), oneTier("BTC-USD-SWAP", 0.004));

    @Test
    void okxInverseSwap_itsBtcMovesWithIt_theRootOnTheOwedPiece_solvedByHand() {
        Instruments ins = Instruments.of(BTC_USD_SWAP);
        // short 100 contracts × 100 USD from 50,000; 1,000 USDT (100 %) and 0.1 BTC at 50,000 (95 % on the equity, a liability in full);
        // MM = 10000/P·(0.004 + 0.0005) BTC, at P: 45 USD. BTC's equity 0.1 − 10000·(1/50000 − 1/P) = 10000/P − 0.1 BTC, worth that × P:
        //   owning (P ≤ 100,000): 1000 + 0.95·(10000 − 0.1·P) = 45 → P = 10455 / 0.095 = 110,052.6, off its piece
        //   owed   (P > 100,000): 1000 + (10000 − 0.1·P) = 45      → P = 10955 / 0.1 = 109,550
        // (held at 50,000: 1000 + 50000·(10000/P − 0.1) = 2.25e6/P → 4.9775e8 / 4000 = 124,437.5)
        CollateralPool pool = new CollateralPool(List.of(
                new CollateralAsset("USDT", 1_000, 1, CollateralRule.okxDiscountTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{1})),
                new CollateralAsset("BTC", 0.1, 50_000, CollateralRule.okxDiscountTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{0.95}))),
                List.of(new Position("BTC-USD-SWAP", Side.SHORT, 10_000, 50_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 50_000, ContractType.INVERSE)),
                Exchange.OKX);
        double p = pool.liquidationPrice(ins, "BTC-USD-SWAP").price();
        assertThat(p).isCloseTo(10_955 / 0.1, within(1e-7));
        assertThat(pool.marginRatioAt(ins, "BTC-USD-SWAP", p)).isCloseTo(1, within(1e-12));
    }

    @Test
    void tieredCollateral_valuesEachTierAtItsRatio() {
        CollateralRule r = CollateralRule.bybitTiers(new double[]{10, 20, Double.POSITIVE_INFINITY}, new double[]{1, 0.5, 0.2});
        // 25 units at 100: 10 × 1 + 10 × 0.5 + 5 × 0.2 = 16 units worth
        assertThat(r.value(25, 100)).isCloseTo(1_600, within(1e-9));
        assertThat(r.value(-3, 100)).isEqualTo(-300);
        // Bybit's own tiers for BTC (0-10: 98 %, 10-20: 95 %, 20-30: 90 %, …): 25 BTC count as 9.8 + 9.5 + 4.5 = 23.8 BTC
        CollateralRule btc = CollateralRule.bybitTiers(new double[]{10, 20, 30, 40, 50, Double.POSITIVE_INFINITY},
                new double[]{0.98, 0.95, 0.9, 0.85, 0.8, 0});
        assertThat(btc.value(25, 1)).isCloseTo(23.8, within(1e-12));
        assertThat(btc.value(25, 0.5, 1)).as("Bybit: the PnL beside the wallet, at the index").isCloseTo(24.3, within(1e-12));
        assertThat(CollateralRule.binanceMultiAssets(0.05, 0.05).value(10, 1, 1)).as("Binance: the haircut on wallet + PnL").isCloseTo(10.45, within(1e-12));
        for (int j = 1; j < r.pieces(); j++) {
            double x = j == r.pieces() - 1 ? 30 : (r.pieceFrom(j) + r.pieceTo(j)) / 2;
            assertThat(r.offset(j) + r.slope(j) * x).isCloseTo(r.value(x, 1), within(1e-12));
        }
    }

    static final Instrument ETH_USDT_SWAP = new Instrument(new Contract("ETH-USDT-SWAP", 0.01, 0.001, 0.001, 0, 0.0005, 0.0002, 8, 0)
            .on(Exchange.OKX, ContractType.LINEAR, 0.1, "USDT"), oneTier("ETH-USDT-SWAP", 0.004));

    @Test
    void okxDiscountTiers_publishedExample_11MillionUsdt_count10825Million_and1BtcAtFull() {
        // OKX's multi-currency help, discount-rate example (as copied at prjmp.com/3320.html, unverified against okx.com):
        // 11,000,000 USDT with tiers 0–5M 100 %, 5M–10M 97.5 %, above 95 %: 5M + 4.875M + 0.95M = 10,825,000 USD
        CollateralRule usdt = CollateralRule.okxDiscountTiers(new double[]{5e6, 1e7, Double.POSITIVE_INFINITY}, new double[]{1, 0.975, 0.95});
        assertThat(usdt.value(11e6, 1)).isCloseTo(10_825_000, within(1e-6));
        // "1 BTC + 50,000 ZRX": BTC at 100 % × 50,000, ZRX at a 0 % discount rate counts nothing
        assertThat(CollateralRule.okxDiscountTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{1}).value(1, 50_000)
                + CollateralRule.okxDiscountTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{0}).value(50_000, 0.2)).isEqualTo(50_000);
        assertThat(usdt.value(-100, 0, 1)).as("a liability counts in full").isEqualTo(-100);
    }

    @Test
    void okxMultiCurrency_usdtAndBtcBackOneSwap_solvedByHand() {
        Instruments ins = Instruments.of(ETH_USDT_SWAP);
        // long 1000 contracts × 0.1 ETH = 100 ETH from 3000, mark 3000; MM = 100·P·(0.004 + 0.0005 taker) (OKX: the fee in the rate)
        // 1,000 USDT at 1 (100 %), 0.5 BTC at 60,000 with a 95 % discount rate (BTC held still: ETH moves, BTC does not)
        // adjEq = 1000 + 100·(P − 3000) + 0.5·60000·0.95 = 100·P·0.0045  →  P = (300000 − 1000 − 28500) / (100 − 0.45) = 270500 / 99.55
        CollateralPool pool = new CollateralPool(List.of(
                new CollateralAsset("USDT", 1_000, 1, CollateralRule.okxDiscountTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{1})),
                new CollateralAsset("BTC", 0.5, 60_000, CollateralRule.okxDiscountTiers(new double[]{Double.POSITIVE_INFINITY}, new double[]{0.95}))),
                List.of(cross("ETH-USDT-SWAP", Side.LONG, 100, 3_000, 3_000)), Exchange.OKX);
        PoolReport r = pool.evaluate(ins);
        assertThat(r.marginBalanceUsd()).as("adjEq").isCloseTo(29_500, within(1e-9));
        assertThat(r.maintenanceMarginUsd()).as("MMR + fees").isCloseTo(1_350, within(1e-9));
        assertThat(1 / r.marginRatio()).as("OKX mgnRatio = adjEq / (MMR + fees)").isCloseTo(29_500 / 1_350.0, within(1e-9));
        assertThat(pool.liquidationPrice(ins, "ETH-USDT-SWAP").price()).isCloseTo(270_500 / 99.55, within(1e-9));
    }

    @Test
    void sameCoinCollateral_isRepricedWithTheContract_aLongLiquidatesSooner() {
        Instruments ins = Instruments.of(BTCUSDT_4);
        CollateralAsset usdt = new CollateralAsset("USDT", 1_000, 1, CollateralRule.binanceMultiAssets(0, 0));
        List<Position> pos = List.of(cross("BTCUSDT", Side.LONG, 1, 50_000, 50_000));
        CollateralRule btc95 = CollateralRule.binanceMultiAssets(0.05, 0.05);
        // 0.1 BTC at index 50,000 × 95 % = 4750 at the mark, 4750·P/50000 = 0.095·P at P:
        // 1000 + (P − 50000) + 0.095·P = 0.004·P  →  P = 49000 / 1.091 (held still it was 44250 / 0.996)
        CollateralPool withBtc = new CollateralPool(List.of(usdt, new CollateralAsset("BTC", 0.1, 50_000, btc95)), pos, Exchange.BINANCE);
        CollateralPool heldStill = new CollateralPool(List.of(usdt, new CollateralAsset("WBTC", 0.1, 50_000, btc95)), pos, Exchange.BINANCE);
        double moved = withBtc.liquidationPrice(ins, "BTCUSDT").price();
        assertThat(moved).isCloseTo(49_000 / 1.091, within(1e-9));
        assertThat(heldStill.liquidationPrice(ins, "BTCUSDT").price()).isCloseTo(44_250 / 0.996, within(1e-9));
        assertThat(withBtc.marginRatioAt(ins, "BTCUSDT", moved)).as("the BTC repriced at the returned price").isCloseTo(1, within(1e-12));
        // a short: the BTC gains as the price rises, its liquidation goes further up. 1000 − (P − 50000) + 0.095·P = 0.004·P → P = 51000 / 0.909
        CollateralPool shortPool = new CollateralPool(List.of(usdt, new CollateralAsset("BTC", 0.1, 50_000, btc95)),
                List.of(cross("BTCUSDT", Side.SHORT, 1, 50_000, 50_000)), Exchange.BINANCE);
        assertThat(shortPool.liquidationPrice(ins, "BTCUSDT").price()).isCloseTo(51_000 / 0.909, within(1e-7));
    }

    @Test
    void aVenueThatSharesNoCollateral_andAMissingSettlementAsset_areRefusedByField() {
        Instrument xt = new Instrument(BTCUSDT_4.contract().on(Exchange.XT, ContractType.LINEAR, 0.0001, "USDT"), BTCUSDT_4.tiers());
        CollateralPool two = new CollateralPool(List.of(CollateralAsset.atPar("USDT", 100), new CollateralAsset("BTC", 1, 50_000,
                CollateralRule.PAR)), List.of(cross("BTCUSDT", Side.LONG, 1, 50_000, 50_000)), null);
        assertThatThrownBy(() -> two.evaluate(Instruments.of(xt))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("do not let several assets back one cross margin");
        CollateralPool noUsdc = new CollateralPool(List.of(CollateralAsset.atPar("USDT", 100)),
                List.of(cross("ETHUSDC", Side.LONG, 1, 600, 600)), Exchange.BINANCE);
        assertThatThrownBy(() -> noUsdc.evaluate(Instruments.of(ETHUSDC_10))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("positions[0].symbol").hasMessageContaining("lists no USDC");
        assertThatThrownBy(() -> new CollateralAsset("BTC", Double.NaN, 1, CollateralRule.PAR)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("assets.BTC.amount");
    }
}
