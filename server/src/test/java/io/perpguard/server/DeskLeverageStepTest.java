package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leverage the venue does not set is a 400 on every desk body that takes one, in the words the CLI uses: 10.5x on
 * Binance USDⓈ-M, which takes whole numbers (POST /fapi/v1/leverage: INT). Nothing is stored.
 */
final class DeskLeverageStepTest {
    static final String BINANCE = "leverage: 10.5x is not a leverage Binance USDⓈ-M sets: BTCUSDT takes whole numbers 1–125x";

    static void refused(TestDesk.Response r, String field, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo(field);
        assertThat(r.json().get("error").asText()).isEqualTo(error);
    }

    @Test
    void test_calcSizeTiersFundingCheck_aFractionalLeverageOnBinance_is400() {
        try (TestDesk d = TestDesk.inMemory()) {
            refused(d.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.01,\"leverage\":10.5}"),
                    "leverage", BINANCE);
            refused(d.post("/api/size", "{\"symbol\":\"BTCUSDT\",\"equity\":10000,\"riskPct\":2,\"entryPrice\":60000,\"stop\":58400,\"leverage\":10.5}"),
                    "leverage", BINANCE);
            refused(d.post("/api/tiers", "{\"symbol\":\"BTCUSDT\",\"sizes\":[0.1],\"entryPrice\":60000,\"leverage\":10.5}"), "leverage", BINANCE);
            refused(d.post("/api/check", DeskCheckLeverageAboveBracketTest.PLAN.replace("\"leverage\":300", "\"leverage\":10.5")), "leverage", BINANCE);
            TestDesk.Response whole = d.post("/api/calc", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"qty\":0.01,\"leverage\":10}");
            assertThat(whole.status()).as(whole.body()).isEqualTo(200);
            // Bybit sets hundredths: 10.55x prices there
            TestDesk.Response bybit = d.post("/api/calc", "{\"exchange\":\"bybit\",\"mmr\":0.005,\"symbol\":\"BTCUSDT\",\"side\":\"long\","
                    + "\"entryPrice\":60000,\"qty\":0.01,\"leverage\":10.55}");
            assertThat(bybit.status()).as(bybit.body()).isEqualTo(200);
        }
    }

    @Test
    void test_aDeskPositionAtAFractionalLeverage_is400_andNothingIsStored() {
        try (TestDesk d = TestDesk.inMemory()) {
            long sub = d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"lev\",\"walletBalance\":100000}").json().get("id").asLong();
            String pos = "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.1,\"entryPrice\":60000,"
                    + "\"leverage\":10.5,\"marginMode\":\"isolated\"}";
            refused(d.post("/api/positions", pos), "leverage", BINANCE);
            assertThat(d.get("/api/positions?subAccountId=" + sub).json()).as("nothing stored").isEmpty();
            long id = d.post("/api/positions", pos.replace("10.5", "10")).json().get("id").asLong();
            refused(d.put("/api/positions/" + id, pos), "leverage", BINANCE);
            assertThat(d.get("/api/positions/" + id).json().get("leverage").asDouble()).isEqualTo(10);
        }
    }
}
