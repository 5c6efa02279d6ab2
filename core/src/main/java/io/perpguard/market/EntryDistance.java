package io.perpguard.market;

/**
 * An entry against the current price, the one rule of {@code check}'s entry rule and {@code stops}' note: farther than
 * {@link #DEFAULT_MAX_PCT} % is worth a second look.
 */
public final class EntryDistance {
    /**
     * 10 %: a limit that far from the market is unusual (about 20 hourly or 3 daily ATRs of BTCUSDT in 2023), while a
     * mistyped digit (6,000 for 60,000) or another symbol's price lands farther still.
     */
    public static final double DEFAULT_MAX_PCT = 10;

    private EntryDistance() {
    }

    /** Signed distance of {@code entry} from {@code price}, % of the price (positive above). */
    public static double pct(double entry, double price) {
        return (entry - price) / price * 100;
    }

    /** The distance is beyond {@code maxPct} either way. */
    public static boolean far(double pct, double maxPct) {
        return Math.abs(pct) > maxPct;
    }
}
