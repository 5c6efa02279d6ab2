package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query parameter a route does not read is refused like a misspelled body field: before, {@code GET
 * /api/positions?subaccountId=2} answered every sub-account's positions as if filtered, and {@code /api/alerts?limt=5}
 * the default page.
 */
final class DeskQueryParamsTest {

    @Test
    void test_aMisspelledFilter_isA400NamingTheParameter_notEveryRow() {
        try (TestDesk d = TestDesk.inMemory()) {
            long degen = 0;
            for (JsonNode s : d.get("/api/subaccounts").json()) {
                if (s.get("name").asText().equals("degen")) {
                    degen = s.get("id").asLong();
                }
            }
            int all = d.get("/api/positions").json().size();
            JsonNode filtered = d.get("/api/positions?subAccountId=" + degen).json();
            assertThat(filtered.size()).as("the demo's degen holds some, not all").isPositive().isLessThan(all);

            TestDesk.Response typo = d.get("/api/positions?subaccountId=" + degen);
            assertThat(typo.status()).as(typo.body()).isEqualTo(400);
            assertThat(typo.json().get("field").asText()).isEqualTo("subaccountId");
            assertThat(typo.json().get("error").asText())
                    .isEqualTo("subaccountId: unknown query parameter (did you mean 'subAccountId'?); known: subAccountId");

            TestDesk.Response limt = d.get("/api/alerts?limt=5");
            assertThat(limt.status()).isEqualTo(400);
            assertThat(limt.json().get("error").asText()).contains("did you mean 'limit'");
            TestDesk.Response none = d.get("/api/desk?symbol=BTCUSDT");
            assertThat(none.status()).isEqualTo(400);
            assertThat(none.json().get("error").asText()).isEqualTo("symbol: unknown query parameter; GET /api/desk takes none");
            // the hot endpoints too (served ahead of Javalin when there is no query)
            TestDesk.Response calc = d.post("/api/calc?exchange=bybit", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,"
                    + "\"qty\":1,\"leverage\":10}");
            assertThat(calc.status()).as("exchange goes in the body; the query was ignored").isEqualTo(400);
            assertThat(calc.json().get("field").asText()).isEqualTo("exchange");
        }
    }

    @Test
    void test_aParameterGivenTwice_orAFractionalLimit_isRefused_andTheKnownOnesStillWork() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response twice = d.get("/api/alerts?limit=1&limit=500");
            assertThat(twice.status()).isEqualTo(400);
            assertThat(twice.json().get("error").asText()).isEqualTo("limit: given 2 times; give it once");
            TestDesk.Response half = d.get("/api/alerts?limit=1.5");
            assertThat(half.status()).isEqualTo(400);
            assertThat(half.json().get("error").asText()).isEqualTo("limit: 1.5 is not a whole number");
            assertThat(d.get("/api/journal?limit=2.5").status()).isEqualTo(400);

            assertThat(d.get("/api/alerts?limit=5").status()).isEqualTo(200);
            assertThat(d.get("/api/alerts?&limit=5&").status()).as("empty separators ask nothing").isEqualTo(200);
            TestDesk.Response nameless = d.get("/api/alerts?=5");
            assertThat(nameless.status()).isEqualTo(400);
            assertThat(nameless.json().get("error").asText()).isEqualTo("query: a value without a parameter name ('=5')");
            assertThat(d.get("/api/journal?offset=0&limit=10").status()).isEqualTo(200);
            assertThat(d.get("/api/subaccounts?accountId=1").status()).isEqualTo(200);
            assertThat(d.get("/api/closed?subAccountId=1").status()).isEqualTo(200);
            assertThat(d.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":1,\"leverage\":10}").status())
                    .isEqualTo(200);
        }
    }
}
