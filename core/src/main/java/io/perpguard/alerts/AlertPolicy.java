package io.perpguard.alerts;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.util.Arrays;

/**
 * When margin alerts fire. Ratios are fractions (0.5 = 50 % margin ratio; liquidation at 1).
 *
 * @param thresholds  ascending margin-ratio levels in (0, 1); crossing one upward raises one alert
 * @param rearmGap    hysteresis: a crossed threshold re-arms only once the ratio is back below threshold − rearmGap
 * @param fastRise    a rise of the ratio by at least this much within {@code fastWindowMs} raises a fast-rise alert
 * @param fastWindowMs length of the (tumbling) window for the fast-rise rule, ms
 */
public record AlertPolicy(double[] thresholds, double rearmGap, double fastRise, long fastWindowMs) {
    /** 50 / 70 / 85 %, re-armed 5 points below, fast rise of 20 points within one hour. */
    public static final AlertPolicy DEFAULT = new AlertPolicy(new double[]{0.5, 0.7, 0.85}, 0.05, 0.20, 3_600_000L);

    public AlertPolicy {
        Checks.notNull("thresholds", thresholds);
        thresholds = thresholds.clone();
        if (thresholds.length > 30) {
            throw new InvalidInputException("thresholds", thresholds.length + " thresholds; at most 30");
        }
        for (int i = 0; i < thresholds.length; i++) {
            Checks.inRange("thresholds[" + i + "]", thresholds[i], 1e-6, 0.999999);
            if (i > 0 && thresholds[i] <= thresholds[i - 1]) {
                throw new InvalidInputException("thresholds", Arrays.toString(thresholds) + " must be strictly ascending");
            }
        }
        Checks.inRange("rearmGap", rearmGap, 0, 1);
        Checks.inRange("fastRise", fastRise, 1e-6, 10);
        if (fastWindowMs <= 0) {
            throw new InvalidInputException("fastWindowMs", fastWindowMs + " must be greater than 0");
        }
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** Number of thresholds. */
    public int size() {
        return thresholds.length;
    }

    /** Threshold {@code i}. */
    public double threshold(int i) {
        return thresholds[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertPolicy p && Arrays.equals(thresholds, p.thresholds) && rearmGap == p.rearmGap
                && fastRise == p.fastRise && fastWindowMs == p.fastWindowMs;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(thresholds) * 31 + Double.hashCode(rearmGap) + Double.hashCode(fastRise) + Long.hashCode(fastWindowMs);
    }

    @Override
    public String toString() {
        return "AlertPolicy" + Arrays.toString(thresholds) + " rearmGap=" + rearmGap + " fastRise=" + fastRise + " window=" + fastWindowMs + "ms";
    }
}
