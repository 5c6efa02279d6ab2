package io.perpguard.stops;

import io.perpguard.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Volume traded at each price over a window of bars (a volume-by-price histogram). Each bar's volume is spread
 * evenly over its own low–high range (the usual approximation when only OHLCV is known); a bar with no range puts
 * all of it in one bin.
 * <ul>
 *   <li>Point of control (POC): the bin with the most volume.</li>
 *   <li>High-volume node (HVN): a peak of the 3-bin smoothed profile at least {@value #HVN_FACTOR} × the average bin;
 *       the node spans the neighbouring bins whose smoothed volume stays at or above the average.</li>
 *   <li>Low-volume node (LVN): a trough of the smoothed profile, inside the traded range, at most
 *       {@value #LVN_FACTOR} × the average bin.</li>
 * </ul>
 * Market Profile / volume-at-price practice (Steidlmayer; Dalton, <em>Mind Over Markets</em>).
 *
 * @param lowPrice  lower edge of bin 0
 * @param binWidth  price width of each bin
 * @param volume    volume per bin (base units), lowest price first
 * @param poc       bin of the point of control
 * @param highVolumeNodes high-volume nodes, lowest first
 * @param lowVolumeNodes  low-volume nodes, lowest first
 */
public record VolumeProfile(double lowPrice, double binWidth, double[] volume, int poc,
                            List<Node> highVolumeNodes, List<Node> lowVolumeNodes) {
    /** An HVN peak must hold at least this multiple of the average bin volume. */
    public static final double HVN_FACTOR = 1.5;
    /** An LVN trough holds at most this multiple of the average bin volume. */
    public static final double LVN_FACTOR = 0.5;
    /** Bins used by default. */
    public static final int DEFAULT_BINS = 50;

    /**
     * A volume node.
     *
     * @param price   middle of the node's peak (or trough) bin
     * @param low     lower price edge of the node
     * @param high    upper price edge of the node
     * @param volumeRatio the peak (trough) bin's smoothed volume / average bin volume
     */
    public record Node(double price, double low, double high, double volumeRatio) {
    }

    public VolumeProfile {
        volume = volume.clone();
        highVolumeNodes = List.copyOf(highVolumeNodes);
        lowVolumeNodes = List.copyOf(lowVolumeNodes);
    }

    /** Middle price of bin {@code i}. */
    public double binMid(int i) {
        return lowPrice + (i + 0.5) * binWidth;
    }

    /** Price of the point of control (middle of its bin). */
    public double pocPrice() {
        return binMid(poc);
    }

    /** Calculates the profile of bars {@code [from, to)} in {@code bins} equal price bins. */
    public static VolumeProfile of(double[] high, double[] low, double[] volume, int from, int to, int bins) {
        if (bins < 3 || bins > 10_000) {
            throw new InvalidInputException("bins", bins + " is outside the allowed range 3 to 10,000");
        }
        if (from < 0 || to > high.length || to - from < 1) {
            throw new InvalidInputException("window", "[" + from + ", " + to + ") holds no bars of " + high.length);
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            lo = Math.min(lo, low[i]);
            hi = Math.max(hi, high[i]);
        }
        double width = hi > lo ? (hi - lo) / bins : Math.max(Math.abs(lo) * 1e-9, 1e-12);
        double[] v = new double[bins];
        for (int i = from; i < to; i++) {
            int b0 = bin(low[i], lo, width, bins), b1 = bin(high[i], lo, width, bins);
            double range = high[i] - low[i];
            if (range <= 0 || b0 == b1) {
                v[b0] += volume[i];
                continue;
            }
            for (int b = b0; b <= b1; b++) {
                // share of the bar's range that lies in bin b
                double overlap = Math.min(high[i], lo + (b + 1) * width) - Math.max(low[i], lo + b * width);
                if (overlap > 0) {
                    v[b] += volume[i] * overlap / range;
                }
            }
        }
        int poc = 0;
        double total = 0;
        for (int b = 0; b < bins; b++) {
            total += v[b];
            if (v[b] > v[poc]) {
                poc = b;
            }
        }
        double mean = total / bins;
        double[] s = new double[bins];
        for (int b = 0; b < bins; b++) {
            double l = b > 0 ? v[b - 1] : v[b], r = b < bins - 1 ? v[b + 1] : v[b];
            s[b] = (l + v[b] + r) / 3;
        }
        List<Node> hvn = new ArrayList<>(), lvn = new ArrayList<>();
        if (mean > 0) {
            for (int[] run : extremeRuns(s, 1)) {
                int peak = (run[0] + run[1]) / 2;
                if (s[peak] >= HVN_FACTOR * mean) {
                    int a = run[0], z = run[1];
                    while (a > 0 && s[a - 1] >= mean) {
                        a--;
                    }
                    while (z < bins - 1 && s[z + 1] >= mean) {
                        z++;
                    }
                    hvn.add(new Node(lo + (peak + 0.5) * width, lo + a * width, lo + (z + 1) * width, s[peak] / mean));
                }
            }
            for (int[] run : extremeRuns(s, -1)) {
                int trough = (run[0] + run[1]) / 2;
                if (run[0] > 0 && run[1] < bins - 1 && s[trough] <= LVN_FACTOR * mean) {
                    lvn.add(new Node(lo + (trough + 0.5) * width, lo + run[0] * width, lo + (run[1] + 1) * width, s[trough] / mean));
                }
            }
        }
        return new VolumeProfile(lo, width, v, poc, hvn, lvn);
    }

    private static int bin(double price, double lo, double width, int bins) {
        int b = (int) Math.floor((price - lo) / width);
        return Math.max(0, Math.min(bins - 1, b));
    }

    /**
     * Runs of equal values that are local maxima (sign +1) or minima (−1): strictly above (below) the runs on both
     * sides; outside the profile counts as 0 for maxima, and edge runs are never minima.
     */
    static List<int[]> extremeRuns(double[] s, int sign) {
        List<int[]> out = new ArrayList<>();
        int n = s.length;
        int a = 0;
        while (a < n) {
            int z = a;
            while (z + 1 < n && s[z + 1] == s[a]) {
                z++;
            }
            double left = a > 0 ? s[a - 1] : (sign > 0 ? 0 : Double.NaN);
            double right = z < n - 1 ? s[z + 1] : (sign > 0 ? 0 : Double.NaN);
            boolean ext = sign > 0 ? s[a] > left && s[a] > right : s[a] < left && s[a] < right;
            if (ext) {
                out.add(new int[]{a, z});
            }
            a = z + 1;
        }
        return out;
    }
}
