package io.perpguard.live;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.alert.WebhookChannel;
import io.perpguard.live.fake.FakeBinance;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures tick-to-alert latency against the fake exchange: 50 isolated positions, 10 marks/s each (one frame every
 * 2 ms); each symbol crosses the 50 % threshold once every {@code perpguard.latency.every} of its marks (default 20:
 * every 2 s, 25 alerts/s in all; 2: every other mark, 250 alerts/s), through the watcher, the durable outbox and a
 * local webhook. Figures for docs/live.md; run on purpose only:
 * {@code mvn -pl live test -Dtest=LatencyProbe -Dperpguard.latency=true} (not a timed test: it asserts only that
 * every alert arrived).
 */
@EnabledIfSystemProperty(named = "perpguard.latency", matches = "true")
class LatencyProbe {
    static final int SYMBOLS = 50, RATE = 10;

    @TempDir
    Path dir;

    @Test
    void tickToAlert() throws Exception {
        long seconds = Long.getLong("perpguard.latency.seconds", 30);
        // a symbol crosses the threshold once every `every` of its marks: 2 = every other mark (stress), 20 = every 2 s
        long half = Math.max(1, Long.getLong("perpguard.latency.every", 20) / 2);
        StringBuilder brackets = new StringBuilder("[");
        try (FakeBinance fake = new FakeBinance("latKey", "latSecret"); WebhookReceiver hook = new WebhookReceiver()) {
            fake.wallet(1_000);
            List<String> symbols = new ArrayList<>();
            for (int i = 0; i < SYMBOLS; i++) {
                String s = String.format(Locale.ROOT, "SYM%02dUSDT", i);
                symbols.add(s);
                // long 1 @ 100 with 2 USDT of isolated margin; MM = 1 % of notional: ratio 0.40 at 100.5, 0.62 at 99.6
                fake.position(new FakeBinance.Pos(s, "BOTH", 1, 100, 50, true, 2));
                fake.mark(s, 100.5);
                brackets.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(s).append("\",\"brackets\":[{\"bracket\":1,"
                        + "\"initialLeverage\":50,\"notionalCap\":1000000000,\"notionalFloor\":0,\"maintMarginRatio\":0.01,\"cum\":0}]}");
            }
            fake.brackets(brackets.append("]").toString());
            List<long[]> seen = new CopyOnWriteArrayList<>();   // {tick E, raised at}
            AccountWatcher.Settings settings = AccountWatcher.Settings.defaults()
                    .withPolicy(new AlertPolicy(new double[]{0.5}, 0.05, 10, 3_600_000L));
            ConnectorConfig cfg = ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl());
            try (LiveMonitor m = new LiveMonitor(List.of(new LiveMonitor.AccountSpec("lat", "binance", new Credentials("latKey", "latSecret"), cfg)),
                    List.of(new WebhookChannel(URI.create(hook.url()), "s")), settings, dir, false, new WatchSink() {
                @Override
                public void update(WatchView view) {
                }

                @Override
                public void alert(LiveAlert a) {
                    seen.add(new long[]{a.tickTimeMs(), a.raisedAtMs()});
                }
            }, null)) {
                m.start();
                long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (fake.marketConnections() == 0 && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                Thread.sleep(1000);
                ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
                AtomicLong n = new AtomicLong();
                long periodUs = 1_000_000L / (SYMBOLS * RATE);
                pusher.scheduleAtFixedRate(() -> {
                    long k = n.getAndIncrement();
                    String s = symbols.get((int) (k % SYMBOLS));
                    fake.mark(s, (k / SYMBOLS / half) % 2 == 0 ? 99.6 : 100.5);
                }, 0, periodUs, TimeUnit.MICROSECONDS);
                Thread.sleep(seconds * 1000);
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
                long[] raise = seen.stream().mapToLong(a -> a[1] - a[0]).sorted().toArray();
                long[] deliver = hook.received().stream().mapToLong(r -> r.arrivedMs() - r.body().path("tickTimeMs").asLong()).sorted().toArray();
                String report = String.format(Locale.ROOT, "%d ticks in %d s (%.0f marks/s), %d alerts (a crossing every %d marks per symbol)%n"
                                + "tick -> alert raised:   p50 %d ms, p99 %d ms, max %d ms%n"
                                + "tick -> webhook POST:   p50 %d ms, p99 %d ms, max %d ms (%d received)%n",
                        ticks, seconds, ticks / (double) seconds, expected, half * 2, pct(raise, 50), pct(raise, 99), raise[raise.length - 1],
                        pct(deliver, 50), pct(deliver, 99), deliver[deliver.length - 1], deliver.length);
                System.out.print(report);
                Files.writeString(Path.of("target", "latency-every" + half * 2 + ".txt"), report);
                assertThat(hook.received()).hasSize((int) expected);
                assertThat(expected).as("one crossing per symbol every %d marks", half * 2).isGreaterThan(ticks / (half * 2) * 8 / 10);
            }
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
