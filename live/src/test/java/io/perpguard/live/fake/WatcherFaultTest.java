package io.perpguard.live.fake;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.instrument.Instruments;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.venue.ExchangeConnector;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchView;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static io.perpguard.live.fake.Waits.await;

/**
 * What the venues' fault tests share: one watcher (stale after 1.5 s) on a connector to a fake venue, recording every
 * view, alert and status line it emits. Each test waits for the observable state it needs. A mark's age is read on
 * {@link #clock}, which moves only when a test moves it: the fakes push no mark unasked, so on the wall clock every
 * position went stale 1.5 s after the snapshot, and a slow run failed the checks that the view is current.
 */
public abstract class WatcherFaultTest {
    protected AccountWatcher watcher;
    protected final RecordingSink sink = new RecordingSink();
    protected final List<LiveAlert> alerts = sink.alerts;
    protected final List<String> lines = sink.lines;
    protected final List<WatchView> views = sink.views;
    protected final ManualClock clock = new ManualClock(System.currentTimeMillis());

    /** Starts a watcher of {@code account} on {@code connector}, priced with {@code instruments}, recording into the fields above. */
    protected void watch(String account, ExchangeConnector connector, Instruments instruments) {
        watcher = new AccountWatcher(account, connector, instruments, AccountWatcher.Settings.defaults().withPolicy(AlertPolicy.DEFAULT)
                .withStaleAfter(Duration.ofMillis(1500)).withMarkClock(clock), null, sink);
        watcher.start();
    }

    /** The latest view (null before the first). */
    protected WatchView view() {
        return sink.last();
    }

    /** Closes the watcher (before its fake venue, so it reports no fault of the fake going away). */
    protected void stopWatcher() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /**
     * A mark socket that stays open but pushes nothing: reported as silent, alerted as stale, the position greyed out;
     * once {@code fake} pushes again ({@code recovered} waited for first), the mark is current again.
     */
    protected void silenceIsStaleAlertedAndRecovers(FakeVenue fake, BooleanSupplier subscribed, String symbol, BooleanSupplier recovered)
            throws InterruptedException {
        await(() -> view() != null && !view().stale() && subscribed.getAsBoolean());
        fake.silent(true);   // connected, pushing nothing
        await(() -> lines.stream().anyMatch(l -> l.contains("silent")));
        clock.advance(2_000);   // the last mark is now older than the 1.5 s stale-after
        await(() -> alerts.stream().anyMatch(a -> a.kind().equals("stale")));
        // a reconnect's REST resync may already have refreshed the latest view, so look for the stale one it showed
        assertThat(views).as("greyed out, not shown as current")
                .anySatisfy(v -> assertThat(v.stale() && !v.positions().isEmpty() && v.positions().get(0).stale()).isTrue());
        fake.silent(false);
        await(recovered);
        markIsCurrent(fake, symbol, 60_010);
    }

    /** A malformed frame is reported in a status line, and the next mark counts. */
    protected void malformedFrameIsReportedAndTheNextMarkCounts(FakeVenue fake, BooleanSupplier subscribed, String symbol) throws InterruptedException {
        await(() -> view() != null && !view().stale() && subscribed.getAsBoolean());
        fake.malformedFrame();
        await(() -> lines.stream().anyMatch(l -> l.contains("unreadable frame")));
        markIsCurrent(fake, symbol, 59_000);
    }

    /**
     * The venue's application-level ping goes on both sockets at the configured interval, and its answer is taken as
     * traffic, not as a malformed frame or a fault.
     */
    protected void pingsBothSocketsAndTakesThePong(FakeVenue fake) throws InterruptedException {
        await(() -> fake.pings().stream().filter("market"::equals).count() >= 3 && fake.pings().stream().filter("user"::equals).count() >= 3);
        assertThat(lines).noneMatch(l -> l.contains("unreadable") || l.contains("reconnecting"));
        assertThat(alerts).noneMatch(a -> a.kind().equals("fault"));
    }

    /** Pushes {@code price} until the view shows it as the current mark (a push is never assumed to arrive). */
    private void markIsCurrent(FakeVenue fake, String symbol, double price) throws InterruptedException {
        await(() -> {
            fake.mark(symbol, price);
            WatchView v = view();
            return !v.stale() && v.positions().get(0).markPrice() == price;
        });
    }
}
