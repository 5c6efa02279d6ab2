package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second position of a symbol the sub-account holds is a 409 only once its body is judged: a bad field in it is the
 * field's 400, as it would be for a symbol not held. Before, POST /api/positions {"symbol": "BTCUSDT", "leverage": 0,
 * ...} on {@code core}, which holds BTCUSDT, answered 409 "already holds BTCUSDT", and the client, fixing the clash, met
 * the bad field only after.
 */
final class DeskConflictAfterBodyTest {

    record Case(String body, String field, String error) {
    }

    @Test
    void test_aBadFieldInASecondPosition_isIts400_beforeTheConflict() {
        String held = "{\"subAccountId\":1,\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"marginMode\":\"cross\",";
        Case[] cases = {
                new Case(held + "\"qty\":0.05,\"entryPrice\":121500,\"leverage\":0}", "leverage", "leverage:"),
                new Case(held + "\"qty\":0.05,\"entryPrice\":-5,\"leverage\":5}", "entryPrice", "entryPrice:"),
                new Case(held + "\"qty\":0.0001,\"entryPrice\":121500,\"leverage\":5}", "qty", "qty:"),
                new Case(held + "\"qty\":0.05,\"entryPrice\":121500,\"leverage\":5,\"markPrice\":0}", "markPrice", "markPrice:"),
                // above what BTCUSDT's tiers allow at this size: the body's own, priced beside the others but the one held
                new Case(held + "\"qty\":0.05,\"entryPrice\":121500,\"leverage\":200}", "leverage", "leverage:"),
        };
        try (TestDesk d = TestDesk.inMemory()) {
            assertThat(d.get("/api/positions/1").json().get("symbol").asText()).isEqualTo("BTCUSDT");
            String positions = d.get("/api/positions").body();
            for (Case c : cases) {
                TestDesk.Response r = d.post("/api/positions", c.body());
                assertThat(r.status()).as(c + " → " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).as(c + " → " + r.body()).isEqualTo(c.field());
                assertThat(r.json().get("error").asText()).as(c.toString()).startsWith(c.error()).doesNotContain("already holds");
            }
            // the same body with its fields right is the conflict, naming the position held
            TestDesk.Response ok = d.post("/api/positions", held + "\"qty\":0.05,\"entryPrice\":121500,\"leverage\":5}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(409);
            assertThat(ok.json().get("error").asText()).startsWith("symbol: sub-account 'core' already holds BTCUSDT (position 1");
            assertThat(d.get("/api/positions").body()).isEqualTo(positions);
        }
    }
}
