package io.perpguard.orders;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * A take-profit limit order closing part of the position.
 *
 * @param r        target in R (multiples of the entry→initial-stop distance beyond the average entry); NaN when {@code price} is set
 * @param price    target price; NaN when {@code r} is set
 * @param closePct share of the planned size to close, percent (0, 100]
 */
public record TakeProfit(double r, double price, double closePct) {
    public TakeProfit {
        if (Double.isNaN(r) == Double.isNaN(price)) {
            throw new InvalidInputException("targets", "give exactly one of r or price per target");
        }
        if (!Double.isNaN(r)) {
            Checks.inRange("targets.r", r, 0.01, 1000);
        } else {
            Checks.positive("targets.price", price);
        }
        Checks.overZero("targets.closePct", closePct, 100, "a percent of the planned size: 50 = half");
    }

    public static TakeProfit atR(double r, double closePct) {
        return new TakeProfit(r, Double.NaN, closePct);
    }

    /** The target price for a position with this average entry and initial stop. */
    public double priceFor(int sign, double avgEntry, double initialStop) {
        return Double.isNaN(r) ? price : avgEntry + sign * r * Math.abs(avgEntry - initialStop);
    }

    /** Short label such as {@code 1R} or {@code 45000}. */
    public String label() {
        return Double.isNaN(r) ? Checks.fmt(price) : Checks.fmt(r) + "R";
    }
}
