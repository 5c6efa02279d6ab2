package io.perpguard.margin;

import java.util.List;

/**
 * A shared-collateral account evaluated ({@link CollateralPool#evaluate}): each asset's figures, the account's USD
 * margin balance and maintenance margin, its margin ratio, and each cross symbol's liquidation price on the pool.
 *
 * @param assets                  per asset, in the pool's order
 * @param marginBalanceUsd        Σ of the assets' values
 * @param maintenanceMarginUsd    Σ of the maintenance margins at each settlement asset's liability rate
 * @param marginRatio             maintenanceMarginUsd / marginBalanceUsd; liquidation at 1
 * @param liquidations            per cross symbol, every other price held
 */
public record PoolReport(List<AssetLine> assets, double marginBalanceUsd, double maintenanceMarginUsd, double marginRatio,
                         List<Liquidation> liquidations) {
    public PoolReport {
        assets = List.copyOf(assets);
        liquidations = List.copyOf(liquidations);
    }

    /**
     * One asset.
     *
     * @param amount            wallet balance, in the asset
     * @param indexPrice        USD per unit
     * @param equity            wallet less isolated margin plus cross PnL, in the asset
     * @param valueUsd          what the equity counts for (haircut, or the liability rate when owed)
     * @param maintenanceMargin MM of the cross positions settled in the asset, in the asset
     * @param maintenanceMarginUsd that MM at the asset's liability rate
     */
    public record AssetLine(String asset, double amount, double indexPrice, double equity, double valueUsd,
                            double maintenanceMargin, double maintenanceMarginUsd) {
    }

    /**
     * One symbol's liquidation price on the pool.
     *
     * @param liquidationPrice         to the tick toward the entry ({@code TickRule.LEVEL}); NaN when no price liquidates
     * @param liquidationPriceExact    unrounded
     * @param distanceToLiquidationPct (exact − mark) / mark × 100
     */
    public record Liquidation(String symbol, double markPrice, double liquidationPrice, double liquidationPriceExact,
                              double distanceToLiquidationPct) {
    }
}
