package io.perpguard.live.venue;

import java.util.List;
import java.util.Map;

/**
 * A push from the account stream: what changed.
 *
 * @param eventTimeMs   the venue's event time
 * @param walletBalance the new wallet balance of the margin asset, NaN when unchanged
 * @param positions     positions that changed (amount 0 = closed)
 * @param reason        the venue's reason (ORDER, FUNDING_FEE, ...)
 * @param wallets       an account with a wallet per margin asset (Binance COIN-M): the assets whose wallet changed, by
 *                      asset; empty where the account has one wallet ({@code walletBalance})
 * @param collateralWallets where several assets back one cross margin (Binance Multi-Assets mode): the pool assets whose
 *                      wallet changed, by asset; empty otherwise
 */
public record AccountUpdate(long eventTimeMs, double walletBalance, List<LivePosition> positions, String reason, Map<String, Double> wallets,
                            Map<String, Double> collateralWallets) {
    public AccountUpdate {
        positions = List.copyOf(positions);
        wallets = Map.copyOf(wallets);
        collateralWallets = Map.copyOf(collateralWallets);
    }

    /** A push to an account with a wallet per coin, or one wallet. */
    public AccountUpdate(long eventTimeMs, double walletBalance, List<LivePosition> positions, String reason, Map<String, Double> wallets) {
        this(eventTimeMs, walletBalance, positions, reason, wallets, Map.of());
    }

    /** A push to an account with one wallet. */
    public AccountUpdate(long eventTimeMs, double walletBalance, List<LivePosition> positions, String reason) {
        this(eventTimeMs, walletBalance, positions, reason, Map.of());
    }
}
