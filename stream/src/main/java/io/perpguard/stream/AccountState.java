package io.perpguard.stream;

import io.perpguard.alerts.AlertState;
import io.perpguard.alerts.MarginAlertRules;
import io.perpguard.data.account.AccountFile;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@code accounts} store keeps per account: wallet, open positions, the latest mark of each symbol held
 * (so a tick of one symbol re-prices the account with the latest marks of all its others: one consistent margin
 * ratio), the alert rule's memory and the account's venue.
 *
 * @param walletBalance deposits + realized PnL − fees, in the settlement currency of the account's contracts (USDT;
 *                      coin for coin-margined ones), includes isolated margin
 * @param positions     open positions, in opening order
 * @param marks         latest mark per held symbol; a mark with {@code eventTimeMs} {@link #FILL_MARK} is the fill
 *                      price standing in until the first tick arrives
 * @param alert         the alert rule's state
 * @param exchange      the venue the account is on, set by its first event (one venue per account, as
 *                      {@code calc --account}); null (state written before the stream priced other venues) reads as
 *                      Binance USDⓈ-M, the one venue it took then
 * @param collateral    the assets stated beside the wallet ({@code collateral} events), each with its amount, the
 *                      venue's collateral ratio and its index price, as an account file's {@code collateral} list; empty
 *                      (every state written before) prices the account on its one wallet. Not empty: the account is
 *                      priced on its pool, its wallet being USDT at par ({@code PooledAccount}, as {@code calc --account})
 * @param indexTimesMs  per collateral asset (same order), when its {@code indexPrice} was observed, epoch ms: the
 *                      collateral event's time, or the tick's whose index was laid over it ({@link PartitionBook}); 0
 *                      (state written before, format 3) is older than any tick. null: all 0
 */
public record AccountState(double walletBalance, List<HeldPosition> positions, Map<String, MarkTick> marks,
                           AlertState alert, io.perpguard.venue.Exchange exchange, List<AccountFile.Collateral> collateral,
                           List<Long> indexTimesMs) {
    /** Event time of a mark taken from a fill price: older than any real tick. */
    public static final long FILL_MARK = 0;

    /** A new account: no money, no positions. */
    public static final AccountState EMPTY = new AccountState(0, List.of(), Map.of(), AlertState.INITIAL, StreamVenue.DEFAULT, List.of(), List.of());

    /** An account on Binance USDⓈ-M. */
    public AccountState(double walletBalance, List<HeldPosition> positions, Map<String, MarkTick> marks, AlertState alert) {
        this(walletBalance, positions, marks, alert, StreamVenue.DEFAULT, List.of(), List.of());
    }

    /** An account on {@code exchange} without stated collateral. */
    public AccountState(double walletBalance, List<HeldPosition> positions, Map<String, MarkTick> marks, AlertState alert,
                        io.perpguard.venue.Exchange exchange) {
        this(walletBalance, positions, marks, alert, exchange, List.of(), List.of());
    }

    /** An account on {@code exchange} with stated collateral whose indexes carry no time (as format 3 stored them). */
    public AccountState(double walletBalance, List<HeldPosition> positions, Map<String, MarkTick> marks, AlertState alert,
                        io.perpguard.venue.Exchange exchange, List<AccountFile.Collateral> collateral) {
        this(walletBalance, positions, marks, alert, exchange, collateral, null);
    }

    /** A new account on {@code ex}: no money, no positions. */
    public static AccountState empty(io.perpguard.venue.Exchange ex) {
        return ex == StreamVenue.DEFAULT ? EMPTY : new AccountState(0, List.of(), Map.of(), AlertState.INITIAL, ex, List.of(), List.of());
    }

    /** The same account with other money, positions, marks and rule state (its venue and collateral kept). */
    public AccountState with(double wallet, List<HeldPosition> ps, Map<String, MarkTick> m, AlertState a) {
        return new AccountState(wallet, ps, m, a, exchange, collateral, indexTimesMs);
    }

    /** The same account with other stated collateral, its indexes without a time (0). */
    public AccountState withCollateral(List<AccountFile.Collateral> c) {
        return new AccountState(walletBalance, positions, marks, alert, exchange, c, null);
    }

    /** The same account with other stated collateral, each index observed at {@code times} (same order). */
    public AccountState withCollateral(List<AccountFile.Collateral> c, List<Long> times) {
        return new AccountState(walletBalance, positions, marks, alert, exchange, c, times);
    }

    /** True when the account is priced on a pool of collateral (some asset stated beside its wallet). */
    public boolean pooled() {
        return !collateral.isEmpty();
    }

    public AccountState {
        exchange = exchange == null ? StreamVenue.DEFAULT : exchange;
        positions = List.copyOf(positions);
        collateral = collateral == null ? List.of() : List.copyOf(collateral);
        if (indexTimesMs == null) {
            indexTimesMs = java.util.Collections.nCopies(collateral.size(), 0L);
        } else if (indexTimesMs.size() != collateral.size()) {
            throw new IllegalArgumentException(indexTimesMs.size() + " index times for " + collateral.size() + " collateral assets");
        }
        indexTimesMs = List.copyOf(indexTimesMs);
        marks = java.util.Collections.unmodifiableMap(new TreeMap<>(marks));
    }

    /** True when some position of {@code symbol} is open. */
    public boolean holds(String symbol) {
        for (HeldPosition p : positions) {
            if (p.symbol().equals(symbol)) {
                return true;
            }
        }
        return false;
    }
}
