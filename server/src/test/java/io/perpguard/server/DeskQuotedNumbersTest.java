package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A number written as a string is refused by every API body, naming the field, as account and plan files refuse it
 * (one reader, {@code JsonInput.literalNumber}): {@code "qty": "0.5"} was priced by /api/calc, a quoted plan figure by
 * /api/check, a quoted wallet stored by POST /api/subaccounts.
 */
final class DeskQuotedNumbersTest {
    private static final String CALC = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.5,\"leverage\":10}";
    private static final String PLAN = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"reclaim\",\"entryPrice\":60000,\"stop\":58400,"
            + "\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2}";
    private static final String SIZE = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"equity\":10000,\"riskPct\":2,\"entryPrice\":60000,"
            + "\"stop\":58400,\"leverage\":10}";

    static void assertQuotedRefused(TestDesk d, String path, String body, String field) {
        TestDesk.Response r = d.post(path, body);
        assertThat(r.status()).as(path + " " + body + " → " + r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo(field);
        assertThat(r.json().get("error").asText()).startsWith(field + ": \"").endsWith("is a string; write the number without quotes");
    }

    @Test
    void test_quotedNumbers_areRefusedNamingTheField_inEveryBody() {
        try (TestDesk d = TestDesk.inMemory()) {
            // the same bodies with numbers answer
            assertThat(d.post("/api/calc", CALC).status()).isEqualTo(200);
            assertThat(d.post("/api/check", PLAN).status()).isEqualTo(200);
            assertThat(d.post("/api/check", "{\"plan\":" + PLAN + ",\"policy\":{\"maxLeverage\":20}}").status()).isEqualTo(200);
            assertThat(d.post("/api/size", SIZE).status()).isEqualTo(200);

            assertQuotedRefused(d, "/api/calc", CALC.replace("\"qty\":0.5", "\"qty\":\"0.5\""), "qty");
            assertQuotedRefused(d, "/api/calc", CALC.replace("\"entryPrice\":60000", "\"entryPrice\":\"60000\""), "entryPrice");
            assertQuotedRefused(d, "/api/calc", CALC.replace("\"leverage\":10", "\"leverage\":\"10\""), "leverage");
            assertQuotedRefused(d, "/api/check", PLAN.replace("\"stop\":58400", "\"stop\":\"58400\""), "stop");
            assertQuotedRefused(d, "/api/check", "{\"plan\":" + PLAN.replace("[64000]", "[\"64000\"]") + "}", "plan.targets[0]");
            assertQuotedRefused(d, "/api/check", "{\"plan\":" + PLAN + ",\"policy\":{\"maxLeverage\":\"20\"}}", "policy.maxLeverage");
            assertQuotedRefused(d, "/api/size", SIZE.replace("\"equity\":10000", "\"equity\":\"10000\""), "equity");
            assertQuotedRefused(d, "/api/kelly", "{\"winRate\":\"0.5\",\"payoff\":2}", "winRate");
            assertQuotedRefused(d, "/api/funding", "{\"notional\":\"50000\",\"leverage\":20,\"fundingRate\":0.001}", "notional");
            assertQuotedRefused(d, "/api/tiers", "{\"symbol\":\"BTCUSDT\",\"sizes\":[\"1\"],\"entryPrice\":60000}", "sizes[0]");
        }
    }

    @Test
    void test_aQuotedWallet_isRefused_andNothingIsStored() {
        try (TestDesk d = TestDesk.inMemory()) {
            int subs = d.get("/api/subaccounts").json().size();
            assertQuotedRefused(d, "/api/subaccounts", "{\"accountId\":1,\"name\":\"quoted\",\"walletBalance\":\"100\"}", "walletBalance");
            assertThat(d.get("/api/subaccounts").json().size()).isEqualTo(subs);
            assertThat(d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"plain\",\"walletBalance\":100}").status()).isEqualTo(201);
            // an edit stored "5" as 5; a close at "100000" closed the position at that price
            String sub = d.get("/api/subaccounts/1").body();
            TestDesk.Response put = d.put("/api/subaccounts/1", "{\"walletBalance\":\"5\"}");
            assertThat(put.status()).as(put.body()).isEqualTo(400);
            assertThat(put.json().get("error").asText()).isEqualTo("walletBalance: \"5\" is a string; write the number without quotes");
            assertThat(d.get("/api/subaccounts/1").body()).isEqualTo(sub);
            long id = d.get("/api/positions").json().get(0).get("id").asLong();
            assertQuotedRefused(d, "/api/positions/" + id + "/close", "{\"price\":\"100000\"}", "price");
            assertThat(d.get("/api/positions/" + id).status()).isEqualTo(200);
        }
    }
}
