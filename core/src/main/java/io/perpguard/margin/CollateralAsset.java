package io.perpguard.margin;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.venue.CollateralRule;

import java.util.Locale;

/**
 * One asset in a shared-collateral account: how much of it the futures wallet holds, its USD index price and the
 * venue's rule for valuing it ({@link CollateralRule}).
 *
 * @param asset      the asset's code (USDT, USDC, BTC, …), upper case
 * @param amount     wallet balance of the asset, in the asset (negative when owed, as a venue may report it)
 * @param indexPrice USD per unit (Binance {@code assetIndex.index}; USDT ≈ 1)
 * @param rule       how the venue values it
 */
public record CollateralAsset(String asset, double amount, double indexPrice, CollateralRule rule) {
    public CollateralAsset {
        asset = Checks.notBlank("asset", asset).trim().toUpperCase(Locale.ROOT);
        Checks.inRange("assets." + asset + ".amount", amount, -Checks.MAX_AMOUNT, Checks.MAX_AMOUNT);
        if (!(indexPrice > 0) || !Double.isFinite(indexPrice) || indexPrice > 1e9) {
            throw new InvalidInputException("assets." + asset + ".indexPrice", Checks.fmt(indexPrice)
                    + " is outside the allowed range more than 0 to 1,000,000,000");
        }
        Checks.notNull("assets." + asset + ".rule", rule);
    }

    /**
     * The dollar stablecoins the venues take as collateral (Binance Multi-Assets, Bybit and OKX collateral lists): worth a
     * dollar, so no price exposure — a market move leaves them where they are.
     */
    public static final java.util.Set<String> DOLLARS = java.util.Set.of("USDT", "USDC", "FDUSD", "BFUSD", "USDE", "DAI", "TUSD", "BUSD", "USD");

    /** Whether it is a dollar stablecoin ({@link #DOLLARS}): no price exposure. */
    public boolean dollar() {
        return DOLLARS.contains(asset);
    }

    /** One asset at par (index 1, no haircut): the single wallet every account had. */
    public static CollateralAsset atPar(String asset, double amount) {
        return new CollateralAsset(asset, amount, 1, CollateralRule.PAR);
    }

    /** The same asset with another amount. */
    public CollateralAsset withAmount(double newAmount) {
        return new CollateralAsset(asset, newAmount, indexPrice, rule);
    }
}
