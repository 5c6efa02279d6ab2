package io.perpguard.live;

import io.perpguard.instrument.Instrument;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.FakeOkx;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An isolated ETH long reaches liquidation (perpguard's alert: the subject's state is terminal); while the sockets are
 * down the venue closes it and the trader opens another under the same key, seen only after the reconnect (Binance: in its
 * snapshot; OKX: in the positions channel's first push, before the snapshot is handed over). The new
 * position inherited the old one's state, so its crossings were never alerted. Now the old one gets its close line and the
 * new one is watched afresh — told apart by what the venue's snapshot carries: Binance has no opening mark, the entry
 * price moved while the size did not grow; OKX's {@code cTime} (the position's creation time) changed, entry and size alike.
 */
class ReopenedWhileDisconnectedEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void binance_anotherEntryAtTheSameSize_isANewPosition() throws Exception {
        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
        fake.mark("ETHUSDT", 3_000);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET), dir)) {
            await("watched", () -> w.last() != null && w.row("ETHUSDT") != null && !w.last().stale()
                    && fake.marketConnections() == 1 && fake.userConnections() == 1);
            // reopened at the mark it was liquidated at: 10 ETH from 2,855 at 20×, margin 1,427.5
            reopenedAfterLiquidation(w, "ETHUSDT", 2_855,
                    () -> fake.position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 2_855, 20, true, 1_427.5)),
                    isolated("ETHUSDT", 2_855, 0, () -> w.watcher().instruments().get("ETHUSDT")), 2_855);
        }
    }

    @Test
    void okx_anotherCreationTime_isANewPosition_atTheSameEntryAndSize() throws Exception {
        FakeOkx fake = new FakeOkx(OkxEndToEndTest.KEY, OkxEndToEndTest.SECRET, OkxEndToEndTest.PASS).cashBal(10_000)
                .position(new FakeOkx.Pos("ETH-USDT-SWAP", "net", 100, 3_000, 20, "isolated", 1_500));
        fake.mark("ETH-USDT-SWAP", 3_000);
        try (FakeWatch<FakeOkx> w = new FakeWatch<>(fake, "okx", "okx", new Credentials(OkxEndToEndTest.KEY, OkxEndToEndTest.SECRET,
                OkxEndToEndTest.PASS), dir)) {
            await("watched, at the account's fees", () -> w.last() != null && w.row("ETH-USDT-SWAP") != null && !w.last().stale()
                    && "account".equals(w.row("ETH-USDT-SWAP").feeSource()) && fake.marketConnections() == 1 && fake.userConnections() == 1);
            // opened again at the same entry and size (100 contracts of 0.1 from 3,000), with 2,000 of margin: 500 added
            reopenedAfterLiquidation(w, "ETH-USDT-SWAP", 3_000,
                    () -> fake.reopen(new FakeOkx.Pos("ETH-USDT-SWAP", "net", 100, 3_000, 20, "isolated", 2_000)),
                    isolated("ETH-USDT-SWAP", 3_000, 500, () -> w.watcher().instruments().get("ETH-USDT-SWAP")), 2_855);
        }
    }

    /**
     * The same while perpguard was stopped: its remembered state (liquidated) was about the position from 3,000; the next
     * run's first snapshot shows one from 2,855 under the key. That one inherited the state from the file and was never
     * alerted; now it starts afresh. Restarted on the same holding the state stands (no second liquidation alert).
     */
    @Test
    void binance_reopenedWhileStopped_isANewPosition_theSameHoldingKeepsItsState() throws Exception {
        Credentials key = new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET);
        FakeBinance first = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
        first.mark("ETHUSDT", 3_000);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(first, "main", "binance", key, dir)) {
            await("watched", () -> w.last() != null && w.row("ETHUSDT") != null && !w.last().stale() && first.marketConnections() == 1);
            w.tick("ETHUSDT", 2_855);
            await("perpguard's liquidation alert", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("liquidation")));
        }

        FakeBinance same = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
        same.mark("ETHUSDT", 2_855);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(same, "main", "binance", key, dir)) {
            await("watched again", () -> w.last() != null && w.row("ETHUSDT") != null && !w.last().stale() && same.marketConnections() == 1);
            w.tick("ETHUSDT", 2_850);
            assertThat(w.sink.alerts).as("the same holding: its liquidation was told").isEmpty();
        }

        FakeBinance reopened = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 2_855, 20, true, 1_427.5));
        reopened.mark("ETHUSDT", 2_855);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(reopened, "main", "binance", key, dir)) {
            await("watched again", () -> w.last() != null && w.row("ETHUSDT") != null && !w.last().stale() && reopened.marketConnections() == 1);
            DoubleUnaryOperator fresh = isolated("ETHUSDT", 2_855, 0, () -> w.watcher().instruments().get("ETHUSDT"));
            double tick = Math.floor(FakeWatch.solve(fresh, 2_855, 2_855 - fresh.applyAsDouble(Double.NaN) / 10 + 1, 0.8)) - 1;
            w.tick("ETHUSDT", tick);
            await("the new position's crossing alerted", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("threshold")));
            assertThat(w.sink.alerts).singleElement().satisfies(a -> assertThat(a.marginRatio()).isBetween(0.8, 0.95));
        }
    }

    /**
     * Ticks {@code symbol} (10 ETH long from 3,000, margin 1,500) to 2,855, past liquidation; reopens it unpushed with the
     * sockets down; then checks the close line and the new position's 80 % crossing ({@code fresh}: its ratio by mark).
     */
    private static void reopenedAfterLiquidation(FakeWatch<?> w, String symbol, double newEntry, Runnable reopen, DoubleUnaryOperator fresh,
                                                 double liquidatedAt) throws Exception {
        w.tick(symbol, liquidatedAt);
        await("perpguard's liquidation alert", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("liquidation")));
        String subject = w.sink.alerts.stream().filter(a -> a.kind().equals("liquidation")).findFirst().orElseThrow().subject();
        assertThat(thresholds(w, subject)).hasSize(1);

        reopen.run();
        w.fake.dropConnections();
        await("the reconnect's snapshot: the new position and the old one's close line", () -> !w.last().stale()
                && w.row(symbol) != null && w.row(symbol).entryPrice() == newEntry && w.last().closed().size() == 1
                && w.fake.marketConnections() == 1);
        WatchView.Closed old = w.last().closed().get(0);
        assertThat(old.symbol()).isEqualTo(symbol);
        assertThat(old.reason()).as("its state had reached liquidation").isEqualTo("liquidated");
        assertThat(fresh.applyAsDouble(liquidatedAt)).as("the new one is far from it there").isLessThan(0.75);

        // the new position's own 80 % crossing, below: the wallet is gone where its margin is
        double lo = newEntry - fresh.applyAsDouble(Double.NaN) / 10 + 1;
        double tick = Math.floor(FakeWatch.solve(fresh, liquidatedAt, lo, 0.8)) - 1;
        assertThat(fresh.applyAsDouble(tick)).isBetween(0.8, 0.95);
        w.tick(symbol, tick);
        await("the new position's crossing alerted", () -> thresholds(w, subject).size() == 2);
        assertThat(thresholds(w, subject).get(1).marginRatio()).isBetween(0.8, 0.95);
    }

    /**
     * A 10 ETH isolated long's margin ratio by mark, entry {@code entry} at 20× with {@code marginAdded} beyond its initial
     * margin, priced with the watcher's instrument; at NaN, the margin it holds (so the caller finds where it is gone).
     */
    private static DoubleUnaryOperator isolated(String symbol, double entry, double marginAdded, Supplier<Instrument> instrument) {
        return mark -> {
            if (Double.isNaN(mark)) {
                return 10 * entry / 20 + marginAdded;
            }
            Position p = new Position(symbol, Side.LONG, 10, entry, 20, MarginMode.ISOLATED, PositionSide.BOTH, marginAdded, mark);
            return MarginCalculator.isolatedMarginRatioAt(p, instrument.get(), mark);
        };
    }

    private static List<LiveAlert> thresholds(FakeWatch<?> w, String subject) {
        return w.sink.alerts.stream().filter(a -> a.kind().equals("threshold") && a.subject().equals(subject)).toList();
    }
}
