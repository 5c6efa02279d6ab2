package io.perpguard.funding;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.margin.Side;
import io.perpguard.market.FundingHistory;
import io.perpguard.sim.Percentiles;

import java.util.Arrays;

/**
 * Funding carry: what holding a perpetual costs (or earns) per funding interval, per day and per year, as money,
 * as a share of notional and as a share of the margin at the position's leverage.
 * <p>Sign convention: a positive payment is paid by the position, a negative one received. Longs pay when the
 * rate is positive, shorts receive (DESIGN.md vocabulary, "Funding payment").
 */
public final class FundingCarry {
    /** Perpetuals fund every day of the calendar year, weekends included. */
    public static final int DAYS_PER_YEAR = 365;

    private FundingCarry() {
    }

    /**
     * A position's funding carry at one rate. Money fields are quote currency (USDT); {@code …Pct…} fields are percent
     * numbers (2.5 means 2.5 %); positive = the position pays.
     *
     * @param side                          long or short
     * @param notional                      notional at mark, quote currency
     * @param leverage                      leverage the margin is taken at
     * @param rate                          funding rate per interval as a fraction (0.0005 = 0.05 %)
     * @param intervalHours                 hours between payments (8 by default; 4 h and 1 h contracts exist)
     * @param margin                        margin at that leverage = notional / leverage
     * @param paymentPerInterval            notional × rate × side sign
     * @param intervalsPerDay               24 / intervalHours
     * @param costPerDay                    payment × intervals per day
     * @param costPerYear                   cost per day × 365
     * @param costPerIntervalPctOfNotional  100 × payment / notional
     * @param costPerDayPctOfNotional       100 × cost per day / notional
     * @param annualizedPctOfNotional       100 × cost per year / notional (simple, not compounded)
     * @param costPerIntervalPctOfMargin    100 × payment / margin
     * @param costPerDayPctOfMargin         100 × cost per day / margin
     * @param annualizedPctOfMargin         100 × cost per year / margin
     */
    public record Carry(Side side, double notional, double leverage, double rate, int intervalHours, double margin,
                        double paymentPerInterval, double intervalsPerDay, double costPerDay, double costPerYear,
                        double costPerIntervalPctOfNotional, double costPerDayPctOfNotional, double annualizedPctOfNotional,
                        double costPerIntervalPctOfMargin, double costPerDayPctOfMargin, double annualizedPctOfMargin) {
    }

    /**
     * Calculates the funding payment of one interval.
     * <pre>payment = side × notional(at mark) × rate      (+1 long, −1 short; positive = the position pays)</pre>
     * Binance USDⓈ-M "Introduction to Funding Rates" (funding fee = position value × funding rate).
     */
    public static double payment(Side side, double notional, double rate) {
        return side.sign() * notional * rate;
    }

    /** Checks a funding interval: 1 to 24 hours. */
    public static int checkIntervalHours(int intervalHours) {
        if (intervalHours < 1 || intervalHours > 24) {
            throw new InvalidInputException("interval", intervalHours + "h is outside 1h to 24h");
        }
        return intervalHours;
    }

    /**
     * Calculates the carry of a position of {@code notional} at {@code leverage} paying {@code rate} every
     * {@code intervalHours}.
     * <pre>
     * payment = side × notional × rate;  per day = payment × 24 / interval;  per year = per day × 365
     * % of margin = 100 × cost × leverage / notional   (margin = notional / leverage)
     * </pre>
     * The guide's example: 50× long at +0.05 % per 8 h pays 0.05 % × 50 = 2.5 % of margin per 8 h, 7.5 % per day.
     */
    public static Carry of(Side side, double notional, double leverage, double rate, int intervalHours) {
        Checks.notNull("side", side);
        Checks.positive("notional", notional);
        Checks.inRange("leverage", leverage, 1, 1000);
        Checks.inRange("rate", rate, -0.05, 0.05);
        checkIntervalHours(intervalHours);
        double margin = notional / leverage;
        double pay = payment(side, notional, rate);
        double perDayCount = 24.0 / intervalHours;
        double perDay = pay * perDayCount;
        double perYear = perDay * DAYS_PER_YEAR;
        // percent as 100 × x / base: keeps round figures exact (250 of 10,000 → 2.5, not 2.5000000000000004)
        return new Carry(side, notional, leverage, rate, intervalHours, margin, pay, perDayCount, perDay, perYear,
                100 * pay / notional, 100 * perDay / notional, 100 * perYear / notional,
                100 * pay / margin, 100 * perDay / margin, 100 * perYear / margin);
    }

    //-------------------------------------------------------------------------
    /**
     * Statistics of a funding-rate history. Rates are fractions per interval; {@code …Pct…} fields are percent numbers.
     *
     * @param count                    number of funding intervals
     * @param intervalHours            typical hours between payments in the history
     * @param firstTimeMs              first funding time, epoch ms
     * @param lastTimeMs               last funding time, epoch ms
     * @param mean                     mean rate per interval
     * @param median                   median rate per interval
     * @param p5                       5th percentile (Hyndman–Fan 7)
     * @param p25                      25th percentile
     * @param p75                      75th percentile
     * @param p95                      95th percentile
     * @param min                      lowest rate
     * @param max                      highest rate
     * @param positiveShare            fraction of intervals with a rate above 0 (longs paid shorts)
     * @param spanHours                hours the payments cover ({@link FundingHistory#spanHours()})
     * @param annualizedPctOfNotional  100 × sum of all rates × (24 × 365) / span hours: what a long of constant notional paid
     *                                 a year over the history, every settlement paid once (as replay pays them)
     * @param realizedPctOfNotional    100 × sum of all rates: what a long of constant notional paid over the whole history
     */
    public record HistoryStats(int count, int intervalHours, long firstTimeMs, long lastTimeMs, double mean, double median,
                               double p5, double p25, double p75, double p95, double min, double max, double positiveShare,
                               double spanHours, double annualizedPctOfNotional, double realizedPctOfNotional) {
    }

    /**
     * Calculates the statistics of a funding-rate history.
     * <pre>annualised = sum of rates × (24 × 365) / span hours</pre>
     * The rates paid over the time they were paid in: a venue that shortens a symbol's interval (8 h to 4 h or 1 h) pays
     * more rates a day, so the mean rate times the median interval's count a year misstates it. On a regular history it
     * equals mean × (24 / interval) × 365.
     */
    public static HistoryStats stats(FundingHistory h) {
        Checks.notNull("history", h);
        double[] r = h.rate();
        int n = r.length;
        if (n == 0) {
            throw new InvalidInputException("history", "has no funding rates");
        }
        double sum = 0;
        int positive = 0;
        for (double x : r) {
            sum += x;
            if (x > 0) {
                positive++;
            }
        }
        double[] s = r.clone();
        Arrays.sort(s);
        double span = h.spanHours();
        return new HistoryStats(n, h.intervalHours(), h.timeMs()[0], h.timeMs()[n - 1], sum / n, Percentiles.ofSorted(s, 0.5),
                Percentiles.ofSorted(s, 0.05), Percentiles.ofSorted(s, 0.25), Percentiles.ofSorted(s, 0.75),
                Percentiles.ofSorted(s, 0.95), s[0], s[n - 1], (double) positive / n, span,
                100 * sum * (24.0 * DAYS_PER_YEAR) / span, 100 * sum);
    }
}
