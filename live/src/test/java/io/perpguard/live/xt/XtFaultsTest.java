package io.perpguard.live.xt;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeXt;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchSink;
import io.perpguard.live.watch.WatchView;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The faults the fake XT injects: silence, 429, a malformed frame, a wrong key. */
class XtFaultsTest {
    static final String KEY = "xtFaultKey", SECRET = "xtfaultsecret";
    FakeXt fake;
    AccountWatcher watcher;
    final List<LiveAlert> alerts = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<WatchView> views = new CopyOnWriteArrayList<>();
    volatile WatchView view;

    @BeforeEach
    void setUp() {
        fake = new FakeXt(KEY, SECRET).wallet(10_000).position(new FakeXt.Pos("btc_usdt", "LONG", 10_000, 60_000, 20, "CROSSED", 0));
        fake.mark("btc_usdt", 60_000);
    }

    void start(ConnectorConfig cfg, String key) {
        XtUsdtConnector c = new XtUsdtConnector(new Credentials(key, SECRET), cfg.withUrls(fake.restUrl(), fake.wsUrl()));
        Instruments instruments = new Instruments(Map.of("BTC_USDT", new Instrument(VenueInstruments.contracts(Exchange.XT).get("BTC_USDT"),
                new RiskTiers("BTC_USDT", List.of(new LeverageBracket(1, 0, 500_000, 125, 0.004, 0))))), "test");
        watcher = new AccountWatcher("xt", c, instruments, AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT)
                .withStaleAfter(Duration.ofMillis(1500)), null, new WatchSink() {
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
        start(ConnectorConfig.defaults().withSilence(Duration.ofMillis(800)), KEY);
        await(() -> view != null && !view.stale() && fake.subscribed("mark_price@btc_usdt"));
        fake.silent(true);
        await(() -> lines.stream().anyMatch(l -> l.contains("silent")));
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("stale")));
        assertThat(views).anySatisfy(v -> assertThat(v.stale() && !v.positions().isEmpty() && v.positions().get(0).stale()).isTrue());
        fake.silent(false);
        await(() -> {
            fake.mark("btc_usdt", 60_010);
            return !view.stale() && view.positions().get(0).markPrice() == 60_010;
        });
    }

    @Test
    void rateLimitWaitsForRetryAfterThenRecovers() throws Exception {
        fake.rateLimitNext(1);   // Retry-After: 1
        long t0 = System.nanoTime();
        start(ConnectorConfig.defaults(), KEY);
        await(() -> lines.stream().anyMatch(l -> l.contains("HTTP 429") && l.contains("waiting 1 s")));
        await(() -> view != null && !view.stale() && view.positions().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(900));
    }

    @Test
    void malformedFrameIsReportedAndTheNextMarkCounts() throws Exception {
        start(ConnectorConfig.defaults(), KEY);
        await(() -> view != null && !view.stale() && fake.subscribed("mark_price@btc_usdt"));
        fake.malformedFrame();
        await(() -> lines.stream().anyMatch(l -> l.contains("unreadable frame")));
        fake.mark("btc_usdt", 59_000);
        await(() -> view.positions().get(0).markPrice() == 59_000 && !view.stale());
    }

    @Test
    void aWrongKeyIsAnAuthFaultWithoutTheKey() throws Exception {
        fake.echoKeyInErrors(true);   // the venue quotes the key it refuses
        start(ConnectorConfig.defaults(), "wrongXtKey77");
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("fault")) && lines.stream().anyMatch(l -> l.contains("apikey not exist")));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("wrongXtKey77").doesNotContain(SECRET));
        assertThat(view == null || view.stale()).isTrue();
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
