package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one behavioural parameter set every event shares: how traders lever up, how books withdraw and refill, how fast
 * prices return to value, how much forced flow moves the index, and how traders de-risk or re-open. Per-event inputs
 * are only the pre-event state ({@link MarketState}) and the exogenous driver; these values come from
 * {@link BehaviourFit} over the bundled events, never set per event.
 * <p>Parameters are a vector (for the fit) with names, defaults, bounds and whether the fit moves them; fixed ones
 * keep their documented default. The default of a fitted parameter is the centre of its range in the fit's coordinates
 * (geometric mean of the bounds on a log scale, arithmetic mean otherwise): the fit starts there, a point nobody
 * chose by looking at the events.
 */
public final class Behaviour {
    /**
     * One parameter.
     *
     * @param name   JSON and table name
     * @param def    default (the value when not fitted)
     * @param lo     lower bound
     * @param hi     upper bound
     * @param log    searched on a log scale
     * @param fitted moved by the fit
     */
    public record Param(String name, double def, double lo, double hi, boolean log, boolean fitted) {
        /** A fitted parameter: its default is the centre of [lo, hi] in search coordinates. */
        static Param fitted(String name, double lo, double hi, boolean log) {
            return new Param(name, log ? Math.sqrt(lo * hi) : (lo + hi) / 2, lo, hi, log, true);
        }

        /** A parameter the fit never moves. */
        static Param fixed(String name, double def, double lo, double hi, boolean log) {
            return new Param(name, def, lo, hi, log, false);
        }
    }

    public static final int FRESH_LEV = 0, SEASONED_LEV = 1, SEASONED_SPREAD = 2, CROWDING = 3, LS_ELASTICITY = 4,
            INDEX_IMPACT = 5, DEPTH_FLOOR = 6, DEPTH_STRESS = 7, REFILL = 8, ANCHOR_S = 9, VALUE_S = 10, MARK_LAG = 11,
            FLOW_STRESS = 12, CLOSE_BASE = 13, CLOSE_STRESS = 14, NEW_LONG = 15, NEW_SHORT = 16, NEW_CAP = 17, TURNOVER = 18, RESCUE_ZONE = 19, RESCUE = 20, INDEX_WITHDRAWAL = 21,
            COMMON_SHARE = 22, FLOW_WITHDRAWAL = 23, REFILL_WITHDRAWAL = 24, PANIC_SELL = 25, PANIC_SPEED = 26,
            CROSS_SHARE = 27, CROSS_EXCESS = 28, EVENT_HOUR_DEPTH = 29, BOOK_SHAPE = 30, PANIC_CLOSE = 31, LATENT = 32, CARRY_PANIC = 33, CARRY_IMPACT = 34;
    /**
     * The cross-margin variant's parameters ({@code --cross-margin}): fixed and off (share 0) in the bundled procedure,
     * fitted from the centre of their ranges only when the variant is asked for ({@link BehaviourFit}).
     */
    public static final int[] CROSS_MARGIN = {CROSS_SHARE, CROSS_EXCESS};
    /**
     * The event-hour depth variant's parameter ({@code --event-hour-depth}, {@link EventHourDepth}): fixed and off (γ = 0)
     * in the bundled procedure, fitted from the centre of its range only when the variant is asked for.
     */
    public static final int[] EVENT_HOUR = {EVENT_HOUR_DEPTH};
    /**
     * The book-shape variant's parameter ({@code --book-shape}): fixed and off (0 = each market's own depth exponent β)
     * in the bundled procedure, fitted from the centre of its range only when the variant is asked for.
     */
    public static final int[] BOOK_SHAPE_VARIANT = {BOOK_SHAPE};
    /**
     * The panic-close variant's parameter ({@code --panic-closes}): fixed and off (0) in the bundled procedure, fitted from
     * the centre of its range only when the variant is asked for.
     */
    public static final int[] PANIC_CLOSE_VARIANT = {PANIC_CLOSE};
    /**
     * The latent-liquidity variant's parameter ({@code --latent-liquidity}, {@link DepthModel#latentDepth}): fixed and off
     * (0: linear index impact) in the bundled procedure, fitted from the centre of its range only when the variant is asked for.
     */
    public static final int[] LATENT_VARIANT = {LATENT};
    /**
     * The carry-unwind variant's parameter ({@code --carry-panic}, {@link EventModel#carryPanicMultiplier}): fixed and off
     * (0: the same panic selling in every market) in the bundled procedure, fitted from the centre of its range only when the
     * variant is asked for.
     */
    public static final int[] CARRY_PANIC_VARIANT = {CARRY_PANIC};
    /**
     * The carry-scaled price impact variant's parameter ({@code --carry-impact}, {@link EventModel#carryImpactShare}): fixed
     * and off (0: the same φ in every market) in the bundled procedure, fitted from the centre of its range only when the
     * variant is asked for.
     */
    public static final int[] CARRY_IMPACT_VARIANT = {CARRY_IMPACT};

