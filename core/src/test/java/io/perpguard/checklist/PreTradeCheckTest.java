package io.perpguard.checklist;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.portfolio.Betas;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PreTradeCheckTest {
    /** Binance BTCUSDT brackets 1–4 (leverageBracket snapshot 2024-10-24) with the taker fee 0.05 %. */
    static final Instrument BTC = new Instrument(
            new Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125),
            RiskTiers.of("BTCUSDT", new double[]{0, 50_000, 600_000, 3_000_000}, new double[]{50_000, 600_000, 3_000_000, 12_000_000},
                    new double[]{125, 100, 75, 50}, new double[]{0.004, 0.005, 0.0065, 0.01}));
    static final double FEE = 0.0005;
    /** The maker fee a take-profit target pays, as replay charges it (Liquidity.TAKE_PROFIT). */
    static final double MAKER = 0.0002;
    static final double TOL = 1e-9;

    /** The guide's Trader A: 50×, all-in (8.3333 BTC on 10,000 equity at 60,000), no stop, no thesis, no target. */
    static TradePlan traderA() {
        return new TradePlan("BTCUSDT", Side.LONG, "", 60_000, Double.NaN, StopMethod.NONE, List.of(), 50, 10_000,
                8.3333, Double.NaN, Double.NaN, Double.NaN);
    }

    /** The guide's Trader B: 10,000 equity, 2 % risk, long 60,000, stop 58,400 below structure, target 64,000, 10×. */
    static TradePlan traderB() {
        return new TradePlan("BTCUSDT", Side.LONG, "reclaim of the 59k range low with rising open interest", 60_000, 58_400,
                StopMethod.STRUCTURE, List.of(64_000.0), 10, 10_000, Double.NaN, 2, Double.NaN, Double.NaN);
    }

    @Test
    void traderA_failsOnStopSizeAndLeverage() {
        ChecklistResult r = PreTradeCheck.run(traderA(), Policy.DEFAULT, BTC, null, null);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.rule("stop").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.rule("size").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.rule("leverage").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.rule("thesis").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.rule("liquidation").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.rule("exposure").verdict()).isEqualTo(Verdict.FAIL);
        // 50x is inside bracket 2 (100x max) but above the policy's 20x
        assertThat(r.rule("leverage").values()).containsEntry("policyMaxLeverage", 20.0).containsEntry("bracketMaxLeverage", 100.0);
        assertThat(r.rule("leverage").reason()).isEqualTo(Reason.LEVERAGE_ABOVE_MAXIMUM);
    }

    /** Trader B's plan at another leverage, sized by the risk budget or with its own qty. */
    static TradePlan traderBAt(double leverage, double qty) {
        TradePlan b = traderB();
        return new TradePlan(b.symbol(), b.side(), b.thesis(), b.entry(), b.stop(), b.stopMethod(), b.targets(), leverage, b.equity(),
                qty, Double.isNaN(qty) ? b.riskPct() : Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void leverageAboveTheBracketOfThePlansSize_isBadInput_asCalcRefusesIt() {
        // 300x: the risk budget's 0.116 BTC (6,960 USDT) is in bracket 1, 125x at most; no tier allows 300x (it was a failed rule)
        assertThatThrownBy(() -> PreTradeCheck.run(traderBAt(300, Double.NaN), Policy.DEFAULT, BTC, null, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("leverage"))
                .hasMessage("leverage: 300x is above BTCUSDT's maximum of 125x for notional 6,960 (bracket 1: 0 to 50,000); "
                        + "no BTCUSDT tier allows 300x (highest 125x)");
        // 110x on 1 BTC (60,000 USDT, bracket 2: 100x at most): the range it is allowed in is named
        assertThatThrownBy(() -> PreTradeCheck.run(traderBAt(110, 1), Policy.DEFAULT, BTC, null, null))
                .hasMessage("leverage: 110x is above BTCUSDT's maximum of 100x for notional 60,000 (bracket 2: 50,000 to 600,000); "
                        + "110x is allowed only up to notional 50,000");
        // without a size (no stop to size from) only a leverage no tier allows is refused
        TradePlan noStop = new TradePlan("BTCUSDT", Side.LONG, "x", 60_000, Double.NaN, StopMethod.NONE, List.of(), 126, 10_000,
                Double.NaN, 2, Double.NaN, Double.NaN);
        assertThatThrownBy(() -> PreTradeCheck.run(noStop, Policy.DEFAULT, BTC, null, null))
                .hasMessage("leverage: 126x is above every BTCUSDT tier (highest 125x)");
        // 100x on that size is the bracket's maximum: checked, and failed by the policy's 20x only
        ChecklistResult r = PreTradeCheck.run(traderBAt(100, 1), Policy.DEFAULT, BTC, null, null);
        assertThat(r.rule("leverage").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.rule("leverage").reason()).isEqualTo(Reason.LEVERAGE_ABOVE_MAXIMUM);
    }

    @Test
    void riskBudgetsSizeAboveTheBracket_isCappedAsSizeCapsIt_aFailedLeverageRule() {
        // 110x on 100,000 equity: the budget's 1.164 BTC (69,840 USDT) is in bracket 2 (100x at most); 110x reaches 50,000 only.
        // check chose that size, so it caps it as size does (0.833 BTC) and fails the leverage rule — it refused it (exit 2)
        TradePlan b = traderB();
        TradePlan rich = new TradePlan(b.symbol(), b.side(), b.thesis(), b.entry(), b.stop(), b.stopMethod(), b.targets(), 110, 100_000,
                Double.NaN, 2, Double.NaN, Double.NaN);
        ChecklistResult r = PreTradeCheck.run(rich, Policy.DEFAULT, BTC, null, null);
        io.perpguard.sizing.SizingResult sized = io.perpguard.sizing.RiskBasedSizer.size(
                new io.perpguard.sizing.SizingInput(100_000, 2_000, 60_000, 58_400, 110, FEE, Policy.DEFAULT.slippagePct() / 100, 0.5, Double.NaN), BTC);
        assertThat(r.sized().qty()).isEqualTo(0.833).isEqualTo(sized.qty());
        assertThat(r.sized().liquidationPrice()).isEqualTo(sized.liquidationPrice());
        Rule lev = r.rule("leverage");
        assertThat(lev.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(lev.reason()).isEqualTo(Reason.LEVERAGE_CAPPED_TO_TIERS);
        assertThat(lev.values()).containsEntry("budgetQty", 1.164).containsEntry("cappedQty", 0.833).containsEntry("tier", 2)
                .containsEntry("bracketMaxLeverage", 100.0).containsEntry("maxNotionalAtLeverage", 50_000.0);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        // the same size typed in the plan is the trader's own input: refused as calc refuses it
        assertThatThrownBy(() -> PreTradeCheck.run(new TradePlan(b.symbol(), b.side(), b.thesis(), b.entry(), b.stop(), b.stopMethod(),
                b.targets(), 110, 100_000, 1.164, Double.NaN, Double.NaN, Double.NaN), Policy.DEFAULT, BTC, null, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("leverage"))
                .hasMessageStartingWith("leverage: 110x is above BTCUSDT's maximum of 100x for notional 69,840 (bracket 2");
        // a budget above the largest tier cap is capped to the largest size the tiers allow at the leverage (50x: 12,000,000)
        TradePlan whale = new TradePlan(b.symbol(), b.side(), b.thesis(), b.entry(), b.stop(), b.stopMethod(), b.targets(), 10, 1e9,
                Double.NaN, 2, Double.NaN, Double.NaN);
        ChecklistResult w = PreTradeCheck.run(whale, Policy.DEFAULT, BTC, null, null);
        assertThat(w.sized().qty()).isEqualTo(200);
        assertThat(w.rule("leverage").reason()).isEqualTo(Reason.LEVERAGE_CAPPED_TO_TIERS);
        assertThat(w.rule("leverage").values()).doesNotContainKey("tier").containsEntry("tierCap", 12_000_000.0);
        // a liquidation computed inside the table: below the entry for a long
        assertThat(w.sized().liquidationPrice()).isLessThan(60_000);
    }

    @Test
    void traderA_liquidationIsWithinTwoPercentOfEntry() {
        ChecklistResult r = PreTradeCheck.run(traderA(), Policy.DEFAULT, BTC, null, null);
        // isolated LP = (IM + cum − Q·EP) / (Q·MMR − Q) in bracket 2 (MMR 0.5 %, cum 50)
        double q = 8.3333, im = q * 60_000 / 50;
        double expected = (im + 50 - q * 60_000) / (q * 0.005 - q);
        // shown as size and calc show it: rounded to the 0.1 tick toward the entry (up, for a long)
        assertThat(r.sized().liquidationPrice()).isEqualTo(Math.ceil(expected * 10) / 10).isCloseTo(expected, within(0.1));
        assertThat((Double) r.rule("liquidation").values().get("distanceToLiquidationPct")).isBetween(-2.0, 0.0);
        assertThat(r.rule("exposure").values().get("grossExposure")).isEqualTo(q * 60_000 / 10_000);
    }

    @Test
    void traderB_passesOrOnlyWarns_withReasons() {
        ChecklistResult r = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, null, null);
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
        for (String id : List.of("thesis", "stop", "size", "leverage", "liquidation", "rewardRisk", "exposure")) {
            assertThat(r.rule(id).verdict()).as(id + ": " + r.rule(id).reason()).isEqualTo(Verdict.PASS);
        }
        // the only warnings are the inputs not given: candles, funding, open interest
        assertThat(r.rules()).filteredOn(x -> x.verdict() == Verdict.WARN).extracting(Rule::id)
                .containsExactly("trend", "funding", "openInterest");
        assertThat(r.rule("trend").reason()).isEqualTo(Reason.TREND_NO_CANDLES);
    }

    @Test
    void traderB_sizeComesFromTheRiskBudgetIncludingFees() {
        ChecklistResult r = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, null, null);
        // the size command's loss per unit: the stop fills 0.1 % lower (slippage), taker fee in and out
        double exit = 58_400 * (1 - 0.001);
        double perUnit = (60_000 - exit) + (60_000 + exit) * FEE;
        double qty = Math.floor(200 / perUnit * 1000) / 1000;   // floored to the 0.001 step
        assertThat(qty).isEqualTo(0.116);
        assertThat(r.sized().qty()).isCloseTo(qty, within(TOL));
        assertThat(r.sized().riskAtStop()).isCloseTo(qty * perUnit, within(1e-6)).isLessThanOrEqualTo(200);
        assertThat(r.sized().notional()).isCloseTo(qty * 60_000, within(1e-6)).isLessThan(20_000);
        // the target is a resting take-profit limit: maker, as replay charges it; the entry taker, as R's
        double rr = (4_000 - 60_000 * FEE - 64_000 * MAKER) / perUnit;
        assertThat((Double) r.rule("rewardRisk").values().get("rewardRisk")).isCloseTo(rr, within(TOL));
        assertThat((Double) r.rule("rewardRisk").values().get("rewardAtTargets")).isCloseTo(qty * (4_000 - 60_000 * FEE - 64_000 * MAKER),
                within(1e-9));
    }

    @Test
    void sizeAboveTheRiskLimit_suggestsTheSizeCommandsSize_onTheContractsStep() {
        // Trader B with 0.3 BTC: loses 0.3 × 1,717.5708 = 515.27 (5.15 %), above 2 %. The risk-based size is the one
        // `size` gives: 200 / 1,717.5708 = 0.116443… floored to the 0.001 step = 0.116 — an order the venue accepts that
        // loses 199.24 ≤ 200 — not the unrounded 0.116444 (off the step) it suggested.
        // per unit: (60,000 − 58,341.6) + 0.0005 × (60,000 + 58,341.6) = 1,658.4 + 59.1708 = 1,717.5708
        TradePlan b = traderB();
        TradePlan big = new TradePlan(b.symbol(), b.side(), b.thesis(), b.entry(), b.stop(), b.stopMethod(), b.targets(),
                b.leverage(), b.equity(), 0.3, Double.NaN, Double.NaN, Double.NaN);
        ChecklistResult r = PreTradeCheck.run(big, Policy.DEFAULT, BTC, null, null);
        assertThat(r.rule("size").reason()).isEqualTo(Reason.SIZE_ABOVE_RISK_LIMIT);
        assertThat((Double) r.rule("size").values().get("riskAtStop")).isCloseTo(0.3 * 1_717.5708, within(1e-6));
        assertThat(r.rule("size").values()).containsEntry("riskBasedQty", 0.116);
        assertThat(PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, null, null).sized().qty()).isEqualTo(0.116);
    }

    @Test
    void test_stop_percentWarns_andRoundPercentageWarnsWhateverTheMethod() {
        TradePlan pct = new TradePlan("BTCUSDT", Side.LONG, "a b c d", 60_000, 58_800, StopMethod.PERCENT, List.of(66_000.0), 5,
                10_000, Double.NaN, 1, Double.NaN, Double.NaN);
        assertThat(PreTradeCheck.stop(pct, Policy.DEFAULT, MarketContext.NONE).verdict()).isEqualTo(Verdict.WARN);
        TradePlan roundStructure = new TradePlan("BTCUSDT", Side.LONG, "a b c d", 60_000, 58_800, StopMethod.STRUCTURE, List.of(), 5,
                10_000, Double.NaN, 1, Double.NaN, Double.NaN);
        Rule r = PreTradeCheck.stop(roundStructure, Policy.DEFAULT, MarketContext.NONE);
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
        assertThat(r.reason()).isEqualTo(Reason.STOP_ROUND_PERCENT);
    }

    @Test
    void test_stop_wrongSideFails() {
        TradePlan shortWithStopBelow = new TradePlan("BTCUSDT", Side.SHORT, "a b c d", 60_000, 58_400, StopMethod.STRUCTURE,
                List.of(), 5, 10_000, 0.1, Double.NaN, Double.NaN, Double.NaN);
        ChecklistResult r = PreTradeCheck.run(shortWithStopBelow, null, BTC, null, null);
        assertThat(r.rule("stop").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.rule("size").verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void test_liquidation_beforeStopFails() {
        // 75x on 0.1 BTC: LP ≈ 59,500, above a stop at 58,400
        TradePlan p = new TradePlan("BTCUSDT", Side.LONG, "a b c d", 60_000, 58_400, StopMethod.STRUCTURE, List.of(), 75, 10_000,
                0.1, Double.NaN, Double.NaN, Double.NaN);
        Rule r = PreTradeCheck.run(p, Policy.DEFAULT, BTC, null, null).rule("liquidation");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat((Double) r.values().get("liquidationPrice")).isGreaterThan(58_400);
    }

    @Test
    void test_rewardRisk_belowOneFails_belowTwoWarns() {
        double exit = 58_400 * (1 - 0.001);   // the policy's slippage on the stop fill
        double perUnit = (60_000 - exit) + (60_000 + exit) * FEE;
        // targets whose R:R after fees (taker in, maker at the target) is just below and at 1 and 2:
        // t − 60000 − 60000·fee − t·maker = k·perUnit
        double t1 = (perUnit + 60_000 * (1 + FEE)) / (1 - MAKER);
        double t2 = (2 * perUnit + 60_000 * (1 + FEE)) / (1 - MAKER);
        assertThat(rrVerdict(t1 - 0.5)).isEqualTo(Verdict.FAIL);
        assertThat(rrVerdict(t1 + 0.5)).isEqualTo(Verdict.WARN);
        assertThat(rrVerdict(t2 - 0.5)).isEqualTo(Verdict.WARN);
        assertThat(rrVerdict(t2 + 0.5)).isEqualTo(Verdict.PASS);
        assertThat(rrVerdict(64_000)).isEqualTo(Verdict.PASS);
    }

    private static Verdict rrVerdict(double target) {
        TradePlan p = new TradePlan("BTCUSDT", Side.LONG, "a b c d", 60_000, 58_400, StopMethod.STRUCTURE, List.of(target), 10,
                10_000, Double.NaN, 2, Double.NaN, Double.NaN);
        return PreTradeCheck.run(p, Policy.DEFAULT, BTC, null, null).rule("rewardRisk").verdict();
    }

    @Test
    void test_trend_longAgainstDowntrendWarns_withUptrendPasses() {
        double[] up = new double[80];
        double[] down = new double[80];
        for (int i = 0; i < 80; i++) {
            up[i] = 50_000 + 100 * i;
            down[i] = 70_000 - 100 * i;
        }
        assertThat(PreTradeCheck.trend(traderB(), Policy.DEFAULT, MarketContext.ofCloses(up)).verdict()).isEqualTo(Verdict.PASS);
        Rule against = PreTradeCheck.trend(traderB(), Policy.DEFAULT, MarketContext.ofCloses(down));
        assertThat(against.verdict()).isEqualTo(Verdict.WARN);
        assertThat(against.reason()).isEqualTo(Reason.TREND_AGAINST);
        assertThat(against.values()).containsEntry("trend", "down");
        // MA20 of the rising line = mean of its last 20 values
        assertThat((Double) PreTradeCheck.trend(traderB(), Policy.DEFAULT, MarketContext.ofCloses(up)).values().get("fastMa"))
                .isCloseTo(50_000 + 100 * (60 + 79) / 2.0, within(1e-6));
    }

    @Test
    void test_atr_constantRangeBarsGiveThatRange() {
        int n = 30;
        double[] h = new double[n], l = new double[n], c = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = 101;
            l[i] = 99;
            c[i] = 100;
        }
        MarketContext bars = new MarketContext(h, l, c);
        assertThat(bars.lastAtr(14)).isCloseTo(2.0, within(TOL));
        assertThat(bars.lastAtr(40)).isNaN();
        // the stop rule measures Trader B's 1,600 stop distance in that ATR: 800 ATR
        Rule stop = PreTradeCheck.stop(traderB(), Policy.DEFAULT, bars);
        assertThat((Double) stop.values().get("distanceAtr")).isCloseTo(1_600 / 2.0, within(1e-9));
    }

    @Test
    void test_atr_isTheStopsModulesWilderAtr() {
        int n = 50;
        double[] h = new double[n], l = new double[n], c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = 100 + 5 * Math.sin(i / 3.0);
            h[i] = c[i] + 1 + (i % 4);
            l[i] = c[i] - 1 - (i % 3);
        }
        double[] atr = io.perpguard.stops.Atr.of(h, l, c, 14);
        assertThat(new MarketContext(h, l, c).lastAtr(14)).isEqualTo(atr[n - 1]);
    }

    @Test
    void test_exposure_betaWeightsTheNetDelta_whenBetasAreKnown() {
        // long SOL 1.6 beta beside the BTC plan: net delta counts SOL at 1.6× its notional
        Position sol = new Position("SOLUSDT", Side.LONG, 100, 150, 5, MarginMode.CROSS, PositionSide.BOTH, 0, 150);
        Account acct = new Account(10_000, List.of(sol));
        ChecklistResult plain = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, acct, null);
        ChecklistResult weighted = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, acct, null, new Betas("BTCUSDT", java.util.Map.of("SOLUSDT", 1.6)));
        double btcNotional = plain.sized().notional();
        assertThat((Double) plain.rule("exposure").values().get("netDelta")).isCloseTo(btcNotional + 15_000, within(TOL));
        assertThat((Double) weighted.rule("exposure").values().get("netDelta")).isCloseTo(btcNotional + 1.6 * 15_000, within(TOL));
        assertThat(weighted.rule("exposure").values().get("betaWeighted")).isEqualTo(true);
        // a symbol without a beta is taken as 1 and named
        ChecklistResult unknown = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, acct, null, Betas.none("BTCUSDT"));
        assertThat((Double) unknown.rule("exposure").values().get("netDelta")).isCloseTo(btcNotional + 15_000, within(TOL));
        assertThat(unknown.rule("exposure").values().get("betaAssumedFor")).isEqualTo(List.of("SOLUSDT"));
    }

    @Test
    void test_exposure_againstAnotherBenchmark_theBenchmarkIsOneAndBtcIsWeighted() {
        // betas to SOLUSDT: SOL is 1 by definition, the BTC plan weighs 0.6; were BTCUSDT still hard-coded as the
        // benchmark, the plan would count at 1 and SOL would be "assumed"
        Position sol = new Position("SOLUSDT", Side.LONG, 100, 150, 5, MarginMode.CROSS, PositionSide.BOTH, 0, 150);
        Account acct = new Account(10_000, List.of(sol));
        double btcNotional = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, acct, null).sized().notional();
        Rule r = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, acct, null, new Betas("SOLUSDT", java.util.Map.of("BTCUSDT", 0.6))).rule("exposure");
        assertThat((Double) r.values().get("netDelta")).isCloseTo(0.6 * btcNotional + 15_000, within(TOL));
        assertThat(r.values().get("beta")).isEqualTo(0.6);
        assertThat(r.values().get("benchmark")).isEqualTo("SOLUSDT");
        assertThat(r.values().get("betaAssumedFor")).isEqualTo(List.of());
    }

    @Test
    void test_stop_insideOneAtrWarns() {
        int n = 30;
        double[] h = new double[n], l = new double[n], c = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = 61_000;
            l[i] = 59_000;   // ATR 2,000 > the 1,600 stop distance
            c[i] = 60_000;
        }
        Rule r = PreTradeCheck.stop(traderB(), Policy.DEFAULT, new MarketContext(h, l, c));
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
        assertThat((Double) r.values().get("distanceAtr")).isCloseTo(0.8, within(TOL));
    }

    @Test
    void test_funding_payingSideAboveLimitWarns_receivingPasses() {
        TradePlan longPays = withFunding(0.001);
        Rule r = PreTradeCheck.run(longPays, Policy.DEFAULT, BTC, null, null).rule("funding");
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
        double notional = (Double) PreTradeCheck.run(longPays, Policy.DEFAULT, BTC, null, null).rule("size").values().get("notional");
        // 8 h funding: three payments a day of notional × rate
        assertThat((Double) r.values().get("costPerDay")).isCloseTo(3 * notional * 0.001, within(1e-9));
        assertThat(PreTradeCheck.run(withFunding(-0.001), Policy.DEFAULT, BTC, null, null).rule("funding").verdict()).isEqualTo(Verdict.PASS);
    }

    private static TradePlan withFunding(double rate) {
        TradePlan b = traderB();
        return new TradePlan(b.symbol(), b.side(), b.thesis(), b.entry(), b.stop(), b.stopMethod(), b.targets(), b.leverage(),
                b.equity(), b.qty(), b.riskPct(), rate, 3);
    }

    @Test
    void test_exposure_countsTheAccountsPositions() {
        Position eth = new Position("ETHUSDT", Side.LONG, 10, 3_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 3_000);
        Account acct = new Account(10_000, List.of(eth));
        Rule r = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, acct, null).rule("exposure");
        double qty = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, null, null).sized().qty();
        // gross (30,000 + qty × 60,000) / 10,000 = above 3x
        assertThat((Double) r.values().get("grossExposure")).isCloseTo((30_000 + qty * 60_000) / 10_000, within(TOL));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void test_exposure_anAccountWithNothingLeft_failsInWords_notInfinity() {
        Account empty = new Account(0, List.of());
        Rule r = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, empty, null).rule("exposure");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).isEqualTo(Reason.EXPOSURE_NO_EQUITY);
    }

    @Test
    void test_plan_needsExactlyOneOfQtyOrRiskPct() {
        assertThatThrownBy(() -> new TradePlan("BTCUSDT", Side.LONG, "", 60_000, Double.NaN, StopMethod.NONE, List.of(), 5, 10_000,
                1, 2, Double.NaN, Double.NaN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("qty");
    }

    @Test
    void sizeBelowTheVenuesMinimumNotional_failsWithTheSmallestAcceptedQty_andAtTheMinimumPasses() {
        TradePlan tiny = new TradePlan("BTCUSDT", Side.LONG, "reclaim of the 59k range low with rising open interest", 60_000, 58_400,
                StopMethod.STRUCTURE, List.of(64_000.0), 10, 10_000, 0.001, Double.NaN, Double.NaN, Double.NaN);
        Rule size = PreTradeCheck.run(tiny, Policy.DEFAULT, BTC, null, null).rule("size");
        assertThat(size.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(size.reason()).isEqualTo(Reason.SIZE_BELOW_MINIMUM);   // 0.001 × 60,000 = 60 < 100 USDT
        assertThat(size.values()).containsEntry("minNotional", 100.0).containsEntry("smallestQty", 0.002);
        TradePlan atMin = new TradePlan("BTCUSDT", Side.LONG, tiny.thesis(), 60_000, 58_400, StopMethod.STRUCTURE, List.of(64_000.0), 10,
                10_000, 0.002, Double.NaN, Double.NaN, Double.NaN);
        assertThat(PreTradeCheck.run(atMin, Policy.DEFAULT, BTC, null, null).rule("size").reason()).isEqualTo(Reason.SIZE_FROM_RISK);
    }

    @Test
    void entryFarFromTheCurrentMark_isWarned_nearItPasses_withoutAMarkItIsNotCompared() {
        assertThat(PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, null, MarketContext.NONE.withMark(6_000)).rule("entry"))
                .satisfies(r -> {
                    assertThat(r.verdict()).isEqualTo(Verdict.WARN);
                    assertThat(r.reason()).isEqualTo(Reason.ENTRY_FAR_FROM_MARK);
                    assertThat((Double) r.values().get("distancePct")).isCloseTo(900, within(TOL));
                });
        // the last close stands in for the mark; 10 % is the edge
        assertThat(PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, null, MarketContext.ofCloses(new double[]{66_000})).rule("entry").reason())
                .isEqualTo(Reason.ENTRY_NEAR_MARK);
        assertThat(PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, null, MarketContext.ofCloses(new double[]{66_700})).rule("entry").reason())
                .isEqualTo(Reason.ENTRY_FAR_FROM_MARK);
        ChecklistResult none = PreTradeCheck.run(traderB(), Policy.DEFAULT, BTC, null, null);
        assertThat(none.rule("entry").reason()).isEqualTo(Reason.ENTRY_NO_MARK);
        assertThat(none.rule("entry").verdict()).isEqualTo(Verdict.PASS);
        assertThatThrownBy(() -> MarketContext.NONE.withMark(Double.POSITIVE_INFINITY)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("markPrice:");
    }
}
