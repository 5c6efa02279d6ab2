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
    void anExpiredListenKeyReopensTheAccountStreamWithANewKey() throws Exception {
        start(ConnectorConfig.defaults());
        await(() -> view() != null && !view().stale() && fake.userConnections() == 1 && fake.listenKeysIssued() == 1);
        await("a new listenKey", () -> {
            if (fake.listenKeysIssued() == 1) {
                fake.expireListenKey();   // re-pushed until seen
            }
            return fake.listenKeysIssued() >= 2;
        });
        await("the account stream back", () -> fake.userConnections() == 1 && !view().stale());
        assertThat(lines).anyMatch(l -> l.contains("listenKey expired"));
    }
}
