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
}
