package io.perpguard.live.xt;

import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.fake.WatcherFaultTest;
import io.perpguard.live.fake.FakeXt;
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

/** The faults the fake XT injects: silence, 429, a malformed frame, a wrong key. */
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
