package io.perpguard.instrument;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstrumentsTest {
    static Instrument one(String symbol) {
        return new Instrument(new Contract(symbol, 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125),
                RiskTiers.of(symbol, new double[]{0}, new double[]{1e9}, new double[]{100}, new double[]{0.005}));
    }

    @Test
    void test_market_namesAMarketOnTwoVenuesOrWithoutTables_whichContainsDoesNotPrice() {
        // as VenueInstruments.merged leaves binance + okx + bybit: BTCUSDT on two venues, SOLUSDT without a table
        Instruments ins = new Instruments(Map.of("ETHUSDT", one("ETHUSDT"), "ETH-USDT-SWAP", one("ETH-USDT-SWAP")), "",
                Map.of("BTCUSDT", "BTCUSDT is listed on both binance and bybit", "SOLUSDT", "no tier table for SOLUSDT"));
        assertThat(ins.contains("BTCUSDT")).isFalse();
        assertThat(ins.market("BTCUSDT")).isEqualTo("BTCUSDT");
        assertThat(ins.market("btc_usdt")).isEqualTo("BTCUSDT");
        assertThat(ins.market("SOLUSDT")).isEqualTo("SOLUSDT");
        // one contract: its spelling; a spelling two contracts share: the compact one
        assertThat(ins.market("eth-usdt-swap")).isEqualTo("ETH-USDT-SWAP");
        assertThat(ins.contains("eth/usdt")).isFalse();
        assertThat(ins.market("eth/usdt")).isEqualTo("ETHUSDT");
        assertThat(ins.market("NOPEUSDT")).isNull();
        assertThat(ins.market(" ")).isNull();
        assertThat(ins.market(null)).isNull();
    }
}
