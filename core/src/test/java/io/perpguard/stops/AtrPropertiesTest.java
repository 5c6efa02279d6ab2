package io.perpguard.stops;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AtrPropertiesTest {
    /** Wilder smoothing is a weighted average of true ranges, so after warm-up the ATR lies between the smallest and largest TR. */
    @Property(tries = 200)
    void atr_liesBetweenSmallestAndLargestTrueRange(@ForAll @Size(min = 20, max = 80) List<@DoubleRange(min = 0.01, max = 50) Double> ranges,
                                                    @ForAll @IntRange(min = 1, max = 14) int period) {
        int n = ranges.size();
        double[] h = new double[n], l = new double[n], c = new double[n];
        double mid = 1000;
        for (int i = 0; i < n; i++) {
            mid += (i % 3 - 1) * ranges.get(i) * 0.3;
            h[i] = mid + ranges.get(i) / 2;
            l[i] = mid - ranges.get(i) / 2;
            c[i] = mid;
        }
        double[] tr = TrueRange.of(h, l, c);
        double[] atr = Atr.of(h, l, c, period);
        double min = Double.MAX_VALUE, max = 0;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, tr[i]);
            max = Math.max(max, tr[i]);
            if (i < Atr.unstableBars(period)) {
                assertThat(atr[i]).isNaN();
            } else {
                assertThat(atr[i]).isBetween(min - 1e-9, max + 1e-9);
            }
        }
    }

    /** {@link Atr#last} is the series' last value bit for bit, at every length (NaN before the warm-up ends). */
    @Property(tries = 200)
    void last_equalsTheSeriesLastValue(@ForAll @Size(max = 60) List<@DoubleRange(min = 0.01, max = 50) Double> ranges,
                                       @ForAll @IntRange(min = 1, max = 20) int period) {
        int n = ranges.size();
        double[] h = new double[n], l = new double[n], c = new double[n];
        double mid = 1000;
        for (int i = 0; i < n; i++) {
            mid += (i % 5 - 2) * ranges.get(i) * 0.7;
            h[i] = mid + ranges.get(i) / 2;
            l[i] = mid - ranges.get(i) / 3;
            c[i] = mid + ranges.get(i) / 7;
        }
        double[] atr = Atr.of(h, l, c, period);
        double last = Atr.last(h, l, c, period);
        if (n < period) {
            assertThat(last).isNaN();
        } else {
            assertThat(Double.doubleToRawLongBits(last)).isEqualTo(Double.doubleToRawLongBits(atr[n - 1]));
        }
    }
}
