package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write that duplicates what the book holds — a taken account or sub-account name, a second position of a symbol the
 * sub-account holds — is HTTP 409 naming the field, and nothing changes. Before: 400, and a second BTCUSDT position in
 * {@code core} said "BTCUSDT both is listed twice; merge the fills into one position (averaged entry)…" (the account
 * file's words: the trader typed one position and was not told which one clashes).
 */
final class DeskDuplicatesTest {

    record Case(String method, String path, String body, String field, String error) {
    }

    @Test
    void test_aDuplicateSubmission_isA409NamingTheField_andTheHeldRow_andNothingChanges() {
        Case[] cases = {
                new Case("POST", "/api/accounts", "{\"name\":\"demo\"}", "name", "name: account 'demo' exists"),
                new Case("POST", "/api/subaccounts", "{\"accountId\":1,\"name\":\"core\",\"walletBalance\":5}", "name",
                        "name: sub-account 'core' exists in account 1"),
                new Case("PUT", "/api/subaccounts/2", "{\"name\":\"core\"}", "name", "name: sub-account 'core' exists in account 1"),
                // the same symbol again, either side, in one-way mode
                new Case("POST", "/api/positions", "{\"subAccountId\":1,\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.05,"
                        + "\"entryPrice\":121500,\"leverage\":5,\"marginMode\":\"cross\"}", "symbol",
                        "symbol: sub-account 'core' already holds BTCUSDT (position 1, long 0.05 at 121500): edit it (PUT /api/positions/1) "
                                + "or close it first; hedge legs take positionSide long and short"),
                new Case("POST", "/api/positions", "{\"subAccountId\":1,\"symbol\":\"btcusdt\",\"side\":\"short\",\"qty\":0.01,"
                        + "\"entryPrice\":121500,\"leverage\":5,\"positionSide\":\"short\"}", "symbol",
                        "symbol: sub-account 'core' already holds BTCUSDT (position 1, long 0.05 at 121500)"),
                // an edit of position 2 (ETHUSDT) onto BTCUSDT, which position 1 holds
                new Case("PUT", "/api/positions/2", "{\"subAccountId\":1,\"symbol\":\"BTCUSDT\",\"side\":\"short\",\"qty\":0.01,"
                        + "\"entryPrice\":121500,\"leverage\":5,\"marginMode\":\"cross\"}", "symbol",
                        "symbol: sub-account 'core' already holds BTCUSDT (position 1,"),
        };
        try (TestDesk d = TestDesk.inMemory()) {
            String accounts = d.get("/api/accounts").body(), subs = d.get("/api/subaccounts").body(), positions = d.get("/api/positions").body();
            assertThat(d.get("/api/positions/1").json().get("symbol").asText()).isEqualTo("BTCUSDT");
            assertThat(d.get("/api/positions/2").json().get("symbol").asText()).isEqualTo("ETHUSDT");
            for (Case c : cases) {
                TestDesk.Response r = c.method().equals("PUT") ? d.put(c.path(), c.body()) : d.post(c.path(), c.body());
                assertThat(r.status()).as(c + " → " + r.body()).isEqualTo(409);
                assertThat(r.json().get("field").asText()).as(c.toString()).isEqualTo(c.field());
                assertThat(r.json().get("error").asText()).as(c.toString()).startsWith(c.error()).doesNotContain("\n", "listed twice", "SQL");
            }
            assertThat(d.get("/api/accounts").body()).isEqualTo(accounts);
            assertThat(d.get("/api/subaccounts").body()).isEqualTo(subs);
            assertThat(d.get("/api/positions").body()).isEqualTo(positions);
            // a hedge leg of the other side is not a duplicate of another leg (refused or stored, never 409)
            TestDesk.Response leg = d.post("/api/positions", "{\"subAccountId\":2,\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":0.01,"
                    + "\"entryPrice\":4400,\"leverage\":5,\"positionSide\":\"long\"}");
            assertThat(leg.status()).as(leg.body()).isEqualTo(201);
            TestDesk.Response other = d.post("/api/positions", "{\"subAccountId\":2,\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"qty\":0.01,"
                    + "\"entryPrice\":4400,\"leverage\":5,\"positionSide\":\"short\"}");
            assertThat(other.status()).as(other.body()).isEqualTo(201);
        }
    }
}
