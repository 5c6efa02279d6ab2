package io.perpguard.orders;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * One rung of an entry: a limit price (or market) and its share of the planned size.
 *
 * @param price  limit price; NaN for a market order at the first candle of the plan
 * @param weight relative weight (&gt; 0); rungs' weights are normalised to sum to 1
 */
public record EntryLevel(double price, double weight) {
    public EntryLevel {
        if (!Double.isNaN(price)) {
            Checks.positive("entries.price", price);
        }
        Checks.positive("entries.weight", weight);
    }

    public static EntryLevel market() {
        return new EntryLevel(Double.NaN, 1);
    }

    public boolean isMarket() {
        return Double.isNaN(price);
    }

    static void requireNotEmpty(java.util.List<EntryLevel> l) {
        if (l == null || l.isEmpty()) {
            throw new InvalidInputException("entries", "at least one entry (a price or \"market\") is needed");
        }
    }
}
