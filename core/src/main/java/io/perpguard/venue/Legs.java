package io.perpguard.venue;

/**
 * The positions of one symbol that a liquidation price covers: the one-way ({@code BOTH}) position and the
 * hedge-mode long and short legs. Quantities are absolute (base units for linear, USD face for inverse);
 * {@code sideBoth} is +1 long, −1 short.
 */
public record Legs(double qtyBoth, int sideBoth, double entryBoth, double qtyLong, double entryLong,
                   double qtyShort, double entryShort) {
    /** A single position (one-way or a hedge leg, priced the same way). */
    public static Legs single(double qty, int sign, double entry) {
        return new Legs(qty, sign, entry, 0, 0, 0, 0);
    }

    /** Net signed quantity: the slope of equity against price (linear) or against −1/price (inverse). */
    public double netQty() {
        return sideBoth * qtyBoth + qtyLong - qtyShort;
    }

    /**
     * Whether the mark reaches the legs' liquidation price {@code liquidationPrice} by falling: when they are net long
     * (equity rises with the price), above the price when net short; perfectly hedged legs by where the price lies from
     * {@code mark}. Hedge legs in one cross wallet share one liquidation price, which the short leg of a net-long symbol
     * reaches by a fall too (Binance FAQ: "both long and short position share the same liquidation price").
     */
    public boolean liquidatedByFall(double liquidationPrice, double mark) {
        double net = netQty();
        return net != 0 ? net > 0 : liquidationPrice < mark;
    }

    double[] qty() {
        return new double[]{qtyBoth, qtyLong, qtyShort};
    }

    double[] sides() {
        return new double[]{sideBoth, 1, -1};
    }

    double[] entries() {
        return new double[]{entryBoth, entryLong, entryShort};
    }
}
