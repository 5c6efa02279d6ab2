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
 * {@code serve --live} against the fake Binance: a row the desk settled itself (its own mark past the liquidation price) is
 * re-booked from the venue's close line with the venue's own figures of the trade that closed it — Binance's
 * ORDER_TRADE_UPDATE {@code rp} (realized profit) and {@code n} / {@code N} (commission and its asset). Before, the
 * connector read neither: the re-booked row had the PnL the desk worked out at the venue's price and no fee.
 */
class LiveDeskVenueFeeTest {
    @TempDir
    Path dir;

    @Test
    void aReBookedLiquidation_recordsTheVenuesRealizedPnl_andFee() throws Exception {
        try (FakeBinance bin = new FakeBinance("feeKey1", "feeSecret1").wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500))) {
            bin.mark("ETHUSDT", 2_900);
            LiveDesk state = new LiveDesk();
            AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofSeconds(60));
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("main", "binance", new Credentials("feeKey1", "feeSecret1"),
                    ConnectorConfig.defaults().withUrls(bin.restUrl(), bin.wsUrl()).withSilence(Duration.ofHours(1)))), List.of(), settings, dir, false, state, null);
                 DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:venuefee" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                         0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state)) {
                m.watchers().forEach(w -> state.register(w.account(), w.instruments()));
                m.start();
                await("the position on the desk", () -> {
                    JsonNode main = sub(getQuietly(desk, "/api/desk"), "main");
                    return main != null && main.path("positions").size() == 1;
                });
                bin.mark("ETHUSDT", 2_855);
                await("the desk's own settlement", () -> closed(desk).size() == 1);
                JsonNode own = closed(desk).get(0);
                assertThat(own.path("provisional").asText()).isEqualTo("liquidated at the desk's mark (no venue report yet)");
                assertThat(own.has("fee")).as("the desk's own figures carry no venue fee").isFalse();

                // the venue liquidates it at 2,860, its trade reporting a realized profit of −1,405.5 (not the −1,400 the desk
                // would work out at that price) and a commission of 14.3 USDT
                bin.mark("ETHUSDT", 2_860);
                bin.liquidationOrder("ETHUSDT", "BOTH", 10, true, -1_405.5, 14.3, "USDT");
                bin.update(new FakeBinance.Pos("ETHUSDT", "BOTH", 0, 0, 20, true, 0));
                await("the venue's figures booked", () -> !closed(desk).isEmpty() && !closed(desk).get(0).has("provisional"));

                assertThat(closed(desk)).as("one row of the liquidation").hasSize(1);
                JsonNode eth = closed(desk).get(0);
                assertThat(eth.path("id").asLong()).as("the same row").isEqualTo(own.path("id").asLong());
                assertThat(eth.path("reason").asText()).isEqualTo("liquidation");
                assertThat(eth.path("closePrice").asDouble()).isEqualTo(2_860);
                assertThat(eth.path("realizedPnl").asDouble()).as("the venue's rp").isEqualTo(-1_405.5);
                assertThat(eth.path("fee").asDouble()).as("the venue's n").isEqualTo(14.3);
                assertThat(eth.path("feeAsset").asText()).as("the venue's N").isEqualTo("USDT");
            }
        }
    }

    @Test
    void aCloseTheVenueReportsFirst_isBookedWithTheVenuesRealizedPnl_andFee() throws Exception {
        try (FakeBinance bin = new FakeBinance("feeKey2", "feeSecret2").wallet(10_000)
                .position(new FakeBinance.Pos("ETHUSDT", "BOTH", 10, 3_000, 20, true, 1_500))) {
            bin.mark("ETHUSDT", 2_900);
            LiveDesk state = new LiveDesk();
            AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofSeconds(60));
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("main", "binance", new Credentials("feeKey2", "feeSecret2"),
                    ConnectorConfig.defaults().withUrls(bin.restUrl(), bin.wsUrl()).withSilence(Duration.ofHours(1)))), List.of(), settings, dir, false, state, null);
                 DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:venuefee2" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                         0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state)) {
                m.watchers().forEach(w -> state.register(w.account(), w.instruments()));
                m.start();
                await("the position on the desk", () -> {
                    JsonNode main = sub(getQuietly(desk, "/api/desk"), "main");
                    return main != null && main.path("positions").size() == 1;
                });
                // the venue's trade (rp −1,000.5, not the −1,000 the price gives; 14.5 USDT commission), then its update
                bin.liquidationOrder("ETHUSDT", "BOTH", 10, true, -1_000.5, 14.5, "USDT");
                bin.update(new FakeBinance.Pos("ETHUSDT", "BOTH", 0, 0, 20, true, 0));
                await("the close booked", () -> closed(desk).size() == 1);
                JsonNode eth = closed(desk).get(0);
                assertThat(eth.has("provisional")).isFalse();
                assertThat(eth.path("closePrice").asDouble()).isEqualTo(2_900);
                assertThat(eth.path("realizedPnl").asDouble()).as("the venue's rp").isEqualTo(-1_000.5);
                assertThat(eth.path("fee").asDouble()).as("the venue's n").isEqualTo(14.5);
                assertThat(eth.path("feeAsset").asText()).isEqualTo("USDT");
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
