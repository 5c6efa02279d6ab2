package io.perpguard.sizing;

import io.perpguard.InvalidInputException;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import static io.perpguard.sizing.SizingFixtures.BTCUSDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

final class RiskBasedSizerTest {
    private static final double TAKER = 0.0005;
    private static final double MMR_TIER1 = 0.004;
    /** Trader B of the guide: $10,000, 2 % risk, long BTC at 60,000, stop just below 58,500, 10×. */
    private static final SizingInput TRADER_B = SizingInput.riskPct(10_000, 2, 60_000, 58_400, 10);

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void test_qtyForRisk_aSizeBeyondTheDoublesStepResolution_ends_andStaysWithinTheBudget() {
        // 2e18 USDT at risk buys ~1.16e15 BTC: qty − 0.001 == qty in double, and the loop lowering it never ended
        // (size --equity 1e20 and a replay plan with that equity hung)
        double loss = RiskBasedSizer.lossPerUnit(Side.LONG, 60_000, 58_400, TAKER, 0.001);
        for (double risk : new double[]{2e18, 3.3e19, 1e300}) {
            double qty = RiskBasedSizer.qtyForRisk(risk, loss, BTCUSDT.contract());
            assertThat(qty).isPositive();
            assertThat(qty * loss).isLessThanOrEqualTo(risk * (1 + RiskBasedSizer.BUDGET_TOLERANCE));
        }
        SizingResult huge = RiskBasedSizer.size(SizingInput.riskPct(1e20, 2, 60_000, 58_400, 10), BTCUSDT);
        assertThat(huge.failed()).extracting(SizingCheck::id).contains("tier");
    }

    @Test
    void test_size_aBudgetThatIsAWholeNumberOfStepsInDecimals_isThatSize_notOneStepSmall() {
        // entry 3, stop 2.9, 0.03 USDT, no fees or slippage: exactly 0.3 BTC loses exactly 0.03; in binary 3 − 2.9 is
        // 0.10000000000000009 and 0.3 × that is above 0.03, so the size came out 0.299
        SizingResult r = RiskBasedSizer.size(new SizingInput(100, 0.03, 3, 2.9, 1, 0, 0, 0.5, Double.NaN), BTCUSDT);
        assertThat(r.qty()).isEqualTo(0.3);
        assertThat(r.qtyBeforeCosts()).isEqualTo(0.3);
        assertThat(r.lossAtStop()).isCloseTo(0.03, offset(1e-15));
        assertThat(RiskBasedSizer.qtyForRisk(0.03, 3 - 2.9, BTCUSDT.contract())).isEqualTo(0.3);
        // a budget a hair short of the step is still the step below: the tolerance is float noise, not a rounding up
        assertThat(RiskBasedSizer.qtyForRisk(0.03 * (1 - 1e-7), 3 - 2.9, BTCUSDT.contract())).isEqualTo(0.299);
    }

    @Test
    void test_size_aBudgetAboveTheLargestTier_reportsTheCappedSizesFigures_andKeepsTheBudgetApart() {
        // 1e15 equity at 10x buys ~1.16e10 BTC: the size is capped to the largest the tiers allow, and the
        // "before fees and slippage" and unrounded figures printed the budget's 1.25e10 / 1.16e10 beside it
        SizingResult r = RiskBasedSizer.size(SizingInput.riskPct(1e15, 2, 60_000, 58_400, 10), BTCUSDT);
        double cap = BTCUSDT.tiers().maxNotionalAtLeverage(10);
        assertThat(r.notional()).isPositive().isLessThanOrEqualTo(cap);
        assertThat(r.qtyBeforeCosts()).isEqualTo(r.qty());
        assertThat(r.qtyUnrounded()).isCloseTo(cap / 60_000, offset(1e-6)).isGreaterThanOrEqualTo(r.qty());
        // the budget's size stays apart, for the line that says it could not be used
        assertThat(r.budgetQty()).isGreaterThan(1e10);
        assertThat(r.check("size").values()).containsEntry("qty", r.budgetQty()).containsEntry("cappedQty", r.qty());
        // an uncapped size: the budget's size is the size
        SizingResult b = RiskBasedSizer.size(TRADER_B, BTCUSDT);
        assertThat(b.budgetQty()).isEqualTo(b.qty());
        assertThat(b.check("size").values()).doesNotContainKey("cappedQty");
    }

