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

    @Test
    void test_closeAtAHugePrice_isA400NamingThePrice_andThePositionStaysOpen() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode pos = d.get("/api/positions").json().get(0);
            long id = pos.get("id").asLong();
            int closed = d.get("/api/closed").json().size();
            // the price reached the database's DECIMAL(30, 10) column: HTTP 500 "the desk's database failed"
            for (String price : new String[]{"1e308", "1e16"}) {
                TestDesk.Response r = d.post("/api/positions/" + id + "/close", "{\"price\":" + price + "}");
                assertThat(r.status()).as(r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("price");
                assertThat(r.json().get("error").asText()).startsWith("price: ").contains("allowed range");
            }
            assertThat(d.get("/api/positions/" + id).json()).isEqualTo(pos);
            assertThat(d.get("/api/closed").json().size()).isEqualTo(closed);
        }
    }

    @Test
    void test_replayIndex_outOfRangeOrFractional_isRefusedAsGiven_andTheReplayStaysPut() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode before = d.get("/api/replay").json();
            int last = before.get("bars").asInt() - 1;
            // said "index: 2147483647 is outside 0 to 335" (the cast value, not the one given); 1.5 moved to step 1
            TestDesk.Response big = d.post("/api/replay", "{\"index\":1e12}");
            assertBlames(big, "index", "1,000,000,000,000 is outside the allowed range 0 to " + last);
            assertBlames(d.post("/api/replay", "{\"index\":1.5}"), "index", "not a whole number");
            assertThat(d.get("/api/replay").json().get("index")).isEqualTo(before.get("index"));
        }
    }
}
