package io.perpguard.portfolio;

/**
 * The market-wide move that liquidates: every symbol's price moves by {@code β_i × s} (β to the benchmark, so {@code s}
 * is the benchmark's move; a price stops at 0) and we look for the {@code s} nearest to 0 at which a margin ratio reaches 100 %.
 * <p>
 * <b>Method.</b> While every moved price stays positive, each notional is affine in {@code s}; a tiered
 * maintenance margin {@code MM(n) = n·MMR(n) − cum(n)} is continuous and piecewise linear with non-decreasing
 * slopes (MMR never falls with size), hence convex; margin balance is affine. So the gap {@code MM − balance} is
 * convex in {@code s} (for the cross book, for each isolated position, and for their maximum), and with
 * gap(0) &lt; 0 the safe set is one interval around 0: one crossing at most on each side, which the first grid
 * point past it reveals. The solver scans outward from 0 on a grid ({@link #GRID_STEPS} steps each side), then
 * bisects the bracket of the first grid point where the gap is &ge; 0. Past the move at which a high-beta
 * symbol's price reaches 0 convexity no longer holds; there a liquidating excursion narrower than one grid step
 * (0.5 % down, 5 % up) could be missed.
 * <p>
 * <b>Contract.</b> Range {@link #MIN_SHOCK} … {@link #MAX_SHOCK} (−99 % … +1000 %); bisection until the bracket is
 * narrower than {@link #ACCURACY} (1e-9 in {@code s}, i.e. 1e-7 percentage points — well inside the 1e-6 asked),
 * at most {@link #MAX_ITERATIONS} halvings (≤ 23 are needed from a grid bracket). Tiers are re-read at every
 * trial, so tier changes along the path are priced. At most 2 × ({@link #GRID_STEPS} + 1 + 23) + 1 evaluations.
 */
public final class MarketShock {
    /** −99 %: the largest fall searched. */
    public static final double MIN_SHOCK = -0.99;
    /** +1000 %: the largest rise searched. */
    public static final double MAX_SHOCK = 10.0;
    /** Width of the final bracket, in shock units (fraction of the benchmark's price). */
    public static final double ACCURACY = 1e-9;
    /** Grid steps scanned on each side of 0 before bisecting. */
    public static final int GRID_STEPS = 200;
    /** Safety stop for the bisection. */
    public static final int MAX_ITERATIONS = 100;

    private MarketShock() {
    }

    /**
     * The shocks that liquidate a book: the nearest fall and the nearest rise.
     *
     * @param down        the fall (a negative fraction) at which the first margin ratio reaches 100 %, NaN if none
     *                    in range; 0 when already liquidated
     * @param up          the rise (positive fraction), NaN if none in range; 0 when already liquidated
     * @param evaluations how many times the book was re-valued
     */
    public record Result(double down, double up, int evaluations) {
        /** No move in range liquidates. */
        public static final Result NONE = new Result(Double.NaN, Double.NaN, 0);

        /** The one of {@code down}/{@code up} nearer to 0 (NaN if neither exists). */
        public double nearest() {
            if (Double.isNaN(down)) {
                return up;
            }
            if (Double.isNaN(up)) {
                return down;
            }
            return -down <= up ? down : up;
        }

        /** {@link #nearest()} in percent. */
        public double nearestPct() {
            return nearest() * 100;
        }
    }

    /** Solves a book (see the class comment for method and tolerance). */
    public static Result solve(ShockBook book) {
        if (book.isEmpty()) {
            return Result.NONE;
        }
        int[] evals = {1};
        if (book.gap(0) >= 0) {
            return new Result(0, 0, 1);
        }
        return new Result(search(book, MIN_SHOCK, evals), search(book, MAX_SHOCK, evals), evals[0]);
    }

    /** The first crossing between 0 (safe) and {@code end}, NaN when there is none on the grid. */
    private static double search(ShockBook book, double end, int[] evals) {
        double safe = 0;
        for (int k = 1; k <= GRID_STEPS; k++) {
            double s = end * k / GRID_STEPS;
            evals[0]++;
            if (book.gap(s) >= 0) {
                return bisect(book, safe, s, evals);
            }
            safe = s;
        }
        return Double.NaN;
    }

    private static double bisect(ShockBook book, double safe, double liquidated, int[] evals) {
        for (int i = 0; i < MAX_ITERATIONS && Math.abs(liquidated - safe) > ACCURACY; i++) {
            double mid = 0.5 * (safe + liquidated);
            evals[0]++;
            if (book.gap(mid) >= 0) {
                liquidated = mid;
            } else {
                safe = mid;
            }
        }
        return 0.5 * (safe + liquidated);
    }
}
