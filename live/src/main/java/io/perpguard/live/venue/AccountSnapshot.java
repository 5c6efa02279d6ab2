package io.perpguard.live.venue;

import java.util.List;
import java.util.Map;

/**
 * A full account read over REST: the state the streams are resynchronised to after every (re)connect.
 *
 * @param timeMs        when it was read (local clock)
 * @param walletBalance wallet balance of the margin asset (isolated wallets included)
 * @param positions     open positions
 * @param marks         mark price per symbol at the time of reading
 * @param funding       funding rate and next funding time per symbol, as mark updates (may be empty)
 * @param wallets       where a margin asset is its own wallet, the wallet balance of each such asset (isolated wallets
 *                      included): Binance COIN-M's coins (BTC margins BTCUSD_PERP, ETH ETHUSD_PERP; {@code walletBalance}
 *                      NaN), Bybit's and OKX's coins beside USDT, Binance USDⓈ-M's USDC in single-asset mode; empty where
 *                      the account has one wallet
 * @param collateral    where several assets back one cross margin (Binance USDⓈ-M Multi-Assets mode): every asset
 *                      of the pool with its wallet, index and the venue's valuation rule; empty in single-asset mode
 */
public record AccountSnapshot(long timeMs, double walletBalance, List<LivePosition> positions, Map<String, Double> marks,
                              Map<String, MarkUpdate> funding, Map<String, Double> wallets,
                              List<io.perpguard.margin.CollateralAsset> collateral) {
    public AccountSnapshot {
        positions = List.copyOf(positions);
        marks = Map.copyOf(marks);
        funding = Map.copyOf(funding);
        wallets = Map.copyOf(wallets);
        collateral = List.copyOf(collateral);
    }

    /** An account whose cross margin is one asset's (or each coin's own wallet). */
    public AccountSnapshot(long timeMs, double walletBalance, List<LivePosition> positions, Map<String, Double> marks,
                           Map<String, MarkUpdate> funding, Map<String, Double> wallets) {
        this(timeMs, walletBalance, positions, marks, funding, wallets, List.of());
    }

    /** An account with one wallet. */
    public AccountSnapshot(long timeMs, double walletBalance, List<LivePosition> positions, Map<String, Double> marks,
                           Map<String, MarkUpdate> funding) {
        this(timeMs, walletBalance, positions, marks, funding, Map.of());
    }
}
