package io.perpguard;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

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
            return String.format(Locale.ROOT, "%.6g", v);
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
        for (double v : new double[] {0.123456785, 2.5e-6, -0.000001, 0.000001, 1e15 - 0.5, 123.456, 1e-6, 9.999999996, -99.999999995,
                0.999999999, -0.999999995, 12345678.123456789, 0.0012345678951}) {
            assertThat(Checks.fmt(v)).as("%s", v).isEqualTo(reference(v));
        }
    }
}
