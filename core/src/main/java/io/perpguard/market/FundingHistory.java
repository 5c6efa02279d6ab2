package io.perpguard.market;

import io.perpguard.InvalidInputException;

import java.util.Arrays;

/**
 * Funding-rate history, oldest first.
 *
 * @param symbol    e.g. {@code BTCUSDT} (may be empty)
 * @param timeMs    funding time, epoch ms UTC (Binance {@code fundingTime}, with its few-ms jitter)
 * @param rate      funding rate per interval as a fraction (0.0001 = 0.01 %); longs pay when positive
 * @param markPrice mark price at funding, {@code NaN} where the source does not give it
 */
public record FundingHistory(String symbol, long[] timeMs, double[] rate, double[] markPrice) {
    public FundingHistory {
        if (rate.length != timeMs.length || markPrice.length != timeMs.length) {
            throw new InvalidInputException("funding", "columns have different lengths");
        }
        for (int i = 1; i < timeMs.length; i++) {
            if (timeMs[i] <= timeMs[i - 1]) {
                throw new InvalidInputException("funding", "funding times must increase at row " + i);
            }
        }
    }

    public int size() {
        return timeMs.length;
    }

    /**
     * Hours from opening a position (one interval before the first funding time: the history's first spacing, in whole
     * hours; {@link #intervalHours()} for a one-row history) to the
     * {@code payments}-th payment of this history, by the funding times themselves: a venue that shortens a symbol's
     * interval (Binance USDⓈ-M moves some from 8 h to 4 h or 1 h) pays the later payments closer together, so the time is
     * not {@code payments × the median interval}. Funding-time jitter of a few ms is rounded to the second. 0 for 0 payments.
     */
    public double hoursToPayment(int payments) {
        if (payments < 0 || payments > size()) {
            throw new InvalidInputException("payments", payments + " is outside 0 to " + size());
        }
        if (payments == 0) {
            return 0;
        }
        // Binance "fundingTime" of each settlement (GET /fapi/v1/fundingRate): the payment is made at that time
        long seconds = Math.round((timeMs[payments - 1] - timeMs[0]) / 1000.0);
        long first = size() < 2 ? intervalHours() : Math.max(1, Math.round((timeMs[1] - timeMs[0]) / 3_600_000.0));
        return seconds / 3600.0 + first;
    }

    /**
     * Hours this history's payments cover: from opening one interval before the first funding time to the last payment
     * ({@link #hoursToPayment(int)} of every payment), the span its rates were paid over whatever the intervals.
     */
    public double spanHours() {
        return hoursToPayment(size());
    }

    /**
     * The distinct hours between payments (whole hours, jitter rounded away), in the order they first appear: {@code [8]}
     * for a regular 8-hourly history, {@code [8, 1]} for one whose venue moved the symbol from 8 h to 1 h.
     */
    public java.util.List<Integer> spacingsHours() {
        java.util.LinkedHashSet<Integer> s = new java.util.LinkedHashSet<>();
        for (int i = 1; i < size(); i++) {
            s.add((int) Math.max(1, Math.round((timeMs[i] - timeMs[i - 1]) / 3_600_000.0)));
        }
        if (s.isEmpty()) {
            s.add(intervalHours());
        }
        return java.util.List.copyOf(s);
    }

    /**
     * The rates as paid every {@code hours}: each settlement's rate spread evenly over the time it covers (from the
     * funding time before it, the first from one first spacing before its time; times to the second) and summed per slot
     * of {@code hours} from that start. A history whose venue moved the symbol from 8 h to 1 h re-cut at 1 h pays each
     * 8-hourly rate an eighth an hour, not the whole rate every hour; the sum over every slot is the sum of the rates, so
     * paying these every {@code hours} pays what was paid over the same time. A regular history at its own interval is
     * its own rates.
     */
    public double[] ratesEvery(int hours) {
        if (hours < 1 || hours > 24) {
            throw new InvalidInputException("hours", hours + " is outside 1 to 24");
        }
        long step = hours * 3_600L;
        long first = size() < 2 ? intervalHours() : Math.max(1, Math.round((timeMs[1] - timeMs[0]) / 3_600_000.0));
        long start = Math.round(timeMs[0] / 1000.0) - first * 3_600L;
        long end = Math.round(timeMs[size() - 1] / 1000.0);
        double[] out = new double[(int) Math.max(1, (end - start + step - 1) / step)];
        long a = start;
        for (int i = 0; i < size(); i++) {
            long b = Math.max(a + 1, Math.round(timeMs[i] / 1000.0));   // two records within a second: one second apart
            for (long k = (a - start) / step; k < out.length && start + k * step < b; k++) {
                long lo = Math.max(a, start + k * step), hi = Math.min(b, start + (k + 1) * step);
                out[(int) k] += rate[i] * ((hi - lo) / (double) (b - a));
            }
            a = b;
        }
        return out;
    }

    /**
     * The interval of the 00:00-UTC schedule payment {@code i} lies on: the longest of 8, 4, 2 and 1 hours that divides its
     * hour (its time to the nearest hour, jitter rounded away). A venue that moves a symbol from 8 h to 1 h, or back, pays
     * the first payment of the new interval on its grid (hourly from 01:00; 8-hourly again from 16:00), so a payment is
     * missing before payment i only where that grid has a time between the two: the median spacing (1 h) called every
     * 8-hourly gap 7 missing payments.
     */
    public int gridHours(int i) {
        long hour = Math.floorMod(Math.round(timeMs[i] / 3_600_000.0), 24L);
        for (int h : new int[]{8, 4, 2}) {
            if (hour % h == 0) {
                return h;
            }
        }
        return 1;
    }

    /** The typical hours between funding payments (median spacing, rounded to whole hours); 8 when unknown. */
    public int intervalHours() {
        if (size() < 2) {
            return 8;
        }
        long[] d = new long[size() - 1];
        for (int i = 1; i < size(); i++) {
            d[i - 1] = timeMs[i] - timeMs[i - 1];
        }
        Arrays.sort(d);
        return (int) Math.max(1, Math.round(d[d.length / 2] / 3_600_000.0));
    }
}
