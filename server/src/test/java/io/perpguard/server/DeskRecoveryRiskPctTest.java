package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/recovery} with a risk per trade too small to mean anything ({@code riskPct} 1e-300) is refused in one
 * line naming {@code riskPct} and its range; it answered HTTP 500 "internal error: IllegalStateException" (the engine's
 * search for the adjustment coefficient, about 1/f, gave up at 2^200).
 */
final class DeskRecoveryRiskPctTest {
    private static final String BET = "\"winRate\":0.45,\"payoff\":2,\"ruinPct\":50,\"paths\":200,\"trades\":100,\"drawdowns\":[50]";

    @Test
    void aRiskPerTradeBelowAPlansFloor_isA400NamingRiskPct() {
        try (TestDesk d = TestDesk.inMemory()) {
            for (String riskPct : new String[]{"1e-300", "1e-60", "0.0009"}) {
                TestDesk.Response r = d.post("/api/recovery", "{\"riskPct\":" + riskPct + "," + BET + "}");
                assertThat(r.status()).as(riskPct + " → " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("riskPct");
                assertThat(r.json().get("error").asText()).endsWith("is outside the allowed range 0.001 to under 100 (percent of equity per trade)")
                        .doesNotContain("\n").doesNotContain("Exception");
            }
            TestDesk.Response floor = d.post("/api/recovery", "{\"riskPct\":0.001," + BET + "}");
            assertThat(floor.status()).as(floor.body()).isEqualTo(200);
            assertThat(floor.json().get("riskOfRuin").get("riskPct").asDouble()).isEqualTo(0.001);
        }
    }
}
