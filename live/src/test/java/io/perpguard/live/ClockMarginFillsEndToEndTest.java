package io.perpguard.live;

import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.AlertStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fills that tell a holding closed and opened again from an add are asked from the moment the position was last known —
 * the local clock's, plus the offset measured against the venue's time endpoint. A venue whose engine stamps its fills a
 * little behind that endpoint (or an offset measured a round trip off) puts fills made just after that moment just BEFORE
 * the bound asked: they were not read, the fills told nothing, and the entry against the candles took the reopening for an
 * add — the new holding inherited the old one's liquidated state. The fills are now read from a stated clock margin
 * ({@code FillReplay.CLOCK_MARGIN_MS}, 2 s) before the bound, each trade id once.
 */
class ClockMarginFillsEndToEndTest {
    static final long SKEW_MS = 3_000;   // the venue's clock, 3 s ahead of this computer's

    @TempDir
    Path dir;

    @Test
    void binance_fillsStampedJustBeforeTheBound_onASkewedVenueClock_stillTellANewHolding() throws Exception {
        Credentials key = new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET);
        FakeBinance first = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500));
        first.clockOffset(SKEW_MS);
        first.mark("ETHUSDT", 3_000);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(first, "main", "binance", key, dir)) {
            await("watched", () -> w.last() != null && w.row("ETHUSDT") != null && !w.last().stale() && first.marketConnections() == 1);
            w.tick("ETHUSDT", 2_855);
            await("perpguard's liquidation alert", () -> liquidations(w).size() == 1);
        }
        Long heldAtMs = new AlertStateStore(dir.resolve("alert-state-main.json")).holdingsAtMs("isolated:ETHUSDT/both");
        assertThat(heldAtMs).as("the moment the liquidated holding was last known, saved with its state").isNotNull();

        // closed by the venue and 20 opened again at 2,990 right after that moment; the venue's engine stamps both fills a few
        // hundred ms before it on the venue's clock. As an add the fill would be (20 × 2,990 − 10 × 3,000) / 10 = 2,980, inside
        // the candles around 2,990: only the fills tell it
        FakeBinance reopened = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 20, 2_990, 20, true, 2_990));
        reopened.clockOffset(SKEW_MS);
        long bound = heldAtMs + SKEW_MS;
        reopened.fillAt("ETHUSDT", "BOTH", "SELL", 10, 2_855, bound - 400);
        reopened.fillAt("ETHUSDT", "BOTH", "BUY", 20, 2_990, bound - 300);
        reopened.mark("ETHUSDT", 2_990);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(reopened, "main", "binance", key, dir)) {
            await("watched again", () -> w.last() != null && w.row("ETHUSDT") != null && !w.last().stale() && reopened.marketConnections() == 1);
            assertThat(reopened.userTradesReads()).as("the fills were read").isPositive();
            // the new holding's 80 % crossing: 20 ETH from 2,990 at 20×, its isolated wallet 2,990
            java.util.function.DoubleUnaryOperator ratio = mark -> io.perpguard.margin.MarginCalculator.isolatedMarginRatioAt(
                    new io.perpguard.margin.Position("ETHUSDT", io.perpguard.margin.Side.LONG, 20, 2_990, 20, io.perpguard.margin.MarginMode.ISOLATED,
                            io.perpguard.margin.PositionSide.BOTH, 0, mark), w.watcher().instruments().get("ETHUSDT"), mark);
            double tick = Math.floor(FakeWatch.solve(ratio, 2_990, 2_990 - 149.5 + 1, 0.8)) - 1;
            assertThat(ratio.applyAsDouble(tick)).isBetween(0.8, 0.95);
            w.tick("ETHUSDT", tick);
            await("the new holding's crossing alerted", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("threshold")));
            assertThat(w.sink.alerts).as("no liquidation carried over; one crossing").singleElement()
                    .satisfies(a -> assertThat(a.kind()).isEqualTo("threshold"));
        }
    }

    private static List<LiveAlert> liquidations(FakeWatch<?> w) {
        return w.sink.alerts.stream().filter(a -> a.kind().equals("liquidation")).toList();
    }
}
