package io.perpguard.live.binance;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchSink;
import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Each fault the issue names makes the data visibly stale and raises an alert; the watcher recovers by itself. */
class FaultsTest {
    static final String KEY = "faultKey", SECRET = "faultSecret";
    FakeBinance fake;
    AccountWatcher watcher;
    final List<LiveAlert> alerts = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();
    volatile WatchView view;
    final List<WatchView> views = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        fake = new FakeBinance(KEY, SECRET).wallet(10_000).position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0));
        fake.mark("BTCUSDT", 60_000);
    }

    void start(ConnectorConfig cfg) throws InterruptedException {
        BinanceUsdmConnector c = new BinanceUsdmConnector(new Credentials(KEY, SECRET), cfg.withUrls(fake.restUrl(), fake.wsUrl()));
        AccountWatcher.Settings s = AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT).withStaleAfter(Duration.ofMillis(1500));
        watcher = new AccountWatcher("main", c, TierTables.bundled(), s, null, new WatchSink() {
            @Override
            public void update(WatchView v) {
                view = v;
                views.add(v);
            }

            @Override
            public void alert(LiveAlert a) {
                alerts.add(a);
            }

            @Override
            public void fault(String account, String line) {
                lines.add(line);
            }
        });
        watcher.start();
    }

    @AfterEach
    void tearDown() {
        if (watcher != null) {
            watcher.close();
        }
        fake.close();
    }

    @Test
    void silentSocketIsStaleAlertedAndReconnected() throws Exception {
        start(ConnectorConfig.defaults().withSilence(Duration.ofMillis(800)));
        await(() -> view != null && !view.stale() && fake.marketConnections() == 1);
        fake.silent(true);   // connected, pushing nothing
        await(() -> lines.stream().anyMatch(l -> l.contains("silent")));
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("stale")));
        // a reconnect's REST resync may already have refreshed the latest view, so look for the stale one it showed
        assertThat(views).as("greyed out, not shown as current")
                .anySatisfy(v -> assertThat(v.stale() && !v.positions().isEmpty() && v.positions().get(0).stale()).isTrue());
        fake.silent(false);
        await(() -> fake.requests().stream().filter(r -> r.equals("POST /fapi/v1/listenKey")).count() >= 2);
        await(() -> {
            fake.mark("BTCUSDT", 60_010);   // pushes resume: fresh again
            return !view.stale();
        });
    }

    @Test
    void rateLimitWaitsForRetryAfterThenRecovers() throws Exception {
        fake.rateLimitNext(1, 2);
        long t0 = System.nanoTime();
        start(ConnectorConfig.defaults());
        await(() -> lines.stream().anyMatch(l -> l.contains("HTTP 429") && l.contains("waiting 2 s")));
        await(() -> view != null && !view.stale() && view.positions().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(1900));
        assertThat(fake.requests().get(0)).isEqualTo("GET /fapi/v1/time");
    }

    @Test
    void malformedFrameIsReportedAndTheNextMarkCounts() throws Exception {
        start(ConnectorConfig.defaults());
        await(() -> view != null && !view.stale() && fake.marketConnections() == 1);
        fake.malformedFrame();
        await(() -> lines.stream().anyMatch(l -> l.contains("unreadable frame")));
        fake.mark("BTCUSDT", 59_000);
        await(() -> view.positions().get(0).markPrice() == 59_000 && !view.stale());
    }

    @Test
    void clockSkewBeyondRecvWindowIsAlertedAndSigningUsesTheVenueClock() throws Exception {
        fake.clockOffset(8_000);
        start(ConnectorConfig.defaults());
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("fault") && a.message().contains("clock")));
        await(() -> view != null && view.positions().size() == 1);
        assertThat(alerts).filteredOn(a -> a.message().contains("clock")).hasSize(1);
    }

    @Test
    void snapshotThatDisagreesWithTheStreamIsAFault() throws Exception {
        start(ConnectorConfig.defaults().withResyncEvery(Duration.ofMillis(500)));
        await(() -> view != null && !view.stale() && fake.marketConnections() == 1);
        // the venue's position changes but no ACCOUNT_UPDATE is pushed
        fake.position(new FakeBinance.Pos("BTCUSDT", "BOTH", 2, 60_000, 20, false, 0));
        await(() -> alerts.stream().anyMatch(a -> a.message().contains("disagrees")));
        await(() -> view.positions().get(0).qty() == 2);
    }

    static void await(BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out");
    }
}
