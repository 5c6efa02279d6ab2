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

    /**
     * 5: an entry at five times the price or more, or at a fifth of it or less, is what a mistyped digit (a factor of
     * ten) or another symbol's price gives, and no plan a stop can be placed for from the market's candles: their ATR and
     * levels describe a market a fifth or five times the entry. A deep limit (a crash wick at half the price) stays inside
     * it. {@code stops} refuses it; between {@link #DEFAULT_MAX_PCT} % and this factor it warns.
     */
    public static final double MAX_FACTOR = 5;

    private EntryDistance() {
    }

    /** Signed distance of {@code entry} from {@code price}, % of the price (positive above). */
    public static double pct(double entry, double price) {
        return (entry - price) / price * 100;
    }

    /** {@code entry} is at least {@link #MAX_FACTOR} times {@code price}, or at most its {@code 1 / MAX_FACTOR}. */
    public static boolean beyondFactor(double entry, double price) {
        return entry >= price * MAX_FACTOR || entry <= price / MAX_FACTOR;
    }

    /** The distance is beyond {@code maxPct} either way. */
    public static boolean far(double pct, double maxPct) {
        return Math.abs(pct) > maxPct;
    }
}
