package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An id in a body naming a row that does not exist is a 404 naming the body's field, as a query filter's is; a PUT to
 * an unknown position is a 404. Before: {@code {"error":"sub-account 99 not found","field":null}} (no field), and
 * {@code PUT /api/positions/999} with a valid body was refused 400 as "BTCUSDT both is listed twice".
 */
final class DeskMissingIdsTest {
    private static final String PLAN = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"x\",\"entryPrice\":60000,\"stop\":58400,"
            + "\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2}";

    record Case(String method, String path, String body, String field, String error) {
    }

    @Test
    void test_aMissingIdInABody_isA404NamingItsField_andNothingChanges() {
        Case[] cases = {
                new Case("POST", "/api/subaccounts", "{\"accountId\":99,\"name\":\"x\",\"walletBalance\":5}", "accountId",
                        "accountId: account 99 not found"),
                new Case("POST", "/api/positions", "{\"subAccountId\":99,\"symbol\":\"BTCUSDT\",\"side\":\"short\",\"qty\":0.05,"
                        + "\"entryPrice\":121500,\"leverage\":2}", "subAccountId", "subAccountId: sub-account 99 not found"),
                new Case("PUT", "/api/positions/1", "{\"subAccountId\":99,\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.05,"
                        + "\"entryPrice\":121500,\"leverage\":5,\"marginMode\":\"cross\"}", "subAccountId", "subAccountId: sub-account 99 not found"),
                new Case("POST", "/api/check", "{\"plan\":" + PLAN + ",\"subAccountId\":99}", "subAccountId", "subAccountId: sub-account 99 not found"),
                new Case("POST", "/api/survival", "{\"subAccountId\":99,\"paths\":10,\"horizonDays\":5}", "subAccountId",
                        "subAccountId: sub-account 99 not found"),
                new Case("POST", "/api/portfolio", "{\"accountId\":99}", "accountId", "accountId: account 99 not found"),
                // a path id: the row itself is missing (a valid body for another position's slot used to say "listed twice")
                new Case("PUT", "/api/positions/999", "{\"subAccountId\":1,\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.05,"
                        + "\"entryPrice\":121500,\"leverage\":5,\"marginMode\":\"cross\"}", null, "position 999 not found"),
                new Case("PUT", "/api/positions/999", "{\"qty\":1}", null, "position 999 not found"),
        };
        try (TestDesk d = TestDesk.inMemory()) {
            String subs = d.get("/api/subaccounts").body(), positions = d.get("/api/positions").body();
            for (Case c : cases) {
                TestDesk.Response r = c.method().equals("PUT") ? d.put(c.path(), c.body()) : d.post(c.path(), c.body());
                assertThat(r.status()).as(c + " → " + r.body()).isEqualTo(404);
                assertThat(r.json().get("error").asText()).as(c.toString()).isEqualTo(c.error());
                assertThat(r.json().get("field").isNull() ? null : r.json().get("field").asText()).as(c.toString()).isEqualTo(c.field());
            }
            assertThat(d.get("/api/subaccounts").body()).isEqualTo(subs);
            assertThat(d.get("/api/positions").body()).isEqualTo(positions);
        }
    }
}
