package io.perpguard.stops;

import io.perpguard.InvalidInputException;
import io.perpguard.margin.Side;

/**
 * A time stop: leave the trade after {@code bars} bars if it has not reached +1R by then.
 * A trade that goes nowhere ties up margin and keeps paying funding; the 1R price is
 * {@code entry + side × |entry − stop|}.
 *
 * @param bars bars after entry at whose close the position is exited if +1R was never reached (&ge; 1)
 */
public record TimeStop(int bars) {
    /** One day of hourly bars. */
    public static final int DEFAULT_BARS = 24;

    public TimeStop {
        if (bars < 1 || bars > 100_000) {
            throw new InvalidInputException("timeBars", bars + " is outside the allowed range 1 to 100,000");
        }
    }

    /** The +1R price of a trade: one stop distance beyond entry in the trade's favour. */
    public static double oneRPrice(Side side, double entry, double stop) {
        return entry + side.sign() * Math.abs(entry - stop);
    }

    /** Whether to exit at the close of the bar {@code barsHeld} bars after entry, given whether +1R was reached. */
    public boolean exitNow(int barsHeld, boolean reachedOneR) {
        return !reachedOneR && barsHeld >= bars;
    }
}
