package io.perpguard.server;

import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchView;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code serve --live}: mirrors each watched account into the desk's store as a read-only sub-account of the desk
 * account {@value #ACCOUNT}, so the dashboard, its gauges and its alert rules see the real positions. Wallet, open
 * positions, leverage and isolated margins follow the venue; a position the venue closed is closed on the desk (as
 * a liquidation when the venue liquidated it), and one the watcher tells was closed and opened again under its key (a
 * close line for a position it still shows) is closed and opened anew. A position the desk itself settled as liquidated is not re-opened
 * while the venue still reports it unchanged (the venue's liquidation arrives a moment later); that settlement, and the close of a
 * row gone from the view with no close line of it, are provisional (V13) until the watcher's close line of the position comes,
 * which re-books the row with the venue's reason, price and PnL. A contract margined in
 * another asset than the account's USDT draws on that asset's wallet: a coin-margined one on its coin's (a Binance
 * COIN-M account has nothing else; Bybit and OKX keep them beside the USDT wallet), a USDC-margined one on the USDC
 * wallet (Binance single-asset mode). Each such asset is its own sub-account {@code "<account> BTC"}, {@code "<account>
 * USDC"}, on the account's venue with its asset stored and its wallet in it; coin-margined positions in whole contracts.
 */
final class LiveMirror {
    static final String ACCOUNT = "live";
    private final DeskStore store;
    private final Map<String, Long> subs = new HashMap<>();
    private final Set<Long> subIds = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> accountBySub = new ConcurrentHashMap<>();
    /** The coin wallets mirrored per account, this run's and those an earlier run left. */
    private final Map<String, Set<String>> coinsByAccount = new HashMap<>();
    private volatile long accountId = -1;
    /** The close lines of each account's views already applied (the watcher keeps its last 50), by account. */
    private final Map<String, Set<WatchView.Closed>> closedApplied = new HashMap<>();
    /**
     * The close lines of the view being synced that were not in the last one: a position closed since. Only such a line is
     * about a row the last view showed — a line already in it is older than that row's last sighting (an earlier holding's).
     */
    private List<WatchView.Closed> freshClosed = List.of();
    /** The fresh lines that closed a stored row in the view being synced; the others may re-book a provisional close. */
    private final Set<WatchView.Closed> booked = new java.util.HashSet<>();

    LiveMirror(DeskStore store) {
        this.store = store;
    }

    /**
     * Brings the live account's sub-accounts in line with the view: the account's one wallet ({@code "<account>"}, its
     * linear positions) where its venue lists linear contracts, and every coin wallet that margins a coin-margined
     * (inverse) contract its own sub-account, {@code "<account> <coin>"} — each coin margins its own contracts, as the
     * venue does: a Binance COIN-M account is nothing but coin wallets, a Bybit or OKX account holds its inverse
     * contracts' coin wallets beside its USDT one. Which wallet a position draws on is its contract's settlement
     * currency, as the watcher prices it; no venue is named here.
     */
    synchronized void sync(WatchView v) {
        sync(v, List.of(), Map.of());
    }

    /**
     * As {@link #sync(WatchView)}; {@code pool} non-empty: a shared-collateral account (Binance Multi-Assets mode, Bybit
     * UTA 2.0 cross), mirrored as ONE sub-account {@code "<account>"} holding every position, linear and coin-margined,
     * its wallet the USD value of the pool's wallets (each at its index) and the pool's assets stored beside it (V10), so
     * the desk prices it on the pool as the watcher does; {@code indexMarks}: the marks at which the pool's indexes were
     * read (V11), from which an asset in a contract's own coin moves with its mark. Without a pool, its stored assets are
     * dropped: one wallet again.
     */
    synchronized void sync(WatchView v, List<CollateralAsset> pool, Map<String, Double> indexMarks) {
        if (v.stale() && v.positions().isEmpty() && "connecting".equals(v.staleReason())) {
            return;   // no snapshot yet: an empty view is not an empty account
        }
        Set<WatchView.Closed> applied = closedApplied.getOrDefault(v.account(), Set.of());
        List<WatchView.Closed> fresh = v.closed().stream().filter(c -> !applied.contains(c)).toList();
        // a close line booked as closed that the watcher relabelled "liquidated" since (the venue's liquidation order came after
        // the update that closed the position): the row booked from it is re-booked, not a close of whatever is held now
        List<WatchView.Closed> relabelled = fresh.stream().filter(c -> relabels(c, applied)).toList();
        freshClosed = fresh.stream().filter(c -> !relabelled.contains(c)).toList();
        booked.clear();
        mirror(v, pool, indexMarks);
        for (WatchView.Closed c : relabelled) {
            store.rebookAsLiquidation(subIdsOf(v.account()), c.symbol(), side(c.side()), c.timeMs(), c.price(),
                    row -> row.toPosition(Double.NaN).unrealizedPnl());   // at the price re-booked
        }
        // the venue's close of a position the desk closed provisionally before it (settled as liquidated at the desk's own mark,
        // or gone with no line): that row gets the venue's figures, as if the report had come first (V13)
        for (WatchView.Closed c : freshClosed) {
            if (!booked.contains(c)) {
                // the venue's own realized profit and commission of the trades that closed it where its line carries them
                // (Binance's rp, n, N), else the PnL at the venue's price, as every mirrored close
                store.rebookFromVenue(subIdsOf(v.account()), c.symbol(), side(c.side()), c.qty(), reason(c), c.price(), c.timeMs(),
                        row -> c.realizedPnl() != null ? c.realizedPnl() : row.toPosition(Double.NaN).unrealizedPnl(), c.fee(), c.feeAsset());
            }
        }
        // applied only once written: a sync that failed leaves its lines fresh, to be applied by the next view
        closedApplied.put(v.account(), Set.copyOf(v.closed()));
    }

    /**
     * Whether {@code line} is a close line of {@code applied} the watcher relabelled "liquidated": the same close (symbol,
     * side, margin mode, time) that said "closed".
     */
    private static boolean relabels(WatchView.Closed line, Set<WatchView.Closed> applied) {
        return "liquidated".equals(line.reason()) && applied.stream().anyMatch(a -> "closed".equals(a.reason()) && a.timeMs() == line.timeMs()
                && a.symbol().equals(line.symbol()) && a.side().equals(line.side()) && a.marginMode().equals(line.marginMode()));
    }

    /** The sub-accounts mirroring the watched {@code account} (its wallet's, each coin's). */
    private List<Long> subIdsOf(String account) {
        return accountBySub.entrySet().stream().filter(e -> e.getValue().equals(account)).map(Map.Entry::getKey).sorted().toList();
    }

    /** The body of {@link #sync(WatchView, List, Map)}: the account's sub-accounts, wallets and positions as the view has them. */
    private void mirror(WatchView v, List<CollateralAsset> pool, Map<String, Double> indexMarks) {
        io.perpguard.venue.Exchange venue = io.perpguard.live.LiveInstruments.exchange(v.venue());
        if (!pool.isEmpty()) {
            double usd = 0;
            for (CollateralAsset a : pool) {
                usd += a.amount() * a.indexPrice();
            }
            long id = sub(v.account(), v.account(), venue, null, usd);
            if (!pool.equals(store.collateral(id)) || !indexMarks.equals(store.collateralMarks(id))) {
                store.replaceCollateral(id, pool, indexMarks);
            }
            sync(v, id, usd, v.positions());
            return;
        }
        if (subs.containsKey(v.account()) && !store.collateral(subs.get(v.account())).isEmpty()) {
            store.replaceCollateral(subs.get(v.account()), List.of());   // back to single-asset mode / UTA 1.0
        }
        List<WatchView.Row> linear = new ArrayList<>();
        Map<String, List<WatchView.Row>> held = new TreeMap<>();
        for (WatchView.Row p : v.positions()) {
            String asset = walletOf(p);
            if (asset == null) {
                linear.add(p);
            } else {
                held.computeIfAbsent(asset, k -> new ArrayList<>()).add(p);
            }
        }
        if (venue.lists(io.perpguard.venue.ContractType.LINEAR)) {
            sync(v, sub(v.account(), v.account(), venue, null, linearWallet(v)), linearWallet(v), linear);
        }
        syncAssets(v, venue, held);
    }

    /**
     * The asset wallet a position draws on where it is not the account's own ({@value AccountWatcher#ACCOUNT_WALLET}): its
     * settlement currency, as the watcher prices it (BTC for BTCUSD_PERP, Bybit's BTCUSD, OKX's BTC-USD-SWAP; USDC for
     * Binance's ETHUSDC); null for the account's own.
     */
    static String walletOf(WatchView.Row p) {
        return p.currency() == null || p.currency().equals(AccountWatcher.ACCOUNT_WALLET) ? null : p.currency();
    }

    /**
     * The coin a position draws on where it is coin-margined: its settlement currency when that is not a dollar (the
     * watcher's {@code currency}: BTC for BTCUSD_PERP, Bybit's BTCUSD, OKX's BTC-USD-SWAP); null for a linear contract.
     */
    static String coinOf(WatchView.Row p) {
        return p.currency() == null || p.currency().startsWith("USD") ? null : p.currency();
    }

    /**
     * The account's one (USDT) wallet: its entry among the view's wallets where other assets' wallets are listed beside
     * it, else the view's one-wallet figure; 0 where those are listed without it (the watcher leaves an empty USDT wallet
     * out, and then shows another asset's in the one-wallet fields).
     */
    private static double linearWallet(WatchView v) {
        if (v.wallets().isEmpty()) {
            return v.walletBalance();
        }
        for (WatchView.Wallet w : v.wallets()) {
            if (w.asset().equals(AccountWatcher.ACCOUNT_WALLET)) {
                return w.walletBalance();
            }
        }
        return 0;
    }

    /**
     * The asset wallets of an account other than its own, each its own sub-account: every asset the view lists as a
     * wallet (a Binance COIN-M account lists each coin it holds; Bybit and OKX the coins their inverse contracts draw on;
     * Binance single-asset mode USDC while a USDC-margined contract draws on it) or that a position draws on. An asset
     * that leaves the view (its wallet emptied, or its last position there closed), this run or since an earlier one,
     * keeps its row: its positions are closed as the venue closed them and its wallet is the venue's balance of the
     * asset, 0 once the venue lists none, so its closed positions and alerts stay readable and a later deposit refills it.
     */
    private void syncAssets(WatchView v, io.perpguard.venue.Exchange venue, Map<String, List<WatchView.Row>> positions) {
        Map<String, Double> wallets = new TreeMap<>();
        for (WatchView.Wallet w : v.wallets()) {
            if (!w.asset().equals(AccountWatcher.ACCOUNT_WALLET)) {
                wallets.put(w.asset(), w.walletBalance());
            }
        }
        Set<String> coins = new TreeSet<>(knownCoins(v.account(), venue));
        coins.addAll(wallets.keySet());
        coins.addAll(positions.keySet());
        for (String coin : coins) {
            List<WatchView.Row> held = positions.getOrDefault(coin, List.of());
            // a coin gone from the view: the venue's balance of it, else emptied; a position's coin without a wallet figure
            // yet: the wallet as stored
            Double w = wallets.containsKey(coin) ? wallets.get(coin) : v.balances().get(coin);
            double wallet = w != null ? w : held.isEmpty() ? 0 : Double.NaN;
            sync(v, sub(v.account(), v.account() + " " + coin, venue, coin, wallet), wallet, held);
        }
    }

    /**
     * The coin wallets of an account mirrored before: this run's, and at the first sync the rows an earlier run left
     * ({@code "<account> <coin>"} on the account's venue with that coin stored), taken over so a restart adds no row.
     */
    private Set<String> knownCoins(String account, io.perpguard.venue.Exchange venue) {
        Set<String> coins = coinsByAccount.get(account);
        if (coins == null) {
            coins = new TreeSet<>();
            for (DeskStore.SubAccountRow r : store.subAccounts(liveAccount())) {
                if (r.venue() == venue && r.currency() != null && r.name().equals(account + " " + r.currency())) {
                    coins.add(r.currency());
                }
            }
            coinsByAccount.put(account, coins);
        }
        return coins;
    }

    /**
     * Brings one wallet's sub-account in line with its positions in the view; {@code walletBalance} NaN: not known yet.
     * A coin-margined position is held in whole contracts.
     */
    private void sync(WatchView v, long subId, double walletBalance, List<WatchView.Row> positions) {
        DeskStore.SubAccountRow sub = store.subAccount(subId);
        BigDecimal wallet = Double.isFinite(walletBalance) ? DeskStore.money(walletBalance) : null;
        Map<String, DeskStore.PositionRow> rows = new HashMap<>();
        for (DeskStore.PositionRow r : store.positions(subId)) {
            rows.put(key(r.symbol(), r.side(), r.positionSide()), r);
        }
        List<DeskStore.Closing> closings = new ArrayList<>();
        List<DeskStore.PositionRow> reopened = new ArrayList<>();
        for (WatchView.Row p : positions) {
            boolean inv = coinOf(p) != null;   // a pooled account holds both kinds: each row by its own contract
            if (inv && !(p.contracts() > 0 && Double.isFinite(p.contracts()))) {
                // a coin-margined contract the watcher is still reading (opened after start): its size in contracts is not known, so
                // it is not stored as a linear one; a row already stored stays as it is until the next view
                rows.remove(key(p.symbol(), side(p.side()), PositionSide.parse("positionSide", p.positionSide())));
                continue;
            }
            DeskStore.PositionRow want = row(subId, p, inv);
            DeskStore.PositionRow have = rows.remove(key(want.symbol(), want.side(), want.positionSide()));
            WatchView.Closed closedSince = have == null ? null : freshClosed.stream()
                    .filter(c -> c.symbol().equals(want.symbol()) && side(c.side()) == want.side()).reduce((a, b) -> b).orElse(null);
            if (closedSince != null) {
                // closed and opened again under its key since the last view (the watcher told a new holding): the old row is
                // closed as the watcher closed it, the new one opened after that
                closings.add(closing(have, closedSince));
                booked.add(closedSince);
                reopened.add(want);
                continue;
            }
            if (have == null) {
                if (!settledByDesk(subId, want)) {
                    store.createPosition(want);
                }
            } else if (differs(have, want)) {
                store.updatePosition(have.id(), want);
            }
        }
        for (DeskStore.PositionRow gone : rows.values()) {
            // only a line new since the last view (which showed the row) is its close: an older one is an earlier holding's
            WatchView.Closed c = freshClosed.stream().filter(x -> x.symbol().equals(gone.symbol()) && side(x.side()) == gone.side())
                    .reduce((a, b) -> b).orElse(null);
            if (c != null) {
                closings.add(closing(gone, c));
                booked.add(c);
            } else {
                // no report of it yet: closed at its last mark, said so, and re-booked when the watcher's line of it comes
                closings.add(closing(gone, null).provisional(DeskStore.PROVISIONAL_NO_REPORT));
            }
        }
        if (!closings.isEmpty()) {
            store.close(subId, closings, wallet == null ? sub.walletBalance() : wallet.max(BigDecimal.ZERO), v.timeMs());
            reopened.forEach(store::createPosition);
        } else if (wallet != null && sub.walletBalance().compareTo(wallet) != 0 && wallet.signum() >= 0) {
            store.updateSubAccount(subId, sub.name(), wallet);
        }
    }

    /**
     * Closing a stored row as the watcher's close line {@code c} says (null: closed at its mark); the row is booked from that
     * line (a line new in this view), which is remembered with it (V12) so a relabel of the line finds it.
     */
    private static DeskStore.Closing closing(DeskStore.PositionRow row, WatchView.Closed c) {
        double price = c != null && c.price() > 0 ? c.price() : row.markPrice().doubleValue();
        if (c != null && c.realizedPnl() != null) {
            // the venue's own realized profit and commission of the trades that closed it (Binance's rp, n, N), as a re-book
            return new DeskStore.Closing(row, reason(c), price, price, c.realizedPnl(), c.timeMs()).withFee(c.fee(), c.feeAsset());
        }
        return new DeskStore.Closing(row, reason(c), price, price, row.toPosition(price).unrealizedPnl(), c != null ? c.timeMs() : null);
    }

    /** The desk's reason for a close line: {@code liquidation} where the watcher says liquidated, else {@code closed}. */
    private static String reason(WatchView.Closed c) {
        return c != null && "liquidated".equals(c.reason()) ? "liquidation" : "closed";
    }

    /** True when the account, sub-account or position id belongs to a mirrored live account (read-only). */
    boolean ownsAccount(long id) {
        return id == accountId;
    }

    boolean ownsSubAccount(long id) {
        return subIds.contains(id);
    }

    /** The watched account a mirrored sub-account shows, or null for the desk's own sub-accounts. */
    String accountOf(long subId) {
        return accountBySub.get(subId);
    }

    boolean ownsPosition(long id) {
        try {
            return subIds.contains(store.position(id).subAccountId());
        } catch (DeskStore.NotFound e) {
            return false;
        }
    }

    /**
     * The sub-account {@code name} mirroring the watched {@code account} (a COIN-M coin wallet: {@code "<account> BTC"}
     * in {@code currency} BTC), on the watched account's venue (its watcher prices it by that venue's rules, so the column
     * says so too). A row kept from an earlier run on another venue (the mirror stored every account as {@code binance}
     * before, or the config moved the name to another exchange) is moved to it.
     */
    private long sub(String account, String name, io.perpguard.venue.Exchange venue, String currency, double wallet) {
        Long id = subs.get(name);
        if (id != null) {
            return id;
        }
        long acct = liveAccount();
        DeskStore.SubAccountRow row = store.subAccounts(acct).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseGet(() -> store.createSubAccount(acct, name, DeskStore.money(Double.isFinite(wallet) ? Math.max(0, wallet) : 0), venue, currency));
        if (row.venue() != venue) {
            row = store.updateSubAccountExchange(row.id(), venue);
        }
        if (currency != null && !currency.equals(row.currency())) {
            row = store.updateSubAccountCurrency(row.id(), currency);
        }
        long sid = row.id();
        subs.put(name, sid);
        accountBySub.put(sid, account);
        subIds.add(sid);
        if (currency != null) {
            coinsByAccount.computeIfAbsent(account, k -> new TreeSet<>()).add(currency);
        }
        return sid;
    }

    /** The desk account {@value #ACCOUNT} that holds the mirrored sub-accounts (created at the first sync). */
    private long liveAccount() {
        if (accountId < 0) {
            accountId = store.accounts().stream().filter(a -> a.name().equals(ACCOUNT)).findFirst()
                    .orElseGet(() -> store.createAccount(ACCOUNT)).id();
        }
        return accountId;
    }

    /** The desk closed it as liquidated at the same size and entry: the venue has not caught up yet. */
    private boolean settledByDesk(long subId, DeskStore.PositionRow want) {
        return store.closedPositions(subId, 20).stream().anyMatch(c -> c.reason().equals("liquidation")
                && c.symbol().equals(want.symbol()) && c.side() == want.side()
                && c.qty().compareTo(want.qty()) == 0 && c.entryPrice().compareTo(want.entryPrice()) == 0);
    }

    /**
     * The stored row of a watched position; an inverse (coin-margined) one keeps its whole contracts beside the engine's size,
     * the USD face, as a hand-entered COIN-M position does (its margin added is in the coin).
     */
    private static DeskStore.PositionRow row(long subId, WatchView.Row p, boolean inverse) {
        double mark = Double.isFinite(p.markPrice()) && p.markPrice() > 0 ? p.markPrice() : p.entryPrice();
        return new DeskStore.PositionRow(0, subId, p.symbol(), side(p.side()), DeskStore.strip(BigDecimal.valueOf(p.qty())),
                DeskStore.strip(BigDecimal.valueOf(p.entryPrice())), DeskStore.strip(BigDecimal.valueOf(p.leverage())),
                MarginMode.valueOf(p.marginMode().toUpperCase(Locale.ROOT)), PositionSide.parse("positionSide", p.positionSide()),
                DeskStore.money(p.marginAdded()), DeskStore.strip(BigDecimal.valueOf(mark)),
                inverse ? BigDecimal.valueOf(Math.round(p.contracts())) : null);
    }

    private static boolean differs(DeskStore.PositionRow a, DeskStore.PositionRow b) {
        return a.qty().compareTo(b.qty()) != 0 || a.entryPrice().compareTo(b.entryPrice()) != 0 || a.leverage().compareTo(b.leverage()) != 0
                || a.marginMode() != b.marginMode() || a.marginAdded().compareTo(b.marginAdded()) != 0
                || !java.util.Objects.equals(a.contracts() == null ? null : a.contracts().stripTrailingZeros(),
                        b.contracts() == null ? null : b.contracts().stripTrailingZeros());
    }

    private static Side side(String label) {
        return "short".equals(label) ? Side.SHORT : Side.LONG;
    }

    private static String key(String symbol, Side side, PositionSide ps) {
        return symbol + "/" + side + "/" + ps;
    }
}
