package io.perpguard.live;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.live.alert.WebhookChannel;
import io.perpguard.live.fake.FakeVenue;
import io.perpguard.live.fake.RecordingSink;
import io.perpguard.live.fake.Waits;
import io.perpguard.live.fake.WebhookReceiver;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchView;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * One account watched against a scripted fake venue, as the end-to-end tests run it: alerts at 80 % (5 % hysteresis),
 * a 60 s stale limit (the fake pushes only scripted marks, so a slow machine adds no stale alert), every alert to a
 * local webhook signed with {@link #HOOK_SECRET}, every view and alert recorded in {@link #sink}. Closing it stops the
 * watch, the fake and the webhook.
 */
public final class FakeWatch<F extends FakeVenue> implements AutoCloseable {
    public static final String HOOK_SECRET = "whsec-local-test";
    public static final AlertPolicy EIGHTY = new AlertPolicy(new double[]{0.8}, 0.05, 10, 3_600_000L);

    public final F fake;
    public final WebhookReceiver hook;
    public final RecordingSink sink = new RecordingSink();
    public final LiveMonitor monitor;

    /** Starts watching {@code fake} (its positions, wallets and marks already scripted) as {@code account} on {@code venue}. */
    public FakeWatch(F fake, String account, String venue, Credentials credentials, Path stateDir) throws IOException {
        this.fake = fake;
        this.hook = new WebhookReceiver();
        AccountWatcher.Settings settings = AccountWatcher.Settings.defaults().withPolicy(EIGHTY).withStaleAfter(Duration.ofSeconds(60));
        ConnectorConfig cfg = ConnectorConfig.defaults().withUrls(fake.restUrl(), fake.wsUrl());
        monitor = new LiveMonitor(List.of(new LiveMonitor.AccountSpec(account, venue, credentials, cfg)),
                List.of(new WebhookChannel(URI.create(hook.url()), HOOK_SECRET)), settings, stateDir, false, sink, null);
        monitor.start();
    }

    /** The latest view (null before the first). */
    public WatchView last() {
        return sink.last();
    }

    /** The only account's watcher. */
    public AccountWatcher watcher() {
        return monitor.watchers().get(0);
    }

    /** The latest view's row of {@code symbol}; null before the first view or while it shows none. */
    public WatchView.Row row(String symbol) {
        WatchView v = sink.last();
        return v == null ? null : v.positions().stream().filter(r -> r.symbol().equals(symbol)).findFirst().orElse(null);
    }

    /** Pushes {@code price} as {@code symbol}'s mark and waits until the watcher has priced it; the venue's event time. */
    public long tick(String symbol, double price) throws InterruptedException {
        long e = fake.mark(symbol, price);
        Waits.await("the watcher priced mark " + price, () -> row(symbol) != null && row(symbol).markPrice() == price);
        return e;
    }

    /** The price (falling from {@code hi} towards {@code lo}) at which {@code ratio} reaches {@code target}, by bisection. */
    public static double solve(DoubleUnaryOperator ratio, double hi, double lo, double target) {
        for (int i = 0; i < 200; i++) {
            double mid = (hi + lo) / 2;
            if (ratio.applyAsDouble(mid) >= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    @Override
    public void close() {
        monitor.close();
        fake.close();
        hook.close();
    }
}
