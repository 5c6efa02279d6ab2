package io.perpguard.alerts;

import io.perpguard.alerts.MarginAlertRules.Alert;
import io.perpguard.alerts.MarginAlertRules.Config;
import io.perpguard.alerts.MarginAlertRules.Kind;
import io.perpguard.alerts.MarginAlertRules.Result;
import io.perpguard.alerts.MarginAlertRules.State;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarginAlertRulesTest {
    /** Thresholds only: the fast-fall rise is set out of reach. */
    private static final Config THRESHOLDS_ONLY = new Config(new double[]{0.5, 0.7, 0.85}, 0.05, 5, 60_000);

    private static List<Alert> run(Config c, double[] ratios) {
        State s = State.INITIAL;
        List<Alert> all = new ArrayList<>();
        for (int i = 0; i < ratios.length; i++) {
            Result r = MarginAlertRules.update(c, s, ratios[i], 1_000L * i);
            s = r.state();
            all.addAll(r.alerts());
        }
        return all;
    }

    @Test
    void test_update_walkTo90Pct_raises50_70_85InOrderOnceEach() {
        double[] path = new double[91];
        for (int i = 0; i <= 90; i++) {
            path[i] = i / 100.0;
        }
        List<Alert> alerts = run(THRESHOLDS_ONLY, path);
        assertThat(alerts).extracting(Alert::threshold).containsExactly(0.5, 0.7, 0.85);
        assertThat(alerts).extracting(Alert::kind).containsOnly(Kind.THRESHOLD);
    }

    @Test
    void test_update_hoveringAroundThreshold_raisesOneAlertNotOnePerTick() {
        double[] path = {0.40, 0.51, 0.49, 0.52, 0.48, 0.51, 0.499, 0.50};
        assertThat(run(THRESHOLDS_ONLY, path)).hasSize(1);
    }

    @Test
    void test_update_fallBelowThresholdMinusHysteresis_rearms() {
        double[] path = {0.40, 0.51, 0.44, 0.51};
        assertThat(run(THRESHOLDS_ONLY, path)).extracting(Alert::threshold).containsExactly(0.5, 0.5);
    }

    @Test
    void test_update_oneJumpAcrossAll_raisesEachThresholdAscending() {
        assertThat(run(THRESHOLDS_ONLY, new double[]{0.1, 0.95})).extracting(Alert::threshold).containsExactly(0.5, 0.7, 0.85);
    }

    @Test
    void test_update_marginBalanceGone_infiniteRatioCrossesAll() {
        List<Alert> alerts = run(THRESHOLDS_ONLY, new double[]{0.1, Double.POSITIVE_INFINITY});
        assertThat(alerts).filteredOn(a -> a.kind() == Kind.THRESHOLD).hasSize(3);
        assertThat(alerts).filteredOn(a -> a.kind() == Kind.FAST_FALL).hasSize(1);
    }

    @Test
    void test_update_olderUpdate_isIgnored() {
        Result first = MarginAlertRules.update(THRESHOLDS_ONLY, State.INITIAL, 0.2, 10_000);
        Result late = MarginAlertRules.update(THRESHOLDS_ONLY, first.state(), 0.9, 9_000);
        assertThat(late.alerts()).isEmpty();
        assertThat(late.state()).isEqualTo(first.state());
    }

    @Test
    void test_update_riseOf15PointsWithinWindow_isFastFall() {
        Config c = new Config(new double[]{0.9}, 0.05, 0.15, 60_000);
        State s = MarginAlertRules.update(c, State.INITIAL, 0.20, 0).state();
        Result r1 = MarginAlertRules.update(c, s, 0.30, 10_000);
        assertThat(r1.alerts()).isEmpty();
        Result r2 = MarginAlertRules.update(c, r1.state(), 0.36, 20_000);
        assertThat(r2.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Kind.FAST_FALL);
            assertThat(a.fromRatio()).isEqualTo(0.20);
            assertThat(a.threshold()).isCloseTo(0.16, org.assertj.core.data.Offset.offset(1e-12));
        });
        // the reference moved up: a small further rise is not another fast fall
        assertThat(MarginAlertRules.update(c, r2.state(), 0.40, 25_000).alerts()).isEmpty();
    }

    @Test
    void test_update_sameRiseSpreadBeyondWindow_isNotFastFall() {
        Config c = new Config(new double[]{0.9}, 0.05, 0.15, 60_000);
        State s = MarginAlertRules.update(c, State.INITIAL, 0.20, 0).state();
        s = MarginAlertRules.update(c, s, 0.28, 61_000).state();
        assertThat(MarginAlertRules.update(c, s, 0.36, 122_000).alerts()).isEmpty();
    }

    @Test
    void test_config_descendingThresholds_refused() {
        assertThatThrownBy(() -> new Config(new double[]{0.7, 0.5}, 0.05, 0.1, 1000))
                .hasMessageContaining("thresholds").hasMessageContaining("ascending");
    }

    /** Between two alerts for the same threshold the ratio must have fallen below threshold − hysteresis. */
    @Property
    void thresholdAlert_repeatsOnlyAfterRearm(@ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = 0, max = 1.2) Double> ratios) {
        State s = State.INITIAL;
        double[] thr = {0.5, 0.7, 0.85};
        boolean[] armed = {true, true, true};
        for (int i = 0; i < ratios.size(); i++) {
            double r = ratios.get(i);
            Result res = MarginAlertRules.update(THRESHOLDS_ONLY, s, r, i);
            for (int k = 0; k < thr.length; k++) {
                if (r < thr[k] - 0.05) {
                    armed[k] = true;
                }
            }
            for (Alert a : res.alerts()) {
                int k = java.util.Arrays.binarySearch(thr, a.threshold());
                assertThat(armed[k]).as("threshold %s alerted while not re-armed", a.threshold()).isTrue();
                assertThat(r).isGreaterThanOrEqualTo(a.threshold());
                armed[k] = false;
            }
            s = res.state();
        }
    }
}
