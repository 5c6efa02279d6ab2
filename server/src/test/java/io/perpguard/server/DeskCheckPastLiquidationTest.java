package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/check {plan, account}} with an account stated past its liquidation: 400 naming the account's wallet, as
 * {@code /api/portfolio} and {@code check --account} refuse it; the trade's exposure was judged on a book the venue had closed.
 */
final class DeskCheckPastLiquidationTest {
    static final String PLAN = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"breakout above the range, wrong below 58,400\","
            + "\"entryPrice\":60000,\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2}";
    static final String BTC_LONG = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":5,\"entryPrice\":60000,\"leverage\":20,\"marginMode\":\"cross\","
            + "\"markPrice\":60000}";

    @Test
    void aPostedAccountPastItsLiquidation_is400() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/check", "{\"plan\":" + PLAN + ",\"account\":{\"walletBalance\":0.001,\"positions\":[" + BTC_LONG + "]}}");
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("account.walletBalance");
            assertThat(r.json().get("error").asText()).startsWith("account.walletBalance: 0.001 leaves the cross positions past their liquidation")
                    .contains("the wallet must be over 1,450 USDT").doesNotContain("\n");
            // a live account is checked
            assertThat(d.post("/api/check", "{\"plan\":" + PLAN + ",\"account\":{\"walletBalance\":1451,\"positions\":[" + BTC_LONG + "]}}").status())
                    .isEqualTo(200);
            // the desk's own sub-account is checked as it stands
            assertThat(d.post("/api/check", "{\"plan\":" + PLAN + ",\"subAccountId\":1}").status()).isEqualTo(200);
        }
    }
}
