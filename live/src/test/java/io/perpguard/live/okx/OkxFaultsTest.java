package io.perpguard.live.okx;

import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.fake.WatcherFaultTest;
import io.perpguard.live.fake.FakeOkx;
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

/** The faults the fake OKX injects: silence, 429 with Retry-After, a malformed frame, a refused login. */
class OkxFaultsTest extends WatcherFaultTest {
    static final String KEY = "okxFaultKey", SECRET = "OKXFAULTSECRET", PASS = "faultPass";
    FakeOkx fake;

    @BeforeEach
    void setUp() {
        fake = new FakeOkx(KEY, SECRET, PASS).cashBal(10_000).position(new FakeOkx.Pos("BTC-USDT-SWAP", "net", 100, 60_000, 20, "cross", 0));
        fake.mark("BTC-USDT-SWAP", 60_000);
    }

    void start(ConnectorConfig cfg, String passphrase) {
        OkxSwapConnector c = new OkxSwapConnector(new Credentials(KEY, SECRET, passphrase), cfg.withUrls(fake.restUrl(), fake.wsUrl()));
        Instruments instruments = new Instruments(Map.of("BTC-USDT-SWAP", new Instrument(VenueInstruments.contracts(Exchange.OKX).get("BTC-USDT-SWAP"),
                new RiskTiers("BTC-USDT-SWAP", List.of(new LeverageBracket(1, 0, 2000, 75, 0.01, 0))))), "test");
        watch("okx", c, instruments);
    }

    @AfterEach
    void tearDown() {
        stopWatcher();
        fake.close();
    }

    /**
     * A burst beyond OKX's per-endpoint limits — twelve snapshots of three swaps and the tiers of twelve families, from one
     * thread — stays within them as the fake counts them (2-second sliding windows on its own clock, which the
     * connector's waiting moves): no 50011, every tier table read.
     */
    @Test
    void aBurstKeepsToOkxsPerEndpointLimits() {
        ManualClock venueClock = new ManualClock(System.currentTimeMillis());
        fake.clock(venueClock).enforceLimits(true)
                .position(new FakeOkx.Pos("ETH-USDT-SWAP", "net", -50, 3_000, 10, "isolated", 1_500))
                .position(new FakeOkx.Pos("SOL-USDT-SWAP", "net", 20, 150, 10, "isolated", 300));
        OkxSwapConnector c = new OkxSwapConnector(new Credentials(KEY, SECRET, PASS), ConnectorConfig.defaults().withClock(venueClock)
                .withUrls(fake.restUrl(), fake.wsUrl()));
        try {
            long t0 = venueClock.millis();
            for (int i = 0; i < 12; i++) {
                assertThat(c.snapshot().positions()).hasSize(3);
            }
            java.util.Set<String> swaps = new java.util.TreeSet<>();
            for (int i = 0; i < 12; i++) {
                swaps.add("C" + i + "-USDT-SWAP");
            }
            c.tiersOf(swaps);
            List<FakeOkx.Timed> log = fake.timedRequests();
            assertThat(log).as("no request refused with 50011").noneMatch(FakeOkx.Timed::refused);
            assertThat(log).filteredOn(t -> t.path().endsWith("/position-tiers")).as("every family's tiers read").hasSize(12);
            FakeOkx.LIMITS.forEach((path, limit) -> {
                for (FakeOkx.Timed t : log) {
                    long inWindow = log.stream().filter(u -> u.path().equals(path) && t.path().equals(path) && u.bucket().equals(t.bucket())
                            && u.ms() > t.ms() - 2_000 && u.ms() <= t.ms()).count();
                    assertThat(inWindow).as(path + " within its published limit").isLessThanOrEqualTo(limit[0]);
                }
            });
            // 12 position reads and 12 tier reads at 10 per 2 s: the connector waited (on the clock, not the wall) at least once
            assertThat(venueClock.millis() - t0).isGreaterThanOrEqualTo(2_000);
        } finally {
            c.close();
        }
    }

    /** A 50011 without Retry-After pauses REST for OKX's 2-second window on the connector's clock, not a minute. */
    @Test
    void a50011WithoutRetryAfterPausesForOkxsTwoSecondWindow() {
        ManualClock venueClock = new ManualClock(System.currentTimeMillis());
        OkxSwapConnector c = new OkxSwapConnector(new Credentials(KEY, SECRET, PASS), ConnectorConfig.defaults().withClock(venueClock)
                .withUrls(fake.restUrl(), fake.wsUrl()));
        try {
            fake.rateLimitNext(1, -1);
            org.assertj.core.api.Assertions.assertThatThrownBy(c::snapshot).hasMessageContaining("50011").hasMessageContaining("waiting 2 s");
            int asked = fake.requests().size();
            venueClock.advance(1_900);
            org.assertj.core.api.Assertions.assertThatThrownBy(c::snapshot).hasMessageContaining("REST paused");
            assertThat(fake.requests()).as("no call inside the window").hasSize(asked);
            venueClock.advance(200);
            assertThat(c.snapshot().positions()).hasSize(1);
        } finally {
            c.close();
        }
    }

    @Test
    void textPingEveryIntervalOnBothSocketsAndThePongIsNoFault() throws Exception {
        start(ConnectorConfig.defaults().withPingEvery(Duration.ofMillis(200)), PASS);
        pingsBothSocketsAndTakesThePong(fake);
    }

    @Test
    void aWrongPassphraseIsAnAuthFaultWithoutThePassphrase() throws Exception {
        start(ConnectorConfig.defaults(), "wrongPassphrase77");
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("fault")) && lines.stream().anyMatch(l -> l.contains("50105")));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("wrongPassphrase77").doesNotContain(KEY).doesNotContain(SECRET));
        assertThat(view() == null || view().stale()).isTrue();
    }
}
