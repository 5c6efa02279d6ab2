package io.perpguard.orders;

import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A replay plan's shares say "over 0" as every other share does (Checks.overZero): a target's closePct of 0 was
 * "outside the allowed range 0.000000001 to 100", a plan's riskPct of 0 "0.000001 to 100" — floors nobody types.
 */
class PlanShareRangeMessageTest {
    @Test
    void closePct_namesItsRangeAsOver0UpTo100() {
        assertThatThrownBy(() -> TakeProfit.atR(1, 0))
                .hasMessage("targets.closePct: 0 is outside the allowed range: over 0, at most 100 (a percent of the planned size: 50 = half)");
        assertThatThrownBy(() -> TakeProfit.atR(1, 150))
                .hasMessage("targets.closePct: 150 is outside the allowed range: over 0, at most 100 (a percent of the planned size: 50 = half)");
        TakeProfit.atR(1, 100);
    }

    @Test
    void planRiskPct_namesItsRangeAsOver0UpTo100_asSizeDoes() {
        assertThatThrownBy(() -> OrderPlan.simple("BTCUSDT", Side.LONG, 0, 100, 90, 5, 1000, 0))
                .hasMessage("riskPct: 0 is outside the allowed range: over 0, at most 100 (a percent of equity: 1 = 1 %)");
    }
}
