package io.perpguard.instrument;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IncrementTest {
    static final double[] SIZES = {0.1, 0.01, 0.001, 0.0001, 1, 0.5, 0.05, 0.00001, 10, 0.25, 1e-8, 0.0025, 100, 1e7, 3e-5};

    /** The decimal definition the long arithmetic must reproduce bit for bit. */
    static double reference(double value, double increment, RoundingMode mode) {
        if (!Double.isFinite(value)) {
            return value;
        }
        BigDecimal inc = BigDecimal.valueOf(increment);
        BigDecimal v = new BigDecimal(value).setScale(inc.scale() + 6, RoundingMode.HALF_EVEN);
        return v.divide(inc, 0, mode).multiply(inc).doubleValue();
    }

    @Property(tries = 400)
    void floorAndCeil_equalTheDecimalDefinition(@ForAll long seed) {
        Random r = new Random(seed);
        double size = SIZES[r.nextInt(SIZES.length)];
        Increment inc = Increment.of(size);
        for (int i = 0; i < 200; i++) {
            double p = Math.exp(Math.log(1e-6) + r.nextDouble() * Math.log(1e16));
            switch (r.nextInt(4)) {
                case 0 -> p = Math.rint(p / size) * size;                  // on the grid, with binary noise
                case 1 -> p = Math.rint(p / size) * size + size * 5e-7;    // just past the 6-decimal noise cut
                case 2 -> p = -p;
                default -> { }
            }
            assertThat(inc.floor(p)).as("floor %s to %s", p, size).isEqualTo(reference(p, size, RoundingMode.FLOOR));
            assertThat(inc.ceil(p)).as("ceil %s to %s", p, size).isEqualTo(reference(p, size, RoundingMode.CEILING));
        }
    }

    @Test
    void keepsAnExactTickDespiteBinaryNoise_andPassesNonFiniteValues() {
        Increment tick = Increment.of(0.1);
        assertThat(tick.floor(58799.99999999999)).isEqualTo(58800.0);
        assertThat(tick.ceil(60000.1)).isEqualTo(60000.1);
        assertThat(tick.floor(60000.19)).isEqualTo(60000.1);
        assertThat(tick.ceil(60000.11)).isEqualTo(60000.2);
        assertThat(tick.floor(Double.NaN)).isNaN();
        assertThat(tick.ceil(Double.POSITIVE_INFINITY)).isInfinite();
        assertThat(Increment.of(0.1)).isSameAs(tick);
    }
}
