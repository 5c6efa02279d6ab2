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

    @Test
    void riskSizedPlanAboveTheBracket_isCappedAsSizeCapsIt_200WithAFailedLeverageRule() {
        // 110x on 100,000 equity: the budget's 1.164 BTC is in bracket 2 (100x at most), capped to 0.833 as size caps it
        String plan = PLAN.replace("\"leverage\":300", "\"leverage\":110").replace("\"equity\":10000", "\"equity\":100000");
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/check", plan);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("verdict").asText()).isEqualTo("fail");
            assertThat(r.json().get("sized").get("qty").asDouble()).isEqualTo(0.833);
            com.fasterxml.jackson.databind.JsonNode rule = null;
            for (var n : r.json().get("rules")) {
                if (n.get("id").asText().equals("leverage")) {
                    rule = n;
                }
            }
            assertThat(rule).isNotNull();
            assertThat(rule.get("reason").asText()).isEqualTo("leverage_capped_to_tiers");
            assertThat(rule.get("values").get("budgetQty").asDouble()).isEqualTo(1.164);
        }
    }
}
