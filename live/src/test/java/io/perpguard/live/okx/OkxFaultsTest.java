package io.perpguard.live.okx;

import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.fake.WatcherFaultTest;
import io.perpguard.live.fake.FakeOkx;
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
