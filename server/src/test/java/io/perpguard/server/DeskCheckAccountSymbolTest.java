package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/check {plan, account}} with a position in an unknown symbol: 400 naming it (it was summed into the exposure), as check --account. */
final class DeskCheckAccountSymbolTest {
    @Test
    void anAccountPositionInAnUnknownSymbol_is400() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/check", "{\"plan\":{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"breakout above the range, wrong below 58,400\","
                    + "\"entryPrice\":60000,\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2},"
                    + "\"account\":{\"walletBalance\":1000,\"positions\":[{\"symbol\":\"DOGEXUSDT\",\"side\":\"long\",\"qty\":0.1,\"entryPrice\":60000,\"leverage\":10}]}}");
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("account.positions[0].symbol");
            assertThat(r.json().get("error").asText()).startsWith("account.positions[0].symbol: unknown symbol DOGEXUSDT");
        }
    }
}
