package io.perpguard.orders;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Side;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.FundingHistory;
import io.perpguard.stops.RealCandles;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BarReplayTest {
    static final Contract BTC = new Contract("BTCUSDT", 0.1, 0.001, 0.001, 5, 0.0005, 0.0002, 8, 0.0125);
    /** Binance BTCUSDT brackets 1–3 (2024-10-24): enough for these sizes. */
    static final RiskTiers TIERS = RiskTiers.of("BTCUSDT", new double[]{0, 50_000, 600_000}, new double[]{50_000, 600_000, 3_000_000},
            new double[]{125, 100, 75}, new double[]{0.004, 0.005, 0.0065});
    static final Instrument INST = new Instrument(BTC, TIERS);
    static final long T0 = Instant.parse("2023-01-01T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;
    static final double EPS = 1e-9;

    /** Hourly candles from T0, each "open high low close". */
    static CandleSeries bars(String... ohlc) {
        int n = ohlc.length;
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = ohlc[i].trim().split("\\s+");
            t[i] = T0 + i * HOUR;
            o[i] = Double.parseDouble(f[0]);
            h[i] = Double.parseDouble(f[1]);
            l[i] = Double.parseDouble(f[2]);
            c[i] = Double.parseDouble(f[3]);
            v[i] = 1;
        }
        return new CandleSeries("BTCUSDT", t, o, h, l, c, v);
    }

    static OrderPlan longPlan(StopOrder stop, List<TakeProfit> targets, double qty, double leverage) {
        return new OrderPlan("BTCUSDT", Side.LONG, T0, ScaleLadder.market(), stop, targets, 1, null, 0, 0, leverage, 10_000, 1, qty, 0);
    }

    //-------------------------------------------------------------------------
    /**
     * Long BTCUSDT at the 2023-06-20 00:00 UTC open (26,828.6), stop 300 below (26,528.6), default plan: 25 % at
     * 1R (27,128.6), then stop to breakeven. Reading the candles: the 00:00 bar tops at 27,041.7 (short of 1R);
     * the 01:00 bar reaches 27,177.3 (≥ 1R) while its low 26,866.4 stays above entry → partial take-profit at 01:00
     * and the stop goes to 26,828.6. Lows of 02:00, 03:00, 04:00 (26,860.0, 26,873.5, 26,880.7) stay above it; the
     * 05:00 bar falls to 26,777.0 → breakeven stop at 05:00. (Bars found by reading the CSV with python.)
     */
    @Test
    void test_run_realBtcusdt2023_partialTakeProfitAt0100_breakevenStopAt0500() {
        CandleSeries s = RealCandles.read("BTCUSDT-1h-futures-2023.csv");
        long entryTime = Instant.parse("2023-06-20T00:00:00Z").toEpochMilli();
        OrderPlan plan = OrderPlan.simple("BTCUSDT", Side.LONG, entryTime, Double.NaN, 26_528.6, 10, 10_000, 1);
        ReplayResult r = BarReplay.run(plan, s, null, INST);

        assertThat(r.averageEntry()).isEqualTo(26_828.6);
        ReplayEvent tp = r.firstEvent("take-profit");
        ReplayEvent be = r.firstEvent("breakeven");
        assertThat(Instant.ofEpochMilli(tp.timeMs())).isEqualTo(Instant.parse("2023-06-20T01:00:00Z"));
        assertThat(tp.price()).isEqualTo(27_128.6);
        assertThat(Instant.ofEpochMilli(be.timeMs())).isEqualTo(Instant.parse("2023-06-20T01:00:00Z"));
        assertThat(be.price()).isEqualTo(26_828.6);

        assertThat(r.trades()).hasSize(2);
        TradeRecord first = r.trades().get(0), second = r.trades().get(1);
        assertThat(first.exitReason()).isEqualTo("target-1");
        assertThat(second.exitReason()).isEqualTo("breakeven-stop");
        assertThat(Instant.ofEpochMilli(second.exitTimeMs())).isEqualTo(Instant.parse("2023-06-20T05:00:00Z"));
        assertThat(second.exitPrice()).isEqualTo(26_828.6);
        // size: 1 % of 10,000 over (300 + taker fee on entry and on stop) per BTC, floored to 0.001
        double qty = Math.floor(100 / (300 + 26_828.6 * 0.0005 + 26_528.6 * 0.0005) * 1000) / 1000;
        assertThat(r.filledQty()).isCloseTo(qty, within(EPS));
        assertThat(first.qty()).isCloseTo(Math.floor(qty * 0.25 * 1000) / 1000, within(EPS));
        assertThat(first.qty() + second.qty()).isCloseTo(qty, within(EPS));
        // the take-profit piece earns 1R of price on its share; the breakeven piece only loses fees
        assertThat(first.pnl()).isCloseTo(first.qty() * 300, within(1e-6));
        assertThat(second.pnl()).isCloseTo(0, within(1e-6));
        assertThat(second.rMultiple()).isNegative();
        assertThat(r.totalR()).isCloseTo(first.rMultiple() + second.rMultiple(), within(EPS));
        // held 00:00–05:00: no funding time (00:00 is charged before the entry, 08:00 comes after the exit) → nothing missing
        assertThat(r.fundingPaid()).isZero();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.liquidated()).isFalse();
        assertThat(r.finalEquity()).isCloseTo(10_000 + first.netPnl() + second.netPnl(), within(1e-6));
    }

    /** A long at 100x whose liquidation (about 26,700) sits above its stop 26,528.6: size and check refuse it; replay warned nothing. */
    @Test
    void test_run_liquidationAboveTheStop_isWarned_byTheRuleSizeAndCheckUse() {
        CandleSeries s = RealCandles.read("BTCUSDT-1h-futures-2023.csv");
        long entryTime = Instant.parse("2023-06-20T00:00:00Z").toEpochMilli();
        ReplayResult r = BarReplay.run(OrderPlan.simple("BTCUSDT", Side.LONG, entryTime, Double.NaN, 26_528.6, 100, 10_000, 1), s, null, INST);
        ReplayEvent entry = r.firstEvent("entry");
        double liq = ((Number) entry.values().get("liquidationPrice")).doubleValue();
        assertThat(liq).isGreaterThan(26_528.6);
        assertThat(RiskBasedSizer.keepsBuffer(RiskBasedSizer.stopBuffer(Side.LONG, r.averageEntry(), 26_528.6, liq), 0)).isFalse();
        assertThat(r.warnings()).extracting(ReplayEvent.Warning::code).containsOnlyOnce(ReplayEvent.Warning.Code.LIQUIDATION_BEFORE_STOP);
        ReplayEvent.Warning w = r.warnings().stream().filter(x -> x.code() == ReplayEvent.Warning.Code.LIQUIDATION_BEFORE_STOP).findFirst().orElseThrow();
        assertThat(w.values()).containsEntry("stop", 26_528.6).containsEntry("liquidationPrice", liq).containsEntry("timeMs", entryTime);
        // a short alike: liquidation below its stop
        ReplayResult sh = BarReplay.run(OrderPlan.simple("BTCUSDT", Side.SHORT, entryTime, Double.NaN, 27_128.6, 100, 10_000, 1), s, null, INST);
        assertThat(sh.warnings()).extracting(ReplayEvent.Warning::code).contains(ReplayEvent.Warning.Code.LIQUIDATION_BEFORE_STOP);
        // at 10x the stop comes first: no warning (test_run_realBtcusdt2023_... asserts no warnings at all)
        ReplayResult ok = BarReplay.run(OrderPlan.simple("BTCUSDT", Side.LONG, entryTime, Double.NaN, 26_528.6, 10, 10_000, 1), s, null, INST);
        assertThat(ok.warnings()).extracting(ReplayEvent.Warning::code).doesNotContain(ReplayEvent.Warning.Code.LIQUIDATION_BEFORE_STOP);
    }

    /**
     * A buy limit at or above the open fills at the open (taker): the plan is sized there, not at the limit (a limit of
     * 1e9 sized it to 0), and a limit more than 10 % from the open is warned as check warns an entry far from the mark.
     */
    @Test
    void test_run_marketableLimit_isSizedAtTheOpenItFillsAt_andAFarLimitIsWarned() {
        CandleSeries s = RealCandles.read("BTCUSDT-1h-futures-2023.csv");
        long t = Instant.parse("2023-06-20T00:00:00Z").toEpochMilli();   // open 26,828.6
        ReplayResult market = BarReplay.run(OrderPlan.simple("BTCUSDT", Side.LONG, t, Double.NaN, 26_528.6, 10, 10_000, 1), s, null, INST);
        ReplayResult near = BarReplay.run(OrderPlan.simple("BTCUSDT", Side.LONG, t, 26_900, 26_528.6, 10, 10_000, 1), s, null, INST);
        ReplayResult far = BarReplay.run(OrderPlan.simple("BTCUSDT", Side.LONG, t, 1e9, 26_528.6, 10, 10_000, 1), s, null, INST);
        for (ReplayResult r : List.of(near, far)) {
            assertThat(r.averageEntry()).isEqualTo(26_828.6);
            assertThat(r.firstEvent("entry").note()).isEqualTo(ReplayEvent.Note.LIMIT_MARKETABLE_AT_OPEN);
            assertThat(r.plannedQty()).isEqualTo(market.plannedQty());   // the market entry pays the taker fee and slippage 0 here too
        }
        assertThat(near.warnings()).extracting(ReplayEvent.Warning::code).doesNotContain(ReplayEvent.Warning.Code.ENTRY_FAR_FROM_OPEN);
        assertThat(far.warnings()).extracting(ReplayEvent.Warning::code).contains(ReplayEvent.Warning.Code.ENTRY_FAR_FROM_OPEN);
    }

    /** A size below the minimum names the field at fault: an entry of 1e9 was blamed on riskPct. */
    @Test
    void test_run_sizeBelowMinimum_namesTheFieldAtFault() {
        CandleSeries s = RealCandles.read("BTCUSDT-1h-futures-2023.csv");
        long t = Instant.parse("2023-06-20T00:00:00Z").toEpochMilli();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BarReplay.run(
                        OrderPlan.simple("BTCUSDT", Side.SHORT, t, 1e9, 1.1e9, 10, 10_000, 1), s, null, INST))
                .isInstanceOf(io.perpguard.InvalidInputException.class)
                .hasMessageStartingWith("entry: 1,000,000,000 lies outside every price of the candles from 2023-06-20T00:00:00Z (")
                .hasMessageContaining("is below the minimum order 0.001 BTCUSDT");
        // a short ladder: a sell limit at 27,000 rests above the open; the second rung of 1e9 is the fault
        OrderPlan ladder = new OrderPlan("BTCUSDT", Side.SHORT, t, new ScaleLadder(List.of(new EntryLevel(27_000, 1), new EntryLevel(1e9, 1))),
                StopOrder.market(1.1e9), null, 1, null, 0, 0, 10, 10_000, 1, Double.NaN, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BarReplay.run(ladder, s, null, INST))
                .hasMessageStartingWith("entries[1].price: 1,000,000,000 lies outside");
        // a far stop: farther from the entry than the market went
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BarReplay.run(
                        OrderPlan.simple("BTCUSDT", Side.SHORT, t, Double.NaN, 1e9, 10, 10_000, 1), s, null, INST))
                .hasMessageStartingWith("stop: 1,000,000,000 lies outside");
        // an ordinary plan whose budget is too small is the risk's fault, with its figures
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BarReplay.run(
                        OrderPlan.simple("BTCUSDT", Side.LONG, t, Double.NaN, 26_528.6, 10, 100, 0.1), s, null, INST))
                .hasMessageStartingWith("riskPct: 0.1 % of equity 100 over a stop 300 from the entry: the plan's size 0 is below");
    }

    //-------------------------------------------------------------------------
    static final String[] GAP_BARS = {
            "100 101 99 100",
            "100 100.5 96 97",       // falls toward the stop but stays above 95
            "93 93.5 92 93",         // opens at 93: through the stop (95) and the limit (94) at once
            "93 93.8 92.5 93.2"};    // never trades back up to 94

    @Test
    void test_run_stopLimitGap_opensThroughStopAndLimit_positionStaysOpen_andSaysSo() {
        OrderPlan plan = longPlan(new StopOrder(95, StopType.LIMIT, 1), List.of(TakeProfit.atR(3, 25)), 1, 5);
        ReplayResult r = BarReplay.run(plan, bars(GAP_BARS), null, INST);
        ReplayEvent unfilled = r.firstEvent("stop-limit-unfilled");
        assertThat(unfilled).isNotNull();
        assertThat(unfilled.bar()).isEqualTo(2);
        assertThat(unfilled.price()).isEqualTo(93.0);
        assertThat(r.warnings()).anyMatch(w -> w.code() == ReplayEvent.Warning.Code.STOP_LIMIT_UNFILLED && w.values().get("qty").equals(unfilled.qty())
                && w.values().get("timeMs").equals(unfilled.timeMs()));
        assertThat(unfilled.note()).isEqualTo(ReplayEvent.Note.STOP_LIMIT_UNFILLED);
        // nothing closed at bar 2; the position is still open when the candles end
        assertThat(r.trades()).hasSize(1);
        assertThat(r.trades().get(0).exitReason()).isEqualTo("end-of-data");
        assertThat(r.trades().get(0).exitTimeMs()).isEqualTo(T0 + 3 * HOUR);
        assertThat(r.liquidated()).isFalse();
    }

    @Test
    void test_run_stopLimitGap_restingLimitFillsWhenPriceReturns() {
        String[] b = GAP_BARS.clone();
        b[3] = "93 94.5 92.5 94.2";
        OrderPlan plan = longPlan(new StopOrder(95, StopType.LIMIT, 1), List.of(TakeProfit.atR(3, 25)), 1, 5);
        ReplayResult r = BarReplay.run(plan, bars(b), null, INST);
        assertThat(r.trades()).hasSize(1);
        assertThat(r.trades().get(0).exitReason()).isEqualTo("stop-limit");
        assertThat(r.trades().get(0).exitPrice()).isEqualTo(94.0);
        assertThat(r.trades().get(0).exitTimeMs()).isEqualTo(T0 + 3 * HOUR);
    }

    @Test
    void test_run_stopMarketGap_fillsAtTheOpenBeyondTheStop() {
        OrderPlan plan = longPlan(StopOrder.market(95), List.of(TakeProfit.atR(3, 25)), 1, 5);
        ReplayResult r = BarReplay.run(plan, bars(GAP_BARS), null, INST);
        assertThat(r.trades()).hasSize(1);
        assertThat(r.trades().get(0).exitReason()).isEqualTo("stop");
        assertThat(r.trades().get(0).exitPrice()).isEqualTo(93.0);
        assertThat(r.trades().get(0).exitTimeMs()).isEqualTo(T0 + 2 * HOUR);
    }

    @Test
    void test_run_stopAndTargetInOneBar_adverseFirst_isExactlyMinusOneR() {
        OrderPlan plan = longPlan(StopOrder.market(95), List.of(TakeProfit.atR(1, 25)), 1, 5);
        ReplayResult r = BarReplay.run(plan, bars("100 100.5 99.5 100", "100 106 94 100"), null, INST);
        assertThat(r.firstEvent("take-profit")).isNull();
        assertThat(r.trades()).hasSize(1);
        TradeRecord t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo("stop");
        assertThat(t.exitPrice()).isEqualTo(95.0);
        // R = 5 + taker fees on entry (100) and stop (95); the stop loses exactly that
        assertThat(r.riskAmount()).isCloseTo(5 + 100 * 0.0005 + 95 * 0.0005, within(EPS));
        assertThat(t.rMultiple()).isCloseTo(-1, within(EPS));
        assertThat(r.finalEquity()).isCloseTo(10_000 - r.riskAmount(), within(EPS));
    }

    @Test
    void test_run_gapThroughStopAndLiquidation_liquidates_neverStopsAtTheOpen() {
        // 1 BTC long at 100, 10x, stop 95 above the liquidation at 90.36…; the next candle opens at 85, beyond both: the
        // position was liquidated on the way (isolated margin 10 lost), not stopped at 85, a loss of 15 its margin cannot hold
        OrderPlan plan = longPlan(StopOrder.market(95), List.of(TakeProfit.atR(3, 25)), 1, 10);
        ReplayResult r = BarReplay.run(plan, bars("100 100.5 99.5 100", "85 86 84 85"), null, INST);
        assertThat(r.liquidated()).isTrue();
        assertThat(r.firstEvent("stop")).isNull();
        TradeRecord t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo("liquidation");
        assertThat(t.exitPrice()).isEqualTo(BTC.ceilToTick((10 - 100) / (0.004 - 1)));
        assertThat(r.finalEquity()).isCloseTo(10_000 - 10 - 100 * 0.0005, within(1e-9));
    }

    @Test
    void test_run_stopBeyondLiquidation_liquidatedAtThePrice_marginLost() {
        // 1 BTC long at 100, 20x: isolated margin 5; LP = (5 − 100) / (0.004 − 1) (Binance isolated, tier 1, cum 0)
        OrderPlan plan = longPlan(StopOrder.market(90), List.of(TakeProfit.atR(1, 25)), 1, 20);
        ReplayResult r = BarReplay.run(plan, bars("100 100.5 99.5 100", "100 100 94 96"), null, INST);
        double lp = (5 - 100) / (0.004 - 1);
        assertThat(r.liquidated()).isTrue();
        TradeRecord t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo("liquidation");
        assertThat(t.exitPrice()).isEqualTo(BTC.ceilToTick(lp));   // 95.38… at the tick toward the entry, as calc shows it
        // the whole isolated margin goes (price loss + clearance fee), plus the entry fee paid earlier
        assertThat(r.finalEquity()).isCloseTo(10_000 - 5 - 100 * 0.0005, within(1e-9));
    }

    @Test
    void test_run_ladder_averagesEntry_recomputesLiquidationAfterEachFill() {
        OrderPlan plan = new OrderPlan("BTCUSDT", Side.LONG, T0,
                new ScaleLadder(List.of(new EntryLevel(100, 1), new EntryLevel(98, 1))), StopOrder.market(95),
                List.of(TakeProfit.atR(1, 25)), 1, null, 0, 0, 10, 10_000, 1, 2, 0);
        ReplayResult r = BarReplay.run(plan, bars("101 101.5 100.5 101", "101 101 99.5 100", "100 100 97 99"), null, INST);
        List<ReplayEvent> entries = r.events().stream().filter(e -> e.type().equals("entry")).toList();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).bar()).isEqualTo(1);
        assertThat(entries.get(1).bar()).isEqualTo(2);
        assertThat(r.averageEntry()).isCloseTo(99, within(EPS));
        // liquidation of 1 @ 100 at 10x, then of 2 @ 99 at 10x (isolated, tier 1)
        // (90.36…, 89.42…), each at the tick toward the entry as calc shows it
        double lp1 = (10 - 100) / (0.004 - 1), lp2 = (2 * 99 / 10.0 - 2 * 99) / (2 * 0.004 - 2);
        assertThat((double) entries.get(0).values().get("liquidationPrice")).isEqualTo(BTC.ceilToTick(lp1));
        assertThat((double) entries.get(1).values().get("liquidationPrice")).isEqualTo(BTC.ceilToTick(lp2));
        assertThat(entries).extracting(ReplayEvent::note).containsOnly(ReplayEvent.Note.LIMIT_RUNG_FILLED);
        // R on the filled size: 2 × (99 − 95) + maker fees on the rungs + taker fee at the stop
        assertThat(r.riskAmount()).isCloseTo(8 + (100 + 98) * 0.0002 + 2 * 95 * 0.0005, within(EPS));
    }

    /**
     * R is the one loss per unit of {@code size} and {@code check} ({@link RiskBasedSizer#lossPerUnit}, slipped stop
     * fill included): a plan sized from riskPct gets the size {@code size} would give, and a stop-market hit at the
     * stop with no gap loses exactly 1 R (without the slippage in R it lost 1.02 R here).
     */
    @Test
    void test_run_rIsTheSizersLossPerUnit_withSlippage_soAStopOutIsMinusOneR() {
        OrderPlan plan = new OrderPlan("BTCUSDT", Side.LONG, T0, ScaleLadder.market(), StopOrder.market(95), List.of(TakeProfit.atR(5, 25)),
                1, null, 0, 0, 5, 10_000, 1, Double.NaN, 10);
        ReplayResult r = BarReplay.run(plan, bars("100 101 99 100", "100 100.5 94 94.5"), null, INST);
        double slip = 10 / 10_000.0;
        // sized at the market entry's slipped fill 100.1, where it fills, not at the bare open
        double perUnit = RiskBasedSizer.lossPerUnit(Side.LONG, 100.1, 95, BTC.takerFee(), slip);
        assertThat(r.plannedQty()).isEqualTo(RiskBasedSizer.qtyForRisk(10_000 * 0.01, perUnit, BTC));
        assertThat(r.averageEntry()).isCloseTo(100 * (1 + slip), within(EPS));
        assertThat(r.riskAmount()).isLessThanOrEqualTo(10_000 * 0.01);
        assertThat(r.riskAmount()).isCloseTo(r.filledQty() * RiskBasedSizer.lossPerUnit(Side.LONG, r.averageEntry(), 95, BTC.takerFee(), slip),
                within(EPS));
        // the slipped fill 94.905 is placed at the tick below (a sell never fills better than computed): 1 R plus that tick's part
        assertThat(r.trades()).singleElement().satisfies(t -> assertThat(t.exitPrice()).isEqualTo(94.9));
        double tickPart = r.filledQty() * (0.005 + BTC.takerFee() * -0.005) / r.riskAmount();
        assertThat(r.totalR()).isCloseTo(-1 - tickPart, within(1e-12));
    }

    /**
     * riskPct is the most the initial stop may lose: a market entry fills at the open slipped against the trader, so the
     * plan is sized there. Sized at the bare open, the short at 26,951.4 (2 bps: filled 26,946.0) with its stop at 27,130
     * had R = 102.39 on a budget of 100 (BTCUSDT 2023-06-20 05:00, `replay` on the bundled candles).
     */
    @Test
    void test_run_marketEntry_sizedAtItsSlippedFill_soRStaysWithinTheBudget() {
        for (Side side : Side.values()) {
            double stop = side == Side.LONG ? 26_772.8 : 27_130;
            OrderPlan plan = new OrderPlan("BTCUSDT", side, T0, ScaleLadder.market(), StopOrder.market(stop), List.of(TakeProfit.atR(5, 25)),
                    1, null, 0, 0, 20, 10_000, 1, Double.NaN, 2);
            ReplayResult r = BarReplay.run(plan, bars("26951.4 27024.2 26777.0 26805.5", "26805.5 26830.5 26733.6 26771.7"), null, INST);
            double fill = side == Side.LONG ? 26_956.8 : 26_946.0;   // 26,951.4 × (1 ± 0.0002) at the tick against the trader
            assertThat(r.averageEntry()).as(side.name()).isEqualTo(fill);
            assertThat(r.plannedQty()).as(side.name()).isEqualTo(RiskBasedSizer.qtyForRisk(100,
                    RiskBasedSizer.lossPerUnit(side, fill, stop, BTC.takerFee(), 0.0002), BTC));
            assertThat(r.riskAmount()).as(side.name()).isLessThanOrEqualTo(100).isGreaterThan(99);
        }
    }

    @Test
    void test_run_funding_chargedAtFundingTimes_missingRateIsAWarningNotZero() {
        String[] b = new String[20];
        for (int i = 0; i < 20; i++) {
            b[i] = "100 100.5 99.5 100";
        }
        // funding at 08:00 (with Binance's few-ms jitter) but not at 16:00
        FundingHistory f = new FundingHistory("BTCUSDT", new long[]{T0 + 8 * HOUR + 7}, new double[]{0.0001}, new double[]{Double.NaN});
        OrderPlan plan = new OrderPlan("BTCUSDT", Side.LONG, T0 + HOUR, ScaleLadder.market(), StopOrder.market(90),
                List.of(TakeProfit.atR(5, 25)), 1, null, 0, 0, 5, 10_000, 1, 2, 0);
        ReplayResult r = BarReplay.run(plan, bars(b), f, INST);
        // a long pays qty × mark × rate, mark = the 08:00 open (the history has no mark price)
        assertThat(r.fundingPaid()).isCloseTo(2 * 100 * 0.0001, within(EPS));
        assertThat(r.warnings()).contains(new ReplayEvent.Warning(ReplayEvent.Warning.Code.FUNDING_MISSING,
                Map.of("count", 1, "firstMs", T0 + 16 * HOUR, "lastMs", T0 + 16 * HOUR)));
        assertThat(r.trades().get(0).funding()).isCloseTo(0.02, within(EPS));

        ReplayResult none = BarReplay.run(plan, bars(b), null, INST);
        assertThat(none.fundingPaid()).isZero();
        assertThat(none.warnings()).anyMatch(w -> w.code() == ReplayEvent.Warning.Code.FUNDING_NOT_GIVEN && w.values().get("count").equals(2));
    }

    @Test
    void test_run_funding_aShortenedInterval_paysEverySettlementOfTheHistory_eachOnce() {
        String[] b = new String[20];
        for (int i = 0; i < 20; i++) {
            b[i] = "100 100.5 99.5 100";
        }
        // 8-hourly, but 09:00 to 11:00 hourly (Binance moves a symbol to 1 h while its rate is at the cap); the 16:00 record
        // 10 ms early, inside the 15:00 candle
        long[] t = {T0 - 16 * HOUR, T0 - 8 * HOUR, T0, T0 + 8 * HOUR, T0 + 9 * HOUR, T0 + 10 * HOUR, T0 + 11 * HOUR, T0 + 16 * HOUR - 10,
                T0 + 24 * HOUR};
        double[] rate = {0.0001, 0.0001, 0.0001, 0.0001, 0.001, 0.001, 0.001, 0.0001, 0.0001};
        double[] mark = new double[t.length];
        Arrays.fill(mark, Double.NaN);
        OrderPlan plan = new OrderPlan("BTCUSDT", Side.LONG, T0 + HOUR, ScaleLadder.market(), StopOrder.market(90),
                List.of(TakeProfit.atR(5, 25)), 1, null, 0, 0, 5, 10_000, 1, 2, 0);
        ReplayResult r = BarReplay.run(plan, bars(b), new FundingHistory("BTCUSDT", t, rate, mark), INST);
        double qty = r.filledQty();
        // held 01:00 to the end of 19:00: 08:00, the three hourly ones and 16:00, at the candle open of 100
        assertThat(r.fundingPaid()).isCloseTo(qty * 100 * (0.0001 + 3 * 0.001 + 0.0001), within(EPS));
        assertThat(r.events().stream().filter(e -> e.type().equals("funding")).count()).isEqualTo(5);
        assertThat(r.warnings()).noneMatch(w -> w.code() == ReplayEvent.Warning.Code.FUNDING_MISSING);
    }

    @Test
    void test_run_funding_theEightHourlyPartOfAHistoryLaterSettledHourly_isNotReportedMissingEveryHour() {
        String[] b = new String[20];
        for (int i = 0; i < 20; i++) {
            b[i] = "100 100.5 99.5 100";
        }
        // 8-hourly for two days around the candles, then hourly for a day: the median spacing (1 h) expected a payment at
        // every hour of the 8-hourly part and reported 01:00 to 07:00 and 09:00 to 15:00 missing; the 16:00 record dropped
        // is a real hole and still reported
        java.util.List<Long> times = new java.util.ArrayList<>();
        for (long at = T0 - 24 * HOUR; at <= T0 + 24 * HOUR; at += 8 * HOUR) {
            if (at != T0 + 16 * HOUR) {
                times.add(at);
            }
        }
        for (long at = T0 + 25 * HOUR; at <= T0 + 48 * HOUR; at += HOUR) {
            times.add(at);
        }
        long[] t = times.stream().mapToLong(Long::longValue).toArray();
        double[] rate = new double[t.length], mark = new double[t.length];
        Arrays.fill(rate, 0.0001);
        Arrays.fill(mark, Double.NaN);
        OrderPlan plan = new OrderPlan("BTCUSDT", Side.LONG, T0 + HOUR, ScaleLadder.market(), StopOrder.market(90),
                List.of(TakeProfit.atR(5, 25)), 1, null, 0, 0, 5, 10_000, 1, 2, 0);
        ReplayResult r = BarReplay.run(plan, bars(b), new FundingHistory("BTCUSDT", t, rate, mark), INST);
        assertThat(r.fundingPaid()).isCloseTo(r.filledQty() * 100 * 0.0001, within(EPS));   // held 01:00 to 19:00: 08:00 only
        assertThat(r.warnings()).contains(new ReplayEvent.Warning(ReplayEvent.Warning.Code.FUNDING_MISSING,
                Map.of("count", 1, "firstMs", T0 + 16 * HOUR, "lastMs", T0 + 16 * HOUR)));
    }

    @Test
    void test_run_funding_isFundingCarryPayment_forBothSides() {
        String[] b = new String[20];
        for (int i = 0; i < 20; i++) {
            b[i] = "100 100.5 99.5 100";
        }
        FundingHistory f = new FundingHistory("BTCUSDT", new long[]{T0 + 8 * HOUR}, new double[]{0.0003}, new double[]{101});
        for (Side side : Side.values()) {
            double stop = side == Side.LONG ? 90 : 110;
            OrderPlan plan = new OrderPlan("BTCUSDT", side, T0 + HOUR, ScaleLadder.market(), StopOrder.market(stop),
                    List.of(TakeProfit.atR(5, 25)), 1, null, 0, 0, 5, 10_000, 1, 2, 0);
            ReplayResult r = BarReplay.run(plan, bars(b), f, INST);
            double qty = r.filledQty();
            assertThat(qty).isPositive();
            // one sign everywhere (DESIGN.md): positive = the position pays; a short receives at a positive rate
            assertThat(r.fundingPaid()).as(side.label()).isCloseTo(io.perpguard.funding.FundingCarry.payment(side, qty * 101, 0.0003), within(EPS));
        }
    }

    @Test
    void test_run_timeStop_exitsAtCloseWhenOneRNeverReached() {
        String[] b = {"100 100.5 99.5 100", "100 101 99 100.5", "100.5 101 99.5 100", "100 101 99 100.2", "100 104 99 103"};
        OrderPlan plan = new OrderPlan("BTCUSDT", Side.LONG, T0, ScaleLadder.market(), StopOrder.market(95),
                List.of(TakeProfit.atR(1, 25)), 1, null, 3, 0, 5, 10_000, 1, 1, 0);
        ReplayResult r = BarReplay.run(plan, bars(b), null, INST);
        assertThat(r.trades()).hasSize(1);
        assertThat(r.trades().get(0).exitReason()).isEqualTo("time-stop");
        assertThat(r.trades().get(0).exitTimeMs()).isEqualTo(T0 + 3 * HOUR);
        assertThat(r.trades().get(0).exitPrice()).isEqualTo(100.2);
    }

    @Test
    void test_run_short_mirrorsLong_targetBelowStopAbove() {
        OrderPlan plan = new OrderPlan("BTCUSDT", Side.SHORT, T0, ScaleLadder.market(), StopOrder.market(105),
                List.of(TakeProfit.atR(1, 50), TakeProfit.atR(2, 50)), 1, null, 0, 0, 5, 10_000, 1, 1, 0);
        ReplayResult r = BarReplay.run(plan, bars("100 100.5 99.5 100", "100 100.5 94 96", "96 97 89 90"), null, INST);
        assertThat(r.trades()).extracting(TradeRecord::exitReason).containsExactly("target-1", "target-2");
        assertThat(r.trades()).extracting(TradeRecord::exitPrice).containsExactly(95.0, 90.0);
        assertThat(r.trades().get(0).pnl()).isCloseTo(0.5 * 5, within(EPS));
    }

    /** True when {@code v} is a whole number of {@code increment}s (exact decimal, as the venue checks it). */
    static boolean onGrid(double v, double increment) {
        return new java.math.BigDecimal(Double.toString(v)).remainder(new java.math.BigDecimal(Double.toString(increment))).signum() == 0;
    }

    /**
     * A breakeven stop is an order at the venue: on the tick, and on the side of the average entry that does not turn the
     * breakeven into a loss (up for a long). Rungs at 100.0 and 99.9 average 99.95: the stop was placed at 99.95 and the
     * low of 99.9 filled it there, off the tick and below the tick above the entry.
     */
    @Test
    void test_run_breakevenStop_isOnTheTick_atOrBeyondTheAverageEntry() {
        OrderPlan plan = new OrderPlan("BTCUSDT", Side.LONG, T0,
                new ScaleLadder(List.of(new EntryLevel(100.0, 1), new EntryLevel(99.9, 1))), StopOrder.market(95),
                List.of(TakeProfit.atR(1, 50)), 1, null, 0, 0, 10, 10_000, 1, 2, 0);
        ReplayResult r = BarReplay.run(plan, bars("100.5 100.5 99.8 100.2", "100.2 105 100.1 104", "104 104 99.95 100"), null, INST);
        assertThat(r.averageEntry()).isCloseTo(99.95, within(EPS));
        ReplayEvent be = r.events().stream().filter(e -> e.type().equals("breakeven")).findFirst().orElseThrow();
        assertThat(be.price()).isEqualTo(100.0);
        TradeRecord stop = r.trades().get(r.trades().size() - 1);
        assertThat(stop.exitReason()).isEqualTo("breakeven-stop");
        assertThat(stop.exitPrice()).isEqualTo(100.0);
        assertThat(stop.pnl()).isPositive();
        // a short mirrors it: rungs at 100.0 and 100.1 average 100.05, the breakeven stop goes down to 100.0
        OrderPlan shortPlan = new OrderPlan("BTCUSDT", Side.SHORT, T0,
                new ScaleLadder(List.of(new EntryLevel(100.0, 1), new EntryLevel(100.1, 1))), StopOrder.market(105),
                List.of(TakeProfit.atR(1, 50)), 1, null, 0, 0, 10, 10_000, 1, 2, 0);
        ReplayResult s = BarReplay.run(shortPlan, bars("99.5 100.2 99.5 99.8", "99.8 99.9 95 96", "96 100.05 96 100"), null, INST);
        assertThat(s.events().stream().filter(e -> e.type().equals("breakeven")).findFirst().orElseThrow().price()).isEqualTo(100.0);
        assertThat(s.trades().get(s.trades().size() - 1).exitPrice()).isEqualTo(100.0);
    }

    /**
     * Every price that leaves the replay as an order or a fill is on the tick, every quantity on the step: slipped market
     * fills (an entry at 100 × 1.0007 = 100.07, a stop at 95 × 0.9993 = 94.9335), trailing stops (103.25), liquidation
     * levels, and the last rung of a ladder split in three (0.297 − 0.099 − 0.099 = 0.09899999999999998).
     */
    @Test
    void test_run_pricesAreOnTheTick_andQuantitiesOnTheStep() {
        OrderPlan slipped = new OrderPlan("BTCUSDT", Side.LONG, T0, ScaleLadder.market(), StopOrder.market(95), List.of(TakeProfit.atR(5, 25)),
                1, null, 0, 0, 5, 10_000, 1, 1, 7);
        ReplayResult a = BarReplay.run(slipped, bars("100 101 99 100", "100 100.5 94 94.5"), null, INST);
        assertThat(a.events().get(0).price()).isEqualTo(100.1);            // a buy never fills better than the slipped price
        assertThat(a.trades().get(0).exitPrice()).isEqualTo(94.9);         // a sell neither
        OrderPlan trailing = new OrderPlan("BTCUSDT", Side.LONG, T0, ScaleLadder.market(), StopOrder.market(90),
                List.of(TakeProfit.atR(10, 25)), 0, new Trailing(1, 2, 0), 0, 0, 5, 10_000, 1, 1, 0);
        ReplayResult t = BarReplay.run(trailing, bars("100 101 99 100", "100 103 99 102", "102 105 101 104", "104 107 103 106",
                "106 106.5 100 101"), null, INST);
        OrderPlan ladder = new OrderPlan("BTCUSDT", Side.LONG, T0,
                new ScaleLadder(List.of(new EntryLevel(100, 1), new EntryLevel(99.5, 1), new EntryLevel(99, 1))), StopOrder.market(95),
                List.of(TakeProfit.atR(1, 33)), 1, null, 0, 0, 10, 10_000, 1, 0.297, 3);
        ReplayResult l = BarReplay.run(ladder, bars("100.5 100.5 98.5 99", "99 104.2 98.9 104", "104 104 90 91"), null, INST);
        for (ReplayResult r : List.of(a, t, l)) {
            for (ReplayEvent e : r.events()) {
                if (Double.isFinite(e.price()) && !e.type().equals("funding")) {
                    assertThat(onGrid(e.price(), BTC.tickSize())).as(e.type() + " at " + e.price()).isTrue();
                }
                assertThat(onGrid(e.qty(), BTC.stepSize())).as(e.type() + " of " + e.qty()).isTrue();
                Object liq = e.values().get("liquidationPrice");
                if (liq instanceof Double d && Double.isFinite(d)) {
                    assertThat(onGrid(d, BTC.tickSize())).as(e.type() + " liquidation " + d).isTrue();
                }
            }
            for (TradeRecord tr : r.trades()) {
                assertThat(onGrid(tr.exitPrice(), BTC.tickSize())).as(tr.exitReason() + " at " + tr.exitPrice()).isTrue();
                assertThat(onGrid(tr.qty(), BTC.stepSize())).as(tr.exitReason() + " of " + tr.qty()).isTrue();
            }
        }
        assertThat(t.events().stream().filter(e -> e.type().equals("trailing")).map(ReplayEvent::price).toList())
                .containsExactly(100.0, 101.5, 103.2);
    }

    @Test
    void test_run_trailingStop_followsBestHighMinusAtr_neverLoosens() {
        // TRs 2, 4, 4, 4 → Wilder ATR(2): bar 1 (2+4)/2 = 3, bar 2 (3+4)/2 = 3.5, bar 3 (3.5+4)/2 = 3.75
        // trailing 1 × ATR from the best high: 103 − 3 = 100, 105 − 3.5 = 101.5, 107 − 3.75 = 103.25
        OrderPlan plan = new OrderPlan("BTCUSDT", Side.LONG, T0, ScaleLadder.market(), StopOrder.market(90),
                List.of(TakeProfit.atR(10, 25)), 0, new Trailing(1, 2, 0), 0, 0, 5, 10_000, 1, 1, 0);
        ReplayResult r = BarReplay.run(plan, bars("100 101 99 100", "100 103 99 102", "102 105 101 104", "104 107 103 106",
                "106 106.5 100 101"), null, INST);
        List<Double> levels = r.events().stream().filter(e -> e.type().equals("trailing")).map(ReplayEvent::price).toList();
        // 103.25 is placed at the tick below (TickRule.EXIT: a long's stop never tighter than computed)
        assertThat(levels).containsExactly(100.0, 101.5, 103.2);
        TradeRecord t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo("trailing-stop");
        assertThat(t.exitPrice()).isEqualTo(103.2);
        assertThat(t.exitTimeMs()).isEqualTo(T0 + 4 * HOUR);
    }
}
