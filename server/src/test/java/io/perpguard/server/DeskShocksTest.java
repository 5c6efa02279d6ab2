package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad shock in {@code POST /api/portfolio {shocks[]}} is blamed on the body's field, {@code shocks[i]}: it was named
 * by the command's option ({@code "shock.BTCUSDT: 'abc' is not a percentage"}, {@code "shock: -150 is outside..."}),
 * a field no body has.
 */
final class DeskShocksTest {

    record Case(String shocks, String field, String error) {
    }

    @Test
    void test_aBadShock_isBlamedOnShocksAtItsIndex() {
        Case[] cases = {
                new Case("[-150]", "shocks[0]", "shocks[0]: -150 is outside the allowed range -100 to 10,000"),
                new Case("[-30, \"BTCUSDT=abc\"]", "shocks[1]", "shocks[1]: BTCUSDT 'abc' is not a percentage"),
                new Case("[\"BTCUSDT\"]", "shocks[0]", "shocks[0]: 'BTCUSDT' is not"),
                new Case("[\"BTCUSDT=-20,BTCUSDT=-30\"]", "shocks[0]", "shocks[0]: BTCUSDT is given twice"),
                new Case("[\"DOGEUSDT=-20\"]", "shocks", "shocks: DOGEUSDT is not held in the account"),
                // the problem is the exception's, not its message cut at the first ": " — a symbol typed with one read
                // "shocks[0]: BTC: USDT USDT: -500 is outside …"
                new Case("[\"BTC: USDT=-500\"]", "shocks[0]", "shocks[0]: BTC: USDT -500 is outside the allowed range -100 to 10,000"),
        };
        try (TestDesk d = TestDesk.inMemory()) {
            for (Case c : cases) {
                TestDesk.Response r = d.post("/api/portfolio", "{\"accountId\":1,\"returns\":false,\"shocks\":" + c.shocks() + "}");
                assertThat(r.status()).as(c + " → " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).as(c + " → " + r.body()).isEqualTo(c.field());
                assertThat(r.json().get("error").asText()).as(c.toString()).startsWith(c.error());
            }
            assertThat(d.post("/api/portfolio", "{\"accountId\":1,\"returns\":false,\"shocks\":[-30,\"BTCUSDT=-20\"]}").status()).isEqualTo(200);
        }
    }
}
