package io.perpguard.checklist;

import io.perpguard.InvalidInputException;

/**
 * Recent bars of the plan's symbol, oldest first, for the trend and ATR checks, and the current mark for the entry
 * check. Any array may be null; high and low are used only when both are given and as long as close.
 *
 * @param mark    the symbol's current mark price, NaN when not known (the last close stands in for it)
 * @param history the whole series the bars were cut from, or null: the ATR is taken on it ({@link #lastAtr})
 */
public record MarketContext(double[] high, double[] low, double[] close, double mark, io.perpguard.market.CandleSeries history) {
    /** No market data. */
    public static final MarketContext NONE = new MarketContext(null, null, null);

    /** Bars without a separate mark. */
    public MarketContext(double[] high, double[] low, double[] close) {
        this(high, low, close, Double.NaN);
    }

    /** Bars and a mark, the ATR taken on these bars alone. */
    public MarketContext(double[] high, double[] low, double[] close, double mark) {
        this(high, low, close, mark, null);
    }

    public MarketContext {
        if (!Double.isNaN(mark) && !(mark > 0 && Double.isFinite(mark))) {
            throw new InvalidInputException("markPrice", io.perpguard.Checks.fmt(mark) + " is not a positive price");
        }
        if (close != null) {
            for (int i = 0; i < close.length; i++) {
                if (!(close[i] > 0) || !Double.isFinite(close[i])) {
                    throw new InvalidInputException("closes[" + i + "]", io.perpguard.Checks.fmt(close[i]) + " is not a positive price");
                }
            }
        }
        if ((high == null) != (low == null) || high != null && (close == null || high.length != close.length || low.length != close.length)) {
            throw new InvalidInputException("highs", "highs and lows must both be given, as many as closes");
        }
    }

    /** The last {@code max} candles of a series (all when fewer); the ATR still on the whole series, as {@code stops} takes it. */
    public static MarketContext lastBars(io.perpguard.market.CandleSeries s, int max) {
        int n = s.size();
        int from = Math.max(0, n - max);
        return new MarketContext(java.util.Arrays.copyOfRange(s.high(), from, n), java.util.Arrays.copyOfRange(s.low(), from, n),
                java.util.Arrays.copyOfRange(s.close(), from, n), Double.NaN, s);
    }

    /** Closes only (no ATR). */
    public static MarketContext ofCloses(double[] close) {
        return new MarketContext(null, null, close);
    }

    /** The same bars with the current mark (NaN: none). */
    public MarketContext withMark(double m) {
        return new MarketContext(high, low, close, m, history);
    }

    /** The current price: the mark when known, else the last close, else NaN. */
    public double currentPrice() {
        return !Double.isNaN(mark) ? mark : hasCloses() ? close[close.length - 1] : Double.NaN;
    }

    public boolean hasCloses() {
        return close != null && close.length > 0;
    }

    /**
     * Wilder's ATR(period) at the last bar ({@link io.perpguard.stops.Atr}); NaN without ranges or with too few bars. Wilder's
     * smoothing remembers every bar, so it runs over the whole {@code history} when there is one: {@code check} took it on
     * its last 200 bars (240.6535449) where {@code stops} took it on all (240.6535672) — one ATR of one series.
     */
    public double lastAtr(int period) {
        if (!hasRanges()) {
            return Double.NaN;
        }
        if (history != null && history.size() > 1) {
            return io.perpguard.stops.Atr.last(history.high(), history.low(), history.close(), period);
        }
        return io.perpguard.stops.Atr.last(high, low, close, period);
    }

    public boolean hasRanges() {
        return high != null && close != null && close.length > 1;
    }
}
