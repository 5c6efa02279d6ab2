package io.perpguard.margin.fast;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.TickRule;

import java.math.BigDecimal;

/**
 * Rounds prices to a contract's tick on scaled longs, with the reference's semantics
 * ({@link Contract#floorToTick}/{@link Contract#ceilToTick}): the price is first taken to 6 decimals beyond the tick
 * (half-even, dropping binary noise such as 58799.99999999999), then floored or ceiled to a whole tick. Prices whose
 * scaled value does not fit 52 bits are handed to the reference.
 */
public final class TickRounding {
    private static final double LIMIT = 0x1p52;
    private final Contract contract;
    private final long tickUnits;
    private final long unitsPerTick;
    private final double scaleUp;
    private final double scaleDown;
    private final boolean usable;

    public TickRounding(Contract contract) {
        this.contract = contract;
        BigDecimal inc = BigDecimal.valueOf(contract.tickSize());
        int s = inc.scale();
        long units = 0;
        boolean ok = s >= 0 && s <= 9;
        if (ok) {
            try {
                units = inc.movePointRight(s).longValueExact();
            } catch (ArithmeticException e) {
                ok = false;
            }
        }
        this.usable = ok && units > 0;
        this.tickUnits = units;
        this.unitsPerTick = units * 1_000_000L;
        this.scaleUp = ok ? Math.pow(10, s + 6) : 1;
        this.scaleDown = ok ? Math.pow(10, s) : 1;
    }

    /** Rounds down to the tick. */
    public double floor(double price) {
        double scaled = price * scaleUp;
        if (!usable || !(Math.abs(scaled) < LIMIT)) {
            return contract.floorToTick(price);
        }
        long v = halfEven(price, scaled);
        return (double) (Math.floorDiv(v, unitsPerTick) * tickUnits) / scaleDown;
    }

    /** Rounds up to the tick. */
    public double ceil(double price) {
        double scaled = price * scaleUp;
        if (!usable || !(Math.abs(scaled) < LIMIT)) {
            return contract.ceilToTick(price);
        }
        long v = halfEven(price, scaled);
        return (double) (-Math.floorDiv(-v, unitsPerTick) * tickUnits) / scaleDown;
    }

    /**
     * The exact product price × 10^(scale+6) rounded half-even to an integer: {@code scaled} is the rounded product and
     * the FMA recovers its rounding error, so a product just above or below .5 rounds as the decimal would.
     */
    private long halfEven(double price, double scaled) {
        double err = Math.fma(price, scaleUp, -scaled);
        double v = Math.rint(scaled);
        double d = (scaled - v) + err;
        if (d > 0.5 || d == 0.5 && (((long) v) & 1) != 0) {
            v += 1;
        } else if (d < -0.5 || d == -0.5 && (((long) v) & 1) != 0) {
            v -= 1;
        }
        return (long) v;
    }

    /** Rounds a liquidation or bankruptcy price by {@link TickRule#LEVEL} (toward the entry). */
    public double towardEntry(double price, boolean isLong) {
        if (!Double.isFinite(price)) {
            return price;
        }
        return TickRule.LEVEL.roundsUp(isLong) ? ceil(price) : floor(price);
    }
}
