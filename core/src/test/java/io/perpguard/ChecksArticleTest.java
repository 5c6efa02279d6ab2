package io.perpguard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Checks#a}: messages name a venue, coin or symbol with the article it is read with ("a OKX table" was printed). */
class ChecksArticleTest {
    @Test
    void venuesCoinsAndSymbols_takeTheArticleTheyAreReadWith() {
        assertThat(Checks.a("OKX")).isEqualTo("an OKX");
        assertThat(Checks.a("XT.com")).isEqualTo("an XT.com");
        assertThat(Checks.a("ETH")).isEqualTo("an ETH");
        assertThat(Checks.a("ETHUSDT")).isEqualTo("an ETHUSDT");
        assertThat(Checks.a("LTC")).isEqualTo("an LTC");
        assertThat(Checks.a("isolated")).isEqualTo("an isolated");
        assertThat(Checks.a("Bybit")).isEqualTo("a Bybit");
        assertThat(Checks.a("Binance USDⓈ-M")).isEqualTo("a Binance USDⓈ-M");
        assertThat(Checks.a("USDT")).isEqualTo("a USDT");
        assertThat(Checks.a("BTC")).isEqualTo("a BTC");
        assertThat(Checks.a("SOLUSDT")).isEqualTo("a SOLUSDT");
        assertThat(Checks.a("unified account")).isEqualTo("a unified account");
    }
}
