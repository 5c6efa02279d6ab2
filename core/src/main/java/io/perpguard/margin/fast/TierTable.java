package io.perpguard.margin.fast;

import io.perpguard.instrument.RiskTiers;

/**
 * A contract's leverage brackets flattened into arrays padded to a power of two, so the tier of a notional is found
 * by a fixed number of compare-and-add steps (a branch-free binary search) instead of a data-dependent loop.
 * The last tier is open-ended (as in {@link io.perpguard.margin.BatchReprice}); validation of a notional against the
 * largest cap stays with the reference engine.
 */
public final class TierTable {
    private final int size;
    private final int width;
    /** Caps, +∞ from the last tier on. */
    final double[] caps;
    final double[] floors;
    final double[] rates;
    final double[] amounts;
    /**
     * Whether cum follows from the floors ({@code cum_i = cum_{i−1} + floor_i × (MMR_i − MMR_{i−1})}, relative 1e-9):
     * then MM is continuous and convex in the notional and equals a sum of hinges (see {@link #halfRateSteps}).
     */
    final boolean continuous;
    /** (MMR_k − MMR_{k−1}) / 2 for k ≥ 1: MM(x) = x·MMR₀ + Σ_k step_k · (|x − floor_k| + (x − floor_k)). */
    final double[] halfRateSteps;

    private TierTable(int size, double[] floors, double[] caps, double[] rates, double[] amounts) {
        this.size = size;
        int w = 1;
        while (w < size) {
            w <<= 1;
        }
        this.width = w;
        this.caps = pad(caps, size, w, Double.POSITIVE_INFINITY);
        this.caps[size - 1] = Double.POSITIVE_INFINITY;
        this.floors = pad(floors, size, w, floors[size - 1]);
        this.rates = pad(rates, size, w, rates[size - 1]);
        this.amounts = pad(amounts, size, w, amounts[size - 1]);
        boolean c = true;
        this.halfRateSteps = new double[size];
        for (int i = 1; i < size; i++) {
            halfRateSteps[i] = (rates[i] - rates[i - 1]) / 2;
            double expected = amounts[i - 1] + floors[i] * (rates[i] - rates[i - 1]);
            c &= Math.abs(amounts[i] - expected) <= 1e-9 * Math.max(1, expected) && rates[i] >= rates[i - 1];
        }
        this.continuous = c;
    }

    /** Pads validated tiers, flattened once by {@link RiskTiers#table()} (the one flattening). */
    public static TierTable of(RiskTiers tiers) {
        io.perpguard.venue.TierTable t = tiers.table();
        return new TierTable(t.size(), t.floors(), t.caps(), t.rates(), t.amounts());
    }

    /**
     * The same tiers with {@code rateAdd} added to every maintenance rate (a venue that counts the taker fee in its
     * maintenance rate, {@link io.perpguard.venue.MarginConvention.Flat#rateAdd}); the same sum as the convention's.
     */
    public static TierTable of(RiskTiers tiers, double rateAdd) {
        io.perpguard.venue.TierTable t = tiers.table();
        double[] rates = t.rates().clone();
        for (int i = 0; i < rates.length; i++) {
            rates[i] = rates[i] + rateAdd;
        }
        return new TierTable(t.size(), t.floors(), t.caps(), rates, t.amounts());
    }

    private static double[] pad(double[] v, int n, int w, double fill) {
        double[] out = new double[w];
        System.arraycopy(v, 0, out, 0, n);
        for (int i = n; i < w; i++) {
            out[i] = fill;
        }
        return out;
    }

    /** Number of tiers. */
    public int size() {
        return size;
    }

    /**
     * The 0-based tier of {@code notional}: how many caps lie below it (a cap is inclusive, so a notional equal to a
     * cap stays in the lower tier). log₂(width) steps whatever the notional.
     */
    public int index(double notional) {
        return index(caps, width, notional);
    }

    static int index(double[] caps, int width, double notional) {
        int t = 0;
        for (int half = width >> 1; half > 0; half >>= 1) {
            t += below(caps[t + half - 1], notional) * half;
        }
        return t;
    }

    /** 1 when {@code cap < notional}, else 0, from the sign bit of their difference (no branch). */
    static int below(double cap, double notional) {
        return (int) (Double.doubleToRawLongBits(cap - notional) >>> 63);
    }

    /** Number of tiers whose floor lies below {@code notional} (the hinges a sweep up to that notional needs). */
    int tiersBelow(double notional) {
        int k = 1;
        while (k < size && floors[k] < notional) {
            k++;
        }
        return k;
    }

    int width() {
        return width;
    }

    /**
     * Calculates the maintenance margin of a notional.
     * <pre>MM = notional × MMR(tier) − cum(tier)</pre>
     * Binance USDⓈ-M "Leverage and Margin of USDⓈ-M Futures".
     */
    public double maintenanceMargin(double notional) {
        int t = index(notional);
        return notional * rates[t] - amounts[t];
    }

    public double floor(int tier) {
        return floors[tier];
    }

    public double cap(int tier) {
        return caps[tier];
    }

    public double rate(int tier) {
        return rates[tier];
    }

    public double amount(int tier) {
        return amounts[tier];
    }
}
