package io.perpguard;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Checks#fmt} without a Formatter gives the text the Formatter-based version gave. */
class ChecksFmtTest {
    /** The previous implementation, kept as the reference. */
    private static String reference(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 1e15 || Math.abs(v) < 1e-6) {
            // six significant digits, plain between 1e-12 and 1e21, else d.ddddde±x without padding
            String g = String.format(Locale.ROOT, "%.5e", v);
            String mantissa = g.substring(0, g.indexOf('e')).replaceAll("0+$", "").replaceAll("\\.$", "");
            int exponent = Integer.parseInt(g.substring(g.indexOf('e') + 1));
            if (Math.abs(v) >= 1e-12 && Math.abs(v) < 1e21) {
                java.math.BigDecimal plain = new java.math.BigDecimal(mantissa).scaleByPowerOfTen(exponent);
                return exponent >= 0 ? String.format(Locale.ROOT, "%,d", plain.toBigIntegerExact()) : plain.toPlainString();
            }
            return mantissa + "e" + exponent;
        }
        return String.format(Locale.ROOT, "%,.8f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    @Provide
    Arbitrary<Double> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e16, 1e16).ofScale(3),
                Arbitraries.doubles().between(-10, 10).ofScale(12),
                Arbitraries.doubles().between(-1e-5, 1e-5).ofScale(12),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(2),
                Arbitraries.doubles().between(-1e4, 1e4).ofScale(9), // ties at the 9th decimal
                Arbitraries.longs().between(0x3EB0000000000000L, 0x4330000000000000L).map(Double::longBitsToDouble), // any bits, 1e-6..2^52
                Arbitraries.longs().between(-2_000_000_000_000_000L, 2_000_000_000_000_000L).map(l -> (double) l));
    }

    @Property(tries = 5000)
    void sameTextAsTheFormatter(@ForAll("numbers") double v) {
        assertThat(Checks.fmt(v)).isEqualTo(reference(v));
    }

    @Test
    void examples() {
        assertThat(Checks.fmt(1234567.5)).isEqualTo("1,234,567.5");
        assertThat(Checks.fmt(-1234.000000005)).isEqualTo("-1,234.00000001");
        assertThat(Checks.fmt(999.9999999999)).isEqualTo("1,000");
        assertThat(Checks.fmt(-100)).isEqualTo("-100");
        assertThat(Checks.fmt(-1000)).isEqualTo("-1,000");
        assertThat(Checks.fmt(0.15)).isEqualTo("0.15");
        assertThat(Checks.fmt(Double.NaN)).isEqualTo("NaN");
        assertThat(Checks.fmt(9.999999996)).isEqualTo("10");   // the carry runs into a new digit
        assertThat(Checks.fmt(-99.999999995)).isEqualTo("-100");
        assertThat(Checks.fmt(0.999999999)).isEqualTo("1");
        // bounds and values outside eight decimals are human numbers, never %g's 1.00000e-09
        assertThat(Checks.fmt(1e-9)).isEqualTo("0.000000001");
        assertThat(Checks.fmt(-2.5e-7)).isEqualTo("-0.00000025");
        assertThat(Checks.fmt(1.23456789e-7)).isEqualTo("0.000000123457");
        assertThat(Checks.fmt(2e15)).isEqualTo("2,000,000,000,000,000");
        assertThat(Checks.fmt(1e300)).isEqualTo("1e300");
        assertThat(Checks.fmt(-Double.MAX_VALUE)).isEqualTo("-1.79769e308");
        assertThat(Checks.fmt(Double.MIN_VALUE)).isEqualTo("4.9e-324");
        assertThat(Checks.fmt(1e-15)).isEqualTo("1e-15");
        assertThatThrownBy(() -> Checks.inRange("fraction", 0, 1e-9, 1)).hasMessage("fraction: 0 is outside the allowed range 0.000000001 to 1");
        for (double v : new double[] {0.123456785, 2.5e-6, -0.000001, 0.000001, 1e15 - 0.5, 123.456, 1e-6, 9.999999996, -99.999999995,
                0.999999999, -0.999999995, 12345678.123456789, 0.0012345678951}) {
            assertThat(Checks.fmt(v)).as("%s", v).isEqualTo(reference(v));
        }
    }
}
