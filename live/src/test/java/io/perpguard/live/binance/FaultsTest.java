package io.perpguard.live.binance;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.live.fake.WatcherFaultTest;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Each fault the issue names makes the data visibly stale and raises an alert; the watcher recovers by itself. */
class FaultsTest extends WatcherFaultTest {
    static final String KEY = "faultKey", SECRET = "faultSecret";
    FakeBinance fake;

    @BeforeEach
    void setUp() {
        fake = new FakeBinance(KEY, SECRET).wallet(10_000).position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0));
        fake.mark("BTCUSDT", 60_000);
    }

    void start(ConnectorConfig cfg) throws InterruptedException {
        BinanceUsdmConnector c = new BinanceUsdmConnector(new Credentials(KEY, SECRET), cfg.withUrls(fake.restUrl(), fake.wsUrl()));
        watch("main", c, TierTables.bundled());
    }

    @AfterEach
    void tearDown() {
        stopWatcher();
        fake.close();
    }

    @Test
    void silentSocketIsStaleAlertedAndReconnected() throws Exception {
        start(ConnectorConfig.defaults().withSilence(Duration.ofMillis(800)));
        silenceIsStaleAlertedAndRecovers(fake, () -> fake.marketConnections() == 1, "BTCUSDT",
                () -> fake.requests().stream().filter(r -> r.equals("POST /fapi/v1/listenKey")).count() >= 2);
    }

    @Test
    void rateLimitWaitsForRetryAfterThenRecovers() throws Exception {
        fake.rateLimitNext(1, 2);
        long t0 = System.nanoTime();
        start(ConnectorConfig.defaults());
        await(() -> lines.stream().anyMatch(l -> l.contains("HTTP 429") && l.contains("waiting 2 s")));
        await(() -> view() != null && !view().stale() && view().positions().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(1900));
        assertThat(fake.requests().get(0)).isEqualTo("GET /fapi/v1/time");
    }

    @Test
    void ipBan418WaitsForRetryAfterThenRecovers() throws Exception {
        fake.banNext(1, 2);
        long t0 = System.nanoTime();
        start(ConnectorConfig.defaults());
        await(() -> lines.stream().anyMatch(l -> l.contains("HTTP 418 (IP banned)") && l.contains("waiting 2 s")));
        await(() -> view() != null && !view().stale() && view().positions().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no REST call before Retry-After").isGreaterThan(Duration.ofMillis(1900));
        assertThat(fake.requests().subList(0, 2)).as("the banned call, then nothing until its retry").containsExactly("GET /fapi/v1/time", "GET /fapi/v1/time");
    }

    @Test
    void malformedFrameIsReportedAndTheNextMarkCounts() throws Exception {
        start(ConnectorConfig.defaults());
        malformedFrameIsReportedAndTheNextMarkCounts(fake, () -> fake.marketConnections() == 1, "BTCUSDT");
    }

    @Test
    void clockSkewBeyondRecvWindowIsAlertedAndSigningUsesTheVenueClock() throws Exception {
        fake.clockOffset(8_000);
        start(ConnectorConfig.defaults());
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("fault") && a.message().contains("clock")));
        await(() -> view() != null && view().positions().size() == 1);
        assertThat(alerts).filteredOn(a -> a.message().contains("clock")).hasSize(1);
    }

    @Test
    void snapshotThatDisagreesWithTheStreamIsAFault() throws Exception {
        start(ConnectorConfig.defaults().withResyncEvery(Duration.ofMillis(500)));
        await(() -> view() != null && !view().stale() && fake.marketConnections() == 1);
        // the venue's position changes but no ACCOUNT_UPDATE is pushed
        fake.position(new FakeBinance.Pos("BTCUSDT", "BOTH", 2, 60_000, 20, false, 0));
        await(() -> alerts.stream().anyMatch(a -> a.message().contains("disagrees")));
        await(() -> view().positions().get(0).qty() == 2);
    }
}
