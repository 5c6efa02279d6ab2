package io.perpguard.live.xt;

import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.fake.WatcherFaultTest;
import io.perpguard.live.fake.FakeXt;
import io.perpguard.live.fake.ManualClock;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faults the fake XT injects: a wrong key, an invalid listenKey, and XT's 10-minute lock — waited out on the
 * connector's and the fake's clock, which the test moves, never on the wall clock.
 */
class XtFaultsTest extends WatcherFaultTest {
    static final String KEY = "xtFaultKey", SECRET = "xtfaultsecret";
    FakeXt fake;

    @BeforeEach
    void setUp() {
        fake = new FakeXt(KEY, SECRET).wallet(10_000).position(new FakeXt.Pos("btc_usdt", "LONG", 10_000, 60_000, 20, "CROSSED", 0));
        fake.mark("btc_usdt", 60_000);
    }

    void start(ConnectorConfig cfg, String key) {
        XtUsdtConnector c = new XtUsdtConnector(new Credentials(key, SECRET), cfg.withUrls(fake.restUrl(), fake.wsUrl()));
        Instruments instruments = new Instruments(Map.of("BTC_USDT", new Instrument(VenueInstruments.contracts(Exchange.XT).get("BTC_USDT"),
                new RiskTiers("BTC_USDT", List.of(new LeverageBracket(1, 0, 500_000, 125, 0.004, 0))))), "test");
        watch("xt", c, instruments);
    }

    @AfterEach
    void tearDown() {
        stopWatcher();
        fake.close();
    }

    /** The connector's and the fake's clock for XT's lock and limits (the watcher's mark clock is another one). */
    final ManualClock venueClock = new ManualClock(System.currentTimeMillis());

    private static long count(List<String> lines, String what) {
        return lines.stream().filter(l -> l.contains(what)).count();
    }

    /** Lets at least {@code n} more pings (50 ms apart) reach the fake: time passes on the wall clock, the test waits for it. */
    private void letPingsPass(int n) throws InterruptedException {
        int p = fake.pings().size();
        await("more pings", () -> fake.pings().size() >= p + n);
    }

    @Test
    void xtsTenMinuteLockIsToldOnceWaitedOutWithoutACallAndResumed() throws Exception {
        fake.clock(venueClock);
        start(ConnectorConfig.defaults().withResyncEvery(Duration.ofMillis(200)).withPingEvery(Duration.ofMillis(50)).withClock(venueClock), KEY);
        // the ATR's candle read and the account's fee read done too: they run off the snapshot's thread, and had one met the
        // lock as well, two calls would have been refused (a snapshot now takes no 1/s slot, so they can coincide)
        await(() -> view() != null && !view().stale() && fake.subscribed("mark_price@btc_usdt") && fake.requestsTo("/public/q/kline") >= 1
                && fake.requestsTo("/future/user/v1/user/step-rate") >= 1);

        fake.lock();   // the key's limits were broken (by another program on it, say): XT locks the account for 10 minutes
        long until = fake.locks().get(0)[1];
        await("the lock told", () -> count(lines, "locks the account for 10 minutes") == 1);
        await("one alert", () -> alerts.stream().anyMatch(a -> a.message().contains("locks the account for 10 minutes")));
        int asked = fake.requests().size();

        // the streams stay open: a mark pushed during the lock reaches the view
        await("a mark during the lock", () -> {
            fake.mark("btc_usdt", 61_000);
            return view().positions().get(0).markPrice() == 61_000;
        });
        letPingsPass(20);   // a second and more: five resync periods
        venueClock.advance(until - venueClock.millis() - 1_000);   // a second before the lock ends
        letPingsPass(20);
        assertThat(fake.requests()).as("no REST call during the lock").hasSize(asked);
        assertThat(view().stale()).as("stale while REST is locked").isTrue();

        venueClock.advance(2_000);   // the lock is over
        await("resumed", () -> !view().stale() && fake.requests().size() > asked);
        assertThat(fake.timedRequests()).as("only the call that met the lock was refused; the next came after it")
                .filteredOn(FakeXt.Timed::locked).hasSize(1);
        assertThat(fake.timedRequests().stream().filter(t -> !t.locked() && t.ms() > fake.locks().get(0)[0]).mapToLong(FakeXt.Timed::ms).min().orElseThrow())
                .isGreaterThanOrEqualTo(until);
        letPingsPass(10);
        assertThat(count(lines, "locks the account")).as("told once").isEqualTo(1);
        assertThat(alerts).filteredOn(a -> a.message().contains("locks the account")).hasSize(1);
        assertThat(lines).anyMatch(l -> l.contains("data is current again"));
    }