    public static final Param[] PARAMS = {
            // leverage of positions opened in the look-back window, × the base mix 2–100×
            Param.fitted("freshLeverageScale", 0.3, 3, true),
            // leverage of positions open before the window, × the base mix 1–20×
            Param.fitted("seasonedLeverageScale", 0.3, 3, true),
            // σ of seasoned entries around the window's first price, %
            Param.fitted("seasonedSpreadPct", 2, 25, true),
            // log leverage tilt toward longs per unit of (funding − 0.01 %) / 0.01 %
            Param.fitted("crowdingElasticity", 0, 1.5, false),
            // log leverage tilt toward longs per log long/short ratio (inert: no bundled event has a long/short series)
            Param.fixed("longShortElasticity", 0.5, 0, 2, false),
            // φ: index move (%) per 1 % of depth m^κ·D₁ of net forced flow (endogenous feedback)
            Param.fitted("indexImpactShare", 0.01, 0.95, false),
            // lowest depth multiplier m in a crash (withdrawal floor)
            Param.fitted("depthFloor", 0.002, 0.5, true),
            // 60-s move (%) at which depth halves
            Param.fitted("depthStressRefPct", 0.1, 3, true),
            // ρ / D₁: refill of consumed depth per second per % of dislocation
            Param.fitted("refillPerDepth", 0.005, 1, true),
            // time constant of the anchor following the last price, s
            Param.fitted("anchorSeconds", 10, 1000, true),
            // time constant of the anchor returning to the index, s
            Param.fitted("valueSeconds", 120, 20000, true),
            // mark-price basis EMA, s
            Param.fitted("markLagSeconds", 0, 600, false),
            // drawdown (%) that counts as stress 1 for voluntary flow
            Param.fitted("flowStressRefPct", 0.5, 10, true),
            // voluntary closes per hour in calm, share of OI
            Param.fitted("closeBasePerHour", 0.0005, 0.05, true),
            // extra voluntary closes per hour per unit of stress
            Param.fitted("closeStressPerHour", 0.002, 0.5, true),
            // dip-buyer opens per hour per unit of stress, share of OI
            Param.fitted("newLongPerHour", 0.001, 0.5, true),
            // momentum-short opens per hour per unit of stress, share of OI
            Param.fitted("newShortPerHour", 0.001, 0.5, true),
            // largest stress that drives new opens (0 = no cap)
            Param.fitted("newOpenStressCap", 0, 10, false),
            // share of open positions closed and reopened at current prices per unit of the bar's traded volume / OI
            Param.fitted("turnoverPerVolume", 0.005, 1, true),
            // positions within this % of liquidation are defended (closed or topped up)
            Param.fitted("rescueZonePct", 0.5, 10, true),
            // share of endangered positions defended per hour
            Param.fitted("rescuePerHour", 0.01, 20, true),
            // κ: index impact against the withdrawn depth m^κ·D₁ (0 calm depth, 1 the depth left)
            Param.fitted("indexWithdrawalExponent", 0, 1, false),
            // σ: share of forced flow absorbed by all coupled markets' depth together (moves the common factor, × each market's β)
            Param.fitted("commonFactorShare", 0, 1, false),
            // fRef: liquidation flow over the last 60 s, in units of calm 1 % depth, at which depth halves
            Param.fitted("flowWithdrawalRef", 0.02, 2, true),
            // λ: consumed depth refills at ρ·m^λ·x (the withdrawn liquidity providers are the ones who would refill)
            Param.fitted("refillWithdrawalExponent", 0, 1, false),
            // largest panic selling per minute (holders off the ladder selling on the speed of the fall), in calm depths D₁
            Param.fitted("panicSellPerMinute", 0.05, 5, true),
            // 60-s index fall (%) below which no one panics; panic is half its largest at twice it
            Param.fitted("panicSpeedRefPct", 0.05, 2, true),
            // share of each position held in a cross-margin account (its wallet backs it beyond the position's margin); 0 = off
            Param.fixed("crossMarginShare", 0, 0, 1, false),
            // a cross account's collateral beyond the position's initial margin, × that margin (moves liquidation away)
            Param.fixed("crossExcessMargin", 1, 0.1, 10, true),
            // γ: calm depth at the simulated hour follows the window's volume profile, D₁·(V̄(slot, day class)/V̄)^γ; 0 = off
            Param.fixed("eventHourDepthExponent", 0, 0, 1, false),
            // α: the venue book's cumulative depth D(x) = m·D₁·(x/1 %)^α for every market (2 = square-root impact); 0 = off, each market's own β
            Param.fixed("bookShapeExponent", 0, 0.5, 2.5, false),
            // share per minute of the positions within rescueZonePct of liquidation closed on the speed of the fall (panic closes); 0 = off
            Param.fixed("panicClosePerMinute", 0, 0.03, 3, true),
            // Y: the index's endogenous displacement (%) at which the depth absorbing flow pushing it further has doubled (latent liquidity); 0 = off
            Param.fixed("latentLiquidityPct", 0, 2, 50, true),
            // χ: panic selling × e^(χ·z), z the market's funding crowding over the week before the event (carry unwind); 0 = off
            Param.fixed("carryPanicElasticity", 0, 0, 1, false),
            // χ: each market's index impact share φ_m = min(0.95, φ·e^(χ·z)), z its funding crowding (arbitrage capital scarce
            // where the carry was crowded); 0 = off
            Param.fixed("carryImpactElasticity", 0, 0, 0.5, false),
    };

