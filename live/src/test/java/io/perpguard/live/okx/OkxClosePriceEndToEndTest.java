package io.perpguard.live.okx;

import io.perpguard.live.FakeWatch;
import io.perpguard.live.fake.FakeOkx;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An OKX close is booked at the price it traded at — each {@code orders} fill's {@code fillPx}, weighted by its
 * {@code fillSz} over the fills of one close — not at the desk's mark. Before, the close line's price was the last mark, the
 * fills' own figures ({@code fillPnl}, {@code fillFee}) next to it.
 */
class OkxClosePriceEndToEndTest {
    static final String KEY = "okxCloseKey-9a8b7c6d", SECRET = "OKXCLOSESECRET5E6F7A8B", PASS = "okx-close-pass-3";

    @TempDir
    Path dir;

    @Test
    void aClose_isBookedAtItsFillPx_notTheMark() throws Exception {
        // 100 contracts of ETH-USDT-SWAP (0.1 ETH each): 10 ETH long from 3,000
        FakeOkx fake = new FakeOkx(KEY, SECRET, PASS).cashBal(10_000).position(new FakeOkx.Pos("ETH-USDT-SWAP", "net", 100, 3_000, 20, "cross", 0));
        fake.mark("ETH-USDT-SWAP", 2_900);
        try (FakeWatch<FakeOkx> w = new FakeWatch<>(fake, "main", "okx", new Credentials(KEY, SECRET, PASS), dir)) {
            await("watched", () -> w.last() != null && w.row("ETH-USDT-SWAP") != null && fake.subscribed("mark-price", "ETH-USDT-SWAP"));
            w.tick("ETH-USDT-SWAP", 2_900);
            // a limit sell of the 100 contracts fills at 2,899.75 while the mark is 2,900: fillFee −5.8 USDT (a charge)
            fake.closeByTrades("ETH-USDT-SWAP", "net", new double[]{100}, new double[]{2_899.75}, -1_002.5, -5.8);
            await("the close line with OKX's figures", () -> closedWithFigures(w) != null);
            WatchView.Closed c = closedWithFigures(w);
            assertThat(c.price()).as("fillPx, not the mark 2,900").isEqualTo(2_899.75);
            assertThat(c.realizedPnl()).isEqualTo(-1_002.5);
            assertThat(c.fee()).isEqualTo(5.8);
        }
    }

    @Test
    void aCloseFilledInSeveralTrades_isBookedAtTheirPriceWeightedBySize() throws Exception {
        FakeOkx fake = new FakeOkx(KEY, SECRET, PASS).cashBal(10_000).position(new FakeOkx.Pos("ETH-USDT-SWAP", "net", 100, 3_000, 20, "cross", 0));
        fake.mark("ETH-USDT-SWAP", 2_900);
        try (FakeWatch<FakeOkx> w = new FakeWatch<>(fake, "main", "okx", new Credentials(KEY, SECRET, PASS), dir)) {
            await("watched", () -> w.last() != null && w.row("ETH-USDT-SWAP") != null && fake.subscribed("mark-price", "ETH-USDT-SWAP"));
            w.tick("ETH-USDT-SWAP", 2_900);
            // a market sell of 100 contracts walks the book: 40 at 2,899 and 60 at 2,898 (4 and 6 ETH)
            fake.closeByTrades("ETH-USDT-SWAP", "net", new double[]{40, 60}, new double[]{2_899, 2_898}, -1_016, -14.49);
            await("the close line with OKX's figures", () -> closedWithFigures(w) != null);
            WatchView.Closed c = closedWithFigures(w);
            assertThat(c.price()).isCloseTo((4 * 2_899 + 6 * 2_898) / 10.0, within(1e-9));
            assertThat(c.realizedPnl()).isCloseTo(-1_016, within(1e-9));
            assertThat(c.fee()).isCloseTo(14.49, within(1e-9));
            assertThat(c.feeAsset()).isEqualTo("USDT");
        }
    }

    private static WatchView.Closed closedWithFigures(FakeWatch<FakeOkx> w) {
        WatchView v = w.last();
        return v == null ? null : v.closed().stream().filter(c -> c.symbol().equals("ETH-USDT-SWAP") && c.realizedPnl() != null).findFirst().orElse(null);
    }
}
