package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A position posted with a {@code markPrice} for a symbol the desk marks from its feed: the feed's mark is the one used
 * (unchanged), and the answer now says so — {@code markUsed}, {@code markSource} and a warning naming the posted mark as
 * ignored. It echoed the posted markPrice alone, as if the position were priced at it.
 */
final class DeskPostedMarkTest {

    @Test
    void aPostedMarkPrice_thatTheFeedOverrides_isSaidToBeIgnored_andTheFeedsMarkStillWins() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"marks\"}").json().get("id").asLong();
            long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"m\",\"walletBalance\":100000}").json().get("id").asLong();
            double feed = d.get("/api/desk").json().get("marks").get("BTCUSDT").asDouble();
            assertThat(feed).isNotEqualTo(50000);

            TestDesk.Response r = d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.01,"
                    + "\"entryPrice\":" + feed + ",\"leverage\":10,\"markPrice\":50000}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            JsonNode p = r.json();
            assertThat(p.get("markPrice").asDouble()).as("stored as given").isEqualTo(50000);
            assertThat(p.get("markUsed").asDouble()).isEqualTo(feed);
            assertThat(p.get("markSource").asText()).isEqualTo("replay");
            assertThat(p.get("warnings")).hasSize(1);
            assertThat(p.get("warnings").get(0).asText()).isEqualTo("markPrice 50,000 ignored: the desk marks BTCUSDT from its feed (replay) at "
                    + Checks.fmt(feed) + "; the position is priced, and its alerts raised, at the feed's mark");
            // which mark wins is unchanged: the desk prices it at the feed's
            long id = p.get("id").asLong();
            assertThat(position(d, id).get("markPrice").asDouble()).isEqualTo(feed);

            // an edit alike
            TestDesk.Response edited = d.put("/api/positions/" + id, "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\","
                    + "\"qty\":0.02,\"entryPrice\":" + feed + ",\"leverage\":10,\"markPrice\":70000}");
            assertThat(edited.status()).as(edited.body()).isEqualTo(200);
            assertThat(edited.json().get("markSource").asText()).isEqualTo("replay");
            assertThat(edited.json().get("warnings").get(0).asText()).startsWith("markPrice 70,000 ignored: the desk marks BTCUSDT from its feed");
            assertThat(position(d, id).get("markPrice").asDouble()).isEqualTo(feed);

            // no markPrice posted (or the feed's own): nothing to warn of, the source still said
            TestDesk.Response plain = d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"qty\":0.1,"
                    + "\"entryPrice\":" + d.get("/api/desk").json().get("marks").get("ETHUSDT").asDouble() + ",\"leverage\":5}");
            assertThat(plain.status()).as(plain.body()).isEqualTo(201);
            assertThat(plain.json().get("markSource").asText()).isEqualTo("replay");
            assertThat(plain.json().get("warnings")).isEmpty();
            assertThat(plain.json().get("markUsed").asDouble()).isEqualTo(d.get("/api/desk").json().get("marks").get("ETHUSDT").asDouble());
        }
    }

    private static JsonNode position(TestDesk d, long id) {
        for (JsonNode s : d.get("/api/desk").json().get("subAccounts")) {
            for (JsonNode p : s.get("positions")) {
                if (p.get("id").asLong() == id) {
                    return p;
                }
            }
        }
        throw new AssertionError("position " + id + " not on the desk");
    }
}
