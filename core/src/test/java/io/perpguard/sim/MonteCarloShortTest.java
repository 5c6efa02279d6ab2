package io.perpguard.sim;

import io.perpguard.funding.FundingDrift;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import org.junit.jupiter.api.Test;

import static io.perpguard.sim.MonteCarloTest.BTC;
import static io.perpguard.sim.MonteCarloTest.START;
import static io.perpguard.sim.MonteCarloTest.binance;
import static io.perpguard.sim.MonteCarloTest.coinConfig;
import static io.perpguard.sim.MonteCarloTest.coinM;
import static io.perpguard.sim.MonteCarloTest.config;
import static io.perpguard.sim.MonteCarloTest.constantBars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A policy on the short side: liquidated when the bar's high crosses the short's liquidation price, stopped above entry,
 * paid (not charged) by a positive funding rate, and gaining as the price falls — the mirror of {@link MonteCarloTest}'s
 * long cases, by hand and against the margin engine.
 */
class MonteCarloShortTest {
    static final double MARGIN = 10_000 / (1 + 50 * 0.0005);

    static Policy.AllIn allInShort() {
        return new Policy.AllIn(50, Side.SHORT);
    }

    @Test
    void allInShort_inSteadyRise_liquidatedOnTheBarWhoseHighCrossesTheEnginesPrice() {
        Position p = new Position("BTCUSDT", Side.SHORT, 50 * MARGIN / START, START, 50, MarginMode.ISOLATED, PositionSide.BOTH, 0, START);
        double lp = LiquidationPrice.isolated(p, BTC).price();
        assertThat(lp).isGreaterThan(START);
        int bars = 0;
        for (double price = START; price < lp; price *= 1.001) {
            bars++;
        }
        MonteCarlo.Report r = MonteCarlo.run(allInShort(), constantBars(500, 1.001, 1.001, 1), MonteCarlo.Funding.constant(0, 8), binance(BTC),
                config(5, 10, 3, 1));
        assertThat(r.liquidatedShare()).isEqualTo(1);
        assertThat(r.medianDaysToRuin()).isCloseTo(bars / 24.0, within(1e-9));
        // the same rise never liquidates the long
        MonteCarlo.Report longRun = MonteCarlo.run(Policy.traderA(), constantBars(500, 1.001, 1.001, 1), MonteCarlo.Funding.constant(0, 8),
                binance(BTC), config(5, 10, 3, 1));
        assertThat(longRun.liquidatedShare()).isZero();
    }

    @Test
    void allInShort_inSteadyDecline_survivesWithTheWholeGain() {
        MonteCarlo.Report r = MonteCarlo.run(allInShort(), constantBars(200, 0.9999, 1, 0.9999), MonteCarlo.Funding.constant(0, 8), binance(BTC),
                config(3, 5, 1, 1));
        double qty = 50 * MARGIN / START;
        double end = START * Math.pow(0.9999, 120);
        assertThat(r.survivalAtHorizon()).isEqualTo(1);
        assertThat(r.terminalEquity().p50()).isCloseTo(MARGIN + qty * (START - end), within(1e-6));
    }

    /** At a flat price a negative rate charges the short: funding alone liquidates it after the engine's drift count. */
    @Test
    void allInShort_negativeFunding_liquidatesAfterTheDriftCount_positiveFundingPaysIt() {
        double notional = 50 * MARGIN;
        Position same = new Position("BTCUSDT", Side.SHORT, notional / START, START, 50, MarginMode.ISOLATED, PositionSide.BOTH, 0, START);
        int n = FundingDrift.intervalsToLiquidation(same, binance(BTC), -0.0005).orElseThrow();
        assertThat(n).isEqualTo((int) Math.ceil((MARGIN - (0.005 * notional - 50)) / (0.0005 * notional)));
        MonteCarlo.Report r = MonteCarlo.run(allInShort(), constantBars(100, 1, 1, 1), MonteCarlo.Funding.constant(-0.0005, 8), binance(BTC),
                config(20, 30, 1, 1));
        assertThat(r.liquidatedShare()).isEqualTo(1);
        assertThat(r.medianDaysToRuin()).isCloseTo(n * 8 / 24.0, within(1e-9));

        // +0.05 % per 8 h is paid to the short: 3 payments a day for 5 days
        MonteCarlo.Report paid = MonteCarlo.run(allInShort(), constantBars(100, 1, 1, 1), MonteCarlo.Funding.constant(0.0005, 8), binance(BTC),
                config(3, 5, 1, 1));
        assertThat(paid.survivalAtHorizon()).isEqualTo(1);
        assertThat(paid.terminalEquity().p50()).isCloseTo(MARGIN + 15 * 0.0005 * notional, within(1e-6));
    }

    /** Every short is stopped out above entry in a steady rise, each losing exactly 2 % of the wallet at entry. */
    @Test
    void riskPerTradeShort_inSteadyRise_losesExactlyTheRiskOnEveryStop() {
        Policy.RiskPerTrade b = new Policy.RiskPerTrade(2, 2, 14, 20, 2, 1000, 1, Side.SHORT);
        MonteCarlo.Report r = MonteCarlo.run(b, constantBars(500, 1.001, 1.001, 1), MonteCarlo.Funding.constant(0, 8), binance(BTC),
                config(4, 8, 5, 1));
        int trades = (int) r.meanTrades();
        assertThat(r.meanTrades()).isEqualTo(trades).isGreaterThan(10);
        assertThat(r.survivalAtHorizon()).isEqualTo(1);
        double afterStops = 10_000 * Math.pow(0.98, trades - 1);
        assertThat(r.terminalEquity().p50()).isBetween(afterStops * 0.98 - 1e-6, afterStops + 1e-6);
        assertThat(r.liquidatedShare()).isZero();
    }

    /** In a steady fall every short reaches its 2R target: equity grows trade after trade. */
    @Test
    void riskPerTradeShort_inSteadyDecline_takesItsTargets() {
        Policy.RiskPerTrade b = new Policy.RiskPerTrade(2, 2, 14, 20, 2, 1000, 1, Side.SHORT);
        MonteCarlo.Report r = MonteCarlo.run(b, constantBars(500, 0.999, 1, 0.999), MonteCarlo.Funding.constant(0, 8), binance(BTC),
                config(4, 8, 5, 1));
        assertThat(r.meanTrades()).isGreaterThan(5);
        assertThat(r.terminalEquity().p50()).isGreaterThan(10_000 * Math.pow(1.015, r.meanTrades() - 1));
        assertThat(r.maxDrawdownPct().p95()).isLessThan(1);
    }

    /** A coin-margined short all-in at 50x is liquidated where the engine prices it, on the bar whose high crosses it. */
    @Test
    void inverse_allInShort_inSteadyRise_liquidatedAtTheEnginesPrice() {
        double margin = 10_000 / START / (1 + 50 * 0.0005);
        Position p = new Position("BTCUSD_PERP", Side.SHORT, 50 * margin * START, START, 50, MarginMode.ISOLATED, PositionSide.BOTH, 0, START,
                ContractType.INVERSE);
        double lp = LiquidationPrice.isolated(p, coinM()).price();
        int bars = 0;
        for (double price = START; price < lp; price *= 1.001) {
            bars++;
        }
        MonteCarlo.Report r = MonteCarlo.run(allInShort(), constantBars(500, 1.001, 1.001, 1), MonteCarlo.Funding.constant(0, 8), coinM(),
                coinConfig(5, 10, 3));
        assertThat(r.liquidatedShare()).isEqualTo(1);
        assertThat(r.medianDaysToRuin()).isCloseTo(bars / 24.0, within(1e-9));
    }
}
