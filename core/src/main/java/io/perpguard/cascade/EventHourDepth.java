package io.perpguard.cascade;

import io.perpguard.Checks;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Liquidity at the event's hour: the calm depth D₁ follows the look-back window's own volume profile by 4-h UTC slot and
 * day class (docs/cascade.md, "Liquidity at the event's hour").
 * <pre>
 * slot(t)  = floor(UTC hour / 4),  class(t) = weekend (Saturday, Sunday UTC) or weekday
 * V̄(s, c)  = mean quote volume of the window's bars opened in slot s on a day of class c;  V̄ = mean of all the window's bars
 * D₁(t)    = D₁ · (V̄(slot(t), class(t)) / V̄)^γ          a slot and class with no bar: ratio 1
 * </pre>
 */
// basis: Amberdata, "The Rhythm of Liquidity" (Binance BTC/FDUSD book depth by hour: peak ~11:00 UTC, trough ~21:00 UTC, −42 %; bobsguide.com)
public final class EventHourDepth {
    /** Slots per day (4-h bars). */
    public static final int SLOTS = 6;

    /** V̄(s, c) / V̄ per cell {@code c · SLOTS + s} (c = 1 weekend), 1 where the window has no bar with volume there. */
    private final double[] ratio;

    private EventHourDepth(double[] ratio) {
        this.ratio = ratio;
    }

    /** The cell (class · {@link #SLOTS} + slot) of wall-clock time {@code ms} (epoch ms, UTC). */
    public static int cell(long ms) {
        ZonedDateTime z = Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC);
        boolean weekend = z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY;
        return (weekend ? SLOTS : 0) + z.getHour() / 4;
    }

    /**
     * The profile of the state's look-back window (the bars from the last bar's time − {@code lookbackHours} on, as
     * {@link StateLadder} and {@link DepthEstimate} read them), or null when the bars carry no volume.
     */
    public static EventHourDepth ofWindow(MarketState st) {
        long[] t = st.barTimeMs();
        int n = t.length, i0 = 0;
        if (n == 0) {
            return null;
        }
        long from = t[n - 1] - (long) (st.lookbackHours() * 3_600_000L);
        while (i0 < n - 1 && t[i0] < from) {
            i0++;
        }
        return of(st, i0);
    }

    /**
     * The profile of bars {@code from} … end of the state (its look-back window), or null when the bars carry no volume.
     */
    public static EventHourDepth of(MarketState st, int from) {
        double[] v = st.marketQuoteUsd();
        long[] t = st.barTimeMs();
        if (v.length == 0) {
            return null;
        }
        double[] sum = new double[2 * SLOTS];
        int[] n = new int[2 * SLOTS];
        double all = 0;
        int count = 0;
        for (int i = Math.max(from, 0); i < t.length; i++) {
            if (v[i] > 0) {
                int c = cell(t[i]);
                sum[c] += v[i];
                n[c]++;
                all += v[i];
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        double mean = all / count;
        double[] r = new double[2 * SLOTS];
        for (int c = 0; c < r.length; c++) {
            r[c] = n[c] == 0 ? 1 : sum[c] / n[c] / mean;
        }
        return new EventHourDepth(r);
    }

    /** V̄(slot, class) / V̄ of the cell holding {@code ms}. */
    public double volumeRatio(long ms) {
        return ratio[cell(ms)];
    }

    /** The multiplier (V̄(slot, class) / V̄)^γ of D₁ at {@code ms}. */
    public double multiplier(long ms, double gamma) {
        Checks.inRange("eventHourDepthExponent", gamma, 0, 1);
        return Math.pow(volumeRatio(ms), gamma);
    }

    /**
     * The multiplier of every simulated minute 0 … {@code minutes} − 1 of a run starting at {@code startMs}: minute k is
     * taken at its start, {@code startMs + k · 60 s}.
     */
    public double[] byMinute(long startMs, int minutes, double gamma) {
        double[] out = new double[Math.max(1, minutes)];
        for (int k = 0; k < out.length; k++) {
            out[k] = multiplier(startMs + k * 60_000L, gamma);
        }
        return out;
    }

    /** The ratios per cell, weekdays' six slots then the weekend's. */
    public double[] ratios() {
        return ratio.clone();
    }
}
