package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.instrument.RiskTiers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Event-driven core (CASCADE.md §5.1 item 2): time steps of {@code dtSeconds}, mark price as an EMA of the last
 * price, liquidation-engine throughput cap, order-book walking with depth withdrawal and refill, insurance fund then
 * auto-deleveraging, voluntary de-risking and new opens. Each market runs on its own {@link EventKernel} (primitive
 * arrays); amplification compares against the same run with no positions and no voluntary flow.
 * Deterministic: the only randomness is the ladder's entry draws from the scenario seed.
 */
public final class EventCascade implements CascadeSimulator {
    private final Function<String, RiskTiers> tiers;

    /** @param tiers tier table per symbol (e.g. {@code s -> TierTables.bundled().get(s).tiers()}) */
    public EventCascade(Function<String, RiskTiers> tiers) {
        this.tiers = Checks.notNull("tiers", tiers);
    }

    @Override
    public CascadeResult run(CascadeScenario s) {
        List<MarketOutcome> out = new ArrayList<>();
        if (coupled(s)) {
            out.addAll(runCoupled(s));
        } else {
            for (int i = 0; i < s.markets().size(); i++) {
                out.add(runMarket(s, s.markets().get(i), s.seed() + i));
            }
        }
        CascadeResult r = CascadeResult.of(s.name(), "event", out);
        return r.withBands(Bands.evaluate(s, r));
    }

    /** Two or more markets with a common share σ > 0 share one common factor; one market is its own factor. */
    static boolean coupled(CascadeScenario s) {
        if (s.markets().size() < 2) {
            return false;
        }
        for (MarketSpec m : s.markets()) {
            if (m.depth().commonShare() > 0 && m.depth().indexImpactShare() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs every market on one clock, coupled through the common factor C (DepthModel): after each step the φ·σ-weighted
     * net forced flow of all markets, against the depth of all markets (m^κ·D₁ summed), moves C, and each market's index
     * moves by β·ΔC. The cross-market effect lags one step (dt).
     */
    private List<MarketOutcome> runCoupled(CascadeScenario s) {
        int n = s.markets().size();
        EventKernel[] k = new EventKernel[n];
        double[] exoDd = new double[n];
        for (int i = 0; i < n; i++) {
            MarketSpec m = s.markets().get(i);
            RiskTiers t = tiers.apply(m.ladder().tiersSymbol());
            EventKernel exo = new EventKernel(m, LiquidationLadder.synthetic(m.ladder().empty(), m.price(), t, s.seed() + i),
                    FlowModel.NONE, t, s.horizonMinutes(), s.dtSeconds());
            exo.runAll();
            exoDd[i] = 100 * exo.maxDd;
            k[i] = kernel(s, m, s.seed() + i);
            k[i].couple();
        }
        int steps = k[0].steps();
        for (int st = 0; st < steps; st++) {
            double flow = 0;
            for (EventKernel e : k) {
                e.step();
                flow += e.takeCommonFlow();
            }
            if (flow != 0) {
                double depth = 0;
                for (EventKernel e : k) {
                    depth += e.commonDepth(flow);
                }
                double dLnC = -flow / depth / 100;
                for (EventKernel e : k) {
                    e.applyCommon(dLnC);
                }
            }
        }
        List<MarketOutcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            k[i].flushNewOpensAtEnd();
            out.add(k[i].outcome(exoDd[i]));
        }
        return out;
    }

    /** Runs one market over the scenario's clock. */
    public MarketOutcome runMarket(CascadeScenario s, MarketSpec m, long seed) {
        RiskTiers t = tiers.apply(m.ladder().tiersSymbol());
        EventKernel exo = new EventKernel(m, LiquidationLadder.synthetic(m.ladder().empty(), m.price(), t, seed), FlowModel.NONE,
                t, s.horizonMinutes(), s.dtSeconds());
        exo.runAll();
        double exoDd = 100 * exo.maxDd;
        EventKernel k = kernel(s, m, seed);
        k.runAll();
        return k.outcome(exoDd);
    }

    /** One market's event kernel, stepped from outside (benchmarks, replays). */
    public interface Stepper {
        /** Advances one time step. */
        void step();

        /** Back to minute 0 with the original ladder. */
        void reset();

        /** Positions on the ladder (both sides). */
        int positions();

        /** Last traded price now. */
        double lastPrice();
    }

    /** A stepper over one market of {@code s} (ladder built from {@code seed}). */
    public Stepper stepper(CascadeScenario s, MarketSpec m, long seed) {
        EventKernel k = kernel(s, m, seed);
        int n = m.positions(tiers.apply(m.ladder().tiersSymbol()), seed).size();
        return new Stepper() {
            @Override
            public void step() {
                k.step();
            }

            @Override
            public void reset() {
                k.reset();
            }

            @Override
            public int positions() {
                return n;
            }

            @Override
            public double lastPrice() {
                return k.lastPrice();
            }
        };
    }

    /** A ready-to-step kernel for one market (benchmarks). */
    EventKernel kernel(CascadeScenario s, MarketSpec m, long seed) {
        RiskTiers t = tiers.apply(m.ladder().tiersSymbol());
        return new EventKernel(m, m.positions(t, seed), m.flow(), t,
                s.horizonMinutes(), s.dtSeconds());
    }

    @Override
    public CriticalityReport criticality(MarketSpec market, long seed) {
        return new AnalyticCascade(tiers).criticality(market, seed);
    }

    @Override
    public double criticalShock(MarketSpec market, long seed, double drawdownThresholdPct) {
        Checks.inRange("drawdownThresholdPct", drawdownThresholdPct, 0.01, 99);
        double total = market.exogenousSellUsd();
        if (!(total > 0)) {
            throw new io.perpguard.InvalidInputException("shocks", "the market needs an exogenous sell shock to scale");
        }
        double horizon = 0;
        for (ShockLeg l : market.shocks()) {
            horizon = Math.max(horizon, l.startMinute() + l.durationMinutes());
        }
        CascadeScenario base = CascadeScenario.single("critical-shock", market, horizon + 30, 1, seed);
        double lo = 0, hi = 1;
        while (drawdown(base, market, hi, seed) < drawdownThresholdPct) {
            lo = hi;
            hi *= 2;
            if (hi > 1e6) {
                return Double.NaN;
            }
        }
        for (int i = 0; i < 60 && hi - lo > 1e-4 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (drawdown(base, market, mid, seed) >= drawdownThresholdPct) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        // the critical shock as the drawdown the scaled shock alone causes
        return runMarket(base, scaled(market, hi), seed).exogenousDrawdownPct();
    }

    private double drawdown(CascadeScenario base, MarketSpec m, double f, long seed) {
        MarketSpec sm = scaled(m, f);
        RiskTiers t = tiers.apply(m.ladder().tiersSymbol());
        EventKernel k = new EventKernel(sm, sm.positions(t, seed), sm.flow(), t,
                base.horizonMinutes(), base.dtSeconds());
        k.runAll();
        return 100 * k.maxDd;
    }

    static MarketSpec scaled(MarketSpec m, double f) {
        List<ShockLeg> legs = new ArrayList<>();
        for (ShockLeg l : m.shocks()) {
            legs.add(new ShockLeg(l.startMinute(), l.durationMinutes(), l.sellUsd() * f, l.fundamentalPct()));
        }
        return m.withShocks(legs);
    }
}
