package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Money;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The desk's API writes money as every command does: through {@link Money}, 8 decimals, half-even. */
final class DeskMoneyTest {

    static void assertMoney(String what, JsonNode n) {
        assertThat(n.isNumber()).as(what + " " + n).isTrue();
        assertThat(n.asDouble()).as(what).isEqualTo(Money.round(n.asDouble()));
    }

    @Test
    void test_desk_subAccountTotals_andPortfolio_leaveAt8Decimals() {
        try (TestDesk d = TestDesk.inMemory()) {
            // two positions whose PnLs (0.3 × 1,234.1 and 0.7 × −567.3 from entry) sum with double noise
            long acct = d.post("/api/accounts", "{\"name\":\"m8\"}").json().get("id").asLong();
            long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"noise\",\"walletBalance\":10000.1}").json().get("id").asLong();
            JsonNode marks = d.get("/api/marks").json().get("marks");
            double btc = marks.get("BTCUSDT").asDouble(), eth = marks.get("ETHUSDT").asDouble();
            assertThat(d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.3,\"entryPrice\":"
                    + (btc - 1234.1) + ",\"leverage\":10,\"marginMode\":\"cross\"}").status()).isEqualTo(201);
            assertThat(d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"qty\":0.7,\"entryPrice\":"
                    + (eth - 567.3) + ",\"leverage\":10,\"marginMode\":\"cross\"}").status()).isEqualTo(201);
            JsonNode view = null;
            for (JsonNode s : d.get("/api/desk").json().get("subAccounts")) {
                if (s.get("id").asLong() == sub) {
                    view = s;
                }
            }
            assertThat(view).isNotNull();
            double pnl = 0;
            for (JsonNode p : view.get("positions")) {
                assertMoney("position unrealizedPnl", p.get("unrealizedPnl"));
                assertMoney("position notional", p.get("notional"));
                pnl += p.get("unrealizedPnl").asDouble();
            }
            for (String f : List.of("unrealizedPnl", "equity", "marginBalance", "maintenanceMargin", "crossWalletBalance")) {
                assertMoney(f, view.get(f));
            }
            assertThat(view.get("unrealizedPnl").asDouble()).isEqualTo(Money.round(pnl));

            // POST /api/portfolio: the same rule as portfolio --json (20 × 3,242.13 = 64842.600000000006 in double)
            JsonNode pf = d.post("/api/portfolio", "{\"account\":{\"walletBalance\":30000.7,\"positions\":["
                    + "{\"symbol\":\"ETHUSDT\",\"side\":\"long\",\"qty\":20,\"entryPrice\":3100.3,\"leverage\":10,\"markPrice\":3242.13},"
                    + "{\"symbol\":\"BTCUSDT\",\"side\":\"short\",\"qty\":0.3,\"entryPrice\":90000.1,\"leverage\":10,\"markPrice\":93888.85}]}}").json();
            List<JsonNode> amounts = new ArrayList<>();
            pf.get("positions").forEach(p -> {
                amounts.add(p.get("notional"));
                amounts.add(p.get("deltaUsd"));
            });
            amounts.add(pf.get("netDeltaUsd"));
            amounts.add(pf.get("exposure").get("equity"));
            pf.get("subAccounts").forEach(s -> List.of("walletBalance", "marginBalance", "maintenanceMargin").forEach(k -> amounts.add(s.get(k))));
            assertThat(amounts).hasSize(9).allSatisfy(a -> assertMoney("portfolio", a));
            assertThat(pf.get("positions").get(0).get("notional").asDouble()).isEqualTo(Money.round(20 * 3242.13));
        }
    }
}
