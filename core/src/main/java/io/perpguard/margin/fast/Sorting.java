package io.perpguard.margin.fast;

/** Sorts (key, value) pairs by key: quicksort up to 2¹⁶ pairs, else an LSD radix sort on the keys' ordered bits. */
final class Sorting {
    private Sorting() {
    }

    static void sort(double[] keys, long[] vals, int n) {
        if (n <= 1 << 16) {
            quick(keys, vals, 0, n - 1);
            return;
        }
        radix(keys, vals, n);
    }

    private static void quick(double[] k, long[] v, int lo, int hi) {
        while (hi - lo > 24) {
            double pivot = k[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (k[i] < pivot) {
                    i++;
                }
                while (k[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(k, v, i++, j--);
                }
            }
            // recurse into the smaller part, loop on the larger (stack depth O(log n))
            if (j - lo < hi - i) {
                quick(k, v, lo, j);
                lo = i;
            } else {
                quick(k, v, i, hi);
                hi = j;
            }
        }
        insertion(k, v, lo, hi);
    }

    private static void swap(double[] k, long[] v, int a, int b) {
        double tk = k[a];
        k[a] = k[b];
        k[b] = tk;
        long tv = v[a];
        v[a] = v[b];
        v[b] = tv;
    }

    private static void insertion(double[] keys, long[] vals, int lo, int hi) {
        {
            for (int i = lo + 1; i <= hi; i++) {
                double k = keys[i];
                long v = vals[i];
                int j = i - 1;
                while (j >= lo && keys[j] > k) {
                    keys[j + 1] = keys[j];
                    vals[j + 1] = vals[j];
                    j--;
                }
                keys[j + 1] = k;
                vals[j + 1] = v;
            }
        }
    }

    static void radix(double[] keys, long[] vals, int n) {
        long[] bits = new long[n], bitsTmp = new long[n], valTmp = new long[n];
        for (int i = 0; i < n; i++) {
            long b = Double.doubleToRawLongBits(keys[i]);
            // order-preserving map of a double's bits onto unsigned longs
            bits[i] = b ^ (b >> 63 | Long.MIN_VALUE);
        }
        long[] srcB = bits, dstB = bitsTmp, srcV = vals, dstV = valTmp;
        int[] count = new int[1 << 16];
        for (int shift = 0; shift < 64; shift += 16) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) (srcB[i] >>> shift) & 0xFFFF]++;
            }
            int sum = 0;
            for (int d = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int d = (int) (srcB[i] >>> shift) & 0xFFFF;
                int at = count[d]++;
                dstB[at] = srcB[i];
                dstV[at] = srcV[i];
            }
            long[] t = srcB; srcB = dstB; dstB = t;
            t = srcV; srcV = dstV; dstV = t;
        }
        // four passes: the sorted data is back in the original arrays' roles (srcB = bits, srcV = vals)
        for (int i = 0; i < n; i++) {
            long b = srcB[i];
            keys[i] = Double.longBitsToDouble(b < 0 ? b ^ Long.MIN_VALUE : ~b);
        }
        if (srcV != vals) {
            System.arraycopy(srcV, 0, vals, 0, n);
        }
    }
}
