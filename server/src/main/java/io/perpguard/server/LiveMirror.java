package io.perpguard.server;

import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.live.watch.WatchView;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code serve --live}: mirrors each watched account into the desk's store as a read-only sub-account of the desk
 * account {@value #ACCOUNT}, so the dashboard, its gauges and its alert rules see the real positions. Wallet, open
 * positions, leverage and isolated margins follow the venue; a position the venue closed is closed on the desk (as
 * a liquidation when the venue liquidated it). A position the desk itself settled as liquidated is not re-opened
 * while the venue still reports it unchanged (the venue's liquidation arrives a moment later).
 */
final class LiveMirror {
    static final String ACCOUNT = "live";
    private final DeskStore store;
    private final Map<String, Long> subs = new HashMap<>();
    private final Set<Long> subIds = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> accountBySub = new ConcurrentHashMap<>();
    private volatile long accountId = -1;

    LiveMirror(DeskStore store) {
        this.store = store;
    }

    /** Brings the live account's sub-account in line with the view. */
    synchronized void sync(WatchView v) {
        if (v.stale() && v.positions().isEmpty() && "connecting".equals(v.staleReason())) {
            return;   // no snapshot yet: an empty view is not an empty account
        }
        long subId = sub(v.account(), io.perpguard.live.LiveInstruments.exchange(v.venue()), v.walletBalance());
        DeskStore.SubAccountRow sub = store.subAccount(subId);
        BigDecimal wallet = DeskStore.money(v.walletBalance());
        Map<String, DeskStore.PositionRow> rows = new HashMap<>();
        for (DeskStore.PositionRow r : store.positions(subId)) {
            rows.put(key(r.symbol(), r.side(), r.positionSide()), r);
        }
        List<DeskStore.Closing> closings = new ArrayList<>();
        for (WatchView.Row p : v.positions()) {
            if (!p.currency().startsWith("USD")) {
                continue;   // a coin-margined contract draws on its coin's wallet, not the one wallet mirrored here: `watch` shows it
            }
            DeskStore.PositionRow want = row(subId, p);
            DeskStore.PositionRow have = rows.remove(key(want.symbol(), want.side(), want.positionSide()));
            if (have == null) {
                if (!settledByDesk(subId, want)) {
                    store.createPosition(want);
                }
            } else if (differs(have, want)) {
                store.updatePosition(have.id(), want);
            }
        }
        for (DeskStore.PositionRow gone : rows.values()) {
            WatchView.Closed c = v.closed().stream().filter(x -> x.symbol().equals(gone.symbol()) && side(x.side()) == gone.side())
                    .reduce((a, b) -> b).orElse(null);
            double price = c != null && c.price() > 0 ? c.price() : gone.markPrice().doubleValue();
            String reason = c != null && "liquidated".equals(c.reason()) ? "liquidation" : "closed";
            closings.add(new DeskStore.Closing(gone, reason, price, price, gone.toPosition(price).unrealizedPnl()));
        }
        if (!closings.isEmpty()) {
            store.close(subId, closings, wallet.max(BigDecimal.ZERO), v.timeMs());
        } else if (sub.walletBalance().compareTo(wallet) != 0 && wallet.signum() >= 0) {
            store.updateSubAccount(subId, sub.name(), wallet);
        }
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
     * The sub-account mirroring {@code name}, on the watched account's venue (its watcher prices it by that venue's
     * rules, so the column says so too). A row kept from an earlier run on another venue (the mirror stored every
     * account as {@code binance} before, or the config moved the name to another exchange) is moved to it.
     */
    private long sub(String name, io.perpguard.venue.Exchange venue, double wallet) {
        Long id = subs.get(name);
        if (id != null) {
            return id;
        }
        if (accountId < 0) {
            accountId = store.accounts().stream().filter(a -> a.name().equals(ACCOUNT)).findFirst()
                    .orElseGet(() -> store.createAccount(ACCOUNT)).id();
        }
        DeskStore.SubAccountRow row = store.subAccounts(accountId).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseGet(() -> store.createSubAccount(accountId, name, DeskStore.money(Math.max(0, wallet)), venue));
        if (row.venue() != venue) {
            row = store.updateSubAccountExchange(row.id(), venue);
        }
        long sid = row.id();
        subs.put(name, sid);
        accountBySub.put(sid, name);
        subIds.add(sid);
        return sid;
    }

    /** The desk closed it as liquidated at the same size and entry: the venue has not caught up yet. */
    private boolean settledByDesk(long subId, DeskStore.PositionRow want) {
        return store.closedPositions(subId, 20).stream().anyMatch(c -> c.reason().equals("liquidation")
                && c.symbol().equals(want.symbol()) && c.side() == want.side()
                && c.qty().compareTo(want.qty()) == 0 && c.entryPrice().compareTo(want.entryPrice()) == 0);
    }

    private static DeskStore.PositionRow row(long subId, WatchView.Row p) {
        double mark = Double.isFinite(p.markPrice()) && p.markPrice() > 0 ? p.markPrice() : p.entryPrice();
        return new DeskStore.PositionRow(0, subId, p.symbol(), side(p.side()), DeskStore.strip(BigDecimal.valueOf(p.qty())),
                DeskStore.strip(BigDecimal.valueOf(p.entryPrice())), DeskStore.strip(BigDecimal.valueOf(p.leverage())),
                MarginMode.valueOf(p.marginMode().toUpperCase(Locale.ROOT)), PositionSide.parse("positionSide", p.positionSide()),
                DeskStore.money(p.marginAdded()), DeskStore.strip(BigDecimal.valueOf(mark)));
    }

    private static boolean differs(DeskStore.PositionRow a, DeskStore.PositionRow b) {
        return a.qty().compareTo(b.qty()) != 0 || a.entryPrice().compareTo(b.entryPrice()) != 0 || a.leverage().compareTo(b.leverage()) != 0
                || a.marginMode() != b.marginMode() || a.marginAdded().compareTo(b.marginAdded()) != 0;
    }

    private static Side side(String label) {
        return "short".equals(label) ? Side.SHORT : Side.LONG;
    }

    private static String key(String symbol, Side side, PositionSide ps) {
        return symbol + "/" + side + "/" + ps;
    }
}
