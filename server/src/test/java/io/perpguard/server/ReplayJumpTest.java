package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A forward jump of the replay lives through the hours it jumps over. In the bundled replay SOLUSDT closes at 188.13 at
 * step 122 (2025-10-11 02:00 UTC), falls to 172.93 at step 144 and is back at 190.96 at step 159: an isolated 20× long
 * opened at step 122 is liquidated on the way (near 179), yet at step 159 alone it stands in profit. Jumping 122 → 159
 * used to judge step 159 only, so the position stayed open.
 */
final class ReplayJumpTest {

    @Test
    void test_aForwardJump_settlesALiquidationInTheSkippedHours_atTheHourItHappened() {
        try (TestDesk desk = TestDesk.inMemory()) {
            assertThat(desk.post("/api/replay", "{\"index\":122}").status()).isEqualTo(200);
            double sol = desk.get("/api/marks").json().get("marks").get("SOLUSDT").asDouble();
            assertThat(sol).isEqualTo(188.13);
            long acct = desk.post("/api/accounts", "{\"name\":\"jump\"}").json().get("id").asLong();
            long sub = desk.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"j\",\"walletBalance\":1000}").json().get("id").asLong();
            TestDesk.Response pos = desk.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"SOLUSDT\",\"side\":\"long\",\"qty\":10,"
                    + "\"entryPrice\":188.13,\"leverage\":20,\"marginMode\":\"isolated\"}");
            assertThat(pos.status()).as(pos.body()).isEqualTo(201);

            assertThat(desk.post("/api/replay", "{\"index\":159}").json().get("index").asInt()).isEqualTo(159);
            assertThat(desk.get("/api/marks").json().get("marks").get("SOLUSDT").asDouble()).as("back above the entry").isGreaterThan(188.13);

            assertThat(desk.get("/api/positions?subAccountId=" + sub).json()).as("liquidated on the way, not open in profit").isEmpty();
            JsonNode closed = desk.get("/api/closed?subAccountId=" + sub).json();
            assertThat(closed).hasSize(1);
            assertThat(closed.get(0).get("reason").asText()).isEqualTo("liquidation");
            assertThat(closed.get(0).get("realizedPnl").asDouble()).isEqualTo(-94.065);   // its isolated margin, 10 × 188.13 / 20
            Instant at = Instant.parse(closed.get(0).get("closedAt").asText());
            assertThat(at).as("closed at an hour of the fall, not at the hour jumped to")
                    .isAfter(Instant.parse("2025-10-11T02:00:00Z")).isBeforeOrEqualTo(Instant.parse("2025-10-12T00:00:00Z"));
            assertThat(desk.get("/api/subaccounts/" + sub).json().get("walletBalance").asDouble()).isEqualTo(1000 - 94.065);
        }
    }
}