    private final double[] v;

    private Behaviour(double[] v) {
        this.v = v;
    }

    /** Every parameter at its default. */
    public static Behaviour defaults() {
        double[] v = new double[PARAMS.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = PARAMS[i].def();
        }
        return new Behaviour(v);
    }

    /**
     * A set from values in {@link #PARAMS} order, each checked against its bounds; a fixed parameter may also sit at its
     * default when that is its "off" value outside the range (bookShapeExponent 0).
     */
    public static Behaviour of(double[] values) {
        if (values.length != PARAMS.length) {
            throw new InvalidInputException("behaviour", "needs " + PARAMS.length + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!PARAMS[i].fitted() && values[i] == PARAMS[i].def()) {
                continue;
            }
            Checks.inRange("behaviour." + PARAMS[i].name(), values[i], PARAMS[i].lo(), PARAMS[i].hi());
        }
        return new Behaviour(values.clone());
    }

    /** A set from named values; names not given keep their default, unknown names are an error. */
    public static Behaviour of(Map<String, Double> named) {
        double[] v = defaults().v;
        for (Map.Entry<String, Double> e : named.entrySet()) {
            v[index(e.getKey())] = e.getValue();
        }
        return of(v);
    }

    public static int index(String name) {
        for (int i = 0; i < PARAMS.length; i++) {
            if (PARAMS[i].name().equals(name)) {
                return i;
            }
        }
        throw new InvalidInputException("behaviour", "unknown parameter '" + name + "'");
    }

    public double get(int i) {
        return v[i];
    }

    public double[] values() {
        return v.clone();
    }

    public Behaviour with(int i, double value) {
        double[] c = v.clone();
        c[i] = value;
        return of(c);
    }

    public Map<String, Double> named() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put(PARAMS[i].name(), v[i]);
        }
        return m;
    }

    /** The voluntary-flow model these parameters give. */
    public FlowModel flow() {
        return new FlowModel(v[FLOW_STRESS], v[CLOSE_BASE], v[CLOSE_STRESS], v[NEW_LONG], v[NEW_SHORT], v[NEW_CAP], v[RESCUE_ZONE],
                v[RESCUE], v[PANIC_SELL], v[PANIC_SPEED], 0, 0, 1, v[PANIC_CLOSE]);
    }

    /**
     * The order book of a market with calm 1 % depth {@code d1}, depth exponent {@code beta} and beta {@code indexBeta}
     * to the common factor; with the book-shape variant on (α &gt; 0) the depth exponent is α for every market.
     */
    public DepthModel depth(double d1, double beta, double indexBeta) {
        double shape = v[BOOK_SHAPE] > 0 ? v[BOOK_SHAPE] : beta;
        return new DepthModel(d1, d1, shape, v[DEPTH_FLOOR], v[DEPTH_STRESS], 10, 600, v[REFILL] * d1, v[ANCHOR_S],
                v[VALUE_S], v[INDEX_IMPACT], v[INDEX_WITHDRAWAL], indexBeta, v[COMMON_SHARE], v[FLOW_WITHDRAWAL], v[REFILL_WITHDRAWAL],
                v[LATENT]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Behaviour b && Arrays.equals(b.v, v);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(v);
    }

    @Override
    public String toString() {
        return "Behaviour" + named();
    }
}
