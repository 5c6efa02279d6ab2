package io.perpguard.margin;

import io.perpguard.Checks;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;

import java.util.ArrayList;
import java.util.List;

/**
 * Leverage compression made visible: for a list of sizes, each size's notional, tier, maximum leverage, MMR and
 * isolated liquidation price, showing how the distance to liquidation shrinks as size grows.
 */
public final class LeverageLadder {
    private LeverageLadder() {
    }

    /**
     * One rung of the ladder.
     *
     * @param qty                 size in base units
     * @param notional            notional at entry in the settlement currency
     * @param tier                tier of the position (the venue's tier measure at entry)
     * @param maxLeverage         the tier's maximum leverage
     * @param maintenanceMarginRate the tier's MMR
     * @param maintenanceAmount   the tier's cum
     * @param leverageUsed        the requested leverage, or the maximum when none was given or it is above the maximum
     * @param leverageCapped      true when the requested leverage was above the maximum and was reduced to it
     * @param liquidationPrice    isolated liquidation price at {@code leverageUsed}, rounded toward entry
     * @param distanceToLiquidationPct (liquidation price − entry) / entry × 100: negative for a long, as in every report
     * @param bankruptcyPrice     isolated bankruptcy price, rounded toward entry
     * @param aboveLargestTier    true when no tier holds this size at the entry (above the largest cap): tier 0 and every
     *                            figure after the notional NaN — the other sizes are priced as usual
     */
    public record Rung(double qty, double notional, int tier, double maxLeverage, double maintenanceMarginRate,
                       double maintenanceAmount, double leverageUsed, boolean leverageCapped, double liquidationPrice,
                       Integer liquidationTier, double distanceToLiquidationPct, double bankruptcyPrice, boolean aboveLargestTier) {
        /** A size no tier holds at {@code entry}: its notional, nothing priced. */
        static Rung aboveLargestTier(double qty, double notional) {
            return new Rung(qty, notional, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, Double.NaN, null, Double.NaN, Double.NaN, true);
        }
    }

    /**
     * Builds the ladder for a long or short opened at {@code entry}.
     *
     * @param leverage the leverage to price every size at; {@code NaN} for each size's maximum
     */
    public static List<Rung> build(Instrument inst, Side side, double entry, double[] sizes, double leverage) {
        Checks.positive("entry", entry);
        if (!Double.isNaN(leverage)) {
            Checks.inRange("leverage", leverage, 1, 1000);
        }
        List<Rung> rungs = new ArrayList<>(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            double qty = Checks.positive("sizes[" + i + "]", sizes[i]);
            double notional = inst.contract().type().notional(qty, entry);
            double measure = inst.convention().tierMeasure(inst.terms(), qty, entry);
            if (measure > inst.tiers().maxNotional()) {
                rungs.add(Rung.aboveLargestTier(qty, notional));   // one size beyond the table does not hide the others
                continue;
            }
            LeverageBracket b = inst.tiers().bracketFor(measure);
            boolean capped = !Double.isNaN(leverage) && leverage > b.maxLeverage();
            double used = Double.isNaN(leverage) || capped ? b.maxLeverage() : leverage;
            Position p = new Position(inst.symbol(), side, qty, entry, used, MarginMode.ISOLATED, PositionSide.BOTH, 0, entry,
                    inst.contract().type());
            LiquidationResult lr = LiquidationPrice.isolated(p, inst);
            boolean isLong = side == Side.LONG;
            double lp = MarginCalculator.roundTowardEntry(inst.contract(), lr.price(), isLong, entry);
            double bp = MarginCalculator.roundTowardEntry(inst.contract(), LiquidationPrice.bankruptcyIsolated(p, inst), isLong, entry);
            // the tier that prices the liquidation (the notional at it, on a venue that tiers at the price in question), null
            // when no price liquidates: a row showing the entry's tier beside it could not be reproduced from its own figures
            Integer liqTier = lr.exists() && !lr.brackets().isEmpty() ? lr.bracket().bracket() : null;
            rungs.add(new Rung(qty, notional, b.bracket(), b.maxLeverage(), b.maintenanceMarginRate(),
                    b.maintenanceAmount(), used, capped, lp, liqTier, (lr.price() - entry) / entry * 100, bp, false));
        }
        return rungs;
    }
}
