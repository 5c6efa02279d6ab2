package io.perpguard.sizing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A share that must be over 0 says "over 0": it said "0.000000001 to 1" (kelly --cap 0) and "0.000000001 to 100" (riskPct). */
class ShareRangeMessageTest {
    @Test
    void kellyCapAndFraction_andRiskPct_nameTheRangeAsOverZero() {
        assertThatThrownBy(() -> Kelly.evaluate(0.55, 1.5, 0.5, 0))
                .hasMessage("cap: 0 is outside the allowed range: over 0, at most 1 (a fraction: 0.02 = 2 % of equity)");
        assertThatThrownBy(() -> Kelly.evaluate(0.55, 1.5, 1.01, 0.02))
                .hasMessage("fraction: 1.01 is outside the allowed range: over 0, at most 1 (a fraction: 0.5 = half Kelly)");
        assertThatThrownBy(() -> SizingInput.riskPct(10_000, 150, 60_000, 59_000, 5))
                .hasMessage("riskPct: 150 is outside the allowed range: over 0, at most 100 (a percent of equity: 1 = 1 %)");
        assertThatThrownBy(() -> SizingInput.riskPct(10_000, -0.0, 60_000, 59_000, 5))
                .hasMessage("riskPct: 0 is outside the allowed range: over 0, at most 100 (a percent of equity: 1 = 1 %)");
    }
}
