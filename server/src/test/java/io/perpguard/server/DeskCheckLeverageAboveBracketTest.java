package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/check} of a plan at 300x (above every BTCUSDT bracket): 400 naming {@code leverage}, as check and /api/calc; it was a failed rule. */
final class DeskCheckLeverageAboveBracketTest {
    static final String PLAN = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"breakout above the range, wrong below 58,400\","
            + "\"entryPrice\":60000,\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":300,\"equity\":10000,\"riskPct\":2}";

    @Test
    void leverageAboveTheBracket_is400_bareAndWrapped() {
        try (TestDesk d = TestDesk.inMemory()) {
            for (String body : new String[]{PLAN, "{\"plan\":" + PLAN + "}"}) {
                TestDesk.Response r = d.post("/api/check", body);
                assertThat(r.status()).as(r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("leverage");
                assertThat(r.json().get("error").asText()).isEqualTo("leverage: 300x is above BTCUSDT's maximum of 125x for notional 6,960 "
                        + "(bracket 1: 0 to 50,000); no BTCUSDT tier allows 300x (highest 125x)");
            }
        }
    }
}