    @Test
    void test_size_traderB_beforeCosts_is_0125BTC() {
        SizingResult r = RiskBasedSizer.size(TRADER_B, BTCUSDT);
        // $200 / (60,000 − 58,400) = 0.125 BTC ≈ $7,500 notional — not the guide's $20,000 notional
        assertThat(r.qtyBeforeCosts()).isEqualTo(0.125);
        assertThat(r.qtyBeforeCosts() * 60_000).isEqualTo(7_500);
        assertThat(r.riskAmount()).isEqualTo(200);
    }

    @Test
    void test_size_traderB_afterFeesAndSlippage_isSmallerAndLosesAtMost200() {
        SizingResult r = RiskBasedSizer.size(TRADER_B, BTCUSDT);
        double exit = 58_400 * (1 - SizingInput.DEFAULT_SLIPPAGE);
        double lossPerBtc = (60_000 - exit) + TAKER * (60_000 + exit);
        double expectedQty = Math.floor(200 / lossPerBtc * 1000) / 1000;
        assertThat(r.side()).isEqualTo(Side.LONG);
        assertThat(r.exitPriceAtStop()).isCloseTo(exit, offset(1e-9));
        assertThat(r.qty()).isEqualTo(expectedQty).isLessThan(0.125).isBetween(0.10, 0.125);
        assertThat(r.feesAtStop()).isCloseTo(expectedQty * TAKER * (60_000 + exit), offset(1e-9)).isPositive();
        assertThat(r.slippageAtStop()).isCloseTo(expectedQty * 58.4, offset(1e-9));
        assertThat(r.lossAtStop()).isCloseTo(expectedQty * lossPerBtc, offset(1e-9)).isLessThanOrEqualTo(200);
        assertThat(r.notional()).isCloseTo(expectedQty * 60_000, offset(1e-9));
        assertThat(r.margin()).isCloseTo(expectedQty * 60_000 / 10, offset(1e-9));
        assertThat(r.ok()).isTrue();
        assertThat(r.failed()).isEmpty();
    }

    @Test
    void test_size_guideNotionalOf20000_wouldLoseOver500AtTheStop() {
        // the guide's $20,000 notional: 1/3 BTC × 1,600 = 533 before fees — more than 2.5× the $200 budget
        double qty = 20_000 / 60_000.0;
        assertThat(qty * 1_600).isGreaterThan(500);
        SizingResult r = RiskBasedSizer.size(TRADER_B, BTCUSDT);
        assertThat(r.notional()).isLessThan(20_000 / 2.5);
    }

    @Test
    void test_size_traderB_liquidationFromIsolatedFormula_andBufferHolds() {
        SizingResult r = RiskBasedSizer.size(TRADER_B, BTCUSDT);
        // isolated long in tier 1 (cum 0): LP = entry × (1 − 1/L) / (1 − MMR), rounded up to the 0.1 tick
        double lp = 60_000 * (1 - 1 / 10.0) / (1 - MMR_TIER1);
        assertThat(r.liquidationPrice()).isCloseTo(lp, offset(0.1)).isGreaterThanOrEqualTo(lp);
        assertThat(r.stopToLiquidation()).isCloseTo(58_400 - r.liquidationPrice(), offset(1e-9));
        assertThat(r.stopToLiquidationBuffer()).isCloseTo((58_400 - r.liquidationPrice()) / 1_600, offset(1e-12))
                .isGreaterThan(0.5);
        assertThat(r.check("stopBeforeLiquidation").passed()).isTrue();
    }

    @Test
    void test_maxSafeLeverage_traderB_isTheLastWholeLeverageKeepingHalfTheStopDistance() {
        SizingResult r = RiskBasedSizer.size(TRADER_B, BTCUSDT);
        // LP ≤ 58,400 − 0.5 × 1,600 = 57,600  ⇔  60,000 (1 − 1/L)/(1 − 0.004) ≤ 57,600
        double lContinuous = 1 / (1 - 57_600 * (1 - MMR_TIER1) / 60_000);
        assertThat(lContinuous).isBetween(22.0, 23.0);
        assertThat(r.maxSafeLeverage()).isEqualTo(Math.floor(lContinuous));
    }

