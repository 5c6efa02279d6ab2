package io.perpguard.app;

import io.perpguard.sim.Proportion;

/**
 * A 95 % confidence interval of a simulated share (the Monte Carlo sampling error: more paths narrow it), as
 * {@code simulate} and {@code recovery} print it.
 */
public record Interval95(double low, double high) {
    static Interval95 of(Proportion p) {
        return new Interval95(p.low(), p.high());
    }
}
