package io.perpguard.live.bybit;

import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instruments;
import io.perpguard.live.FakeWatch;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Bybit inverse perpetuals end to end against {@link FakeBybit}, in the same watch as the USDT ones: a unified account (UTA 1.0,
 * {@code unifiedMarginStatus} 3: inverse contracts in a wallet per coin; UTA 2.0 is {@link BybitUnifiedPoolEndToEndTest})
 * in cross margin holds ETHUSDT long (10 ETH at 3,000, 20x) on its USDT wallet of 10,000 and BTCUSD long (10,000
 * contracts of 1 USD at 60,000, 20x) on its BTC wallet of 0.05. The inverse position is priced as its own account in
 * BTC by Bybit's unified-account inverse convention with Bybit's inverse risk limits, as {@code perpguard calc
 * --exchange bybit-uta --symbol BTCUSD --side long --entry 60000 --contracts 10000 --leverage 20 --margin-mode cross
 * --wallet 0.05 --tiers FILE} (FILE: the fake's {@code risk-limit?category=inverse} answer) prints it. Its mark walks
 * through 80 % and liquidation on the inverse public socket; the USDT wallet and its {@code cross} subject are untouched.
 */
class BybitInverseEndToEndTest {
    static final String KEY = "bybitInvKeyA1s2d3f4g5", SECRET = "bybitInvSecretH6j7k8l9z0";
    static final String INV = "BTCUSD", LIN = "ETHUSDT";
    /** {@code calc}'s liquidation price for the inverse position (printed 46,385.0; liquidationPriceExact 46384.61538461538; margin ratio 1.67 %). */
    static final double CALC_LIQUIDATION = 46_385.0;
    static final Account BTC_WALLET = new Account(0.05, List.of(new Position(INV, Side.LONG, 10_000, 60_000, 20, MarginMode.CROSS,
            PositionSide.BOTH, 0, 60_000, ContractType.INVERSE)));

    @TempDir
    Path dir;
    FakeBybit fake;
    /** What calc prices with: Bybit UTA's bundled contracts and the venue's inverse risk-limit answer passed as --tiers FILE. */
    Instruments calc;
    FakeWatch<FakeBybit> w;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBybit(KEY, SECRET).marginMode("REGULAR_MARGIN").wallet(10_000).wallet("BTC", 0.05).wallet("USDC", 25)
                .position(new FakeBybit.Pos(LIN, "Buy", 10, 3_000, 20, 0))
                .position(new FakeBybit.Pos(INV, "Buy", 10_000, 60_000, 20, 0));
        fake.mark(LIN, 3_000);
        fake.mark(INV, 60_000);
        Path tiers = dir.resolve("bybit-btcusd-risk-limit.json");
        Files.writeString(tiers, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fake.restUrl()
                + "/v5/market/risk-limit?category=inverse&symbol=BTCUSD")).build(), HttpResponse.BodyHandlers.ofString()).body());
        calc = VenueInstruments.load(new VenueInstruments.Source(Exchange.BYBIT_UTA, tiers, null, null, null));
        w = new FakeWatch<>(fake, "uta", "bybit", new Credentials(KEY, SECRET), dir);
        await("both priced, a public socket per category and the private one open", () -> row(INV) != null && row(LIN) != null
                && Double.isFinite(row(INV).liquidationPrice()) && !w.sink.last().stale() && fake.marketConnections() == 2 && fake.userConnections() == 1
                && fake.subscribed("inverse", "tickers.BTCUSD") && fake.subscribed("linear", "tickers.ETHUSDT"));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    @Test
    void theInversePositionIsPricedAsCalcPricesItOnTheBtcWalletBesideTheUsdtOne() {
        double calcLiq = MarginCalculator.evaluate(BTC_WALLET, calc).positions().get(0).liquidationPrice();
        double calcRatio = MarginCalculator.evaluate(BTC_WALLET, calc).marginRatio();
        WatchView v = w.sink.last();
        WatchView.Row r = row(INV);
        assertThat(r.qty()).as("10,000 contracts of 1 USD").isEqualTo(10_000);
        assertThat(r.contracts()).isEqualTo(10_000);
        assertThat(r.currency()).isEqualTo("BTC");
        assertThat(r.marginMode()).isEqualTo("cross");
        assertThat(r.liquidationPrice()).as("calc's liquidation price").isEqualTo(calcLiq).isEqualTo(CALC_LIQUIDATION);
        assertThat(r.marginRatio()).isCloseTo(calcRatio, within(1e-12));
        // Bybit's inverse risk limits (percent in the answer) were read, not an estimate
        assertThat(w.monitor.watchers().get(0).instruments().get(INV).tiers().brackets().get(0).maintenanceMarginRate()).isEqualTo(0.005);
        assertThat(w.sink.lines).noneMatch(l -> l.contains("ESTIMATES"));
        // the USDT perpetual keeps the USDT wallet alone
        Account usdt = new Account(10_000, List.of(new Position(LIN, Side.LONG, 10, 3_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 3_000)));
        assertThat(row(LIN).marginRatio()).isCloseTo(MarginCalculator.evaluate(usdt, w.monitor.watchers().get(0).instruments()).marginRatio(), within(1e-12));
        assertThat(v.walletBalance()).isEqualTo(10_000);
        assertThat(v.wallets()).extracting(WatchView.Wallet::asset).as("USDC margins nothing held").containsExactly("USDT", "BTC");
        assertThat(v.wallets().get(1).walletBalance()).isEqualTo(0.05);
        assertThat(v.wallets().get(1).crossRatio()).isEqualTo(r.marginRatio());
        assertThat(fake.requests()).contains("GET /v5/market/risk-limit", "GET /v5/account/wallet-balance", "GET /v5/position/list");
        System.out.printf("bybit inverse snapshot: %s %.0f contracts, liquidation %.1f (calc %.1f), margin ratio %.6f (calc %.6f)%n",
                INV, r.contracts(), r.liquidationPrice(), calcLiq, r.marginRatio(), calcRatio);
    }

    @Test
    void markWalksThroughEightyPercentToLiquidationOneWebhookEachOnTheCoinsSubject() throws Exception {
        DoubleUnaryOperator ratio = p -> MarginCalculator.crossMarginRatioAt(BTC_WALLET, calc, INV, p);
        double at80 = solve(ratio, 0.8), atLiq = solve(ratio, 1.0);
        assertThat(atLiq).as("the 100 % crossing is at calc's liquidation price, to Bybit's 0.5 tick")
                .isCloseTo(CALC_LIQUIDATION, within(0.5));
        tick(55_000);
        tick(at80 + 10);
        double b80 = Math.floor(at80 - 1);
        long t80 = tick(b80);
        tick(at80 - 10);   // still above 80 %: nothing new
        await("the 80 % webhook", () -> w.hook.received().size() == 1);
        tick(atLiq + 10);
        long tLiq = tick(atLiq - 10);
        await("the liquidation webhook", () -> w.hook.received().size() == 2);
        fake.liquidate(INV);
        await("the inverse position closed as liquidated, the USDT one still open", () -> row(INV) == null && row(LIN) != null
                && w.sink.last().closed().size() == 1);

        var threshold = byKind("cross:BTC", "threshold");
        assertThat(threshold.path("tickTimeMs").asLong()).isEqualTo(t80);
        assertThat(threshold.path("markPrice").asDouble()).isEqualTo(b80);
        assertThat(threshold.path("marginRatio").asDouble()).as("the engine's ratio at that mark").isCloseTo(ratio.applyAsDouble(b80), within(1e-12));
        assertThat(threshold.path("marginRatio").asDouble()).isBetween(0.8, 0.82);
        assertThat(threshold.path("venue").asText()).isEqualTo("bybit");
        assertThat(threshold.path("symbol").asText()).isEqualTo(INV);
        assertThat(threshold.path("message").asText()).contains("uta cross BTC: ");
        assertThat(byKind("cross:BTC", "liquidation").path("tickTimeMs").asLong()).isEqualTo(tLiq);
        assertThat(w.sink.last().closed().get(0).reason()).isEqualTo("liquidated");
        System.out.printf("bybit inverse e2e: 80 %% alert at mark %.1f ratio %.6f; liquidation alert at mark %.2f; engine 100 %% at %.8f, calc %s%n",
                b80, threshold.path("marginRatio").asDouble(), atLiq - 10, atLiq, CALC_LIQUIDATION);
        await("the USDT wallet untouched; no position draws on BTC any more", () -> w.sink.last().walletBalance() == 10_000 && w.sink.last().wallets().isEmpty());
        assertThat(w.sink.alerts).extracting(a -> a.subject() + " " + a.kind()).containsExactly("cross:BTC threshold", "cross:BTC liquidation");
        assertThat(w.hook.received()).hasSize(2);
    }

    @Test
    void socketsDroppedMidPathReconnectResyncAndAlertTheLiquidationOnce() throws Exception {
        DoubleUnaryOperator ratio = p -> MarginCalculator.crossMarginRatioAt(BTC_WALLET, calc, INV, p);
        double at80 = solve(ratio, 0.8), atLiq = solve(ratio, 1.0);
        tick(55_000);
        tick(Math.floor(at80 - 5));
        await("the 80 % webhook", () -> w.hook.received().size() == 1);
        long snapshots = positionLists();
        fake.dropConnections();
        fake.mark(INV, atLiq - 10);   // while the sockets are down: only the REST resync can tell
        await("reconnected and resynchronised", () -> positionLists() > snapshots + 1 && fake.marketConnections() == 2 && fake.userConnections() == 1
                && fake.subscribed("inverse", "tickers.BTCUSD"));
        await("the liquidation webhook", () -> w.hook.received().size() == 2);
        assertThat(byKind("cross:BTC", "liquidation").path("markPrice").asDouble()).isEqualTo(atLiq - 10);
        tick(atLiq - 20);   // pushed marks are priced again; nothing is repeated
        fake.liquidate(INV);
        await("closed as liquidated", () -> row(INV) == null && w.sink.last().closed().size() == 1);
        assertThat(w.hook.received()).hasSize(2);
        assertThat(w.sink.alerts.stream().filter(a -> !a.kind().equals("stale") && !a.kind().equals("fault")).map(a -> a.subject() + " " + a.kind()))
                .containsExactly("cross:BTC threshold", "cross:BTC liquidation");
    }

    @Test
    void fundingDueIsInTheCoin() throws Exception {
        // the ticker snapshot's 0.01 % on 10,000 USD at 60,000: the long pays 0.00001667 BTC at the next funding time
        await("the funding due in the row, in BTC", () -> row(INV) != null && Math.abs(row(INV).fundingDue() - 10_000 / 60_000.0 * 0.0001) < 1e-12);
        assertThat(row(INV).fundingRate()).isEqualTo(0.0001);
        assertThat(row(INV).currency()).isEqualTo("BTC");
    }

    private long positionLists() {
        return fake.requests().stream().filter(r -> r.equals("GET /v5/position/list")).count();
    }

    private com.fasterxml.jackson.databind.JsonNode byKind(String subject, String kind) {
        return w.hook.received().stream().filter(r -> r.body().path("subject").asText().equals(subject) && r.body().path("kind").asText().equals(kind))
                .findFirst().orElseThrow().body();
    }

    private static double solve(DoubleUnaryOperator ratio, double target) {
        return FakeWatch.solve(ratio, 60_000, 1_000, target);
    }

    private WatchView.Row row(String symbol) {
        WatchView v = w.sink.last();
        return v == null ? null : v.positions().stream().filter(r -> r.symbol().equals(symbol)).findFirst().orElse(null);
    }

    private long tick(double price) throws InterruptedException {
        long e = fake.mark(INV, price);
        await("the watcher priced mark " + price, () -> row(INV) != null && row(INV).markPrice() == price);
        return e;
    }
}
