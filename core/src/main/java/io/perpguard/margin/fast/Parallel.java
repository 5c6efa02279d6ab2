package io.perpguard.margin.fast;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/** Splits an index range over the cores: the caller runs the first part, the common pool the others. */
final class Parallel {
    private Parallel() {
    }

    /** A sum over {@code [from, to)}. */
    interface RangeSum {
        int apply(int from, int to);
    }

    /** Sums {@code body} over {@code [0, n)} in up to one part per core, none smaller than {@code minPart}. */
    static int sum(int n, int minPart, RangeSum body) {
        int parts = Math.min(Runtime.getRuntime().availableProcessors(), Math.max(1, n / minPart));
        if (parts <= 1) {
            return body.apply(0, n);
        }
        @SuppressWarnings("unchecked")
        ForkJoinTask<Integer>[] tasks = new ForkJoinTask[parts];
        for (int k = 1; k < parts; k++) {
            int from = (int) ((long) n * k / parts), to = (int) ((long) n * (k + 1) / parts);
            tasks[k] = ForkJoinPool.commonPool().submit(() -> body.apply(from, to));
        }
        int total = body.apply(0, (int) ((long) n / parts));
        for (int k = 1; k < parts; k++) {
            total += tasks[k].join();
        }
        return total;
    }
}
