package io.perpguard.app.explain;

import java.util.Locale;

/**
 * The words for a liquidation price reached the way the position gains ({@code liquidationOnGainSide}): a linear long
 * rising (an inverse short falling) across a cap into a tier whose maintenance rate on the whole value puts the margin
 * ratio at 100 % (docs/venues.md "Tier tables"). One sentence for {@code calc}, {@code check} and {@code size}.
 */
public final class LiquidationText {
    private LiquidationText() {
    }

    /** "liquidated if the price RISES to 1,019.9 (the notional enters tier 3, whose maintenance rate 15.00 % makes the margin ratio ≥ 100 %)". */
    public static String onGainSide(boolean byRise, String price, int tier, double rate) {
        return "liquidated if the price " + (byRise ? "RISES" : "FALLS") + " to " + price + " (the notional enters tier " + tier
                + ", whose maintenance rate " + String.format(Locale.ROOT, "%.2f", rate * 100) + " % makes the margin ratio ≥ 100 %)";
    }

    /**
     * {@code calc}'s warning for a mark a factor of {@link io.perpguard.market.EntryDistance#MAX_FACTOR} or more from the
     * entry ({@link io.perpguard.market.EntryDistance#beyondFactor}): "entry 60,000 is 10 times the mark 6,000 (a factor
     * of 5 or more): check both prices — a mistyped digit or another symbol's price; the figures are for the prices as given".
     */
    public static String markBeyondFactor(double entry, double mark) {
        boolean above = entry > mark;
        double times = above ? entry / mark : mark / entry;
        String t = io.perpguard.Checks.fmt(Math.round(times * 10) / 10.0);
        return "entry " + io.perpguard.Checks.fmt(entry) + (above ? " is " + t + " times the mark " : " is 1/" + t + " of the mark ")
                + io.perpguard.Checks.fmt(mark) + " (a factor of " + io.perpguard.Checks.fmt(io.perpguard.market.EntryDistance.MAX_FACTOR)
                + " or more): check both prices — a mistyped digit or another symbol's price; the figures are for the prices as given";
    }
}
