package io.perpguard.portfolio;

import io.perpguard.Checks;

import java.util.Locale;

/**
 * A spot balance held outside the futures wallets (e.g. a long-term BTC bag). It counts in exposure and VaR
 * but never in a futures margin ratio: the spot wallet is not margin. A dollar stablecoin ({@link #cash}: USDT, USDC,
 * FDUSD, …) is cash: counted in equity at its price, with no delta, beta, VaR, scenario move or hedge (no depeg is modelled).
 *
 * @param asset base asset, e.g. {@code BTC} (upper case)
 * @param qty   units held, &gt; 0 (a spot balance cannot be short)
 * @param price current price in USDT, &gt; 0
 */
public record SpotHolding(String asset, double qty, double price) {
    public SpotHolding {
        asset = Checks.notBlank("asset", asset).trim().toUpperCase(Locale.ROOT);
        // a holding of 1e308 was valued, hedged and printed in 300 digits: the bounds of every position's quantity and
        // price (a spot price of 10^12 was valued where a position at that price is refused)
        io.perpguard.InputBounds.qty("qty", qty);
        io.perpguard.InputBounds.price("price", price);
    }

    /** Whether it is a dollar stablecoin ({@link io.perpguard.margin.CollateralAsset#DOLLARS}, the one list): cash, not market exposure. */
    public boolean cash() {
        return isCash(asset);
    }

    /** Whether {@code asset} (upper case) is a dollar stablecoin: held as cash, moved by no market. */
    public static boolean isCash(String asset) {
        return io.perpguard.margin.CollateralAsset.DOLLARS.contains(asset);
    }

    /** The USDT perpetual that tracks this asset ({@code BTC} → {@code BTCUSDT}); its returns are used for risk. */
    public String symbol() {
        return symbolOf(asset);
    }

    /** The USDT perpetual that tracks an asset ({@code BTC} → {@code BTCUSDT}): a spot holding's, or a pool asset's. */
    public static String symbolOf(String asset) {
        return asset + "USDT";
    }

    /** Value = qty × price, USDT. */
    public double value() {
        return qty * price;
    }
}
