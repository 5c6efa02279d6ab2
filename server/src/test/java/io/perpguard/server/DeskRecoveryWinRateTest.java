package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/recovery} reads the win rate as {@code /api/kelly} does: {@code winRatePct} states the unit (it was
 * refused as an unknown field) and a {@code winRate} over 1 is read as a percent and said so in {@code warnings}.
 */
final class DeskRecoveryWinRateTest {
    private static final String BET = "\"payoff\":1.5,\"riskPct\":10,\"paths\":200,\"trades\":100,\"drawdowns\":[50]";

    @Test
    void winRatePct_andTheReadingOfWinRate() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response pct = d.post("/api/recovery", "{\"winRatePct\":45," + BET + "}");
            assertThat(pct.status()).as(pct.body()).isEqualTo(200);
            JsonNode fraction = d.post("/api/recovery", "{\"winRate\":0.45," + BET + "}").json();
            assertThat(pct.json()).isEqualTo(fraction);
            assertThat(fraction.get("warnings")).isEmpty();

            JsonNode guessed = d.post("/api/recovery", "{\"winRate\":45," + BET + "}").json();
            assertThat(guessed.get("riskOfRuin").get("winProbability").asDouble()).isEqualTo(0.45);
            assertThat(guessed.get("warnings").get(0).asText())
                    .isEqualTo("winRate 45 read as a percent: 45 % (a fraction is under 1; winRatePct states the unit)");

            refused(d, "{\"winRatePct\":0.45," + BET + "}", "winRatePct",
                    "winRatePct: 0.45 is outside the allowed range: a percent over 1 and under 100 (55 for 55 %); a fraction (0.45) goes in winRate");
            refused(d, "{\"winRate\":0.45,\"winRatePct\":45," + BET + "}", "winRatePct", "winRatePct: give the win rate once");
            refused(d, "{\"winRatePct\":45}", "payoff", "payoff: is missing: risk of ruin needs all of winRate (or winRatePct), payoff and riskPct");
        }
    }

    private static void refused(TestDesk d, String body, String field, String error) {
        TestDesk.Response r = d.post("/api/recovery", body);
        assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo(field);
        assertThat(r.json().get("error").asText()).startsWith(error).doesNotContain("\n");
    }
}
