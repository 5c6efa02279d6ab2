package io.perpguard.live;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.live.binance.BinanceCoinmConnector;
import io.perpguard.live.binance.BinanceUsdmConnector;
import io.perpguard.live.bybit.BybitLinearConnector;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.FakeBinanceCoinm;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.fake.FakeOkx;
import io.perpguard.live.fake.FakeVenue;
import io.perpguard.live.fake.FakeXt;
import io.perpguard.live.fake.WatcherFaultTest;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.okx.OkxSwapConnector;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.ExchangeConnector;
import io.perpguard.live.xt.XtUsdtConnector;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.perpguard.live.fake.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faults every venue shares, run against each fake venue in its own error shapes: a silent socket, a rate-limit
 * answer (Binance USDⓈ-M and COIN-M, OKX HTTP 429 with Retry-After; Bybit retCode 10006 with its reset timestamp — XT's answer is its
 * 10-minute lock, waited out on a test clock in {@code XtFaultsTest}), a malformed frame,
 * a clock skewed beyond the venue's signing window (the fake refuses requests outside it: Binance -1021, Bybit 10002,
 * OKX 50102, XT "invalid timestamp"), and a REST snapshot that disagrees with the stream. Each fault makes the data
 * visibly stale or raises an alert, and the watcher recovers by itself.
 */
class VenueFaultsTest extends WatcherFaultTest {
    static final String KEY = "faultKey", SECRET = "FAULTSECRET", PASS = "faultPass";

    /**
     * One venue: its fake holding a 1 BTC long marked at 60,000, the connector to it, the instruments to price it,
     * the mark symbol (the venue's spelling), when the mark socket is subscribed, how to make the venue's position 2 BTC
     * without a push, a clock skew beyond its signing window, the words its rate-limit status line carries, and what 1 BTC
     * is as the engine counts the position (Binance COIN-M: 600 contracts, 60,000 USD of face).
     */
    record Venue(String name, Supplier<FakeVenue> fake, BiFunction<FakeVenue, ConnectorConfig, ExchangeConnector> connector,
                 Supplier<Instruments> instruments, String symbol, Predicate<FakeVenue> subscribed, Consumer<FakeVenue> twoBtc,
                 long skewMs, String rateLimitLine, double oneBtc) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Venue> venues() {
        return Stream.of(
                new Venue("binance", () -> new FakeBinance(KEY, SECRET).wallet(10_000).position(new FakeBinance.Pos("BTCUSDT", "BOTH", 1, 60_000, 20, false, 0)),
                        (f, cfg) -> new BinanceUsdmConnector(new Credentials(KEY, SECRET), cfg),
                        TierTables::bundled, "BTCUSDT", f -> f.marketConnections() == 1,
                        f -> ((FakeBinance) f).position(new FakeBinance.Pos("BTCUSDT", "BOTH", 2, 60_000, 20, false, 0)), 8_000, "HTTP 429", 1),
                new Venue("binance-coinm", () -> new FakeBinanceCoinm(KEY, SECRET).wallet("BTC", 0.2)
                        .position(new FakeBinanceCoinm.Pos("BTCUSD_PERP", "BOTH", 600, 60_000, 20, false, 0)),
                        (f, cfg) -> new BinanceCoinmConnector(new Credentials(KEY, SECRET), cfg),
                        () -> VenueInstruments.load(new VenueInstruments.Source(Exchange.BINANCE_COINM, null, null, null, null)), "BTCUSD_PERP",
                        f -> f.marketConnections() == 1,
                        f -> ((FakeBinanceCoinm) f).position(new FakeBinanceCoinm.Pos("BTCUSD_PERP", "BOTH", 1_200, 60_000, 20, false, 0)),
                        8_000, "HTTP 429", 60_000),
                new Venue("bybit", () -> new FakeBybit(KEY, SECRET).wallet(10_000).position(new FakeBybit.Pos("BTCUSDT", "Buy", 1, 60_000, 20, 3_000)),
                        (f, cfg) -> new BybitLinearConnector(new Credentials(KEY, SECRET), cfg),
                        () -> oneTier(Exchange.BYBIT, "BTCUSDT"), "BTCUSDT", f -> ((FakeBybit) f).subscribed("tickers.BTCUSDT"),
                        f -> ((FakeBybit) f).position(new FakeBybit.Pos("BTCUSDT", "Buy", 2, 60_000, 20, 3_000)), 8_000, "retCode 10006", 1),
                new Venue("okx", () -> new FakeOkx(KEY, SECRET, PASS).cashBal(10_000).position(new FakeOkx.Pos("BTC-USDT-SWAP", "net", 100, 60_000, 20, "cross", 0)),
                        (f, cfg) -> new OkxSwapConnector(new Credentials(KEY, SECRET, PASS), cfg),
                        () -> oneTier(Exchange.OKX, "BTC-USDT-SWAP"), "BTC-USDT-SWAP", f -> ((FakeOkx) f).subscribed("mark-price", "BTC-USDT-SWAP"),
                        f -> ((FakeOkx) f).position(new FakeOkx.Pos("BTC-USDT-SWAP", "net", 200, 60_000, 20, "cross", 0)), 45_000, "HTTP 429", 1),
                new Venue("xt", () -> new FakeXt(KEY, SECRET).wallet(10_000).position(new FakeXt.Pos("btc_usdt", "LONG", 10_000, 60_000, 20, "CROSSED", 0)),
                        (f, cfg) -> new XtUsdtConnector(new Credentials(KEY, SECRET), cfg),
                        () -> oneTier(Exchange.XT, "BTC_USDT"), "btc_usdt", f -> ((FakeXt) f).subscribed("mark_price@btc_usdt"),
                        f -> ((FakeXt) f).position(new FakeXt.Pos("btc_usdt", "LONG", 20_000, 60_000, 20, "CROSSED", 0)), 8_000, "HTTP 429", 1));
    }

