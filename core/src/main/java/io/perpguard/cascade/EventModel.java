package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.instrument.RiskTiers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The shared-parameter model: an event's state and driver plus one {@link Behaviour} give a runnable scenario.
 * Ladders come from {@link StateLadder}; depth dynamics, voluntary flow, mark lag and the index-feedback share φ from
 * the behaviour; the driver reaches market m as index move (1 + p)^βₘ − 1 and sell flow × D₁,ₘ / D₁,ref.
 */
public final class EventModel {
    private final Function<String, RiskTiers> tiers;

    public EventModel(Function<String, RiskTiers> tiers) {
        this.tiers = Checks.notNull("tiers", tiers);
    }

    /**
     * A scenario ready for a core, with what each market's ladder was built from.
     *
     * @param scenario the scenario
     * @param built    per market, the built ladder and its defaults
     */
    public record Prepared(CascadeScenario scenario, List<StateLadder.Built> built) {
        public Prepared {
            built = List.copyOf(built);
        }

        /** The symbol of market {@code i}. */
        public String symbol(int i) {
            return scenario.markets().get(i).symbol();
        }
    }

    public Prepared prepare(CascadeEvent e, Behaviour b) {
        List<MarketSpec> specs = new ArrayList<>();
        List<StateLadder.Built> built = new ArrayList<>();
        double refDepth = Double.NaN;
        for (int i = 0; i < e.markets().size(); i++) {
            CascadeEvent.Market m = e.markets().get(i);
            RiskTiers t = tiers.apply(m.tiersSymbol());
            MarketState st = m.state();
            StateDefault betaNote = null;
            if (i > 0 && Double.isNaN(st.beta())) {
                // beta from the bars when the reference market has them over the same times
                double[] bn = regressionBeta(e.markets().get(0).state(), st);
                if (bn != null) {
                    st = st.withBeta(bn[0]);
                    betaNote = StateDefault.of(StateDefault.Code.BETA_ESTIMATED, "beta", bn[0], "returns", (int) bn[1],
                            "reference", e.markets().get(0).symbol());
                }
            }
            StateLadder.Built sl = StateLadder.build(st, m.price(), b, t, m.accountNotionalUsd(), e.seed() + i);
            if (betaNote != null) {
                List<StateDefault> d = new ArrayList<>(sl.defaults());
                d.add(betaNote);
                sl = new StateLadder.Built(sl.ladder(), sl.spec(), d, sl.freshShare(), sl.crowding(), sl.meanLongLeverage(),
                        sl.longAt5Pct(), sl.longAt10Pct(), sl.depth1PctUsd(), sl.beta());
            }
            built.add(sl);
            double d1 = sl.depth1PctUsd();
            if (i == 0) {
                refDepth = d1;
            }
            List<ShockLeg> legs = new ArrayList<>();
            for (ShockLeg l : e.driver()) {
                double move = 100 * Math.expm1(sl.beta() * Math.log1p(l.fundamentalPct() / 100));
                legs.add(new ShockLeg(l.startMinute(), l.durationMinutes(), l.sellUsd() * d1 / refDepth, move));
            }
            EngineSpec en = m.engine();
            EngineSpec engine = en.withMarkLag(b.get(Behaviour.MARK_LAG));
            double chi = b.get(Behaviour.CARRY_PANIC);
            FlowModel flow = chi == 0 ? b.flow() : b.flow().withPanicScaled(carryPanicMultiplier(st.fundingRate(), chi));
            double chiImpact = b.get(Behaviour.CARRY_IMPACT);
            DepthModel depth = b.depth(d1, m.depthBeta(), sl.beta());
            if (chiImpact != 0) {
                depth = depth.withIndexImpactShare(carryImpactShare(b.get(Behaviour.INDEX_IMPACT), st.fundingRate(), chiImpact));
            }
            specs.add(new MarketSpec(m.symbol(), m.price(), sl.spec(), depth, engine, flow, legs,
                    m.halts(), sl.ladder(), depthByMinute(e.startTimeMs(), e.horizonMinutes(), st, b)));
        }
        CascadeScenario s = new CascadeScenario(e.name(), e.description(), e.startTimeMs(), e.horizonMinutes(), e.dtSeconds(),
                e.seed(), specs, e.scoredBands(), e.sources());
        return new Prepared(s, built);
    }

    /** Funding settlements in the week before the event (8-hourly): the window of the carry-unwind variant's crowding. */
    public static final int CARRY_SETTLEMENTS = 21;
    /** Baseline funding per 8 h (Binance's interest component, 0.01 %): zero crowding. */
    public static final double BASE_FUNDING = 1e-4;

