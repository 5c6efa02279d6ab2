package io.perpguard.live.binance;

import io.perpguard.live.FakeWatch;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.FakeBinanceCoinm;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A Binance USDⓈ-M (and COIN-M: the same connector) close is booked at the price it traded at — each {@code ORDER_TRADE_UPDATE} fill's {@code L} (last filled
 * price), weighted by its {@code l} over the fills of one close — not at the desk's mark. Before, the close line's price was
 * the last mark, the trades' own figures ({@code rp}, {@code n}) next to it.
 */
class BinanceClosePriceEndToEndTest {
    static final String KEY = "binCloseKey7h8j9k0l1z2x3c4v5b6n7m8q9w0e1r2t3y4u5i6o7p8a9s0d1f2g3h",
            SECRET = "binCloseSecret1q2w3e4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n";

    @TempDir
    Path dir;

    @Test
    void aClose_isBookedAtItsLastFilledPrice_notTheMark() throws Exception {
        FakeBinance fake = new FakeBinance(KEY, SECRET).wallet(10_000).position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, false, 0));
        fake.mark("ETHUSDT", 2_900);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", new Credentials(KEY, SECRET), dir)) {
            await("watched", () -> w.last() != null && w.row("ETHUSDT") != null && fake.marketConnections() == 1 && fake.userConnections() == 1);
            w.tick("ETHUSDT", 2_900);
            // a limit sell of the 10 ETH fills at 2,899.75 while the mark is 2,900
            fake.closeByTrades("ETHUSDT", "BOTH", new double[]{10}, new double[]{2_899.75}, -1_002.5, 5.8);
            await("the close line with Binance's figures", () -> closedWithFigures(w) != null);
            WatchView.Closed c = closedWithFigures(w);
            assertThat(c.price()).as("L, not the mark 2,900").isEqualTo(2_899.75);
            assertThat(c.realizedPnl()).isEqualTo(-1_002.5);
            assertThat(c.fee()).isEqualTo(5.8);
        }
    }

    @Test
    void aCloseFilledInSeveralTrades_isBookedAtTheirPriceWeightedBySize() throws Exception {
        FakeBinance fake = new FakeBinance(KEY, SECRET).wallet(10_000).position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, false, 0));
        fake.mark("ETHUSDT", 2_900);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", new Credentials(KEY, SECRET), dir)) {
            await("watched", () -> w.last() != null && w.row("ETHUSDT") != null && fake.marketConnections() == 1 && fake.userConnections() == 1);
            w.tick("ETHUSDT", 2_900);
            // a market sell of 10 ETH walks the book: 4 at 2,899 and 6 at 2,898 (two ORDER_TRADE_UPDATEs of one order)
            fake.closeByTrades("ETHUSDT", "BOTH", new double[]{4, 6}, new double[]{2_899, 2_898}, -1_016, 14.49);
            await("the close line with Binance's figures", () -> closedWithFigures(w) != null);
            WatchView.Closed c = closedWithFigures(w);
            assertThat(c.price()).isCloseTo((4 * 2_899 + 6 * 2_898) / 10.0, within(1e-9));
            assertThat(c.realizedPnl()).isCloseTo(-1_016, within(1e-9));
            assertThat(c.fee()).isCloseTo(14.49, within(1e-9));
            assertThat(c.feeAsset()).isEqualTo("USDT");
        }
    }

    @Test
    void coinm_sharesTheConnector_aCloseInTwoFillsIsBookedAtTheirPrice() throws Exception {
        String key = "cmCloseKeyQ1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6", secret = "cmCloseSecretZ1x2C3v4B5n6M7l8K9j0H1g2F3d4S";
        // 100 BTCUSD_PERP contracts (100 USD each) long from 60,000
        FakeBinanceCoinm fake = new FakeBinanceCoinm(key, secret).wallet("BTC", 0.05).position(new FakeBinanceCoinm.Pos("BTCUSD_PERP", "BOTH", 100, 60_000, 20, false, 0));
        fake.mark("BTCUSD_PERP", 59_000);
        try (FakeWatch<FakeBinanceCoinm> w = new FakeWatch<>(fake, "coin", "binance-coinm", new Credentials(key, secret), dir)) {
            await("watched", () -> w.last() != null && w.row("BTCUSD_PERP") != null && fake.marketConnections() == 1 && fake.userConnections() == 1);
            w.tick("BTCUSD_PERP", 59_000);
            // sold 40 contracts at 59,010 and 60 at 59,005 under a 59,000 mark: rp and n in BTC
            fake.closeByTrades("BTCUSD_PERP", "BOTH", new double[]{40, 60}, new double[]{59_010, 59_005}, -0.000281, 0.0000085);
            await("the close line with Binance's figures", () -> closedWithFigures(w, "BTCUSD_PERP") != null);
            WatchView.Closed c = closedWithFigures(w, "BTCUSD_PERP");
            assertThat(c.qty()).as("USD face").isCloseTo(10_000, within(1e-9));
            assertThat(c.price()).as("the fills' L weighted by size, not the mark 59,000").isCloseTo(59_007, within(1e-3));
            assertThat(c.realizedPnl()).isCloseTo(-0.000281, within(1e-12));
            assertThat(c.feeAsset()).isEqualTo("BTC");
        }
    }

    private static WatchView.Closed closedWithFigures(FakeWatch<FakeBinance> w) {
        return closedWithFigures(w, "ETHUSDT");
    }

    private static WatchView.Closed closedWithFigures(FakeWatch<?> w, String symbol) {
        WatchView v = w.last();
        return v == null ? null : v.closed().stream().filter(c -> c.symbol().equals(symbol) && c.realizedPnl() != null).findFirst().orElse(null);
    }
}
