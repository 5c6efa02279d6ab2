package io.perpguard.cascade;

import io.perpguard.margin.Position;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** Mechanism checks M1–M4 of CASCADE.md §5.3 B on synthetic books. */
class MechanismTest {
    private static final AnalyticCascade ANALYTIC = new AnalyticCascade(TestMarkets.TIERS);
    private static final EventCascade EVENT = new EventCascade(TestMarkets.TIERS);

    /** A ladder dense enough to run away once the first few percent are crossed. */
    private static MarketSpec fragile(double sellUsd) {
        return TestMarkets.staticMarket(3e9, 4e7, sellUsd);
    }

    @Test
    void m1_phaseTransition_shockJustBelowCriticalDecays_justAboveRunsAway_whereRCrossesOne() {
        double threshold = 20;
        double xc = ANALYTIC.criticalShock(fragile(1), 7, threshold);
        assertThat(xc).isBetween(0.01, threshold);
        // the sell notional whose walk alone is the critical shock (static book: D = D₁·x^β)
        double walk = -100 * Math.log(1 - xc / 100);
        double eCrit = 4e7 * Math.pow(walk, 0.78);
        MarketSpec below = fragile(eCrit * 0.98), above = fragile(eCrit * 1.02);
        double ddBelow = ANALYTIC.drawdownPct(below, 7, below.exogenousSellUsd());
        double ddAbove = ANALYTIC.drawdownPct(above, 7, above.exogenousSellUsd());
        assertThat(ddAbove - ddBelow).as("a 4 % larger shock jumps the drawdown").isGreaterThan(5);
        CriticalityReport rb = ANALYTIC.criticality(below, 7), ra = ANALYTIC.criticality(above, 7);
        assertThat(ra.maxPathR()).as("runaway path crosses R = 1").isGreaterThan(1);
        // the decaying path stops where depth catches up: R at its stopping bin is below 1
        int stop = (int) Math.floor(-100 * Math.log(1 - rb.xStarPct() / 100) / AnalyticCascade.R_BIN_PCT);
        assertThat(rb.r()[stop]).isLessThan(1);
        // the event core shows the same jump (I6 setting)
        double evBelow = EVENT.run(TestMarkets.scenario(below, 30)).drawdownPct();
        double evAbove = EVENT.run(TestMarkets.scenario(above, 30)).drawdownPct();
        assertThat(evAbove - evBelow).isGreaterThan(5);
    }

    @Test
    void m2_initialRUnderstates_someBooksHaveInitialRBelowOneButPathRAbove() {
        // sweep shock and depth for a book whose path crosses R = 1 although R(x0) is below 1
        CriticalityReport found = null;
        MarketSpec hit = null;
        for (double e = 1e6, depth = 4e7; depth < 2e9 && found == null; e *= 1.15) {
            if (e > 1e10) {
                e = 1e6;
                depth *= 2;
            }
            MarketSpec m = TestMarkets.staticMarket(3e9, depth, e);
            CriticalityReport r = ANALYTIC.criticality(m, 7);
            if (r.maxPathR() > 1 && r.initialR() < 1) {
                found = r;
                hit = m;
            }
        }
        assertThat(found).isNotNull();
        assertThat(found.initialR()).as("R at x0 understates").isLessThan(1);
        assertThat(found.maxPathR()).isGreaterThan(1);
        CascadeResult ev = EVENT.run(TestMarkets.scenario(hit, 30));
        assertThat(ev.maxPathR()).as("event core reports the path maximum too").isGreaterThan(1);
    }

    /** BitMEX-style venue: limit orders at bankruptcy, slow engine, offline while the index recovers. */
    private static MarketSpec bitmex(double horizonHaltStart) {
        DepthModel d = new DepthModel(2e7, 2e7, 0.78, 0.3, 1, 10, 600, 2e7 * 0.02, 120, 0);
        EngineSpec e = new EngineSpec(2e5, true, 1e8, true, 0);
        List<ShockLeg> legs = List.of(new ShockLeg(0, 10, 2e8, -15), new ShockLeg(20, 30, 0, 12));
        return new MarketSpec("XBTUSD", 7_000, TestMarkets.ladder(8e8, 4_000), d, e, FlowModel.NONE, legs,
                List.of(new Halt(horizonHaltStart, 30)));
    }

