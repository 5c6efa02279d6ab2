package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused position or close speaks of the body the client sent: a qty above the tiers read "... at positions[2].entryPrice
 * 4,000" (the sub-account's list index of a body that has no list), and a close at a negative price "price: must be a
 * positive price" (neither the value nor what to send). Nothing is stored.
 */
final class DeskPositionWordsTest {
    @Test
    void aPositionAboveTheTiers_namesTheBodysFields_notAListIndex() {
        try (TestDesk d = TestDesk.inMemory()) {
            String before = d.get("/api/positions").body();
            TestDesk.Response r = d.post("/api/positions", "{\"subAccountId\":2,\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":1e9,"
                    + "\"entryPrice\":4000,\"leverage\":10}");
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("qty");
            assertThat(r.json().get("error").asText()).startsWith("qty: 1,000,000,000 is outside the allowed range: more than 0 and at most ")
                    .contains(" for ETHUSDT at entryPrice 4,000 (its largest tier cap").doesNotContain("positions[");
            assertThat(d.get("/api/positions").body()).isEqualTo(before);
        }
    }

    @Test
    void aCloseAtANegativePrice_saysTheValueAndWhatToSend() {
        try (TestDesk d = TestDesk.inMemory()) {
            String before = d.get("/api/positions").body();
            for (String price : new String[]{"-5", "0"}) {
                TestDesk.Response r = d.post("/api/positions/1/close", "{\"price\":" + price + "}");
                assertThat(r.status()).as(r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("price");
                assertThat(r.json().get("error").asText()).isEqualTo("price: " + price + " must be greater than 0 (the close price; leave it "
                        + "out to close at the current mark)");
            }
            assertThat(d.get("/api/positions").body()).isEqualTo(before);
        }
    }
}
