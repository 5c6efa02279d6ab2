package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The account state model: liquidations close positions with their loss, the wallet follows, nothing comes back. */
class DeskStateTest {
    static JsonNode sub(JsonNode desk, String name) {
        for (JsonNode s : desk.get("subAccounts")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sub-account " + name + " in " + desk);
    }

    @Test
    void isolatedLiquidation_closesThePosition_withItsMarginAsTheLoss_andTheWalletFollows() {
        try (TestDesk desk = TestDesk.inMemory()) {
            assertThat(desk.post("/api/replay", "{\"jump\":\"crash\"}").status()).isEqualTo(200);
            for (int i = 0; i < 6; i++) {
                desk.server.feed().step();
            }
            JsonNode degen = sub(desk.get("/api/desk").json(), "degen");
            assertThat(degen.get("positions").findValuesAsText("symbol")).containsExactly("BTCUSDT");
            JsonNode closed = degen.get("closed").get(0);
            assertThat(closed.get("symbol").asText()).isEqualTo("SOLUSDT");
            assertThat(closed.get("reason").asText()).isEqualTo("liquidation");
            assertThat(closed.get("realizedPnl").asDouble()).isEqualTo(-666.0);   // 30 × 222 / 10: no accrual past the margin
            assertThat(degen.get("walletBalance").asDouble()).isEqualTo(1334.0);
            // the gauge reads the worst of cross and isolated: only the cross BTC is left
            assertThat(degen.get("worstSubject").asText()).isEqualTo("cross");
            assertThat(degen.get("worstRatio").asDouble()).isEqualTo(degen.get("marginRatio").asDouble());
            // the replay starting over does not bring it back
            desk.post("/api/replay", "{\"jump\":\"start\"}");
            assertThat(sub(desk.get("/api/desk").json(), "degen").get("positions").findValuesAsText("symbol")).containsExactly("BTCUSDT");
        }
    }

    @Test
    void crossLiquidation_closesEveryCrossPosition_andLeavesOnlyTheIsolatedMargin() {
        try (TestDesk desk = TestDesk.inMemory()) {
            long acct = desk.post("/api/accounts", "{\"name\":\"x\"}").json().get("id").asLong();
            long sub = desk.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"thin\",\"walletBalance\":1500}").json().get("id").asLong();
            double btc = desk.get("/api/marks").json().get("marks").get("BTCUSDT").asDouble();
            double eth = desk.get("/api/marks").json().get("marks").get("ETHUSDT").asDouble();
            assertThat(desk.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.2,\"entryPrice\":"
                    + btc + ",\"leverage\":20,\"marginMode\":\"cross\"}").status()).isEqualTo(201);
            // an isolated short that profits from the crash: its margin is not part of the cross wallet
            assertThat(desk.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"qty\":0.5,\"entryPrice\":"
                    + eth + ",\"leverage\":10,\"marginMode\":\"isolated\"}").status()).isEqualTo(201);
            double isoMargin = 0.5 * eth / 10;
            desk.post("/api/replay", "{\"jump\":\"crash\"}");
            for (int i = 0; i < 8; i++) {
                desk.server.feed().step();
            }
            JsonNode thin = sub(desk.get("/api/desk").json(), "thin");
            assertThat(thin.get("positions").findValuesAsText("symbol")).containsExactly("ETHUSDT");
            assertThat(thin.get("closed").findValuesAsText("symbol")).containsExactly("BTCUSDT");
            assertThat(thin.get("closed").get(0).get("realizedPnl").asDouble()).isCloseTo(-(1500 - isoMargin), within(1e-6));
            assertThat(thin.get("walletBalance").asDouble()).isCloseTo(isoMargin, within(1e-6));
            JsonNode alerts = desk.get("/api/alerts?limit=1000").json();
            assertThat(alerts.findValuesAsText("message")).anyMatch(m -> m.startsWith("thin cross") && m.endsWith("liquidation"));
        }
    }

    @Test
    void aPositionAddedAfterTheReplayEnded_appearsInTheDesk_andOneAlreadyPastLiquidationIsRefused() {
        try (TestDesk desk = TestDesk.inMemory()) {
            desk.post("/api/replay", "{\"jump\":\"end\"}");
            long core = sub(desk.get("/api/desk").json(), "core").get("id").asLong();
            double sol = desk.get("/api/marks").json().get("marks").get("SOLUSDT").asDouble();
            TestDesk.Response r = desk.post("/api/positions", "{\"subAccountId\":" + core + ",\"symbol\":\"SOLUSDT\",\"side\":\"long\",\"qty\":5,"
                    + "\"entryPrice\":" + sol + ",\"leverage\":5,\"marginMode\":\"isolated\"}");
            assertThat(r.status()).isEqualTo(201);
            assertThat(sub(desk.get("/api/desk").json(), "core").get("positions").findValuesAsText("symbol")).contains("SOLUSDT");
            // a sub-account of its own (degen's wallet is empty: the jump to the end lives through the hours that liquidate its
            // BTC cross long; core already holds SOLUSDT)
            long acct = desk.post("/api/accounts", "{\"name\":\"late\"}").json().get("id").asLong();
            long late = desk.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"late\",\"walletBalance\":1000}").json().get("id").asLong();
            TestDesk.Response past = desk.post("/api/positions", "{\"subAccountId\":" + late + ",\"symbol\":\"SOLUSDT\",\"side\":\"short\","
                    + "\"qty\":5,\"entryPrice\":" + (sol * 0.7) + ",\"leverage\":10,\"marginMode\":\"isolated\"}");
            assertThat(past.status()).isEqualTo(400);
            assertThat(past.json().get("error").asText()).contains("would be liquidated at once");
        }
    }

    @Test
    void closingAtAPrice_booksThePnlLessTheTakerFee() {
        try (TestDesk desk = TestDesk.inMemory()) {
            JsonNode core = sub(desk.get("/api/desk").json(), "core");
            JsonNode btc = core.get("positions").get(0);
            assertThat(btc.get("symbol").asText()).isEqualTo("BTCUSDT");
            TestDesk.Response r = desk.post("/api/positions/" + btc.get("id").asLong() + "/close", "{\"price\":125000}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            // 0.05 × (125,000 − 121,500) − 0.05 × 125,000 × 0.05 % taker fee
            double pnl = 0.05 * 3_500 - 0.05 * 125_000 * 0.0005;
            assertThat(r.json().get("realizedPnl").asDouble()).isCloseTo(pnl, within(1e-8));
            assertThat(sub(desk.get("/api/desk").json(), "core").get("walletBalance").asDouble()).isCloseTo(10_000 + pnl, within(1e-8));
            assertThat(desk.post("/api/positions/" + btc.get("id").asLong() + "/close", "{}").status()).isEqualTo(409);   // already closed
        }
    }

    @Test
    void checkAgainstASubAccountWithNothingLeft_failsInWords() {
        try (TestDesk desk = TestDesk.inMemory()) {
            long acct = desk.post("/api/accounts", "{\"name\":\"empty\"}").json().get("id").asLong();
            long sub = desk.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"gone\",\"walletBalance\":0}").json().get("id").asLong();
            JsonNode r = desk.post("/api/check", "{\"plan\":" + DeskApiTest.TRADER_B + ",\"subAccountId\":" + sub + "}").json();
            assertThat(r.get("verdict").asText()).isEqualTo("fail");
            assertThat(r.toString()).contains("has nothing left").doesNotContain("Infinity");
        }
    }

    @Test
    void recordedFunding_isTheLastRateAtOrBeforeTheMark_andUnknownWithoutARecord() {
        MarkReplay r = MarkReplay.bundled();
        // records 2025-10-09 00:00:00.001 (0.00001344) and 08:00:00.000 (0.00005350); the mark at 00:00:00.000 precedes the first
        assertThat(r.fundingRateAt("BTCUSDT", 1759996800000L)).isEqualTo(0.0000535);
        assertThat(r.fundingRateAt("BTCUSDT", 1759996800000L - 1)).isEqualTo(0.00001344);
        assertThat(r.fundingRateAt("BTCUSDT", 1759968000000L)).isEqualTo(0.00005396);
        assertThat(r.fundingRateAt("SOLUSDT", 1759996800000L)).isNaN();
        assertThat(r.fundingRateAt("BTCUSDT", 0)).isNaN();
        try (TestDesk desk = TestDesk.inMemory()) {
            JsonNode rates = desk.get("/api/desk").json().get("fundingRates");
            assertThat(rates.get("BTCUSDT").asDouble()).isEqualTo(r.fundingRateAt("BTCUSDT", desk.server.feed().timeMs()));
            assertThat(rates.has("SOLUSDT")).isFalse();
        }
    }

    @Test
    void replayControls_andTheOpenApiNamesTheRealPort() {
        try (TestDesk desk = TestDesk.inMemory()) {
            JsonNode st = desk.post("/api/replay", "{\"jump\":\"crash\",\"speed\":0}").json();
            assertThat(st.get("index").asInt()).isEqualTo(st.get("crashIndex").asInt());
            assertThat(st.get("paused").asBoolean()).isTrue();
            assertThat(desk.get("/api/desk").json().get("source").asText()).isEqualTo("replay");
            assertThat(desk.post("/api/replay", "{\"speed\":-1}").status()).isEqualTo(400);
            assertThat(desk.post("/api/replay", "{\"jump\":\"tomorrow\"}").status()).isEqualTo(400);
            assertThat(desk.get("/api/openapi.json").body()).contains("http://127.0.0.1:" + desk.server.port()).doesNotContain(":7070");
            // cascades: built-in events only; the desk reads no file a request names
            assertThat(desk.get("/api/cascade").json().get("scenarios").size()).isPositive();
            TestDesk.Response file = desk.post("/api/cascade", "{\"scenario\":\"/etc/passwd\"}");
            assertThat(file.status()).isEqualTo(400);
            assertThat(file.json().get("error").asText()).contains("not a built-in scenario");
            TestDesk.Response icon = desk.get("/favicon.svg");
            assertThat(icon.status()).isEqualTo(200);
            assertThat(icon.body()).startsWith("<svg");
        }
    }
}