    /**
     * Funding crowding of a market before the event: z = (f̄ − 0.01 %) / 0.01 %, f̄ the mean of its last
     * {@link #CARRY_SETTLEMENTS} funding settlements (the week before the event), clamped to [−1, 3]; 0 without a series
     * (the neutral default).
     */
    public static double carryCrowding(double[] fundingRate) {
        int n = fundingRate.length;
        if (n == 0) {
            return 0;
        }
        double s = 0;
        for (int i = Math.max(0, n - CARRY_SETTLEMENTS); i < n; i++) {
            s += fundingRate[i];
        }
        double f = s / Math.min(n, CARRY_SETTLEMENTS);
        return Math.max(-1, Math.min(3, (f - BASE_FUNDING) / BASE_FUNDING));
    }

    /**
     * Carry unwind (variant U, docs/cascade-rounds.md#carry-unwind): the multiplier e^(χ·z) of a market's largest panic
     * selling, z its funding crowding ({@link #carryCrowding}): a high carry marks trend-chasing leveraged demand that
     * unwinds in a fall (Schmeling, Schrimpf &amp; Todorov, "Crypto carry", BIS WP 1087, 2023; Brunnermeier, Nagel &amp;
     * Pedersen, "Carry trades and currency crashes", 2008); χ = 0 gives 1 (off).
     */
    public static double carryPanicMultiplier(double[] fundingRate, double chi) {
        return chi == 0 ? 1 : Math.exp(chi * carryCrowding(fundingRate));
    }

    /**
     * Carry-scaled price impact (variant V, docs/cascade-rounds.md#carry-impact): market m's index impact share
     * φ_m = min(φ_max, φ·e^(χ·z)), z its funding crowding ({@link #carryCrowding}), φ_max the top of φ's range (0.95).
     * Where the carry was crowded the arbitrage capital that absorbs forced selling is scarce and margin-constrained, so the
     * book is thinner per dollar of flow (Schmeling, Schrimpf &amp; Todorov, "Crypto carry", BIS WP 1087, 2023;
     * Brunnermeier &amp; Pedersen, "Market liquidity and funding liquidity", RFS 2009). φ_m weights the market's own
     * flow in its own part and in the common factor alike (DepthModel). χ = 0 gives φ (off).
     */
    public static double carryImpactShare(double phi, double[] fundingRate, double chi) {
        return chi == 0 ? phi : Math.min(Behaviour.PARAMS[Behaviour.INDEX_IMPACT].hi(), phi * Math.exp(chi * carryCrowding(fundingRate)));
    }

    /**
     * Liquidity at the event's hour ({@link EventHourDepth}): D₁'s multiplier at each simulated minute from the market's
     * own window profile, or null when γ = 0 (off: the calm depth throughout, exactly as without the variant) or the bars
     * carry no volume.
     */
    static double[] depthByMinute(long startMs, double horizonMinutes, MarketState st, Behaviour b) {
        double gamma = b.get(Behaviour.EVENT_HOUR_DEPTH);
        if (gamma == 0) {
            return null;
        }
        EventHourDepth p = EventHourDepth.ofWindow(st);
        return p == null ? null : p.byMinute(startMs, (int) Math.ceil(horizonMinutes), gamma);
    }

    /**
     * Ordinary least-squares slope of the market's bar log returns on the reference market's over the bars both have
     * at the same times (β = cov / var), and the number of returns; null when fewer than 10 or the result is outside 0.1–5.
     */
    static double[] regressionBeta(MarketState ref, MarketState m) {
        java.util.Map<Long, Double> refClose = new java.util.HashMap<>();
        for (int i = 0; i < ref.barTimeMs().length; i++) {
            refClose.put(ref.barTimeMs()[i], ref.barClose()[i]);
        }
        List<double[]> pairs = new ArrayList<>();
        for (int i = 1; i < m.barTimeMs().length; i++) {
            Double a = refClose.get(m.barTimeMs()[i - 1]), b = refClose.get(m.barTimeMs()[i]);
            if (a != null && b != null) {
                pairs.add(new double[]{Math.log(b / a), Math.log(m.barClose()[i] / m.barClose()[i - 1])});
            }
        }
        if (pairs.size() < 10) {
            return null;
        }
        double mx = 0, my = 0;
        for (double[] p : pairs) {
            mx += p[0];
            my += p[1];
        }
        mx /= pairs.size();
        my /= pairs.size();
        double sxy = 0, sxx = 0;
        for (double[] p : pairs) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        double beta = sxx > 0 ? sxy / sxx : Double.NaN;
        return beta >= 0.1 && beta <= 5 ? new double[]{beta, pairs.size()} : null;
    }

    /**
     * Runs the event on the event core; with the event's reporting filter on, the liquidation figures are the reported ones
     * ({@link ReportingFilter}) and the bands are scored on them.
     */
    public CascadeResult run(CascadeEvent e, Behaviour b) {
        CascadeScenario s = prepare(e, b).scenario();
        CascadeResult r = new EventCascade(tiers).run(s);
        ReportingFilter f = e.reportingFilter();
        if (f.throttledShare() == 0) {
            return r;
        }
        CascadeResult rep = f.apply(r);
        return rep.withBands(Bands.evaluate(s, rep));
    }
}
