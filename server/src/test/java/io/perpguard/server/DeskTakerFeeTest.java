package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code takerFeePct} on every route whose command takes {@code --taker-fee-pct} (it was /api/calc's and /api/size's
 * only): /api/check, /api/tiers, /api/funding, /api/survival and a posted /api/portfolio price at the trader's fee, and
 * a fee out of range is a 400 naming it.
 */
final class DeskTakerFeeTest {
    static final String PLAN = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"breakout above the range, wrong below 58,400\","
            + "\"entryPrice\":60000,\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2}";
    static final String OKX = "{\"exchange\":\"okx\",\"walletBalance\":10000,\"positions\":[{\"symbol\":\"BTC-USDT-SWAP\",\"side\":\"long\","
            + "\"contracts\":100,\"entryPrice\":60000,\"markPrice\":60000,\"leverage\":10,\"marginMode\":\"cross\"}]}";

    /** The body with {@code "takerFeePct": fee} added (null: as given). */
    static String with(String body, String fee) {
        return fee == null ? body : body.substring(0, body.length() - 1) + ",\"takerFeePct\":" + fee + "}";
    }

    @Test
    void eachRoute_pricesAtTheGivenFee_andRefusesOneOutOfRange() {
        String[][] routes = {
                {"/api/check", "{\"plan\":" + PLAN + "}", "/sized/qty"},
                {"/api/tiers", "{\"exchange\":\"okx\",\"mmr\":0.004,\"symbol\":\"BTC-USDT-SWAP\",\"sizes\":[1],\"leverage\":20,\"entryPrice\":60000}",
                        "/ladder/0/liquidationPrice"},
                {"/api/funding", "{\"exchange\":\"okx\",\"mmr\":0.004,\"symbol\":\"BTC-USDT-SWAP\",\"contracts\":100,\"leverage\":20,\"fundingRate\":0.0005,"
                        + "\"markPrice\":60000}", "/liquidationPriceStart"},
                {"/api/survival", "{\"paths\":20,\"horizonDays\":5,\"seed\":7}", "/takerFeePct"},
                {"/api/portfolio", "{\"account\":" + OKX + ",\"mmr\":0.004,\"returns\":false}", null}};
        try (TestDesk d = TestDesk.inMemory()) {
            for (String[] r : routes) {
                TestDesk.Response usual = d.post(r[0], r[1]), free = d.post(r[0], with(r[1], "0"));
                assertThat(usual.status()).as(r[0] + " " + usual.body()).isEqualTo(200);
                assertThat(free.status()).as(r[0] + " " + free.body()).isEqualTo(200);
                assertThat(free.body()).as(r[0]).isNotEqualTo(usual.body());
                if (r[2] != null) {
                    JsonNode u = usual.json().at(r[2]);
                    assertThat(u.isMissingNode()).as(r[0] + r[2]).isFalse();
                    assertThat(free.json().at(r[2]).asDouble()).as(r[0] + r[2]).isNotEqualTo(u.asDouble());
                }
                TestDesk.Response bad = d.post(r[0], with(r[1], "6"));
                assertThat(bad.status()).as(r[0] + " " + bad.body()).isEqualTo(400);
                assertThat(bad.json().get("field").asText()).isEqualTo("takerFeePct");
                assertThat(bad.json().get("error").asText()).isEqualTo("takerFeePct: 6 is outside the allowed range 0 to 5");
            }
            // the desk's own account is priced at its venues' fees
            TestDesk.Response own = d.post("/api/portfolio", "{\"accountId\":1,\"takerFeePct\":0.02}");
            assertThat(own.status()).isEqualTo(400);
            assertThat(own.json().get("field").asText()).isEqualTo("takerFeePct");
        }
    }
}
