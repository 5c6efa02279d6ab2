package io.perpguard.cli;

import static io.perpguard.cli.DeskJson.getQuietly;
import static io.perpguard.cli.DeskJson.sub;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.server.DeskConfig;
import io.perpguard.server.DeskServer;
import io.perpguard.server.LiveDesk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --live} against the fake Binance: a position the venue closes, and liquidated, in either order of its two
 * reports. With the position update first (the liquidation order a moment later) the watcher's close line said "closed",
 * the desk booked it, and when the line was relabelled "liquidated" the desk never touched that row: the history kept a
 * close at the mark. Now the stored history holds ONE row of each, a liquidation at the liquidation's price with its loss,
 * the same whichever report came first.
 */
class LiveDeskLiquidationRelabelTest {
    @TempDir
    Path dir;

    @Test
    void theStoredHistoryHoldsOneLiquidationRow_whicheverReportCameFirst() throws Exception {
        try (FakeBinance bin = new FakeBinance("relabelKey1", "relabelSecret1").wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500))
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, true, 3_000))) {
            bin.mark("ETHUSDT", 2_900);
            bin.mark("BTCUSDT", 58_000);
            LiveDesk state = new LiveDesk();
            AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofSeconds(60));
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("main", "binance", new Credentials("relabelKey1", "relabelSecret1"),
                    ConnectorConfig.defaults().withUrls(bin.restUrl(), bin.wsUrl()).withSilence(Duration.ofHours(1)))), List.of(), settings, dir, false, state, null);
                 DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:relabel" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                         0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state)) {
                m.watchers().forEach(w -> state.register(w.account(), w.instruments()));
                m.start();
                await("both positions on the desk", () -> {
                    JsonNode main = sub(getQuietly(desk, "/api/desk"), "main");
                    return main != null && main.path("positions").size() == 2;
                });

                // ETHUSDT: the venue's update closes it at the mark 2,900 — booked as closed — and its liquidation order comes after
                bin.update(new FakeBinance.Pos("ETHUSDT", "BOTH", 0, 0, 20, true, 0));
                await("the close booked", () -> closed(desk, "ETHUSDT").size() == 1);
                assertThat(closed(desk, "ETHUSDT").get(0).path("reason").asText()).isEqualTo("closed");
                bin.mark("ETHUSDT", 2_880);   // the liquidation order's price (the fake's mark)
                bin.liquidationOrder("ETHUSDT", "BOTH", 10, true);
                await("the close re-booked as the liquidation", () -> closed(desk, "ETHUSDT").stream()
                        .anyMatch(r -> r.path("reason").asText().equals("liquidation")));

                // BTCUSDT: the liquidation order first (at 57,500), then the update that closes it at the mark 57,400 (its
                // liquidation price not reached: the desk does not settle it itself)
                bin.mark("BTCUSDT", 57_500);
                bin.liquidationOrder("BTCUSDT", "BOTH", 1, true);
                await("the watcher at the next mark", () -> {
                    bin.mark("BTCUSDT", 57_400);
                    return m.watchers().get(0).view().positions().stream().anyMatch(r -> r.symbol().equals("BTCUSDT") && r.markPrice() == 57_400);
                });
                bin.update(new FakeBinance.Pos("BTCUSDT", "BOTH", 0, 0, 20, true, 0));
                await("the liquidation booked", () -> closed(desk, "BTCUSDT").size() == 1);

                JsonNode eth = closed(desk, "ETHUSDT").stream().reduce((a, b) -> b).orElseThrow();
                assertThat(closed(desk, "ETHUSDT")).as("one row of the ETH close").hasSize(1);
                assertThat(eth.path("reason").asText()).isEqualTo("liquidation");
                assertThat(eth.path("closePrice").asDouble()).isEqualTo(2_880);
                assertThat(eth.path("realizedPnl").asDouble()).as("10 × (2,880 − 3,000)").isEqualTo(-1_200);
                JsonNode btc = closed(desk, "BTCUSDT").get(0);
                assertThat(btc.path("reason").asText()).isEqualTo("liquidation");
                assertThat(btc.path("closePrice").asDouble()).as("the venue's liquidation price, not the mark").isEqualTo(57_500);
                assertThat(btc.path("realizedPnl").asDouble()).as("1 × (57,500 − 60,000)").isEqualTo(-2_500);
                assertThat(getQuietly(desk, "/api/closed").size()).as("nothing else in the history").isEqualTo(2);
            }
        }
    }

    /** The desk's stored closed rows of {@code symbol}, oldest first. */
    private static List<JsonNode> closed(DeskServer desk, String symbol) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode all = getQuietly(desk, "/api/closed");
        if (all != null) {
            all.forEach(r -> {
                if (r.path("symbol").asText().equals(symbol)) {
                    out.add(0, r);
                }
            });
        }
        return out;
    }
}
