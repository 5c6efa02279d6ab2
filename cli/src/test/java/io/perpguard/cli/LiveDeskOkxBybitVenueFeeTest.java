package io.perpguard.cli;

import static io.perpguard.cli.DeskJson.getQuietly;
import static io.perpguard.cli.DeskJson.pos;
import static io.perpguard.cli.DeskJson.sub;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.fake.FakeOkx;
import io.perpguard.live.fake.FakeVenue;
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
 * {@code serve --live} against the fake OKX and the fake Bybit: a close the venue reports is booked with the venue's own
 * figures of the trade that closed it, as Binance's ({@link LiveDeskVenueFeeTest}) — OKX's {@code orders} fill
 * ({@code fillPnl}, {@code fillFee} in {@code fillFeeCcy}, a charge written negative), Bybit's {@code execution}
 * ({@code execPnl}, {@code execFee}, a rebate written negative). Before, neither connector read them: the row had the PnL
 * the desk worked out at the venue's price and no fee.
 */
class LiveDeskOkxBybitVenueFeeTest {
    @TempDir
    Path dir;

    @Test
    void okx_aLiquidation_isBookedWithItsFillPnl_andTheFeeCharged() throws Exception {
        String key = "okxFeeKey-4d3c2b1a", secret = "OKXFEESECRET9F8E7D6C", pass = "okx-fee-pass-1";
        // 100 contracts of ETH-USDT-SWAP (0.1 ETH each): 10 ETH long from 3,000, 20x cross
        try (FakeOkx okx = new FakeOkx(key, secret, pass).cashBal(10_000).position(new FakeOkx.Pos("ETH-USDT-SWAP", "net", 100, 3_000, 20, "cross", 0))) {
            try (Desk d = start(okx, "okx", new Credentials(key, secret, pass), "okxfee")) {
                await("the position priced on the desk", () -> {
                    okx.mark("ETH-USDT-SWAP", 2_900);   // re-pushed until priced: a mark before the watcher's snapshot is dropped
                    JsonNode main = sub(getQuietly(d.server(), "/api/desk"), "main");
                    return main != null && main.path("positions").size() == 1 && pos(main).path("markSource").asText().equals("live:okx");
                });
                // the venue liquidates it at 2,900: its fill reports fillPnl −1,000.5 (not the −1,000 the price gives) and
                // fillFee −14.5 USDT (OKX's sign: a fee charged)
                okx.liquidate("ETH-USDT-SWAP", "net", -1_000.5, -14.5, "USDT");
                await("the close booked", () -> closed(d.server()).size() == 1);
                JsonNode eth = closed(d.server()).get(0);
                System.out.println("okx closed row: " + eth);
                assertThat(eth.has("provisional")).isFalse();
                assertThat(eth.path("reason").asText()).isEqualTo("liquidation");
                assertThat(eth.path("closePrice").asDouble()).isEqualTo(2_900);
                assertThat((2_900 - 3_000) * 10.0).as("the price alone").isEqualTo(-1_000);
                assertThat(eth.path("realizedPnl").asDouble()).as("OKX's fillPnl").isEqualTo(-1_000.5);
                assertThat(eth.path("fee").asDouble()).as("OKX's fillFee, negated: the fee paid").isEqualTo(14.5);
                assertThat(eth.path("feeAsset").asText()).as("OKX's fillFeeCcy").isEqualTo("USDT");
            }
        }
    }

    @Test
    void bybit_aClose_isBookedWithItsExecPnl_andTheMakerRebate() throws Exception {
        String key = "bybitFeeKey8a7s6d5f", secret = "bybitFeeSecret1z2x3c4v5b6n";
        try (FakeBybit bybit = new FakeBybit(key, secret).marginMode("REGULAR_MARGIN").wallet(10_000)
                .position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 0))) {
            try (Desk d = start(bybit, "bybit", new Credentials(key, secret), "bybitfee")) {
                await("the position priced on the desk", () -> {
                    bybit.mark("ETHUSDT", 2_900);
                    JsonNode main = sub(getQuietly(d.server(), "/api/desk"), "main");
                    return main != null && main.path("positions").size() == 1 && pos(main).path("markSource").asText().equals("live:bybit");
                });
                // the trader's limit order sells the 10 ETH at 2,899.75 as maker: execPnl −1,002.5 (the price the desk
                // sees, its mark 2,900, gives −1,000) and execFee −2.9 USDT (Bybit's sign: a rebate)
                bybit.closeByTrade("ETHUSDT", 2_899.75, -1_002.5, -2.9);
                await("the close booked", () -> closed(d.server()).size() == 1);
                JsonNode eth = closed(d.server()).get(0);
                System.out.println("bybit closed row: " + eth);
                assertThat(eth.has("provisional")).isFalse();
                assertThat(eth.path("reason").asText()).isNotEqualTo("liquidation");
                assertThat(eth.path("closePrice").asDouble()).as("Bybit's execPrice, not the desk's mark 2,900").isEqualTo(2_899.75);
                assertThat(eth.path("realizedPnl").asDouble()).as("Bybit's execPnl").isEqualTo(-1_002.5);
                assertThat(eth.path("fee").asDouble()).as("Bybit's execFee: a rebate, a negative fee").isEqualTo(-2.9);
                assertThat(eth.path("feeAsset").asText()).as("the settle coin").isEqualTo("USDT");
            }
        }
    }

    /** A live desk watching the fake's account as {@code main}. */
    record Desk(LiveMonitor monitor, DeskServer server, LiveDesk state) implements AutoCloseable {
        @Override
        public void close() {
            monitor.close();
            state.close();
            server.close();
        }
    }

    private Desk start(FakeVenue fake, String exchange, Credentials credentials, String db) {
        LiveDesk state = new LiveDesk();
        AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofSeconds(60));
        LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("main", exchange, credentials,
                ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()).withSilence(Duration.ofHours(1)))), List.of(), settings,
                dir.resolve(exchange), false, state, null);
        DeskServer desk = DeskServer.start(new DeskConfig("127.0.0.1", 0, "jdbc:h2:mem:" + db + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                0, DeskConfig.DEFAULT_WARMUP, AlertPolicy.DEFAULT, TierTables.bundled(), DeskConfig.DEFAULT_MAX_BODY), state);
        m.watchers().forEach(w -> state.register(w.account(), w.instruments()));
        m.start();
        return new Desk(m, desk, state);
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
