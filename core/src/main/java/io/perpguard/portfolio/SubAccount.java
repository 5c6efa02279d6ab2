package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.margin.Account;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.Position;
import io.perpguard.venue.ContractType;

import java.util.ArrayList;
import java.util.List;

/**
 * A named sub-account: its own futures wallet and positions (each cross or isolated). Exchanges keep
 * sub-accounts apart: a liquidation in one never draws on another's wallet. One wallet holds one currency: a
 * sub-account's positions are all linear (wallet in USDT) or all coin-margined (wallet in their coin) — unless it
 * shares collateral ({@code pool}: Binance Multi-Assets, Bybit UTA 2.0, OKX multi-currency), where every asset backs
 * every cross position and its amounts are in USD.
 *
 * @param name    unique within the portfolio, e.g. {@code core}, {@code degen}
 * @param account the sub-account's wallet and positions
 * @param pool    empty for one wallet; else the assets of its shared collateral, the first its wallet (the account's
 *                wallet balance, at par), priced on core's {@link io.perpguard.margin.CollateralPool}
 */
public record SubAccount(String name, Account account, List<CollateralAsset> pool) {
    public SubAccount {
        name = Checks.notBlank("name", name).trim();
        Checks.notNull("account", account);
        pool = List.copyOf(Checks.notNull("pool", pool));
        if (!pool.isEmpty() && pool.get(0).amount() != account.walletBalance()) {
            throw new IllegalArgumentException("the pool's first asset is the wallet: " + pool.get(0).amount() + " != " + account.walletBalance());
        }
        for (int i = 1; i < account.positions().size() && pool.isEmpty(); i++) {
            Position first = account.positions().get(0), p = account.positions().get(i);
            if (p.type() != first.type()) {
                throw new InvalidInputException("positions[" + i + "]", "sub-account '" + name + "' holds " + first.symbol() + " ("
                        + first.type().label() + ") and " + p.symbol() + " (" + p.type().label() + "): one wallet holds one currency; "
                        + "put the coin-margined positions in a sub-account of their own");
            }
        }
    }

    /** A sub-account with one wallet. */
    public SubAccount(String name, Account account) {
        this(name, account, List.of());
    }

    /** Whether several assets back its cross margin. */
    public boolean pooled() {
        return !pool.isEmpty();
    }

    /**
     * The assets of its pool that carry price exposure: every coin held (or owed: a short) but the dollar stablecoins
     * ({@link CollateralAsset#dollar}) — 2 BTC of collateral is BTC exposure as real as a BTC long. Empty for one wallet.
     */
    public List<CollateralAsset> coins() {
        return pool.stream().filter(c -> !c.dollar() && c.amount() != 0).toList();
    }

    /** How its wallet settles: the type of its positions (linear when it holds none, or when it is pooled: amounts in USD). */
    public ContractType settlement() {
        return account.positions().isEmpty() || pooled() ? ContractType.LINEAR : account.positions().get(0).type();
    }

    /**
     * The USD value of an amount of its wallet's currency, the positions at {@code prices} (position order): the amount
     * (USDT, or a pool's USD), or amount × the coin's price (a coin-margined wallet; its first position's price, every
     * position of it trading that one coin) — {@link ContractType#usd}.
     */
    public double usd(double amount, double[] prices) {
        return account.positions().isEmpty() || pooled() ? amount : settlement().usd(amount, prices[0]);
    }

    /** {@link #usd(double, double[])} at the marks. */
    public double usdAtMark(double amount) {
        return account.positions().isEmpty() || pooled() ? amount : settlement().usd(amount, account.positions().get(0).markPrice());
    }

    /**
     * Wallet + every position's unrealized PnL at mark, in its wallet's currency; pooled: in USD, each asset at its index
     * and each PnL at its mark ({@link ContractType#usd}: a coin PnL × the coin's price).
     */
    public double equity() {
        double e = 0;
        if (pooled()) {
            for (CollateralAsset c : pool) {
                e += c.amount() * c.indexPrice();
            }
            for (Position p : account.positions()) {
                e += p.type().usd(p.unrealizedPnl(), p.markPrice());
            }
            return e;
        }
        e = account.walletBalance();
        for (Position p : account.positions()) {
            e += p.unrealizedPnl();
        }
        return e;
    }

    /** The same sub-account with another wallet balance (positions unchanged; a pool's wallet asset with it). */
    public SubAccount withWallet(double walletBalance) {
        return with(new Account(walletBalance, account.positions(), account.exchange()));
    }

    /** The same sub-account with another account (wallet and positions); a pool keeps its other assets, its wallet the account's. */
    public SubAccount with(Account other) {
        if (pool.isEmpty()) {
            return new SubAccount(name, other);
        }
        List<CollateralAsset> out = new ArrayList<>(pool);
        out.set(0, pool.get(0).withAmount(other.walletBalance()));
        return new SubAccount(name, other, out);
    }
}
