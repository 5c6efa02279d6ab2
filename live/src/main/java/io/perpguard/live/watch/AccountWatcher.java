package io.perpguard.live.watch;

import io.perpguard.app.explain.AlertText;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.alerts.AlertState;
import io.perpguard.alerts.MarginAlert;
import io.perpguard.alerts.MarginAlertRules;
import io.perpguard.funding.FundingCarry;
import io.perpguard.instrument.Instruments;
import io.perpguard.live.LiveInstruments;
import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.venue.AccountSnapshot;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorListener;
import io.perpguard.live.venue.ExchangeConnector;
import io.perpguard.live.venue.Fault;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.live.venue.VenueFill;
import io.perpguard.live.venue.MarkUpdate;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.CollateralPool;
import io.perpguard.margin.PoolReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionReport;
import io.perpguard.market.CandleSeries;
import io.perpguard.stops.Atr;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches one live account: keeps its positions, wallet and marks from a connector, re-prices on every mark with
 * the margin engine and runs the desk's alert rules ({@link MarginAlertRules}: thresholds with hysteresis, fast
 * rise, liquidation) on each subject — the account's cross margin and each isolated position — plus funding due,
 * stale data and feed faults. Each crossing raises one {@link LiveAlert} whose dedupe key names the subject, the
 * rule and the tick; what fired is remembered across reconnects (in memory) and restarts ({@link AlertStateStore}).
 * After every reconnect the REST snapshot is judged too, so a crossing that happened while disconnected is not missed.
 */
public final class AccountWatcher implements ConnectorListener, AutoCloseable {
    /**
     * @param policy           margin-ratio thresholds, hysteresis and fast-rise rule
     * @param staleAfter       no mark for a position this long, or a feed fault lasting this long, raises "stale"
     * @param updateEvery      at most one periodic view per this interval (account changes and alerts: at once)
     * @param fundingRateAlert alert when a position will pay funding at a rate of at least this (fraction per interval)
     * @param fundingLead      ... within this time before the funding time
     * @param markClock        the clock a mark's age is read on (when it arrived, how old it is now): the system clock;
     *                         a test's own clock makes {@code staleAfter} pass when the test says, not when a slow run does
     */
    public record Settings(AlertPolicy policy, Duration staleAfter, Duration updateEvery, double fundingRateAlert,
                           Duration fundingLead, Clock markClock) {
        public static Settings defaults() {
            return new Settings(AlertPolicy.DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(1), 0.0005, Duration.ofMinutes(15), Clock.systemUTC());
        }

        public Settings withPolicy(AlertPolicy p) {
            return new Settings(p, staleAfter, updateEvery, fundingRateAlert, fundingLead, markClock);
        }

        public Settings withStaleAfter(Duration d) {
            return new Settings(policy, d, updateEvery, fundingRateAlert, fundingLead, markClock);
        }

        public Settings withMarkClock(Clock c) {
            return new Settings(policy, staleAfter, updateEvery, fundingRateAlert, fundingLead, c);
        }
    }

    private static final int KEEP_CLOSED = 50;
    /**
     * The asset of the account's own wallet (its USDT contracts'), as listed beside other assets' wallets; a contract
     * margined in another asset draws on that asset's wallet, where no pool backs them all.
     */
    public static final String ACCOUNT_WALLET = "USDT";

    private final String account;
    private final ExchangeConnector connector;
    /** Each contract settled in its margin asset once the venue named them ({@link #inMarginAssets}). */
    private volatile Instruments instruments;
    /** Symbol → margin asset where the venue names one its instruments do not settle in; null until read. */
    private volatile Map<String, String> marginAssets;
    private final Map<String, Integer> instrumentTries = new HashMap<>();   // symbols read after start: attempts so far
    /** The account's own fees by symbol, as its venue's fee endpoint answered ({@link ExchangeConnector#scopeFees}). */
    private final Map<String, io.perpguard.live.venue.FeeRates> accountFees = new HashMap<>();
    /**
     * The fees read, by the scope the venue's endpoint answers for ({@link ExchangeConnector#feeScope}: a symbol, Bybit's
     * category, or "" where one pair covers the account, XT's), each read by symbol or "*" for all
     * ({@link ExchangeConnector#scopeFees}): every held symbol of a scope takes its rates, read once.
     */
    private final Map<String, Map<String, io.perpguard.live.venue.FeeRates>> scopeFees = new HashMap<>();
    /** When each scope's fees are read again: a day after a read, an hour after a failure (one read per scope until then). */
    private final Map<String, Long> feesDueMs = new HashMap<>();
    private final Set<String> feeNoticeSaid = new HashSet<>();
    /** Scopes whose first read is in flight: their rows say {@code reading}, not {@code default}, until it answers. */
    private final Set<String> feesReading = new HashSet<>();
    private final Settings settings;
    private final WatchSink sink;
    private final AlertStateStore store;
    private final Map<String, LivePosition> positions = new LinkedHashMap<>();
    private final Map<String, MarkUpdate> marks = new HashMap<>();
    private final Map<String, Long> markSeenMs = new HashMap<>();
    private final Map<String, AlertState> states = new HashMap<>();
    private final Map<String, Long> staleSince = new HashMap<>();
    private final Map<String, Double> atr = new HashMap<>();
    private final Map<String, Long> atrAtMs = new HashMap<>();
    /**
     * Keys of held positions the venue reported liquidated, with the price it reported (NaN: none): the holding's close line
     * says "liquidated", at that price — as the line of a close the report came after is relabelled. Only while it is held.
     */
    private final Map<String, Double> liquidatedByVenue = new HashMap<>();   // → the price the venue reported (NaN: none)
    /**
     * The last close line of each key (local ms when it was told; whether perpguard had told its subject's liquidation by
     * then): a liquidation the venue reports after the update that closed the position is about that one — its line says so
     * — and marks no position opened under the key later.
     */
    private record RecentClose(LivePosition position, WatchView.Closed line, long atMs, boolean told) {
    }

    private final Map<String, RecentClose> recentCloses = new HashMap<>();
    /**
     * The trades that reduced each held position, oldest first, with the venue's figures (Binance's rp, n, N; OKX's
     * fillPnl, fillFee; Bybit's execPnl, execFee): the newest of them that add up to its size when it closes are its
     * close's ({@link VenueFill#closing}), on its line. At most {@link #KEEP_FILLS} a key.
     */
    private final Map<String, List<VenueFill>> reducingFills = new HashMap<>();
    /** Trades reported after the update that closed their position (the venue's order may come after it): for its line. */
    private final Map<String, List<VenueFill>> fillsAfterClose = new HashMap<>();
    static final int KEEP_FILLS = 256;
    /**
     * A liquidation the venue reported for a held position, by key, until the position's update says whether it closed it
     * all or in part (tiered partial liquidation: Binance, Bybit, OKX close part of a large position and leave the rest open).
     */
    private final Map<String, PendingLiquidation> pendingLiquidations = new HashMap<>();
    /** The stream's last reduction of each open position, by key: a venue may report the liquidation after the smaller size. */
    private final Map<String, Reduction> reductions = new HashMap<>();
    /** When a liquidation of each key was last told (local ms): the same liquidation's further fills (Bybit's executions) are not another. */
    private final Map<String, Long> liquidationToldAtMs = new HashMap<>();
    /**
     * How long a reported liquidation waits for its position's update before it is told as a full one (ms); twenty times as
     * long while the feed is faulted (the reconnect's snapshot settles it); the same liquidation's later fills are ignored as long.
     */
    static final long LIQUIDATION_WAIT_MS = 3_000;

    private record PendingLiquidation(LivePosition before, double price, long eventTimeMs, long seenAtMs) {
    }

    private record Reduction(LivePosition before, long atMs) {
    }
    /**
     * When the account stream last changed each position (local ms, by key; a closed one too) and the wallet: a snapshot
     * whose reads began before that is older there ({@link #onSnapshot} keeps the stream's state).
     */
    private final Map<String, Long> pushedAtMs = new HashMap<>();
    /**
     * When each held position was last known as {@link #positions} holds it (local ms, by key: the snapshot or push that
     * said so): a reconnect's snapshot that finds it larger asks the venue's records from there ({@link #reopenedVerdicts}).
     */
    private final Map<String, Long> knownAtMs = new HashMap<>();
    /**
     * A held position as it was last reconciled with the venue (by a snapshot, or a push on a stream known to be whole) and
     * when: kept for each key a push grew on the same side while the stream was not reconciled ({@link #unreconciled}) —
     * such a push is an add or a holding closed and opened again meanwhile, which only the venue's records tell, and they
     * are asked only with a snapshot. The snapshot that lands next judges the key's position against it.
     */
    private record Baseline(LivePosition position, long sinceMs) {
    }

