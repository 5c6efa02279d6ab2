package io.perpguard.portfolio;

/**
 * The market-wide move that liquidates: every symbol's price moves by {@code β_i × s} (β to BTC, so {@code s}
 * is BTC's move) and we look for the {@code s} nearest to 0 at which a margin ratio reaches 100 %.
 * <p>
 * <b>Method.</b> Within a range where every moved price stays positive, each notional is affine in {@code s};
 * a tiered maintenance margin {@code MM(n) = n·MMR(n) − cum(n)} is continuous and piecewise linear with
 * non-decreasing slopes (MMR never falls with size), hence convex; margin balance is affine. So the gap
 * {@code MM − balance} is convex in {@code s} (for the cross book and for each isolated position, and so is
 * their maximum). With gap(0) &lt; 0 the safe set {gap &lt; 0} is one interval around 0: there is at most one
 * crossing on each side, and bisection between 0 and the end of the search range finds it.
 * <p>
 * <b>Contract.</b> Search range {@link #MIN_SHOCK} … {@link #MAX_SHOCK} (−99 % … +1000 %), narrowed so that no
 * price reaches 0; bisection until the bracket is narrower than {@link #ACCURACY} (1e-9 in {@code s}, i.e.
 * 1e-7 percentage points — well inside the 1e-6 asked), at most {@link #MAX_ITERATIONS} halvings
 * (≈ 34 are needed for the widest bracket). Tiers are re-read at every trial.
 */
public final class MarketShock {
    /** −99 %: the largest fall searched. */
    public static final double MIN_SHOCK = -0.99;
    /** +1000 %: the largest rise searched. */
    public static final double MAX_SHOCK = 10.0;
    /** Width of the final bracket, in shock units (fraction of BTC's price). */
    public static final double ACCURACY = 1e-9;
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
        double[] range = book.positivePriceRange(MIN_SHOCK, MAX_SHOCK);
        double down = bisect(book, range[0], evals);
        double up = bisect(book, range[1], evals);
        return new Result(down, up, evals[0]);
    }

    /** The crossing between 0 (safe) and {@code end}; NaN when {@code end} itself is safe (convexity: then all is). */
    private static double bisect(ShockBook book, double end, int[] evals) {
        evals[0]++;
        if (book.gap(end) < 0) {
            return Double.NaN;
        }
        double safe = 0, liquidated = end;
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
