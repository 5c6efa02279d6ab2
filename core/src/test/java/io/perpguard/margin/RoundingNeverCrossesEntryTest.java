package io.perpguard.margin;

import io.perpguard.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import static io.perpguard.margin.TestInstruments.BTC;
import static io.perpguard.margin.TestInstruments.ETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tick rounding toward entry never carries a liquidation or bankruptcy level past the entry. */
class RoundingNeverCrossesEntryTest {
    @Property(tries = 2000)
    void test_roundedLevels_stayOnTheirSideOfEntry(@ForAll @DoubleRange(min = 0.01, max = 200) double entryTicks,
                                                   @ForAll @DoubleRange(min = 1, max = 125) double leverage,
                                                   @ForAll boolean isLong, @ForAll boolean eth) {
        var inst = eth ? ETH : BTC;
        double entry = Math.max(inst.contract().tickSize(), entryTicks * inst.contract().tickSize());
        double qty = 1000 / entry;
        double lev = Math.min(leverage, inst.tiers().maxLeverageFor(qty * entry));
        Position p = Position.isolated(inst.symbol(), isLong ? Side.LONG : Side.SHORT, qty, entry, lev);
        PositionReport r = MarginCalculator.evaluate(p, inst, 0);
        // NaN: no price liquidates it (e.g. a 1x long); nothing to round
        org.junit.jupiter.api.Assumptions.assumeTrue(Double.isFinite(r.liquidationPrice()) && Double.isFinite(r.bankruptcyPrice()));
        if (isLong) {
            assertThat(r.liquidationPrice()).as("long liquidation").isLessThanOrEqualTo(entry);
            assertThat(r.bankruptcyPrice()).as("long bankruptcy").isLessThanOrEqualTo(entry);
        } else {
            assertThat(r.liquidationPrice()).as("short liquidation").isGreaterThanOrEqualTo(entry);
            assertThat(r.bankruptcyPrice()).as("short bankruptcy").isGreaterThanOrEqualTo(entry);
        }
    }

    @Test
    void test_entryBelowOneTick_isRefused() {
        Position p = Position.isolated("BTCUSDT", Side.LONG, 1, 0.0000001, 10);
        assertThatThrownBy(() -> MarginCalculator.evaluate(p, BTC, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("below one tick");
        Position s = Position.isolated("BTCUSDT", Side.SHORT, 1, 0.01, 10);
        assertThatThrownBy(() -> MarginCalculator.evaluate(s, BTC, 0)).hasMessageContaining("below one tick");
    }

    @Test
    void test_markFarPastLiquidation_lossIsNeverNegative() {
        Position p = new Position("BTCUSDT", Side.LONG, 8.333, 60000, 50, MarginMode.ISOLATED, PositionSide.BOTH, 0, 1);
        PositionReport r = MarginCalculator.evaluate(p, BTC, 0);
        assertThat(r.lossIfLiquidated()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void test_orderQty_offStepOrBelowMinimum_isRefused_withTheNearestValidOnes() {
        var c = BTC.contract();   // step 0.001, min 0.001
        c.requireOrderQty("qty", 0.5);
        assertThatThrownBy(() -> c.requireOrderQty("qty", 0.0005)).hasMessageContaining("below the minimum order quantity");
        assertThatThrownBy(() -> c.requireOrderQty("qty", 0.0015)).hasMessageContaining("not a multiple of the step size")
                .hasMessageContaining("0.001 or 0.002");
        assertThatThrownBy(() -> c.requireOrderQty("qty", 1e-19)).isInstanceOf(InvalidInputException.class);
    }
}
