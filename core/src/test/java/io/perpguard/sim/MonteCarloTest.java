package io.perpguard.sim;

import io.perpguard.InvalidInputException;
import io.perpguard.funding.FundingDrift;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MonteCarloTest {
    static final long HOUR = 3_600_000L;
    static final double START = 60_000;
    /** Binance BTCUSDT brackets 2024-10-24, first six tiers. */
    static final RiskTiers BTC = RiskTiers.of("BTCUSDT",
            new double[]{0, 50_000, 600_000, 3_000_000, 12_000_000, 70_000_000},
            new double[]{50_000, 600_000, 3_000_000, 12_000_000, 70_000_000, 100_000_000},
            new double[]{125, 100, 75, 50, 25, 20},
            new double[]{0.004, 0.005, 0.0065, 0.01, 0.02, 0.025});

    /** n identical hourly bars: close, high and low as ratios to the previous close. */
    static ReturnBars constantBars(int n, double close, double high, double low) {
        double[] c = new double[n], h = new double[n], l = new double[n], tr = new double[n];
        Arrays.fill(c, close);
        Arrays.fill(h, high);
        Arrays.fill(l, low);
        Arrays.fill(tr, Math.max(high - low, Math.max(Math.abs(high - 1), Math.abs(low - 1))));
        return new ReturnBars(c, h, l, tr, HOUR, START);
    }

    /** Seeded random-walk hourly bars with 0.7 % volatility and wicks, for determinism tests. */
    static ReturnBars randomBars(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] c = new double[n], h = new double[n], l = new double[n], tr = new double[n];
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian() * 0.007;
            c[i] = Math.exp(g);
            h[i] = Math.max(1, c[i]) * (1 + Math.abs(r.nextGaussian()) * 0.003);
            l[i] = Math.min(1, c[i]) * (1 - Math.abs(r.nextGaussian()) * 0.003);
            tr[i] = Math.max(h[i] - l[i], Math.max(Math.abs(h[i] - 1), Math.abs(l[i] - 1)));
        }
        return new ReturnBars(c, h, l, tr, HOUR, START);
    }

    static MonteCarlo.Config config(int paths, int days, long seed, int threads) {
        return new MonteCarlo.Config(paths, days, seed, threads, 24, 0, 10_000, 0.10);
    }

    /** BTCUSDT on Binance USDⓈ-M: taker 0.05 %, clearance 1.25 %. */
    static io.perpguard.instrument.Instrument binance(RiskTiers tiers) {
        return new io.perpguard.instrument.Instrument(new io.perpguard.instrument.Contract(tiers.symbol(), 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125), tiers);
    }

    @Test
    void test_run_allInAtFlatPrice_fundingAloneLiquidatesAfterTheDriftCount() {
        // 10,000 all-in at 50x: margin 10,000 / 1.025 (opening fee 50 × 0.05 % of margin), notional 50 × margin
        double margin = 10_000 / (1 + 50 * 0.0005);
        double notional = 50 * margin;
        Position same = new Position("BTCUSDT", Side.LONG, notional / START, START, 50, MarginMode.ISOLATED, PositionSide.BOTH, 0, START);
        int n = FundingDrift.intervalsToLiquidation(same, new io.perpguard.instrument.Instrument(new io.perpguard.instrument.Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125), BTC), 0.0005).orElseThrow();
        // by hand: MM = 0.5 % × notional − 50, payment 0.05 % × notional
        assertThat(n).isEqualTo((int) Math.ceil((margin - (0.005 * notional - 50)) / (0.0005 * notional)));

        MonteCarlo.Report r = MonteCarlo.run(Policy.traderA(), constantBars(100, 1, 1, 1), MonteCarlo.Funding.constant(0.0005, 8), binance(BTC),
                config(20, 30, 1, 1));
        double days = n * 8 / 24.0;
        assertThat(r.survivalAtHorizon()).isZero();
        assertThat(r.liquidatedShare()).isEqualTo(1);
        assertThat(r.medianDaysToRuin()).isCloseTo(days, within(1e-9));
        int lastAliveDay = (int) Math.ceil(days) - 1;
        assertThat(r.survivalByDay()[lastAliveDay - 1]).isEqualTo(1);
        assertThat(r.survivalByDay()[lastAliveDay]).isZero();
        assertThat(r.terminalEquity().p95()).isCloseTo(0, within(1e-6));
        assertThat(r.maxDrawdownPct().p50()).isCloseTo(100, within(1e-6));
    }

    @Test
    void test_run_allInInSteadyDecline_liquidatedOnTheBarWhoseLowCrossesTheLiquidationPrice() {
        double margin = 10_000 / (1 + 50 * 0.0005);
        Position p = new Position("BTCUSDT", Side.LONG, 50 * margin / START, START, 50, MarginMode.ISOLATED, PositionSide.BOTH, 0, START);
        double lp = LiquidationPrice.isolated(p, BTC).price();
        int bars = 0;
        for (double price = START; price > lp; price *= 0.999) {
            bars++;
        }
        // the loop above counts bars up to the first whose low (= its close here) is at or below the liquidation price
        MonteCarlo.Report r = MonteCarlo.run(Policy.traderA(), constantBars(500, 0.999, 1, 0.999), MonteCarlo.Funding.constant(0, 8), binance(BTC),
                config(5, 10, 3, 1));
        assertThat(r.liquidatedShare()).isEqualTo(1);
        assertThat(r.medianDaysToRuin()).isCloseTo(bars / 24.0, within(1e-9));
    }

    @Test
    void test_run_riskPerTradeInSteadyDecline_losesExactlyTheRiskOnEveryStop() {
        // every trade is stopped out; size includes both fees, so each loss is 2 % of the wallet at entry
        Policy.RiskPerTrade b = new Policy.RiskPerTrade(2, 2, 14, 20, 2, 1000, 1);
        MonteCarlo.Report r = MonteCarlo.run(b, constantBars(500, 0.999, 1, 0.999), MonteCarlo.Funding.constant(0, 8), binance(BTC),
                config(4, 8, 5, 1));
        int trades = (int) r.meanTrades();
        assertThat(r.meanTrades()).isEqualTo(trades).isGreaterThan(10);
        assertThat(r.survivalAtHorizon()).isEqualTo(1);
        double afterStops = 10_000 * Math.pow(0.98, trades - 1);
        // the last trade may still be open (entry fee paid, small loss so far) or stopped (a further 2 %)
        assertThat(r.terminalEquity().p50()).isBetween(afterStops * 0.98 - 1e-6, afterStops + 1e-6);
        assertThat(r.liquidatedShare()).isZero();
    }

    @Test
    void test_run_allInInSteadyRise_survivesWithTheWholeGain() {
        MonteCarlo.Report r = MonteCarlo.run(Policy.traderA(), constantBars(200, 1.0001, 1.0001, 1), MonteCarlo.Funding.constant(0, 8), binance(BTC),
                config(3, 5, 1, 1));
        double margin = 10_000 / (1 + 50 * 0.0005);
        double qty = 50 * margin / START;
        double end = START * Math.pow(1.0001, 120);
        assertThat(r.survivalAtHorizon()).isEqualTo(1);
        assertThat(r.terminalEquity().p50()).isCloseTo(margin + qty * (end - START), within(1e-6));
        assertThat(r.medianDaysToRuin()).isNaN();
    }

    @Test
    void test_medianDaysToRuin_interpolatesAsTheOtherPercentiles() {
        // {1, 2, 3, never}: the middle of four lies halfway between the 2nd and 3rd = 2.5 (the lower median said 2), as
        // Percentiles.ofSorted takes p50 of the terminal equity
        double never = Double.POSITIVE_INFINITY;
        assertThat(MonteCarlo.medianDaysToRuin(new double[]{3, never, 1, 2})).isEqualTo(2.5);
        assertThat(MonteCarlo.medianDaysToRuin(new double[]{1, 2, 3})).isEqualTo(2);
        // half never ruined: the middle reaches a survivor (reported as NaN, "fewer than half ruined")
        assertThat(MonteCarlo.medianDaysToRuin(new double[]{1, 2, never, never})).isInfinite();
    }

    /** BTCUSD_PERP on Binance COIN-M (100 USD a contract, taker 0.05 %, clearance 1.25 %), BTC's tiers at their worth in coin at START. */
    static io.perpguard.instrument.Instrument coinM() {
        io.perpguard.venue.TierTable t = BTC.table();
        double[] floors = t.floors().clone(), caps = t.caps().clone();
        for (int i = 0; i < floors.length; i++) {
            floors[i] /= START;
            caps[i] /= START;
        }
        return new io.perpguard.instrument.Instrument(new io.perpguard.instrument.Contract("BTCUSD_PERP", 0.1, 1, 1, 0, 0.0005, 0.0002, 8, 0.0125)
                .on(io.perpguard.venue.Exchange.BINANCE_COINM, io.perpguard.venue.ContractType.INVERSE, 100, "BTC"),
                RiskTiers.of("BTCUSD_PERP", floors, caps, t.maxLeverages(), t.rates()));
    }

    /** 10,000 USD's worth of BTC at START. */
    static MonteCarlo.Config coinConfig(int paths, int days, long seed) {
        return new MonteCarlo.Config(paths, days, seed, 1, 24, 0, 10_000 / START, 0.10);
    }

    /** Inverse, all in at 50x on a steady rise: margin + face × (1/entry − 1/price), in BTC (the linear gain is larger). */
    @Test
    void test_run_inverse_allInInSteadyRise_gainsInCoin() {
        MonteCarlo.Report r = MonteCarlo.run(Policy.traderA(), constantBars(200, 1.0001, 1.0001, 1), MonteCarlo.Funding.constant(0, 8), coinM(),
                coinConfig(3, 5, 1));
        double margin = 10_000 / START / (1 + 50 * 0.0005);
        double face = 50 * margin * START;
        double end = START * Math.pow(1.0001, 120);
        assertThat(r.survivalAtHorizon()).isEqualTo(1);
        assertThat(r.terminalEquity().p50()).isCloseTo(margin + face * (1 / START - 1 / end), within(1e-12));
    }

    /** Inverse, all in at 50x on a steady decline: liquidated on the bar whose low crosses the engine's coin-margined liquidation price. */
    @Test
    void test_run_inverse_allInInSteadyDecline_liquidatedAtTheEnginesPrice() {
        double margin = 10_000 / START / (1 + 50 * 0.0005);
        Position p = new Position("BTCUSD_PERP", Side.LONG, 50 * margin * START, START, 50, MarginMode.ISOLATED, PositionSide.BOTH, 0, START,
                io.perpguard.venue.ContractType.INVERSE);
        double lp = LiquidationPrice.isolated(p, coinM()).price();
        int bars = 0;
        for (double price = START; price > lp; price *= 0.999) {
            bars++;
        }
        MonteCarlo.Report r = MonteCarlo.run(Policy.traderA(), constantBars(500, 0.999, 1, 0.999), MonteCarlo.Funding.constant(0, 8), coinM(),
                coinConfig(5, 10, 3));
        assertThat(r.liquidatedShare()).isEqualTo(1);
        assertThat(r.medianDaysToRuin()).isCloseTo(bars / 24.0, within(1e-9));
    }

    /** Inverse, 2 % risk per trade on a steady decline: every stop loses the risk in coin (the inverse loss per unit has both fees). */
    @Test
    void test_run_inverse_riskPerTradeInSteadyDecline_losesExactlyTheRiskOnEveryStop() {
        Policy.RiskPerTrade b = new Policy.RiskPerTrade(2, 2, 14, 20, 2, 1000, 1);
        MonteCarlo.Report r = MonteCarlo.run(b, constantBars(500, 0.999, 1, 0.999), MonteCarlo.Funding.constant(0, 8), coinM(), coinConfig(4, 8, 5));
        int trades = (int) r.meanTrades();
        assertThat(r.meanTrades()).isEqualTo(trades).isGreaterThan(10);
        double afterStops = 10_000 / START * Math.pow(0.98, trades - 1);
        assertThat(r.terminalEquity().p50()).isBetween(afterStops * 0.98 - 1e-12, afterStops + 1e-12);
        assertThat(r.liquidatedShare()).isZero();
    }

    @Test
    void test_run_sameSeed_sameReportForAnyThreadCount() {
        ReturnBars bars = randomBars(5_000, 11);
        MonteCarlo.Funding f = new MonteCarlo.Funding(new double[]{0.0001, 0.0003, -0.0001, 0.0002, 0.0001, 0}, 8, "test");
        for (Policy p : new Policy[]{Policy.traderA(), Policy.traderB()}) {
            MonteCarlo.Report one = MonteCarlo.run(p, bars, f, binance(BTC), config(300, 60, 99, 1));
            MonteCarlo.Report three = MonteCarlo.run(p, bars, f, binance(BTC), config(300, 60, 99, 3));
            MonteCarlo.Report again = MonteCarlo.run(p, bars, f, binance(BTC), config(300, 60, 99, 3));
            assertThat(three).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
                    .ignoringFields("threads").isEqualTo(one);
            assertThat(again).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class).isEqualTo(three);
            MonteCarlo.Report other = MonteCarlo.run(p, bars, f, binance(BTC), config(300, 60, 100, 3));
            assertThat(other.terminalEquity()).isNotEqualTo(three.terminalEquity());
        }
    }

    @Test
    void test_run_survivalCurve_neverRises_andEndsAtSurvivalAtHorizon() {
        MonteCarlo.Report r = MonteCarlo.run(Policy.traderA(), randomBars(5_000, 3), MonteCarlo.Funding.constant(0.0001, 8), binance(BTC),
                config(500, 90, 5, 2));
        double[] s = r.survivalByDay();
        for (int i = 1; i < s.length; i++) {
            assertThat(s[i]).isLessThanOrEqualTo(s[i - 1]);
        }
        assertThat(s[s.length - 1]).isEqualTo(r.survivalAtHorizon());
        assertThat(r.ruinedShare()).isEqualTo(1 - r.survivalAtHorizon(), within(1e-12));
        assertThat(r.ruinedShare()).isGreaterThanOrEqualTo(r.liquidatedShare());
    }

    @Test
    void test_pathSeed_differsByPathAndSeed() {
        assertThat(MonteCarlo.pathSeed(7, 0)).isNotEqualTo(MonteCarlo.pathSeed(7, 1)).isNotEqualTo(MonteCarlo.pathSeed(8, 0));
        // neighbouring paths must not be one stream shifted by a step
        SplittableRandom a = new SplittableRandom(MonteCarlo.pathSeed(7, 0));
        a.nextLong();
        assertThat(a.nextLong()).isNotEqualTo(new SplittableRandom(MonteCarlo.pathSeed(7, 1)).nextLong());
    }

    @Test
    void test_run_badInput_namesTheField() {
        assertThatThrownBy(() -> config(0, 10, 1, 1)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("paths:");
        assertThatThrownBy(() -> new Policy.AllIn(500)).hasMessageStartingWith("leverage:");
        // 200x is above every BTCUSDT tier's maximum
        assertThatThrownBy(() -> MonteCarlo.run(new Policy.AllIn(125), constantBars(10, 1, 1, 1), MonteCarlo.Funding.constant(0, 8),
                binance(RiskTiers.of("X", new double[]{0}, new double[]{1e9}, new double[]{20}, new double[]{0.01})), config(1, 1, 1, 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("leverage:");
    }

    @Property(tries = 300)
    void kernelLiquidationPrice_equalsTheMarginEngine(@ForAll @DoubleRange(min = 100, max = 50_000_000) double notional,
                                                       @ForAll @DoubleRange(min = 1, max = 100) double leverage,
                                                       @ForAll @DoubleRange(min = 0.5, max = 1.0) double marginShare) {
        PathKernel k = MonteCarlo.kernel(Policy.traderB(), constantBars(10, 1, 1, 1), MonteCarlo.Funding.constant(0, 8), binance(BTC), config(1, 1, 1, 1));
        double qty = notional / START;
        double margin = notional / leverage * marginShare;
        Position p = new Position("BTCUSDT", Side.LONG, qty, START, leverage, MarginMode.ISOLATED, PositionSide.BOTH,
                margin - notional / leverage, START);
        double expected = LiquidationPrice.isolated(p, BTC).price();
        double got = k.liquidationPrice(notional / leverage, margin - notional / leverage, qty, START);
        if (Double.isNaN(expected)) {
            assertThat(got).isCloseTo(0, within(1e-9 * START)); // no liquidation price: the kernel says 0 (to rounding)
        } else {
            assertThat(got).isCloseTo(expected, within(1e-9 * START));
        }
    }
}
