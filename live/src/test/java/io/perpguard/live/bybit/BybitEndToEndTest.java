package io.perpguard.live.bybit;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.LiveInstruments;
import java.util.Map;
import io.perpguard.live.LiveMonitor;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.alert.WebhookChannel;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.fake.RecordingSink;
import io.perpguard.live.fake.WebhookReceiver;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.keys.KeyException;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same watch → alert path through the second venue's connector: Bybit V5, signed REST, tickers deltas, BustTrade. */
class BybitEndToEndTest {
    static final String KEY = "bybitKeyT5r4e3w2q1", SECRET = "bybitSecretY6u7i8o9p0";

    @TempDir
    Path dir;

    @Test
    void test_signer_payloadIsTimestampKeyRecvWindowQuery() {
        // Bybit's documented GET example (the docs give no secret, so only the signed string is checkable)
        assertThat(BybitSigner.payload(1658384314791L, "XXXXXXXXXX", 5000, "category=option&symbol=BTC-29JUL22-25000-C"))
                .isEqualTo("1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C");
        assertThat(BybitSigner.payload(1658385579423L, "XXXXXXXXXX", 5000, "{\"category\": \"option\"}"))
                .isEqualTo("1658385579423XXXXXXXXXX5000{\"category\": \"option\"}");
    }

