package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.RiskTiers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Fits the one {@link Behaviour} set to a list of events and scores it by leave-one-out.
 * <pre>
 * loss(θ)   = Σ_events Σ_bands ln(1 + d_b / w_b)     d = distance outside the band (0 inside), w = band width, or |bound|
 *             of a one-sided band; a band whose value cannot be computed costs ln(1 + 10). Continuous at the band edge
 *             and concave, so the search is pulled toward every band and one hopeless band does not dominate.
 * start     = {@link #start()}: every fitted parameter at the centre of its range (see {@link Behaviour.Param#fitted})
 * search    = pattern search with one step per coordinate, in [0, 1]-normalised coordinates (log where marked): each
 *             sweep visits the fitted parameters in an order drawn from the seed, tries ±stepᵢ (the last successful sign
 *             first) and keeps the first move that lowers the loss; stepᵢ doubles after a success (up to ½) and halves
 *             when both directions fail (from ¼; a coordinate is done below 1/64); after a sweep that moved, one pattern
 *             move repeats the sweep's whole displacement (Hooke–Jeeves) and is kept if it lowers the loss.
 *             {@code budget} = loss evaluations after the start's. Deterministic for (events, start, budget, seed).
 * multi-start ({@link #fitMultiStart}, off unless asked for): K starts — the centre and K − 1 points of a Latin
 *             hypercube in the normalised coordinates of the fitted parameters, drawn from the seed ({@link #starts}) —
 *             each searched for a short screening budget; the full budget then runs from the F screened points with the
 *             lowest training loss, and the lowest training loss of those F wins. Only training events are ever scored.
 *             Deterministic for (events, K, screening budget, F, budget, seed).
 * leave-one-out: for each event e, θ₋ₑ = fit(all but e); out-of-sample = bands of e inside under θ₋ₑ;
 *             in-sample = bands of e inside under θ_all = fit(all)
 * prior     (off unless asked for, W = 0): the search minimises loss(θ) + W · Σᵢ (uᵢ − ½)² over the fitted parameters'
 *             normalised coordinates uᵢ ({@link #centreDistance2}): a pull toward the centre of every range, the start
 *             point chosen without looking at the events. W = 0 is the unregularised search, exactly. {@link Result} keeps
 *             the two parts apart ({@code bandLoss}, {@code penalty}); scoring ({@link #score}, {@link #validate}) never
 *             adds the penalty.
 * cross margin (off unless asked for, {@code --cross-margin}): the two parameters of {@link Behaviour#CROSS_MARGIN}
 *             (crossMarginShare, crossExcessMargin), fixed at their default (share 0: every position isolated) otherwise,
 *             are fitted like the others from the centre of their ranges ({@link #startPoint()}); the search is the same.
 * event hour (off unless asked for, {@code --event-hour-depth}): γ of {@link Behaviour#EVENT_HOUR} (eventHourDepthExponent,
 *             {@link EventHourDepth}), fixed at 0 (calm depth at every hour) otherwise, is fitted from the centre of its
 *             range in the same way.
 * book shape (off unless asked for, {@code --book-shape}): α of {@link Behaviour#BOOK_SHAPE_VARIANT} (bookShapeExponent,
 *             the venue book's depth exponent for every market, {@link Behaviour#depth}), fixed at 0 (each market's own β)
 *             otherwise, is fitted from the centre of its range in the same way.
 * panic closes (off unless asked for, {@code --panic-closes}): the rate of {@link Behaviour#PANIC_CLOSE_VARIANT}
 *             (panicClosePerMinute, {@link FlowModel}), fixed at 0 (none) otherwise, is fitted from the centre of its range
 *             in the same way.
 * latent liquidity (off unless asked for, {@code --latent-liquidity}): Y of {@link Behaviour#LATENT_VARIANT}
 *             (latentLiquidityPct, {@link DepthModel#latentDepth}), fixed at 0 (linear index impact) otherwise, is fitted
 *             from the centre of its range in the same way.
 * fold leverage (off unless asked for, {@code --fold-leverage}; docs/cascade-rounds.md, leverage from the training events):
 *             the ladder's two leverage scales are taken out of the search and set from the training events only, in two
 *             stages inside each fit (so inside each leave-one-out fold):
 *             stage 1 = the search above for ⌊budget·a/b⌋ evaluations, both scales free → θ₁ (a/b the stage split
 *                 {@link StageSplit}, {@code --fold-leverage-at}; 1/3 unless asked for: variant J; 2/3: variant J2);
 *             L = {@link #trainingLeverage}(train, θ₁): on the grid {@link #LEVERAGE_GRID} (0.3–3, 11 points, log) the L
 *                 minimising Σₑ (ln ρₑ(θ₁ with freshLeverageScale = seasonedLeverageScale = L) − ln ρ̂ₑ)² over the training
 *                 events of kind crash that carry a fall band (maxDrawdownInWindowPct) and a liquidations / OI band
 *                 (liquidatedToOi) ({@link #calibration}); ρ = liquidated share of OI per % of fall, ρ̂ₑ = the centre of the
 *                 liquidation band / the centre of the fall band, ρₑ the same two band values of the model's run; ties: the
 *                 lower L; no such training event: θ₁'s scales are kept;
 *             stage 2 = the same search from θ₁ with both scales at L, for the rest of the budget, the scales fixed.
 *             The held-out event is never run before it is scored. Deterministic for (events, budget, seed).
 * carry unwind (off unless asked for, {@code --carry-panic}): χ of {@link Behaviour#CARRY_PANIC_VARIANT}
 *             (carryPanicElasticity, {@link EventModel#carryPanicMultiplier}), fixed at 0 (the same panic selling in every
 *             market) otherwise, is fitted from the centre of its range like the latent-liquidity variant's Y.
 * fixed panic threshold (off unless asked for, {@code --fixed-panic-threshold}; docs/cascade-rounds.md, carry unwind that
 *             must aim, variant U2): panicSpeedRefPct, panic selling's speed threshold, leaves the search and stays at its
 *             start (the centre of its range, 0.316 %/min, for a single-start fit), in both stages of a fold-leverage fit;
 *             with the carry-unwind variant, χ (and the shared rate) is then the search's only way to move panic selling.
 * carry-scaled price impact (off unless asked for, {@code --carry-impact}): χ of {@link Behaviour#CARRY_IMPACT_VARIANT}
 *             (carryImpactElasticity, {@link EventModel#carryImpactShare}), fixed at 0 (the same φ in every market)
 *             otherwise, is fitted from the centre of its range the same way.
 * </pre>
 */
public final class BehaviourFit {
    /** First, smallest and largest step of a coordinate, unit coordinates. */
    static final double FIRST_STEP = 0.25, LAST_STEP = 1.0 / 64, MAX_STEP = 0.5;
    /**
     * Evaluations after which a fit records its state ({@link Result#checkpoint}): a fit with this budget is the same
     * search stopped there, so a short re-run checks a stored fit's path without repeating the whole search.
     */
    public static final int CHECKPOINT_EVALS = 8;
    /** Loss of a band whose value is not a number. */
    static final double NAN_LOSS = Math.log1p(10);
    /** Largest prior weight W accepted. */
    public static final double MAX_PRIOR = 1000;
    private final EventModel model;
    private final int eventThreads;
    private final double prior;
    /** The cross-margin variant: its two parameters are fitted too ({@link Behaviour#CROSS_MARGIN}). */
    private final boolean crossMargin;
    /** The event-hour depth variant: γ is fitted too ({@link Behaviour#EVENT_HOUR}). */
    private final boolean eventHour;
    /** The book-shape variant: α is fitted too ({@link Behaviour#BOOK_SHAPE_VARIANT}). */
    private final boolean bookShape;
    /** The panic-close variant: its rate is fitted too ({@link Behaviour#PANIC_CLOSE_VARIANT}). */
    private final boolean panicCloses;
    /** The latent-liquidity variant: Y is fitted too ({@link Behaviour#LATENT_VARIANT}). */
    private final boolean latentLiquidity;
    /** The fold-leverage variant: the two leverage scales set from the training events between two search stages. */
    private final boolean foldLeverage;
    /** The carry-unwind variant: χ is fitted too ({@link Behaviour#CARRY_PANIC_VARIANT}). */
    private final boolean carryPanic;
    /** The fold-leverage variant's share of the budget spent before L is read ({@link StageSplit#THIRD} unless asked for). */
    private final StageSplit foldAt;
    /** Panic selling's speed threshold held at its start, out of the search (variant U2). */
    private final boolean fixedPanicThreshold;
    /** The carry-scaled price impact variant: its χ is fitted too ({@link Behaviour#CARRY_IMPACT_VARIANT}). */
    private final boolean carryImpact;
    /** The parameters the search moves. */
    private final int[] free;
    /** The fold-leverage variant's grid of the common leverage scale L: 0.3 · 10^(k/10), k = 0…10 (the scales' range, log). */
    public static final double[] LEVERAGE_GRID = leverageGrid();

    public BehaviourFit(Function<String, RiskTiers> tiers) {
        this(tiers, 1);
    }

    /**
     * @param eventThreads threads that run one loss evaluation's events side by side (the sum is taken in event order,
     *                     so the result does not depend on it)
     */
    public BehaviourFit(Function<String, RiskTiers> tiers, int eventThreads) {
        this(tiers, eventThreads, 0);
    }

    /**
     * @param prior W of the class formula's prior (0 = none, the bundled procedure); 0 to {@link #MAX_PRIOR}
     */
    public BehaviourFit(Function<String, RiskTiers> tiers, int eventThreads, double prior) {
        this(tiers, eventThreads, prior, false);
    }

    /**
     * @param crossMargin fit the cross-margin variant's two parameters too (class formula); false = the bundled procedure
     */
    public BehaviourFit(Function<String, RiskTiers> tiers, int eventThreads, double prior, boolean crossMargin) {
        this(tiers, eventThreads, prior, crossMargin, false);
    }

    /**
     * @param eventHour fit the event-hour depth variant's γ too (class formula); false = the bundled procedure
     */
    public BehaviourFit(Function<String, RiskTiers> tiers, int eventThreads, double prior, boolean crossMargin, boolean eventHour) {
        this(tiers, eventThreads, prior, crossMargin, eventHour, false);
    }

    /**
     * @param bookShape fit the book-shape variant's α too (class formula); false = the bundled procedure
     */
    public BehaviourFit(Function<String, RiskTiers> tiers, int eventThreads, double prior, boolean crossMargin, boolean eventHour,
                        boolean bookShape) {
        this(tiers, eventThreads, prior, crossMargin, eventHour, bookShape, false);
    }

    /**
     * @param panicCloses fit the panic-close variant's rate too (class formula); false = the bundled procedure
     */
    public BehaviourFit(Function<String, RiskTiers> tiers, int eventThreads, double prior, boolean crossMargin, boolean eventHour,
                        boolean bookShape, boolean panicCloses) {
        this(tiers, eventThreads, prior, crossMargin, eventHour, bookShape, panicCloses, false);
    }

    /**
     * @param latentLiquidity fit the latent-liquidity variant's Y too (class formula); false = the bundled procedure
     */
    public BehaviourFit(Function<String, RiskTiers> tiers, int eventThreads, double prior, boolean crossMargin, boolean eventHour,
                        boolean bookShape, boolean panicCloses, boolean latentLiquidity) {
        this(tiers, eventThreads, prior, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, false, false, StageSplit.THIRD, false, false);
    }

    private BehaviourFit(Function<String, RiskTiers> tiers, int eventThreads, double prior, boolean crossMargin, boolean eventHour,
                         boolean bookShape, boolean panicCloses, boolean latentLiquidity, boolean foldLeverage, boolean carryPanic,
                         StageSplit foldAt, boolean fixedPanicThreshold, boolean carryImpact) {
        Checks.inRange("prior", prior, 0, MAX_PRIOR);
        this.model = new EventModel(tiers);
        this.eventThreads = Math.max(1, eventThreads);
        this.prior = prior;
        this.crossMargin = crossMargin;
        this.eventHour = eventHour;
        this.bookShape = bookShape;
        this.panicCloses = panicCloses;
        this.latentLiquidity = latentLiquidity;
        this.foldLeverage = foldLeverage;
        this.carryPanic = carryPanic;
        this.foldAt = java.util.Objects.requireNonNull(foldAt);
        this.fixedPanicThreshold = fixedPanicThreshold;
        this.carryImpact = carryImpact;
        int[] f = freeParams(extra());
        this.free = fixedPanicThreshold ? java.util.Arrays.stream(f).filter(i -> i != Behaviour.PANIC_SPEED).toArray() : f;
        this.tiers = tiers;
    }

    private final Function<String, RiskTiers> tiers;

    /**
     * This fit with the fold-leverage variant on or off (class formula, {@code --fold-leverage}); every other setting kept.
     */
    public BehaviourFit withFoldLeverage(boolean on) {
        return new BehaviourFit(tiers, eventThreads, prior, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, on, carryPanic, foldAt,
                fixedPanicThreshold, carryImpact);
    }

    /**
     * This fit with the carry-unwind variant's χ fitted too, or not (class formula, {@code --carry-panic}); every other
     * setting kept.
     */
    public BehaviourFit withCarryPanic(boolean on) {
        return new BehaviourFit(tiers, eventThreads, prior, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage, on, foldAt,
                fixedPanicThreshold, carryImpact);
    }

    /**
     * This fit with the fold-leverage variant's stage split {@code at} ({@code --fold-leverage-at}): stage 1 searches
     * ⌊budget·a/b⌋ evaluations before L is read; every other setting kept (the variant itself is switched by
     * {@link #withFoldLeverage}).
     */
    public BehaviourFit withFoldLeverageAt(StageSplit at) {
        return new BehaviourFit(tiers, eventThreads, prior, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage,
                carryPanic, at, fixedPanicThreshold, carryImpact);
    }

    /**
     * This fit with panic selling's speed threshold held at its start, or searched (class formula, {@code --fixed-panic-threshold};
     * docs/cascade-rounds.md, carry unwind that must aim); every other setting kept.
     */
    public BehaviourFit withFixedPanicThreshold(boolean on) {
        return new BehaviourFit(tiers, eventThreads, prior, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage,
                carryPanic, foldAt, on, carryImpact);
    }

    /**
     * This fit with the carry-scaled price impact variant's χ fitted too, or not (class formula, {@code --carry-impact});
     * every other setting kept.
     */
    public BehaviourFit withCarryImpact(boolean on) {
        return new BehaviourFit(tiers, eventThreads, prior, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage,
                carryPanic, foldAt, fixedPanicThreshold, on);
    }

    /** Whether the carry-scaled price impact variant's χ is fitted. */
    public boolean carryImpact() {
        return carryImpact;
    }

    /** Whether panic selling's speed threshold (panicSpeedRefPct) is held at its start, out of the search. */
    public boolean fixedPanicThreshold() {
        return fixedPanicThreshold;
    }

    /** The fold-leverage variant's stage split: the share of the budget stage 1 searches before L is read. */
    public StageSplit foldLeverageAt() {
        return foldAt;
    }

    /**
     * The share a/b of the budget the fold-leverage variant's stage 1 searches (⌊budget·a/b⌋ evaluations, the rest in
     * stage 2); 0 < a < b ≤ 100. {@link #THIRD} is variant J's split (docs/cascade-rounds.md, leverage from the training
     * events), 2/3 variant J2's (the scale read after a fuller search).
     */
    public record StageSplit(int num, int den) {
        /** Variant J's split: a third of the budget before L is read. */
        public static final StageSplit THIRD = new StageSplit(1, 3);

        public StageSplit {
            if (den < 2 || den > 100 || num < 1 || num >= den) {
                throw new InvalidInputException("fold-leverage-at", num + "/" + den + " is not a share a/b with 0 < a < b <= 100");
            }
        }

        /** Parses {@code a/b}; bad input is one clear line. */
        public static StageSplit parse(String s) {
            String t = s == null ? "" : s.strip();
            int slash = t.indexOf('/');
            try {
                if (slash > 0) {
                    return new StageSplit(Integer.parseInt(t.substring(0, slash).strip()), Integer.parseInt(t.substring(slash + 1).strip()));
                }
            } catch (NumberFormatException e) {
                // falls through to the one-line error
            }
            throw new InvalidInputException("fold-leverage-at", "'" + Checks.clip(t) + "' is not a share a/b of the budget (e.g. 1/3, 2/3)");
        }

        /** Stage 1's evaluations out of {@code budget}: ⌊budget·a/b⌋. */
        public int stage1(int budget) {
            return (int) ((long) budget * num / den);
        }

        @Override
        public String toString() {
            return num + "/" + den;
        }
    }

    /** Whether the carry-unwind variant's χ is fitted. */
    public boolean carryPanic() {
        return carryPanic;
    }

    /** Whether the two leverage scales are set from the training events between two search stages. */
    public boolean foldLeverage() {
        return foldLeverage;
    }

    private static double[] leverageGrid() {
        Behaviour.Param p = Behaviour.PARAMS[Behaviour.FRESH_LEV];
        double[] g = new double[11];
        for (int k = 0; k < g.length; k++) {
            g[k] = p.lo() * Math.pow(p.hi() / p.lo(), k / 10.0);
        }
        return g;
    }

    /**
     * A calibration event of the fold-leverage variant: its fall band's and liquidations-per-OI band's ids and the observed
     * liquidated share of OI per % of fall, ρ̂ = centre of the liquidation band / centre of the fall band.
     */
    public record Calibration(CascadeEvent event, String fallBand, String liquidationBand, double observedPerPct) {
    }

    /**
     * The events of {@code train} the fold-leverage variant reads (class formula): kind crash, with a two-sided
     * maxDrawdownInWindowPct band (the first such) and a two-sided liquidatedToOi band; in {@code train}'s order.
     */
    public static List<Calibration> calibration(List<CascadeEvent> train) {
        List<Calibration> out = new ArrayList<>();
        for (CascadeEvent e : train) {
            if (!"crash".equals(e.kind())) {
                continue;
            }
            Band fall = null, liq = null;
            for (Band b : e.scoredBands()) {
                boolean twoSided = Double.isFinite(b.low()) && Double.isFinite(b.high()) && b.high() > b.low();
                if (fall == null && twoSided && b.metric().startsWith("maxDrawdownInWindowPct")) {
                    fall = b;
                }
                if (liq == null && twoSided && b.metric().equals("liquidatedToOi")) {
                    liq = b;
                }
            }
            if (fall != null && liq != null) {
                out.add(new Calibration(e, fall.id(), liq.id(), (liq.low() + liq.high()) / (fall.low() + fall.high())));
            }
        }
        return out;
    }

    /**
     * The model's liquidated share of OI per % of fall on a calibration event under {@code b}: the run's liquidation band
     * value over its fall band value (0 when the fall is 0 or either is not a number).
     */
    public double liquidatedPerPct(Calibration c, Behaviour b) {
        double fall = Double.NaN, liq = Double.NaN;
        for (BandResult r : model.run(c.event(), b).bands()) {
            if (r.id().equals(c.fallBand())) {
                fall = r.value();
            } else if (r.id().equals(c.liquidationBand())) {
                liq = r.value();
            }
        }
        double v = liq / fall;
        return Double.isFinite(v) && v > 0 ? v : 0;
    }

    /**
     * Stage 1's leverage of the fold-leverage variant (class formula): the L of {@link #LEVERAGE_GRID} whose runs of the
     * calibration events of {@code train} under {@code b} (both scales at L) come closest to their observed liquidated share
     * of OI per % of fall in Σ (ln ρ − ln ρ̂)² (a ratio of 0 counts as 10⁻⁶); ties: the lower L. NaN when {@code train}
     * has no calibration event. Only {@code train} is run.
     */
    public double trainingLeverage(List<CascadeEvent> train, Behaviour b) {
        List<Calibration> cal = calibration(train);
        if (cal.isEmpty()) {
            return Double.NaN;
        }
        double best = Double.NaN, bestCost = Double.POSITIVE_INFINITY;
        for (double lev : LEVERAGE_GRID) {
            Behaviour bl = b.with(Behaviour.FRESH_LEV, lev).with(Behaviour.SEASONED_LEV, lev);
            double cost = 0;
            for (Calibration c : cal) {
                double d = Math.log(Math.max(liquidatedPerPct(c, bl), 1e-6)) - Math.log(c.observedPerPct());
                cost += d * d;
            }
            if (cost < bestCost - 1e-12) {
                bestCost = cost;
                best = lev;
            }
        }
        return best;
    }

    /** The variant parameters this fit moves besides the fitted ones. */
    private int[] extra() {
        int[] cm = crossMargin ? Behaviour.CROSS_MARGIN : new int[0], eh = eventHour ? Behaviour.EVENT_HOUR : new int[0],
                bs = bookShape ? Behaviour.BOOK_SHAPE_VARIANT : new int[0], pc = panicCloses ? Behaviour.PANIC_CLOSE_VARIANT : new int[0],
                ll = latentLiquidity ? Behaviour.LATENT_VARIANT : new int[0], cp = carryPanic ? Behaviour.CARRY_PANIC_VARIANT : new int[0],
                ci = carryImpact ? Behaviour.CARRY_IMPACT_VARIANT : new int[0];
        int[] out = java.util.Arrays.copyOf(cm, cm.length + eh.length + bs.length + pc.length + ll.length + cp.length + ci.length);
        System.arraycopy(eh, 0, out, cm.length, eh.length);
        System.arraycopy(bs, 0, out, cm.length + eh.length, bs.length);
        System.arraycopy(pc, 0, out, cm.length + eh.length + bs.length, pc.length);
        System.arraycopy(ll, 0, out, cm.length + eh.length + bs.length + pc.length, ll.length);
        System.arraycopy(cp, 0, out, cm.length + eh.length + bs.length + pc.length + ll.length, cp.length);
        System.arraycopy(ci, 0, out, cm.length + eh.length + bs.length + pc.length + ll.length + cp.length, ci.length);
        return out;
    }

    /** Whether the latent-liquidity variant's Y is fitted. */
    public boolean latentLiquidity() {
        return latentLiquidity;
    }

    /** Whether the panic-close variant's rate is fitted. */
    public boolean panicCloses() {
        return panicCloses;
    }

    /** Whether the book-shape variant's α is fitted. */
    public boolean bookShape() {
        return bookShape;
    }

    /** Whether the event-hour depth variant's γ is fitted. */
    public boolean eventHour() {
        return eventHour;
    }

    /** Whether the cross-margin variant's parameters are fitted. */
    public boolean crossMargin() {
        return crossMargin;
    }

    /**
     * This fit's start: {@link #start()}, and with the cross-margin variant its two parameters at the centre of their
     * ranges (share ½, excess 1× the initial margin); with the event-hour variant γ at ½; with the book-shape variant α at 1.5.
     */
    public Behaviour startPoint() {
        Behaviour b = start();
        if (crossMargin || eventHour || bookShape || panicCloses || latentLiquidity || carryPanic || carryImpact) {
            for (int i : extra()) {
                Behaviour.Param p = Behaviour.PARAMS[i];
                b = b.with(i, p.log() ? Math.sqrt(p.lo() * p.hi()) : (p.lo() + p.hi()) / 2);
            }
        }
        return b;
    }

    /** W, the weight of the prior toward the centre (0: none). */
    public double prior() {
        return prior;
    }

    /**
     * Σᵢ (uᵢ − ½)² over the fitted parameters, uᵢ the parameter's normalised coordinate in its range (log where marked):
     * the squared distance of {@code b} from the centre of every range, 0 at {@link #start()}, at most ¼ per parameter.
     */
    public static double centreDistance2(Behaviour b) {
        double[] u = toUnit(b);
        double d2 = 0;
        for (int i : freeParams()) {
            double x = u[i] - 0.5;
            d2 += x * x;
        }
        return d2;
    }

    /** The prior's penalty of {@code b}: W · {@link #centreDistance2}; exactly 0 when W = 0. */
    public double penalty(Behaviour b) {
        return prior == 0 ? 0 : prior * centreDistance2(b);
    }

    /** What the search minimises on {@code train}: the band loss plus {@link #penalty} (the band loss alone when W = 0). */
    public double objective(List<CascadeEvent> train, Behaviour b) {
        double band = score(train, b).loss();
        return prior == 0 ? band : band + penalty(b);
    }

    /** The search's starting point: fitted parameters at the centre of their range, the rest at their default. */
    public static Behaviour start() {
        return Behaviour.defaults();
    }

    /**
     * Band count of one or more runs.
     *
     * @param inside bands inside
     * @param total  bands
     * @param loss   see the class formula
     */
    public record Score(int inside, int total, double loss) {
        Score plus(Score o) {
            return new Score(inside + o.inside, total + o.total, loss + o.loss);
        }
    }

    /** The loss of one band (see the class formula). */
    public static double bandLoss(BandResult b) {
        if (b.inside()) {
            return 0;
        }
        if (!Double.isFinite(b.distance())) {
            return NAN_LOSS;
        }
        double w = Double.isFinite(b.high() - b.low()) ? b.high() - b.low() : 0;
        if (!(w > 0)) {
            w = Double.isFinite(b.low()) ? Math.abs(b.low()) : Math.abs(b.high());
        }
        if (!(w > 0)) {
            // a one-sided band at 0 has no scale of its own: the miss relative to the value
            w = Math.max(Math.abs(b.value()), 1e-300);
        }
        return Math.log1p(b.distance() / w);
    }

    /** The score of one run's bands. */
    public static Score score(CascadeResult r) {
        int in = 0;
        double loss = 0;
        for (BandResult b : r.bands()) {
            in += b.inside() ? 1 : 0;
            loss += bandLoss(b);
        }
        return new Score(in, r.bands().size(), loss);
    }

    public Score score(CascadeEvent e, Behaviour b) {
        return score(model.run(e, b));
    }

    public Score score(List<CascadeEvent> events, Behaviour b) {
        Score s = new Score(0, 0, 0);
        if (eventThreads == 1 || events.size() == 1) {
            for (CascadeEvent e : events) {
                s = s.plus(score(e, b));
            }
            return s;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(eventThreads, events.size()));
        try {
            List<Future<Score>> parts = new ArrayList<>();
            for (CascadeEvent e : events) {
                parts.add(pool.submit(() -> score(e, b)));
            }
            for (Future<Score> f : parts) {
                s = s.plus(get(f));
            }
            return s;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fit interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * What a fit did.
     *
     * @param behaviour   the fitted set
     * @param startLoss   training loss at the start (the objective: band loss plus the prior's penalty)
     * @param loss        training loss of the fitted set (the objective the search minimised: {@code bandLoss + penalty})
     * @param evaluations loss evaluations spent after the start's
     * @param moves       accepted moves
     * @param checkpoint  the best set and loss after {@link #CHECKPOINT_EVALS} evaluations (the result itself when the
     *                    budget is smaller): what {@code fit} with that budget returns
     * @param multiStart  what a multi-start fit did before its full search, null for a single start
     * @param prior       W of the prior (0: none)
     * @param bandLoss    the fitted set's band loss on the training events (= {@code loss} when W = 0)
     * @param penalty     the fitted set's prior penalty, W · {@link #centreDistance2} (0 when W = 0)
     */
    public record Result(Behaviour behaviour, double startLoss, double loss, int evaluations, int moves, Checkpoint checkpoint,
                         MultiStart multiStart, double prior, double bandLoss, double penalty) {
    }

    /**
     * What a multi-start fit did before its full search.
     *
     * @param starts       K, the number of starts (the centre first)
     * @param screenBudget evaluations of the short search from each start
     * @param finalists    F, the screened points the full search ran from
     * @param screened     one line per start, in start order
     * @param finals       index (into {@code screened}) of each finalist, best screened first
     * @param finalLosses  training loss of the full search from each finalist, in {@code finals} order
     * @param chosen       index (into {@code screened}) of the start whose full search won; the result's checkpoint and
     *                     moves are its full search's, {@code evaluations} counts every stage
     */
    public record MultiStart(int starts, int screenBudget, int finalists, List<Screened> screened, List<Integer> finals,
                             List<Double> finalLosses, int chosen) {
        public MultiStart {
            screened = List.copyOf(screened);
            finals = List.copyOf(finals);
            finalLosses = List.copyOf(finalLosses);
        }

        /** The screened point the winning full search started from. */
        public Screened winner() {
            return screened.get(chosen);
        }
    }

    /**
     * One start of a multi-start fit after screening.
     *
     * @param start      the start point
     * @param startLoss  its training loss
     * @param screened   the best set of the short search from it
     * @param loss       that set's training loss
     * @param evaluations evaluations the short search spent
     */
    public record Screened(Behaviour start, double startLoss, Behaviour screened, double loss, int evaluations) {
    }

    /** Salt of the start points' generator, so they do not share the seed's stream with the search's coordinate order. */
    private static final long STARTS_SALT = 0x5DEECE66DL * 31 + 18;

    /**
     * The K start points of a multi-start fit: the centre ({@link #start()}) first, then K − 1 points of a Latin
     * hypercube over the fitted parameters' normalised coordinates — each coordinate's K − 1 values fall one in each of
     * K − 1 equal strata of [0, 1], uniformly inside it, the strata shuffled per coordinate — drawn from {@code seed}.
     * Fixed parameters keep their default.
     */
    public static List<Behaviour> starts(int k, long seed) {
        Checks.inRange("starts", k, 1, 1000);
        List<Behaviour> out = new ArrayList<>();
        Behaviour centre = start();
        out.add(centre);
        int n = k - 1;
        if (n == 0) {
            return out;
        }
        Random rnd = new Random(seed ^ STARTS_SALT);
        int[] free = freeParams();
        double[][] u = new double[n][];
        double[] base = toUnit(centre);
        for (int j = 0; j < n; j++) {
            u[j] = base.clone();
        }
        for (int i : free) {
            int[] perm = new int[n];
            for (int j = 0; j < n; j++) {
                perm[j] = j;
            }
            for (int j = n - 1; j > 0; j--) {
                int r = rnd.nextInt(j + 1), t = perm[j];
                perm[j] = perm[r];
                perm[r] = t;
            }
            for (int j = 0; j < n; j++) {
                u[j][i] = (perm[j] + rnd.nextDouble()) / n;
            }
        }
        for (int j = 0; j < n; j++) {
            out.add(fromUnit(u[j], centre));
        }
        return out;
    }

    /**
     * Multi-start fit (class formula): {@code starts} starts ({@link #starts}), each searched with {@code screenBudget}
     * evaluations; then {@code budget} evaluations of the same search from each of the {@code finalists} screened points
     * with the lowest training loss (ties: the earlier start); the lowest final training loss wins (ties: the better
     * screened). With one start it is {@link #fit} from the centre, screening skipped. Every search uses {@code seed}.
     */
    public Result fitMultiStart(List<CascadeEvent> train, int starts, int screenBudget, int finalists, int budget, long seed) {
        Checks.inRange("starts", starts, 1, 1000);
        Checks.inRange("screen", screenBudget, 0, 100_000);
        Checks.inRange("finalists", finalists, 1, starts);
        if (starts == 1) {
            return fit(train, startPoint(), budget, seed);
        }
        if (crossMargin || eventHour || bookShape || panicCloses || latentLiquidity || foldLeverage || carryPanic || fixedPanicThreshold
                || carryImpact) {
            throw new InvalidInputException("starts", "the cross-margin, event-hour, book-shape, panic-close, latent-liquidity, fold-leverage, carry-unwind and carry-impact variants and the fixed panic threshold are fitted from one start (no multi-start)");
        }
        List<Screened> screened = new ArrayList<>();
        int evals = 0;
        for (Behaviour s : starts(starts, seed)) {
            Result r = fit(train, s, screenBudget, seed);
            screened.add(new Screened(s, r.startLoss(), r.behaviour(), r.loss(), r.evaluations()));
            evals += r.evaluations() + 1;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < screened.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> {
            int c = Double.compare(screened.get(a).loss(), screened.get(b).loss());
            return c != 0 ? c : Integer.compare(a, b);
        });
        List<Integer> finals = order.subList(0, finalists);
        List<Double> finalLosses = new ArrayList<>();
        Result best = null;
        int chosen = -1;
        for (int i : finals) {
            Result r = fit(train, screened.get(i).screened(), budget, seed);
            evals += r.evaluations() + 1;
            finalLosses.add(r.loss());
            if (best == null || r.loss() < best.loss()) {
                best = r;
                chosen = i;
            }
        }
        // evaluations after the centre's: the start's of every stage counts, the centre's does not (as in fit)
        return new Result(best.behaviour(), screened.get(0).startLoss(), best.loss(), evals - 1, best.moves(), best.checkpoint(),
                new MultiStart(starts, screenBudget, finalists, screened, finals, finalLosses, chosen), prior, best.bandLoss(), best.penalty());
    }

    /**
     * The state of a fit after {@code evaluations} evaluations.
     *
     * @param evaluations evaluations spent
     * @param behaviour   best set so far
     * @param loss        its training loss
     */
    public record Checkpoint(int evaluations, Behaviour behaviour, double loss) {
    }

    /**
     * Fits the behaviour to {@code train} with {@code budget} loss evaluations from {@code start} (class formula; with the
     * fold-leverage variant in two stages, the leverage scales set from {@code train} between them).
     */
    public Result fit(List<CascadeEvent> train, Behaviour start, int budget, long seed) {
        Checks.inRange("budget", budget, 0, 100_000);
        if (train.isEmpty()) {
            throw new InvalidInputException("events", "the fit needs at least one event");
        }
        if (!foldLeverage) {
            return search(train, start, budget, seed, free);
        }
        int stage1 = foldAt.stage1(budget);
        Result r1 = search(train, start, stage1, seed, free);
        double lev = trainingLeverage(train, r1.behaviour());
        Behaviour s2 = Double.isNaN(lev) ? r1.behaviour()
                : r1.behaviour().with(Behaviour.FRESH_LEV, lev).with(Behaviour.SEASONED_LEV, lev);
        int[] rest = java.util.Arrays.stream(free).filter(i -> i != Behaviour.FRESH_LEV && i != Behaviour.SEASONED_LEV).toArray();
        Result r2 = search(train, s2, budget - stage1, seed, rest);
        Checkpoint cp = stage1 >= CHECKPOINT_EVALS ? r1.checkpoint() : r2.checkpoint();
        return new Result(r2.behaviour(), r1.startLoss(), r2.loss(), r1.evaluations() + r2.evaluations(), r1.moves() + r2.moves(),
                cp, null, prior, r2.bandLoss(), r2.penalty());
    }

    /** The pattern search of the class formula over the parameters {@code free} from {@code start}. */
    private Result search(List<CascadeEvent> train, Behaviour start, int budget, long seed, int[] free) {
        Random rnd = new Random(seed);
        Search s = new Search(train, start, free);
        double[] sign = new double[s.u.length];
        java.util.Arrays.fill(sign, 1);
        double[] step = new double[s.u.length];
        java.util.Arrays.fill(step, FIRST_STEP);
        double startLoss = s.bestLoss;
        while (s.evals < budget && s.bestLoss > 0) {
            int[] order = free.clone();
            for (int k = order.length - 1; k > 0; k--) {
                int j = rnd.nextInt(k + 1), t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
            double[] sweepStart = s.u.clone();
            boolean live = false;
            for (int i : order) {
                if (step[i] < LAST_STEP || s.evals >= budget) {
                    continue;
                }
                live = true;
                boolean improved = false;
                for (int tryDir = 0; tryDir < 2 && s.evals < budget; tryDir++) {
                    double dir = tryDir == 0 ? sign[i] : -sign[i];
                    double[] v = s.u.clone();
                    v[i] = clamp01(s.u[i] + dir * step[i]);
                    if (v[i] == s.u[i]) {
                        continue;
                    }
                    if (s.tryPoint(v)) {
                        sign[i] = dir;
                        improved = true;
                        break;
                    }
                }
                // own step per coordinate: longer after a success, halved after both directions failed
                if (improved) {
                    step[i] = Math.min(MAX_STEP, step[i] * 2);
                } else {
                    step[i] /= 2;
                }
            }
            if (!live) {
                break;
            }
            // pattern move (Hooke-Jeeves): repeat the sweep's whole displacement once
            if (s.evals < budget && !java.util.Arrays.equals(s.u, sweepStart)) {
                double[] v = s.u.clone();
                for (int i : free) {
                    v[i] = clamp01(s.u[i] + (s.u[i] - sweepStart[i]));
                }
                if (!java.util.Arrays.equals(v, s.u)) {
                    s.tryPoint(v);
                }
            }
        }
        return new Result(s.best, startLoss, s.bestLoss, s.evals, s.moves,
                s.checkpoint != null ? s.checkpoint : new Checkpoint(s.evals, s.best, s.bestLoss), null, prior, s.bestBand, s.bestPenalty);
    }

    /** The search's position: the best point so far, its loss, the evaluations spent and the checkpoint. */
    private final class Search {
        private final List<CascadeEvent> train;
        private final Behaviour start;
        private final int[] free;
        private double[] u;
        private Behaviour best;
        private double bestLoss, bestBand, bestPenalty;
        private int evals;
        private int moves;
        private Checkpoint checkpoint;

        Search(List<CascadeEvent> train, Behaviour start, int[] free) {
            this.train = train;
            this.start = start;
            this.free = free;
            this.u = toUnit(start);
            this.best = fromUnit(u, start, free);
            this.bestBand = score(train, best).loss();
            this.bestPenalty = penalty(best);
            this.bestLoss = prior == 0 ? bestBand : bestBand + bestPenalty;
        }

        /** Scores {@code v} (one evaluation) and moves there if it lowers the loss; records the checkpoint. */
        boolean tryPoint(double[] v) {
            Behaviour b = fromUnit(v, start, free);
            double band = score(train, b).loss(), pen = penalty(b);
            double loss = prior == 0 ? band : band + pen;
            evals++;
            boolean better = loss < bestLoss - 1e-9;
            if (better) {
                u = v;
                best = b;
                bestLoss = loss;
                bestBand = band;
                bestPenalty = pen;
                moves++;
            }
            if (evals == CHECKPOINT_EVALS) {
                checkpoint = new Checkpoint(evals, best, bestLoss);
            }
            return better;
        }
    }

    /**
     * One event's leave-one-out line.
     *
     * @param event     event name
     * @param kind      crash, control or de-levered
     * @param inSample  score under the set fitted to every event
     * @param outSample score under the set fitted without this event
     * @param outsideIn  ids of the bands outside in sample
     * @param outsideOut ids of the bands outside out of sample
     * @param bandsOut   every band of the run out of sample (its value against the band)
     */
    public record Row(String event, String kind, Score inSample, Score outSample, List<String> outsideIn, List<String> outsideOut,
                      List<BandResult> bandsOut) {
        public Row {
            outsideIn = List.copyOf(outsideIn);
            outsideOut = List.copyOf(outsideOut);
            bandsOut = List.copyOf(bandsOut);
        }
    }

    private static List<String> outside(CascadeResult r) {
        List<String> ids = new ArrayList<>();
        for (BandResult b : r.bands()) {
            if (!b.inside()) {
                ids.add(b.id());
            }
        }
        return ids;
    }

    /**
     * Fitted sets: one on every event and one per left-out event.
     *
     * @param all   fitted to every event
     * @param folds event name → fitted without that event
     */
    public record Fits(Behaviour all, Map<String, Behaviour> folds) {
        public Fits {
            folds = Map.copyOf(folds);
        }
    }

    /**
     * Runs the fit on every event ({@code null} key) and once per left-out event (its name as key) on {@code threads}
     * threads; each fit is independent and seeded, so the result does not depend on the thread count.
     */
    public Map<String, Result> fitAll(List<CascadeEvent> events, Behaviour start, int budget, long seed, int threads) {
        return fitAll(events, train -> fit(train, start, budget, seed), threads);
    }

    /** As {@link #fitAll(List, Behaviour, int, long, int)} with every fit a {@link #fitMultiStart}. */
    public Map<String, Result> fitAll(List<CascadeEvent> events, int starts, int screenBudget, int finalists, int budget, long seed,
                                      int threads) {
        return fitAll(events, train -> fitMultiStart(train, starts, screenBudget, finalists, budget, seed), threads);
    }

    private Map<String, Result> fitAll(List<CascadeEvent> events, Function<List<CascadeEvent>, Result> fitter, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            Map<String, Future<Result>> jobs = new LinkedHashMap<>();
            jobs.put(null, pool.submit(() -> fitter.apply(events)));
            for (CascadeEvent left : events) {
                List<CascadeEvent> train = new ArrayList<>(events);
                train.remove(left);
                jobs.put(left.name(), pool.submit(() -> fitter.apply(train)));
            }
            Map<String, Result> out = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Result>> j : jobs.entrySet()) {
                out.put(j.getKey(), get(j.getValue()));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The leave-one-out table of stored fits (one run per event and set). */
    public List<Row> validate(List<CascadeEvent> events, Fits fits) {
        List<Row> rows = new ArrayList<>();
        for (CascadeEvent e : events) {
            Behaviour fold = fits.folds().get(e.name());
            if (fold == null) {
                throw new InvalidInputException("fits", "no leave-one-out set for event '" + e.name() + "'; re-run the fit");
            }
            CascadeResult in = model.run(e, fits.all()), out = model.run(e, fold);
            rows.add(new Row(e.name(), e.kind(), score(in), score(out), outside(in), outside(out), out.bands()));
        }
        return rows;
    }

    /** The parameters the search moves: every fitted one, and {@code also}. */
    static int[] freeParams(int... also) {
        List<Integer> f = new ArrayList<>();
        for (int i = 0; i < Behaviour.PARAMS.length; i++) {
            final int k = i;
            if (Behaviour.PARAMS[i].fitted() || java.util.Arrays.stream(also).anyMatch(a -> a == k)) {
                f.add(i);
            }
        }
        return f.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The parameters this fit moves. */
    int[] free() {
        return free.clone();
    }

    static double[] toUnit(Behaviour b) {
        double[] u = new double[Behaviour.PARAMS.length];
        for (int i = 0; i < u.length; i++) {
            Behaviour.Param p = Behaviour.PARAMS[i];
            double v = b.get(i);
            u[i] = p.log() ? Math.log(v / p.lo()) / Math.log(p.hi() / p.lo()) : (v - p.lo()) / (p.hi() - p.lo());
        }
        return u;
    }

    static Behaviour fromUnit(double[] u, Behaviour base) {
        return fromUnit(u, base, freeParams());
    }

    /** The set at normalised coordinates {@code u} for the parameters {@code free}; the others as in {@code base}. */
    static Behaviour fromUnit(double[] u, Behaviour base, int[] free) {
        double[] v = base.values();
        for (int i : free) {
            Behaviour.Param p = Behaviour.PARAMS[i];
            double x = p.log() ? p.lo() * Math.exp(u[i] * Math.log(p.hi() / p.lo())) : p.lo() + u[i] * (p.hi() - p.lo());
            v[i] = Math.max(p.lo(), Math.min(p.hi(), x));
        }
        return Behaviour.of(v);
    }

    private static double clamp01(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
