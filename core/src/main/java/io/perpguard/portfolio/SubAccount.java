package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.margin.Account;

/**
 * A named sub-account: its own futures wallet and positions (each cross or isolated). Exchanges keep
 * sub-accounts apart: a liquidation in one never draws on another's wallet.
 *
 * @param name    unique within the portfolio, e.g. {@code core}, {@code degen}
 * @param account the sub-account's wallet and positions
 */
public record SubAccount(String name, Account account) {
    public SubAccount {
        name = Checks.notBlank("name", name).trim();
        Checks.notNull("account", account);
    }

    /** The same sub-account with another wallet balance (positions unchanged). */
    public SubAccount withWallet(double walletBalance) {
        return new SubAccount(name, new Account(walletBalance, account.positions(), account.exchange()));
    }
}
