package io.perpguard.live;

import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A REST snapshot read while the account stream goes on: a position the venue closes (and the wallet it changes) after the
 * snapshot's reads began is pushed before the slower snapshot is handed over. The snapshot is older there, so the pushed
 * state stands: the closed position is not shown open again (nor closed a second time at the next resync, with a false
 * "snapshot disagrees with the stream" alert), and the wallet stays the pushed one.
 */
class SnapshotOlderThanPushEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void aPositionClosedWhileTheReconnectsSnapshotIsReadStaysClosed() throws Exception {
        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
        fake.mark("BTCUSDT", 60_000);
        fake.mark("ETHUSDT", 3_000);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET), dir)) {
            await("both positions watched", () -> w.last() != null && w.last().positions().size() == 2 && !w.last().stale()
                    && fake.marketConnections() == 1 && fake.userConnections() == 1);
            fake.holdPositionRisk(true);
            fake.dropConnections();   // the reconnect opens the account socket, then reads the snapshot: its positions are held
            await("the reconnect's positions read under way, the account socket open",
                    () -> fake.positionRiskHeldReads() == 1 && fake.userConnections() == 1);
            fake.liquidate("ETHUSDT", "BOTH");   // pushed on the new account socket while the snapshot is read
            await("the push applied", () -> w.last().positions().size() == 1 && w.last().closed().size() == 1);
            fake.holdPositionRisk(false);   // the snapshot, as of before the liquidation, is handed over
            await("reconnected", () -> !w.last().stale() && fake.marketConnections() == 1);

            WatchView v = w.last();
            assertThat(v.positions()).extracting(WatchView.Row::symbol).containsExactly("BTCUSDT");
            assertThat(v.closed()).extracting(WatchView.Closed::symbol).containsExactly("ETHUSDT");
            assertThat(v.walletBalance()).as("the pushed wallet, less the 1,500 isolated margin lost").isEqualTo(8_500);
            assertThat(w.sink.alerts).noneMatch(a -> a.message().contains("disagrees"));
        }
    }

    /**
     * Multi-Assets mode: a BTC deposit pushed while the reconnect's snapshot is read (its account, with the BTC wallet as it
     * was, read before) keeps the pool's pushed BTC amount. The older snapshot's amount replaced it until the next resync, and
     * the liquidation price shown fell back with it.
     */
    @Test
    void aPoolAssetDepositedWhileTheReconnectsSnapshotIsReadKeepsThePushedAmount() throws Exception {
        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).multiAssets(true)
                .asset("USDT", 2_000, 1, 0.0001, 0).asset("BTC", 0.05, 60_000, 0.05, 0.05)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0));
        fake.mark("BTCUSDT", 60_000);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "multi", "binance", new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET), dir)) {
            await("priced on the pool", () -> w.last() != null && w.last().positions().size() == 1 && !w.last().stale()
                    && fake.marketConnections() == 1 && fake.userConnections() == 1 && btc(w.last()) == 0.05);
            fake.holdPositionRisk(true);
            fake.dropConnections();   // the reconnect reads the account (BTC 0.05), then its positions: held
            await("the reconnect's positions read under way, the account socket open",
                    () -> fake.positionRiskHeldReads() == 1 && fake.userConnections() == 1);
            fake.transfer("BTC", 0.15);   // pushed on the new account socket while the snapshot is read
            await("the push applied", () -> btc(w.last()) == 0.15);
            fake.holdPositionRisk(false);   // the snapshot, with the BTC wallet as before the deposit, is handed over
            await("reconnected", () -> !w.last().stale() && fake.marketConnections() == 1);
            assertThat(btc(w.last())).as("the pushed amount, not the older snapshot's").isEqualTo(0.15);
            assertThat(w.watcher().collateral()).filteredOn(c -> c.asset().equals("BTC")).singleElement()
                    .satisfies(c -> assertThat(c.amount()).isEqualTo(0.15));
        }
    }

    private static double btc(WatchView v) {
        return v.collateral().stream().filter(c -> c.asset().equals("BTC")).mapToDouble(WatchView.Collateral::walletBalance).findFirst().orElse(Double.NaN);
    }
}
