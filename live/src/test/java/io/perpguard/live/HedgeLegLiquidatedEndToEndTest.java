package io.perpguard.live;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.margin.Account;
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

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hedge mode, both legs cross: the venue liquidates the long leg, the short leg stays. The cross wallet's liquidated state
 * (a liquidation is terminal for its subject) was kept for what was left, so the short leg's later crossings were never
 * alerted: the remaining cross positions are now watched afresh.
 */
class HedgeLegLiquidatedEndToEndTest {
    static final Instruments INSTRUMENTS = TierTables.bundled();

    @TempDir
    Path dir;

    @Test
    void afterOneCrossLegIsLiquidatedTheOtherLegsCrossingIsStillAlerted() throws Exception {
        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(10_000)
                .position(new FakeBinance.Pos("BTCUSDT", "LONG", 1, 60_000, 20, false, 0))
                .position(new FakeBinance.Pos("BTCUSDT", "SHORT", -0.5, 60_000, 20, false, 0));
        fake.mark("BTCUSDT", 60_000);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET), dir)) {
            await("both legs watched", () -> w.last() != null && w.last().positions().size() == 2 && !w.last().stale()
                    && fake.marketConnections() == 1 && fake.userConnections() == 1);
            fake.liquidate("BTCUSDT", "LONG");
            await("the long leg liquidated", () -> w.last().positions().size() == 1 && w.last().closed().size() == 1
                    && w.sink.alerts.stream().anyMatch(a -> a.kind().equals("liquidation")));
            assertThat(w.last().closed().get(0).reason()).isEqualTo("liquidated");

            // the short leg alone on the 10,000 wallet (the long was closed at its entry: nothing lost)
            Account left = new Account(10_000, List.of(new Position("BTCUSDT", Side.SHORT, 0.5, 60_000, 20, MarginMode.CROSS,
                    PositionSide.SHORT, 0, 60_000)));
            DoubleUnaryOperator ratio = p -> MarginCalculator.crossMarginRatioAt(left, INSTRUMENTS, "BTCUSDT", p);
            double p80 = FakeWatch.solve(ratio, 60_000, 79_990, 0.8);   // the wallet is gone near 80,000: the ratio rises monotonically below it
            double tick = Math.ceil(p80) + 5;
            assertThat(ratio.applyAsDouble(tick)).as("past 80 %, short of liquidation").isBetween(0.8, 0.95);
            w.tick("BTCUSDT", tick);
            await("the short leg's crossing alerted", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("threshold")));
            LiveAlert a = w.sink.alerts.stream().filter(x -> x.kind().equals("threshold")).findFirst().orElseThrow();
            assertThat(a.subject()).isEqualTo("cross");
            assertThat(a.threshold()).isEqualTo(0.8);
            assertThat(a.marginRatio()).isCloseTo(ratio.applyAsDouble(tick), within(1e-9));
        }
    }
}
