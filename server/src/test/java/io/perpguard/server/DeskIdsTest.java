package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids, in filters and bodies. A list filtered by a deleted or never-created id answered {@code []} (as if the account
 * were merely empty); an id given as a string ({@code "subAccountId": "2"}) was read as the number.
 */
final class DeskIdsTest {

    @Test
    void test_everyListFilter_byAMissingId_is404NamingTheIdAndTheParameter() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"gone\"}").json().get("id").asLong();
            long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"s\",\"walletBalance\":100}").json().get("id").asLong();
            // an existing but empty one is an empty list, not a 404
            assertThat(d.get("/api/positions?subAccountId=" + sub).body()).isEqualTo("[]");
            assertThat(d.get("/api/closed?subAccountId=" + sub).body()).isEqualTo("[]");
            assertThat(d.delete("/api/accounts/" + acct).status()).isEqualTo(204);

            String[][] cases = {
                    {"/api/positions?subAccountId=" + sub, "subAccountId", "sub-account " + sub},
                    {"/api/closed?subAccountId=" + sub, "subAccountId", "sub-account " + sub},
                    {"/api/subaccounts?accountId=" + acct, "accountId", "account " + acct},
                    {"/api/positions?subAccountId=999", "subAccountId", "sub-account 999"},
                    {"/api/subaccounts?accountId=999", "accountId", "account 999"},
            };
            for (String[] c : cases) {
                TestDesk.Response r = d.get(c[0]);
                assertThat(r.status()).as(c[0] + " " + r.body()).isEqualTo(404);
                assertThat(r.json().get("field").asText()).as(c[0]).isEqualTo(c[1]);
                assertThat(r.json().get("error").asText()).as(c[0]).isEqualTo(c[1] + ": " + c[2] + " not found");
            }
        }
    }

    @Test
    void test_anIdGivenAsAString_isRefusedNamingTheField_andNothingIsStored() {
        try (TestDesk d = TestDesk.inMemory()) {
            int subs = d.get("/api/subaccounts").json().size();
            int positions = d.get("/api/positions").json().size();
            TestDesk.Response s = d.post("/api/subaccounts", "{\"accountId\":\"1\",\"name\":\"x\",\"walletBalance\":100}");
            assertThat(s.status()).as(s.body()).isEqualTo(400);
            assertThat(s.json().get("field").asText()).isEqualTo("accountId");
            assertThat(s.json().get("error").asText()).isEqualTo("accountId: \"1\" is a string; give the id as a JSON number (1, no quotes)");

            TestDesk.Response p = d.post("/api/positions", "{\"subAccountId\":\"2\",\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":0.1,"
                    + "\"entryPrice\":4400,\"leverage\":5}");
            assertThat(p.status()).as(p.body()).isEqualTo(400);
            assertThat(p.json().get("error").asText()).isEqualTo("subAccountId: \"2\" is a string; give the id as a JSON number (2, no quotes)");

            // the same line on the planning endpoints that take a desk id
            TestDesk.Response pf = d.post("/api/portfolio", "{\"accountId\":\"1\"}");
            assertThat(pf.status()).as(pf.body()).isEqualTo(400);
            assertThat(pf.json().get("field").asText()).isEqualTo("accountId");
            TestDesk.Response sv = d.post("/api/survival", "{\"symbol\":\"BTCUSDT\",\"subAccountId\":\"1\"}");
            assertThat(sv.status()).as(sv.body()).isEqualTo(400);
            assertThat(sv.json().get("error").asText()).startsWith("subAccountId: \"1\" is a string");
            // other types keep their own line
            assertThat(d.post("/api/subaccounts", "{\"accountId\":true,\"name\":\"x\",\"walletBalance\":100}").json().get("error").asText())
                    .isEqualTo("accountId: true is not a number");

            assertThat(d.get("/api/subaccounts").json().size()).isEqualTo(subs);
            assertThat(d.get("/api/positions").json().size()).isEqualTo(positions);
        }
    }
}
