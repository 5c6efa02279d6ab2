package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A position on a COIN-M sub-account whose symbol is not a COIN-M contract (a USDⓈ-M symbol, a typo) is refused naming
 * {@code symbol} and the contracts known, as {@code POST /api/calc {exchange: binance-coinm}} refuses it. It was refused
 * as {@code contracts: BTCUSDT on Binance COIN-M has no known contract size; give qty} — and qty is refused on COIN-M.
 */
final class DeskCoinmSymbolTest {
    @Test
    void aSymbolThatIsNoCoinmContract_isRefusedNamingSymbol_andNothingIsStored() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"coin\"}").json().get("id").asLong();
            long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"btc\",\"walletBalance\":0.5,\"exchange\":\"binance-coinm\"}")
                    .json().get("id").asLong();
            for (String symbol : new String[]{"BTCUSDT", "XRPUSD_PERP", "FOO"}) {
                TestDesk.Response r = d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"" + symbol + "\",\"side\":\"short\","
                        + "\"contracts\":100,\"entryPrice\":100000,\"leverage\":10}");
                assertThat(r.status()).as(symbol + " → " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("symbol");
                assertThat(r.json().get("error").asText()).startsWith("symbol: unknown symbol " + symbol + "; known: BTCUSD_PERP")
                        .doesNotContain("give qty").doesNotContain("\n");
            }
            assertThat(d.get("/api/positions?subAccountId=" + sub).json()).isEmpty();
            // a COIN-M contract is still taken
            assertThat(d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"contracts\":100,"
                    + "\"entryPrice\":" + DeskCoinmTest.btcMark(d) + ",\"leverage\":10}").status()).isEqualTo(201);
        }
    }
}