    /**
     * The account's fee read (off the mark path, on the watcher's own thread) is the call that meets the lock: the pause is
     * still the feed's — told once where it began, a stale alert when it lasts beyond stale-after, no REST call during it,
     * and "data is current again" once after it. Before the pause was told in the connector's one REST path, it was only the
     * fee notice's reason: no stale alert and no "current again".
     */
    @Test
    void aLockMetByTheFeeReadIsTheFeedsPause_alertedAndItsEndTold() throws Exception {
        fake.clock(venueClock).lockAt("/future/user/v1/user/step-rate");
        start(ConnectorConfig.defaults().withResyncEvery(Duration.ofMillis(200)).withPingEvery(Duration.ofMillis(50)).withClock(venueClock), KEY);
        await("the lock told", () -> feedLines("locks the account for 10 minutes") == 1);
        // the fee read met the lock first (calls already in flight with it, a resync or the ATR's candles, may meet it too)
        assertThat(fake.timedRequests()).as("the fee read met the lock").filteredOn(FakeXt.Timed::locked).first()
                .satisfies(t -> assertThat(t.path()).endsWith("/future/user/v1/user/step-rate"));
        await("the stale alert", () -> alerts.stream().anyMatch(a -> a.kind().equals("stale") && a.message().contains("locks the account for 10 minutes")));
        int asked = fake.requests().size();
        letPingsPass(20);   // a second and more: five resync periods
        assertThat(fake.requests()).as("no REST call during the lock").hasSize(asked);
        assertThat(view().stale()).as("stale while REST is locked").isTrue();

        venueClock.advance(fake.locks().get(0)[1] - venueClock.millis() + 1_000);   // the lock is over
        await("current again", () -> lines.stream().anyMatch(l -> l.contains("data is current again")) && !view().stale());
        letPingsPass(10);
        assertThat(feedLines("locks the account")).as("told once").isEqualTo(1);
        assertThat(lines.stream().filter(l -> l.contains("data is current again"))).as("its end told once").hasSize(1);
        assertThat(alerts).filteredOn(a -> a.message().contains("locks the account")).hasSize(1);
    }

    /**
     * When the lock is over one account read is owed at once (not at the next resync, a minute later); if that read fails
     * for another reason (the host down), the next waits for the periodic resync — not one read per watchdog tick.
     */
    @Test
    void afterTheLockOneReadIsOwed_aFailingOneIsNotRepeatedEveryTick() throws Exception {
        fake.clock(venueClock).lockAt("/future/user/v1/user/step-rate");
        start(ConnectorConfig.defaults().withPingEvery(Duration.ofMillis(50)).withClock(venueClock), KEY);   // resync every minute
        await("the lock told", () -> feedLines("locks the account for 10 minutes") == 1);
        letPingsPass(10);   // calls in flight with the fee read are in the fake's log
        fake.restDown(true);
        long before = fake.requestsTo("/future/user/v1/balance/detail");
        venueClock.advance(fake.locks().get(0)[1] - venueClock.millis() + 1_000);   // the lock is over
        await("the read owed after the lock, failing", () -> fake.requestsTo("/future/user/v1/balance/detail") == before + 1);
        letPingsPass(120);   // three seconds and more: three watchdog ticks at least
        assertThat(fake.requestsTo("/future/user/v1/balance/detail")).as("one read, not one per watchdog tick").isEqualTo(before + 1);
        assertThat(view().stale()).isTrue();
    }

    /** Status lines of the feed containing {@code what} (the fee notice quotes the reason its read failed, and is not one). */
    private long feedLines(String what) {
        return lines.stream().filter(l -> l.contains(what) && !l.contains("fee rate")).count();
    }

