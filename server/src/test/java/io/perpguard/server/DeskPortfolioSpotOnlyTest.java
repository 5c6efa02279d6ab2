package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/portfolio} of spot holdings alone needs no walletBalance, as {@code portfolio --account} (it was a 400). */
final class DeskPortfolioSpotOnlyTest {
    @Test
    void spotOnlyBody_isPriced_positionsWithoutAWallet_areNot() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/portfolio", "{\"account\":{\"spot\":[{\"asset\":\"BTC\",\"qty\":2,\"price\":60000}]}}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("netDeltaUsd").asDouble()).isEqualTo(120_000);
            TestDesk.Response bad = d.post("/api/portfolio", "{\"account\":{\"positions\":[{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.1,"
                    + "\"entryPrice\":60000,\"leverage\":10,\"marginMode\":\"cross\",\"markPrice\":60000}]}}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("field").asText()).isEqualTo("walletBalance");
        }
    }
}
