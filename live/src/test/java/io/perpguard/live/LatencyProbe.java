package io.perpguard.live;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.alert.WebhookChannel;
import io.perpguard.live.fake.FakeBinance;
import io.perpguard.live.fake.FakeBybit;
import io.perpguard.live.fake.FakeOkx;
import io.perpguard.live.fake.FakeXt;
import io.perpguard.live.fake.WebhookReceiver;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchSink;
import io.perpguard.live.watch.WatchView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures tick-to-alert latency against each fake exchange (Binance, Bybit, OKX, XT): 50 isolated longs, 10 marks/s
 * each (one frame every 2 ms on the venue's mark socket); each symbol crosses the 50 % threshold once every
 * {@code perpguard.latency.every} of its marks (default 20: every 2 s, 25 alerts/s in all; 2: every other mark, 250
 * alerts/s), through the venue's connector, the watcher, the durable outbox and a local webhook. Figures for
 * docs/live.md; run on purpose only:
 * {@code mvn -pl live test -Dtest=LatencyProbe -Dperpguard.latency=true [-Dperpguard.latency.venues=binance,okx]}
 * (not a timed test: it asserts only that every alert arrived, once).
 */
@EnabledIfSystemProperty(named = "perpguard.latency", matches = "true")
class LatencyProbe {
    static final int SYMBOLS = 50, RATE = 10;
    /** Marks either side of the 50 % threshold: isolated long 1 @ 100, margin sized so the ratio is ≈ 0.6 at 99.6 and ≈ 0.3–0.4 at 100.5. */
    static final double DANGER = 99.6, SAFE = 100.5;

    @TempDir
    Path dir;

    /** One fake venue holding the 50 positions, as the probe drives it. */
    interface Venue extends AutoCloseable {
        String id();

        Credentials credentials();

        String restUrl();

        String wsUrl();

        /** The venue's spelling of symbol number i, as its mark frames and positions carry it. */
        String symbol(int i);

        long mark(String symbol, double price);

        IntSupplier marketConnections();

        @Override
        void close();
    }

    static Venue venue(String id) {
        return switch (id) {
            case "binance" -> {
                FakeBinance f = new FakeBinance("latKey", "latSecret").wallet(1_000);
                StringBuilder brackets = new StringBuilder("[");
                for (int i = 0; i < SYMBOLS; i++) {
                    String s = String.format(Locale.ROOT, "SYM%02dUSDT", i);
                    // MM 1 % of notional, 2 USDT of isolated margin: ratio 0.40 at 100.5, 0.62 at 99.6
                    f.position(new FakeBinance.Pos(s, "BOTH", 1, 100, 50, true, 2));
                    brackets.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(s).append("\",\"brackets\":[{\"bracket\":1,"
                            + "\"initialLeverage\":50,\"notionalCap\":1000000000,\"notionalFloor\":0,\"maintMarginRatio\":0.01,\"cum\":0}]}");
                }
                f.brackets(brackets.append("]").toString());
                yield new Venue() {
                    public String id() { return id; }
                    public Credentials credentials() { return new Credentials("latKey", "latSecret"); }
                    public String restUrl() { return f.restUrl(); }
                    public String wsUrl() { return f.wsUrl(); }
                    public String symbol(int i) { return String.format(Locale.ROOT, "SYM%02dUSDT", i); }
                    public long mark(String s, double p) { return f.mark(s, p); }
                    public IntSupplier marketConnections() { return f::marketConnections; }
                    public void close() { f.close(); }
                };
            }
            case "bybit" -> {
                FakeBybit f = new FakeBybit("latKey", "latSecret").wallet(1_000);
                for (int i = 0; i < SYMBOLS; i++) {
                    // the fake's risk limit of other symbols: MM 0.5 %; 1.2 USDT of position margin
                    f.position(new FakeBybit.Pos(String.format(Locale.ROOT, "SYM%02dUSDT", i), "Buy", 1, 100, 50, 1.2));
                }
                yield new Venue() {
                    public String id() { return id; }
                    public Credentials credentials() { return new Credentials("latKey", "latSecret"); }
                    public String restUrl() { return f.restUrl(); }
                    public String wsUrl() { return f.wsUrl(); }
                    public String symbol(int i) { return String.format(Locale.ROOT, "SYM%02dUSDT", i); }
                    public long mark(String s, double p) { return f.mark(s, p); }
                    public IntSupplier marketConnections() { return f::publicConnections; }
                    public void close() { f.close(); }
                };
            }
            case "okx" -> {
                FakeOkx f = new FakeOkx("latKey", "latSecret", "latPass").cashBal(1_000);
                for (int i = 0; i < SYMBOLS; i++) {
                    String s = String.format(Locale.ROOT, "SYM%02d-USDT-SWAP", i);
                    // one contract of one unit; the fake's tier 1: MM 1 % (plus OKX's taker fee); 2.1 USDT of margin
                    f.listSwap(s, 1.0).position(new FakeOkx.Pos(s, "net", 1, 100, 50, "isolated", 2.1));
                }
                yield new Venue() {
                    public String id() { return id; }
                    public Credentials credentials() { return new Credentials("latKey", "latSecret", "latPass"); }
                    public String restUrl() { return f.restUrl(); }
                    public String wsUrl() { return f.wsUrl(); }
                    public String symbol(int i) { return String.format(Locale.ROOT, "SYM%02d-USDT-SWAP", i); }
                    public long mark(String s, double p) { return f.mark(s, p); }
                    public IntSupplier marketConnections() { return f::publicConnections; }
                    public void close() { f.close(); }
                };
            }
            case "xt" -> {
                FakeXt f = new FakeXt("latKey", "latSecret").wallet(1_000);
                for (int i = 0; i < SYMBOLS; i++) {
                    // one contract of one unit; the fake's brackets of other symbols: MM 0.5 %; 1.2 USDT of isolated margin
                    f.position(new FakeXt.Pos(String.format(Locale.ROOT, "sym%02d_usdt", i), "LONG", 1, 100, 50, "ISOLATED", 1.2));
                }
                yield new Venue() {
                    public String id() { return id; }
                    public Credentials credentials() { return new Credentials("latKey", "latSecret"); }
                    public String restUrl() { return f.restUrl(); }
                    public String wsUrl() { return f.wsUrl(); }
                    public String symbol(int i) { return String.format(Locale.ROOT, "sym%02d_usdt", i); }
                    public long mark(String s, double p) { return f.mark(s, p); }
                    public IntSupplier marketConnections() { return f::marketConnections; }
                    public void close() { f.close(); }
                };
            }
            default -> throw new IllegalArgumentException("perpguard.latency.venues: " + id + " (binance, bybit, okx, xt)");
        };
    }

    @Test
    void tickToAlert() throws Exception {
        StringBuilder all = new StringBuilder();
        for (String v : System.getProperty("perpguard.latency.venues", "binance,bybit,okx,xt").split(",")) {
            all.append(run(v.trim()));
        }
        System.out.print(all);
    }

    private String run(String venueId) throws Exception {
        long seconds = Long.getLong("perpguard.latency.seconds", 30);
        // a symbol crosses the threshold once every `every` of its marks: 2 = every other mark (stress), 20 = every 2 s
        long half = Math.max(1, Long.getLong("perpguard.latency.every", 20) / 2);
        try (Venue venue = venue(venueId); WebhookReceiver hook = new WebhookReceiver()) {
            List<String> symbols = new ArrayList<>();
            for (int i = 0; i < SYMBOLS; i++) {
                symbols.add(venue.symbol(i));
                venue.mark(venue.symbol(i), SAFE);
            }
            List<long[]> seen = new CopyOnWriteArrayList<>();   // {tick E, raised at}
            AtomicReference<WatchView> last = new AtomicReference<>();
            AccountWatcher.Settings settings = AccountWatcher.Settings.defaults()
                    .withPolicy(new AlertPolicy(new double[]{0.5}, 0.05, 10, 3_600_000L));
            ConnectorConfig cfg = ConnectorConfig.defaults().withUrls(venue.restUrl(), venue.wsUrl());
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("lat", venueId, venue.credentials(), cfg)),
                    List.of(new WebhookChannel(URI.create(hook.url()), "s")), settings, dir.resolve(venueId), false, new WatchSink() {
                @Override
                public void update(WatchView view) {
                    last.set(view);
                }

                @Override
                public void alert(LiveAlert a) {
                    seen.add(new long[]{a.tickTimeMs(), a.raisedAtMs()});
                }
            }, null)) {
                m.start();
                // every position priced at a pushed mark before the clock starts
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!(venue.marketConnections().getAsInt() > 0 && priced(last.get()) == SYMBOLS) && System.nanoTime() < end) {
                    symbols.forEach(s -> venue.mark(s, SAFE));
                    Thread.sleep(200);
                }
                assertThat(priced(last.get())).as(venueId + ": positions priced before the run").isEqualTo(SYMBOLS);
                double safeRatio = maxRatio(last.get());
                ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
                AtomicLong n = new AtomicLong();
                AtomicReference<Double> dangerRatio = new AtomicReference<>(Double.NaN);
                long periodUs = 1_000_000L / (SYMBOLS * RATE);
                pusher.scheduleAtFixedRate(() -> {
                    long k = n.getAndIncrement();
                    String s = symbols.get((int) (k % SYMBOLS));
                    venue.mark(s, (k / SYMBOLS / half) % 2 == 0 ? DANGER : SAFE);
                }, 0, periodUs, TimeUnit.MICROSECONDS);
                long stop = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                while (System.nanoTime() < stop) {
                    Thread.sleep(100);
                    dangerRatio.accumulateAndGet(maxRatio(last.get()), (a, b) -> Double.isNaN(a) || b > a ? b : a);
                }
                pusher.shutdown();
                pusher.awaitTermination(1, TimeUnit.SECONDS);
                long ticks = n.get();
                end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                long before = -1;
                while ((hook.received().size() < seen.size() || seen.size() != before) && System.nanoTime() < end) {
                    before = seen.size();
                    Thread.sleep(500);
                }
                long expected = seen.size();
                assertThat(expected).as(venueId + ": alerts").isPositive();
                long[] raise = seen.stream().mapToLong(a -> a[1] - a[0]).sorted().toArray();
                long[] deliver = hook.received().stream().mapToLong(r -> r.arrivedMs() - r.body().path("tickTimeMs").asLong()).sorted().toArray();
                long distinct = hook.received().stream().map(r -> r.body().path("dedupeKey").asText()).distinct().count();
                String report = String.format(Locale.ROOT, "%s: %d ticks in %d s (%.0f marks/s), %d alerts (a crossing every %d marks per symbol;"
                                + " margin ratio %.2f safe, up to %.2f)%n"
                                + "  tick -> alert raised:   p50 %d ms, p99 %d ms, max %d ms%n"
                                + "  tick -> webhook POST:   p50 %d ms, p99 %d ms, max %d ms (%d received, %d distinct)%n",
                        venueId, ticks, seconds, ticks / (double) seconds, expected, half * 2, safeRatio, dangerRatio.get(),
                        pct(raise, 50), pct(raise, 99), raise[raise.length - 1],
                        pct(deliver, 50), pct(deliver, 99), deliver[deliver.length - 1], deliver.length, distinct);
                Files.createDirectories(Path.of("target"));
                Files.writeString(Path.of("target", "latency-" + venueId + "-every" + half * 2 + ".txt"), report);
                assertThat(hook.received()).as(venueId + ": every alert delivered").hasSize((int) expected);
                assertThat(distinct).as(venueId + ": each delivered once").isEqualTo(expected);
                assertThat(expected).as(venueId + ": one crossing per symbol every %d marks", half * 2).isGreaterThan(ticks / (half * 2) * 8 / 10);
                return report;
            }
        }
    }

    private static long priced(WatchView v) {
        return v == null ? 0 : v.positions().stream().filter(r -> Double.isFinite(r.marginRatio()) && !r.pricingPending() && !r.stale()).count();
    }

    private static double maxRatio(WatchView v) {
        return v == null ? Double.NaN : v.positions().stream().mapToDouble(WatchView.Row::marginRatio).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
