package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/portfolio} of an account stated past its liquidation (a sub-account wallet of 0.001 beside a 300,000
 * USDT cross long) is a 400 naming the wallet and the least that keeps it open, as {@code portfolio --account} and the
 * desk's own {@code PUT /api/subaccounts} refuse it; it was analysed as a live account (liquidating move +0.00 %).
 */
final class DeskPortfolioPastLiquidationTest {
    @Test
    void aPostedSubAccountPastItsLiquidation_is400() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/portfolio", "{\"account\":{\"walletBalance\":10000,\"subAccounts\":[{\"name\":\"tiny\",\"walletBalance\":0.001,"
                    + "\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":5,\"entryPrice\":60000,\"leverage\":20,\"marginMode\":\"cross\","
                    + "\"markPrice\":60000}]}]}}");
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("subAccounts[0].walletBalance");
            assertThat(r.json().get("error").asText()).contains("past their liquidation").contains("the wallet must be over 1,450 USDT")
                    .doesNotContain("\n");
            // the desk's own book is analysed as it stands
            assertThat(d.post("/api/portfolio", "{\"accountId\":1}").status()).isEqualTo(200);
        }
    }
}
