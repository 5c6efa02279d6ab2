package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.LiquidationResult;
import io.perpguard.margin.Position;
import io.perpguard.margin.Side;

/**
 * Liquidation and bankruptcy prices of an isolated position as ratios of its entry price, from the real tier
 * tables through the margin engine ({@link LiquidationPrice#isolated}). For an isolated linear position both
 * ratios depend only on side, leverage and the tier its notional falls in, so one solve serves every entry price.
 *
 * @param side              long or short
 * @param leverage          chosen leverage
 * @param liquidationRatio  liquidation price / entry (below 1 for a long)
 * @param bankruptcyRatio   bankruptcy price / entry ({@code 1 ∓ 1/leverage})
 */
public record LiquidationDistance(Side side, double leverage, double liquidationRatio, double bankruptcyRatio) {
    /** Entry price used for the solve; the ratios do not depend on it. */
    private static final double REF_ENTRY = 100;

    /**
     * Calculates the liquidation distance of an isolated position of {@code accountNotional} at {@code leverage}
     * (Binance USDⓈ-M isolated formula with MMR and maintenance amount of the tier, DESIGN.md).
     *
     * @throws io.perpguard.InvalidInputException when the tiers do not allow that leverage at that notional
     */
    public static LiquidationDistance of(Side side, double leverage, double accountNotional, RiskTiers tiers) {
        Checks.positive("accountNotional", accountNotional);
        tiers.requireLeverageAllowed(leverage, accountNotional);
        Position p = Position.isolated(tiers.symbol(), side, accountNotional / REF_ENTRY, REF_ENTRY, leverage);
        // the losing side's level: the map's forced flow is a long's sale on a fall, a short's purchase on a rise
        LiquidationResult r = LiquidationPrice.isolatedLossSide(p, tiers);
        double liq = r.exists() ? r.price() / REF_ENTRY : (side == Side.LONG ? 0 : Double.POSITIVE_INFINITY);
        double bk = LiquidationPrice.bankruptcyIsolated(p) / REF_ENTRY;
        if (Double.isNaN(bk)) {
            bk = 0;
        }
        return new LiquidationDistance(side, leverage, liq, bk);
    }

    /** Distance from entry to liquidation as a fraction of entry (positive). */
    public double distance() {
        return Math.abs(1 - liquidationRatio);
    }
}
