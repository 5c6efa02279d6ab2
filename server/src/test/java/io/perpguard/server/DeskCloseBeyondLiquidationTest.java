package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A close at a price past the position's liquidation is refused, nothing booked: {@code POST /api/positions/3/close
 * {price: 1}} (degen's SOL 10× isolated long, margin 666, marked at 228.26) booked −6,630.02 and took degen's wallet
 * from 2,000 to 0 — a loss no venue lets the position take (it is liquidated first, losing its margin).
 */
final class DeskCloseBeyondLiquidationTest {

    record Case(long positionId, String price, String error) {
    }

    @Test
    void test_aClosePastLiquidation_isRefusedNamingThePrice_andNothingIsBooked() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode sol = d.get("/api/positions/3").json(), btc = d.get("/api/positions/4").json();
            assertThat(sol.get("symbol").asText() + " " + sol.get("marginMode").asText()).isEqualTo("SOLUSDT isolated");
            assertThat(btc.get("symbol").asText() + " " + btc.get("marginMode").asText()).isEqualTo("BTCUSDT cross");
            Case[] cases = {
                    new Case(3, "1", "price: 1 is past this SOLUSDT long's liquidation price "),
                    new Case(3, "150", "price: 150 is past this SOLUSDT long's liquidation price "),
                    new Case(4, "1", "price: 1 is past this BTCUSDT long's liquidation"),   // cross: degen's wallet cannot carry it
            };
            String subs = d.get("/api/subaccounts").body(), positions = d.get("/api/positions").body(), closed = d.get("/api/closed").body();
            for (Case c : cases) {
                TestDesk.Response r = d.post("/api/positions/" + c.positionId() + "/close", "{\"price\":" + c.price() + "}");
                assertThat(r.status()).as(c + " → " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("price");
                assertThat(r.json().get("error").asText()).as(c.toString()).startsWith(c.error()).contains("the venue would have liquidated it first");
            }
            assertThat(d.get("/api/subaccounts").body()).isEqualTo(subs);
            assertThat(d.get("/api/positions").body()).isEqualTo(positions);
            assertThat(d.get("/api/closed").body()).isEqualTo(closed);
            // a price the position lives at closes it, its loss booked
            TestDesk.Response ok = d.post("/api/positions/3/close", "{\"price\":210}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.json().get("realizedPnl").asDouble()).isNegative().isGreaterThan(-666);
        }
    }
}
