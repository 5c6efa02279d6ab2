package io.perpguard.stream;

import io.perpguard.alerts.AlertPolicy;
import io.perpguard.alerts.AlertState;
import io.perpguard.alerts.MarginAlertRules;
import io.perpguard.funding.FundingCarry;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.Position;
import io.perpguard.margin.fast.AccountKernel;
import io.perpguard.margin.fast.TriggerIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account side's working set for one task (one partition of {@code positions}): every account of the partition
 * with its positions as an {@link AccountKernel} book, the partition's latest mark of each symbol, and the holders
 * of each symbol. A tick re-prices the symbol's holders in memory with the array kernel (no store read or write, no
 * record per holder); what leaves is an alert, an {@code account-risk} record when the margin ratio moved by the
 * publish step, and a store write when the alert rule's persistent memory changed.
 * <p>The alert rule's last ratio and time change at every re-pricing but are not written per tick: both follow from
 * the stored state and the partition's marks (the ratio at the latest marks, the latest of the held symbols' tick
 * times), so {@link #restoreAccount} recomputes them after a restart.
 * <p>The kernel prices every venue's linear and inverse contracts by their conventions; an account the reference
 * engine refuses (or holding a symbol without an instrument) is re-priced with the reference engine instead, which
 * refuses it on every tick as before; so is an account priced on a pool of collateral, re-priced at every tick of its
 * symbols and coins' indexes by its pool's ratio alone (core's {@code CollateralPool.marginRatio}), the reference path
 * running only when a record or an alert leaves ({@link #pooledRatio}).
 * <p>A pooled account's collateral coins are valued at the latest index of each: a tick carrying the index of the coin's
 * source contract ({@link StreamVenue#collateralIndexKey}) re-prices the partition's accounts holding that coin (kept
 * per source key, as the holders of a symbol are) unless their own statement of the coin is as recent; the later of the
 * statement and the tick, by event time, wins ({@link #effective}).
 */
final class PartitionBook {
    /** Where the results go. */
    interface Out {
        void risk(String account, AccountRisk risk);

        void alert(String account, MarginAlert alert);

        /** The account's stored state changed (the alert rule's persistent memory). */
        void persist(String account, AccountState state);

        /** The engine refused to price the account at the tick (it stays as it was; the other holders go on). */
        void refused(String account, MarkTick tick, RuntimeException e);
    }

    /** One account. */
    static final class Acct {
        final String id;
        /** As the store holds it (marks: the last ones written). */
        AccountState stored;
        /** The rule's live state: last ratio and time advance at every re-pricing. */
        AlertState alert;
        /** The positions as priced (leverage within the tier), in the store's order. */
        List<Position> priced = List.of();
        AccountKernel.Book book;
        int[] sym = new int[0];
        boolean kernel;
        /** The alert ratio last published on {@code account-risk} (NaN: never). */
        double published = Double.NaN;
        /** Index in the partition's slots (the id in the tick indexes). */
        int slot = -1;
        /** Distinct held symbols: names and kernel indices. */
        String[] held = new String[0];
        int[] heldSym = new int[0];
        /** The fast-rise window end queued for this account (Long.MIN_VALUE: none). */
        long windowEnd = Long.MIN_VALUE;
        /** Stamp of the last tick that collected it (dedupe). */
        long stamp = -1;
        /** The source keys of its collateral coins' indexes ({@link StreamVenue#collateralIndexKey}). */
        String[] indexSources = new String[0];
        /**
         * A pooled account's pool as {@link AccountEngine#pool} builds it from the stored state (the wallet, then each stated
         * asset; a tick's later index is laid over it when priced), null when the account is not pooled or its pool is refused.
         */
        List<io.perpguard.margin.CollateralAsset> pool;
        /** Per stated asset, its index's source key (null: a dollar coin, its stated index kept). */
        String[] poolSources;
        /** Whether the reference path priced the account since its last rebuild (so its refusals are known: none). */
        boolean poolChecked;
        /**
         * A pooled account with bands ({@link #poolBands}): its held symbols' marks in the tick indexes, and its coins' indexes
         * in {@link #indexBands} where {@link #sourceBanded}; false: visited at every tick of its symbols and coins' indexes.
         */
        boolean poolBanded;
        /** Per {@link #indexSources} entry: whether its index is banded (the latest tick's, later than the statement). */
        boolean[] sourceBanded = new boolean[0];
        /** Its pool's last band half-width (where the next band's search starts). */
        double bandF;

        Acct(String id) {
            this.id = id;
        }

        boolean holds(String symbol) {
            for (String h : held) {
                if (h.equals(symbol)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final AlertPolicy policy;
    private final double publishStep;
    private Instruments instruments;
    private AccountKernel kernel;
    private final Map<String, MarkTick> marks = new HashMap<>();
    private final Map<String, Acct> accounts = new HashMap<>();
    private final Map<String, Holders> holders = new HashMap<>();
    /** The latest tick carrying a collateral coin's index, per source key; and the pooled accounts holding that coin. */
    private final Map<String, MarkTick> indexes = new HashMap<>();
    private final Map<String, Holders> indexHolders = new HashMap<>();
    /** Per symbol: the collateral coin its index prices, "" for none (cache of {@link StreamVenue#indexedAsset}). */
    private final Map<String, String> indexedAsset = new HashMap<>();
    private AccountKernel.Result res = new AccountKernel.Result(8);
    /** Account re-pricings done (kernel, pool ratio or reference). */
    long evaluations;
    /** Re-pricings done by the reference path ({@link AccountEngine#price}: every figure, each liquidation price solved). */
    long referencePricings;
    /** Pooled accounts' pools built at the partition's marks ({@link #poolAt}): one per tick's visit, one per rebanding. */
    long poolsBuilt;
    /** Whether ticks go through the tick index (publish step above 0) or re-price every holder. */
    private final boolean indexed;
    private final List<Acct> slots = new ArrayList<>();
    private final Map<String, TriggerIndex> index = new HashMap<>();
    /** Per source key: the banded pooled accounts' bands of that coin's index (lastMark: the latest tick's index). */
    private final Map<String, TriggerIndex> indexBands = new HashMap<>();
    /** Per symbol: its pooled holders without bands, re-priced at every tick of it. */
    private final Map<String, Holders> unbanded = new HashMap<>();
    /** Fast-rise window ends: {end, slot}, earliest first. */
    private final java.util.PriorityQueue<long[]> windowEnds = new java.util.PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
    /** Accounts whose window ended, waiting for a tick of a symbol they hold. */
    private final java.util.Set<Acct> due = new java.util.LinkedHashSet<>();
    private final List<Acct> touched = new ArrayList<>();
    private long stamp;
    private final double[] rising = new double[40], falling = new double[40];
    private int nRising, nFalling;
    private double[] lo = new double[8], hi = new double[8];
    /** The pooled accounts' box checks' working arrays, reused from account to account ({@code CollateralPool.band}). */
    private final io.perpguard.margin.CollateralPool.BandScratch bandScratch = new io.perpguard.margin.CollateralPool.BandScratch();
    /**
     * The pooled account a tick is re-pricing and its pool at the tick, built once per visit ({@link #poolNow}): the ratio at
     * the tick, the ratio just before it (the same pool with the ticked symbol's mark and index laid over) and its bands.
     */
    private Acct visiting;
    private io.perpguard.margin.CollateralPool visitPool;
    private boolean visitPoolBuilt;
    /** Marks and indexes laid over the visit's pool for the ratio just before the tick, reused. */
    private double[] beforePrices = new double[8], beforeIndexes = new double[8];

    /**
     * @param publishStep publish {@code account-risk} when the alert ratio moved at least this much (fraction) since
     *                    the last published record; 0 publishes every re-pricing
     */
    PartitionBook(Instruments instruments, AlertPolicy policy, double publishStep) {
        this(instruments, policy, publishStep, true);
    }

    /** @param tickIndex use the tick index (only with a publish step above 0) */
    PartitionBook(Instruments instruments, AlertPolicy policy, double publishStep, boolean tickIndex) {
        this.policy = policy;
        this.publishStep = publishStep;
        this.indexed = tickIndex && publishStep > 0;
        instruments(instruments);
    }

    /** Switches to new instruments (tiers changed): every book is rebuilt. */
    void instruments(Instruments next) {
        if (next == instruments) {
            return;
        }
        instruments = next;
        kernel = AccountKernel.of(next);
        for (Acct a : accounts.values()) {
            rebuild(a);
        }
        for (Acct a : accounts.values()) {
            rebands(a);
        }
    }

    Instruments instruments() {
        return instruments;
    }

    /** The partition's latest mark of {@code symbol}, or null. */
    MarkTick mark(String symbol) {
        return marks.get(symbol);
    }

    /** The venue of account {@code id}, or null when the partition has no such account. */
    io.perpguard.venue.Exchange exchange(String id) {
        Acct a = accounts.get(id);
        return a == null || a.stored == null ? null : a.stored.exchange();
    }

    /** Number of accounts. */
    int size() {
        return accounts.size();
    }

    /** Number of accounts re-priced by the array kernel (the others take the reference engine). */
    int kernelAccounts() {
        int n = 0;
        for (Acct a : accounts.values()) {
            n += a.kernel ? 1 : 0;
        }
        return n;
    }

    //-------------------------------------------------------------------------
    /** Restores a mark from the store (before {@link #restoreAccount}). */
    void restoreMark(MarkTick m) {
        marks.put(m.symbol(), m);
        index(m.symbol()).resetMark(m.markPrice());
    }

    /** Restores the latest tick carrying a collateral index (before {@link #restoreAccount}). */
    void restoreIndex(MarkTick m) {
        indexes.put(m.symbol(), m);
        indexBand(m.symbol()).resetMark(m.indexPrice());
    }

    /** Whether {@code t} carries a collateral coin's index: then it is kept (and stored) as that coin's latest index. */
    boolean carriesIndex(MarkTick t) {
        return !Double.isNaN(t.indexPrice()) && indexedAsset(t.symbol()) != null;
    }

    private String indexedAsset(String symbol) {
        String c = indexedAsset.computeIfAbsent(symbol, k -> {
            String coin = StreamVenue.indexedAsset(k);
            return coin == null ? "" : coin;
        });
        return c.isEmpty() ? null : c;
    }

    /** Restores an account from the store: its live rule state's last ratio and time are recomputed. */
    void restoreAccount(String id, AccountState s) {
        Acct a = new Acct(id);
        accounts.put(id, a);
        a.stored = s;
        a.alert = s.alert();
        rebuild(a);
        hold(a, List.of(), symbolsOf(s));
        holdIndexes(a);
        observed(a, null, null);
        if (!s.positions().isEmpty()) {
            // what was published last is not stored: start from the ratio at the restored marks
            try {
                a.published = ratioNow(a);
                a.poolChecked = a.pool != null;   // priced by the reference path
            } catch (RuntimeException refused) {
                a.published = Double.NaN;
            }
        }
        rebands(a);
    }

    /**
     * Brings the rule's last ratio and time to the account's latest observation, as re-pricing at every tick would
     * have left them: the ratio at the partition's marks and the latest of its own last time and its symbols' tick
     * times — with {@code symbol} (when given) as it was just before its current tick: at {@code before}, or at the
     * account's own fill price when the partition had no tick of it.
     * <p>Needed after a restore, and for a kernel account, which the tick index skips at ticks inside its bands. An account
     * off the kernel (pooled, or refused) has no bands: it is re-priced at every tick of its symbols (and of its collateral
     * coins' indexes), so its live rule state is already that observation — recomputing it cost a second reference
     * pricing per re-pricing and gave the ratio after the tick, not before it, as an alert's {@code fromMarginRatio}.
     */
    private void observed(Acct a, String symbol, MarkTick before) {
        observed(a, symbol, before, false, null);
    }

    /**
     * {@link #observed} for a pooled account too: its coins' index ticks later than its statements count among its
     * observations (each re-priced it), and a banded pool's ratio is its pool's at the marks and indexes just before the
     * tick ({@code beforeIndex}: the latest tick carrying the index of {@code symbol}'s coin before it, when {@code carries}).
     */
    private void observed(Acct a, String symbol, MarkTick before, boolean carries, MarkTick beforeIndex) {
        AlertState x = a.alert;
        if (a.stored.positions().isEmpty() || x.liquidated() || Double.isNaN(x.lastRatio())) {
            return;
        }
        long last = x.lastTimeMs();
        for (String sym : a.held) {
            MarkTick m = sym.equals(symbol) ? before : marks.get(sym);
            if (m != null) {
                last = Math.max(last, m.eventTimeMs());
            }
        }
        if (a.pool != null) {
            for (int i = 0; i < a.poolSources.length; i++) {
                String src = a.poolSources[i];
                MarkTick t = src == null ? null : carries && src.equals(symbol) ? beforeIndex : indexes.get(src);
                if (t != null && t.eventTimeMs() > a.stored.indexTimesMs().get(i)) {
                    last = Math.max(last, t.eventTimeMs());
                }
            }
        }
        double ratio;
        if (a.poolBanded) {
            ratio = pooledRatio(a, symbol, before, carries, beforeIndex);
            if (Double.isNaN(ratio)) {
                return;
            }
        } else if (a.kernel) {
            double price = symbol == null ? Double.NaN : before != null ? before.markPrice() : a.stored.marks().get(symbol).markPrice();
            ratio = evaluate(a, symbol, price);
        } else {
            ratio = ratioNow(a);
        }
        a.alert = new AlertState(x.firedMask(), x.liquidated(), ratio, last, x.windowStartMs(), x.windowLow(), x.fastFired());
    }

    /**
     * The state a position event applies to: the stored one with the partition's latest marks of the held symbols
     * (and of {@code symbol}, so a new holder is priced at the latest tick) and the rule's live state; null for a new
     * account (or a new one on {@code exchange}, the event's venue, holding the partition's mark of {@code symbol}).
     */
    AccountState forEvent(String id, String symbol, io.perpguard.venue.Exchange exchange) {
        Acct a = accounts.get(id);
        if (a != null && indexed && a.kernel) {
            observed(a, null, null);
        } else if (a != null && indexed && a.poolBanded) {
            observed(a, null, null);
        }
        AccountState s = a == null ? null : effective(a.stored, a.alert);
        if (symbol != null && marks.containsKey(symbol)) {
            AccountState base = s == null ? AccountState.empty(exchange) : s;
            Map<String, MarkTick> m = new TreeMap<>(base.marks());
            m.put(symbol, marks.get(symbol));
            s = base.with(base.walletBalance(), base.positions(), m, base.alert());
        }
        return s;
    }

    /** Takes in the outcome of an accepted position event (already stored and published by the caller). */
    void applied(String id, AccountEngine.Outcome out) {
        Acct a = accounts.computeIfAbsent(id, Acct::new);
        List<String> before = a.stored == null ? List.of() : symbolsOf(a.stored);
        a.stored = out.state();
        a.alert = out.state().alert();
        a.published = out.risk().alertMarginRatio();
        rebuild(a);
        a.poolChecked = a.pool != null;   // the reference path has just priced it
        hold(a, before, symbolsOf(a.stored));
        holdIndexes(a);
        rebands(a);
    }

    /**
     * A tick: re-prices the holders of its symbol whose band it leaves (every holder without a publish step, or at
     * the symbol's first tick in this partition, when each holder's mark was its own fill price).
     *
     * @return the accounts re-priced, or −1 when the tick is not newer than the partition's mark (dropped)
     */
    int tick(MarkTick t, Out out) {
        String sym = t.symbol();
        MarkTick known = marks.get(sym);
        if (known != null && t.eventTimeMs() <= known.eventTimeMs()) {
            return -1;
        }
        marks.put(sym, t);
        boolean carries = carriesIndex(t);
        MarkTick prevIndex = carries ? indexes.get(sym) : null;
        if (carries) {
            indexes.put(sym, t);
        }
        String coin = carries ? indexedAsset(sym) : null;
        TriggerIndex idx = index(sym);
        Holders h = holders.get(sym);
        touched.clear();
        stamp++;
        if (!indexed || known == null) {
            idx.resetMark(t.markPrice());
            for (int i = 0; h != null && i < h.n; i++) {
                collect(h.items[i]);
            }
        } else {
            idx.onMark(t.markPrice(), (id, level, breached) -> collect(slots.get(id)));
            Holders ub = unbanded.get(sym);
            for (int i = 0; ub != null && i < ub.n; i++) {
                collect(ub.items[i]);
            }
            while (!windowEnds.isEmpty() && windowEnds.peek()[0] < t.eventTimeMs()) {
                long[] e = windowEnds.poll();
                Acct a = slots.get((int) e[1]);
                if (a != null && a.windowEnd == e[0]) {
                    a.windowEnd = Long.MIN_VALUE;
                    due.add(a);
                }
            }
            if (!due.isEmpty()) {
                for (var it = due.iterator(); it.hasNext(); ) {
                    Acct a = it.next();
                    if (a.slot < 0 || a.held.length == 0) {
                        it.remove();
                    } else if (a.holds(sym) || carries && a.pool != null && movesIndex(a, coin, t)) {
                        collect(a);
                        it.remove();
                    }
                }
            }
        }
        if (carries) {
            // the coin's index moved: its pooled holders whose own statement of it is older — those banded on this index
            // when the tick leaves their band, the others at every such tick
            TriggerIndex ib = indexBand(sym);
            if (indexed && prevIndex != null) {
                ib.onMark(t.indexPrice(), (id, level, breached) -> {
                    Acct a = slots.get(id);
                    if (movesIndex(a, coin, t)) {
                        collect(a);
                    }
                });
            } else {
                ib.resetMark(t.indexPrice());
            }
            Holders ih = indexHolders.get(sym);
            for (int i = 0; ih != null && i < ih.n; i++) {
                Acct a = ih.items[i];
                if (a.stamp != stamp && !(indexed && prevIndex != null && sourceBanded(a, sym)) && movesIndex(a, coin, t)) {
                    collect(a);
                }
            }
        }
        for (Acct a : touched) {
            try {
                reprice(a, sym, known, carries ? prevIndex : null, carries, t.eventTimeMs(), out);
            } catch (RuntimeException e) {
                if (a.poolBanded) {
                    unband(a);   // refused at this tick: at every tick from now on, as the reference refuses it
                }
                out.refused(a.id, t, e);
            }
        }
        return touched.size();
    }

    private void collect(Acct a) {
        if (a.stamp != stamp) {
            a.stamp = stamp;
            touched.add(a);
        }
    }

    private TriggerIndex index(String symbol) {
        return index.computeIfAbsent(symbol, k -> new TriggerIndex(Math.max(16, slots.size())));
    }

    private TriggerIndex indexBand(String source) {
        return indexBands.computeIfAbsent(source, k -> new TriggerIndex(Math.max(16, slots.size())));
    }

    /** Whether tick {@code t}, carrying {@code coin}'s index, moves pooled account {@code a}'s index of it (its statement is older). */
    private static boolean movesIndex(Acct a, String coin, MarkTick t) {
        return indexTime(a.stored, coin) < t.eventTimeMs();
    }

    private static boolean sourceBanded(Acct a, String source) {
        if (!a.poolBanded) {
            return false;
        }
        for (int k = 0; k < a.indexSources.length; k++) {
            if (a.indexSources[k].equals(source)) {
                return a.sourceBanded[k];
            }
        }
        return false;
    }

    //-------------------------------------------------------------------------
    /**
     * Re-prices one account at the partition's marks and runs the alert rule, as {@code AccountEngine.applyMark}.
     *
     * @param before the symbol's tick before this one in the partition (null: none; the account's own fill)
     */
    void reprice(Acct a, String symbol, MarkTick before, long time, Out out) {
        reprice(a, symbol, before, null, false, time, out);
    }

    /**
     * @param beforeIndex the latest tick carrying {@code symbol}'s coin's index before this one (when {@code carries}: this
     *                    tick carries it)
     */
    private void reprice(Acct a, String symbol, MarkTick before, MarkTick beforeIndex, boolean carries, long time, Out out) {
        if (a.kernel || a.pool == null) {
            repriceVisit(a, symbol, before, beforeIndex, carries, time, out);
            return;
        }
        visiting = a;
        visitPoolBuilt = false;
        try {
            repriceVisit(a, symbol, before, beforeIndex, carries, time, out);
        } finally {
            visiting = null;
            visitPool = null;
        }
    }

    private void repriceVisit(Acct a, String symbol, MarkTick before, MarkTick beforeIndex, boolean carries, long time, Out out) {
        evaluations++;
        if (indexed && a.kernel) {
            observed(a, symbol, before);
        } else if (indexed && a.poolBanded) {
            observed(a, symbol, before, carries, beforeIndex);
        }
        if (!a.kernel) {
            if (a.pool != null && a.poolChecked && publishStep > 0) {
                // a pooled account: its ratio alone decides whether anything leaves; the reference path (each cross symbol's
                // liquidation price solved on the pool, the record) runs only when a record or an alert does
                double worst = pooledRatio(a);
                long ruleTime = Math.max(time, a.alert.lastTimeMs());
                MarginAlertRules.Step rule = MarginAlertRules.evaluate(policy, a.alert, worst, ruleTime);
                if (rule.alerts().isEmpty() && !publish(a, worst, List.of())) {
                    after(a, rule.state(), List.of(), null, worst, out);
                    return;
                }
            }
            referencePricings++;
            AccountState s = effective(a.stored, a.alert);
            AccountEngine.Outcome o = AccountEngine.price(a.id, s, "mark", symbol, time, instruments, policy, List.of());
            a.poolChecked = true;
            after(a, o.state().alert(), o.alerts(), o.risk(), o.risk().alertMarginRatio(), out);
            return;
        }
        double worst = evaluate(a, null, Double.NaN);
        long ruleTime = Math.max(time, a.alert.lastTimeMs());
        MarginAlertRules.Step rule = MarginAlertRules.evaluate(policy, a.alert, worst, ruleTime);
        List<MarginAlert> alerts = rule.alerts().isEmpty() ? List.of() : new ArrayList<>(rule.alerts().size());
        for (io.perpguard.alerts.MarginAlert x : rule.alerts()) {
            alerts.add(AccountEngine.alert(a.id, symbol, x));
        }
        AccountRisk risk = publish(a, worst, alerts) ? risk(a, symbol, time, worst) : null;
        after(a, rule.state(), alerts, risk, worst, out);
    }

    private boolean publish(Acct a, double worst, List<MarginAlert> alerts) {
        return publishStep == 0 || !alerts.isEmpty() || Double.isNaN(a.published) || !(Math.abs(worst - a.published) < publishStep)
                && worst != a.published;
    }

    private void after(Acct a, AlertState next, List<MarginAlert> alerts, AccountRisk risk, double worst, Out out) {
        AlertState was = a.alert;
        a.alert = next;
        if (risk != null && (publish(a, worst, alerts))) {
            out.risk(a.id, risk);
            a.published = worst;
        }
        for (MarginAlert x : alerts) {
            out.alert(a.id, x);
        }
        if (persistentChange(was, next)) {
            a.stored = effective(a.stored, next);
            out.persist(a.id, a.stored);
        }
        if (a.kernel) {
            bands(a);
        } else {
            rebands(a);
        }
    }

    /** The rule's memory other than the last ratio and time (which {@link #restoreAccount} recomputes). */
    private static boolean persistentChange(AlertState a, AlertState b) {
        return a.firedMask() != b.firedMask() || a.liquidated() != b.liquidated() || a.windowStartMs() != b.windowStartMs()
                || Double.compare(a.windowLow(), b.windowLow()) != 0 || a.fastFired() != b.fastFired();
    }

    /**
     * Kernel evaluation at the partition's marks into {@link #res} ({@code symbol} at {@code price} when given and
     * not NaN); returns the alert ratio (the worst position's).
     */
    private double evaluate(Acct a, String symbol, double price) {
        AccountKernel.Book b = a.book;
        for (int i = 0; i < a.sym.length; i++) {
            String s = a.priced.get(i).symbol();
            b.mark(a.sym[i], symbol != null && !Double.isNaN(price) && s.equals(symbol) ? price : markOf(a.stored, s));
        }
        kernel.evaluate(b, res);
        double worst = Double.NaN;
        for (int i = 0; i < a.sym.length; i++) {
            double r = res.marginRatio[i];
            if (Double.isNaN(worst) || r > worst) {
                worst = r;
            }
        }
        return worst;
    }

    private double ratioNow(Acct a) {
        if (a.kernel) {
            return evaluate(a, null, Double.NaN);
        }
        AccountState s = effective(a.stored, a.alert);
        return AccountEngine.price(a.id, s, "mark", null, 0, instruments, policy, List.of()).risk().alertMarginRatio();
    }

    /** Evaluates the account at the partition's marks and refreshes its bands. */
    private void rebands(Acct a) {
        if (!indexed || a.slot < 0) {
            return;
        }
        if (a.kernel && !a.stored.positions().isEmpty()) {
            setUnbanded(a, false);
            evaluate(a, null, Double.NaN);
            bands(a);
        } else if (a.pool != null && a.poolChecked && !a.stored.positions().isEmpty()) {
            poolBands(a);
        } else if (a.stored.pooled()) {
            unband(a);
        } else {
            // no kernel (or nothing open): any move of a held symbol re-prices it
            for (String sym : a.held) {
                index(sym).putBand(a.slot, Double.NaN, Double.NaN);
            }
        }
    }

    /** The bands of the last {@link #evaluate} ({@link #res}) under the account's rule state, into the indexes. */
    private void bands(Acct a) {
        if (!indexed || a.slot < 0 || a.held.length == 0) {
            return;
        }
        levels(a);
        int n = a.held.length;
        if (lo.length < n) {
            lo = new double[n];
            hi = new double[n];
        }
        kernel.bands(a.book, res, rising, nRising, falling, nFalling, a.heldSym, n, lo, hi);
        for (int k = 0; k < n; k++) {
            index(a.held[k]).putBand(a.slot, lo[k], hi[k]);
        }
        queueWindow(a);
    }

    /**
     * A pooled account's bands: core's {@code CollateralPool.band}, a box of relative half-width f around its marks and
     * around the indexes it takes from ticks (a coin whose statement is the later keeps it until its next index tick, which
     * re-prices the account), under the same levels as a kernel account's. Its held symbols' bands go in their tick
     * indexes, its ticked coins' in {@link #indexBands}; a pool the band cannot be computed for is visited at every tick.
     */
    private void poolBands(Acct a) {
        AccountState s = a.stored;
        boolean[] moves = new boolean[a.pool.size()];
        boolean[] banded = new boolean[a.indexSources.length];
        for (int i = 0; i < a.poolSources.length; i++) {
            String src = a.poolSources[i];
            MarkTick t = src == null ? null : indexes.get(src);
            if (t != null && t.eventTimeMs() > s.indexTimesMs().get(i)) {
                moves[i + 1] = true;
                for (int k = 0; k < a.indexSources.length; k++) {
                    banded[k] |= a.indexSources[k].equals(src);
                }
            }
        }
        levels(a);
        double f;
        try {
            io.perpguard.margin.CollateralPool pool = poolNow(a);
            f = pool == null ? -1 : pool.band(TierCatalog.plain(instruments, s.exchange()), rising, nRising, falling, nFalling, moves, a.bandF,
                    bandScratch);
        } catch (RuntimeException refused) {
            f = -1;
        }
        if (f < 0) {
            unband(a);
            return;
        }
        setUnbanded(a, false);
        a.poolBanded = true;
        a.bandF = f;
        a.sourceBanded = banded;
        for (String sym : a.held) {
            double m = markOf(s, sym);
            index(sym).putBand(a.slot, f > 0 ? m * (1 - f) : Double.NaN, f > 0 ? m * (1 + f) : Double.NaN);
        }
        for (int k = 0; k < a.indexSources.length; k++) {
            if (banded[k]) {
                double x = indexes.get(a.indexSources[k]).indexPrice();
                indexBand(a.indexSources[k]).putBand(a.slot, f > 0 ? x * (1 - f) : Double.NaN, f > 0 ? x * (1 + f) : Double.NaN);
            } else {
                indexBand(a.indexSources[k]).remove(a.slot);
            }
        }
        queueWindow(a);
    }

    /** A pooled account without bands: re-priced at every tick of its symbols and of its coins' indexes. */
    private void unband(Acct a) {
        a.poolBanded = false;
        for (String sym : a.held) {
            index(sym).remove(a.slot);
        }
        for (String k : a.indexSources) {
            indexBand(k).remove(a.slot);
        }
        setUnbanded(a, true);
    }

    private void setUnbanded(Acct a, boolean on) {
        for (String sym : a.held) {
            if (on) {
                unbanded.computeIfAbsent(sym, k -> new Holders()).add(a);
            } else {
                Holders u = unbanded.get(sym);
                if (u != null) {
                    u.remove(a);
                }
            }
        }
    }

    /** The levels of the account's rule state and publish step into {@link #rising} and {@link #falling}. */
    private void levels(Acct a) {
        AlertState s = a.alert;
        int nr = 0, nf = 0;
        if (!s.liquidated()) {
            for (int i = 0; i < policy.size(); i++) {
                if (s.fired(i)) {
                    falling[nf++] = policy.threshold(i) - policy.rearmGap();
                } else {
                    rising[nr++] = policy.threshold(i);
                }
            }
            rising[nr++] = 1;
            if (!Double.isNaN(s.windowLow())) {
                falling[nf++] = s.windowLow();
                if (!s.fastFired()) {
                    rising[nr++] = s.windowLow() + policy.fastRise();
                }
            }
        }
        rising[nr++] = a.published + publishStep;
        falling[nf++] = a.published - publishStep;
        nRising = nr;
        nFalling = nf;
    }

    /** Queues the end of the account's fast-rise window: its next observation past it re-prices it. */
    private void queueWindow(Acct a) {
        AlertState s = a.alert;
        // the rule restarts its fast-rise window at the first observation past its end
        if (!s.liquidated() && s.windowStartMs() != Long.MIN_VALUE) {
            long end = s.windowStartMs() + policy.fastWindowMs();
            if (end < s.lastTimeMs()) {
                due.add(a); // already past by the account's own clock (an event time ahead of the ticks)
            } else if (end != a.windowEnd) {
                a.windowEnd = end;
                windowEnds.add(new long[]{end, a.slot});
            }
        }
    }

    /** The {@code account-risk} record of the last {@link #evaluate}: the fields {@code AccountEngine.price} fills. */
    private AccountRisk risk(Acct a, String symbol, long time, double worst) {
        List<AccountRisk.PositionRisk> ps = new ArrayList<>(a.sym.length);
        for (int i = 0; i < a.sym.length; i++) {
            Position p = a.priced.get(i);
            MarkTick m = markTick(a.stored, p.symbol());
            double mark = m.markPrice();
            double funding = m.fundingRate();
            io.perpguard.instrument.Contract c = instruments.bySymbol().get(p.symbol()).contract();
            ps.add(new AccountRisk.PositionRisk(StreamVenue.symbolOf(p.symbol()), p.side().label(), p.positionSide().label(),
                    p.marginMode().label(), p.qty(), p.entryPrice(), mark, p.leverage(), res.notional[i], res.maintenanceMargin[i],
                    res.marginBalance[i], res.marginRatio[i], res.liquidationPrice[i], res.liquidationPriceExact[i],
                    res.distanceToLiquidationPct[i], res.bankruptcyPrice[i], res.unrealizedPnl[i], funding,
                    FundingCarry.payment(p.side(), res.notional[i], funding), m.eventTimeMs(),
                    c.contractSize() > 0 ? c.contractsOf(p.qty()) : Double.NaN));
        }
        return new AccountRisk(a.id, "mark", StreamVenue.symbolOf(symbol), time, a.stored.walletBalance(), res.crossMarginBalance,
                res.crossMaintenanceMargin, res.crossMarginRatio, worst, res.totalUnrealizedPnl, ps, a.stored.exchange().id(),
                AccountEngine.currency(a.stored.positions(), instruments));
    }

    //-------------------------------------------------------------------------
    private void rebuild(Acct a) {
        AccountState s = a.stored;
        int n = s.positions().size();
        if (a.slot < 0) {
            a.slot = slots.size();
            slots.add(a);
        }
        List<String> held = symbolsOf(s);
        a.held = held.toArray(new String[0]);
        a.heldSym = new int[a.held.length];
        for (int k = 0; k < a.held.length; k++) {
            a.heldSym[k] = kernel.symbol(a.held[k]);
        }
        AccountState now = effective(s, s.alert());
        a.priced = AccountEngine.positions(now, instruments);
        // the kernel takes the reference engine's inputs as valid: an account the reference refuses (e.g. leverage
        // above its tier after a tiers change) takes the reference path, which refuses it on every tick as before
        // an account on a pool of collateral is priced by the reference path on its pool (CollateralPool); its USDT wallet
        // alone may not cover its isolated margins (the pool does), which the one-wallet Account refuses: that refusal
        // escaped here, out of the processor, after the event was stored (the stream thread died on it, and on restore)
        Account account = null;
        try {
            account = new Account(now.walletBalance(), a.priced);
            io.perpguard.margin.MarginCalculator.evaluate(account, instruments);
            a.kernel = !s.pooled();
        } catch (RuntimeException refused) {
            a.kernel = false;
        }
        a.sym = new int[n];
        for (int i = 0; i < n; i++) {
            Position p = a.priced.get(i);
            a.sym[i] = kernel.symbol(p.symbol());
            a.kernel &= kernel.models(a.sym[i]);   // each venue by its convention, linear and inverse
        }
        a.pool = null;
        a.poolChecked = false;
        a.poolBanded = false;   // until rebanded
        if (s.pooled() && !s.positions().isEmpty()) {
            try {
                a.pool = AccountEngine.pool(s.exchange(), s.walletBalance(), s.collateral(), TierCatalog.plain(instruments, s.exchange()), "collateral");
                a.poolSources = new String[s.collateral().size()];
                for (int i = 0; i < a.poolSources.length; i++) {
                    a.poolSources[i] = StreamVenue.collateralIndexKey(s.exchange(), s.collateral().get(i).asset());
                }
            } catch (RuntimeException refused) {
                a.pool = null;   // the reference path refuses it at every tick, as before
            }
            if (AccountEngine.lastTierHolding(instruments, s.positions()) != instruments) {
                a.pool = null;   // a position past its largest tier: the reference path prices it on the last tier, at every tick
            }
        }
        if (a.kernel) {
            a.book = new AccountKernel.Book(Math.max(1, n));
            kernel.load(account, a.book);
            if (res.notional.length < n) {
                res = new AccountKernel.Result(n);
            }
        } else {
            a.book = null;
        }
    }

    /**
     * A pooled account's alert ratio at the partition's marks and indexes, bit for bit what {@link AccountEngine#price}
     * gives (its positions' worst margin ratio; a cross position's is the pool's, core's {@code CollateralPool.marginRatio}
     * on the same pool, an isolated one's its own), without what only a published record needs: each cross symbol's
     * liquidation price solved on the pool, the reports. Called only once the reference path has priced the account since
     * its last rebuild, so what it would refuse is known (a mark below the contract's tick, the one refusal a tick can
     * bring, is left to it).
     */
    private double pooledRatio(Acct a) {
        io.perpguard.margin.CollateralPool pool = poolNow(a);
        return pool == null ? Double.NaN : pooledRatio(a, pool, null, null, null);   // NaN: published, so priced by the reference path, which refuses it
    }

    /**
     * {@link #pooledRatio} with {@code symbol}'s mark at {@code before} (the account's own fill when null) and, when
     * {@code carries}, the index sourced from {@code symbol} at {@code beforeIndex}'s: the ratio just before a tick. Priced
     * on the visit's pool at the tick with those marks and that index laid over (core's {@code CollateralPool.marginRatioAt},
     * bit for bit the pool built with them), not on a second pool.
     */
    private double pooledRatio(Acct a, String symbol, MarkTick before, boolean carries, MarkTick beforeIndex) {
        io.perpguard.margin.CollateralPool now = poolNow(a);
        if (now == null) {
            // a mark below its contract's tick at the tick: the pool just before it, built
            io.perpguard.margin.CollateralPool pool = poolAt(a, symbol, before, carries, beforeIndex);
            return pool == null ? Double.NaN : pooledRatio(a, pool, null, null, null);
        }
        AccountState s = a.stored;
        int n = now.positions().size();
        if (beforePrices.length < n) {
            beforePrices = new double[n];
        }
        double mark = Double.NaN;
        for (int i = 0; i < n; i++) {
            beforePrices[i] = now.positions().get(i).markPrice();
            if (s.positions().get(i).symbol().equals(symbol)) {
                mark = (before != null ? before : s.marks().get(symbol)).markPrice();
                beforePrices[i] = mark;
            }
        }
        if (!Double.isNaN(mark) && mark < TierCatalog.plain(instruments, s.exchange()).get(StreamVenue.symbolOf(symbol)).contract().tickSize()) {
            return Double.NaN;   // as poolAt: published, so priced by the reference path, which refuses it
        }
        int m = now.assets().size();
        if (beforeIndexes.length < m) {
            beforeIndexes = new double[m];
        }
        beforeIndexes[0] = now.assets().get(0).indexPrice();
        for (int i = 0; i < a.poolSources.length; i++) {
            String src = a.poolSources[i];
            beforeIndexes[i + 1] = carries && src != null && src.equals(symbol) ? indexAt(s, i, beforeIndex) : now.assets().get(i + 1).indexPrice();
        }
        return pooledRatio(a, now, symbol, beforePrices, beforeIndexes);
    }

    /**
     * The worst position's ratio of {@code pool} (a cross position's the pool's, an isolated one's its own), with the marks
     * {@code prices} and the indexes {@code indexes} laid over it (null: its own) — only {@code symbol}'s positions differ.
     */
    private double pooledRatio(Acct a, io.perpguard.margin.CollateralPool pool, String symbol, double[] prices, double[] indexes) {
        Instruments own = TierCatalog.plain(instruments, a.stored.exchange());
        double poolRatio = Double.NaN;
        boolean pooled = false;
        double worst = Double.NaN;
        for (int i = 0; i < pool.positions().size(); i++) {
            Position p = pool.positions().get(i);
            double r;
            if (p.marginMode() == io.perpguard.margin.MarginMode.CROSS) {
                if (!pooled) {
                    poolRatio = prices == null ? pool.marginRatio(own) : pool.marginRatioAt(own, prices, indexes);
                    pooled = true;
                }
                r = poolRatio;
            } else {
                if (prices != null && prices[i] != p.markPrice()) {
                    p = new Position(p.symbol(), p.side(), p.qty(), p.entryPrice(), p.leverage(), p.marginMode(), p.positionSide(),
                            p.marginAdded(), prices[i], p.type());   // the ticked symbol's isolated leg at its mark before
                }
                r = io.perpguard.margin.MarginCalculator.evaluate(p, own.get(p.symbol()), 0).marginRatio();
            }
            if (Double.isNaN(worst) || r > worst) {
                worst = r;
            }
        }
        return worst;
    }

    /**
     * The account's pool at the partition's marks and indexes ({@link #poolAt}): built once per tick's visit and kept for the
     * visit's other uses (the ratio just before the tick, its bands), built afresh elsewhere.
     */
    private io.perpguard.margin.CollateralPool poolNow(Acct a) {
        if (visiting != a) {
            return poolAt(a, null, null, false, null);
        }
        if (!visitPoolBuilt) {
            visitPool = poolAt(a, null, null, false, null);
            visitPoolBuilt = true;
        }
        return visitPool;
    }

    /** The pool {@link #pooledRatio} prices (the same overrides); null when a mark is below its contract's tick. */
    private io.perpguard.margin.CollateralPool poolAt(Acct a, String symbol, MarkTick before, boolean carries, MarkTick beforeIndex) {
        poolsBuilt++;
        AccountState s = a.stored;
        Instruments own = TierCatalog.plain(instruments, s.exchange());
        List<io.perpguard.margin.CollateralAsset> assets = a.pool;
        for (int i = 0; i < a.poolSources.length; i++) {
            io.perpguard.margin.CollateralAsset c = a.pool.get(i + 1);
            String src = a.poolSources[i];
            double index = carries && src != null && src.equals(symbol) ? indexAt(s, i, beforeIndex) : indexNow(s, i, src);
            if (index != c.indexPrice()) {
                if (assets == a.pool) {
                    assets = new ArrayList<>(a.pool);
                }
                assets.set(i + 1, new io.perpguard.margin.CollateralAsset(c.asset(), c.amount(), index, c.rule()));
            }
        }
        List<Position> ps = new ArrayList<>(s.positions().size());
        for (HeldPosition h : s.positions()) {
            double mark = h.symbol().equals(symbol) ? (before != null ? before : s.marks().get(symbol)).markPrice() : markOf(s, h.symbol());
            Position p = new Position(StreamVenue.symbolOf(h.symbol()), h.side(), h.qty(), h.entryPrice(), h.leverage(), h.marginMode(),
                    h.positionSide(), h.marginAdded(), mark, AccountEngine.type(instruments, h.symbol()));
            if (mark < own.get(p.symbol()).contract().tickSize()) {
                return null;
            }
            ps.add(p);
        }
        return new io.perpguard.margin.CollateralPool(assets, ps, s.exchange());
    }

    /** Stated asset {@code i}'s index now: the latest tick's from {@code source} when later than the statement, else the statement's. */
    private double indexNow(AccountState s, int i, String source) {
        return indexAt(s, i, source == null ? null : indexes.get(source));
    }

    /** Stated asset {@code i}'s index with {@code t} as the latest tick carrying it (null: none): the later by event time. */
    private static double indexAt(AccountState s, int i, MarkTick t) {
        return t != null && t.eventTimeMs() > s.indexTimesMs().get(i) ? t.indexPrice() : s.collateral().get(i).indexPrice();
    }

    /**
     * The state as priced now, with rule state {@code alert}: the partition's latest mark of each held symbol laid over
     * the stored marks, and each collateral coin's index from the latest tick carrying it when that tick is later than
     * the asset's own index time (a collateral event's, or an earlier tick's): the later by event time wins, the
     * statement at the same time.
     */
    private AccountState effective(AccountState s, AlertState alert) {
        AccountState out = s.with(s.walletBalance(), s.positions(), effectiveMarks(s), alert);
        if (!s.pooled() || indexes.isEmpty()) {
            return out;
        }
        List<io.perpguard.data.account.AccountFile.Collateral> c = null;
        List<Long> times = null;
        for (int i = 0; i < s.collateral().size(); i++) {
            io.perpguard.data.account.AccountFile.Collateral x = s.collateral().get(i);
            String source = StreamVenue.collateralIndexKey(s.exchange(), x.asset());
            MarkTick t = source == null ? null : indexes.get(source);
            if (t != null && t.eventTimeMs() > s.indexTimesMs().get(i)) {   // as indexNow
                if (c == null) {
                    c = new ArrayList<>(s.collateral());
                    times = new ArrayList<>(s.indexTimesMs());
                }
                c.set(i, new io.perpguard.data.account.AccountFile.Collateral(x.asset(), x.amount(), x.collateralRatio(), t.indexPrice()));
                times.set(i, t.eventTimeMs());
            }
        }
        return c == null ? out : out.withCollateral(c, times);
    }

    /** When the account's index of {@code coin} was observed (its state's; Long.MAX_VALUE when it holds none). */
    private static long indexTime(AccountState s, String coin) {
        for (int i = 0; i < s.collateral().size(); i++) {
            if (s.collateral().get(i).asset().equals(coin)) {
                return s.indexTimesMs().get(i);
            }
        }
        return Long.MAX_VALUE;
    }

    /** Files the account under the source key of each collateral coin's index it holds (and off those it left). */
    private void holdIndexes(Acct a) {
        List<String> next = new ArrayList<>(a.stored.collateral().size());
        for (io.perpguard.data.account.AccountFile.Collateral x : a.stored.collateral()) {
            String k = StreamVenue.collateralIndexKey(a.stored.exchange(), x.asset());
            if (k != null && !next.contains(k)) {
                next.add(k);
            }
        }
        for (String k : a.indexSources) {
            Holders h = indexHolders.get(k);
            if (h != null && !next.contains(k)) {
                h.remove(a);
                indexBand(k).remove(a.slot);
            }
        }
        for (String k : next) {
            indexHolders.computeIfAbsent(k, z -> new Holders()).add(a);
        }
        a.indexSources = next.toArray(new String[0]);
    }

    /** The stored marks with the partition's latest mark of each held symbol laid over them. */
    private Map<String, MarkTick> effectiveMarks(AccountState s) {
        Map<String, MarkTick> m = new TreeMap<>(s.marks());
        for (String sym : s.marks().keySet()) {
            MarkTick p = marks.get(sym);
            if (p != null) {
                m.put(sym, p);
            }
        }
        return m;
    }

    private MarkTick markTick(AccountState s, String symbol) {
        MarkTick m = marks.get(symbol);
        return m != null ? m : s.marks().get(symbol);
    }

    private double markOf(AccountState s, String symbol) {
        return markTick(s, symbol).markPrice();
    }

    private static List<String> symbolsOf(AccountState s) {
        List<String> out = new ArrayList<>(s.positions().size());
        for (HeldPosition p : s.positions()) {
            if (!out.contains(p.symbol())) {
                out.add(p.symbol());
            }
        }
        return out;
    }

    private void hold(Acct a, List<String> before, List<String> after) {
        for (String s : before) {
            if (!after.contains(s)) {
                Holders h = holders.get(s);
                if (h != null) {
                    h.remove(a);
                }
                Holders u = unbanded.get(s);
                if (u != null) {
                    u.remove(a);
                }
                index(s).remove(a.slot);
            }
        }
        for (String s : after) {
            if (!before.contains(s)) {
                holders.computeIfAbsent(s, k -> new Holders()).add(a);
            }
        }
    }

    /** The holders of one symbol: an array for the tick loop, an index for O(1) removal. */
    private static final class Holders {
        Acct[] items = new Acct[16];
        int n;
        final Map<Acct, Integer> at = new HashMap<>();

        void add(Acct a) {
            if (at.containsKey(a)) {
                return;
            }
            if (n == items.length) {
                items = java.util.Arrays.copyOf(items, n * 2);
            }
            at.put(a, n);
            items[n++] = a;
        }

        void remove(Acct a) {
            Integer i = at.remove(a);
            if (i == null) {
                return;
            }
            Acct last = items[--n];
            items[n] = null;
            if (i < n) {
                items[i] = last;
                at.put(last, i);
            }
        }
    }
}
