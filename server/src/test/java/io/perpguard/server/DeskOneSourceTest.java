package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body giving two sources for one input is refused naming the one that would have been ignored. Before,
 * {@code /api/kelly {journal: true, winRate: 0.9, payoff: 3}} answered the journal's figures (win rate 0.67), the given
 * ones dropped without a word ({@code kelly --journal F --win-rate 0.9} refuses), and {@code /api/check {plan, account,
 * subAccountId}} checked the posted account and ignored the sub-account.
 */
final class DeskOneSourceTest {
    private static final String PLAN = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"x\",\"entryPrice\":60000,\"stop\":58400,"
            + "\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2}";

    record Case(String path, String body, String field, String error) {
    }

    @Test
    void test_twoSourcesForOneInput_areRefusedNamingTheIgnoredOne() {
        Case[] cases = {
                new Case("/api/kelly", "{\"journal\":true,\"winRate\":0.9,\"payoff\":3}", "winRate",
                        "winRate: goes without \"journal\": true (the journal's trades give the win rate and payoff); give exactly one source"),
                new Case("/api/kelly", "{\"journal\":true,\"payoff\":3}", "payoff", "payoff: goes without \"journal\": true"),
                new Case("/api/check", "{\"plan\":" + PLAN + ",\"subAccountId\":1,\"account\":{\"walletBalance\":5,\"positions\":[]}}",
                        "subAccountId", "subAccountId: give at most one of account (the JSON) or subAccountId (the desk's own)"),
        };
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response imported = d.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.base + "/api/journal/import?source=w.csv"))
                    .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "time,symbol,side,qty,price,realizedPnl,fee\n2024-03-01T10:00:00Z,BTCUSDT,BUY,0.1,60000,0,3\n"
                                    + "2024-03-01T14:00:00Z,BTCUSDT,SELL,0.1,61000,100,3\n")));
            assertThat(imported.status()).as(imported.body()).isEqualTo(200);
            for (Case c : cases) {
                TestDesk.Response r = d.post(c.path(), c.body());
                assertThat(r.status()).as(c + " → " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo(c.field());
                assertThat(r.json().get("error").asText()).as(c.toString()).startsWith(c.error()).doesNotContain("\n");
            }
            // each source alone is answered
            assertThat(d.post("/api/kelly", "{\"journal\":true}").status()).isEqualTo(200);
            assertThat(d.post("/api/kelly", "{\"winRate\":0.9,\"payoff\":3}").status()).isEqualTo(200);
            assertThat(d.post("/api/check", "{\"plan\":" + PLAN + ",\"subAccountId\":1}").status()).isEqualTo(200);
        }
    }
}
