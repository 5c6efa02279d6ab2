package io.perpguard.app.explain;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.alerts.AlertState;
import io.perpguard.alerts.MarginAlert;
import io.perpguard.alerts.MarginAlertRules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Core raises alerts as figures; the desk, the stream and {@code watch} read the one line written here. */
class AlertTextTest {
    @Test
    void test_eachKind_readsAsTheDeskShowsIt() {
        List<String> lines = new ArrayList<>();
        AlertState s = AlertState.INITIAL;
        long t = 0;
        for (double r : new double[]{0.1, 0.55, 0.8, Double.POSITIVE_INFINITY}) {
            MarginAlertRules.Step step = MarginAlertRules.evaluate(AlertPolicy.DEFAULT, s, r, t += 600_000);
            step.alerts().forEach(a -> lines.add(a.kind().label() + " " + AlertText.message(a)));
            s = step.state();
        }
        assertThat(lines).containsExactly(
                "threshold margin ratio 55.0 % crossed 50.0 %",
                "fast_rise margin ratio rose 45.0 points to 55.0 % within 60 min: margin is falling fast",
                "threshold margin ratio 80.0 % crossed 70.0 %",
                "threshold margin ratio ∞ (margin balance gone) crossed 85.0 %",
                "liquidation margin ratio ∞ (margin balance gone): liquidation");
    }

    @Test
    void test_fastRise_namesTheWindowItRoseWithin() {
        MarginAlert a = new MarginAlert(io.perpguard.alerts.AlertKind.FAST_RISE, 0.2, 0.7, 0.4, 0, 15 * 60_000);
        assertThat(AlertText.message(a)).isEqualTo("margin ratio rose 30.0 points to 70.0 % within 15 min: margin is falling fast");
    }
}
