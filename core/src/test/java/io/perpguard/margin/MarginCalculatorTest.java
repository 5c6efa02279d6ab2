package io.perpguard.margin;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.perpguard.margin.TestInstruments.BTC;
import static io.perpguard.margin.TestInstruments.BTC_TIERS;
import static io.perpguard.margin.TestInstruments.ETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MarginCalculatorTest {
    static final double TOL = 1e-9;

    /**
     * The guide's Trader A: 50× long, $10,000 margin, entry 60,000, notional $500,000. Bankruptcy is 1/50 = 2 % below
     * entry (58,800). With BTCUSDT's real tier 2 (MMR 0.5 %, cum 50) the liquidation price is
     * (10,000 + 50 − 500,000) / (Q × 0.005 − Q), Q = 500,000/60,000 — 289.45 USDT (0.48 % of entry) above bankruptcy.
     */
    @Test
    void test_evaluate_traderA_fiftyTimesLong() {
        Position p = Position.isolated("BTCUSDT", Side.LONG, 500_000.0 / 60_000, 60_000, 50);
        PositionReport r = MarginCalculator.evaluate(p, BTC, 0);
        double q = 500_000.0 / 60_000;
        double expectedLp = (10_000 + 50 - 500_000) / (q * 0.005 - q);
        assertThat(r.initialMargin()).isCloseTo(10_000, within(1e-6));
        assertThat(r.bankruptcyPrice()).isEqualTo(58_800.0);
        assertThat(r.liquidationPriceExact()).isCloseTo(expectedLp, within(1e-6));
        assertThat(r.liquidationPriceExact() - 58_800).isCloseTo(289.447, within(1e-3));
        assertThat(r.liquidationPrice()).isEqualTo(59_089.5);           // rounded up (toward entry) for a long
        assertThat(r.liquidationTier()).isEqualTo(2);
        assertThat(r.distanceToLiquidationPct()).isCloseTo((expectedLp / 60_000 - 1) * 100, within(1e-9));
        assertThat(r.marginRatio()).isCloseTo(2_450.0 / 10_000, within(TOL));  // 500k × 0.5 % − 50 over 10k
        assertThat(r.marginLevel()).isCloseTo(10_000 / 2_450.0, within(TOL));
    }

    /** The tier and the maximum leverage a report gives are one tier's: the one the notional at the mark is in. */
    @Test
    void test_evaluate_maxLeverageIsTheReportedTiers_atTheMark() {
        Position fell = new Position("BTCUSDT", Side.LONG, 1, 60_000, 10, MarginMode.ISOLATED, PositionSide.BOTH, 0, 50_000);
        PositionReport r = MarginCalculator.evaluate(fell, BTC, 0);
        assertThat(r.tier()).isEqualTo(1);
        assertThat(r.maxLeverage()).isEqualTo(125);
        Position atEntry = Position.isolated("BTCUSDT", Side.LONG, 1, 60_000, 10);
        PositionReport e = MarginCalculator.evaluate(atEntry, BTC, 0);
        assertThat(e.tier()).isEqualTo(2);
        assertThat(e.maxLeverage()).isEqualTo(100);
    }

    @Test
    void test_evaluate_isolatedShort_roundsLiquidationDownTowardEntry() {
        Position p = Position.isolated("BTCUSDT", Side.SHORT, 1, 60_000, 10);
        PositionReport r = MarginCalculator.evaluate(p, BTC, 0);
        // short: LP = (WB + cum + Q·EP) / (Q·MMR + Q) with tier 2 (notional ~66k)
        double expected = (6_000 + 50 + 60_000) / (0.005 + 1);
        assertThat(r.liquidationPriceExact()).isCloseTo(expected, within(1e-9));
        assertThat(r.liquidationPrice()).isEqualTo(Math.floor(expected * 10) / 10);
        assertThat(r.bankruptcyPrice()).isEqualTo(66_000.0);
    }

    @Test
    void test_evaluate_pnlRoeAndFeesAtMark() {
        Position p = new Position("BTCUSDT", Side.LONG, 0.5, 60_000, 20, MarginMode.ISOLATED, PositionSide.BOTH, 0, 61_000);
        PositionReport r = MarginCalculator.evaluate(p, BTC, 0);
        assertThat(r.unrealizedPnl()).isCloseTo(500, within(TOL));
        assertThat(r.roe()).isCloseTo(500 / 1_500.0, within(TOL));
        assertThat(r.openingFee()).isCloseTo(30_000 * 0.0005, within(TOL));
        assertThat(r.notional()).isCloseTo(30_500, within(TOL));
        assertThat(r.maintenanceMargin()).isCloseTo(30_500 * 0.004, within(TOL));
        // loss if liquidated: mark → liquidation move plus the clearance fee, never more than the margin balance
        assertThat(r.lossIfLiquidated()).isLessThanOrEqualTo(r.marginBalance() + TOL);
        assertThat(r.lossIfLiquidated()).isCloseTo(0.5 * (61_000 - r.liquidationPriceExact()) + r.liquidationClearanceFee(), within(1e-6));
    }

    @Test
    void test_evaluate_leverageAboveBracketMaximum_isRefused() {
        Position p = Position.isolated("BTCUSDT", Side.LONG, 100, 60_000, 75);   // 6M notional: tier 4, 50× max
        assertThatThrownBy(() -> MarginCalculator.evaluate(p, BTC, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("75x is above BTCUSDT's maximum of 50x for notional 6,000,000")
                .hasMessageContaining("allowed only up to notional 3,000,000");
    }

    /** A DCA fill: margin and liquidation come from the averaged entry, not the last fill's price. */
    @Test
    void test_addFill_recomputesFromAveragedEntry() {
        Position first = Position.isolated("BTCUSDT", Side.LONG, 1, 60_000, 10);
        Position averaged = first.addFill(1, 54_000);
        assertThat(averaged.entryPrice()).isEqualTo(57_000.0);
        assertThat(averaged.isolatedMargin()).isCloseTo(6_000 + 5_400, within(TOL));
        double lp = LiquidationPrice.isolated(averaged, BTC_TIERS).price();
        double direct = LiquidationPrice.isolated(Position.isolated("BTCUSDT", Side.LONG, 2, 57_000, 10), BTC_TIERS).price();
        double lastFillBug = LiquidationPrice.isolated(Position.isolated("BTCUSDT", Side.LONG, 2, 54_000, 10), BTC_TIERS).price();
        assertThat(lp).isCloseTo(direct, within(1e-9));
        assertThat(Math.abs(lp - lastFillBug)).isGreaterThan(2_000);
    }

    /** Cross: the real wallet and every other position at its mark; equals the vector formula with TMM₁ and UPNL₁. */
    @Test
    void test_cross_usesWalletAndOtherPositionsAtMark() {
        Position btc = new Position("BTCUSDT", Side.LONG, 1, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 61_000);
        Position eth = new Position("ETHUSDT", Side.SHORT, 10, 3_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 3_100);
        Account a = new Account(10_000, List.of(btc, eth));
        Instruments ins = Instruments.of(BTC, ETH);
        LiquidationResult r = LiquidationPrice.cross(a, "BTCUSDT", ins);
        double tmm1 = 31_000 * 0.004;              // ETH at mark: tier 1
        double upnl1 = -10 * (3_100 - 3_000);
        double expected = (10_000 - tmm1 + upnl1 + 50 - 60_000) / (0.005 - 1);   // BTC at LP in tier 2
        assertThat(r.price()).isCloseTo(expected, within(1e-9));
        assertThat(MarginCalculator.crossMarginRatioAt(a, ins, "BTCUSDT", r.price())).isCloseTo(1.0, within(1e-9));
        AccountReport rep = MarginCalculator.evaluate(a, ins);
        assertThat(rep.marginBalance()).isCloseTo(10_000 + 1_000 - 1_000, within(TOL));
        assertThat(rep.maintenanceMargin()).isCloseTo(61_000 * 0.005 - 50 + tmm1, within(TOL));
        assertThat(rep.positions().get(0).liquidationPriceExact()).isCloseTo(expected, within(1e-9));
    }

    /** Hedge mode: a long and a short leg of one symbol share the cross wallet; at LP the margin ratio is 100 %. */
    @Test
    void test_cross_hedgeModeLegs() {
        Position lg = new Position("BTCUSDT", Side.LONG, 2, 60_000, 20, MarginMode.CROSS, PositionSide.LONG, 0, 60_000);
        Position sh = new Position("BTCUSDT", Side.SHORT, 1, 62_000, 20, MarginMode.CROSS, PositionSide.SHORT, 0, 60_000);
        Account a = new Account(5_000, List.of(lg, sh));
        Instruments ins = Instruments.of(BTC);
        LiquidationResult r = LiquidationPrice.cross(a, "BTCUSDT", ins);
        assertThat(r.brackets()).hasSize(2);
        assertThat(r.price()).isLessThan(60_000);
        assertThat(MarginCalculator.crossMarginRatioAt(a, ins, "BTCUSDT", r.price())).isCloseTo(1.0, within(1e-9));
    }

    /**
     * Hedge legs in one cross wallet share one liquidation price (Binance FAQ: "both long and short position share the
     * same liquidation price"), so they show one figure, rounded to the side the mark reaches first. Net long 1 BTC:
     * P = (5,000 + 50 + 50 − 2·60,000 + 1·62,000) / (2·0.005 + 1·0.005 − 2 + 1) = 53,705.5837… (tier 2 for both legs);
     * the price falls to it, so 53,705.6 for both — the short leg showed 53,705.5, a level the mark reaches after the
     * account is liquidated.
     */
    @Test
    void test_cross_hedgeLegs_showOneLiquidationPrice_roundedByTheNetSide() {
        Position lg = new Position("BTCUSDT", Side.LONG, 2, 60_000, 20, MarginMode.CROSS, PositionSide.LONG, 0, 60_000);
        Position sh = new Position("BTCUSDT", Side.SHORT, 1, 62_000, 20, MarginMode.CROSS, PositionSide.SHORT, 0, 60_000);
        AccountReport rep = MarginCalculator.evaluate(new Account(5_000, List.of(lg, sh)), Instruments.of(BTC));
        double exact = (5_000 + 50 + 50 - 2 * 60_000 + 62_000) / (3 * 0.005 - 1);
        for (PositionReport r : rep.positions()) {
            assertThat(r.liquidationPriceExact()).isCloseTo(exact, within(1e-9));
            assertThat(r.liquidationPrice()).as(r.positionSide() + " leg").isEqualTo(53_705.6);
            // bankruptcy (5,000 = 2·(60,000 − BP) − (62,000 − BP) → BP = 53,000): on the tick, shown as is
            assertThat(r.bankruptcyPrice()).isEqualTo(53_000.0);
        }
        // net short: the price rises to liquidation, both legs round down
        Position lg2 = new Position("BTCUSDT", Side.LONG, 1, 60_000, 20, MarginMode.CROSS, PositionSide.LONG, 0, 60_000);
        Position sh2 = new Position("BTCUSDT", Side.SHORT, 2, 59_000, 20, MarginMode.CROSS, PositionSide.SHORT, 0, 60_000);
        AccountReport rep2 = MarginCalculator.evaluate(new Account(5_000, List.of(lg2, sh2)), Instruments.of(BTC));
        double exact2 = rep2.positions().get(0).liquidationPriceExact();
        assertThat(exact2).isGreaterThan(60_000);
        for (PositionReport r : rep2.positions()) {
            assertThat(r.liquidationPrice()).as(r.positionSide() + " leg").isEqualTo(Math.floor(exact2 * 10) / 10);
        }
    }

    /**
     * Hedge legs in one cross wallet are liquidated together at their one level, so their "loss if liquidated" is one
     * loss, counted once: the long's fall to the level net of the short's gain, plus the clearance fee on both legs'
     * notional there, at most the margin balance. Each leg shows its share (its own move plus a notional share of the
     * fee), and the shares sum to that loss — each leg used to claim the whole wallet's loss as if it alone took it
     * (long 56,000 = the whole balance, short 2,081.94: 58,081.94 from a balance of 56,000).
     */
    @Test
    void test_cross_hedgeLegs_lossIfLiquidated_isOneLossSharedByTheLegs() {
        Position lg = new Position("BTCUSDT", Side.LONG, 12, 60_000, 20, MarginMode.CROSS, PositionSide.LONG, 0, 60_000);
        Position sh = new Position("BTCUSDT", Side.SHORT, 3, 62_000, 20, MarginMode.CROSS, PositionSide.SHORT, 0, 60_000);
        AccountReport rep = MarginCalculator.evaluate(new Account(50_000, List.of(lg, sh)), Instruments.of(BTC));
        PositionReport l = rep.positions().get(0), s = rep.positions().get(1);
        double lp = l.liquidationPriceExact(), balance = rep.marginBalance();
        assertThat(balance).isCloseTo(56_000, within(TOL));
        double longMove = 12 * (60_000 - lp), shortMove = -3 * (60_000 - lp), move = longMove + shortMove;
        // the clearance fee on both legs' notional (15 BTC at the level, 1.25 %) out of the margin left there
        double fee = Math.min(15 * lp * 0.0125, balance - move), loss = Math.min(move + fee, balance);
        assertThat(loss).isCloseTo(balance, within(1e-6));   // the fee takes what the fall leaves: the balance, once
        assertThat(l.lossIfLiquidated() + s.lossIfLiquidated()).isCloseTo(loss, within(1e-6));
        assertThat(l.lossIfLiquidated()).isCloseTo(longMove + fee * 12 / 15, within(1e-6));
        assertThat(s.lossIfLiquidated()).isCloseTo(shortMove + fee * 3 / 15, within(1e-6)).isNegative();
        assertThat(l.liquidationClearanceFee() + s.liquidationClearanceFee()).isCloseTo(fee, within(1e-6));
        // what LiquidationSettlement takes when the mark reaches that level: the same loss, from the equity now (56,000)
        double at0 = lp * (1 - 1e-9);
        Position lAt = new Position("BTCUSDT", Side.LONG, 12, 60_000, 20, MarginMode.CROSS, PositionSide.LONG, 0, at0);
        Position sAt = new Position("BTCUSDT", Side.SHORT, 3, 62_000, 20, MarginMode.CROSS, PositionSide.SHORT, 0, at0);
        Account at = new Account(50_000, List.of(lAt, sAt));
        LiquidationSettlement.Outcome o = LiquidationSettlement.settle(at, MarginCalculator.evaluate(at, Instruments.of(BTC)), Instruments.of(BTC));
        assertThat(o.crossLiquidated()).isTrue();
        assertThat(balance - o.walletAfter()).isCloseTo(loss, within(1e-3));
        // a one-way position keeps its whole loss
        Position one = new Position("BTCUSDT", Side.LONG, 12, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000);
        PositionReport r1 = MarginCalculator.evaluate(new Account(50_000, List.of(one)), Instruments.of(BTC)).positions().get(0);
        double lp1 = r1.liquidationPriceExact();
        assertThat(r1.lossIfLiquidated()).isCloseTo(Math.min(12 * (60_000 - lp1) + 12 * lp1 * 0.0125, 50_000), within(1e-6));
    }

    @Test
    void test_isolatedAndCrossInOneAccount_isolatedMarginIsSetApart() {
        Position iso = Position.isolated("ETHUSDT", Side.LONG, 1, 3_000, 10);
        Position cross = new Position("BTCUSDT", Side.LONG, 0.1, 60_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000);
        Account a = new Account(2_000, List.of(iso, cross));
        assertThat(a.crossWalletBalance()).isCloseTo(1_700, within(TOL));
        AccountReport r = MarginCalculator.evaluate(a, Instruments.of(BTC, ETH));
        assertThat(r.positions().get(0).marginMode()).isEqualTo(MarginMode.ISOLATED);
        assertThat(r.positions().get(0).liquidationPriceExact())
                .isCloseTo(LiquidationPrice.isolated(iso, TestInstruments.ETH_TIERS).price(), within(1e-9));
    }

    @Test
    void test_longFullyCollateralised_isNeverLiquidated() {
        Position p = new Position("BTCUSDT", Side.LONG, 1, 60_000, 1, MarginMode.ISOLATED, PositionSide.BOTH, 1_000, 60_000);
        PositionReport r = MarginCalculator.evaluate(p, BTC, 0);
        assertThat(r.liquidationPrice()).isNaN();
        assertThat(r.lossIfLiquidated()).isNaN();
    }

    @Test
    void test_account_refusesDuplicateAndMixedModes() {
        Position a = new Position("BTCUSDT", Side.LONG, 1, 60_000, 10, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000);
        assertThatThrownBy(() -> new Account(10_000, List.of(a, a))).hasMessageContaining("positions[1]: BTCUSDT both is listed twice");
        Position leg = new Position("BTCUSDT", Side.SHORT, 1, 60_000, 10, MarginMode.CROSS, PositionSide.SHORT, 0, 60_000);
        assertThatThrownBy(() -> new Account(10_000, List.of(a, leg))).hasMessageContaining("mixes one-way");
    }

    @Test
    void test_position_refusesBadValuesNamingTheField() {
        assertThatThrownBy(() -> Position.isolated("BTCUSDT", Side.LONG, -1, 60_000, 10)).hasMessage("qty: -1 must be greater than 0");
        assertThatThrownBy(() -> Position.isolated("BTCUSDT", Side.LONG, 1, Double.NaN, 10)).hasMessage("entryPrice: NaN is not a finite number");
        assertThatThrownBy(() -> Position.isolated("BTCUSDT", Side.LONG, 1, 60_000, 0)).hasMessage("leverage: 0 is outside the allowed range 1 to 1,000");
        assertThatThrownBy(() -> Position.isolated("BTCUSDT", Side.LONG, 1e308, 60_000, 10)).hasMessageContaining("qty: notional");
    }

    /** The guide's ladder over 1, 10, 100 BTC: max leverage falls and MMR rises as size grows. */
    @Test
    void test_ladder_leverageCompression() {
        List<LeverageLadder.Rung> rungs = LeverageLadder.build(BTC, Side.LONG, 60_000, new double[]{0.5, 1, 10, 100}, Double.NaN);
        assertThat(rungs).extracting(LeverageLadder.Rung::maxLeverage).containsExactly(125.0, 100.0, 100.0, 50.0);
        assertThat(rungs).extracting(LeverageLadder.Rung::maintenanceMarginRate).containsExactly(0.004, 0.005, 0.005, 0.01);
        // at a fixed 20× the distance to liquidation shrinks as the tier's MMR grows
        List<LeverageLadder.Rung> at20 = LeverageLadder.build(BTC, Side.LONG, 60_000, new double[]{0.5, 100, 1_000}, 20);
        // a long's liquidation lies below the entry: the distance is negative, as in every report, and shrinks toward 0
        assertThat(at20.get(0).distanceToLiquidationPct()).isNegative().isLessThan(at20.get(1).distanceToLiquidationPct());
        assertThat(at20.get(1).distanceToLiquidationPct()).isLessThan(at20.get(2).distanceToLiquidationPct());
        assertThat(at20.get(2).distanceToLiquidationPct()).isNegative();
        assertThat(at20.get(0).distanceToLiquidationPct()).isCloseTo((at20.get(0).liquidationPrice() / 60_000 - 1) * 100, within(0.01));
        assertThat(at20.get(2).tier()).isEqualTo(5);
        assertThat(at20.get(2).leverageUsed()).isEqualTo(20.0);
        List<LeverageLadder.Rung> at100 = LeverageLadder.build(BTC, Side.LONG, 60_000, new double[]{100}, 100);
        assertThat(at100.get(0).leverageCapped()).isTrue();
        assertThat(at100.get(0).leverageUsed()).isEqualTo(50.0);
    }

    /** Differential: the primitive-array kernel equals the record-based engine position by position. */
    @Test
    void test_batchReprice_matchesMarginCalculator() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
        int n = 2_000;
        double[] q = new double[n], e = new double[n], m = new double[n], ratio = new double[n];
        boolean[] liq = new boolean[n];
        Position[] ps = new Position[n];
        for (int i = 0; i < n; i++) {
            double qty = 0.001 + rnd.nextDouble() * 50;
            double entry = 40_000 + rnd.nextDouble() * 40_000;
            double lev = 1 + rnd.nextInt((int) BTC_TIERS.maxLeverageFor(qty * entry));
            Side s = rnd.nextBoolean() ? Side.LONG : Side.SHORT;
            ps[i] = Position.isolated("BTCUSDT", s, qty, entry, lev);
            q[i] = s.sign() * qty;
            e[i] = entry;
            m[i] = ps[i].isolatedMargin();
        }
        double mark = 57_000;
        int count = new BatchReprice(BTC_TIERS).reprice(mark, q, e, m, ratio, liq);
        int expected = 0;
        for (int i = 0; i < n; i++) {
            double ref = MarginCalculator.isolatedMarginRatioAt(ps[i], BTC_TIERS, mark);
            if (Double.isFinite(ref)) {
                assertThat(ratio[i]).isCloseTo(ref, within(1e-12 * Math.max(1, ref)));
            } else {
                assertThat(ratio[i]).isInfinite();
            }
            expected += ref >= 1 ? 1 : 0;
        }
        assertThat(count).isEqualTo(expected).isPositive();
    }
}
