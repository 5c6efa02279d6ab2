package io.perpguard.instrument;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * One leverage bracket (risk tier) of a contract: positions whose notional lies in
 * {@code [notionalFloor, notionalCap]} may use at most {@code maxLeverage} and carry
 * maintenance margin {@code notional × maintenanceMarginRate − maintenanceAmount}.
 *
 * @param bracket               1-based tier number, as the exchange numbers it
 * @param notionalFloor         lowest notional of the tier, quote currency (USDT), &ge; 0
 * @param notionalCap           highest notional of the tier, quote currency, &gt; floor
 * @param maxLeverage           the tier's maximum initial leverage (Binance {@code initialLeverage}), &ge; 1
 * @param maintenanceMarginRate MMR as a fraction (0.004 = 0.4 %), in (0, 1)
 * @param maintenanceAmount     the cumulative deduction ("cum"), quote currency, &ge; 0
 */
public record LeverageBracket(int bracket, double notionalFloor, double notionalCap, double maxLeverage,
                              double maintenanceMarginRate, double maintenanceAmount) {
    public LeverageBracket {
        if (bracket < 1) {
            throw new InvalidInputException("bracket", bracket + " must be 1 or more");
        }
        Checks.notNegative("notionalFloor", notionalFloor);
        Checks.positive("notionalCap", notionalCap);
        if (notionalCap <= notionalFloor) {
            throw new InvalidInputException("notionalCap", "bracket " + bracket + ": cap " + Checks.fmt(notionalCap)
                    + " must be above its floor " + Checks.fmt(notionalFloor));
        }
        Checks.inRange("maxLeverage", maxLeverage, 1, 1000);
        Checks.inRange("maintenanceMarginRate", maintenanceMarginRate, 0, 1);
        Checks.notNegative("maintenanceAmount", maintenanceAmount);
    }

    /** True when {@code notional} falls in this tier (floor inclusive, cap inclusive). */
    public boolean contains(double notional) {
        return notional >= notionalFloor && notional <= notionalCap;
    }

    /**
     * Calculates the maintenance margin of a position of this notional with this tier's figures.
     * <pre>MM = notional × MMR − cum</pre>
     * Binance USDⓈ-M "Leverage and Margin of USDⓈ-M Futures" (maintenance margin).
     */
    public double maintenanceMargin(double notional) {
        return notional * maintenanceMarginRate - maintenanceAmount;
    }
}
