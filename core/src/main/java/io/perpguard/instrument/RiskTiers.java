package io.perpguard.instrument;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import io.perpguard.venue.TierTable;

import java.util.List;
import java.util.Objects;

/**
 * A contract's leverage brackets, validated: they start at notional 0, follow one another without gaps
 * or overlaps, maximum leverage never rises and MMR never falls as notional grows (leverage compression).
 * A value class (not a record) only so it can keep its flattened {@link #table()}, built once.
 */
public final class RiskTiers {
    /** Relative tolerance when comparing one tier's cap with the next tier's floor. */
    private static final double JOIN_TOLERANCE = 1e-9;

    private final String symbol;
    private final List<LeverageBracket> brackets;
    private final TierTable table;

    /**
     * @param symbol   the contract, e.g. {@code BTCUSDT}
     * @param brackets tiers in ascending notional order
     */
    public RiskTiers(String symbol, List<LeverageBracket> brackets) {
        Checks.notBlank("symbol", symbol);
        if (brackets == null || brackets.isEmpty()) {
            throw new InvalidInputException("brackets", symbol + " has no leverage brackets");
        }
        brackets = List.copyOf(brackets);
        LeverageBracket first = brackets.get(0);
        if (first.notionalFloor() != 0) {
            throw new InvalidInputException("brackets", symbol + " bracket " + first.bracket() + " must start at notional 0, starts at "
                    + Checks.fmt(first.notionalFloor()));
        }
        for (int i = 1; i < brackets.size(); i++) {
            LeverageBracket prev = brackets.get(i - 1);
            LeverageBracket b = brackets.get(i);
            double gap = b.notionalFloor() - prev.notionalCap();
            if (Math.abs(gap) > JOIN_TOLERANCE * Math.max(1, prev.notionalCap())) {
                throw new InvalidInputException("brackets", symbol + " brackets " + prev.bracket() + " and " + b.bracket()
                        + (gap > 0 ? " leave a gap" : " overlap") + ": bracket " + prev.bracket() + " ends at "
                        + Checks.fmt(prev.notionalCap()) + ", bracket " + b.bracket() + " starts at " + Checks.fmt(b.notionalFloor())
                        + " (expected its floor at " + Checks.fmt(prev.notionalCap()) + ")");
            }
            if (b.maxLeverage() > prev.maxLeverage()) {
                throw new InvalidInputException("brackets", symbol + " bracket " + b.bracket() + " allows more leverage ("
                        + Checks.fmt(b.maxLeverage()) + "x) than the smaller bracket " + prev.bracket() + " (" + Checks.fmt(prev.maxLeverage())
                        + "x): expected at most " + Checks.fmt(prev.maxLeverage()) + "x");
            }
            if (b.maintenanceMarginRate() < prev.maintenanceMarginRate()) {
                throw new InvalidInputException("brackets", symbol + " bracket " + b.bracket() + " has a lower maintenance rate ("
                        + Checks.fmt(b.maintenanceMarginRate()) + ") than the smaller bracket " + prev.bracket() + " ("
                        + Checks.fmt(prev.maintenanceMarginRate()) + "): expected at least " + Checks.fmt(prev.maintenanceMarginRate()));
            }
        }
        this.symbol = symbol;
        this.brackets = brackets;
        this.table = flatten(brackets);
    }

    public String symbol() {
        return symbol;
    }

    /** Tiers in ascending notional order (unmodifiable). */
    public List<LeverageBracket> brackets() {
        return brackets;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RiskTiers t && symbol.equals(t.symbol) && brackets.equals(t.brackets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, brackets);
    }

    @Override
    public String toString() {
        return "RiskTiers[symbol=" + symbol + ", brackets=" + brackets + "]";
    }

    /** The highest notional any tier covers. */
    public double maxNotional() {
        return brackets.get(brackets.size() - 1).notionalCap();
    }

    /**
     * The tier whose range holds {@code notional}; at an exact boundary the lower tier (Binance caps are
     * inclusive). Notional above the last cap is refused.
     */
    public LeverageBracket bracketFor(double notional) {
        Checks.notNegative("notional", notional);
        for (LeverageBracket b : brackets) {
            if (notional <= b.notionalCap()) {
                return b;
            }
        }
        throw new InvalidInputException("notional", Checks.fmt(notional) + " is above " + symbol + "'s largest tier cap "
                + Checks.fmt(maxNotional()));
    }

