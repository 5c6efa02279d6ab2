package io.perpguard.live.binance;

import io.perpguard.live.keys.Credentials;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Binance's published HMAC examples ("General Info" → SIGNED endpoint examples for POST /fapi/v1/order). */
class BinanceSignerTest {
    static final String SECRET = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
    static final String KEY = "dbefbc809e3e83c283a984c3a1459732ea7db1360ca80c5c2c8867408d28cc83";
    static final BinanceSigner SIGNER = new BinanceSigner(new Credentials(KEY, SECRET), 5000);

    @Test
    void test_signature_queryStringOnly() {
        assertThat(SIGNER.signature("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943", ""))
                .isEqualTo("3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
    }

    @Test
    void test_signature_bodyOnly() {
        assertThat(SIGNER.signature("", "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"))
                .isEqualTo("3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
    }

    @Test
    void test_signature_queryAndBodyConcatenatedWithoutAmpersand() {
        // the published f9d0ae... reproduces only with the docs' stray space after "timestamp="
        assertThat(SIGNER.signature("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC", "quantity=1&price=9000&recvWindow=5000&timestamp= 1591702613943"))
                .isEqualTo("f9d0ae5e813ef6ccf15c2b5a434047a0181cb5a342b903b367ca6d27a66e36f2");
    }

    @Test
    void test_signedQuery_appendsRecvWindowTimestampAndSignatureLast() {
        String q = SIGNER.signedQuery("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC", 1591702613943L);
        assertThat(q).isEqualTo("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"
                + "&signature=3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
    }
}