    @Test
    void test_size_bufferBelowTheSlippage_aFillBeyondLiquidation_isNotOk() {
        // Trader B at 32x with --buffer 0: 0.116 BTC, margin 6,960 / 32 = 217.5, tier 1 (MMR 0.4 %, cum 0):
        // LP = (217.5 − 6,960) / (0.116 × (0.004 − 1)) = 58,358.43…, up to the tick 58,358.5 — below the stop 58,400 (buffer
        // 41.5 / 1,600 = 0.03 ≥ 0), but the stop-market fills at 58,400 × (1 − 0.001) = 58,341.6, past the liquidation:
        // it was reported OK. The slippage is 58.4 / 1,600 = 0.0365 stop distances; LP(L) = 6,960 (1 − 1/L) / 0.115536 stays
        // below 58,341.6 up to L = 31.7, so 31x
        SizingResult r = RiskBasedSizer.size(new SizingInput(10_000, 200, 60_000, 58_400, 32, Double.NaN, 0.001, 0, Double.NaN), BTCUSDT);
        assertThat(r.qty()).isEqualTo(0.116);
        assertThat(r.liquidationPrice()).isEqualTo(58_358.5);
        assertThat(r.exitPriceAtStop()).isEqualTo(58_341.6, offset(1e-9));
        SizingCheck c = r.check("stopBeforeLiquidation");
        assertThat(c.passed()).isFalse();
        assertThat(c.reason()).isEqualTo(SizingCheck.Reason.FILL_BEYOND_LIQUIDATION);
        assertThat((double) c.values().get("slippageBuffer")).isCloseTo(0.0365, offset(1e-12));
        assertThat(r.ok()).isFalse();
        assertThat(r.maxSafeLeverage()).isEqualTo(31);
        SizingResult at31 = RiskBasedSizer.size(new SizingInput(10_000, 200, 60_000, 58_400, 31, Double.NaN, 0.001, 0, Double.NaN), BTCUSDT);
        assertThat(at31.ok()).isTrue();
        assertThat(at31.liquidationPrice()).isLessThan(58_341.6);
    }

    @Test
    void test_size_traderA_50x_liquidationWithin2PctOfEntry_isFlagged() {
        SizingResult r = RiskBasedSizer.size(TRADER_B.withLeverage(50), BTCUSDT);
        assertThat(Math.abs(60_000 - r.liquidationPrice()) / 60_000).isLessThan(0.02);
        assertThat(r.liquidationPrice()).isGreaterThan(58_400); // liquidated before the stop is reached
        assertThat(r.stopToLiquidationBuffer()).isNegative();
        assertThat(r.ok()).isFalse();
        SizingCheck c = r.check("stopBeforeLiquidation");
        assertThat(c.passed()).isFalse();
        assertThat(c.reason()).isEqualTo(SizingCheck.Reason.LIQUIDATION_TOO_CLOSE);
        assertThat(c.values()).containsEntry("maxSafeLeverage", 22.0);
        assertThat(r.failed()).contains(c);
        assertThat(r.maxSafeLeverage()).isEqualTo(22);
    }

    @Test
    void test_size_traderA_allInAt50x_liquidationWithin2Pct_isFlagged() {
        // all-in: the whole $10,000 at risk to the same stop, 50×
        SizingInput allIn = new SizingInput(10_000, 10_000, 60_000, 58_400, 50, Double.NaN,
                SizingInput.DEFAULT_SLIPPAGE, SizingInput.DEFAULT_BUFFER, Double.NaN);
        SizingResult r = RiskBasedSizer.size(allIn, BTCUSDT);
        assertThat(r.notional()).isGreaterThan(50_000); // tier 2: MMR 0.5 %, cum 50
        double lp = (r.margin() + 50 - r.qty() * 60_000) / (r.qty() * 0.005 - r.qty());
        assertThat(r.liquidationPrice()).isCloseTo(lp, offset(0.1));
        assertThat((60_000 - r.liquidationPrice()) / 60_000).isLessThan(0.02);
        assertThat(r.ok()).isFalse();
        assertThat(r.check("stopBeforeLiquidation").passed()).isFalse();
    }

