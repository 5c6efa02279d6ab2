package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/kelly}: {@code winRate} 1.5 was 1.5 % without a word — a trader who meant a fraction could not tell.
 * Now the answer says how it was read, and {@code winRatePct} states the unit (refusing a fraction), as kelly's
 * {@code --win-rate} and {@code --win-rate-pct} do; a cap of 0 names the range as "over 0, at most 1".
 */
final class DeskKellyWinRateTest {
    @Test
    void winRatePct_andTheReadingOfWinRate() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode fraction = d.post("/api/kelly", "{\"winRate\":0.55,\"payoff\":1.5}").json();
            JsonNode pct = d.post("/api/kelly", "{\"winRatePct\":55,\"payoff\":1.5}").json();
            assertThat(pct).isEqualTo(fraction);
            assertThat(fraction.get("warnings")).isEmpty();

            JsonNode guessed = d.post("/api/kelly", "{\"winRate\":1.5,\"payoff\":1.5}").json();
            assertThat(guessed.get("winRate").asDouble()).isEqualTo(0.015);
            assertThat(guessed.get("warnings").get(0).asText())
                    .isEqualTo("winRate 1.5 read as a percent: 1.5 % (a fraction is under 1; winRatePct states the unit)");

            refused(d, "{\"winRatePct\":0.55,\"payoff\":1.5}", "winRatePct",
                    "winRatePct: 0.55 is outside the allowed range: a percent over 1 and under 100 (55 for 55 %); a fraction (0.55) goes in winRate");
            refused(d, "{\"winRatePct\":1,\"payoff\":1.5}", "winRatePct", "winRatePct: 1 is outside the allowed range");
            refused(d, "{\"winRate\":0.5,\"winRatePct\":50,\"payoff\":1.5}", "winRatePct", "winRatePct: give the win rate once");
            refused(d, "{\"winRatePct\":50}", "payoff", "payoff: is missing: a win rate (winRate or winRatePct) and payoff go together");
            refused(d, "{\"winRate\":0.55,\"payoff\":1.5,\"cap\":0}", "cap",
                    "cap: 0 is outside the allowed range: over 0, at most 1 (a fraction: 0.02 = 2 % of equity)");
            refused(d, "{\"journal\":true,\"winRatePct\":50}", "winRatePct", "winRatePct: goes without \"journal\": true");
        }
    }

    private static void refused(TestDesk d, String body, String field, String error) {
        TestDesk.Response r = d.post("/api/kelly", body);
        assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo(field);
        assertThat(r.json().get("error").asText()).startsWith(error).doesNotContain("\n");
    }
}
