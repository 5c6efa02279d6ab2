package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.margin.Account;
import io.perpguard.margin.Position;
import io.perpguard.venue.ContractType;

/**
 * A named sub-account: its own futures wallet and positions (each cross or isolated). Exchanges keep
 * sub-accounts apart: a liquidation in one never draws on another's wallet. One wallet holds one currency: a
 * sub-account's positions are all linear (wallet in USDT) or all coin-margined (wallet in their coin).
 *
 * @param name    unique within the portfolio, e.g. {@code core}, {@code degen}
 * @param account the sub-account's wallet and positions
 */
public record SubAccount(String name, Account account) {
    public SubAccount {
        name = Checks.notBlank("name", name).trim();
        Checks.notNull("account", account);
        for (int i = 1; i < account.positions().size(); i++) {
            Position first = account.positions().get(0), p = account.positions().get(i);
            if (p.type() != first.type()) {
                throw new InvalidInputException("positions[" + i + "]", "sub-account '" + name + "' holds " + first.symbol() + " ("
                        + first.type().label() + ") and " + p.symbol() + " (" + p.type().label() + "): one wallet holds one currency; "
                        + "put the coin-margined positions in a sub-account of their own");
            }
        }
    }

    /** How its wallet settles: the type of its positions (linear when it holds none). */
    public ContractType settlement() {
        return account.positions().isEmpty() ? ContractType.LINEAR : account.positions().get(0).type();
    }

    /**
     * The USD value of an amount of its wallet's currency, the positions at {@code prices} (position order): the amount
     * (USDT), or amount × the coin's price (a coin-margined wallet; its first position's price, every position of it
     * trading that one coin) — {@link ContractType#usd}.
     */
    public double usd(double amount, double[] prices) {
        return account.positions().isEmpty() ? amount : settlement().usd(amount, prices[0]);
    }

    /** {@link #usd(double, double[])} at the marks. */
    public double usdAtMark(double amount) {
        return account.positions().isEmpty() ? amount : settlement().usd(amount, account.positions().get(0).markPrice());
    }

    /** Wallet + every position's unrealized PnL at mark, in its wallet's currency. */
    public double equity() {
        double e = account.walletBalance();
        for (Position p : account.positions()) {
            e += p.unrealizedPnl();
        }
        return e;
    }

    /** The same sub-account with another wallet balance (positions unchanged). */
    public SubAccount withWallet(double walletBalance) {
        return new SubAccount(name, new Account(walletBalance, account.positions(), account.exchange()));
    }
}