    private final Map<String, Baseline> baselines = new HashMap<>();
    /**
     * True until the run's first snapshot and from each fault (a reconnect and its resync follow) until the next one: the
     * account pushes of that time may follow a gap, so a larger same-side push is not taken for an add until the snapshot
     * reconciles it ({@link #baselines}).
     */
    private boolean unreconciled = true;
    private long walletPushedAtMs = Long.MIN_VALUE;
    /** The same for each asset's own wallet ({@link #assetWallets}) and each pool asset's amount ({@link #collateral}), by asset. */
    private final Map<String, Long> assetPushedAtMs = new HashMap<>(), collateralPushedAtMs = new HashMap<>();
    /** Subjects a position of which closed since {@link #forgetGoneSubjects} last ran. */
    private final Set<String> closedSubjects = new HashSet<>();
    private final Deque<WatchView.Closed> closed = new ArrayDeque<>();
    private final Map<String, Integer> recentKeys = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> e) {
            return size() > 10_000;
        }
    };
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService fetcher;   // tiers/contract reads of symbols opened after start, off the mark path
    private double wallet = Double.NaN;
    /**
     * The wallets of the margin assets other than the account's own, by asset: a contract margined in such an asset draws
     * on its wallet only, cross within it (subject {@code cross:BTC}, {@code cross:USDC}) — Binance COIN-M, whose account
     * is nothing but coin wallets ({@link #wallet} NaN); Bybit's and OKX's inverse contracts beside the USDT wallet that
     * margins the linear ones (subject {@code cross}); Binance USDⓈ-M's USDC wallet in single-asset mode. Empty where
     * the venue reports none.
     */
    private final Map<String, Double> assetWallets = new java.util.TreeMap<>();
    private boolean perAsset;
    /**
     * Where several assets back the cross margin (Binance USDⓈ-M Multi-Assets mode): the pool's assets, wallets kept up to
     * date by the account stream, indexes as the last snapshot read them. Empty in single-asset mode: the one wallet.
     */
    private List<CollateralAsset> collateral = List.of();
    /** The marks when the pool's indexes were read (the snapshot's): an asset in a contract's own coin moves with it from there. */
    private Map<String, Double> collateralMarks = Map.of();
    private boolean haveSnapshot;
    private Fault fault;
    private long faultSinceMs;
    private boolean faultAlerted;
    private boolean clockSkewAlerted;
    private long lastViewMs;

    public AccountWatcher(String account, ExchangeConnector connector, Instruments instruments, Settings settings,
                          AlertStateStore store, WatchSink sink) {
        this.account = account;
        this.connector = connector;
        this.instruments = instruments;
        this.settings = settings;
        this.store = store == null ? new AlertStateStore(null) : store;
        this.sink = sink;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perpguard-watch-" + account);
            t.setDaemon(true);
            return t;
        });
        this.fetcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perpguard-instruments-" + account);
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks the venue, once per symbol, for the rules of position symbols this account has no instrument for. */
    private void fetchMissingInstruments() {
        for (LivePosition p : positions.values()) {
            String sym = p.symbol();
            if (!instruments.contains(sym) && !instrumentTries.containsKey(sym)) {
                instrumentTries.put(sym, 0);
                fetcher.execute(() -> fetchInstrument(sym));
            }
        }
    }

    /** The venue's account fee tiers move at most daily (Binance's VIP level is set once a day). */
    static final long FEES_REFRESH_MS = 24 * 3_600_000L;
    static final long FEES_RETRY_MS = 3_600_000L;

    /**
     * Asks the venue for the account's fees of each held symbol's scope not read yet (or due again), off the mark path; a
     * symbol of a scope already read (XT's one pair for the account) takes its rates at once.
     */
    private void fetchAccountFees() {
        long now = System.currentTimeMillis();
        Set<String> repriced = new TreeSet<>();
        for (LivePosition p : positions.values()) {
            String sym = p.symbol();
            String scope = feeScope(sym);
            io.perpguard.live.venue.FeeRates known = rateOf(scopeFees.get(scope), sym);
            if (known != null && !known.equals(accountFees.get(sym))) {
                accountFees.put(sym, known);
                repriced.add(sym);
            }
            Long due = feesDueMs.get(scope);
            if (due == null || now >= due) {
                feesDueMs.put(scope, now + FEES_REFRESH_MS);   // one read in flight per scope
                if (known == null && !feeNoticeSaid.contains(scope)) {
                    feesReading.add(scope);
                }
                try {
                    fetcher.execute(() -> readAccountFees(scope, sym));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return;   // closed
                }
            }
        }
        repriceWithAccountFees(repriced);
    }

    /** {@code symbol}'s rates in one read of its scope: its own, else the scope's one pair; null when it has neither, or none was read. */
    private static io.perpguard.live.venue.FeeRates rateOf(Map<String, io.perpguard.live.venue.FeeRates> read, String symbol) {
        if (read == null) {
            return null;
        }
        io.perpguard.live.venue.FeeRates own = read.get(symbol);
        return own != null ? own : read.get("*");
    }

    /** The scope the venue's fee endpoint answers {@code symbol}'s fees for (the symbol where the connector does not say). */
    private String feeScope(String symbol) {
        try {
            return connector.feeScope(symbol);
        } catch (RuntimeException e) {
            return symbol;
        }
    }

    /** Prices with the account's fees as they are now and judges these held symbols again. */
    private void repriceWithAccountFees(Set<String> symbols) {
        if (symbols.isEmpty()) {
            return;
        }
        instruments = withAccountFees(instruments);
        for (String sym : symbols) {
            if (hasPosition(sym)) {
                judgeSymbol(sym, marks.containsKey(sym) ? marks.get(sym).eventTimeMs() : System.currentTimeMillis());
            }
        }
    }

    /**
     * Reads one scope's account fees (asked of {@code sym}, one of its symbols) and prices every held symbol of it with them
     * from then on; where the read fails the contract's own fees (bundled, or the venue's base rate) stay, said in one line,
     * and the read is tried again in an hour — or when the venue's rate-limit pause it met is over (the pause itself is the
     * feed's, told by the connector).
     */
    private void readAccountFees(String scope, String sym) {
        Map<String, io.perpguard.live.venue.FeeRates> read = null;
        String why = null;
        long retryMs = FEES_RETRY_MS;
        try {
            read = connector.scopeFees(sym);
        } catch (io.perpguard.live.venue.VenueException e) {
            why = e.getMessage();
            if (e.kind() == Fault.Kind.RATE_LIMITED) {
                why = "rate-limited; read again when the venue's pause is over";
                retryMs = Math.min(FEES_RETRY_MS, Math.max(1_000, e.retryAfterMs() + 1_000));
            }
        } catch (RuntimeException e) {
            why = e.getMessage();
        }
        if (Thread.currentThread().isInterrupted() || fetcher.isShutdown()) {
            return;   // closing: a read cut short is no failure to tell
        }
        synchronized (this) {
            boolean wasReading = feesReading.remove(scope);
            Set<String> repriced = new TreeSet<>();
            if (read != null) {
                scopeFees.put(scope, Map.copyOf(read));
                for (LivePosition p : positions.values()) {
                    io.perpguard.live.venue.FeeRates r = rateOf(read, p.symbol());
                    if (feeScope(p.symbol()).equals(scope) && r != null && !r.equals(accountFees.get(p.symbol()))) {
                        accountFees.put(p.symbol(), r);
                        repriced.add(p.symbol());
                    }
                }
            }
            io.perpguard.live.venue.FeeRates f = rateOf(read, sym);
            if (f == null) {
                if (why == null && read != null) {
                    why = "the answer lists no " + sym;
                }
                if (why != null) {
                    feesDueMs.put(scope, System.currentTimeMillis() + retryMs);
                    if (feeNoticeSaid.add(scope)) {
                        io.perpguard.instrument.Contract c = instruments.contains(sym) ? instruments.get(sym).contract() : null;
                        sink.fault(account, connector.venue() + ": the account's fee rate" + (scope.isEmpty() ? "s" : " on " + sym)
                                + " could not be read (" + why + "); using the default"
                                + (scope.isEmpty() ? " of each contract" : c == null ? "" : " " + io.perpguard.app.explain.Numbers.feeRates(c.takerFee(), c.makerFee())));
                    }
                }
                repriceWithAccountFees(repriced);
                if (wasReading || !repriced.isEmpty()) {
                    emitView();   // "reading" becomes "default"
                }
                return;
            }
            feeNoticeSaid.remove(scope);
            if (!f.equals(accountFees.get(sym))) {
                accountFees.put(sym, f);   // closed meanwhile: its rates kept for when it is opened again
            }
            repriceWithAccountFees(repriced);
            if (wasReading || !repriced.isEmpty()) {
                emitView();
            }
        }
    }

    /** {@code base} with each symbol whose account fees were read priced at them (its liquidation fee as it was). */
    private Instruments withAccountFees(Instruments base) {
        return accountFees.isEmpty() ? base
                : withContracts(base, accountFees, (c, f) -> c.withFees(f.taker(), f.maker(), c.liquidationFeeRate()));
    }

    /** Reads one symbol's tiers and contract rules; retried with backoff (1 s doubling to 5 min) until they come. */
    private void fetchInstrument(String sym) {
        Set<String> one = Set.of(sym);
        Instruments next = null;
        try {
            next = LiveInstruments.adding(instruments, connector.venue(), one, connector.tiersOf(one), connector.contractsOf(one));
        } catch (RuntimeException e) {
            // retried below
        }
        synchronized (this) {
            if (next != null && next.contains(sym)) {
                instruments = withAccountFees(inMarginAssets(next));
                if (hasPosition(sym)) {
                    sink.fault(account, connector.venue() + ": " + sym + " opened after start: its tiers and contract rules are read, now priced");
                    judgeSymbol(sym, marks.containsKey(sym) ? marks.get(sym).eventTimeMs() : System.currentTimeMillis());
                    emitView();
                }
                return;
            }
            int tries = instrumentTries.merge(sym, 1, Integer::sum);
            if (tries == 1) {
                sink.fault(account, connector.venue() + ": the tiers or contract rules of " + sym + " could not be read; retrying (shown unpriced)");
            }
            try {
                fetcher.schedule(() -> fetchInstrument(sym), Math.min(300_000L, 1000L << Math.min(tries - 1, 9)), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed
            }
        }
    }

    /** Starts the connector and the staleness clock. */
    public void start() {
        connector.start(this);
        timer.scheduleWithFixedDelay(this::checkStale, 250, 250, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::refreshAtr, 1, 60, TimeUnit.SECONDS);
    }

    /** ATR(14) of hourly candles per position symbol, re-read every hour (outside the lock: it is a REST call). */
    private void refreshAtr() {
        Set<String> due = new TreeSet<>();
        long now = System.currentTimeMillis();
        synchronized (this) {
            positions.values().forEach(p -> {
                Long at = atrAtMs.get(p.symbol());
                if (at == null || now - at > 3_600_000L) {
                    due.add(p.symbol());
                }
            });
        }
        for (String sym : due) {
            CandleSeries c = connector.hourlyCandles(sym, 100);
            double atr = Double.NaN;
            if (c != null && c.size() > Atr.unstableBars(Atr.DEFAULT_PERIOD)) {
                double[] a = Atr.of(c, Atr.DEFAULT_PERIOD);
                atr = a[a.length - 1];
            }
            synchronized (this) {
                atrAtMs.put(sym, now);
                this.atr.put(sym, atr);
            }
        }
    }

    public String account() {
        return account;
    }

    /** The venue id of this account's connector. */
    public String venue() {
        return connector.venue();
    }

    /** The venue's last {@code count} hourly candles of {@code symbol} (a public REST read), or null when it has none. */
    public CandleSeries hourlyCandles(String symbol, int count) {
        return connector.hourlyCandles(symbol, count);
    }

    /**
     * Where several assets back the cross margin (Binance Multi-Assets, Bybit UTA 2.0 cross): the pool's assets as this
     * watcher prices them now — wallets, indexes and the venue's rules; empty on a one-wallet account. The live desk
     * mirrors them so it prices the pool as the watcher does.
     */
    public synchronized List<CollateralAsset> collateral() {
        return collateral;
    }

    /**
     * The pool's assets as {@link #collateral()} and, read with them, the marks at which their indexes were read
     * ({@code indexMarks}, the snapshot's): an asset in a contract's own coin (BTC beside BTCUSDT) moves with that
     * contract's mark from there ({@link CollateralPool#withIndexesMovedSince}). The live desk stores both, so it prices
     * the pool at every mark as this watcher does.
     */
    public record PoolState(List<CollateralAsset> assets, Map<String, Double> indexMarks) {
        public PoolState {
            assets = List.copyOf(assets);
            indexMarks = Map.copyOf(indexMarks);
        }
    }

    /** {@link PoolState} now; empty assets on a one-wallet account. */
    public synchronized PoolState poolState() {
        return new PoolState(collateral, collateral.isEmpty() ? Map.of() : collateralMarks);
    }

    /**
     * The instruments this account is priced with: its venue's convention, contracts and tiers, each contract settled in
     * its margin asset (Binance's USDC-margined {@code ETHUSDC} in USDC).
     */
    public Instruments instruments() {
        return instruments;
    }

    //-------------------------------------------------------------------------
    @Override
    public void onSnapshot(AccountSnapshot s) {
        Map<String, Boolean> reopened = reopenedVerdicts(s);   // off the lock: it may read the venue
        adoptSnapshot(s, reopened);
    }

    /**
     * For each position of {@code s} that is larger on the same side than the one held under its key — or, at a run's first
     * snapshot, than the one its remembered state is about — with no opening mark to compare ({@link LivePosition#grewFrom}):
     * true where it was closed and opened again since it was last known, false where it was added to. Told by the venue's
     * records where it keeps them ({@link ExchangeConnector#reopenedSince}: Binance's fills), else by its entry against the
     * prices traded meanwhile ({@link LivePosition#addedWithin}, {@link ExchangeConnector#tradedRangeSince}); absent where
     * neither can be read — then it is taken as an add, as before. Read without the watcher's lock: marks are judged meanwhile.
     */
    private Map<String, Boolean> reopenedVerdicts(AccountSnapshot s) {
        record Ask(LivePosition earlier, LivePosition now, long sinceMs) {
        }
        List<Ask> asks = new ArrayList<>();
        synchronized (this) {
            // each key as it will be adopted: a push received after the snapshot's reads began is newer than what they saw
            Map<String, LivePosition> adopted = new LinkedHashMap<>();
            s.positions().forEach(p -> adopted.put(p.key(), p));
            pushedAtMs.forEach((key, at) -> {
                if (at >= s.timeMs() && positions.containsKey(key)) {
                    adopted.put(key, positions.get(key));
                }
            });
            for (LivePosition p : adopted.values()) {
                LivePosition old = positions.get(p.key());
                Long since = knownAtMs.get(p.key());
                Baseline b = baselines.get(p.key());
                if (!haveSnapshot) {
                    // the run's first snapshot: against the holding the remembered state is about, whatever a push before it said
                    String subject = subjectOf(p);
                    LivePosition h = store.holdings(subject).get(p.key());
                    since = store.holdingsAtMs(subject);
                    old = h == null ? null : new LivePosition(p.symbol(), h.side(), h.qty(), h.entryPrice(), p.leverage(), p.marginMode(),
                            p.positionSide(), 0, h.opened());
                } else if (b != null && p.grewFrom(b.position())) {
                    old = b.position();   // pushed larger before this snapshot landed: against the holding as last reconciled
                    since = b.sinceMs();
                }
                if (old != null && since != null && p.grewFrom(old)) {
                    asks.add(new Ask(old, p, since));
                }
            }
        }
        Map<String, Boolean> out = new HashMap<>();
        for (Ask a : asks) {
            Boolean v = null;
            double[] range = null;
            try {
                v = connector.reopenedSince(a.earlier(), a.now(), a.sinceMs());
                if (v == null) {
                    range = connector.tradedRangeSince(a.now().symbol(), a.sinceMs());
                    v = range == null ? null : !a.now().addedWithin(a.earlier(), range[0], range[1]);
                }
            } catch (RuntimeException e) {
                v = null;   // unreadable now: taken as an add, as before
            }
            if (range != null || v == null) {
                // the venue's records did not tell: said, with what decided instead and what that cannot see
                String sym = a.now().symbol();
                sink.fault(account, connector.venue() + ": " + sym + " " + a.now().side().label() + " " + size(a.now()) + " (was " + size(a.earlier())
                        + "): the venue's records did not tell an add from a holding closed and opened again; "
                        + (range == null ? "no prices traded since could be read: taken for an add"
                        : "its entry against the prices traded since (" + price(sym, range[0]) + "–" + price(sym, range[1]) + ") says "
                        + (v ? "a new holding" : "an add (a holding reopened inside that range is taken for one)")));
            }
            if (v != null) {
                out.put(a.now().key(), v);
            }
        }
        return out;
    }

    private synchronized void adoptSnapshot(AccountSnapshot s, Map<String, Boolean> reopened) {
        if (marginAssets == null) {
            readMarginAssets();
        }
        Map<String, LivePosition> next = new LinkedHashMap<>();
        for (LivePosition p : s.positions()) {
            next.put(p.key(), p);
        }
        // a push received after this snapshot's reads began (s.timeMs(), the local clock) is newer than what they saw — a
        // position closed or changed while the REST reads were under way: the stream's state stands, no mismatch, no
        // closed position shown open again until the next resync
        pushedAtMs.forEach((key, at) -> {
            if (at >= s.timeMs()) {
                LivePosition now = positions.get(key);
                if (now == null) {
                    next.remove(key);
                } else {
                    next.put(key, now);
                }
            }
        });
        pushedAtMs.values().removeIf(at -> at < s.timeMs());
        boolean mismatchBefore = fault != null && fault.kind() == Fault.Kind.SNAPSHOT_MISMATCH;
        if (haveSnapshot && (fault == null || mismatchBefore)) {
            String diff = difference(List.copyOf(next.values()));
            if (diff != null) {
                raiseFault(new Fault(Fault.Kind.SNAPSHOT_MISMATCH, connector.venue() + ": the REST snapshot disagrees with the stream ("
                        + diff + "); using the snapshot", s.timeMs()), true);
            } else if (mismatchBefore) {
                fault = null;   // the stream has agreed with the adopted snapshot since
                faultAlerted = false;
            }
        }
        if (!haveSnapshot) {
            renewSinceLastRun(next, reopened);
        }
        renewReopened(next, s.timeMs(), reopened);
        for (String key : new ArrayList<>(pendingLiquidations.keySet())) {
            settleLiquidation(key, next.get(key));
        }
        for (LivePosition old : positions.values()) {
            LivePosition now = next.get(old.key());
            // smaller while away, its state liquidated (the engine's ratio reached 100 %): the venue liquidated part of it, unseen
            if (now != null && now != old && now.side() == old.side() && now.qty() < old.qty() && state(subjectOf(now)).liquidated()) {
                partiallyLiquidated(new PendingLiquidation(old, Double.NaN, s.timeMs(), System.currentTimeMillis()), now);
            }
        }
        for (LivePosition old : new ArrayList<>(positions.values())) {
            if (!next.containsKey(old.key())) {
                closePosition(old, Double.NaN, s.timeMs());
            }
        }
        positions.clear();
        positions.putAll(next);
        long knownMs = System.currentTimeMillis();
        knownAtMs.keySet().retainAll(positions.keySet());
        positions.keySet().forEach(k -> knownAtMs.put(k, knownMs));
        if (walletPushedAtMs < s.timeMs()) {
            wallet = s.walletBalance();
        }
        // each wallet the stream changed after the snapshot's reads began keeps the pushed amount, as the positions do
        Map<String, Double> pushedPool = new HashMap<>();
        collateral.forEach(c -> {
            if (collateralPushedAtMs.getOrDefault(c.asset(), Long.MIN_VALUE) >= s.timeMs()) {
                pushedPool.put(c.asset(), c.amount());
            }
        });
        collateral = s.collateral().stream().map(c -> pushedPool.containsKey(c.asset()) ? c.withAmount(pushedPool.get(c.asset())) : c).toList();
        collateralPushedAtMs.values().removeIf(at -> at < s.timeMs());
        collateralMarks = Map.copyOf(s.marks());
        if (!s.wallets().isEmpty()) {
            perAsset = true;
            Map<String, Double> pushed = new HashMap<>();
            assetWallets.forEach((asset, w) -> {
                if (assetPushedAtMs.getOrDefault(asset, Long.MIN_VALUE) >= s.timeMs()) {
                    pushed.put(asset, w);
                }
            });
            assetWallets.clear();
            assetWallets.putAll(s.wallets());
            assetWallets.putAll(pushed);
        }
        assetPushedAtMs.values().removeIf(at -> at < s.timeMs());
        long now = System.currentTimeMillis();
        s.marks().forEach((sym, price) -> {
            MarkUpdate m = marks.get(sym);
            if (m == null || m.eventTimeMs() < s.timeMs()) {
                MarkUpdate f = s.funding().get(sym) != null ? s.funding().get(sym) : m;
                marks.put(sym, new MarkUpdate(sym, price, f == null ? Double.NaN : f.index(), f == null ? Double.NaN : f.fundingRate(),
                        f == null ? 0 : f.nextFundingMs(), s.timeMs(), System.nanoTime(),
                        f != null && !Double.isNaN(f.openInterest()) ? f.openInterest() : m == null ? Double.NaN : m.openInterest()));
                markSeenMs.putIfAbsent(sym, settings.markClock().millis());   // staleness is the push feed's: a resync does not hide a silent socket
            }
        });
        s.funding().forEach((sym, f) -> {   // open interest is read over REST only on some venues: the snapshot's is the newest
            MarkUpdate cur = marks.get(sym);
            if (cur != null && !Double.isNaN(f.openInterest())) {
                marks.put(sym, new MarkUpdate(sym, cur.mark(), cur.index(), cur.fundingRate(), cur.nextFundingMs(), cur.eventTimeMs(),
                        cur.receivedNanos(), f.openInterest()));
            }
        });
        haveSnapshot = true;
        unreconciled = false;
        baselines.clear();
        Set<String> symbols = new TreeSet<>();
        positions.values().forEach(p -> symbols.add(p.symbol()));
        for (String sym : symbols) {
            judgeSymbol(sym, s.timeMs());
        }
        forgetGoneSubjects();
        fetchMissingInstruments();
        fetchAccountFees();
        atrSoon();
        connector.watchSymbols(symbols);
        emitView();
    }

    /**
     * Positions closed and opened again under the same key while the stream was away, seen only in this snapshot
     * ({@link LivePosition#sameHolding}: another opening mark, side, or entry): the old one gets its close line (liquidated
     * where the venue said so or its state reached it), and the new one is watched afresh — the old one's alert state (a
     * threshold fired, a liquidation told) is not the new one's. A position the stream changed after the reads began is the
     * stream's, not compared.
     */
    private void renewReopened(Map<String, LivePosition> next, long timeMs, Map<String, Boolean> reopened) {
        for (LivePosition held : new ArrayList<>(positions.values())) {
            LivePosition now = next.get(held.key());
            Baseline b = baselines.get(held.key());
            // a key pushed larger before this snapshot landed, the venue asked: judged against the holding as last reconciled
            LivePosition old = now != null && b != null && now.grewFrom(b.position()) && reopened.containsKey(held.key()) ? b.position() : held;
            if (now != null && now != old && !sameHolding(now, old, reopened)) {
                renew(old, now, timeMs);
            }
        }
    }

    /** {@link LivePosition#sameHolding}, unless the venue's records or the prices traded meanwhile told it ({@link #reopenedVerdicts}). */
    private static boolean sameHolding(LivePosition now, LivePosition earlier, Map<String, Boolean> reopened) {
        Boolean r = now.grewFrom(earlier) ? reopened.get(now.key()) : null;
        return r != null ? !r : now.sameHolding(earlier);
    }

    /** The positions judged under {@code subject}, by key. */
    private Map<String, LivePosition> holdingsOf(String subject) {
        Map<String, LivePosition> out = new HashMap<>();
        positions.values().forEach(p -> {
            if (subjectOf(p).equals(subject)) {
                out.put(p.key(), p);
            }
        });
        return out;
    }

    /**
     * The first snapshot of this run against the positions each remembered alert state was about when the last run saved it
     * ({@link AlertStateStore#holdings}): a subject one of whose positions was closed and opened again under its key while
     * perpguard was stopped ({@link LivePosition#sameHolding}) starts afresh; one whose position is gone has it closed (a
     * cross wallet's liquidated state is then re-armed for what is left, as when the stream closes it).
     */
    private void renewSinceLastRun(Map<String, LivePosition> next, Map<String, Boolean> reopened) {
        Set<String> subjects = new TreeSet<>();
        next.values().forEach(p -> subjects.add(subjectOf(p)));
        for (String subject : subjects) {
            for (Map.Entry<String, LivePosition> e : store.holdings(subject).entrySet()) {
                LivePosition now = next.get(e.getKey());
                if (now == null) {
                    closedSubjects.add(subject);
                } else if (!sameHolding(now, e.getValue(), reopened)) {
                    states.remove(subject);
                    store.save(subject, null);
                    break;
                }
            }
        }
    }

    /**
     * {@code now} is another holding than {@code old} under its key: the old one's close line, and both subjects' alert
     * states cleared before the new one is judged. {@code old} is removed from the positions; the caller puts {@code now}.
     */
    private void renew(LivePosition old, LivePosition now, long timeMs) {
        settleLiquidation(old.key(), null);   // a liquidation reported for the old one closed it
        closePosition(old, Double.NaN, timeMs);
        for (String subject : new TreeSet<>(List.of(subjectOf(old), subjectOf(now)))) {
            states.remove(subject);
            store.save(subject, null);
            closedSubjects.remove(subject);   // cleared here, before the new one is judged: not again after it
        }
        positions.remove(old.key());
    }

    /**
     * Reads the ATR of position symbols that have none yet at once, not at the next hourly round: the first round runs
     * 1 s after start and finds no position when the first snapshot is slower than that (then the ATR column stayed
     * empty for a minute).
     */
    private void atrSoon() {
        for (LivePosition p : positions.values()) {
            if (!atrAtMs.containsKey(p.symbol())) {
                try {
                    timer.execute(this::refreshAtr);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closed
                }
                return;
            }
        }
    }

    @Override
    public synchronized void onAccountUpdate(AccountUpdate u) {
        long receivedMs = System.currentTimeMillis();
        if (!Double.isNaN(u.walletBalance())) {
            wallet = u.walletBalance();
            walletPushedAtMs = receivedMs;
        }
        if (!u.wallets().isEmpty()) {
            perAsset = true;
            assetWallets.putAll(u.wallets());
            u.wallets().keySet().forEach(a -> assetPushedAtMs.put(a, receivedMs));
        }
        if (!collateral.isEmpty()) {
            // the pool's wallets: the assets the push names (Bybit's wallet topic lists coins as wallets, USDT as walletBalance)
            Map<String, Double> changed = new HashMap<>(u.wallets());
            if (!Double.isNaN(u.walletBalance())) {
                changed.put(ACCOUNT_WALLET, u.walletBalance());
            }
            changed.putAll(u.collateralWallets());
            List<CollateralAsset> next = new ArrayList<>();
            for (CollateralAsset c : collateral) {
                Double w = changed.get(c.asset());
                next.add(w == null ? c : c.withAmount(w));
                if (w != null) {
                    collateralPushedAtMs.put(c.asset(), receivedMs);
                }
            }
            collateral = List.copyOf(next);   // an asset new to the pool waits for the next snapshot's index
        }
        Set<String> touched = new TreeSet<>();
        for (LivePosition p : u.positions()) {
            pushedAtMs.put(p.key(), receivedMs);
            Long knownBefore = knownAtMs.get(p.key());
            if (p.open()) {
                knownAtMs.put(p.key(), receivedMs);
            } else {
                knownAtMs.remove(p.key());
            }
            LivePosition old = positions.get(p.key());
            boolean settled = settleLiquidation(p.key(), p);
            if (!settled && old != null && p.open() && p.side() == old.side() && p.qty() < old.qty()) {
                reductions.put(p.key(), new Reduction(old, receivedMs));
            }
            if (!p.open()) {
                baselines.remove(p.key());   // the stream told the close
                if (old != null) {
                    closePosition(old, Double.NaN, u.eventTimeMs());
                    positions.remove(p.key());
                }
            } else {
                double lev = !Double.isNaN(p.leverage()) ? p.leverage() : old != null ? old.leverage() : Double.NaN;
                LivePosition next = p.withLeverage(lev);
                if (old != null && !next.sameHolding(old)) {
                    baselines.remove(p.key());
                    renew(old, next, u.eventTimeMs());   // reopened (or reversed) unseen: OKX's first push after a reconnect
                } else if (old != null) {
                    if (unreconciled && haveSnapshot && knownBefore != null && next.grewFrom(old)) {
                        // larger after a gap: an add, or closed and opened again unseen — the next snapshot asks the venue
                        baselines.putIfAbsent(p.key(), new Baseline(old, knownBefore));
                    }
                    if (next.opened().isEmpty()) {
                        next = next.withOpened(old.opened());   // an update that does not carry the opening mark keeps it
                    }
                }
                positions.put(p.key(), next);
                touched.add(p.symbol());
            }
        }
        for (String sym : touched) {
            if (haveSnapshot) {   // before the run's first snapshot it judges them, reconciled with the remembered holdings
                judgeSymbol(sym, u.eventTimeMs());
            }
        }
        forgetGoneSubjects();
        fetchMissingInstruments();
        fetchAccountFees();
        emitView();
    }

    @Override
    public void onMark(MarkUpdate m) {
        synchronized (this) {
            marks.put(m.symbol(), m.orOpenInterest(marks.get(m.symbol())));
            markSeenMs.put(m.symbol(), settings.markClock().millis());
            boolean fresh = staleSince.remove(m.symbol()) != null;
            if (fault != null && fault.kind() == Fault.Kind.MALFORMED) {
                fault = null;   // a readable mark again
                fresh = true;
            }
            sink.mark(account, m);
            if (!haveSnapshot || !hasPosition(m.symbol())) {
                return;
            }
            judgeSymbol(m.symbol(), m.eventTimeMs());
            funding(m);
            if (fresh || System.currentTimeMillis() - lastViewMs >= settings.updateEvery().toMillis()) {
                emitView();
            }
        }
    }

    /**
     * The venue liquidated (part of) a held position: told when its update shows what is left ({@link #settleLiquidation}) —
     * closed, or open at a smaller size (a partial liquidation) — or after {@link #LIQUIDATION_WAIT_MS} without one; at once
     * when the position is already gone or was just reduced by the stream (the venue's order came after its update).
     */
    @Override
    public synchronized void onLiquidation(String symbol, String positionSideLabel, double price, long eventTimeMs) {
        String key = symbol + "/" + positionSideLabel;
        LivePosition p = positions.get(key);
        Long told = liquidationToldAtMs.get(key);
        if (told != null && System.currentTimeMillis() - told <= LIQUIDATION_WAIT_MS) {
            return;   // another fill of the liquidation just told
        }
        if (p == null) {
            liquidatedAfterClose(key, symbol, positionSideLabel, price, eventTimeMs);
            return;
        }
        Reduction r = reductions.get(key);
        if (r != null && System.currentTimeMillis() - r.atMs() <= LIQUIDATION_WAIT_MS) {
            reductions.remove(key);
            partiallyLiquidated(new PendingLiquidation(r.before(), price, eventTimeMs, r.atMs()), p);
            emitView();
            return;
        }
        pendingLiquidations.put(key, new PendingLiquidation(p, price, eventTimeMs, System.currentTimeMillis()));
    }

    /**
     * A liquidation reported for a key no position is held under: the one last closed under it within
     * {@code 20 × LIQUIDATION_WAIT_MS} (the venue's update came first) was liquidated — its close line says so, and the alert
     * is raised unless perpguard had told it; otherwise it is told as the venue said it, about no held position. Either way
     * nothing stays marked: a position opened under the key later is another, its close its own, and no subject's alert
     * state is made terminal (a cross wallet's other positions are still watched).
     */
    private void liquidatedAfterClose(String key, String symbol, String positionSideLabel, double price, long eventTimeMs) {
        long nowMs = System.currentTimeMillis();
        liquidationToldAtMs.put(key, nowMs);
        RecentClose c = recentCloses.remove(key);
        boolean told = false;
        String subject = crossSubject(symbol);
        if (c != null && nowMs - c.atMs() <= 20 * LIQUIDATION_WAIT_MS) {
            subject = subjectOf(c.position());
            told = c.told();
            if (!"liquidated".equals(c.line().reason())) {
                WatchView.Closed l = c.line();
                replaceLine(l, l.liquidatedAt(Double.isFinite(price) ? price : l.price()));   // the venue's figures on it kept
            } else {
                told = true;   // its line already says so: the engine's or an earlier report's alert told it
            }
        }
        if (!told) {
            raise(new LiveAlert(dedupe(subject, "liquidation", 1, eventTimeMs), account, connector.venue(), subject, symbol, "liquidation",
                    1, Double.NaN, price, eventTimeMs, nowMs,
                    account + " " + symbol + " " + positionSideLabel + ": liquidated by " + connector.venue()
                            + (Double.isFinite(price) ? " at " + price(symbol, price) : "")));
        }
        emitView();
    }

    /**
     * A trade of the account: one that reduces a held position is kept for its close line; one that reduces a position whose
     * close line was just told (the venue's trade came after its update) is added to that line once the trades after it add
     * up to its size. A trade that opens or adds is not a close's — but one that adds to a position held on the other side
     * of a one-way key, made no later than the close line, is the closing part of the trade that reversed it (its update came first).
     */
    @Override
    public synchronized void onFill(VenueFill f) {
        String key = f.symbol() + "/" + f.positionSideLabel();
        LivePosition p = positions.get(key);
        if (p != null && f.reduces(p.side() == io.perpguard.margin.Side.LONG)) {
            List<VenueFill> fills = reducingFills.computeIfAbsent(key, k -> new ArrayList<>());
            fills.add(f);
            if (fills.size() > KEEP_FILLS) {
                fills.remove(0);
            }
            return;
        }
        RecentClose c = recentCloses.get(key);
        if (c == null || c.line().realizedPnl() != null || System.currentTimeMillis() - c.atMs() > 20 * LIQUIDATION_WAIT_MS
                || !f.reduces(c.position().side() == io.perpguard.margin.Side.LONG) || p != null && f.timeMs() > c.line().timeMs()) {
            return;
        }
        List<VenueFill> after = fillsAfterClose.computeIfAbsent(key, k -> new ArrayList<>());
        after.add(f);
        VenueFill.Figures fig = VenueFill.closing(after, c.line().qty(), inverse(c.position().symbol()));
        if (fig != null) {
            fillsAfterClose.remove(key);
            replaceLine(c.line(), c.line().withVenue(fig));
            emitView();
        }
    }

    /** Puts {@code next} where the close line {@code line} is (the lines kept and the key's recent close). */
    private void replaceLine(WatchView.Closed line, WatchView.Closed next) {
        List<WatchView.Closed> lines = new ArrayList<>(closed);
        int i = lines.indexOf(line);
        if (i >= 0) {
            lines.set(i, next);
            closed.clear();
            closed.addAll(lines);
        }
        recentCloses.replaceAll((k, r) -> r.line().equals(line) ? new RecentClose(r.position(), next, r.atMs(), r.told()) : r);
    }

    /** A liquidation the venue reported as a whole: the subject's state is terminal, the position's close line says "liquidated". */
    private void liquidated(String key, String symbol, String positionSideLabel, double price, long eventTimeMs) {
        liquidatedByVenue.put(key, price);
        liquidationToldAtMs.put(key, System.currentTimeMillis());
        LivePosition p = positions.get(key);
        String subject = p != null && p.marginMode() == MarginMode.ISOLATED ? "isolated:" + key : crossSubject(symbol);
        AlertState st = state(subject);
        if (!st.liquidated()) {
            states.put(subject, new AlertState(st.firedMask(), true, st.lastRatio(), st.lastTimeMs(), st.windowStartMs(), st.windowLow(), st.fastFired()));
            store.save(subject, states.get(subject));
            store.saveHoldings(subject, holdingsOf(subject));
            raise(new LiveAlert(dedupe(subject, "liquidation", 1, eventTimeMs), account, connector.venue(), subject, symbol, "liquidation",
                    1, Double.NaN, price, eventTimeMs, System.currentTimeMillis(),
                    account + " " + symbol + " " + positionSideLabel + ": liquidated by " + connector.venue()
                            + (Double.isFinite(price) ? " at " + price(symbol, price) : "")));
        }
    }

    /**
     * Settles a pending liquidation of {@code key} by the position as now reported ({@code now}; null or size 0: gone): gone, a
     * full liquidation; open on the same side at a smaller size, a partial one; else (an update that did not reduce it) it
     * keeps waiting. True when it was settled (told).
     */
    private boolean settleLiquidation(String key, LivePosition now) {
        PendingLiquidation l = pendingLiquidations.get(key);
        if (l == null) {
            return false;
        }
        if (now == null || !now.open()) {
            pendingLiquidations.remove(key);
            liquidated(key, l.before().symbol(), l.before().positionSide().label(), l.price(), l.eventTimeMs());
            return true;
        } else if (now.side() == l.before().side() && now.qty() < l.before().qty()) {
            pendingLiquidations.remove(key);
            partiallyLiquidated(l, now);
            return true;
        }
        return false;
    }

    /**
     * Part of a position liquidated, the rest open: told once (what was closed, what is left), and what is left is watched
     * afresh — its subject's alert state is cleared (a liquidated state is terminal and would silence its later crossings).
     */
    private void partiallyLiquidated(PendingLiquidation l, LivePosition left) {
        LivePosition before = l.before();
        String subject = subjectOf(left);
        liquidationToldAtMs.put(left.key(), System.currentTimeMillis());
        states.remove(subject);
        store.save(subject, null);
        LivePosition cut = new LivePosition(before.symbol(), before.side(), before.qty() - left.qty(), before.entryPrice(), before.leverage(),
                before.marginMode(), before.positionSide(), 0);
        raise(new LiveAlert(dedupe(subject, "partial_liquidation", Double.NaN, l.eventTimeMs()), account, connector.venue(), subject, left.symbol(),
                "partial_liquidation", Double.NaN, Double.NaN, l.price(), l.eventTimeMs(), System.currentTimeMillis(),
                account + " " + left.symbol() + " " + left.positionSide().label() + ": partially liquidated by " + connector.venue()
                        + (Double.isFinite(l.price()) ? " at " + price(left.symbol(), l.price()) : "") + " — " + size(cut) + " closed, "
                        + size(left) + " left, watched afresh"));
    }

    /** Liquidations the venue reported whose position no update settled in time: told as full ones, as the venue said. */
    private void settleOverdueLiquidations(long nowMs) {
        for (String key : new ArrayList<>(pendingLiquidations.keySet())) {
            PendingLiquidation l = pendingLiquidations.get(key);
            if (nowMs - l.seenAtMs() > (fault == null ? LIQUIDATION_WAIT_MS : 20 * LIQUIDATION_WAIT_MS)) {
                pendingLiquidations.remove(key);
                liquidated(key, l.before().symbol(), l.before().positionSide().label(), l.price(), l.eventTimeMs());
            }
        }
        reductions.values().removeIf(r -> nowMs - r.atMs() > LIQUIDATION_WAIT_MS);
        liquidationToldAtMs.values().removeIf(at -> nowMs - at > LIQUIDATION_WAIT_MS);
    }

    /** The alert subject a position is judged under: its own when isolated, its wallet's cross one otherwise. */
    private String subjectOf(LivePosition p) {
        return p.marginMode() == MarginMode.ISOLATED ? "isolated:" + p.key() : crossSubject(p.symbol());
    }

    @Override
    public synchronized void onFault(Fault f) {
        sink.fault(account, f.detail());
        unreconciled = true;   // a reconnect and its snapshot follow: pushes until then may come after a gap
        if (f.kind() == Fault.Kind.CLOCK_SKEW) {
            if (clockSkewAlerted) {
                return;   // found again at each reconnect: said once
            }
            clockSkewAlerted = true;
        }
        boolean hard = f.kind() == Fault.Kind.AUTH || f.kind() == Fault.Kind.CLOCK_SKEW || f.kind() == Fault.Kind.SNAPSHOT_MISMATCH;
        raiseFault(f, hard);
    }

    @Override
    public synchronized void onHealthy(long timeMs) {
        // a fault told after the resync's reads began (a socket dropped while the connect handed its snapshot over) is not over:
        // cleared, the view would read fresh while the reconnect's snapshot is still to come
        if (fault != null && fault.timeMs() <= timeMs) {
            if (faultAlerted) {
                sink.fault(account, connector.venue() + ": data is current again");
            }
            fault = null;
            faultAlerted = false;
        }
        emitView();
    }

    private void raiseFault(Fault f, boolean alertNow) {
        if (fault == null) {
            faultSinceMs = f.timeMs();
            faultAlerted = false;
        }
        fault = f;
        if (alertNow && !faultAlerted) {
            faultAlerted = true;
            raise(new LiveAlert(dedupe("feed", f.kind().name().toLowerCase(Locale.ROOT), Double.NaN, faultSinceMs), account, connector.venue(),
                    "feed", null, f.kind() == Fault.Kind.SNAPSHOT_MISMATCH || f.kind() == Fault.Kind.CLOCK_SKEW || f.kind() == Fault.Kind.AUTH
                    ? "fault" : "stale", Double.NaN, Double.NaN, Double.NaN, f.timeMs(), System.currentTimeMillis(),
                    account + ": data stale — " + f.detail()));
        }
        emitView();
    }

    //-------------------------------------------------------------------------
    private void judgeSymbol(String symbol, long timeMs) {
        MarkUpdate m = marks.get(symbol);
        if (m == null) {
            return;
        }
        boolean crossTouched = false;
        for (LivePosition p : positions.values()) {
            if (!p.symbol().equals(symbol)) {
                continue;
            }
            if (p.marginMode() == MarginMode.ISOLATED) {
                if (!instruments.contains(symbol)) {
                    continue;
                }
                Position pos = position(p, m.mark());
                double ratio = MarginCalculator.isolatedMarginRatioAt(pos, instruments.get(symbol), m.mark());
                judge("isolated:" + p.key(), symbol, ratio, m.mark(), timeMs,
                        account + " " + symbol + " " + pos.side().label() + " isolated: ");
            } else {
                crossTouched = true;
            }
        }
        if (crossTouched && !collateral.isEmpty() && walletOf(symbol).isEmpty()) {
            CollateralPool pool = pool();
            if (pool != null) {
                try {
                    judge(crossSubject(symbol), symbol, pool.marginRatio(instruments), m.mark(), timeMs, account + " cross (" + connector.poolMode() + "): ");
                } catch (RuntimeException e) {
                    // a position the engine refuses (leverage beyond its tier): no ratio, as for one wallet
                }
            }
        } else if (crossTouched) {
            Account a = accountOf(walletOf(symbol));
            if (a != null) {
                double ratio = MarginCalculator.crossMarginRatioAt(a, instruments, symbol, m.mark());
                judge(crossSubject(symbol), symbol, ratio, m.mark(), timeMs, account + " cross" + (walletOf(symbol).isEmpty() ? "" : " " + walletOf(symbol)) + ": ");
            }
        }
    }

    private void judge(String subject, String symbol, double ratio, double mark, long timeMs, String prefix) {
        AlertState before = state(subject);
        long t = before.lastTimeMs() == Long.MIN_VALUE ? timeMs : Math.max(timeMs, before.lastTimeMs());
        MarginAlertRules.Step step = MarginAlertRules.evaluate(settings.policy(), before, ratio, t);
        states.put(subject, step.state());
        store.save(subject, step.state());
        if (step.state().firedMask() != 0 || step.state().liquidated()) {
            store.saveHoldings(subject, holdingsOf(subject));   // what the remembered state is about, for the next run
        }
        for (MarginAlert a : step.alerts()) {
            String kind = a.kind().label();
            raise(new LiveAlert(dedupe(subject, kind, a.threshold(), timeMs), account, connector.venue(), subject, symbol, kind,
                    a.threshold(), a.marginRatio(), mark, timeMs, System.currentTimeMillis(),
                    prefix + AlertText.message(a) + " at mark " + price(symbol, mark)));
        }
    }

    private AlertState state(String subject) {
        return states.computeIfAbsent(subject, store::load);
    }

    private void funding(MarkUpdate m) {
        if (!Double.isFinite(m.fundingRate()) || m.nextFundingMs() <= 0) {
            return;
        }
        long lead = m.nextFundingMs() - m.eventTimeMs();
        if (lead < 0 || lead > settings.fundingLead().toMillis() || Math.abs(m.fundingRate()) < settings.fundingRateAlert()) {
            return;
        }
        for (LivePosition p : positions.values()) {
            double due = FundingCarry.payment(p.side(), notional(p, m.mark()), m.fundingRate());
            if (!p.symbol().equals(m.symbol()) || due <= 0) {
                continue;
            }
            String subject = "funding:" + p.key();
            String key = dedupe(subject, "funding", m.fundingRate(), m.nextFundingMs());
            AlertState st = state(subject);
            if (st.lastTimeMs() == m.nextFundingMs()) {
                continue;   // already alerted for this funding time
            }
            states.put(subject, new AlertState(0, false, m.fundingRate(), m.nextFundingMs(), 0, Double.NaN, false));
            raise(new LiveAlert(key, account, connector.venue(), subject, p.symbol(), "funding", m.fundingRate(), Double.NaN, m.mark(),
                    m.eventTimeMs(), System.currentTimeMillis(), String.format(Locale.ROOT,
                    "%s %s %s: pays %s funding (rate %.4f %%) in %d min", account, p.symbol(), p.side().label(),
                    amount(due, currency(p.symbol())), m.fundingRate() * 100, lead / 60_000)));
        }
    }

    private void checkStale() {
        try {
            synchronized (this) {
                long now = System.currentTimeMillis();
                settleOverdueLiquidations(now);
                long markNow = settings.markClock().millis();
                long limit = settings.staleAfter().toMillis();
                boolean changed = false;
                for (LivePosition p : positions.values()) {
                    Long seen = markSeenMs.get(p.symbol());
                    if (haveSnapshot && (seen == null || markNow - seen > limit) && !staleSince.containsKey(p.symbol())) {
                        long since = seen == null ? markNow : seen;
                        staleSince.put(p.symbol(), since);
                        changed = true;
                        raise(new LiveAlert(dedupe("mark:" + p.symbol(), "stale", Double.NaN, since), account, connector.venue(),
                                "mark:" + p.symbol(), p.symbol(), "stale", Double.NaN, Double.NaN, Double.NaN, since, now,
                                account + " " + p.symbol() + ": data stale — no mark for " + (markNow - since) / 1000 + " s"));
                    }
                }
                if (fault != null && !faultAlerted && now - faultSinceMs >= limit) {
                    raiseFault(fault, true);
                }
                if (changed || now - lastViewMs >= settings.updateEvery().toMillis()) {
                    emitView();
                }
                flushState();   // under the lock: the state of the alerts handed over so far, written after them
            }
        } catch (RuntimeException e) {
            sink.fault(account, "watch: " + e.getMessage());
        }
    }

    //-------------------------------------------------------------------------
    /** The view as of now. */
    public synchronized WatchView view() {
        long now = System.currentTimeMillis();
        List<WatchView.Row> rows = new ArrayList<>();
        List<LivePosition> ps = new ArrayList<>(positions.values());
        // one engine account per wallet (the account's one wallet, or each margin asset's): its report by position key
        Map<String, PositionReport> reports = new HashMap<>();
        List<WatchView.Wallet> walletViews = new ArrayList<>();
        double crossRatio = Double.NaN, shownWallet = wallet;
        Set<String> keys = walletKeys();
        for (String w : keys) {
            AccountReport report = null;
            Account acc = accountOf(w);
            List<LivePosition> group = ps.stream().filter(p -> walletOf(p.symbol()).equals(w)).toList();
            if (acc != null) {
                try {
                    report = MarginCalculator.evaluate(acc, instruments);
                } catch (RuntimeException e) {
                    report = null;   // leverage beyond the tier table etc.: rows without liquidation prices
                }
            }
            double ratio = report == null ? Double.NaN : report.marginRatio();
            for (int i = 0; report != null && i < group.size(); i++) {
                reports.put(group.get(i).key(), report.positions().get(i));
            }
            if (w.isEmpty()) {
                crossRatio = ratio;   // the account's own (USDT) wallet: the one-wallet fields are its
                if (keys.size() > 1) {
                    walletViews.add(new WatchView.Wallet(ACCOUNT_WALLET, wallet, ratio));
                }
            } else {
                walletViews.add(new WatchView.Wallet(w, assetWallets.getOrDefault(w, Double.NaN), ratio));
                if (!keys.contains("") && !group.isEmpty() && Double.isNaN(crossRatio)) {
                    crossRatio = ratio;   // coin wallets only (COIN-M): the one-wallet fields are the first holding a position
                    shownWallet = assetWallets.getOrDefault(w, Double.NaN);
                }
            }
        }
        // Multi-Assets mode: the account's cross positions are priced on the pool of every margin asset
        Map<String, PoolReport.Liquidation> onPool = new HashMap<>();
        List<WatchView.Collateral> collateralViews = new ArrayList<>();
        double poolRatio = Double.NaN;
        if (!collateral.isEmpty()) {
            CollateralPool pool = pool();
            PoolReport pr = null;
            try {
                pr = pool == null ? null : pool.evaluate(instruments);
            } catch (RuntimeException e) {
                pr = null;
            }
            if (pr != null) {
                poolRatio = pr.marginRatio();
                crossRatio = poolRatio;
                pr.liquidations().forEach(l -> onPool.put(l.symbol(), l));
                for (PoolReport.AssetLine a : pr.assets()) {
                    collateralViews.add(new WatchView.Collateral(a.asset(), a.amount(), a.indexPrice(), a.valueUsd()));
                }
            } else {
                crossRatio = Double.NaN;
                for (CollateralAsset c : collateral) {
                    collateralViews.add(new WatchView.Collateral(c.asset(), c.amount(), c.indexPrice(), Double.NaN));
                }
            }
        }
        for (int i = 0; i < ps.size(); i++) {
            LivePosition p = ps.get(i);
            MarkUpdate m = marks.get(p.symbol());
            double mark = m == null ? Double.NaN : m.mark();
            Long seen = markSeenMs.get(p.symbol());
            long age = seen == null ? Long.MAX_VALUE : settings.markClock().millis() - seen;
            PositionReport r = reports.get(p.key());
            double liq = r == null ? Double.NaN : r.liquidationPrice();
            double ratio = r == null ? Double.NaN : r.marginRatio();
            double distance = r == null ? Double.NaN : r.distanceToLiquidationPct();
            if (!collateral.isEmpty() && p.marginMode() == MarginMode.CROSS && walletOf(p.symbol()).isEmpty()) {
                PoolReport.Liquidation l = onPool.get(p.symbol());
                liq = l == null ? Double.NaN : l.liquidationPrice();
                distance = l == null ? Double.NaN : l.distanceToLiquidationPct();
                ratio = poolRatio;
            }
            boolean known = instruments.contains(p.symbol());
            io.perpguard.instrument.Contract c = known ? instruments.get(p.symbol()).contract() : null;
            double rate = m == null ? Double.NaN : m.fundingRate();
            double due = Double.isFinite(rate) && Double.isFinite(mark)
                    ? FundingCarry.payment(p.side(), notional(p, mark), rate) : Double.NaN;
            rows.add(new WatchView.Row(p.symbol(), p.side().label(),
                    p.marginMode().name().toLowerCase(Locale.ROOT), p.qty(), p.entryPrice(), mark, liq,
                    distance, Math.abs(liq - mark) / atr.getOrDefault(p.symbol(), Double.NaN), ratio, rate, m == null ? 0 : m.nextFundingMs(), due,
                    age == Long.MAX_VALUE ? -1 : age, fault != null || staleSince.containsKey(p.symbol()) || seen == null,
                    p.positionSide().label(), p.engineLeverage(), p.marginAdded(type(p.symbol())),
                    m == null ? Double.NaN : m.openInterest(), !instruments.contains(p.symbol()), currency(p.symbol()), contracts(p),
                    decimals(p.symbol(), io.perpguard.instrument.Contract::qtyDecimals), decimals(p.symbol(), io.perpguard.instrument.Contract::priceDecimals),
                    known ? c.takerFee() : Double.NaN, known ? c.makerFee() : Double.NaN,
                    !known ? null : accountFees.containsKey(p.symbol()) ? "account" : feesReading.contains(feeScope(p.symbol())) ? "reading" : "default"));
        }
        boolean stale = fault != null || !staleSince.isEmpty() || !haveSnapshot;
        String reason = fault != null ? fault.detail() : !staleSince.isEmpty() ? "no mark for " + String.join(", ", new TreeSet<>(staleSince.keySet()))
                : !haveSnapshot ? "connecting" : null;
        String mode = !collateral.isEmpty() ? connector.poolMode() : connector.hasAssetMode() ? "single-asset" : null;
        return new WatchView(account, connector.venue(), now, stale, reason, shownWallet, crossRatio, rows, new ArrayList<>(closed), walletViews,
                mode, collateralViews, perAsset ? assetWallets : Map.of());
    }

    private void emitView() {
        lastViewMs = System.currentTimeMillis();
        sink.update(view());
    }

    private void raise(LiveAlert a) {
        sink.alert(a);
    }

    private void closePosition(LivePosition p, double price, long timeMs) {
        String subject = p.marginMode() == MarginMode.ISOLATED ? "isolated:" + p.key() : crossSubject(p.symbol());
        AlertState st = states.get(subject);
        Double venuePrice = liquidatedByVenue.remove(p.key());
        if (!Double.isFinite(price) && venuePrice != null && Double.isFinite(venuePrice)) {
            price = venuePrice;   // the venue's liquidation price, as the line of a close its report came after says (liquidatedAfterClose)
        }
        boolean liquidated = venuePrice != null
                || p.marginMode() == MarginMode.ISOLATED && st != null && st.liquidated();
        closedSubjects.add(subject);
        WatchView.Closed line = new WatchView.Closed(p.symbol(), p.side().label(), p.marginMode().name().toLowerCase(Locale.ROOT),
                liquidated ? "liquidated" : "closed", Double.isFinite(price) ? price : marks.containsKey(p.symbol()) ? marks.get(p.symbol()).mark() : Double.NaN,
                timeMs, decimals(p.symbol(), io.perpguard.instrument.Contract::priceDecimals), p.qty());
        // the venue's figures of the trades that closed it, where its stream reported them before this update
        VenueFill.Figures venue = VenueFill.closing(reducingFills.remove(p.key()), p.qty(), inverse(p.symbol()));
        fillsAfterClose.remove(p.key());
        if (venue != null) {
            line = line.withVenue(venue);
        }
        closed.addLast(line);
        recentCloses.put(p.key(), new RecentClose(p, line, System.currentTimeMillis(), st != null && st.liquidated()));
        knownAtMs.remove(p.key());
        while (closed.size() > KEEP_CLOSED) {
            closed.removeFirst();
        }
    }

    private void forgetGoneSubjects() {
        Set<String> live = new HashSet<>();
        for (LivePosition p : positions.values()) {
            live.add(p.marginMode() == MarginMode.ISOLATED ? "isolated:" + p.key() : crossSubject(p.symbol()));
            live.add("funding:" + p.key());
        }
        for (String s : new ArrayList<>(states.keySet())) {
            AlertState st = states.get(s);
            // a cross wallet whose liquidated position closed while others stay (a hedge leg, another symbol, one reopened):
            // what is left is watched afresh — a liquidated state is terminal and would silence every later crossing
            boolean rearm = closedSubjects.contains(s) && st != null && st.liquidated();
            if (!live.contains(s) || rearm) {
                states.remove(s);
                store.save(s, null);   // a new position starts from a clean state
            }
        }
        closedSubjects.clear();
    }

    private boolean hasPosition(String symbol) {
        for (LivePosition p : positions.values()) {
            if (p.symbol().equals(symbol)) {
                return true;
            }
        }
        return false;
    }

    private String difference(List<LivePosition> snapshot) {
        Map<String, LivePosition> s = new HashMap<>();
        snapshot.forEach(p -> s.put(p.key(), p));
        for (LivePosition p : positions.values()) {
            LivePosition q = s.remove(p.key());
            if (q == null) {
                return p.key() + " " + size(p) + " in the stream, none in the snapshot";
            }
            if (Math.abs(q.signedQty() - p.signedQty()) > 1e-9 * Math.max(1, p.qty())) {
                return p.key() + " " + size(p) + " in the stream, " + size(q) + " in the snapshot";
            }
        }
        return s.isEmpty() ? null : s.keySet().iterator().next() + " in the snapshot, not in the stream";
    }

    /**
     * The positions of one wallet at their marks as an engine account (isolated margins included, so the cross wallet
     * is right): every position on a one-wallet account ({@code walletKey} ""), those margined by one asset where each
     * asset is its own wallet. Null until every position of it has a mark and an instrument.
     */
    private Account accountOf(String walletKey) {
        double w = walletKey.isEmpty() ? wallet : assetWallets.getOrDefault(walletKey, Double.NaN);
        if (Double.isNaN(w)) {
            return null;
        }
        List<Position> ps = positionsAtMarks(walletKey);
        if (ps == null) {
            return null;
        }
        try {
            return new Account(Math.max(w, 0), ps);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The positions margined by wallet {@code walletKey} ("" the account's own) at their marks; null until every one has a mark and an instrument. */
    private List<Position> positionsAtMarks(String walletKey) {
        List<Position> ps = new ArrayList<>();
        for (LivePosition p : positions.values()) {
            if (!walletOf(p.symbol()).equals(walletKey)) {
                continue;
            }
            MarkUpdate m = marks.get(p.symbol());
            if (m == null || !instruments.contains(p.symbol())) {
                return null;
            }
            ps.add(position(p, m.mark()));
        }
        return ps;
    }

    /**
     * The account's cross positions at their marks on the pool of its margin assets (Multi-Assets mode); null until every
     * one has a mark and an instrument.
     */
    private CollateralPool pool() {
        return pool(instruments);
    }

    /**
     * Reads which contracts the venue margins in another asset than their instruments settle in
     * ({@link ExchangeConnector#marginAssets}: Binance's {@code ETHUSDC} in USDC) and settles them there, so each is shown,
     * totalled and priced in it — on its own wallet, or at that asset's index and rule in a pool. Until the venue answers
     * (read again at the next snapshot) they count in their instruments' currency.
     */
    private void readMarginAssets() {
        Map<String, String> assets;
        try {
            assets = connector.marginAssets();
        } catch (RuntimeException e) {
            assets = Map.of();
        }
        if (!assets.isEmpty()) {
            marginAssets = Map.copyOf(assets);
            instruments = withAccountFees(inMarginAssets(instruments));
        }
    }

    /** {@code base} with each contract the venue margins in another asset settled in that asset. */
    private Instruments inMarginAssets(Instruments base) {
        if (marginAssets == null || marginAssets.isEmpty()) {
            return base;
        }
        return withContracts(base, marginAssets, (c, asset) -> c.settlementCurrency().equals(asset) ? c
                : c.on(c.exchange(), c.type(), c.contractSize(), asset));
    }

    /** {@code base} with the contract of each symbol {@code by} names remade by {@code remake} from it; the tiers are kept. */
    private static <V> Instruments withContracts(Instruments base, Map<String, V> by,
                                                 java.util.function.BiFunction<io.perpguard.instrument.Contract, V, io.perpguard.instrument.Contract> remake) {
        Map<String, io.perpguard.instrument.Instrument> m = new LinkedHashMap<>(base.bySymbol());
        by.forEach((symbol, v) -> {
            io.perpguard.instrument.Instrument i = m.get(symbol);
            if (i != null) {
                m.put(symbol, new io.perpguard.instrument.Instrument(remake.apply(i.contract(), v), i.tiers()));
            }
        });
        return new Instruments(m, base.unknownHint(), base.withoutTables());
    }

    private CollateralPool pool(Instruments poolInstruments) {
        List<Position> ps = positionsAtMarks("");
        if (ps == null) {
            return null;
        }
        try {
            // an asset in a contract's own coin (BTC beside BTCUSDT) moves with its mark between snapshots
            return new CollateralPool(collateral, ps, null).withIndexesMovedSince(poolInstruments, collateralMarks);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The wallets to report: "" (the account's own wallet) where the venue reports no coin wallets, or where it holds a
     * balance or a linear position; each coin wallet a position draws on; on a coin-wallets-only account (COIN-M,
     * {@link #wallet} NaN) also every coin with a balance. A linear-only account has "" alone: its coin balances, if
     * the venue lists them, margin nothing it holds.
     */
    private Set<String> walletKeys() {
        Set<String> keys = new TreeSet<>();
        if (!perAsset || wallet != 0 && !Double.isNaN(wallet)) {
            keys.add("");
        } else if (Double.isNaN(wallet)) {
            assetWallets.forEach((a, w) -> {
                if (w != 0) {
                    keys.add(a);
                }
            });
        }
        positions.values().forEach(p -> keys.add(walletOf(p.symbol())));
        return keys;
    }

    /**
     * The wallet a symbol's positions draw on: its margin asset's own where that is not the account's ({@value #ACCOUNT_WALLET}):
     * the coin of a coin-margined contract ({@code BTC}), USDC for a USDC-margined one (Binance's single-asset mode keeps
     * USDT and USDC apart); else "" (the account's).
     */
    private String walletOf(String symbol) {
        if (!collateral.isEmpty()) {
            return "";   // one pool backs every position (Binance Multi-Assets, Bybit UTA 2.0 cross)
        }
        String asset = currency(symbol);
        return asset.equals(ACCOUNT_WALLET) ? "" : asset;
    }

    /** The cross subject of a symbol: {@code cross} (the account's wallet), or {@code cross:BTC} for a coin wallet's. */
    private String crossSubject(String symbol) {
        String w = walletOf(symbol);
        return w.isEmpty() ? "cross" : "cross:" + w;
    }

    /**
     * The settlement currency of a symbol's amounts: the contract's; a coin-margined symbol not yet known its base coin
     * as the venue spells it ({@code BTCUSD_PERP}, {@code BTCUSD}, {@code BTC-USD-SWAP} → {@code BTC}); else USDT.
     */
    private String currency(String symbol) {
        if (instruments.contains(symbol)) {
            return instruments.get(symbol).contract().settlementCurrency();
        }
        if (type(symbol) == io.perpguard.venue.ContractType.INVERSE) {
            int dash = symbol.indexOf('-'), usd = symbol.indexOf("USD");
            return dash > 0 ? symbol.substring(0, dash) : usd > 0 ? symbol.substring(0, usd) : symbol;
        }
        return "USDT";
    }

    /** The contract type: the instrument's, else as the venue spells a symbol (core's {@code Exchange.typeOf}: Bybit BTCUSD, OKX BTC-USD-SWAP). */
    private io.perpguard.venue.ContractType type(String symbol) {
        if (instruments.contains(symbol)) {
            return instruments.get(symbol).contract().type();
        }
        try {
            return LiveInstruments.exchange(connector.venue()).typeOf(symbol);
        } catch (RuntimeException e) {
            return io.perpguard.venue.ContractType.LINEAR;   // a venue id core does not know (a test's connector)
        }
    }

    /** The engine's position (linear or inverse, as its contract) at {@code mark}. */
    private Position position(LivePosition p, double mark) {
        return p.toPosition(mark, type(p.symbol()));
    }

    /** Whether {@code symbol} is an inverse (coin-margined, USD face) contract. */
    private boolean inverse(String symbol) {
        return type(symbol) == io.perpguard.venue.ContractType.INVERSE;
    }

    /** An inverse position's size in the venue's contracts (USD face / face value); NaN where sizes are base units. */
    private double contracts(LivePosition p) {
        if (!instruments.contains(p.symbol())) {
            return Double.NaN;
        }
        io.perpguard.instrument.Contract c = instruments.get(p.symbol()).contract();
        return c.type() == io.perpguard.venue.ContractType.INVERSE && c.contractSize() > 0 ? p.qty() / c.contractSize() : Double.NaN;
    }

    /** A display precision of a symbol's contract (its step's or its tick's decimals); 0 while the contract is not known. */
    private int decimals(String symbol, java.util.function.ToIntFunction<io.perpguard.instrument.Contract> of) {
        return instruments.contains(symbol) ? of.applyAsInt(instruments.get(symbol).contract()) : 0;
    }

    /**
     * A price of {@code symbol} in an alert's text as the table prints it ({@link io.perpguard.app.explain.Numbers#price}):
     * at the contract's tick (BTCUSDT's 0.1: 60,000.0), or with its own decimals where it has more.
     */
    private String price(String symbol, double v) {
        return io.perpguard.app.explain.Numbers.price(v, decimals(symbol, io.perpguard.instrument.Contract::priceDecimals));
    }

    /**
     * A position's signed size in a message as the table prints it: base units at the contract's step
     * ({@link io.perpguard.app.explain.Numbers#qty}); an inverse contract's USD face in whole dollars.
     */
    private String size(LivePosition p) {
        return type(p.symbol()) == io.perpguard.venue.ContractType.INVERSE
                ? io.perpguard.app.explain.Numbers.num(p.signedQty(), 0) + " USD"
                : io.perpguard.app.explain.Numbers.qty(p.signedQty(), decimals(p.symbol(), io.perpguard.instrument.Contract::qtyDecimals));
    }

    /** Notional at {@code mark} in the settlement currency (inverse: USD face / mark, in coin). */
    private double notional(LivePosition p, double mark) {
        return type(p.symbol()).notional(p.qty(), mark);
    }

    /** An amount with its currency: USDT to the cent, a coin to the satoshi. */
    private static String amount(double v, String currency) {
        return String.format(Locale.ROOT, currency.startsWith("USD") ? "%,.2f %s" : "%.8f %s", v, currency);
    }

    /**
     * The crossing's key: account, subject, rule, threshold and the tick's time; a second crossing of the same rule
     * at the same millisecond (two ticks in one ms, a snapshot and a push) gets "#2", "#3"... so keys stay unique.
     */
    private String dedupe(String subject, String kind, double threshold, long timeMs) {
        String key = account + "/" + subject + "/" + kind + (Double.isFinite(threshold) ? "/" + fmt(threshold) : "") + "/" + timeMs;
        int n = recentKeys.merge(key, 1, Integer::sum);
        return n == 1 ? key : key + "#" + n;
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? (Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.2f", v)
                : new java.math.BigDecimal(v).round(new java.math.MathContext(8)).stripTrailingZeros().toPlainString()) : "n/a";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        fetcher.shutdownNow();
        try {   // a snapshot or check already running ends before the last state is taken
            timer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            fetcher.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            flushState();
        }
        connector.close();
    }

    /**
     * Hands the alert state's write to the sink, to be done once every alert raised before it is durable
     * ({@link WatchSink#afterAlerts}): the state file never says a threshold fired whose alert a crash could still lose.
     */
    private void flushState() {
        Runnable write = store.takeWrite();
        if (write != null) {
            sink.afterAlerts(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    sink.fault(account, "watch: " + e.getMessage());
                }
            });
        }
    }
}
