package io.perpguard.instrument;

import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.fast.TickRounding;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One tick rule per use (DESIGN.md "Rounding"): each former copy now calls {@link TickRule} and must agree with it. */
class TickRuleTest {
    static final Contract BTC = new Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125);

    @Test
    void test_levelRoundsTowardEntry_exitRoundsAgainstTheTrader() {
        assertThat(TickRule.LEVEL.apply(BTC, 59089.44, true)).isEqualTo(59089.5);
        assertThat(TickRule.LEVEL.apply(BTC, 60910.56, false)).isEqualTo(60910.5);
        assertThat(TickRule.EXIT.apply(BTC, 59089.44, true)).isEqualTo(59089.4);
        assertThat(TickRule.EXIT.apply(BTC, 60910.56, false)).isEqualTo(60910.6);
        assertThat(TickRule.LEVEL.apply(BTC, Double.NaN, true)).isNaN();
        assertThat(TickRule.notPastEntry(60000.0, 59999.95, 59999.97, true)).isEqualTo(59999.97);
        assertThat(TickRule.notPastEntry(59999.9, 59999.95, 59999.93, false)).isEqualTo(59999.93);
        assertThat(TickRule.notPastEntry(60000.1, 60000.05, 60000, true)).as("already past the entry").isEqualTo(60000.1);
    }

    @Property(tries = 500)
    void test_marginCalculatorAndFastKernel_roundLevelsByTheOneRule(@ForAll @DoubleRange(min = 0.1, max = 200_000) double price,
                                                                    @ForAll boolean isLong) {
        double rule = TickRule.LEVEL.apply(BTC, price, isLong);
        assertThat(MarginCalculator.roundTowardEntry(BTC, price, isLong)).isEqualTo(rule);
        assertThat(new TickRounding(BTC).towardEntry(price, isLong)).isEqualTo(rule);
        double entry = price * 1.0000001;
        assertThat(MarginCalculator.roundTowardEntry(BTC, price, isLong, entry)).isEqualTo(TickRule.notPastEntry(rule, price, entry, isLong));
    }
}
