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
 * A net-mode OKX long of 10 ETH sold 15 in one fill: the close line of the long carries the fill's {@code fillPnl}, 10/15
 * of its fee and its price {@code fillPx}, and the 5 ETH short it opened is watched — whether the fill or the positions
 * push comes first.
 */
class OkxNetReversalEndToEndTest {
    static final String KEY = "okxFlipKey-5e6f7a8b", SECRET = "OKXFLIPSECRET1A2B3C4D", PASS = "okx-flip-pass-2";

    @TempDir
    Path dir;

    @Test
    void theFillFirst() throws Exception {
        reverses(false);
    }

    @Test
    void thePositionsPushFirst() throws Exception {
        reverses(true);
    }

    private void reverses(boolean positionFirst) throws Exception {
        // 100 contracts of ETH-USDT-SWAP (0.1 ETH each): 10 ETH long from 3,000
        FakeOkx fake = new FakeOkx(KEY, SECRET, PASS).cashBal(10_000).position(new FakeOkx.Pos("ETH-USDT-SWAP", "net", 100, 3_000, 20, "cross", 0));
        fake.mark("ETH-USDT-SWAP", 2_900);
        try (FakeWatch<FakeOkx> w = new FakeWatch<>(fake, "main", "okx", new Credentials(KEY, SECRET, PASS), dir)) {
            await("watched", () -> w.last() != null && w.row("ETH-USDT-SWAP") != null && fake.subscribed("mark-price", "ETH-USDT-SWAP"));
            w.tick("ETH-USDT-SWAP", 2_900);
            // a market sell of 150 contracts at 2,899.5 under a 2,900 mark: −1,000.5 realized on the 10 ETH closed, 21.75 USDT
            // fee on the 15 traded
            fake.reverse("ETH-USDT-SWAP", -50, 2_899.5, -1_000.5, -21.75, positionFirst);
            await("the long's close line with OKX's figures, the short held", () -> closed(w) != null && w.row("ETH-USDT-SWAP") != null
                    && "short".equals(w.row("ETH-USDT-SWAP").side()));
            WatchView.Closed c = closed(w);
            assertThat(c.side()).isEqualTo("long");
            assertThat(c.qty()).isCloseTo(10, within(1e-9));
            assertThat(c.price()).as("the fill's fillPx, not the mark 2,900").isEqualTo(2_899.5);
            assertThat(c.realizedPnl()).as("fillPnl").isEqualTo(-1_000.5);
            assertThat(c.fee()).as("10/15 of 21.75").isCloseTo(14.5, within(1e-9));
            assertThat(c.feeAsset()).isEqualTo("USDT");
            assertThat(w.row("ETH-USDT-SWAP").qty()).isCloseTo(5, within(1e-9));
        }
    }

    private static WatchView.Closed closed(FakeWatch<FakeOkx> w) {
        WatchView v = w.last();
        return v == null ? null : v.closed().stream().filter(c -> c.symbol().equals("ETH-USDT-SWAP") && c.realizedPnl() != null).findFirst().orElse(null);
    }
}
