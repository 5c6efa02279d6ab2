package io.perpguard.live.bybit;

import io.perpguard.live.FakeWatch;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A Bybit close is booked at the price it traded at — the {@code execution} topic's {@code execPrice}, weighted by size over
 * the rows of one close — not at the desk's mark. Before, the close line's price was the last mark, the trade's own figures
 * (PnL, fee) next to it.
 */
class BybitClosePriceEndToEndTest {
    static final String KEY = "bybitCloseKey1q2w3e", SECRET = "bybitCloseSecret4r5t6y7u";

    @TempDir
    Path dir;

    @Test
    void aClose_isBookedAtItsExecPrice_notTheMark() throws Exception {
        FakeBybit fake = new FakeBybit(KEY, SECRET).marginMode("REGULAR_MARGIN").wallet(10_000).position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 0));
        fake.mark("ETHUSDT", 2_900);
        try (FakeWatch<FakeBybit> w = new FakeWatch<>(fake, "uta", "bybit", new Credentials(KEY, SECRET), dir)) {
            await("watched", () -> w.last() != null && w.row("ETHUSDT") != null && fake.subscribed("tickers.ETHUSDT"));
            w.tick("ETHUSDT", 2_900);
            // a limit sell of the 10 ETH fills at 2,899.75 while the mark is 2,900
            fake.closeByTrade("ETHUSDT", 2_899.75, -1_002.5, -2.9);
            await("the close line with Bybit's figures", () -> closedWithFigures(w) != null);
            WatchView.Closed c = closedWithFigures(w);
            assertThat(c.price()).as("execPrice, not the mark 2,900").isEqualTo(2_899.75);
            assertThat(c.realizedPnl()).isEqualTo(-1_002.5);
            assertThat(c.fee()).isEqualTo(-2.9);
        }
    }

    @Test
    void aCloseFilledInSeveralExecutions_isBookedAtTheirPriceWeightedBySize() throws Exception {
        FakeBybit fake = new FakeBybit(KEY, SECRET).marginMode("REGULAR_MARGIN").wallet(10_000).position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 0));
        fake.mark("ETHUSDT", 2_900);
        try (FakeWatch<FakeBybit> w = new FakeWatch<>(fake, "uta", "bybit", new Credentials(KEY, SECRET), dir)) {
            await("watched", () -> w.last() != null && w.row("ETHUSDT") != null && fake.subscribed("tickers.ETHUSDT"));
            w.tick("ETHUSDT", 2_900);
            // a market sell of 10 ETH walks the book: 4 at 2,899 and 6 at 2,898
            fake.closeByTrades("ETHUSDT", new double[]{4, 6}, new double[]{2_899, 2_898}, -1_016, 16.0);
            await("the close line with Bybit's figures", () -> closedWithFigures(w) != null);
            WatchView.Closed c = closedWithFigures(w);
            assertThat(c.price()).isCloseTo((4 * 2_899 + 6 * 2_898) / 10.0, within(1e-9));
            assertThat(c.realizedPnl()).isCloseTo(-1_016, within(1e-9));
            assertThat(c.fee()).isCloseTo(16, within(1e-9));
            assertThat(c.feeAsset()).isEqualTo("USDT");
        }
    }

    private static WatchView.Closed closedWithFigures(FakeWatch<FakeBybit> w) {
        WatchView v = w.last();
        return v == null ? null : v.closed().stream().filter(c -> c.symbol().equals("ETHUSDT") && c.realizedPnl() != null).findFirst().orElse(null);
    }
}