    /** Index (0-based) of {@link #bracketFor(double)}. */
    public int indexFor(double notional) {
        return brackets.indexOf(bracketFor(notional));
    }

    /** Maximum leverage allowed for a position of this notional. */
    public double maxLeverageFor(double notional) {
        return bracketFor(notional).maxLeverage();
    }

    /**
     * Maximum leverage of the tier a held position's notional falls in; past the last cap, the last tier's (the one
     * above-cap rule, {@link TierTable}: a position grown past the cap keeps the last tier; opening there is refused).
     */
    public double maxLeverageHeld(double notional) {
        for (LeverageBracket b : brackets) {
            if (notional <= b.notionalCap()) {
                return b.maxLeverage();
            }
        }
        return brackets.get(brackets.size() - 1).maxLeverage();
    }

    /**
     * The largest notional at which {@code leverage} is still allowed (the cap of the last tier whose max
     * leverage is &ge; leverage), or 0 when no tier allows it.
     */
    public double maxNotionalAtLeverage(double leverage) {
        double cap = 0;
        for (LeverageBracket b : brackets) {
            if (b.maxLeverage() >= leverage) {
                cap = b.notionalCap();
            }
        }
        return cap;
    }

    /**
     * Calculates the maintenance margin for a notional from the tier it falls in (past the last cap, the last
     * tier: {@link TierTable}'s above-cap rule).
     * <pre>MM = notional × MMR(tier) − cum(tier)</pre>
     * Binance USDⓈ-M "Leverage and Margin of USDⓈ-M Futures".
     */
    public double maintenanceMargin(double notional) {
        Checks.notNegative("notional", notional);
        return table().maintenance(notional);
    }

    /**
     * The table as primitive arrays (the one flattening; last tier open-ended, see {@link TierTable}), built once:
     * every liquidation solve and maintenance margin reads it.
     */
    public TierTable table() {
        return table;
    }

    private static TierTable flatten(List<LeverageBracket> brackets) {
        int n = brackets.size();
        int[] num = new int[n];
        double[] floor = new double[n], cap = new double[n], rate = new double[n], amount = new double[n], lev = new double[n];
        for (int i = 0; i < n; i++) {
            LeverageBracket b = brackets.get(i);
            num[i] = b.bracket();
            floor[i] = b.notionalFloor();
            cap[i] = b.notionalCap();
            rate[i] = b.maintenanceMarginRate();
            amount[i] = b.maintenanceAmount();
            lev[i] = b.maxLeverage();
        }
        return new TierTable(num, floor, cap, rate, amount, lev);
    }

    /** The bracket at a 0-based index. */
    public LeverageBracket bracket(int index) {
        return brackets.get(index);
    }

    /**
     * Refuses a leverage no tier allows, where the notional is not known (a size still to be found: {@code size},
     * {@code tiers}, a plan {@code check} cannot size): a mistyped input, as {@link #requireLeverageAllowed(double, double)}
     * refuses one above its notional's tier.
     */
    public void requireLeverageAllowed(double leverage) {
        if (maxNotionalAtLeverage(leverage) <= 0) {
            throw new InvalidInputException("leverage", Checks.fmt(leverage) + "x is above every " + symbol + " tier (highest "
                    + Checks.fmt(brackets.get(0).maxLeverage()) + "x)");
        }
    }