    @Test
    void m3_throughputCapBuildsQueue_haltAndResumeAtRecoveredMark_reboundsWhileFundGrows() {
        CascadeScenario beforeHalt = CascadeScenario.single("m3", bitmex(20), 20, 1, 7);
        MarketOutcome queued = EVENT.run(beforeHalt).markets().get(0);
        assertThat(queued.pendingUsd()).as("pending liquidations queue behind the throughput cap").isGreaterThan(0);
        MarketOutcome full = EVENT.run(CascadeScenario.single("m3", bitmex(20), 90, 1, 7)).markets().get(0);
        double trough = Double.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            trough = Math.min(trough, full.minuteLow()[i]);
        }
        assertThat(full.minuteClose()[55]).as("price after the halt is above the trough").isGreaterThan(trough * 1.05);
        assertThat(full.insuranceFundChangeUsd()).as("limit orders at bankruptcy: the fund only gains").isGreaterThan(0);
        assertThat(full.badDebtUsd()).isZero();
        double afterResume = 0;
        for (int i = 50; i < 90; i++) {
            afterResume += full.longLiquidatedPerMinute()[i];
        }
        assertThat(afterResume).as("the queue is worked off after the venue resumes").isGreaterThan(0);
    }

    private static MarketSpec ioc(double fund) {
        DepthModel d = new DepthModel(5e6, 5e6, 0.78, 0.1, 0.5, 10, 600, 0, 0, 0);
        return new MarketSpec("BTCUSDT", 100_000, TestMarkets.ladder(2e9, 4_000), d, new EngineSpec(0, false, fund, true, 0),
                FlowModel.NONE, List.of(new ShockLeg(0, 1, 5e7, -5)), List.of());
    }

    @Test
    void m4_fillsBelowBankruptcyDrainTheFund_adlOnlyAfterExhaustion() {
        MarketOutcome rich = EVENT.run(TestMarkets.scenario(ioc(1e12), 20)).markets().get(0);
        assertThat(rich.insuranceFundChangeUsd()).as("fills below bankruptcy drain the fund").isLessThan(0);
        assertThat(rich.adlUsd()).isZero();
        double fund = 1e6;
        MarketOutcome poor = EVENT.run(TestMarkets.scenario(ioc(fund), 20)).markets().get(0);
        assertThat(poor.adlUsd()).as("ADL once the fund is exhausted").isGreaterThan(0);
        assertThat(fund + poor.insuranceFundChangeUsd()).as("fund used up before ADL").isLessThan(fund * 0.05);
    }

    @Test
    void m4_adlRanking_closesTheHighestPnlTimesLeverageShortFirst() {
        double p = 100_000;
        List<Position> ps = List.of(
                Position.isolated("BTCUSDT", Side.LONG, 30, p, 100),
                Position.isolated("BTCUSDT", Side.SHORT, 40, p, 2),     // same pnl %, low leverage
                Position.isolated("BTCUSDT", Side.SHORT, 40, p, 20));   // same pnl %, high leverage: ranked first
        LiquidationLadder ladder = LiquidationLadder.fromPositions(p, ps, TestMarkets.BTC);
        DepthModel d = new DepthModel(1e5, 1e5, 0.78, 1, 1, 10, 600, 0, 0, 0);
        MarketSpec m = new MarketSpec("BTCUSDT", p, TestMarkets.ladder(5e6, 0), d, new EngineSpec(0, false, 0, true, 0),
                FlowModel.NONE, List.of(new ShockLeg(0, 1 / 60.0, 2e5, 0)), List.of());
        EventKernel k = new EventKernel(m, ladder, FlowModel.NONE, TestMarkets.BTC, 5, 1);
        k.runAll();
        MarketOutcome o = k.outcome(0);
        assertThat(o.adlUsd()).isGreaterThan(0);
        double adlQty = o.adlContractsUsd() / p;
        assertThat(adlQty).isLessThanOrEqualTo(30 + 1e-9);
        assertThat(k.openQty(1, 1)).as("20x short deleveraged first").isCloseTo(40 - adlQty, offset(1e-9));
        assertThat(k.openQty(1, 0)).as("2x short untouched").isEqualTo(40);
    }
}
