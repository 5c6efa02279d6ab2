package io.perpguard.portfolio;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of historical VaR and ES on any P&amp;L sample: ES ≥ VaR, both rise with the confidence, a loss is positive. */
final class ValueAtRiskPropertyTest {

    @Property(tries = 500)
    void expectedShortfall_isAtLeastVaR_andBothRiseWithConfidence(
            @ForAll @Size(min = 2, max = 400) List<@DoubleRange(min = -1e6, max = 1e6) Double> sample) {
        double[] pnl = sample.stream().mapToDouble(Double::doubleValue).toArray();
        double eps = 1e-9 * (1 + Arrays.stream(pnl).map(Math::abs).max().orElse(0));
        double previousVar = Double.NEGATIVE_INFINITY, previousEs = Double.NEGATIVE_INFINITY;
        for (double c : new double[]{0.9, 0.95, 0.975, 0.99}) {
            double var = ValueAtRisk.historical(pnl, c);
            double es = ValueAtRisk.expectedShortfall(pnl, c);
            assertThat(es).as("ES %s at %s", es, c).isGreaterThanOrEqualTo(var - eps);
            assertThat(var).isGreaterThanOrEqualTo(previousVar - eps);
            assertThat(es).isGreaterThanOrEqualTo(previousEs - eps);
            // VaR is a loss of the sample: minus one of its P&Ls, never beyond the worst
            assertThat(-var).isIn(sample.stream().map(Double::doubleValue).toArray());
            assertThat(es).isLessThanOrEqualTo(-Arrays.stream(pnl).min().orElseThrow() + eps);
            previousVar = var;
            previousEs = es;
        }
    }

    @Property(tries = 200)
    void aLongThatOnlyGains_hasANegativeVaR_andShiftingEveryPnlShiftsVaRAndEs(
            @ForAll @Size(min = 20, max = 200) List<@DoubleRange(min = 0.01, max = 1e5) Double> gains,
            @ForAll @DoubleRange(min = -1e5, max = 1e5) double shift) {
        double[] pnl = gains.stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(ValueAtRisk.historical(pnl, 0.95)).isNegative();
        double[] shifted = Arrays.stream(pnl).map(x -> x + shift).toArray();
        double eps = 1e-6;
        assertThat(ValueAtRisk.historical(shifted, 0.95)).isCloseTo(ValueAtRisk.historical(pnl, 0.95) - shift,
                org.assertj.core.api.Assertions.within(eps));
        assertThat(ValueAtRisk.expectedShortfall(shifted, 0.99)).isCloseTo(ValueAtRisk.expectedShortfall(pnl, 0.99) - shift,
                org.assertj.core.api.Assertions.within(eps));
    }
}