    @Test
    void isolatedPositionCrossesEightyPercentThenIsLiquidatedOneWebhookEachEvenAcrossADrop() throws Exception {
        Position eth = new Position("ETHUSDT", Side.LONG, 10, 3_000, 20, MarginMode.ISOLATED, PositionSide.BOTH, 0, 3_000);
        RecordingSink sink = new RecordingSink();
        List<LiveAlert> alerts = sink.alerts;
        List<WatchView> views = sink.views;
        try (FakeBybit fake = new FakeBybit(KEY, SECRET).wallet(5_000).position(new FakeBybit.Pos("ETHUSDT", "Buy", 10, 3_000, 20, 1_500));
             WebhookReceiver hook = new WebhookReceiver()) {
            fake.mark("ETHUSDT", 3_000);
            // Bybit's {"op":"ping"} every 300 ms here (20 s by default) on both sockets; its answers are no fault
            ConnectorConfig cfg = ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()).withPingEvery(Duration.ofMillis(300));
            // priced as the watcher prices it: Bybit's unified-account convention with Bybit's own risk limits
            Instrument inst;
            try (BybitLinearConnector c = new BybitLinearConnector(new Credentials(KEY, SECRET), cfg)) {
                Map<String, RiskTiers> tiers = c.tiers();
                assertThat(tiers.get("ETHUSDT").brackets().get(0).maintenanceMarginRate()).as("Bybit's tier, not Binance's").isEqualTo(0.005);
                inst = LiveInstruments.of("bybit", tiers).get("ETHUSDT");
                assertThat(LiveInstruments.note("bybit", tiers)).isNull();
            }
            double p80 = solve(eth, inst, 0.8), pLiq = solve(eth, inst, 1.0);
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("uta", "bybit", new Credentials(KEY, SECRET), cfg)),
                    List.of(new WebhookChannel(URI.create(hook.url()), "s")),
                    AccountWatcher.Settings.defaults().withPolicy(new AlertPolicy(new double[]{0.8}, 0.05, 10, 3_600_000L))
                            .withStaleAfter(Duration.ofSeconds(60)), dir, false,
                    sink, null)) {
                m.start();
                await(() -> fake.marketConnections() == 1 && fake.userConnections() == 1 && fake.subscribed("tickers.ETHUSDT") && !views.isEmpty()
                        && views.get(views.size() - 1).positions().size() == 1);
                assertThat(views.get(views.size() - 1).positions().get(0).marginMode()).isEqualTo("isolated");
                // hourly klines (newest first on Bybit) reversed into an ATR of 2 % of the mark
                await(() -> Double.isFinite(views.get(views.size() - 1).positions().get(0).distanceAtr()));
                WatchView.Row r = views.get(views.size() - 1).positions().get(0);
                assertThat(r.distanceAtr()).isCloseTo(Math.abs(r.liquidationPrice() - r.markPrice()) / (0.02 * 3_000),
                        org.assertj.core.api.Assertions.within(1e-6));
                fake.mark("ETHUSDT", p80 + 1);
                long t80 = fake.mark("ETHUSDT", p80 - 0.5);   // a delta: merged into the snapshot
                await(() -> hook.received().size() == 1);
                assertThat(hook.received().get(0).body().path("tickTimeMs").asLong()).as(hook.received().get(0).raw()).isEqualTo(t80);
                assertThat(hook.received().get(0).body().path("venue").asText()).isEqualTo("bybit");
                // open interest from the ticker snapshot (the documented example's figure), kept across the delta
                await(() -> views.get(views.size() - 1).positions().get(0).openInterest() == 492373.72);
                fake.dropConnections();
                fake.mark("ETHUSDT", pLiq - 1);   // while down: only the resync sees it
                await(() -> hook.received().size() == 2);
                fake.liquidate("ETHUSDT");
                // the venue sends the close and then the wallet in two messages: wait for the view that has both
                await(() -> views.get(views.size() - 1).closed().size() == 1 && views.get(views.size() - 1).walletBalance() == 3_500);
                await(() -> fake.pings().contains("market") && fake.pings().contains("user"));
            }
            // every alert of the path was raised before the view that shows the leg closed (waited for above), and the outbox
            // sends once per dedupe key: two raised, two delivered (a 300 ms sleep before counting stood for this)
            assertThat(alerts.stream().map(LiveAlert::dedupeKey).distinct()).as("alerts raised").hasSize(2);
            assertThat(hook.received()).extracting(r -> r.body().path("kind").asText()).containsExactly("threshold", "liquidation");
            assertThat(views.get(views.size() - 1).closed().get(0).reason()).isEqualTo("liquidated");
            assertThat(views.get(views.size() - 1).walletBalance()).isEqualTo(3_500);

            assertThat(fake.requests()).contains("GET /v5/user/query-api", "GET /v5/position/list");
        }
    }

    @Test
    void aHeldSymbolPerpguardDoesNotBundleIsPricedWithBybitsRulesAndRiskLimits() {
        try (FakeBybit fake = new FakeBybit(KEY, SECRET).wallet(5_000).position(new FakeBybit.Pos("DOGEUSDT", "Buy", 10_000, 0.2, 10, 200))) {
            fake.mark("DOGEUSDT", 0.2);
            BybitLinearConnector c = new BybitLinearConnector(new Credentials(KEY, SECRET), ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()));
            io.perpguard.instrument.Instruments inst = LiveInstruments.of("bybit", c.tiers(), c.contracts());
            c.close();
            assertThat(inst.contains("DOGEUSDT")).isTrue();
            assertThat(inst.get("DOGEUSDT").contract().tickSize()).isEqualTo(0.00001);
            assertThat(inst.get("DOGEUSDT").convention().exchange()).isEqualTo(io.perpguard.venue.Exchange.BYBIT_UTA);
            Position doge = new Position("DOGEUSDT", Side.LONG, 10_000, 0.2, 10, MarginMode.ISOLATED, PositionSide.BOTH, 0, 0.2);
            assertThat(MarginCalculator.isolatedMarginRatioAt(doge, inst.get("DOGEUSDT"), 0.19)).isBetween(0.0, 1.0);
        }
    }

    @Test
    void aKeyThatCanTradeIsRefused() {
        try (FakeBybit fake = new FakeBybit(KEY, SECRET).readOnly(false)) {
            BybitLinearConnector c = new BybitLinearConnector(new Credentials(KEY, SECRET), ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl()));
            assertThatThrownBy(() -> c.checkPermissions(false)).isInstanceOf(KeyException.class).hasMessageContaining("--allow-trading-key");
            assertThat(c.checkPermissions(true)).contains("read-only no");
            c.close();
        }
    }

    static double solve(Position p, Instrument inst, double target) {
        double hi = p.entryPrice(), lo = p.entryPrice() / 2;
        for (int i = 0; i < 200; i++) {
            double mid = (hi + lo) / 2;
            if (MarginCalculator.isolatedMarginRatioAt(p, inst, mid) >= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
