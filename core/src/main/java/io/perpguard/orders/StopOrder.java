package io.perpguard.orders;

import io.perpguard.Checks;
import io.perpguard.margin.Side;

/**
 * The protective stop of a position.
 *
 * @param price       trigger price (below entry for a long, above for a short)
 * @param type        stop-market or stop-limit
 * @param limitOffset for stop-limit: the limit sits this far beyond the trigger (price units, &ge; 0);
 *                    if the market gaps past the limit the order rests unfilled and the position stays open
 */
public record StopOrder(double price, StopType type, double limitOffset) {
    public StopOrder {
        Checks.positive("stop", price);
        Checks.notNull("stopType", type);
        Checks.notNegative("limitOffset", limitOffset);
    }

    public static StopOrder market(double price) {
        return new StopOrder(price, StopType.MARKET, 0);
    }

    /** The limit price of a stop-limit that protects a {@code side} position: {@code stop − side × offset}. */
    public double limitPrice(Side side, double stopPrice) {
        return stopPrice - side.sign() * limitOffset;
    }
}
