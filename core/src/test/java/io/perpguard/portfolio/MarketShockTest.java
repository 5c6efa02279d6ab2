package io.perpguard.portfolio;

import io.perpguard.margin.Account;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.Position;
import io.perpguard.margin.Side;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.perpguard.portfolio.Fixtures.INSTRUMENTS;
import static io.perpguard.portfolio.Fixtures.cross;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MarketShockTest {
    /** The solver's bracket (1e-9) plus slack for the closed-form LP's own rounding. */
    static final double TOL = 2e-9;
    /** Evaluation bound from the class contract: 2 × (grid + bracket-check + 23 halvings) + 1. */
    static final int MAX_EVALS = 2 * (MarketShock.GRID_STEPS + 1 + 23) + 1;

    static MarketShock.Result solve(Account a, Map<String, Double> betas) {
        return MarketShock.solve(ShockBook.of(new SubAccount("main", a), INSTRUMENTS, betas));
    }

    @Test
    void test_solve_singleSymbolLong_equalsMarginEngineLiquidationPrice() {
        Account a = new Account(12_000, List.of(cross("BTCUSDT", Side.LONG, 1.5, 64_000, 63_000)));
        double lp = LiquidationPrice.cross(a, "BTCUSDT", INSTRUMENTS).price();
        MarketShock.Result r = solve(a, Map.of());
        assertThat(r.down()).isCloseTo(lp / 63_000 - 1, within(TOL));
        assertThat(r.up()).isNaN();
        assertThat(r.nearest()).isEqualTo(r.down());
        assertThat(r.evaluations()).isLessThanOrEqualTo(MAX_EVALS);
    }

    @Test
    void test_solve_largeLongCrossingTiersOnTheWayDown_equalsMarginEngine() {
        // 40 BTC at 62,000 = 2.48M notional (tier 3, MMR 0.65 %); near 13,800 the notional is in tier 2 (≤ 600k)
        Account a = new Account(1_850_000, List.of(cross("BTCUSDT", Side.LONG, 40, 60_000, 62_000)));
        double lp = LiquidationPrice.cross(a, "BTCUSDT", INSTRUMENTS).price();
        assertThat(INSTRUMENTS.get("BTCUSDT").tiers().bracketFor(40 * 62_000).bracket()).isEqualTo(3);
        assertThat(INSTRUMENTS.get("BTCUSDT").tiers().bracketFor(40 * lp).bracket()).isEqualTo(2);
        assertThat(solve(a, Map.of()).down()).isCloseTo(lp / 62_000 - 1, within(TOL));
    }

    @Test
    void test_solve_shortBook_liquidatedByARise() {
        Account a = new Account(5_000, List.of(cross("ETHUSDT", Side.SHORT, 10, 3_000, 3_000)));
        double lp = LiquidationPrice.cross(a, "ETHUSDT", INSTRUMENTS).price();
        MarketShock.Result r = solve(a, Map.of("ETHUSDT", 1.0));
        assertThat(r.down()).isNaN();
        assertThat(r.up()).isCloseTo(lp / 3_000 - 1, within(TOL)).isPositive();
    }

    @Test
    void test_solve_threeSymbolsWithBetas_marginRatioIsOneAtTheShock() {
        List<Position> ps = List.of(cross("BTCUSDT", Side.LONG, 1, 90_000, 94_000), cross("ETHUSDT", Side.LONG, 20, 3_100, 3_240),
                cross("SOLUSDT", Side.LONG, 400, 130, 139));
        Account a = new Account(30_000, ps);
        Map<String, Double> betas = Map.of("ETHUSDT", 1.4, "SOLUSDT", 1.7);
        double s = solve(a, betas).down();
        // independent check through the margin engine: re-mark every position at mark × (1 + β s)
        assertThat(ratioAfter(a, betas, s)).isCloseTo(1.0, within(1e-6));
        assertThat(ratioAfter(a, betas, s * (1 - 1e-4))).isLessThan(1);
        assertThat(ratioAfter(a, betas, s * (1 + 1e-4))).isGreaterThan(1);
    }

    static double ratioAfter(Account a, Map<String, Double> betas, double s) {
        List<Position> moved = new ArrayList<>();
        for (Position p : a.positions()) {
            moved.add(p.withMark(p.markPrice() * (1 + betas.getOrDefault(p.symbol(), 1.0) * s)));
        }
        return MarginCalculator.evaluate(new Account(a.walletBalance(), moved), INSTRUMENTS).marginRatio();
    }

    @Test
    void test_solve_walletCoversTheWholeNotional_noMoveLiquidates() {
        Account a = new Account(70_000, List.of(cross("BTCUSDT", Side.LONG, 1, 60_000, 60_000)));
        MarketShock.Result r = solve(a, Map.of());
        assertThat(r.down()).isNaN();
        assertThat(r.up()).isNaN();
        assertThat(r.nearest()).isNaN();
    }

    @Test
    void test_solve_alreadyPastLiquidation_zero() {
        Account a = new Account(100, List.of(cross("BTCUSDT", Side.LONG, 1, 60_000, 50_000)));
        assertThat(solve(a, Map.of()).nearest()).isZero();
    }

    @Test
    void test_solve_betaNeutralPair_noFallLiquidates() {
        // long 1.5 × β SOL against a BTC short of equal beta-weighted notional: equity does not move with s
        Account a = new Account(3_000, List.of(cross("SOLUSDT", Side.LONG, 200, 150, 150), cross("BTCUSDT", Side.SHORT, 0.75, 60_000, 60_000)));
        assertThat(solve(a, Map.of("SOLUSDT", 1.5)).down()).isNaN();
    }

    @Property(tries = 300)
    void liquidatingShock_ofOneSymbolCrossAccount_isTheLiquidationPriceDistance(
            @ForAll @DoubleRange(min = 0.01, max = 60) double qty, @ForAll @DoubleRange(min = 0.02, max = 0.9) double walletShare,
            @ForAll @DoubleRange(min = 0.9, max = 1.1) double markOverEntry, @ForAll boolean isLong) {
        double entry = 60_000, mark = entry * markOverEntry;
        Side side = isLong ? Side.LONG : Side.SHORT;
        Account a = new Account(qty * entry * walletShare, List.of(cross("BTCUSDT", side, qty, entry, mark)));
        double lp = LiquidationPrice.cross(a, "BTCUSDT", INSTRUMENTS).price();
        MarketShock.Result r = solve(a, Map.of());
        if (MarginCalculator.evaluate(a, INSTRUMENTS).marginRatio() >= 1) {
            assertThat(r.nearest()).isZero();
            return;
        }
        double expected = lp / mark - 1;
        if (!Double.isFinite(lp) || expected < MarketShock.MIN_SHOCK || expected > MarketShock.MAX_SHOCK) {
            assertThat(r.nearest()).isNaN();
        } else {
            assertThat(r.nearest()).isCloseTo(expected, within(TOL));
        }
        assertThat(r.evaluations()).isLessThanOrEqualTo(MAX_EVALS);
    }
}
