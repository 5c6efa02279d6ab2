package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edit cannot move a position to another sub-account. {@code PUT /api/positions/2 {subAccountId: 2, ...}} moved
 * core's ETH short hedge into degen, checking degen only: core, left with its BTC long alone, was never checked (the page's
 * editor lets the sub-account be changed, so one select did it). Refused naming the sub-account it is in; nothing changes.
 */
final class DeskPositionMoveTest {

    @Test
    void test_anEditGivingAnotherSubAccount_isRefused_andThePositionStaysPut() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode eth = d.get("/api/positions/2").json();
            assertThat(eth.get("subAccountId").asLong()).isEqualTo(1);
            String positions = d.get("/api/positions").body();
            String[] bodies = {
                    "{\"subAccountId\":2,\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"qty\":1,\"entryPrice\":4400,\"leverage\":5,\"marginMode\":\"cross\"}",
                    "{\"subAccountId\":2,\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":0.5,\"entryPrice\":4400,\"leverage\":5}",
            };
            for (String body : bodies) {
                TestDesk.Response r = d.put("/api/positions/2", body);
                assertThat(r.status()).as(r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("subAccountId");
                assertThat(r.json().get("error").asText()).isEqualTo("subAccountId: position 2 is in sub-account 'core' (1); a position stays in "
                        + "its sub-account: give subAccountId 1, or close it there and add it to the other");
            }
            assertThat(d.get("/api/positions").body()).isEqualTo(positions);
            // an edit in place is answered
            TestDesk.Response same = d.put("/api/positions/2", bodies[0].replace("\"subAccountId\":2", "\"subAccountId\":1").replace("\"qty\":1", "\"qty\":0.9"));
            assertThat(same.status()).as(same.body()).isEqualTo(200);
            assertThat(same.json().get("qty").asDouble()).isEqualTo(0.9);
        }
    }
}
