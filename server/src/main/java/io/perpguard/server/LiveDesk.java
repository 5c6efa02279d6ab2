package io.perpguard.server;

import io.perpguard.instrument.Instruments;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.watch.WatchSink;
import io.perpguard.live.watch.WatchView;

import java.util.List;
import java.util.Map;
import io.perpguard.live.venue.MarkUpdate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code serve --live}: the desk's mark source and account state when a real account is watched. Each view from
 * the live watchers is mirrored into the desk's store ({@link LiveMirror}) and its marks published to the desk's
 * listeners (the margin monitor), on one thread of its own so the watchers' mark path never waits for the database.
 * {@code GET /api/live} and {@code live.html} keep reading the same views through {@link LiveDeskState}.
 */
public final class LiveDesk implements WatchSink, MarkSource, LiveFeed, DeskPricing, io.perpguard.live.alert.Outbox.Listener, AutoCloseable {
    private final LiveDeskState state = new LiveDeskState();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Double> marks = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "perpguard-live-desk");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Map<String, Double>> marksByAccount = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Supplier<Instruments>> instrumentsByAccount = new ConcurrentHashMap<>();
    /**
     * Each watched account's shared-collateral pool as its watcher prices it, with the marks its indexes were read at
     * (empty assets: one wallet, or a wallet per coin).
     */
    private final Map<String, java.util.function.Supplier<io.perpguard.live.watch.AccountWatcher.PoolState>> poolByAccount = new ConcurrentHashMap<>();
    private final Map<String, WatchView> lastView = new ConcurrentHashMap<>();
    /** Each watched account's venue (its watcher's connector), by account. */
    private final Map<String, io.perpguard.venue.Exchange> venueByAccount = new ConcurrentHashMap<>();
    /**
     * The last funding a watched account on the desk's venue (Binance USDⓈ-M) gave per symbol — its mark stream's or
     * snapshot's rate of the next payment, when the desk read it — for hand-entered positions of the symbol.
     */
    private final Map<String, RecordedFunding> recordedFunding = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final LiveBars bars = new LiveBars(symbol -> this.current.get(symbol));
    private volatile Instruments deskInstruments;
    private volatile LiveMirror mirror;
    private volatile Map<String, Double> current = Map.of();
    private volatile long timeMs = System.currentTimeMillis();
    private volatile boolean stale = true;
    private volatile String staleReason = "connecting";

    /** The desk's store to mirror the live accounts into (the desk calls this once it has opened its database). */
    void attach(LiveMirror m) {
        this.mirror = m;
    }

    LiveMirror mirror() {
        return mirror;
    }

    /**
     * A watched account: priced with its watcher's instruments (its venue's convention and tiers, symbols opened after
     * start included), its venue's hourly candles behind the desk's planning tools.
     */
    public void register(io.perpguard.live.watch.AccountWatcher w) {
        register(w.account(), w::instruments);
        poolByAccount.put(w.account(), w::poolState);
        bars.add(new LiveBars.Source(w.account(), w.venue(), symbol -> w.hourlyCandles(symbol, LiveBars.COUNT)));
    }

    /** The desk's bar history on the live desk: the venues' candles, {@code replay} for symbols no watched venue lists. */
    BarHistory bars(BarHistory replay) {
        bars.fallback(replay);
        return bars;
    }

    /** The instruments a watched account is priced with (its venue's convention and tiers), as its watcher prices it. */
    public void register(String account, Instruments instruments) {
        register(account, () -> instruments);
    }

    /** As above, asked at each pricing: a watcher adds the instruments of symbols opened after start. */
    public void register(String account, java.util.function.Supplier<Instruments> instruments) {
        instrumentsByAccount.put(account, instruments);
    }

    /** The rules of hand-entered sub-accounts on another venue than the desk's (COIN-M), read once each. */
    private final Map<io.perpguard.venue.Exchange, Instruments> venueRules = new ConcurrentHashMap<>();

    /** The desk's own instruments, for its hand-entered sub-accounts. */
    void deskInstruments(Instruments instruments) {
        this.deskInstruments = instruments;
    }

    /**
     * A mirrored account: its venue's instruments, its own marks (a Bybit BTCUSDT is not priced at Binance's), its own
     * staleness. A hand-entered sub-account on the live desk: the desk's instruments at its stored marks, never at a
     * venue's live marks.
     */
    @Override
    public Context of(DeskStore.SubAccountRow sub, Map<String, Double> deskMarks) {
        LiveMirror m = mirror;
        String account = m == null ? null : m.accountOf(sub.id());
        if (account == null) {
            // a hand-entered COIN-M sub-account by its venue's rules, at its stored marks as the others
            Instruments own = sub.onDeskVenue() ? deskInstruments : venueRules.computeIfAbsent(sub.venue(), DeskServer::venueInstruments);
            return new Context(own, Map.of(), "stored", false, null);
        }
        WatchView v = lastView.get(account);
        java.util.function.Supplier<Instruments> watched = instrumentsByAccount.get(account);
        // each contract in its margin asset (Binance's ETHUSDC in USDC), on its own wallet or in the pool, as the watcher prices it
        Instruments inst = watched != null ? watched.get() : deskInstruments;
        return new Context(inst, Map.copyOf(marksByAccount.getOrDefault(account, Map.of())), "live:" + (v == null ? "venue" : v.venue()),
                v == null || v.stale(), v == null ? "connecting" : v.staleReason(), funding(v), inst);
    }

    /** The funding rate and next funding time the watcher has per held symbol (its venue's mark or funding feed). */
    private static Map<String, Funding> funding(WatchView v) {
        if (v == null) {
            return Map.of();
        }
        Map<String, Funding> out = new java.util.HashMap<>();
        for (WatchView.Row r : v.positions()) {
            if (Double.isFinite(r.fundingRate())) {
                out.put(r.symbol(), new Funding(r.fundingRate(), r.nextFundingMs()));
            }
        }
        return out;
    }

    @Override
    public void update(WatchView view) {
        state.update(view);
        worker.execute(() -> apply(view));
    }

    private void apply(WatchView view) {
        try {
            lastView.put(view.account(), view);
            Map<String, Double> own = marksByAccount.computeIfAbsent(view.account(), k -> new ConcurrentHashMap<>());
            for (WatchView.Row r : view.positions()) {
                if (Double.isFinite(r.markPrice()) && r.markPrice() > 0) {
                    own.putIfAbsent(r.symbol(), r.markPrice());
                }
            }
            venueByAccount.computeIfAbsent(view.account(), k -> exchangeOf(view.venue()));
            for (WatchView.Row r : view.positions()) {
                record(view.account(), r.symbol(), r.fundingRate(), r.nextFundingMs(), view.timeMs());
            }
            bars.want(view.account(), view.positions().stream().map(WatchView.Row::symbol).toList());
            LiveMirror m = mirror;
            if (m != null) {
                // a Multi-Assets / UTA 2.0 account: one sub-account on its pool, the assets as the watcher prices them
                java.util.function.Supplier<io.perpguard.live.watch.AccountWatcher.PoolState> pool = poolByAccount.get(view.account());
                io.perpguard.live.watch.AccountWatcher.PoolState ps = view.collateral().isEmpty() || pool == null ? null : pool.get();
                m.sync(view, ps == null ? List.of() : ps.assets(), ps == null ? Map.of() : ps.indexMarks());
            }
            for (WatchView.Row r : view.positions()) {
                if (Double.isFinite(r.markPrice()) && r.markPrice() > 0) {
                    marks.putIfAbsent(r.symbol(), r.markPrice());   // a snapshot's mark until the feed pushes one
                }
            }
            // the desk's headline: stale while any watched account is; each sub-account carries its own flag
            String why = null;
            for (WatchView w : lastView.values()) {
                if (w.stale() && why == null) {
                    why = w.account() + ": " + w.staleReason();
                }
            }
            stale = why != null;
            staleReason = why;
            publish(view.timeMs());
        } catch (RuntimeException e) {
            System.err.println("perpguard desk: live update of " + view.account() + " failed: " + e.getMessage());
        }
    }

    /** Each pushed mark; a burst is priced once (the worker takes the latest marks when it gets to them). */
    @Override
    public void mark(String account, MarkUpdate m) {
        if (!(m.mark() > 0) || !Double.isFinite(m.mark())) {
            return;
        }
        marks.put(m.symbol(), m.mark());
        marksByAccount.computeIfAbsent(account, k -> new ConcurrentHashMap<>()).put(m.symbol(), m.mark());
        record(account, m.symbol(), m.fundingRate(), m.nextFundingMs(), m.eventTimeMs());
        if (publishing.compareAndSet(false, true)) {
            worker.execute(() -> {
                publishing.set(false);
                try {
                    publish(m.eventTimeMs());
                } catch (RuntimeException e) {
                    System.err.println("perpguard desk: live marks of " + account + " failed: " + e.getMessage());
                }
            });
        }
    }

    private void publish(long atMs) {
        current = Map.copyOf(marks);
        timeMs = Math.max(timeMs, atMs);
        for (Listener l : listeners) {
            l.onMarks(timeMs, current);
        }
    }

    /** A watched venue's exchange, or null for one the desk has no rules of (its funding lent to no hand-entered position). */
    private static io.perpguard.venue.Exchange exchangeOf(String venue) {
        try {
            return io.perpguard.live.LiveInstruments.exchange(venue);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Records a watched account's funding of {@code symbol} (rate of the next payment at {@code nextFundingMs}, read at
     * {@code atMs}) where the account is on the desk's venue, Binance USDⓈ-M: a hand-entered position there shows it. A
     * COIN-M or another venue's contract of the same name does not lend it its rate; an older reading replaces nothing.
     */
    private void record(String account, String symbol, double rate, long nextFundingMs, long atMs) {
        if (!Double.isFinite(rate) || venueByAccount.get(account) != io.perpguard.venue.Exchange.BINANCE) {
            return;
        }
        recordedFunding.merge(symbol, new RecordedFunding(rate, atMs, nextFundingMs, "live:" + account),
                (old, now) -> now.recordedMs() >= old.recordedMs() ? now : old);
    }

    /** The last funding rate a watched Binance USDⓈ-M account gave per symbol (the checklist's prefill). */
    @Override
    public Map<String, Double> fundingRates() {
        Map<String, Double> out = new java.util.TreeMap<>();
        recordedFunding.forEach((symbol, f) -> out.put(symbol, f.fundingRate()));
        return out;
    }

    /**
     * A hand-entered position's funding on the live desk: the last rate of its symbol a watched Binance USDⓈ-M account's
     * venue gave (the rate of the next payment, {@code recordedMs} when the desk read it); null where none holds it.
     */
    @Override
    public RecordedFunding recordedFunding(String symbol) {
        return recordedFunding.get(symbol);
    }

    @Override
    public void alert(LiveAlert alert) {
        state.alert(alert);
    }

    @Override
    public State state() {
        return state.state();
    }

    @Override
    public void delivered(io.perpguard.live.alert.Outbox.Delivery d) {
        // shown with the alert list; nothing to add
    }

    @Override
    public void failed(io.perpguard.live.alert.Outbox.Delivery d) {
        // a transient failure is retried with backoff; the outbox keeps it
    }

    /** A channel refused for good: on stderr once, and on {@code /api/live} and {@code live.html} while the desk runs. */
    @Override
    public void refused(io.perpguard.live.alert.Outbox.Refusal r) {
        state.refused(r);
        System.err.println("perpguard desk: " + r.message());
    }

    @Override
    public long timeMs() {
        return timeMs;
    }

    @Override
    public Map<String, Double> marks() {
        return current;
    }

    @Override
    public Status status() {
        return new Status("live", stale, staleReason);
    }

    /** A live feed's status: stale (and why) while any watched account is. */
    public record Status(String kind, boolean stale, String staleReason) {
    }

    @Override
    public void addListener(Listener l) {
        listeners.add(l);
    }

    @Override
    public String kind() {
        return "live";
    }

    @Override
    public void close() {
        Stop.now(worker);
        bars.close();
    }
}
