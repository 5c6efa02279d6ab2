package io.perpguard.live.okx;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.fake.FakeOkx;
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

/** The faults the fake OKX injects: silence, 429 with Retry-After, a malformed frame, a refused login. */
class OkxFaultsTest {
    static final String KEY = "okxFaultKey", SECRET = "OKXFAULTSECRET", PASS = "faultPass";
    FakeOkx fake;
    AccountWatcher watcher;
    final List<LiveAlert> alerts = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<WatchView> views = new CopyOnWriteArrayList<>();
    volatile WatchView view;

    @BeforeEach
    void setUp() {
        fake = new FakeOkx(KEY, SECRET, PASS).cashBal(10_000).position(new FakeOkx.Pos("BTC-USDT-SWAP", "net", 100, 60_000, 20, "cross", 0));
        fake.mark("BTC-USDT-SWAP", 60_000);
    }

    void start(ConnectorConfig cfg, String passphrase) {
        OkxSwapConnector c = new OkxSwapConnector(new Credentials(KEY, SECRET, passphrase), cfg.withUrls(fake.restUrl(), fake.wsUrl()));
        Instruments instruments = new Instruments(Map.of("BTC-USDT-SWAP", new Instrument(VenueInstruments.contracts(Exchange.OKX).get("BTC-USDT-SWAP"),
                new RiskTiers("BTC-USDT-SWAP", List.of(new LeverageBracket(1, 0, 2000, 75, 0.01, 0))))), "test");
        watcher = new AccountWatcher("okx", c, instruments, AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT)
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
        start(ConnectorConfig.defaults().withSilence(Duration.ofMillis(800)), PASS);
        await(() -> view != null && !view.stale() && fake.subscribed("mark-price", "BTC-USDT-SWAP"));
        fake.silent(true);
        await(() -> lines.stream().anyMatch(l -> l.contains("silent")));
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("stale")));
        assertThat(views).anySatisfy(v -> assertThat(v.stale() && !v.positions().isEmpty() && v.positions().get(0).stale()).isTrue());
        fake.silent(false);
        await(() -> {
            fake.mark("BTC-USDT-SWAP", 60_010);
            return !view.stale() && view.positions().get(0).markPrice() == 60_010;
        });
    }

    @Test
    void rateLimitWaitsForRetryAfterThenRecovers() throws Exception {
        fake.rateLimitNext(1, 2);
        long t0 = System.nanoTime();
        start(ConnectorConfig.defaults(), PASS);
        await(() -> lines.stream().anyMatch(l -> l.contains("HTTP 429") && l.contains("waiting 2 s")));
        await(() -> view != null && !view.stale() && view.positions().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(1900));
    }

    @Test
    void malformedFrameIsReportedAndTheNextMarkCounts() throws Exception {
        start(ConnectorConfig.defaults(), PASS);
        await(() -> view != null && !view.stale() && fake.subscribed("mark-price", "BTC-USDT-SWAP"));
        fake.malformedFrame();
        await(() -> lines.stream().anyMatch(l -> l.contains("unreadable frame")));
        fake.mark("BTC-USDT-SWAP", 59_000);
        await(() -> view.positions().get(0).markPrice() == 59_000 && !view.stale());
    }

    @Test
    void aWrongPassphraseIsAnAuthFaultWithoutThePassphrase() throws Exception {
        start(ConnectorConfig.defaults(), "wrongPassphrase77");
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("fault")) && lines.stream().anyMatch(l -> l.contains("50105")));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("wrongPassphrase77").doesNotContain(KEY).doesNotContain(SECRET));
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