    @Test
    void aLockMetAtStartIsWaitedOutThenTheAccountIsRead() throws Exception {
        fake.clock(venueClock);
        fake.lock();
        long until = fake.locks().get(0)[1];
        start(ConnectorConfig.defaults().withPingEvery(Duration.ofMillis(50)).withClock(venueClock), KEY);
        await("the lock told", () -> count(lines, "locks the account for 10 minutes") == 1);
        int asked = fake.requests().size();
        assertThat(asked).as("the first call met the lock; nothing after it").isEqualTo(1);
        venueClock.advance(until - venueClock.millis() - 1_000);
        int v = views.size();
        await("two more table refreshes (a second each): the connector has looked at its clock again", () -> views.size() >= v + 2);
        assertThat(fake.requests()).hasSize(asked);
        venueClock.advance(2_000);
        await("read after the lock", () -> view() != null && !view().stale() && view().positions().size() == 1);
        assertThat(count(lines, "locks the account")).as("told once").isEqualTo(1);
        assertThat(fake.timedRequests()).filteredOn(FakeXt.Timed::locked).hasSize(1);
    }

    @Test
    void aBurstOfReadsKeepsToXtsLimitsAndEarnsNoLock() {
        // three held symbols: each snapshot reads the balance, the positions and per symbol the mark, funding rate and open
        // interest; XT allows funding-rate and open-interest once a second per IP, assets 3/s, signed reads 10/s. The
        // all-contracts summary is down, so every symbol is read on its own (with it, one read serves them all: XtSnapshotTest)
        fake.clock(venueClock).enforceLimits(true).summaryDown(true)
                .position(new FakeXt.Pos("eth_usdt", "SHORT", 100, 3_000, 10, "ISOLATED", 30))
                .position(new FakeXt.Pos("sol_usdt", "LONG", 50, 150, 10, "ISOLATED", 750));
        fake.mark("eth_usdt", 3_000);
        fake.mark("sol_usdt", 150);
        XtUsdtConnector c = new XtUsdtConnector(new Credentials(KEY, SECRET), ConnectorConfig.defaults().withClock(venueClock)
                .withUrls(fake.restUrl(), fake.wsUrl()));
        try {
            long t0 = venueClock.millis();
            for (int i = 0; i < 5; i++) {
                assertThat(c.snapshot().positions()).hasSize(3);
            }
            assertThat(c.tiersOf(java.util.Set.of("BTC_USDT", "ETH_USDT", "SOL_USDT"))).hasSize(3);
            assertThat(fake.locks()).as("XT's limits kept: never locked").isEmpty();
            // 15 funding-rate reads at most one a second: the burst took at least 14 s on the clock, not on the wall
            assertThat(venueClock.millis() - t0).isGreaterThanOrEqualTo(14_000);
            List<FakeXt.Timed> fr = fake.timedRequests().stream().filter(t -> t.path().endsWith("/q/funding-rate")).toList();
            assertThat(fr).hasSize(15);
            for (int i = 1; i < fr.size(); i++) {
                assertThat(fr.get(i).ms() - fr.get(i - 1).ms()).isGreaterThanOrEqualTo(1_000);
            }
        } finally {
            c.close();
        }
    }

    @Test
    void textPingEveryIntervalOnBothSocketsAndThePongIsNoFault() throws Exception {
        start(ConnectorConfig.defaults().withPingEvery(Duration.ofMillis(200)), KEY);
        pingsBothSocketsAndTakesThePong(fake);
    }

    @Test
    void aWrongKeyIsAnAuthFaultWithoutTheKey() throws Exception {
        fake.echoKeyInErrors(true);   // the venue quotes the key it refuses
        start(ConnectorConfig.defaults(), "wrongXtKey77");
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("fault")) && lines.stream().anyMatch(l -> l.contains("apikey not exist")));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("wrongXtKey77").doesNotContain(SECRET));
        assertThat(view() == null || view().stale()).isTrue();
    }

    @Test
    void anInvalidListenKeyIsRenewedAndTheAccountStreamReopened() throws Exception {
        start(ConnectorConfig.defaults(), KEY);
        await(() -> view() != null && !view().stale() && fake.userConnections() == 1 && fake.listenKeysIssued() == 1);
        await("a new listenKey", () -> {
            if (fake.listenKeysIssued() == 1) {
                fake.invalidateListenKeys();   // re-pushed until seen
            }
            return fake.listenKeysIssued() >= 2;
        });
        await("the account stream back", () -> fake.userConnections() == 1 && !view().stale());
        assertThat(lines).anyMatch(l -> l.contains("listenKey expired; renewing"));
    }
}
