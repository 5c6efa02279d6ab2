package io.perpguard.instrument;

import io.perpguard.Checks;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A linear USDT-margined perpetual contract's trading rules.
 *
 * @param symbol                 e.g. {@code BTCUSDT}
 * @param tickSize               price increment, quote currency (&gt; 0)
 * @param stepSize               quantity increment, base units (&gt; 0)
 * @param minQty                 smallest order quantity, base units (&ge; 0)
 * @param minNotional            smallest order notional, quote currency (&ge; 0)
 * @param takerFee               taker fee as a fraction of notional (0.0005 = 0.05 %)
 * @param makerFee               maker fee as a fraction of notional (may be negative for rebates)
 * @param fundingIntervalHours   hours between funding payments (8 by default; 4 h and 1 h contracts exist)
 * @param liquidationFeeRate     the venue's liquidation clearance fee as a fraction of the notional at liquidation
 */
public record Contract(String symbol, double tickSize, double stepSize, double minQty, double minNotional,
                       double takerFee, double makerFee, int fundingIntervalHours, double liquidationFeeRate) {
    public Contract {
        Checks.notBlank("symbol", symbol);
        Checks.positive("tickSize", tickSize);
        Checks.positive("stepSize", stepSize);
        Checks.notNegative("minQty", minQty);
        Checks.notNegative("minNotional", minNotional);
        Checks.inRange("takerFee", takerFee, 0, 0.05);
        Checks.inRange("makerFee", makerFee, -0.05, 0.05);
        if (fundingIntervalHours < 1 || fundingIntervalHours > 24) {
            throw new io.perpguard.InvalidInputException("fundingIntervalHours", fundingIntervalHours + " is outside 1 to 24");
        }
        Checks.inRange("liquidationFeeRate", liquidationFeeRate, 0, 0.1);
    }

    /** Rounds a price down to the tick (exact decimal arithmetic, so 60000.1 stays 60000.1). */
    public double floorToTick(double price) {
        return roundTo(price, tickSize, RoundingMode.FLOOR);
    }

    /** Rounds a price up to the tick. */
    public double ceilToTick(double price) {
        return roundTo(price, tickSize, RoundingMode.CEILING);
    }

    /** Rounds a quantity down to the step (sizes are never rounded up past a risk budget). */
    public double floorToStep(double qty) {
        return roundTo(qty, stepSize, RoundingMode.FLOOR);
    }

    /**
     * Refuses an order quantity the exchange would refuse: below the minimum quantity, or not a whole number of steps
     * (the message gives the nearest valid quantities).
     */
    public void requireOrderQty(String field, double qty) {
        Checks.positive(field, qty);
        if (qty < minQty) {
            throw new io.perpguard.InvalidInputException(field, Checks.fmt(qty) + " is below the minimum order quantity "
                    + Checks.fmt(minQty) + " of " + symbol);
        }
        BigDecimal steps = BigDecimal.valueOf(qty).divide(BigDecimal.valueOf(stepSize), java.math.MathContext.DECIMAL64);
        if (steps.stripTrailingZeros().scale() > 0) {
            double down = floorToStep(qty);
            throw new io.perpguard.InvalidInputException(field, Checks.fmt(qty) + " is not a multiple of the step size "
                    + Checks.fmt(stepSize) + " of " + symbol + " (nearest: " + Checks.fmt(down) + " or " + Checks.fmt(down + stepSize) + ")");
        }
    }

    /** Number of decimals in the tick size (for display). */
    public int priceDecimals() {
        return Math.max(0, BigDecimal.valueOf(tickSize).stripTrailingZeros().scale());
    }

    /** Number of decimals in the step size (for display). */
    public int qtyDecimals() {
        return Math.max(0, BigDecimal.valueOf(stepSize).stripTrailingZeros().scale());
    }

    static double roundTo(double value, double increment, RoundingMode mode) {
        if (!Double.isFinite(value)) {
            return value;
        }
        BigDecimal inc = BigDecimal.valueOf(increment);
        // strip binary noise (e.g. 58799.99999999999) before rounding so an exact tick is kept
        BigDecimal v = new BigDecimal(value).setScale(inc.scale() + 6, RoundingMode.HALF_EVEN);
        BigDecimal units = v.divide(inc, 0, mode);
        return units.multiply(inc).doubleValue();
    }
}
