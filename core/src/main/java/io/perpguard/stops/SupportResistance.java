package io.perpguard.stops;

import io.perpguard.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Support/resistance zones clustered from swing pivots. Swing highs and swing lows are pooled (a broken resistance
 * becomes support), sorted by price and grouped greedily: a pivot joins the current zone while it is within
 * {@code tolerance} of the zone's lowest price, otherwise it starts a new zone. Each zone counts its touches.
 */
public final class SupportResistance {
    private SupportResistance() {
    }

    /**
     * Calculates the zones of the given pivots, lowest first.
     *
     * @param high      bar highs
     * @param low       bar lows
     * @param swingHighs indices of swing highs ({@link SwingPivots#highs})
     * @param swingLows  indices of swing lows ({@link SwingPivots#lows})
     * @param tolerance  widest zone, in price (e.g. 0.5 × ATR)
     */
    public static List<Zone> zones(double[] high, double[] low, int[] swingHighs, int[] swingLows, double tolerance) {
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new InvalidInputException("tolerance", tolerance + " must be a finite number, 0 or more");
        }
        int n = swingHighs.length + swingLows.length;
        double[] price = new double[n];
        int[] bar = new int[n];
        for (int k = 0; k < swingHighs.length; k++) {
            price[k] = high[swingHighs[k]];
            bar[k] = swingHighs[k];
        }
        for (int k = 0; k < swingLows.length; k++) {
            price[swingHighs.length + k] = low[swingLows[k]];
            bar[swingHighs.length + k] = swingLows[k];
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(price[a], price[b]));
        List<Zone> out = new ArrayList<>();
        int k = 0;
        while (k < n) {
            double zLow = price[order[k]];
            double sum = 0;
            int count = 0, last = -1;
            double zHigh = zLow;
            while (k < n && price[order[k]] - zLow <= tolerance) {
                double p = price[order[k]];
                sum += p;
                count++;
                zHigh = p;
                last = Math.max(last, bar[order[k]]);
                k++;
            }
            out.add(new Zone(zLow, zHigh, sum / count, count, last));
        }
        return out;
    }
}
