package io.perpguard.live.watch;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.binance.BinanceUsdmConnector;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.data.instrument.TierTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert state file says a threshold fired only once the alert is durable: the watcher hands the write to its sink
 * ({@link WatchSink#afterAlerts}), which the outbox runs after fsyncing the alerts raised before it. It was written on the
 * watcher's own 250 ms round, whether the alert's pending file was on disk or not: a crash between the two lost the alert
 * for good, the restarted watcher taking it as told.
 */
class StateAfterAlertsTest {
    @TempDir
    Path dir;

    @Test
    void theStateSaysFiredOnlyAfterTheAlertIsDurable() throws Exception {
        List<LiveAlert> alerts = new CopyOnWriteArrayList<>();
        List<Runnable> waiting = new CopyOnWriteArrayList<>();
        WatchSink sink = new WatchSink() {
            @Override
            public void update(WatchView view) {
            }

            @Override
            public void alert(LiveAlert alert) {
                alerts.add(alert);
            }

            @Override
            public void afterAlerts(Runnable write) {
                waiting.add(write);   // the outbox's fsync not done yet
            }
        };
        Path file = dir.resolve("alert-state-main.json");
        try (FakeBinance fake = new FakeBinance("fk", "fs").wallet(10_000)
                .position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 10, false, 0))) {
            fake.mark("BTCUSDT", 60_000);
            BinanceUsdmConnector c = new BinanceUsdmConnector(new Credentials("fk", "fs"),
                    ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()));
            // a 0.1 % threshold: the cross ratio (about 2 %) is past it at the first snapshot
            try (AccountWatcher w = new AccountWatcher("main", c, TierTables.bundled(), AccountWatcher.Settings.defaults()
                    .withPolicy(new AlertPolicy(new double[]{0.001}, 0.0005, 10, 3_600_000L)).withStaleAfter(Duration.ofSeconds(60)),
                    new AlertStateStore(file), sink)) {
                w.start();
                await("the threshold alert", () -> alerts.stream().anyMatch(a -> a.kind().equals("threshold")));
                await("the state's write handed to the sink", () -> !waiting.isEmpty());
                assertThat(file).as("nothing on disk says it fired before the alert is").doesNotExist();
                waiting.forEach(Runnable::run);
                assertThat(Files.readString(file)).contains("\"cross\"").contains("\"fired\":1");
            }
        }
    }
}
