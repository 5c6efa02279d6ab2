package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The desk's calculators blame the field the body gave, as the commands do (one rule in the use cases). */
final class DeskInputBlameTest {

    static void assertBlames(TestDesk.Response r, String field, String text) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo(field);
        assertThat(r.json().get("error").asText()).startsWith(field + ": ").contains(text).doesNotContain("\n");
    }

    @Test
    void test_calcSizeFunding_hugeNumbers_areBlamedOnTheBodysField_andTheLadderPricesTheOtherSizes() {
        try (TestDesk d = TestDesk.inMemory()) {
            // "notional: 1e308 is above BTCUSDT's largest tier cap" before; a mark or wallet of 1e308 was priced
            assertBlames(d.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":1e308,\"qty\":1,\"leverage\":5}"),
                    "entryPrice", "allowed range");
            assertBlames(d.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":1e300,\"leverage\":5}"),
                    "qty", "at most 30,000");
            assertBlames(d.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":1,\"leverage\":5,"
                    + "\"markPrice\":1e308}"), "markPrice", "allowed range");
            assertBlames(d.post("/api/size", "{\"symbol\":\"BTCUSDT\",\"equity\":1e300,\"riskPct\":2,\"entryPrice\":60000,\"stop\":58400,"
                    + "\"leverage\":10}"), "equity", "allowed range");
            assertBlames(d.post("/api/funding", "{\"notional\":1e300,\"leverage\":5,\"fundingRate\":0.0001}"), "notional", "at most");
            TestDesk.Response t = d.post("/api/tiers", "{\"symbol\":\"BTCUSDT\",\"sizes\":[1,1e9],\"entryPrice\":60000}");
            assertThat(t.status()).as(t.body()).isEqualTo(200);
            JsonNode ladder = t.json().get("ladder");
            assertThat(ladder.get(0).get("tier").asInt()).isPositive();
            assertThat(ladder.get(1).get("aboveLargestTier").asBoolean()).isTrue();
            assertThat(t.json().get("warnings").get(0).asText()).startsWith("sizes[1]: 1,000,000,000 is outside the allowed range");
        }
    }
}
