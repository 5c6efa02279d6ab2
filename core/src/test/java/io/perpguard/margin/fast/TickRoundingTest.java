package io.perpguard.margin.fast;

import io.perpguard.instrument.Contract;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TickRoundingTest {
    @Property(tries = 300)
    void floorAndCeil_equalTheDecimalRoundingAndTheContracts(@ForAll long seed) {
        Random r = new Random(seed);
        double tick = RandomBooks.TICKS[r.nextInt(RandomBooks.TICKS.length)];
        Contract c = new Contract("XUSDT", tick, 0.001, 0, 0, 0.0005, 0.0002, 8, 0.0125);
        TickRounding t = new TickRounding(c);
        for (int i = 0; i < 100; i++) {
            double p = RandomBooks.price(r, tick);
            assertThat(t.floor(p)).as("floor %s to %s", p, tick).isEqualTo(decimal(p, tick, RoundingMode.FLOOR)).isEqualTo(c.floorToTick(p));
            assertThat(t.ceil(p)).as("ceil %s to %s", p, tick).isEqualTo(decimal(p, tick, RoundingMode.CEILING)).isEqualTo(c.ceilToTick(p));
            assertThat(t.towardEntry(p, true)).isEqualTo(t.ceil(p));
            assertThat(t.towardEntry(p, false)).isEqualTo(t.floor(p));
        }
        assertThat(t.towardEntry(Double.NaN, true)).isNaN();
        assertThat(t.floor(58799.99999999999)).isEqualTo(decimal(58799.99999999999, tick, RoundingMode.FLOOR));
    }

    private static double decimal(double value, double increment, RoundingMode mode) {
        BigDecimal inc = BigDecimal.valueOf(increment);
        return new BigDecimal(value).setScale(inc.scale() + 6, RoundingMode.HALF_EVEN).divide(inc, 0, mode).multiply(inc).doubleValue();
    }
}
