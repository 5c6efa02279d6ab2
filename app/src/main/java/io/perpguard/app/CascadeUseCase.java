package io.perpguard.app;

import io.perpguard.InvalidInputException;
import io.perpguard.cascade.AnalyticCascade;
import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.BehaviourFit;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.CascadeScenario;
import io.perpguard.cascade.CascadeSimulator;
import io.perpguard.cascade.EventCascade;
import io.perpguard.cascade.EventModel;
import io.perpguard.cascade.MarketOutcome;
import io.perpguard.data.cascade.EventFile;
import io.perpguard.data.cascade.ScenarioFile;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code cascade}: per-event calibrated scenarios ({@link #scenario}), the shared-parameter model on one event
 * ({@link #event}), its leave-one-out table ({@link #validate}) and the fit that produces the bundled behaviour sets
 * ({@link #fit}).
 */
public final class CascadeUseCase {
    /** Trials per fit of the bundled fit.json. */
    public static final int BUDGET = 100;
    /** Seed of the bundled fit. */
    public static final long SEED = 18;

    private CascadeUseCase() {
    }

    private static Function<String, RiskTiers> tiers(Instruments instruments) {
        return sym -> instruments.get(sym).tiers();
    }

    /** A scenario file or built-in scenario on the {@code event} or {@code analytic} core. */
    /** A built-in scenario or event: its name, kind (events only), description and number of bands. */
    public record Listed(String name, @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         String kind, String description, int bands) {
    }

    /** {@code cascade --list --json}. */
    public record Lists(List<Listed> scenarios,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) List<Listed> events) {
    }

    /** The built-in scenarios (cascade --list, GET /api/cascade). */
    public static List<Listed> scenarioList() {
        return ScenarioFile.builtInNames().stream().map(n -> {
            CascadeScenario s = ScenarioFile.load(n);
            return new Listed(n, null, s.description(), s.bands().size());
        }).toList();
    }

    /** The built-in events (cascade --list). */
    public static List<Listed> eventList() {
        return EventFile.builtInNames().stream().map(n -> {
            io.perpguard.cascade.CascadeEvent e = EventFile.load(n).event();
            return new Listed(n, e.kind(), e.description(), e.bands().size());
        }).toList();
    }

    public static CascadeResult scenario(CascadeScenario s, String core, Instruments instruments) {
        CascadeSimulator sim = switch (core.toLowerCase(Locale.ROOT)) {
            case "event" -> new EventCascade(tiers(instruments));
            case "analytic" -> new AnalyticCascade(tiers(instruments));
            default -> throw new InvalidInputException("core", "'" + core + "' is not event or analytic");
        };
        return sim.run(s);
    }

    /**
     * One event under the bundled behaviour set (fitted to every event).
     *
     * @param event       the event as run (trigger legs only when asked)
     * @param triggerOnly driven by its trigger legs only
     * @param prepared    the scenario and the ladders built from the state
     * @param result      the run and its bands
     * @param behaviour   the behaviour set used
     * @param mechanism   one line naming what made the fall larger than the driver, or that nothing did
     */
    public record EventRun(CascadeEvent event, boolean triggerOnly, EventModel.Prepared prepared, CascadeResult result,
                           Behaviour behaviour, String mechanism) {
    }

    public static EventRun event(String nameOrFile, boolean triggerOnly, Instruments instruments) {
        EventFile.Loaded l = EventFile.load(nameOrFile);
        CascadeEvent e = triggerOnly ? l.triggerOnly() : l.event();
        Behaviour b = EventFile.bundledFits().all();
        EventModel.Prepared p = new EventModel(tiers(instruments)).prepare(e, b);
        CascadeResult r = new EventCascade(tiers(instruments)).run(p.scenario());
        return new EventRun(e, triggerOnly, p, r, b, mechanism(r.markets().get(0), b));
    }

    /** One line naming what made the fall larger (or not) than the exogenous driver. */
    public static String mechanism(MarketOutcome o, Behaviour b) {
        double extra = o.drawdownPct() - o.exogenousDrawdownPct();
        double fb = -o.indexFeedbackPct();
        if (extra <= 0.05) {
            return String.format(Locale.ROOT, "none: the fall equals the exogenous driver (%.2f %%); forced selling of $%.0fM was "
                    + "absorbed by refill and the pull to the index", o.exogenousDrawdownPct(), o.liquidatedUsd() / 1e6);
        }
        return String.format(Locale.ROOT,
                "liquidation spiral through index feedback: $%.0fM of forced selling moved the index %.2f %% (φ = %.2f %% per "
                        + "calm 1 %% depth of net forced flow), which liquidated further positions; the fall exceeds the driver by "
                        + "%.2f pp (%.2f pp index, %.2f pp book walk through withdrawn depth)",
                o.liquidatedUsd() / 1e6, -fb, b.get(Behaviour.INDEX_IMPACT), extra, Math.min(extra, fb), Math.max(0, extra - fb));
    }

    /**
     * A leave-one-out table.
     *
     * @param fits the behaviour sets scored
     * @param rows one per event
     */
    public record Validation(BehaviourFit.Fits fits, List<BehaviourFit.Row> rows) {
        public int inSampleInside() {
            return rows.stream().mapToInt(r -> r.inSample().inside()).sum();
        }

        public int outOfSampleInside() {
            return rows.stream().mapToInt(r -> r.outSample().inside()).sum();
        }

        public int bands() {
            return rows.stream().mapToInt(r -> r.outSample().total()).sum();
        }

        public double outOfSampleShare() {
            return bands() > 0 ? (double) outOfSampleInside() / bands() : Double.NaN;
        }
    }

    /** The bundled events scored under the bundled fit. */
    public static Validation validate(Instruments instruments) {
        BehaviourFit.Fits fits = EventFile.bundledFits();
        return new Validation(fits, new BehaviourFit(tiers(instruments)).validate(EventFile.builtIn(), fits));
    }

    /** Re-runs the fit from the bundled events (every event + one per left-out event) and scores it. */
    public static Validation fit(int budget, long seed, int threads, Instruments instruments) {
        if (budget < 0) {
            throw new InvalidInputException("budget", budget + " is below 0");
        }
        List<CascadeEvent> events = EventFile.builtIn();
        BehaviourFit f = new BehaviourFit(tiers(instruments));
        BehaviourFit.Fits fits = f.fitAll(events, Behaviour.defaults(), budget, seed, threads);
        return new Validation(fits, f.validate(events, fits));
    }
}
