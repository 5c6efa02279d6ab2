package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change to a position that is already closed (by the trader or by a liquidation) is a 409 naming it: the id exists,
 * {@code GET /api/closed} lists it. It answered 404 "position 7 not found", as if the id had never been used. An id
 * never used stays a 404. Nothing changes either way.
 */
final class DeskClosedPositionConflictTest {

    private static String positionBody(long sub, double entry) {
        return "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.01,\"entryPrice\":" + entry
                + ",\"leverage\":5,\"marginMode\":\"isolated\"}";
    }

    private static void assertClosedConflict(TestDesk.Response r, long id, String what, String closedHow) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        JsonNode e = r.json();
        assertThat(e.get("field").asText()).isEqualTo("id");
        assertThat(e.get("error").asText()).startsWith("id: position " + id + " is already closed (BTCUSDT long, " + closedHow + " at ")
                .contains("it cannot be " + what).doesNotContain("\n");
    }

    @Test
    void test_closingEditingOrDeletingAClosedPosition_is409NamingIt_andChangesNothing() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"twice\"}").json().get("id").asLong();
            long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"twice\",\"walletBalance\":5000}").json().get("id").asLong();
            double btc = d.get("/api/marks").json().get("marks").get("BTCUSDT").asDouble();
            long id = d.post("/api/positions", positionBody(sub, btc)).json().get("id").asLong();
            TestDesk.Response first = d.post("/api/positions/" + id + "/close", "{}");
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            String wallet = d.get("/api/subaccounts/" + sub).json().get("walletBalance").asText();

            assertClosedConflict(d.post("/api/positions/" + id + "/close", "{}"), id, "closed again", "closed");
            assertClosedConflict(d.post("/api/positions/" + id + "/close", "{\"price\":" + btc + "}"), id, "closed again", "closed");
            assertClosedConflict(d.put("/api/positions/" + id, positionBody(sub, btc)), id, "edited", "closed");
            assertClosedConflict(d.delete("/api/positions/" + id), id, "deleted", "closed");

            // nothing changed: one closed row, the wallet as the first close left it, no open position came back
            assertThat(d.get("/api/closed?subAccountId=" + sub).json().findValuesAsText("positionId")).containsExactly(Long.toString(id));
            assertThat(d.get("/api/subaccounts/" + sub).json().get("walletBalance").asText()).isEqualTo(wallet);
            assertThat(d.get("/api/positions?subAccountId=" + sub).json().size()).isZero();

            // an id never used is still a 404
            for (TestDesk.Response r : new TestDesk.Response[]{d.post("/api/positions/999999/close", "{}"),
                    d.put("/api/positions/999999", positionBody(sub, btc)), d.delete("/api/positions/999999")}) {
                assertThat(r.status()).as(r.body()).isEqualTo(404);
                assertThat(r.json().get("error").asText()).isEqualTo("position 999999 not found");
            }
        }
    }

    @Test
    void test_closingAPositionTheVenueLiquidated_is409SayingItWasLiquidated() {
        try (TestDesk d = TestDesk.inMemory()) {
            long solId = DeskStateTest.sub(d.get("/api/desk").json(), "degen").get("positions").findParents("symbol").stream()
                    .filter(p -> p.get("symbol").asText().equals("SOLUSDT")).findFirst().orElseThrow().get("id").asLong();
            d.post("/api/replay", "{\"jump\":\"crash\"}");
            for (int i = 0; i < 6; i++) {
                d.server.feed().step();
            }
            JsonNode closed = DeskStateTest.sub(d.get("/api/desk").json(), "degen").get("closed").get(0);
            assertThat(closed.get("positionId").asLong()).isEqualTo(solId);
            assertThat(closed.get("reason").asText()).isEqualTo("liquidation");
            TestDesk.Response r = d.post("/api/positions/" + solId + "/close", "{}");
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertThat(r.json().get("error").asText()).startsWith("id: position " + solId + " is already closed (SOLUSDT long, liquidated at ")
                    .contains("it cannot be closed again");
        }
    }
}
