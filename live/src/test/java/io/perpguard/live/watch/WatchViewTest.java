package io.perpguard.live.watch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatchViewTest {
    @Test
    void baseAssetOfEachVenuesSpelling() {
        assertThat(WatchView.baseAsset("BTCUSDT")).isEqualTo("BTC");          // Binance, Bybit
        assertThat(WatchView.baseAsset("1000PEPEUSDC")).isEqualTo("1000PEPE");
        assertThat(WatchView.baseAsset("ETH-USDT-SWAP")).isEqualTo("ETH");    // OKX
        assertThat(WatchView.baseAsset("SOL_USDT")).isEqualTo("SOL");         // XT
        assertThat(WatchView.baseAsset("XYZ")).isEqualTo("XYZ");
    }
}
