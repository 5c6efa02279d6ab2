package io.perpguard.portfolio;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Account;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Coin-margined (inverse) accounts in one USD portfolio view: a position's exposure is its face, the coin margin is itself a
 * long of the coin, P&amp;L is in USD, and the liquidating move is the venue's own liquidation. Expected values are worked
 * by hand from the inverse P&amp;L {@code side·Q·(1/EP − 1/P)} (coin) and Binance COIN-M's liquidation condition
 * {@code WB + Σ side·Q·(1/EP − 1/P) = Σ Q/P·MMR − cum} (FORMULAS-BASE.md §2).
 */
final class InversePortfolioTest {
    /** The solver's bracket (1e-9) plus slack for the closed form's rounding. */
    static final double TOL = 2e-9;
    /** Binance COIN-M BTCUSD_PERP: 100 USD contracts, one tier MMR 0.5 %, cum 0. */
    static final Instrument COINM_BTC = inverse("BTCUSD_PERP", Exchange.BINANCE_COINM, 100, "BTC", 0.0005);
    static final Instrument COINM_ETH = inverse("ETHUSD_PERP", Exchange.BINANCE_COINM, 10, "ETH", 0.0005);
    /** Bybit BTCUSD inverse: 1 USD contracts, taker 0.055 % (its closing fee at bankruptcy is inside the liquidation price). */
    static final Instrument BYBIT_BTC = inverse("BTCUSD", Exchange.BYBIT, 1, "BTC", 0.00055);
    static final Instruments COINM = Instruments.of(COINM_BTC, COINM_ETH);

    static Instrument inverse(String symbol, Exchange ex, double face, String coin, double taker) {
        Contract c = new Contract(symbol, 0.1, face, face, 0, taker, 0.0002, 8, 0.01).on(ex, ContractType.INVERSE, face, coin);
        return new Instrument(c, new RiskTiers(symbol, List.of(new LeverageBracket(1, 0, 1e12, 125, 0.005, 0))));
    }

    static Position coinLong(String symbol, double face, double entry, double mark, double leverage) {
        return new Position(symbol, Side.LONG, face, entry, leverage, MarginMode.CROSS, PositionSide.BOTH, 0, mark, ContractType.INVERSE);
    }

    static SubAccount coin(String name, double wallet, Position... ps) {
        return new SubAccount(name, new Account(wallet, List.of(ps), Exchange.BINANCE_COINM));
    }

