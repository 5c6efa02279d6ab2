package io.perpguard.live.bybit;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.fake.WatcherFaultTest;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Bybit's own fault: the IP ban (the shared faults run in {@code VenueFaultsTest}). */
class BybitFaultsTest extends WatcherFaultTest {
    static final String KEY = "bybitFaultKey", SECRET = "bybitFaultSecret";
    final FakeBybit fake = new FakeBybit(KEY, SECRET).wallet(10_000).position(new FakeBybit.Pos("BTCUSDT", "Buy", 1, 60_000, 20, 3_000));

    @AfterEach
    void tearDown() {
        stopWatcher();
        fake.close();
    }

    @Test
    void anIpBan403StopsEveryRestCallForTenMinutesWhateverItsBody() throws Exception {
        fake.banNext(1);
        watch("bybit", new BybitLinearConnector(new Credentials(KEY, SECRET), ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl())),
                TierTables.bundled());
        await(() -> lines.stream().anyMatch(l -> l.contains("HTTP 403") && l.contains("waiting 600 s")));
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("fault") || a.kind().equals("stale")));   // after --stale-after (1.5 s)
        // a reconnect would have come within 0.25 s; under the ban nothing may call until it ends
        assertThat(fake.requests()).containsExactly("GET /v5/market/time");
        assertThat(view() == null || view().stale()).isTrue();
    }
}
