package io.perpguard.venue;

import java.util.Arrays;

/**
 * A tier table flattened to primitive arrays: the one place a table becomes arrays (kernels, Monte Carlo,
 * portfolio shocks and every convention read it) and the one above-cap rule.
 * <p>Tier {@code i} covers {@code (floor[i], cap[i]]} of the venue's tier measure (notional in the settlement
 * currency, or contracts for OKX). <b>Above-cap rule:</b> for maintenance margin the last tier is open-ended —
 * a position that has grown past the largest cap keeps the last tier's rate and amount; opening one there is
 * refused by the leverage check ({@code RiskTiers.requireLeverageAllowed}).
 */
public final class TierTable {
    /** Relative slack when testing that a measure lies in a tier. */
    private static final double SLACK = 1e-12;

    private final int[] bracket;
    private final double[] floor;
    private final double[] cap;
    private final double[] rate;
    private final double[] amount;
    private final double[] maxLeverage;

    /** Arrays are copied; tiers in ascending order, caps strictly increasing. */
    public TierTable(int[] bracket, double[] floor, double[] cap, double[] rate, double[] amount, double[] maxLeverage) {
        int n = floor.length;
        if (n == 0 || bracket.length != n || cap.length != n || rate.length != n || amount.length != n || maxLeverage.length != n) {
            throw new IllegalArgumentException("tier arrays must be non-empty and of one length");
        }
        this.bracket = bracket.clone();
        this.floor = floor.clone();
        this.cap = cap.clone();
        this.rate = rate.clone();
        this.amount = amount.clone();
        this.maxLeverage = maxLeverage.clone();
    }

    /** One tier: rate and amount, no cap (for {@code --mmr RATE [--mm-amount A]}). */
    public static TierTable single(double rate, double amount, double maxLeverage) {
        return new TierTable(new int[]{1}, new double[]{0}, new double[]{Double.POSITIVE_INFINITY}, new double[]{rate},
                new double[]{amount}, new double[]{maxLeverage});
    }

    public int size() {
        return floor.length;
    }

    /** Index of the tier holding {@code measure}: the first whose cap is &ge; it (caps inclusive); past the last cap, the last. */
    public int index(double measure) {
        int last = cap.length - 1;
        int i = 0;
        while (i < last && measure > cap[i]) {
            i++;
        }
        return i;
    }

    /** True when {@code measure} lies in tier {@code i} (within rounding; the last tier is open-ended). */
    public boolean holds(int i, double measure) {
        double c = i == cap.length - 1 ? Double.POSITIVE_INFINITY : cap[i];
        return measure >= floor[i] * (1 - SLACK) && measure <= c * (1 + SLACK);
    }

    /**
     * Maintenance margin of a value with tier {@code i}'s figures.
     * <pre>MM = value × MMR − amount</pre>
     * Binance USDⓈ-M "Leverage and Margin of USDⓈ-M Futures"; Bybit "MM = PV·MMR − MMD" (FORMULAS-BASE.md §3a).
     */
    public double maintenance(int i, double value) {
        return value * rate[i] - amount[i];
    }

    /** Maintenance margin of a value whose measure is the value itself (tier by value, above-cap rule). */
    public double maintenance(double value) {
        return maintenance(index(value), value);
    }

    public int bracket(int i) {
        return bracket[i];
    }

    public double floor(int i) {
        return floor[i];
    }

    public double cap(int i) {
        return cap[i];
    }

    public double rate(int i) {
        return rate[i];
    }

    public double amount(int i) {
        return amount[i];
    }

    public double maxLeverage(int i) {
        return maxLeverage[i];
    }

    /** Copies of the arrays, for kernels that keep their own. */
    public double[] caps() {
        return cap.clone();
    }

    /** Caps with the last one open-ended (+∞): the above-cap rule as an array. */
    public double[] openCaps() {
        double[] c = cap.clone();
        c[c.length - 1] = Double.POSITIVE_INFINITY;
        return c;
    }

    public double[] floors() {
        return floor.clone();
    }

    public double[] rates() {
        return rate.clone();
    }

    public double[] amounts() {
        return amount.clone();
    }

    public double[] maxLeverages() {
        return maxLeverage.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TierTable t && Arrays.equals(bracket, t.bracket) && Arrays.equals(floor, t.floor)
                && Arrays.equals(cap, t.cap) && Arrays.equals(rate, t.rate) && Arrays.equals(amount, t.amount)
                && Arrays.equals(maxLeverage, t.maxLeverage);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cap) * 31 + Arrays.hashCode(rate);
    }
}
