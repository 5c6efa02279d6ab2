package io.perpguard.live.xt;

import io.perpguard.live.keys.Credentials;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XT documents its futures signing with a demo key, secret and timestamp but prints no signature (XT API docs,
 * futures "Signature steps"). The expected values are the research pack's vectors, computed from that documented
 * scheme with openssl (not published by XT), so they check the construction byte for byte against an independent
 * implementation; the fake exchange verifies every request with its own code as well.
 */
class XtSignerTest {
    static final Credentials DEMO = new Credentials("3976eb88-76d0-4f6e-a6b2-a57980770085", "bc6630d0231fda5cd98794f52c4998659beda290");
    static final long TS = 1641446237201L;

    @Test
    void payloadIsKeyAndTimestampThenHashPathQueryBody() {
        assertThat(XtSigner.payload(DEMO.apiKey(), TS, "/future/user/v1/position/list", "symbol=btc_usdt", ""))
                .isEqualTo("validate-appkey=3976eb88-76d0-4f6e-a6b2-a57980770085&validate-timestamp=1641446237201#/future/user/v1/position/list#symbol=btc_usdt");
        assertThat(XtSigner.payload(DEMO.apiKey(), TS, "/future/user/v1/balance/list", "", null))
                .endsWith("#/future/user/v1/balance/list");
    }

    @Test
    void queryParametersAreSortedByKey() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("symbol", "btc_usdt");
        p.put("interval", "1h");
        p.put("limit", "100");
        assertThat(XtSigner.sortedQuery(p)).isEqualTo("interval=1h&limit=100&symbol=btc_usdt");
    }

    @Test
    void signaturesMatchTheIndependentlyComputedVectors() {
        XtSigner s = new XtSigner(DEMO);
        assertThat(s.sign(TS, "/future/user/v1/balance/list", "", "")).isEqualTo("866cd718030736690ac19cc293859dcfb3330747fd6291e0de7e6fece4821c02");
        assertThat(s.sign(TS, "/future/user/v1/position/list", "symbol=btc_usdt", "")).isEqualTo("97db8ad09b35af6d93a75792adf9cb28aff655515a8b01c273d783fc45f70a7b");
        assertThat(s.sign(TS, "/future/user/v1/user/listen-key", "", "")).isEqualTo("9784e9dfc2c62fac8904eea27724e2a3a54db0d2cdb187e2010a6c1b0f67c382");
        assertThat(s.sign(TS, "/future/user/v1/balance/detail", "coin=usdt", "")).isEqualTo("3e226fb7c08e4b63e0e6aceb93d7e59a6753fc756c6bb9143485ad2c42c3b2b7");
        assertThat(s.sign(TS, "/future/trade/v1/order/create", "",
                "{\"symbol\":\"btc_usdt\",\"orderSide\":\"BUY\",\"orderType\":\"LIMIT\",\"origQty\":\"2\",\"price\":\"39000\",\"positionSide\":\"LONG\",\"timeInForce\":\"GTC\"}"))
                .isEqualTo("d6ac5e3602347005ec45a69d8c4982bc3f38229dcb463c937ed9a6b002cb4b01");
    }
}