    @Test
    void test_exposure_coinMarginedLongAt1x_isTwiceLongTheCoin() {
        // 1 BTC of margin behind a 60,000 USD long at 60,000 (1x): the position is 60,000 USD of BTC and so is the wallet
        Portfolio p = new Portfolio(List.of(coin("cm", 1, coinLong("BTCUSD_PERP", 60_000, 60_000, 60_000, 1))), List.of());
        Exposure e = Exposure.of(p, Betas.none("BTCUSDT"));
        Exposure.Line l = e.line("BTCUSD_PERP");
        assertThat(l.longNotional()).isCloseTo(60_000, within(1e-6));
        assertThat(l.coinMarginValue()).isCloseTo(60_000, within(1e-6));
        assertThat(e.netDeltaUsd()).isCloseTo(120_000, within(1e-6));
        assertThat(e.equity()).isCloseTo(60_000, within(1e-6));
        assertThat(e.netLeverage()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void test_exposure_awayFromEntry_isTheDerivativeOfUsdEquity() {
        // mark 66,000: uPnL = 60,000·(1/60,000 − 1/66,000) BTC; USD equity = P·W + Q·(P/EP − 1) = 66,000 + 6,000 = 72,000;
        // dollar delta = P·W + Q·P/EP = 66,000 + 66,000 = 132,000 (= face 60,000 + coin margin 72,000)
        Portfolio p = new Portfolio(List.of(coin("cm", 1, coinLong("BTCUSD_PERP", 60_000, 60_000, 66_000, 1))), List.of());
        Exposure e = Exposure.of(p, Betas.none("BTCUSDT"));
        assertThat(e.equity()).isCloseTo(72_000, within(1e-6));
        assertThat(e.netDeltaUsd()).isCloseTo(132_000, within(1e-6));
        assertThat(e.line("BTCUSD_PERP").netQty()).isCloseTo(2.0, within(1e-12));   // BTC: USD per $1 move
        // and the delta is what a 1 % move really does to USD equity (equity is linear in P: no second-order term)
        double up = 66_000 * 1.01;
        double equityUp = up * (1 + 60_000 * (1 / 60_000.0 - 1 / up));
        assertThat(equityUp - 72_000).isCloseTo(e.netDelta1PctUsd(), within(1e-6));
    }

    @Test
    void test_exposure_coinShortOfTheWallet_isDeltaNeutralInUsd() {
        // the cash-and-carry: 1 BTC wallet, short 60,000 USD face at 60,000: P·W − Q·P/EP = 0 at any mark
        Position shortFace = new Position("BTCUSD_PERP", Side.SHORT, 60_000, 60_000, 1, MarginMode.CROSS, PositionSide.BOTH, 0, 48_000,
                ContractType.INVERSE);
        Exposure e = Exposure.of(new Portfolio(List.of(coin("cm", 1, shortFace)), List.of()), Betas.none("BTCUSDT"));
        assertThat(e.netDeltaUsd()).isCloseTo(0, within(1e-6));
        assertThat(e.equity()).isCloseTo(60_000, within(1e-6));   // the hedge held the USD value
    }

    @Test
    void test_shock_coinMarginedLong_isTheVenuesLiquidationPrice() {
        // W 0.1 BTC, long 60,000 USD at 60,000: 0.1 + 1 − 60,000/P = 60,000·0.005/P → P = 60,300 / 1.1 = 54,818.18...
        SubAccount s = coin("cm", 0.1, coinLong("BTCUSD_PERP", 60_000, 60_000, 60_000, 10));
        MarketShock.Result r = MarketShock.solve(ShockBook.of(s, COINM, Map.of()));
        assertThat(r.down()).isCloseTo(60_300 / 1.1 / 60_000 - 1, within(TOL));
        assertThat(r.up()).isNaN();
    }

    @Test
    void test_shock_bybitInverse_includesItsClosingFeeTerm_likeItsLiquidationPrice() {
        // Bybit inverse counts the taker fee to close at the bankruptcy price in the requirement: the move must land on the
        // engine's own liquidation price, not on a bare MM = balance
        Position p = new Position("BTCUSD", Side.LONG, 60_000, 60_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000, ContractType.INVERSE);
        Account a = new Account(0.1, List.of(p), Exchange.BYBIT);
        Instruments bybit = Instruments.of(BYBIT_BTC);
        double lp = LiquidationPrice.cross(a, "BTCUSD", bybit).price();
        MarketShock.Result r = MarketShock.solve(ShockBook.of(new SubAccount("b", a), bybit, Map.of()));
        assertThat(r.down()).isCloseTo(lp / 60_000 - 1, within(TOL));
        // the fee term moves it 6.6 USD from the bare condition (no fee) at 60,300 / 1.1: ~5e4 × the solver's accuracy
        assertThat(Math.abs(lp - 60_300 / 1.1)).isGreaterThan(5);
    }

    @Test
    void test_scenario_coinAccountPnlIsUsd() {
        // market −10 %: USD equity P·W + Q·(P/EP − 1) goes from 60,000 to 54,000 − 6,000 = 48,000: −12,000 USD (2× the move)
        Portfolio p = new Portfolio(List.of(coin("cm", 1, coinLong("BTCUSD_PERP", 60_000, 60_000, 60_000, 1))), List.of());
        StressTest.Result r = StressTest.apply(p, COINM, StressTest.marketWide(-0.10, p.symbols(), Map.of()));
        assertThat(r.totalPnl()).isCloseTo(-12_000, within(1e-6));
        assertThat(r.subAccounts().get(0).currency()).isEqualTo("BTC");
        assertThat(r.subAccounts().get(0).walletAfter()).isEqualTo(1.0);
    }

    @Test
    void test_analyse_positionNotionalIsTheFace_andSubAccountSaysItsCoin() {
        Portfolio p = new Portfolio(List.of(coin("cm", 0.1, coinLong("BTCUSD_PERP", 60_000, 60_000, 60_000, 10))), List.of());
        PortfolioReport r = PortfolioRisk.analyse(p, COINM, null, PortfolioRisk.Options.defaults());
        PortfolioReport.PositionRisk pr = r.positions().get(0);
        assertThat(pr.notional()).isCloseTo(60_000, within(1e-6));
        assertThat(pr.deltaUsd()).isCloseTo(60_000, within(1e-6));
        assertThat(pr.contracts()).isEqualTo(600);
        assertThat(r.subAccounts().get(0).currency()).isEqualTo("BTC");
        assertThat(r.subAccounts().get(0).equityUsd()).isCloseTo(6_000, within(1e-6));
        assertThat(r.liquidationShock().downPct()).isCloseTo((60_300 / 1.1 / 60_000 - 1) * 100, within(1e-6));
    }

    @Test
    void test_analyse_twoCoinsInOneWallet_refusedInOneLine() {
        Portfolio p = new Portfolio(List.of(coin("cm", 1, coinLong("BTCUSD_PERP", 60_000, 60_000, 60_000, 10),
                coinLong("ETHUSD_PERP", 3_000, 3_000, 3_000, 10))), List.of());
        assertThatThrownBy(() -> PortfolioRisk.analyse(p, COINM, null, PortfolioRisk.Options.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("positions: sub-account 'cm' holds BTCUSD_PERP (settled in BTC) and ETHUSD_PERP (settled in ETH): one wallet "
                        + "holds one currency; put each coin's positions in a sub-account of its own");
    }

    @Test
    void test_subAccount_linearAndInverseInOneWallet_refused() {
        Position linear = new Position("BTCUSDT", Side.LONG, 1, 60_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000);
        assertThatThrownBy(() -> new SubAccount("x", new Account(1, List.of(linear, coinLong("BTCUSD", 100, 60_000, 60_000, 10)))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("positions[1]").hasMessageContaining("one wallet holds one currency");
    }

    @Test
    void test_analyse_coinVenueAccountWithoutPositions_refused() {
        Portfolio p = new Portfolio(List.of(coin("cm", 1)), List.of());
        assertThatThrownBy(() -> PortfolioRisk.analyse(p, COINM, null, PortfolioRisk.Options.defaults()))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("walletBalance: sub-account 'cm' is on Binance COIN-M");
    }

    @Test
    void test_hedge_inCoinMarginedBenchmark_isTheFaceThatZeroesTheUsdDelta() {
        // 0.2 BTC behind a 60,000 USD long at 60,000: USD delta = 0.2 × 60,000 + 60,000 = 72,000 → short 72,000 USD of face
        // (720 contracts); net short 12,000 of face then, whose USD delta −12,000 offsets the 12,000 of coin margin
        Portfolio p = new Portfolio(List.of(coin("main", 0.2, coinLong("BTCUSD_PERP", 60_000, 60_000, 60_000, 10))), List.of());
        PortfolioReport r = PortfolioRisk.analyse(p, COINM, null,
                new PortfolioRisk.Options(365, List.of(), List.of(), List.of(), "BTCUSD_PERP"));
        assertThat(r.hedge().side()).isEqualTo(Side.SHORT);
        assertThat(r.hedge().qty()).isCloseTo(72_000, within(1e-6));
        assertThat(r.hedge().notional()).isCloseTo(72_000, within(1e-6));
        SubAccount hedged = Hedge.withPosition(p.subAccount("main"), COINM_BTC, Side.SHORT, r.hedge().qty(), 60_000);
        assertThat(Exposure.of(new Portfolio(List.of(hedged), List.of()), Betas.none("BTCUSD_PERP")).netDeltaUsd()).isCloseTo(0, within(1e-6));
        assertThat(r.hedge().shockAfter().nearestPct()).isNaN();   // a short of the wallet's value: no fall or rise liquidates it
    }

    @Test
    void test_hedge_usdtBenchmarkForACoinAccountLiquidatedFirst_isNotSized_andSaysWhy() {
        // the COIN-M account goes first (−8.6 %); a BTCUSDT hedge cannot go in a BTC wallet: no hedge, a note naming both
        SubAccount usdm = new SubAccount("usdm", new Account(100_000, List.of(Fixtures.cross("BTCUSDT", Side.LONG, 0.1, 60_000, 60_000)),
                Exchange.BINANCE));
        SubAccount cm = coin("cm", 0.1, coinLong("BTCUSD_PERP", 60_000, 60_000, 60_000, 10));
        Instruments all = Instruments.of(Fixtures.INSTRUMENTS.get("BTCUSDT"), COINM_BTC);
        Venues venues = sub -> sub.name().equals("cm") ? COINM : Fixtures.INSTRUMENTS;
        PortfolioReport r = PortfolioRisk.analyse(new Portfolio(List.of(usdm, cm), List.of()), all, venues, null, PortfolioRisk.Options.defaults());
        assertThat(r.liquidationShock().subAccount()).isEqualTo("cm");
        assertThat(r.hedge()).isNull();
        assertThat(r.warnings()).contains(PortfolioNote.of(PortfolioNote.Code.HEDGE_OTHER_CURRENCY, "symbol", "BTCUSDT", "subAccount", "cm",
                "currency", "BTC"));
    }

    @Test
    void test_hedge_coinMarginedOnly_withAUsdtBenchmark_isNotSized_andSaysWhy() {
        // every venue named is COIN-M, which does not list BTCUSDT: the hedge was dropped without a word
        SubAccount cm = coin("cm", 1, coinLong("BTCUSD_PERP", 60_000, 60_000, 60_000, 10));
        Venues venues = sub -> COINM;
        PortfolioReport r = PortfolioRisk.analyse(new Portfolio(List.of(cm), List.of()), Instruments.of(COINM_BTC), venues, null,
                PortfolioRisk.Options.defaults());
        assertThat(r.hedge()).isNull();
        assertThat(r.warnings()).contains(PortfolioNote.of(PortfolioNote.Code.HEDGE_BENCHMARK_NOT_LISTED, "symbol", "BTCUSDT"));
    }
}
