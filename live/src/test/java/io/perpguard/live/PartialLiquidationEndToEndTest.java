package io.perpguard.live;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.FakeBybit;
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
 * A tiered partial liquidation: the venue closes half of a cross BTCUSDT long and leaves the rest open. It was told as a
 * (full) liquidation and the subject's state made terminal, so the half left was never alerted again. Now it is told once
 * as a partial liquidation — what was closed, what is left — and what is left is watched afresh: its own 80 % crossing
 * is alerted.
 */
class PartialLiquidationEndToEndTest {
    static final Instruments INSTRUMENTS = TierTables.bundled();

    @TempDir
    Path dir;

    static DoubleUnaryOperator crossRatio(double wallet, double qty) {
        Account a = new Account(wallet, List.of(new Position("BTCUSDT", Side.LONG, qty, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000)));
        return p -> MarginCalculator.crossMarginRatioAt(a, INSTRUMENTS, "BTCUSDT", p);
    }

    @Test
    void halfLiquidated_isToldOnce_andTheHalfLeftAlertsAgain() throws Exception {
        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(5_000)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0));
        fake.mark("BTCUSDT", 60_000);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET), dir)) {
            await("watched", () -> w.last() != null && w.last().positions().size() == 1 && !w.last().stale()
                    && fake.marketConnections() == 1 && fake.userConnections() == 1);

            // 1 BTC on 5,000: the wallet is gone at 55,000; past 80 % a little above it
            DoubleUnaryOperator whole = crossRatio(5_000, 1);
            double first = Math.floor(FakeWatch.solve(whole, 60_000, 55_010, 0.8)) - 5;
            assertThat(whole.applyAsDouble(first)).as("past 80 %, short of liquidation").isBetween(0.8, 0.95);
            w.tick("BTCUSDT", first);
            await("the whole position's crossing", () -> thresholds(w).size() == 1);

            fake.liquidate("BTCUSDT", "BOTH", 0.5);   // the venue closes half at the mark
            await("the partial liquidation told", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("partial_liquidation"))
                    && w.row("BTCUSDT") != null && w.row("BTCUSDT").qty() == 0.5);
            LiveAlert partial = w.sink.alerts.stream().filter(a -> a.kind().equals("partial_liquidation")).findFirst().orElseThrow();
            assertThat(partial.subject()).isEqualTo("cross");
            assertThat(partial.message()).contains("partially liquidated by binance at ").contains("0.500 closed, 0.500 left");
            assertThat(w.last().closed()).as("nothing closed: half of it is open").isEmpty();

            // the half left on what the wallet kept: its own 80 % crossing, lower down
            double wallet = 5_000 - 0.5 * (60_000 - first);
            DoubleUnaryOperator half = crossRatio(wallet, 0.5);
            assertThat(half.applyAsDouble(first)).as("below 80 % right after the cut").isLessThan(0.75);
            double second = Math.floor(FakeWatch.solve(half, first, 60_000 - 2 * wallet + 10, 0.8)) - 5;
            assertThat(half.applyAsDouble(second)).isBetween(0.8, 0.95);
            w.tick("BTCUSDT", second);
            await("the half left's crossing alerted", () -> thresholds(w).size() == 2);
            LiveAlert again = thresholds(w).get(1);
            assertThat(again.subject()).isEqualTo("cross");
            assertThat(again.marginRatio()).isCloseTo(half.applyAsDouble(second), within(1e-9));
            assertThat(w.sink.alerts).as("told once, and not as a full liquidation")
                    .filteredOn(a -> a.kind().contains("liquidation")).singleElement().isEqualTo(partial);
        }
    }

    /**
     * The same while the sockets are down, after perpguard's own ratio had reached 100 % (its liquidation alert told, the
     * state terminal): the reconnect's snapshot shows half the position left. That half stayed silent for good; now the
     * partial liquidation is told once and the half left alerts again.
     */
    @Test
    void halfLiquidatedWhileAway_isToldAtTheReconnect_andTheHalfLeftAlertsAgain() throws Exception {
        FakeBinance.Pos btc = new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0);
        FakeBinance fake = new FakeBinance(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET).wallet(5_000).position(btc);
        fake.mark("BTCUSDT", 60_000);
        try (FakeWatch<FakeBinance> w = new FakeWatch<>(fake, "main", "binance", new Credentials(LiveEndToEndTest.KEY, LiveEndToEndTest.SECRET), dir)) {
            await("watched", () -> w.last() != null && w.last().positions().size() == 1 && !w.last().stale()
                    && fake.marketConnections() == 1 && fake.userConnections() == 1);
            DoubleUnaryOperator whole = crossRatio(5_000, 1);
            double gone = Math.floor(FakeWatch.solve(whole, 60_000, 55_010, 1.0)) - 5;
            assertThat(whole.applyAsDouble(gone)).as("past 100 %").isGreaterThanOrEqualTo(1);
            w.tick("BTCUSDT", gone);
            await("perpguard's liquidation alert", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("liquidation")));

            // while the sockets are down the venue closes half at that mark, unpushed
            double wallet = 5_000 - 0.5 * (60_000 - gone);
            fake.wallet(wallet);
            btc.amount = 0.5;
            fake.dropConnections();
            await("the partial liquidation told at the reconnect", () -> !w.last().stale() && fake.marketConnections() == 1
                    && w.row("BTCUSDT") != null && w.row("BTCUSDT").qty() == 0.5
                    && w.sink.alerts.stream().anyMatch(a -> a.kind().equals("partial_liquidation")));
            assertThat(w.sink.alerts).filteredOn(a -> a.kind().equals("partial_liquidation")).singleElement()
                    .satisfies(a -> assertThat(a.message()).contains("partially liquidated by binance").contains("0.500 closed, 0.500 left"));
            assertThat(w.last().closed()).isEmpty();

            DoubleUnaryOperator half = crossRatio(wallet, 0.5);
            double tick = Math.floor(FakeWatch.solve(half, gone, 60_000 - 2 * wallet + 10, 0.8)) - 5;
            assertThat(half.applyAsDouble(tick)).isBetween(0.8, 0.95);
            w.tick("BTCUSDT", tick);
            await("the half left's crossing alerted", () -> thresholds(w).size() == 2);
            assertThat(thresholds(w).get(1).marginRatio()).isCloseTo(half.applyAsDouble(tick), within(1e-9));
        }
    }

    /**
     * Bybit pushes each fill of a liquidation as its own BustTrade execution, here one before the position update and one
     * after it. The later fill waited as a liquidation of what was left, and the trader's own reduction next was told as a
     * second partial liquidation; now it is a fill of the one told.
     */
    @Test
    void bybit_aLiquidationsLaterFill_isNotAnotherLiquidation() throws Exception {
        FakeBybit fake = new FakeBybit("bybitKeyT5r4e3w2q1", "bybitSecretY6u7i8o9p0").wallet(5_000)
                .position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 1_500));
        fake.mark("ETHUSDT", 3_000);
        try (FakeWatch<FakeBybit> w = new FakeWatch<>(fake, "uta", "bybit", new Credentials(fake.apiKey, fake.secret), dir)) {
            await("watched", () -> w.last() != null && w.row("ETHUSDT") != null && !w.last().stale()
                    && fake.marketConnections() == 1 && fake.userConnections() == 1);
            fake.liquidatePartially("ETHUSDT", 4);
            await("the partial liquidation told", () -> w.row("ETHUSDT").qty() == 6
                    && w.sink.alerts.stream().anyMatch(a -> a.kind().equals("partial_liquidation")));
            fake.update(new FakeBybit.Pos("ETHUSDT", "Buy", 3, 3_000, 20, 450));   // the trader halves what is left
            await("the reduction applied", () -> w.row("ETHUSDT").qty() == 3);
            assertThat(w.sink.alerts).filteredOn(a -> a.kind().contains("liquidation")).singleElement()
                    .satisfies(a -> assertThat(a.message()).contains("partially liquidated by bybit").contains("4.00 closed, 6.00 left"));
        }
    }

    private static List<LiveAlert> thresholds(FakeWatch<?> w) {
        return w.sink.alerts.stream().filter(a -> a.kind().equals("threshold")).toList();
    }
}