    @Test
    void test_size_short_mirrorsLong() {
        SizingInput in = SizingInput.riskPct(10_000, 2, 60_000, 61_600, 10);
        SizingResult r = RiskBasedSizer.size(in, BTCUSDT);
        double exit = 61_600 * (1 + SizingInput.DEFAULT_SLIPPAGE);
        double lossPerBtc = (exit - 60_000) + TAKER * (60_000 + exit);
        assertThat(r.side()).isEqualTo(Side.SHORT);
        assertThat(r.qty()).isEqualTo(Math.floor(200 / lossPerBtc * 1000) / 1000);
        // isolated short, tier 1: LP = entry × (1 + 1/L) / (1 + MMR)
        assertThat(r.liquidationPrice()).isCloseTo(60_000 * 1.1 / 1.004, offset(0.1));
        assertThat(r.liquidationPrice()).isGreaterThan(61_600);
        assertThat(r.ok()).isTrue();
    }

    @Test
    void test_size_tinyBudget_refusesWithReason() {
        SizingInput in = new SizingInput(10_000, 1, 60_000, 58_400, 10, Double.NaN, 0.001, 0.5, Double.NaN);
        SizingResult r = RiskBasedSizer.size(in, BTCUSDT);
        assertThat(r.qty()).isZero();
        assertThat(r.ok()).isFalse();
        assertThat(r.failed()).singleElement().extracting(SizingCheck::reason).isEqualTo(SizingCheck.Reason.SIZE_BELOW_ONE_STEP);
    }

    @Test
    void test_size_belowMinNotional_isFlagged() {
        // 0.001 BTC × 60,000 = 60 < 100 min notional
        SizingInput in = new SizingInput(10_000, 2, 60_000, 58_400, 10, Double.NaN, 0.001, 0.5, Double.NaN);
        SizingResult r = RiskBasedSizer.size(in, BTCUSDT);
        assertThat(r.qty()).isEqualTo(0.001);
        assertThat(r.check("minimums").passed()).isFalse();
        assertThat(r.check("minimums").reason()).isEqualTo(SizingCheck.Reason.MINIMUMS_NOT_MET);
    }

    @Test
    void test_size_leverageAboveTierMaximum_isFlaggedWithTheAllowedNotional_andCappedToIt() {
        // 2 % of $5M to a 1,600 stop ≈ 58 BTC ≈ $3.5M notional: tier 4 allows 50×, not 100×; 100× is allowed up to
        // 600,000 notional = 10 BTC at 60,000, the size shown
        SizingResult r = RiskBasedSizer.size(SizingInput.riskPct(5_000_000, 2, 60_000, 58_400, 100), BTCUSDT);
        assertThat(r.qty()).isEqualTo(10);
        assertThat(r.notional()).isEqualTo(600_000);
        SizingCheck tier = r.check("tier");
        assertThat(tier.passed()).isFalse();
        assertThat(tier.reason()).isEqualTo(SizingCheck.Reason.TIER_ABOVE_MAXIMUM);
        assertThat(tier.values()).containsEntry("tierMaxLeverage", 50.0).containsEntry("maxNotionalAtLeverage", 600_000.0)
                .containsEntry("cappedQty", 10.0);
        assertThat((double) tier.values().get("notional")).isBetween(3e6, 12e6);
        assertThat(r.maxLeverageForNotional()).isEqualTo(100);
    }

    @Test
    void test_size_inTheTiersAboveTheirLeverage_isCappedLikeAboveTheLargestTier_neverLiquidatedAboveEntry() {
        // equity 2e9, 2 %, 10×: the budget buys 23,288.705 BTC (notional 1.397e9, tier 11: 2× at most); priced at 10× its
        // margin was below the maintenance margin and the long was liquidated at 71,803.8, above the 60,000 entry, while
        // 5e10 (above the largest tier) was capped to 3,833.333: the larger budget bought the smaller size.
        // Capped to what 10× is allowed up to (230,000,000): floor(230e6 / 60,000) = 3,833.333 BTC, notional 229,999,980.
        // Tier 7 (100e6..230e6, MMR 5 %), cum = 2,981,450 by the cumulative rule; margin 22,999,998;
        // LP = (22,999,998 + 2,981,450 − 229,999,980) / (3,833.333 × (0.05 − 1)) = 56,023.4775…, up to the tick 56,023.5
        SizingResult twoE9 = RiskBasedSizer.size(SizingInput.riskPct(2e9, 2, 60_000, 58_400, 10), BTCUSDT);
        SizingResult fiveE10 = RiskBasedSizer.size(SizingInput.riskPct(5e10, 2, 60_000, 58_400, 10), BTCUSDT);
        assertThat(twoE9.qty()).isEqualTo(3_833.333);
        assertThat(twoE9.liquidationPrice()).isEqualTo(56_023.5);
        assertThat(fiveE10.qty()).isEqualTo(twoE9.qty());
        assertThat(twoE9.check("tier").values()).containsEntry("budgetQty", 23_288.705).containsEntry("cappedQty", 3_833.333);
    }

