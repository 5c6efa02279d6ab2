package io.perpguard.live;

import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instruments;
import io.perpguard.live.fake.FakeOkx;
import io.perpguard.live.fake.WebhookReceiver;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.watch.WatchView;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Conventions;
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

import static io.perpguard.live.LiveEndToEndTest.awaitPosts;
import static io.perpguard.live.LiveEndToEndTest.byKind;
import static io.perpguard.live.FakeWatch.solve;
import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * OKX coin-margined swaps end to end against {@link FakeOkx}, in the same watch as the USDT ones: one account holds a
 * cross BTC-USDT-SWAP long (100 contracts of 0.01 BTC at 60,000, 20x) on its USDT balance of 10,000 and a cross
 * BTC-USD-SWAP long (100 contracts of 100 USD at 60,000, 20x) on its BTC balance of 0.05. The inverse swap is priced
 * as its own account in BTC by OKX's coin-margined convention with OKX's BTC-USD position tiers, as {@code perpguard
 * calc --exchange okx --symbol BTC-USD-SWAP --side long --entry 60000 --contracts 100 --leverage 20 --margin-mode cross
 * --wallet 0.05 --tiers FILE} (FILE: the fake's {@code position-tiers} answer) prints it: liquidation 46,638.5
 * (exact 46,638.46153846154), margin ratio 3.5 % at entry. Its mark walks through 80 % and liquidation; the linear
 * swap's USDT wallet and its {@code cross} subject are untouched.
 */
class OkxInverseEndToEndTest {
    static final String KEY = "okxKey-9a8b7c6d-5e4f-4a3b-b2c1-d0e9f8a7b6c5", SECRET = "OKXSECRETF0E1D2C3B4A5968778695A4B3C", PASS = "okx-Inverse-pass-7";
    static final String HOOK_SECRET = FakeWatch.HOOK_SECRET;
    static final String INV = "BTC-USD-SWAP", LIN = "BTC-USDT-SWAP";
    /** {@code calc}'s figures for the inverse swap (printed 46,638.5; liquidationPriceExact 46638.46153846154; marginRatio 0.035). */
    static final double CALC_LIQUIDATION = 46_638.5, CALC_LIQUIDATION_EXACT = 46_638.46153846154, CALC_RATIO = 0.035;
    static final Account BTC_WALLET = new Account(0.05, List.of(new Position(INV, Side.LONG, 10_000, 60_000, 20, MarginMode.CROSS,
            PositionSide.BOTH, 0, 60_000, ContractType.INVERSE)));

    @TempDir
    Path dir;
    FakeOkx fake;
    /** What calc prices with: OKX's bundled contracts and the venue's position-tiers answer passed as --tiers FILE. */
    Instruments calc;
    FakeWatch<FakeOkx> w;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeOkx(KEY, SECRET, PASS).cashBal(10_000).cashBal("BTC", 0.05).cashBal("ETH", 2)
                .position(new FakeOkx.Pos(LIN, "net", 100, 60_000, 20, "cross", 0))
                .position(new FakeOkx.Pos(INV, "net", 100, 60_000, 20, "cross", 0));
        fake.mark(LIN, 60_000);
        fake.mark(INV, 60_000);
        Path tiers = dir.resolve("okx-btc-usd-tiers.json");
        Files.writeString(tiers, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fake.restUrl()
                + "/api/v5/public/position-tiers?instType=SWAP&tdMode=isolated&instFamily=BTC-USD")).build(), HttpResponse.BodyHandlers.ofString()).body());
        calc = VenueInstruments.load(new VenueInstruments.Source(Exchange.OKX, tiers, null, null, null));
        w = new FakeWatch<>(fake, "okx-coin", "okx", new Credentials(KEY, SECRET, PASS), dir);
        await("both swaps priced and both sockets open", () -> row(INV) != null && row(LIN) != null && Double.isFinite(row(INV).liquidationPrice())
                && !w.sink.last().stale() && fake.marketConnections() == 1 && fake.userConnections() == 1 && fake.subscribed("mark-price", INV));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    @Test
    void theInverseSwapIsPricedAsCalcPricesItOnTheBtcBalanceBesideTheUsdtWallet() {
        assertThat(calc.get(INV).convention()).isEqualTo(Conventions.OKX_INVERSE);
        WatchView v = w.sink.last();
        WatchView.Row r = row(INV);
        assertThat(r.qty()).as("100 contracts × ctVal 100 USD").isEqualTo(10_000);
        assertThat(r.contracts()).isEqualTo(100);
        assertThat(r.currency()).isEqualTo("BTC");
        assertThat(r.liquidationPrice()).as("calc's liquidation price").isEqualTo(CALC_LIQUIDATION);
        assertThat(r.marginRatio()).isCloseTo(MarginCalculator.evaluate(BTC_WALLET, calc).marginRatio(), within(1e-12));
        assertThat(r.marginRatio()).isCloseTo(CALC_RATIO, within(1e-12));
        // the USDT swap keeps the USDT wallet, alone: its figures are a one-position USDT account's
        Account usdt = new Account(10_000, List.of(new Position(LIN, Side.LONG, 1, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_000)));
        WatchView.Row lin = row(LIN);
        assertThat(lin.currency()).isEqualTo("USDT");
        assertThat(lin.qty()).isEqualTo(1.0);
        assertThat(lin.marginRatio()).isCloseTo(MarginCalculator.evaluate(usdt, monitorInstruments()).marginRatio(), within(1e-12));
        // wallets: the account's USDT one (the one-wallet fields) and the BTC one its inverse swap draws on; ETH margins nothing held
        assertThat(v.walletBalance()).isEqualTo(10_000);
        assertThat(v.crossRatio()).isEqualTo(lin.marginRatio());
        assertThat(v.wallets()).extracting(WatchView.Wallet::asset).containsExactly("USDT", "BTC");
        assertThat(v.wallets().get(0).walletBalance()).isEqualTo(10_000);
        assertThat(v.wallets().get(1).walletBalance()).isEqualTo(0.05);
        assertThat(v.wallets().get(1).crossRatio()).isEqualTo(r.marginRatio());
        assertThat(fake.requests()).contains("GET /api/v5/public/position-tiers", "GET /api/v5/account/balance");
        System.out.printf("okx inverse snapshot: %s %s contracts, liquidation %.1f (calc %.1f), margin ratio %.4f (calc %.4f)%n",
                INV, r.contracts(), r.liquidationPrice(), CALC_LIQUIDATION, r.marginRatio(), CALC_RATIO);
    }

    @Test
    void markWalksThroughEightyPercentToLiquidationOneWebhookEachOnTheCoinsSubject() throws Exception {
        DoubleUnaryOperator ratio = p -> MarginCalculator.crossMarginRatioAt(BTC_WALLET, calc, INV, p);
        double at80 = solve(ratio, 60_000, 1_000, 0.8), atLiq = solve(ratio, 60_000, 1_000, 1.0);
        assertThat(atLiq).as("the 100 % crossing is calc's exact liquidation price").isCloseTo(CALC_LIQUIDATION_EXACT, within(1e-6));
        tick(55_000);
        tick(at80 + 10);
        double b80 = Math.floor(at80 - 1);
        long t80 = tick(b80);
        tick(at80 - 10);   // still above 80 %: nothing new
        awaitPosts(w.hook, 1);
        tick(atLiq + 10);
        long tLiq = tick(atLiq - 10);
        List<WebhookReceiver.Received> got = awaitPosts(w.hook, 2);
        fake.liquidate(INV, "net");
        await("the inverse swap closed as liquidated, the USDT one still open", () -> row(INV) == null && row(LIN) != null
                && w.sink.last().closed().size() == 1);

        var threshold = byKind(got, "cross:BTC", "threshold");
        assertThat(threshold.path("tickTimeMs").asLong()).isEqualTo(t80);
        assertThat(threshold.path("markPrice").asDouble()).isEqualTo(b80);
        assertThat(threshold.path("marginRatio").asDouble()).as("the engine's ratio at that mark").isCloseTo(ratio.applyAsDouble(b80), within(1e-12));
        assertThat(threshold.path("marginRatio").asDouble()).isBetween(0.8, 0.81);
        assertThat(threshold.path("venue").asText()).isEqualTo("okx");
        assertThat(threshold.path("symbol").asText()).isEqualTo(INV);
        assertThat(threshold.path("message").asText()).contains("okx-coin cross BTC: ");
        assertThat(byKind(got, "cross:BTC", "liquidation").path("tickTimeMs").asLong()).isEqualTo(tLiq);
        assertThat(w.sink.last().closed().get(0).reason()).isEqualTo("liquidated");
        System.out.printf("okx inverse e2e: 80 %% alert at mark %.1f ratio %.6f; liquidation alert at mark %.2f; engine liquidation %.8f, calc %s%n",
                b80, threshold.path("marginRatio").asDouble(), atLiq - 10, atLiq, CALC_LIQUIDATION);
        await("the USDT wallet untouched; no position draws on BTC any more, so only the one wallet is listed",
                () -> w.sink.last().walletBalance() == 10_000 && w.sink.last().wallets().isEmpty());
        assertThat(w.sink.alerts).extracting(a -> a.subject() + " " + a.kind()).containsExactly("cross:BTC threshold", "cross:BTC liquidation");
        assertThat(w.hook.received()).hasSize(2);
    }

    @Test
    void socketsDroppedMidPathReconnectResyncAndAlertTheLiquidationOnce() throws Exception {
        DoubleUnaryOperator ratio = p -> MarginCalculator.crossMarginRatioAt(BTC_WALLET, calc, INV, p);
        double at80 = solve(ratio, 60_000, 1_000, 0.8), atLiq = solve(ratio, 60_000, 1_000, 1.0);
        tick(55_000);
        tick(Math.floor(at80 - 5));
        awaitPosts(w.hook, 1);
        long snapshots = fake.requests().stream().filter(r -> r.equals("GET /api/v5/account/positions")).count();
        fake.dropConnections();
        fake.mark(INV, atLiq - 10);   // while the sockets are down: only the REST resync can tell
        await("reconnected and resynchronised", () -> fake.requests().stream().filter(r -> r.equals("GET /api/v5/account/positions")).count() > snapshots
                && fake.marketConnections() == 1 && fake.userConnections() == 1 && fake.subscribed("mark-price", INV));
        List<WebhookReceiver.Received> got = awaitPosts(w.hook, 2);
        assertThat(byKind(got, "cross:BTC", "liquidation").path("markPrice").asDouble()).isEqualTo(atLiq - 10);
        tick(atLiq - 20);   // pushed marks are priced again; nothing is repeated
        fake.liquidate(INV, "net");
        await("closed as liquidated", () -> row(INV) == null && w.sink.last().closed().size() == 1);
        assertThat(w.hook.received()).hasSize(2);
        assertThat(w.sink.alerts.stream().filter(a -> !a.kind().equals("stale") && !a.kind().equals("fault")).map(a -> a.subject() + " " + a.kind()))
                .containsExactly("cross:BTC threshold", "cross:BTC liquidation");
    }

    @Test
    void fundingDueIsAlertedInTheCoin() throws Exception {
        // 0.06 % due in 10 minutes: the long pays 10,000 USD / 60,000 × 0.0006 = 0.0001 BTC
        fake.fundingAndOpenInterest(INV, 0.0006, System.currentTimeMillis() + 600_000, 12_345.6);
        fake.mark(INV, 60_000);
        await("the funding alert", () -> w.sink.alerts.stream().anyMatch(a -> a.kind().equals("funding")));
        var a = w.sink.alerts.stream().filter(x -> x.kind().equals("funding")).findFirst().orElseThrow();
        assertThat(a.message()).contains("okx-coin BTC-USD-SWAP long: pays 0.00010000 BTC funding (rate 0.0600 %) in ");
        assertThat(a.subject()).isEqualTo("funding:BTC-USD-SWAP/both");
        await("the funding due in the row, in BTC", () -> row(INV) != null && Math.abs(row(INV).fundingDue() - 0.0001) < 1e-12);
    }

    private Instruments monitorInstruments() {
        return w.monitor.watchers().get(0).instruments();
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