    /** The venues whose rate-limit answer asks for a wait of its own (XT's locks the account for 10 minutes instead). */
    static Stream<Venue> venuesThatSayHowLong() {
        return venues().filter(v -> !v.name().equals("xt"));
    }

    private static Instruments oneTier(Exchange ex, String symbol) {
        return new Instruments(Map.of(symbol, new Instrument(VenueInstruments.contracts(ex).get(symbol),
                new RiskTiers(symbol, List.of(new LeverageBracket(1, 0, 2_000_000, 75, 0.005, 0))))), "test");
    }

    FakeVenue fake;

    Venue open(Venue v) {
        fake = v.fake().get();
        fake.mark(v.symbol(), 60_000);
        return v;
    }

    void start(Venue v, ConnectorConfig cfg) {
        watch(v.name(), v.connector().apply(fake, cfg.withUrls(fake.restUrl(), fake.wsUrl())), v.instruments().get());
    }

    @AfterEach
    void tearDown() {
        stopWatcher();
        if (fake != null) {
            fake.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void silentSocketIsStaleAlertedAndReconnected(Venue v) throws Exception {
        start(open(v), ConnectorConfig.defaults().withSilence(Duration.ofMillis(800)));
        silenceIsStaleAlertedAndRecovers(fake, () -> v.subscribed().test(fake), v.symbol(), () -> v.subscribed().test(fake));
        assertThat(lines).as("the silent socket was dropped and reopened").anyMatch(l -> l.contains("silent") && l.contains("reconnecting"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venuesThatSayHowLong")
    void rateLimitWaitsAsTheVenueAsksThenRecovers(Venue v) throws Exception {
        open(v);
        fake.rateLimitNext(1, 2);
        long t0 = System.nanoTime();
        start(v, ConnectorConfig.defaults());
        await(() -> lines.stream().anyMatch(l -> l.contains(v.rateLimitLine())));
        await(() -> view() != null && !view().stale() && view().positions().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no REST call before the venue's wait is over").isGreaterThan(Duration.ofMillis(1900));
        List<String> r = fake.requests();
        assertThat(r.get(1)).as("the limited call, then nothing until its retry").isEqualTo(r.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void malformedFrameIsReportedAndTheNextMarkCounts(Venue v) throws Exception {
        start(open(v), ConnectorConfig.defaults());
        malformedFrameIsReportedAndTheNextMarkCounts(fake, () -> v.subscribed().test(fake), v.symbol());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void clockSkewBeyondTheSigningWindowIsAlertedAndSigningUsesTheVenueClock(Venue v) throws Exception {
        open(v);
        fake.skewClock(v.skewMs());
        start(v, ConnectorConfig.defaults());
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("fault") && a.message().contains("clock")));
        // the fake refuses a request signed outside its window: a current view means every signed call used its time
        await(() -> view() != null && !view().stale() && view().positions().size() == 1);
        assertThat(alerts).filteredOn(a -> a.message().contains("clock")).hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains("10002") || l.contains("50102") || l.contains("-1021") || l.contains("invalid timestamp"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void snapshotThatDisagreesWithTheStreamIsAFault(Venue v) throws Exception {
        start(open(v), ConnectorConfig.defaults().withResyncEvery(Duration.ofMillis(500)));
        await(() -> view() != null && !view().stale() && v.subscribed().test(fake));
        assertThat(view().positions().get(0).qty()).isEqualTo(v.oneBtc());
        int step = view().positions().get(0).qtyDecimals();
        boolean inverse = !view().positions().get(0).currency().startsWith("USD");   // COIN-M: sizes are USD face
        v.twoBtc().accept(fake);   // the venue's position changes but nothing is pushed
        await(() -> alerts.stream().anyMatch(a -> a.message().contains("disagrees")));
        // the sizes at the contract's step, as the table prints them (BTCUSDT's 0.001: 1.000, not 1); an inverse one in USD
        java.util.function.DoubleFunction<String> size = q -> inverse ? io.perpguard.app.explain.Numbers.num(q, 0) + " USD"
                : io.perpguard.app.explain.Numbers.qty(q, step);
        assertThat(alerts).filteredOn(a -> a.message().contains("disagrees")).first().extracting(a -> a.message()).asString()
                .contains(" " + size.apply(v.oneBtc()) + " in the stream, " + size.apply(2 * v.oneBtc()) + " in the snapshot");
        await(() -> view().positions().get(0).qty() == 2 * v.oneBtc());
    }
}