    /**
     * Checks that {@code leverage} is allowed for {@code notional}; the message names the maximum that applies
     * and the notional up to which the requested leverage would be allowed.
     */
    public void requireLeverageAllowed(double leverage, double notional) {
        LeverageBracket b = bracketFor(notional);
        if (leverage > b.maxLeverage()) {
            double upTo = maxNotionalAtLeverage(leverage);
            String where = upTo > 0 ? "; " + Checks.fmt(leverage) + "x is allowed only up to notional " + Checks.fmt(upTo)
                    : "; no " + symbol + " tier allows " + Checks.fmt(leverage) + "x (highest " + Checks.fmt(brackets.get(0).maxLeverage()) + "x)";
            throw new InvalidInputException("leverage", Checks.fmt(leverage) + "x is above " + symbol + "'s maximum of "
                    + Checks.fmt(b.maxLeverage()) + "x for notional " + Checks.fmt(notional) + " (bracket " + b.bracket() + ": "
                    + Checks.fmt(b.notionalFloor()) + (b.notionalCap() >= Double.MAX_VALUE / 2 ? " and above" : " to " + Checks.fmt(b.notionalCap()))
                    + ")" + where);
        }
    }

    /**
     * Builds tiers from floors/caps/leverages/MMRs, computing each maintenance amount as
     * <pre>cum_1 = 0, cum_i = cum_{i−1} + floor_i × (MMR_i − MMR_{i−1})</pre>
     * (DESIGN.md vocabulary; Binance "Leverage and Margin of USDⓈ-M Futures").
     */
    public static RiskTiers of(String symbol, double[] floors, double[] caps, double[] maxLeverage, double[] mmr) {
        int n = floors.length;
        if (caps.length != n || maxLeverage.length != n || mmr.length != n) {
            throw new InvalidInputException("brackets", "floors, caps, leverages and rates must have the same length");
        }
        LeverageBracket[] out = new LeverageBracket[n];
        double[] cum = cumulativeAmounts(floors, mmr);
        for (int i = 0; i < n; i++) {
            out[i] = new LeverageBracket(i + 1, floors[i], caps[i], maxLeverage[i], mmr[i], cum[i]);
        }
        return new RiskTiers(symbol, List.of(out));
    }

    /**
     * The maintenance amount that keeps the maintenance margin continuous at bracket {@code index}'s floor, from the
     * previous bracket's own amount: <pre>cum_i = cum_{i−1} + floor_i × (MMR_i − MMR_{i−1}),  cum_1 = 0</pre> (Binance
     * "Leverage and Margin of USDⓈ-M Futures"), in exact decimal arithmetic.
     */
    public static double continuousAmount(List<LeverageBracket> brackets, int index) {
        if (index == 0) {
            return 0;
        }
        LeverageBracket prev = brackets.get(index - 1), b = brackets.get(index);
        return java.math.BigDecimal.valueOf(prev.maintenanceAmount()).add(java.math.BigDecimal.valueOf(b.notionalFloor()).multiply(
                java.math.BigDecimal.valueOf(b.maintenanceMarginRate()).subtract(java.math.BigDecimal.valueOf(prev.maintenanceMarginRate()))))
                .doubleValue();
    }

    /**
     * The first bracket (0-based index) whose maintenance amount is not {@link #continuousAmount} within {@code tolerance}
     * (absolute, in the table's notional unit; or 1e-9 of the amount, whichever is larger), or −1 when every amount is.
     * A given amount off that rule shifts every liquidation price in its bracket, so a reader refuses the table.
     */
    public static int firstDiscontinuousAmount(List<LeverageBracket> brackets, double tolerance) {
        for (int i = 0; i < brackets.size(); i++) {
            double expected = continuousAmount(brackets, i);
            if (Math.abs(brackets.get(i).maintenanceAmount() - expected) > Math.max(tolerance, 1e-9 * Math.abs(expected))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Maintenance amounts from floors and rates, in exact decimal arithmetic (so 600,000 × 0.0015 + 50 is 950, not
     * 949.9999999999998): <pre>cum_1 = 0, cum_i = cum_{i−1} + floor_i × (MMR_i − MMR_{i−1})</pre>
     */
    public static double[] cumulativeAmounts(double[] floors, double[] mmr) {
        double[] out = new double[floors.length];
        java.math.BigDecimal cum = java.math.BigDecimal.ZERO;
        for (int i = 1; i < floors.length; i++) {
            cum = cum.add(java.math.BigDecimal.valueOf(floors[i]).multiply(
                    java.math.BigDecimal.valueOf(mmr[i]).subtract(java.math.BigDecimal.valueOf(mmr[i - 1]))));
            out[i] = cum.doubleValue();
        }
        return out;
    }
}
