package io.perpguard.live.okx;

import io.perpguard.live.keys.Credentials;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OKX publishes the signing recipe and an example secret but no resulting signature (OKX API v5 "REST
 * Authentication": prehash {@code '2020-12-08T09:08:57.715Z' + 'GET' + '/api/v5/account/balance?ccy=BTC'}, SecretKey
 * {@code 22582BD0CFF14C41EDBF1AB98506286D}). The expected values below were computed independently with
 * {@code openssl dgst -sha256 -hmac SECRET -binary | base64} and Python's hmac module; the fake exchange checks
 * every request with its own HMAC code as well.
 */
class OkxSignerTest {
    static final Credentials DOCS = new Credentials("985d5b66-57ce-40fb-b714-afc0b9787083", "22582BD0CFF14C41EDBF1AB98506286D", "123456");

    @Test
    void prehashIsTimestampMethodPathAndQueryThenBody_asTheDocsExample() {
        assertThat(OkxSigner.prehash("2020-12-08T09:08:57.715Z", "get", "/api/v5/account/balance?ccy=BTC", ""))
                .isEqualTo("2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC");
        assertThat(OkxSigner.prehash("2020-12-08T09:08:57.715Z", "POST", "/api/v5/account/set-leverage",
                "{\"instId\":\"BTC-USDT\",\"lever\":\"5\",\"mgnMode\":\"isolated\"}"))
                .isEqualTo("2020-12-08T09:08:57.715ZPOST/api/v5/account/set-leverage{\"instId\":\"BTC-USDT\",\"lever\":\"5\",\"mgnMode\":\"isolated\"}");
    }

    @Test
    void timestampIsIsoUtcWithMilliseconds() {
        assertThat(OkxSigner.timestamp(1607418537715L)).isEqualTo("2020-12-08T09:08:57.715Z");
        assertThat(OkxSigner.timestamp(1607418537000L)).isEqualTo("2020-12-08T09:08:57.000Z");
    }

    @Test
    void signatureIsBase64HmacSha256_matchingAnIndependentComputation() {
        OkxSigner s = new OkxSigner(DOCS);
        assertThat(s.sign("2020-12-08T09:08:57.715Z", "GET", "/api/v5/account/balance?ccy=BTC", ""))
                .isEqualTo("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=");
        // WebSocket login: timestamp in seconds + "GET" + "/users/self/verify" (the docs' login example time)
        assertThat(s.signLogin(1538054050L)).isEqualTo("+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=");
    }
}
