package io.perpguard.venue;

import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionReport;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.perpguard.venue.VenueFixtures.contract;
import static io.perpguard.venue.VenueFixtures.oneTier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The venues' own published worked examples (research/venues), each reproduced through the margin engine within
 * half a tick (or the venue's printed precision for amounts).
 */
class VenueExamplesTest {

    private static Position position(Instrument inst, Side side, double qty, double entry, double leverage, double added) {
        return new Position(inst.symbol(), side, qty, entry, leverage, MarginMode.ISOLATED, PositionSide.BOTH, added, entry,
                inst.contract().type());
    }

    @Test
    void test_bybitUsdtIsolated_example1_liquidatesAt19700() {
        // Bybit help "Liquidation Price (USDT Contract)" example 1: 1 BTC long at 20,000, 50x, MMR 0.5 %, MMD 0
        Instrument btc = new Instrument(contract("BTCUSDT", Exchange.BYBIT, ContractType.LINEAR, 0.1, 0, "USDT", 0.00055, 0),
                oneTier("BTCUSDT", 0.005, 0, 100));
        PositionReport r = MarginCalculator.evaluate(position(btc, Side.LONG, 1, 20_000, 50, 0), btc, 0);
        assertThat(r.liquidationPriceExact()).isCloseTo(19_700, within(0.05));
        assertThat(r.liquidationPrice()).isEqualTo(19_700);
        assertThat(r.exchange()).isEqualTo("bybit");
        // Binance's rule on the same inputs gives 19,698.5 (MM at the liquidation price): the venues differ
        Instrument binance = new Instrument(contract("BTCUSDT", Exchange.BINANCE, ContractType.LINEAR, 0.1, 0, "USDT", 0.0005, 0),
                oneTier("BTCUSDT", 0.005, 0, 100));
        assertThat(MarginCalculator.evaluate(position(binance, Side.LONG, 1, 20_000, 50, 0), binance, 0).liquidationPriceExact())
                .isCloseTo(19_698.49, within(0.01));
    }

    @Test
    void test_bybitUsdtIsolated_shortMirrorsAndExtraMarginMovesBy_extraOverQty() {
        // same article: Short P = EP + (IM − MM)/Q + ExtraMargin/Q
        Instrument btc = new Instrument(contract("BTCUSDT", Exchange.BYBIT, ContractType.LINEAR, 0.1, 0, "USDT", 0.00055, 0),
                oneTier("BTCUSDT", 0.005, 0, 100));
        assertThat(LiquidationPrice.isolated(position(btc, Side.SHORT, 1, 20_000, 50, 0), btc).price()).isCloseTo(20_300, within(1e-6));
        assertThat(LiquidationPrice.isolated(position(btc, Side.LONG, 2, 20_000, 50, 100), btc).price()).isCloseTo(19_650, within(1e-6));
    }

    @Test
    void test_bybitInverseCross_help360039261334_bankruptcyAndLiquidation() {
        // Bybit help 360039261334 "How to calculate Liquidation Price (Inverse Contract)", cross margin: balance 0.5 BTC,
        // long 10,000 contracts (1 USD) at 8,000, no orders, MMR 0.5 %, fee 0.00075: "Bankruptcy Price = 5718.57",
        // "Liquidation Price = 5739.50". The page's own equation, with its printed bankruptcy price, solves to
        // 5,739.0835…; a liquidation price is a price on BTCUSD's 0.5 tick, and rounded toward entry (up, for a long:
        // the side that liquidates no later than the formula) it is 5,739.50 — Bybit's print, exactly.
        Instrument btcusd = new Instrument(contract("BTCUSD", Exchange.BYBIT, ContractType.INVERSE, 0.5, 1, "BTC", 0.00075, 0),
                oneTier("BTCUSD", 0.005, 0, 100));
        Position p = new Position("BTCUSD", Side.LONG, 10_000, 8_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 8_000,
                ContractType.INVERSE);
        AccountReport a = MarginCalculator.evaluate(new Account(0.5, List.of(p)), Instruments.of(btcusd));
        PositionReport r = a.positions().get(0);
        double bp = LiquidationPrice.bankruptcy(btcusd, 0.5, 0, LiquidationPrice.legs(p));
        assertThat(bp).isCloseTo(5_718.57, within(0.25));
        double byHand = 10_000 / (10_000 / 8_000.0 + 0.5 - 10_000 / 8_000.0 * 0.005 - 10_000 * 0.00075 / bp);
        assertThat(r.liquidationPriceExact()).isCloseTo(byHand, within(1e-6));
        double withPrintedBp = 10_000 / (10_000 / 8_000.0 + 0.5 - 10_000 / 8_000.0 * 0.005 - 10_000 * 0.00075 / 5_718.57);
        assertThat(withPrintedBp).isCloseTo(5_739.0835, within(1e-4));
        assertThat(r.liquidationPriceExact()).isCloseTo(withPrintedBp, within(1e-3));
        assertThat(r.liquidationPrice()).isEqualTo(5_739.50);   // Bybit's printed liquidation price, to the tick
        assertThat(r.currency()).isEqualTo("BTC");
    }

    @Test
    void test_binanceCoinm_faqMaintenanceMargin_0_0016Btc() {
        // Binance FAQ "How to Calculate Liquidation Price of COIN-M Futures Contracts": 100 contracts × 100 USD at mark
        // 25,000, MMR 0.4 %, amount 0 → notional 0.4 BTC, MM = 0.0016 BTC
        Instrument btcusd = new Instrument(contract("BTCUSD_PERP", Exchange.BINANCE_COINM, ContractType.INVERSE, 0.1, 100, "BTC", 0.0005, 0.015),
                oneTier("BTCUSD_PERP", 0.004, 0, 125));
        Position p = position(btcusd, Side.LONG, btcusd.contract().qtyOfContracts(100), 25_000, 20, 0);
        PositionReport r = MarginCalculator.evaluate(p, btcusd, 0);
        assertThat(r.notional()).isCloseTo(0.4, within(1e-12));
        assertThat(r.maintenanceMargin()).isCloseTo(0.0016, within(1e-12));
        assertThat(r.contracts()).isEqualTo(100);
        assertThat(r.currency()).isEqualTo("BTC");
        // at the liquidation price the COIN-M formula (FORMULAS-BASE.md §2) holds: WB + Q·CS·(1/EP − 1/P) = Q·CS/P·MMR
        double lp = r.liquidationPriceExact();
        assertThat(r.initialMargin() + 10_000 * (1 / 25_000.0 - 1 / lp)).isCloseTo(10_000 / lp * 0.004, within(1e-12));
    }

    @Test
    void test_binanceCoinm_faqMaintenanceAmount_level5_1_81Btc() {
        // Binance COIN-M FAQ: "Level 5: 50 BTC·(5 % − 2.5 %) + 0.56 = 1.81 BTC", cum_n = floor_n·(MMR_n − MMR_{n−1}) + cum_{n−1},
        // in coin; a ladder whose level before has cum 0.56 BTC at 2.5 % and level 5 starts at 50 BTC at 5 %
        double[] cum = RiskTiers.cumulativeAmounts(new double[]{0, 40, 50}, new double[]{0.011, 0.025, 0.05});
        assertThat(cum[1]).isCloseTo(0.56, within(1e-12));
        assertThat(cum[2]).isCloseTo(1.81, within(1e-12));
    }

    @Test
    void test_xtUsdtInitialMargin_helpCentre_280Usdt() {
        // XT help centre (position margin): 10,000 BTC_USDT contracts of 0.0001 BTC at 7,000, 25x → 280 USDT
        Instrument xt = new Instrument(contract("BTC_USDT", Exchange.XT, ContractType.LINEAR, 0.1, 0.0001, "USDT", 0.0006, 0.0125),
                oneTier("BTC_USDT", 0.004, 0, 125));
        Position p = position(xt, Side.LONG, xt.contract().qtyOfContracts(10_000), 7_000, 25, 0);
        PositionReport r = MarginCalculator.evaluate(p, xt, 0);
        assertThat(r.initialMargin()).isCloseTo(280, within(1e-9));
        assertThat(r.contracts()).isCloseTo(10_000, within(1e-9));
        // XT's isolated formula: LONG LP = (EP·N·CS + MM − PM)/(N·CS), MM = notional × rate, no amount
        assertThat(r.liquidationPriceExact()).isCloseTo((7_000 * 1 + 7_000 * 0.004 - 280) / 1, within(1e-9));
    }

    @Test
    void test_xtCoinmCost_helpCentre_0_0571Btc() {
        // XT help centre: COIN-M 10,000 contracts of 1 USD at 7,000, 25x → 0.0571 BTC
        Instrument xt = new Instrument(contract("BTC_USD", Exchange.XT, ContractType.INVERSE, 0.1, 1, "BTC", 0.0006, 0.0125),
                oneTier("BTC_USD", 0.004, 0, 125));
        PositionReport r = MarginCalculator.evaluate(position(xt, Side.LONG, xt.contract().qtyOfContracts(10_000), 7_000, 25, 0), xt, 0);
        assertThat(r.initialMargin()).isCloseTo(0.0571, within(0.00005));
        assertThat(r.currency()).isEqualTo("BTC");
    }

    @Test
    void test_xtCapturedAccounts_positionMarginAndTakerFee() {
        // ccxt captures (SPEC.md §6): btc_usdt SHORT 10 @ 27,060, 25x → isolatedMargin 1.0824;
        // ltc_usdt fill 1 contract (0.1 LTC) @ 78.3 → taker fee 0.004698
        Instrument btc = new Instrument(contract("BTC_USDT", Exchange.XT, ContractType.LINEAR, 0.1, 0.0001, "USDT", 0.0006, 0.0125),
                oneTier("BTC_USDT", 0.004, 0, 125));
        PositionReport r = MarginCalculator.evaluate(position(btc, Side.SHORT, btc.contract().qtyOfContracts(10), 27_060, 25, 0), btc, 0);
        assertThat(r.positionMargin()).isCloseTo(1.0824, within(1e-12));
        Instrument ltc = new Instrument(contract("LTC_USDT", Exchange.XT, ContractType.LINEAR, 0.01, 0.1, "USDT", 0.0006, 0.0125),
                oneTier("LTC_USDT", 0.01, 0, 50));
        PositionReport l = MarginCalculator.evaluate(position(ltc, Side.SHORT, ltc.contract().qtyOfContracts(1), 78.3, 50, 0), ltc, 0);
        assertThat(l.openingFee()).isCloseTo(0.004698, within(1e-12));
        // the same market short froze marginFrozen 0.161298 = margin 7.83/50 + the taker fee (SPEC.md §6 case 6)
        assertThat(l.initialMargin() + l.openingFee()).isCloseTo(0.161298, within(1e-12));
        // eth_usdt LONG 1 contract (0.01 ETH) @ 2,637.87, 10x → isolatedMargin 2.63787 (ccxt pro capture, SPEC.md §6 case 7)
        Instrument eth = new Instrument(contract("ETH_USDT", Exchange.XT, ContractType.LINEAR, 0.01, 0.01, "USDT", 0.0006, 0.0125),
                oneTier("ETH_USDT", 0.005, 0, 100));
        PositionReport e = MarginCalculator.evaluate(position(eth, Side.LONG, eth.contract().qtyOfContracts(1), 2_637.87, 10, 0), eth, 0);
        assertThat(e.positionMargin()).isCloseTo(2.63787, within(1e-12));
    }

    @Test
    void test_okxDocsSample_inverseIsolated_withinTwoCents() {
        // OKX docs position sample ETH-USD-210430 (research: a sanity check, not exact): 1 contract of 10 USD long at
        // 2,566.31, margin 0.0003896645377994 ETH, MMR 0.8 % + taker 0.05 % → liqPx 2,352.8497 (formula: 2,352.8397)
        Instrument eth = new Instrument(contract("ETH-USD-210430", Exchange.OKX, ContractType.INVERSE, 0.01, 10, "ETH", 0.0005, 0),
                oneTier("ETH-USD-210430", 0.008, 0, 100));
        Position p = new Position("ETH-USD-210430", Side.LONG, 10, 2_566.31, 10, MarginMode.ISOLATED, PositionSide.BOTH,
                0.0003896645377994 - 10 / 2_566.31 / 10, 2_566.31, ContractType.INVERSE);
        double lp = LiquidationPrice.isolated(p, eth).price();
        assertThat(lp).isCloseTo(2_352.8397, within(0.0001));
        assertThat(lp).isCloseTo(2_352.8496681818233, within(0.02));
    }
}
