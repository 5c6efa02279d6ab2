package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/calc}'s refusals of a wallet beside an isolated position, margin added beside a cross one and a
 * hand-given tier whose maintenance amount the size does not cover: each a 400 naming the body's field — the tier's
 * amount was blamed on {@code mm-amount}, the CLI's option, no field of a body — and each stated in openapi.json, which
 * listed none of them.
 */
final class DeskCalcRefusalsTest {
    private static final String POSITION = "\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"leverage\":20";

    private static void assertRefused(TestDesk.Response r, String field, String says) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo(field);
        assertThat(r.json().get("error").asText()).startsWith(field + ": ").contains(says);
    }

    @Test
    void test_eachRefusal_isA400NamingTheBodysField() {
        try (TestDesk d = TestDesk.inMemory()) {
            assertRefused(d.post("/api/calc", "{" + POSITION + ",\"qty\":0.5,\"marginMode\":\"isolated\",\"walletBalance\":1000}"),
                    "walletBalance", "an isolated position is priced on its own margin");
            assertRefused(d.post("/api/calc", "{" + POSITION + ",\"qty\":0.5,\"marginMode\":\"cross\",\"walletBalance\":10000,\"marginAdded\":50}"),
                    "marginAdded", "goes with an isolated position");
            // one tier by hand whose 100 USDT amount a 600 USDT position (3 USDT at 0.5 %) does not cover
            assertRefused(d.post("/api/calc", "{" + POSITION + ",\"qty\":0.01,\"mmr\":0.005,\"mmAmount\":100}"),
                    "mmAmount", "100 is more than the maintenance margin it is deducted from");
            assertRefused(d.post("/api/calc", "{\"exchange\":\"bybit\"," + POSITION + ",\"qty\":0.01,\"mmr\":0.005,\"mmAmount\":100}"),
                    "mmAmount", "100 is more than the maintenance margin it is deducted from");
            assertRefused(d.post("/api/tiers", "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"entryPrice\":60000,\"sizes\":[0.01],\"leverage\":20,"
                    + "\"mmr\":0.005,\"mmAmount\":100}"), "mmAmount", "100 is more than the maintenance margin it is deducted from");
            // a negative amount is the use case's refusal, named in the body's words as it is (the desk renames nothing)
            assertRefused(d.post("/api/calc", "{" + POSITION + ",\"qty\":0.01,\"mmr\":0.005,\"mmAmount\":-1}"), "mmAmount", "-1 must be 0 or more");
            // a covered amount prices
            assertThat(d.post("/api/calc", "{" + POSITION + ",\"qty\":10,\"mmr\":0.005,\"mmAmount\":100}").status()).isEqualTo(200);
            // Binance sets the margin mode per symbol: a cross long leg beside an isolated short leg of BTCUSDT is no account there
            assertRefused(d.post("/api/calc", "{\"walletBalance\":50000,\"positions\":["
                            + "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":1,\"entryPrice\":60000,\"leverage\":10,\"marginMode\":\"cross\",\"positionSide\":\"long\"},"
                            + "{\"symbol\":\"BTCUSDT\",\"side\":\"short\",\"qty\":1,\"entryPrice\":60000,\"leverage\":10,\"marginMode\":\"isolated\",\"positionSide\":\"short\"}]}"),
                    "positions[1].marginMode", "on Binance USDⓈ-M the margin mode is set per symbol and both hedge legs share it");
            // a taker fee of the trader's own tier: Bybit's inverse example at 0.075 % liquidates at its printed 5,739.5
            TestDesk.Response bybit = d.post("/api/calc", "{\"exchange\":\"bybit\",\"symbol\":\"BTCUSD\",\"side\":\"long\",\"entryPrice\":8000,"
                    + "\"contracts\":10000,\"leverage\":10,\"marginMode\":\"cross\",\"walletBalance\":0.5,\"mmr\":0.005,\"takerFeePct\":0.075}");
            assertThat(bybit.status()).as(bybit.body()).isEqualTo(200);
            assertThat(bybit.json().get("liquidationPrice").asDouble()).isEqualTo(5_739.5);
            assertRefused(d.post("/api/calc", "{" + POSITION + ",\"qty\":0.5,\"takerFeePct\":6}"), "takerFeePct", "6 is outside the allowed range 0 to 5");
        }
    }

    @Test
    void test_openapi_statesTheRefusals() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode api = d.get("/api/openapi.json").json();
            String calc400 = api.at("/paths/~1api~1calc/post/responses/400/description").asText();
            assertThat(calc400).contains("walletBalance beside an isolated position").contains("marginAdded beside a cross one")
                    .contains("mmAmount the size does not cover");
            JsonNode fields = api.at("/components/schemas/CalcRequest/properties");
            assertThat(fields.at("/walletBalance/description").asText()).contains("refused beside an isolated position");
            assertThat(fields.at("/marginAdded/description").asText()).contains("refused beside a cross one");
            assertThat(fields.at("/mmAmount/description").asText()).contains("refused (400, naming mmAmount) when the size does not cover it");
            assertThat(api.at("/paths/~1api~1tiers/post/responses/400/description").asText()).contains("mmAmount a size does not cover");
        }
    }
}
