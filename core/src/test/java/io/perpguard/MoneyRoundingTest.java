package io.perpguard;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Money#round} is the decimal definition, bit for bit: {@code BigDecimal.valueOf(v).setScale(8, HALF_EVEN)
 * .doubleValue()} (the double's decimal text rounded half-even), on decimal ties at the 9th decimal and their
 * neighbouring doubles, amounts of every magnitude, and noisy products of prices and sizes.
 */
final class MoneyRoundingTest {
    /** The definition. */
    private static double decimal(double v) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).setScale(Money.DECIMALS, RoundingMode.HALF_EVEN).doubleValue() : v;
    }

    private static void same(double v) {
        assertThat(Double.doubleToRawLongBits(Money.round(v)))
                .as("round(%s) = %s, BigDecimal %s", v, Money.round(v), decimal(v))
                .isEqualTo(Double.doubleToRawLongBits(decimal(v)));
    }

    @Test
    void test_round_examples_halfEvenOnTheDecimalText() {
        assertThat(Money.round(0.000000015)).isEqualTo(0.00000002);
        assertThat(Money.round(0.000000025)).isEqualTo(0.00000002);
        assertThat(Money.round(-0.000000035)).isEqualTo(-0.00000004);
        assertThat(Money.round(9750.000000000002)).isEqualTo(9750.0);
        assertThat(Money.round(64842.600000000006)).isEqualTo(64842.6);
        // v × 10⁸ in double is 827847038585501.5: rounding the product instead of the decimal text gave ...502
        assertThat(Money.round(-8278470.385855014)).isEqualTo(-8278470.38585501);
        // the text is a tie (...184755): half-even goes to the even ...76; rounding the product gave ...75
        assertThat(Money.round(80900.233184755)).isEqualTo(80900.23318476);
        assertThat(Double.doubleToRawLongBits(Money.round(-0.0))).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(Double.doubleToRawLongBits(Money.round(-1e-12))).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(Money.round(Double.NaN)).isNaN();
        assertThat(Money.round(Double.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
        for (double v : new double[]{0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 0.5e-8, -0.5e-8, 1.5e-8, 45035996.27370495,
                45035996.273704955, 45035996.27370496, 4.5e7, 9e7, 1e15, 1e300, Double.MAX_VALUE, -Double.MAX_VALUE}) {
            same(v);
            same(Math.nextUp(v));
            same(Math.nextDown(v));
        }
    }

    @Property(tries = 20_000)
    void test_round_decimalTiesAndNeighbours_matchBigDecimal(@ForAll("ties") double tie, @ForAll("ulps") int ulps) {
        double v = tie;
        for (int i = 0; i < Math.abs(ulps); i++) {
            v = ulps > 0 ? Math.nextUp(v) : Math.nextDown(v);
        }
        same(v);
    }

    @Property(tries = 20_000)
    void test_round_amountsOfEveryMagnitude_matchBigDecimal(@ForAll("amounts") double v) {
        same(v);
    }

    @Property(tries = 20_000)
    void test_round_pricesTimesSizes_matchBigDecimal(@ForAll("prices") double price, @ForAll("sizes") double qty, @ForAll("sizes") double other) {
        same(price * qty);
        same(qty * (price - other));
        same(price * qty * 0.004 - other);
    }

    /** x.xxxxxxxx5 at the 9th decimal (a decimal tie of the 8-decimal rounding), as the nearest double, either sign. */
    @Provide
    Arbitrary<Double> ties() {
        Arbitrary<Long> units = Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000_000L), Arbitraries.longs().between(0, 450_000_000_000_000L),
                Arbitraries.longs().between(0, 9_000_000_000_000_000L));
        return Combinators.combine(units, Arbitraries.of(1, -1))
                .as((k, sign) -> sign * Double.parseDouble(BigDecimal.valueOf(10 * k + 5, 9).toPlainString()))
                .filter(d -> Math.abs(d) < 1e10);
    }

    @Provide
    Arbitrary<Integer> ulps() {
        return Arbitraries.integers().between(-3, 3);
    }

    /** m × 10^e, m uniform in [1, 10), e from −12 to 9, either sign: amounts from dust to ten figures. */
    @Provide
    Arbitrary<Double> amounts() {
        return Combinators.combine(Arbitraries.doubles().between(1, 10), Arbitraries.integers().between(-12, 9), Arbitraries.of(1, -1))
                .as((m, e, sign) -> sign * m * Math.pow(10, e));
    }

    /** Prices on a tick: 0.0001 to 200,000 with 1 to 4 decimals. */
    @Provide
    Arbitrary<Double> prices() {
        return Combinators.combine(Arbitraries.longs().between(1, 2_000_000_000L), Arbitraries.integers().between(1, 4))
                .as((units, scale) -> units / Math.pow(10, scale));
    }

    /** Sizes on a step: 0.001 to 10,000. */
    @Provide
    Arbitrary<Double> sizes() {
        return Arbitraries.longs().between(1, 10_000_000L).map(units -> units / 1000.0);
    }
}
