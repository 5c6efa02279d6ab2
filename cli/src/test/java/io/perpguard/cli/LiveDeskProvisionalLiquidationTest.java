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
 * {@code serve --live} against the fake Binance: the desk's own mark crosses an isolated ETH long's liquidation price before
 * the venue liquidates it, so the desk settles it itself — at its bankruptcy price 2,850, the whole margin lost (−1,500). The
 * venue then liquidates it at 2,860. Before, the desk's row kept its own figures (the mirror found no open row to close and
 * dropped the venue's close line). Now the desk's settlement is provisional, said so on the row, and the venue's report
 * re-books that same row with the venue's price and PnL: one row in the history.
 */
class LiveDeskProvisionalLiquidationTest {
    @TempDir
    Path dir;

    @Test
    void theDesksOwnSettlement_isReBookedWithTheVenuesFigures_whenTheVenuesLiquidationArrives() throws Exception {
        try (FakeBinance bin = new FakeBinance("provKey1", "provSecret1").wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500))) {
            bin.mark("ETHUSDT", 2_900);
            LiveDesk state = new LiveDesk();
            AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofSeconds(60));
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("main", "binance", new Credentials("provKey1", "provSecret1"),
                    ConnectorConfig.defaults().withUrls(bin.restUrl(), bin.wsUrl()).withSilence(Duration.ofHours(1)))), List.of(), settings, dir, false, state, null);
                 DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:provisional" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                         0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state)) {
                m.watchers().forEach(w -> state.register(w.account(), w.instruments()));
                m.start();
                await("the position on the desk", () -> {
                    JsonNode main = sub(getQuietly(desk, "/api/desk"), "main");
                    return main != null && main.path("positions").size() == 1;
                });

                // the mark past the liquidation price (about 2,864): the desk settles it, the venue still holds it
                bin.mark("ETHUSDT", 2_855);
                await("the desk's own settlement", () -> closed(desk).size() == 1);
                JsonNode own = closed(desk).get(0);
                assertThat(own.path("reason").asText()).isEqualTo("liquidation");
                assertThat(own.path("provisional").asText()).isEqualTo("liquidated at the desk's mark (no venue report yet)");
                assertThat(own.path("realizedPnl").asDouble()).as("the desk's figure: the margin").isEqualTo(-1_500);
                assertThat(own.path("closePrice").asDouble()).as("the bankruptcy price").isEqualTo(2_850);

                // the venue liquidates it at 2,860 (its order first, then the update that closes it)
                bin.mark("ETHUSDT", 2_860);
                bin.liquidationOrder("ETHUSDT", "BOTH", 10, true);
                bin.update(new FakeBinance.Pos("ETHUSDT", "BOTH", 0, 0, 20, true, 0));
                await("the venue's figures booked", () -> !closed(desk).isEmpty() && !closed(desk).get(0).has("provisional"));

                assertThat(closed(desk)).as("one row of the liquidation").hasSize(1);
                JsonNode eth = closed(desk).get(0);
                assertThat(eth.path("id").asLong()).as("the same row").isEqualTo(own.path("id").asLong());
                assertThat(eth.path("reason").asText()).isEqualTo("liquidation");
                assertThat(eth.path("closePrice").asDouble()).as("the venue's price").isEqualTo(2_860);
                assertThat(eth.path("realizedPnl").asDouble()).as("10 × (2,860 − 3,000)").isEqualTo(-1_400);
                JsonNode main = sub(getQuietly(desk, "/api/desk"), "main");
                assertThat(main.path("positions").size()).as("nothing opened again").isZero();
            }
        }
    }

    /** The desk's stored closed rows, newest first. */
    private static List<JsonNode> closed(DeskServer desk) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode all = getQuietly(desk, "/api/closed");
        if (all != null) {
            all.forEach(out::add);
        }
        return out;
    }
}