    @Test
    void test_size_marginAboveAvailable_isFlagged() {
        SizingResult r = RiskBasedSizer.size(TRADER_B.withLeverage(1).withAvailableBalance(1_000), BTCUSDT);
        assertThat(r.margin()).isGreaterThan(1_000);
        assertThat(r.check("margin").passed()).isFalse();
        assertThat(r.ok()).isFalse();
    }

    @Test
    void test_size_zeroSlippage_and_customFee_enterTheLoss() {
        SizingResult r = RiskBasedSizer.size(TRADER_B.withSlippage(0).withTakerFee(0.001), BTCUSDT);
        double lossPerBtc = 1_600 + 0.001 * (60_000 + 58_400);
        assertThat(r.slippageAtStop()).isZero();
        assertThat(r.qty()).isEqualTo(Math.floor(200 / lossPerBtc * 1000) / 1000);
        assertThat(r.feesAtStop()).isCloseTo(r.qty() * 0.001 * 118_400, offset(1e-9));
    }

    @Test
    void test_sizingInput_refusesStopAtEntry_andBudgetAboveEquity() {
        assertThatThrownBy(() -> SizingInput.riskPct(10_000, 2, 60_000, 60_000, 10))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("stop:");
        assertThatThrownBy(() -> new SizingInput(10_000, 20_000, 60_000, 58_400, 10, Double.NaN, 0, 0.5, Double.NaN))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("riskAmount:");
        assertThatThrownBy(() -> SizingInput.riskPct(10_000, 2, 60_000, 58_400, 0.5))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("leverage:");
    }

    @Test
    void test_maxSafeLeverage_evaluationsBoundedByLog2OfTierMaximum() {
        // 125× tier: at most ⌈log₂ 125⌉ + 2 = 9 liquidation prices
        for (double stop : new double[]{59_900, 59_500, 58_400, 55_000, 45_000, 30_000}) {
            RiskBasedSizer.LeverageSearch s = RiskBasedSizer.maxSafeLeverage(BTCUSDT, Side.LONG, 0.1, 60_000, stop, 0.5);
            assertThat(s.evaluations()).as("stop %s", stop).isLessThanOrEqualTo(9);
        }
    }

    @Test
    void test_maxSafeLeverage_equalsLinearScan() {
        for (double stop : new double[]{59_900, 59_500, 58_400, 55_000, 45_000, 61_000, 66_000}) {
            Side side = stop < 60_000 ? Side.LONG : Side.SHORT;
            for (double k : new double[]{0, 0.5, 2}) {
                double expected = Double.NaN;
                for (int l = 1; l <= 125; l++) {
                    double lp = RiskBasedSizer.liquidationPrice(BTCUSDT, side, 0.1, 60_000, l);
                    double buf = Double.isFinite(lp) ? side.sign() * (stop - lp) / Math.abs(60_000 - stop) : Double.POSITIVE_INFINITY;
                    if (buf > 0 && buf >= k) {
                        expected = l;
                    }
                }
                double got = RiskBasedSizer.maxSafeLeverage(BTCUSDT, side, 0.1, 60_000, stop, k).leverage();
                assertThat(got).as("stop %s k %s", stop, k).isEqualTo(expected);
            }
        }
    }

    @Test
    void test_maxSafeLeverage_noneWhenEvenOneXCannotKeepTheBuffer() {
        // a short whose stop sits almost at 2× entry: at 1× the liquidation is near 2 × entry / 1.004
        RiskBasedSizer.LeverageSearch s = RiskBasedSizer.maxSafeLeverage(BTCUSDT, Side.SHORT, 0.1, 60_000, 119_000, 0.5);
        assertThat(s.leverage()).isNaN();
        assertThat(s.evaluations()).isEqualTo(1);
    }
}
