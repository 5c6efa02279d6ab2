package io.perpguard.live;

import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account push that arrives between the account socket's opening and the (re)connect's REST snapshot, showing a holding
 * larger on the same side: an add, or the holding closed and a larger one opened while perpguard did not watch. Only a
 * snapshot asks the venue's records (Binance's fills), so such a push was judged by side and entry alone — taken for an
 * add — and the snapshot then compared itself with the push, not with the holding last known: a reopening was missed (the
 * new holding inherited the old one's alert state, the old one had no close line). Now the snapshot that lands judges the
 * key against the holding as last reconciled. The entries are those of {@link ReopenedLargerEndToEndTest}: as an add, 20
 * at 2,990 after 10 at 3,000 implies fills at 2,980, inside the candles around 2,990, so only the fills tell it.
 */
class PushBeforeSnapshotEndToEndTest {
    @TempDir
    Path dir;

    final Credentials key = new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET);

    @Test
    void reconnect_aLargerHoldingPushedBeforeTheSnapshot_closedAndReopenedMeanwhile_isANewHolding() throws Exception {
        try (FakeWatch<FakeBinance> w = watched()) {
            FakeBinance fake = w.fake;
            fake.mark("ETHUSDT", 2_990);
            fake.fill("ETHUSDT", "BOTH", "SELL", 10, 2_990, 1_000);   // a second after the snapshot
            fake.fill("ETHUSDT", "BOTH", "BUY", 20, 2_990, 1_000);
            pushedBeforeTheReconnectsSnapshot(w, new FakeBinance.Pos("ETHUSDT", "BOTH", 20, 2_990, 20, false, 0));
            // what the watcher showed and said, should it fail: its rows, its status lines, the fills read
            String seen = w.last().positions() + " " + w.sink.lines + " fills read " + fake.userTradesReads();
            assertThat(w.last().closed()).as("the old holding's close line; %s", seen).singleElement()
                    .satisfies(c -> assertThat(c.symbol()).isEqualTo("ETHUSDT"))
                    .satisfies(c -> assertThat(c.reason()).isEqualTo("closed"));
            assertThat(w.row("ETHUSDT").qty()).isEqualTo(20);
            assertThat(fake.userTradesReads()).as("told by the fills").isPositive();
        }
    }

    @Test
    void reconnect_anAddPushedBeforeTheSnapshot_staysTheSameHolding() throws Exception {
        try (FakeWatch<FakeBinance> w = watched()) {
            FakeBinance fake = w.fake;
            fake.mark("ETHUSDT", 2_990);
            fake.fill("ETHUSDT", "BOTH", "BUY", 10, 2_990, 1_000);   // a second after the snapshot
            pushedBeforeTheReconnectsSnapshot(w, new FakeBinance.Pos("ETHUSDT", "BOTH", 20, 2_995, 20, false, 0));
            assertThat(fake.userTradesReads()).as("the fills were read").isPositive();
            assertThat(w.last().closed()).as("an add: no close line").isEmpty();
        }
    }

    /**
     * The run's first snapshot: perpguard told the isolated long's liquidation (its remembered state terminal, about 10 from
     * 3,000) and was stopped; the venue closed it and 20 were opened at 2,990; the next run's account socket pushes that
     * holding before the snapshot is read. It was compared with the stored holding by side and entry alone — an add — and
     * inherited the terminal state: its 80 % crossing was never alerted. Now the fills since the saved {@code heldAtMs} tell it.
     */
    @Test
    void firstSnapshot_aLargerHoldingPushedBeforeIt_reopenedWhileStopped_isANewHolding() throws Exception {
        FakeBinance first = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
        first.mark("ETHUSDT", 3_000);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(first, "main", "binance", key, dir)) {
            await("watched", () -> w.last() != null && w.row("ETHUSDT") != null && !w.last().stale() && first.marketConnections() == 1);
            w.tick("ETHUSDT", 2_855);
            await("perpguard's liquidation alert", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("liquidation")));
        }

        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
        fake.fill("ETHUSDT", "BOTH", "SELL", 10, 2_855);
        fake.fill("ETHUSDT", "BOTH", "BUY", 20, 2_990);
        fake.mark("ETHUSDT", 2_990);
        fake.holdPositionRisk(true);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", key, dir)) {
            await("the first positions read under way, the account socket open",
                    () -> fake.positionRiskHeldReads() == 1 && fake.userConnections() == 1);
            fake.update(new FakeBinance.Pos("ETHUSDT", "BOTH", 20, 2_990, 20, true, 2_990));   // pushed before the snapshot
            await("the push applied", () -> w.row("ETHUSDT") != null && w.row("ETHUSDT").qty() == 20);
            fake.holdPositionRisk(false);
            await("watched", () -> !w.last().stale() && fake.marketConnections() == 1);
            // the new holding's own 80 % crossing: 20 ETH from 2,990 at 20×, its isolated wallet 2,990
            DoubleUnaryOperator ratio = mark -> MarginCalculator.isolatedMarginRatioAt(new Position("ETHUSDT", Side.LONG, 20, 2_990, 20,
                    MarginMode.ISOLATED, PositionSide.BOTH, 0, mark), w.watcher().instruments().get("ETHUSDT"), mark);
            double tick = Math.floor(FakeWatch.solve(ratio, 2_990, 2_990 - 149.5 + 1, 0.8)) - 1;
            assertThat(ratio.applyAsDouble(tick)).isBetween(0.8, 0.95);
            w.tick("ETHUSDT", tick);
            await("the new holding's crossing alerted", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("threshold")));
            assertThat(w.sink.alerts).as("no liquidation carried over; one crossing").singleElement()
                    .satisfies(a -> assertThat(a.kind()).isEqualTo("threshold"));
            assertThat(fake.userTradesReads()).as("told by the fills since the saved heldAtMs").isPositive();
        }
    }

    /** A cross ETH long of 10 from 3,000, watched. */
    private FakeWatch<FakeBinance> watched() throws Exception {
        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, false, 0));
        fake.mark("ETHUSDT", 3_000);
        FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", key, dir);
        await("watched", () -> w.last() != null && w.row("ETHUSDT") != null && !w.last().stale()
                && fake.marketConnections() == 1 && fake.userConnections() == 1);
        return w;
    }

    /**
     * Drops every socket with the reconnect's positions read held; pushes {@code now} on the new account socket before that
     * read is answered (the venue then answers it too), and lets the snapshot land.
     */
    private static void pushedBeforeTheReconnectsSnapshot(FakeWatch<FakeBinance> w, FakeBinance.Pos now) throws Exception {
        FakeBinance fake = w.fake;
        fake.holdPositionRisk(true);
        fake.dropConnections();
        await("the reconnect's positions read under way, the account socket open",
                () -> fake.positionRiskHeldReads() == 1 && fake.userConnections() == 1);
        fake.update(now);
        await("the push applied", () -> w.row("ETHUSDT") != null && w.row("ETHUSDT").qty() == now.amount);
        fake.holdPositionRisk(false);
        await("the reconnect's snapshot", () -> !w.last().stale() && fake.marketConnections() == 1);
    }
}
