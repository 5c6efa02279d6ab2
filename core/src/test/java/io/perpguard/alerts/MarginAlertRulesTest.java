package io.perpguard.alerts;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarginAlertRulesTest {
    static final long HOUR = 3_600_000L;

    /** Runs a path of ratios, one per hour, and collects the alerts. */
    static List<MarginAlert> run(AlertPolicy policy, double... ratios) {
        AlertState s = AlertState.INITIAL;
        List<MarginAlert> out = new ArrayList<>();
        for (int i = 0; i < ratios.length; i++) {
            MarginAlertRules.Step step = MarginAlertRules.evaluate(policy, s, ratios[i], i * HOUR);
            s = step.state();
            out.addAll(step.alerts());
        }
        return out;
    }

    @Test
    void test_evaluate_walkTo90Percent_raises50_70_85_inOrder_onceEach() {
        double[] path = new double[41];
        for (int i = 0; i <= 40; i++) {
            path[i] = 0.10 + 0.02 * i;   // 10 % → 90 % in 2-point steps (slow: no fast-rise alert)
        }
        List<MarginAlert> alerts = run(AlertPolicy.DEFAULT, path);
        assertThat(alerts).extracting(MarginAlert::kind).containsOnly(AlertKind.THRESHOLD);
        assertThat(alerts).extracting(MarginAlert::threshold).containsExactly(0.5, 0.7, 0.85);
        assertThat(alerts.get(0).marginRatio()).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void test_evaluate_hoveringAroundAThreshold_alertsOnce_untilItRearms() {
        List<MarginAlert> alerts = run(AlertPolicy.DEFAULT, 0.49, 0.51, 0.48, 0.52, 0.47, 0.51);
        assertThat(alerts).hasSize(1);
        // falling below 50 − 5 = 45 % re-arms the 50 % threshold
        List<MarginAlert> rearmed = run(AlertPolicy.DEFAULT, 0.40, 0.51, 0.44, 0.51);
        assertThat(rearmed).extracting(MarginAlert::threshold).containsExactly(0.5, 0.5);
    }

    @Test
    void test_evaluate_jumpAcrossThresholds_raisesThemInAscendingOrder_andTheFastRise() {
        List<MarginAlert> alerts = run(AlertPolicy.DEFAULT, 0.2, 0.9);
        assertThat(alerts).extracting(MarginAlert::kind)
                .containsExactly(AlertKind.THRESHOLD, AlertKind.THRESHOLD, AlertKind.THRESHOLD, AlertKind.FAST_RISE);
        assertThat(alerts.get(3).previousRatio()).isEqualTo(0.2);
    }

    @Test
    void test_evaluate_liquidation_firesOnceAtOneHundredPercent_andIsTerminal() {
        // after liquidation the venue has closed the position: a recovery and a new fall raise nothing
        List<MarginAlert> alerts = run(new AlertPolicy(new double[]{0.5}, 0.05, 5, HOUR), 0.6, 1.0, Double.POSITIVE_INFINITY, 0.2, 0.6, 1.2);
        assertThat(alerts).extracting(MarginAlert::kind).containsExactly(AlertKind.THRESHOLD, AlertKind.LIQUIDATION);
    }

    @Test
    void test_evaluate_outOfOrderMarkIsIgnored() {
        MarginAlertRules.Step a = MarginAlertRules.evaluate(AlertPolicy.DEFAULT, AlertState.INITIAL, 0.3, 10 * HOUR);
        MarginAlertRules.Step late = MarginAlertRules.evaluate(AlertPolicy.DEFAULT, a.state(), 0.9, 9 * HOUR);
        assertThat(late.alerts()).isEmpty();
        assertThat(late.state()).isEqualTo(a.state());
    }

    /** Invariant: between two alerts of the same threshold the ratio went below threshold − rearmGap. */
    @Property(tries = 300)
    void thresholdAlert_neverRepeats_withoutRearming(@ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = 0, max = 1.2) Double> ratios) {
        AlertPolicy pol = AlertPolicy.DEFAULT;
        AlertState s = AlertState.INITIAL;
        double[] minSinceAlert = {Double.NaN, Double.NaN, Double.NaN};
        for (int i = 0; i < ratios.size(); i++) {
            double r = ratios.get(i);
            MarginAlertRules.Step step = MarginAlertRules.evaluate(pol, s, r, i * HOUR);
            for (int k = 0; k < 3; k++) {
                if (!Double.isNaN(minSinceAlert[k])) {
                    minSinceAlert[k] = Math.min(minSinceAlert[k], r);
                }
            }
            for (MarginAlert a : step.alerts()) {
                if (a.kind() != AlertKind.THRESHOLD) {
                    continue;
                }
                int k = a.threshold() == 0.5 ? 0 : a.threshold() == 0.7 ? 1 : 2;
                assertThat(r).isGreaterThanOrEqualTo(a.threshold());
                if (!Double.isNaN(minSinceAlert[k])) {
                    assertThat(minSinceAlert[k]).isLessThan(a.threshold() - pol.rearmGap());
                }
                minSinceAlert[k] = r;
            }
            s = step.state();
        }
    }
}
