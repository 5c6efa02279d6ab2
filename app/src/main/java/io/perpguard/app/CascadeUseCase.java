package io.perpguard.app;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.app.explain.CascadeText;
import io.perpguard.cascade.Amplification;
import io.perpguard.cascade.AnalyticCascade;
import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.BehaviourFit;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.CascadeScenario;
import io.perpguard.cascade.CascadeSimulator;
import io.perpguard.cascade.EventCascade;
import io.perpguard.cascade.EventModel;
import io.perpguard.data.cascade.EventFile;
import io.perpguard.data.cascade.ScenarioFile;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code cascade}: per-event calibrated scenarios ({@link #scenario}), the shared-parameter model on one event
 * ({@link #event}), its leave-one-out table ({@link #validate}) and the fit that produces the bundled behaviour sets
 * ({@link #fit}).
 */
public final class CascadeUseCase {
    /** Loss evaluations per fit of the bundled fits. */
    public static final int BUDGET = 150;
    /** Seed of the bundled fits. */
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
     * @param amplification what made the reference market's fall larger than the driver (code and figures)
     * @param mechanism   one line naming it, or that nothing did
     */
    public record EventRun(CascadeEvent event, boolean triggerOnly, EventModel.Prepared prepared, CascadeResult result,
                           Behaviour behaviour, Amplification amplification, String mechanism) {
    }

    public static EventRun event(String nameOrFile, boolean triggerOnly, Instruments instruments) {
        EventFile.Loaded l = EventFile.load(nameOrFile);
        CascadeEvent e = triggerOnly ? l.triggerOnly() : l.event();
        Behaviour b = EventFile.bundledFit(null).behaviour();
        EventModel.Prepared p = new EventModel(tiers(instruments)).prepare(e, b);
        CascadeResult r = new EventCascade(tiers(instruments)).run(p.scenario());
        Amplification a = Amplification.of(r.markets().get(0));
        return new EventRun(e, triggerOnly, p, r, b, a, CascadeText.mechanism(a, b));
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

        /** Σ of every event's band loss under the set fitted to all events. */
        public double inSampleLoss() {
            return rows.stream().mapToDouble(r -> r.inSample().loss()).sum();
        }

        /** Σ of every event's band loss under the set fitted without it. */
        public double outOfSampleLoss() {
            return rows.stream().mapToDouble(r -> r.outSample().loss()).sum();
        }
    }

    /** The bundled events scored under the fits in {@code dir} (as {@code --fit --leave-out each --out DIR} writes them). */
    public static Validation validate(java.nio.file.Path dir, Instruments instruments) {
        return validate(dir, false, instruments);
    }

    /** As {@link #validate(java.nio.file.Path, Instruments)}, the liquidation bands scored on reported figures when {@code reporting}. */
    /**
     * One run of the procedure among several ({@code --validate --fits DIR1,DIR2,...}): the directory, the seed its
     * {@code all.json} records and its table.
     */
    public record SeedRun(String fits, long seed, Validation validation) {
    }

    /**
     * The same procedure run with several seeds, each scored, and the spread of the out-of-sample count over them (a
     * single seed moves it by about two bands: docs/cascade-rounds.md, exact refill).
     */
    public record SeedRuns(List<SeedRun> runs) {
        public SeedRuns {
            runs = List.copyOf(runs);
        }

        public double meanOutOfSample() {
            return runs.stream().mapToInt(r -> r.validation().outOfSampleInside()).average().orElse(Double.NaN);
        }

        public int minOutOfSample() {
            return runs.stream().mapToInt(r -> r.validation().outOfSampleInside()).min().orElse(0);
        }

        public int maxOutOfSample() {
            return runs.stream().mapToInt(r -> r.validation().outOfSampleInside()).max().orElse(0);
        }
    }

    /** Every directory's fits scored as {@link #validate(java.nio.file.Path, boolean, Instruments)} scores one. */
    public static SeedRuns validate(List<java.nio.file.Path> dirs, boolean reporting, Instruments instruments) {
        List<SeedRun> runs = new ArrayList<>();
        for (java.nio.file.Path d : dirs) {
            Validation v = validate(d, reporting, instruments);
            runs.add(new SeedRun(d.toString(), EventFile.seedIn(d), v));
        }
        return new SeedRuns(runs);
    }

    public static Validation validate(java.nio.file.Path dir, boolean reporting, Instruments instruments) {
        BehaviourFit.Fits fits = EventFile.fitsIn(dir);
        return new Validation(fits, new BehaviourFit(tiers(instruments)).validate(events(reporting), fits));
    }

    /**
     * The bundled events; with {@code reporting} their liquidation bands are scored on what the venues' feeds report
     * ({@link io.perpguard.cascade.ReportingFilter}, {@code --reporting}; off in the bundled procedure).
     */
    public static List<CascadeEvent> events(boolean reporting) {
        List<CascadeEvent> out = new ArrayList<>();
        for (CascadeEvent e : EventFile.builtIn()) {
            out.add(reporting ? e.withReportingFilter(true) : e);
        }
        return out;
    }

    /** The bundled events scored under the bundled fit. */
    public static Validation validate(Instruments instruments) {
        BehaviourFit.Fits fits = EventFile.bundledFits();
        return new Validation(fits, new BehaviourFit(tiers(instruments)).validate(EventFile.builtIn(), fits));
    }

    /**
     * One fit of the behaviour set to the bundled events.
     *
     * @param leftOut   the event left out, null for all
     * @param trainedOn the events fitted to
     * @param result    what the search did
     * @param procedure how it was made, as stored in the fit file (command, method, start, budget, seed, losses)
     */
    public record FitRun(String leftOut, List<String> trainedOn, BehaviourFit.Result result, Map<String, Object> procedure) {
        /** The fit file's text. */
        public String json() {
            return EventFile.fitJson(result.behaviour(), procedure);
        }
    }

    /** The command that reproduces the fit without {@code leftOut} (null: on every event). */
    public static String command(String leftOut, int budget, long seed) {
        return command(leftOut, MultiStart.SINGLE, budget, seed);
    }

    /** As {@link #command(String, int, long)} for a multi-start fit (the single start adds nothing). */
    public static String command(String leftOut, MultiStart m, int budget, long seed) {
        return command(leftOut, m, budget, seed, 0);
    }

    /** As {@link #command(String, MultiStart, int, long)} with the prior's weight W ({@code --prior}; 0 adds nothing). */
    public static String command(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting) {
        return command(leftOut, m, budget, seed, prior) + (reporting ? " --reporting" : "");
    }

    /** As {@link #command(String, MultiStart, int, long)} with the prior's weight W ({@code --prior}; 0 adds nothing). */
    public static String command(String leftOut, MultiStart m, int budget, long seed, double prior) {
        return "perpguard cascade --fit" + (leftOut == null ? "" : " --leave-out " + leftOut) + m.options()
                + (prior == 0 ? "" : " --prior " + prior) + " --budget " + budget + " --seed " + seed;
    }

    /** Checks the prior's weight W of {@code --prior}: 0 (none) to {@link BehaviourFit#MAX_PRIOR}. */
    public static double checkPrior(double prior) {
        if (!(prior >= 0 && prior <= BehaviourFit.MAX_PRIOR)) {
            throw new InvalidInputException("prior", prior + " is outside 0-" + (int) BehaviourFit.MAX_PRIOR
                    + " (weight of the pull toward the centre of every range; 0 = none)");
        }
        return prior;
    }

    /**
     * How many starts a fit searches from (see {@link BehaviourFit#fitMultiStart}).
     *
     * @param starts    K: the centre and K − 1 Latin-hypercube points; 1 is the single search from the centre
     * @param screen    evaluations of the short search from each start
     * @param finalists F: the screened points the full budget runs from
     */
    public record MultiStart(int starts, int screen, int finalists) {
        /** The bundled procedure: one search from the centre. */
        public static final MultiStart SINGLE = new MultiStart(1, 0, 1);

        public MultiStart {
            if (starts < 1 || starts > 1000) {
                throw new InvalidInputException("starts", starts + " is outside 1-1000");
            }
            if (screen < 0 || screen > 100_000) {
                throw new InvalidInputException("screen", screen + " is outside 0-100000");
            }
            if (finalists < 1 || finalists > starts) {
                throw new InvalidInputException("finalists", finalists + " is outside 1-" + starts + " (--starts)");
            }
        }

        /** The command-line options that give it ("" for the single start). */
        public String options() {
            return starts == 1 ? "" : " --starts " + starts + " --screen " + screen + " --finalists " + finalists;
        }
    }

    /** Fits the behaviour set to the bundled events without {@code leftOut} (null: every event). */
    public static FitRun fit(String leftOut, int budget, long seed, Instruments instruments) {
        return fit(leftOut, MultiStart.SINGLE, budget, seed, instruments);
    }

    /** As {@link #fit(String, int, long, Instruments)} from {@code m}'s starts. */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, Instruments instruments) {
        return fit(leftOut, m, budget, seed, 0, instruments);
    }

    /** As {@link #fit(String, MultiStart, int, long, Instruments)} with a prior toward the centre of weight {@code prior}. */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, false, instruments);
    }

    /** As {@link #fit(String, MultiStart, int, long, double, Instruments)}, scored on reported liquidations when {@code reporting}. */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, reporting, false, instruments);
    }

    /**
     * As {@link #fit(String, MultiStart, int, long, double, boolean, Instruments)}, with the cross-margin variant's two
     * parameters fitted too when {@code crossMargin} ({@code --cross-margin}; docs/cascade.md, cross-margin accounts).
     */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                             Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, reporting, crossMargin, false, instruments);
    }

    /**
     * As {@link #fit(String, MultiStart, int, long, double, boolean, boolean, Instruments)}, with the event-hour depth
     * variant's γ fitted too when {@code eventHour} ({@code --event-hour-depth}; docs/cascade.md, liquidity at the event's hour).
     */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                             boolean eventHour, Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, reporting, crossMargin, eventHour, false, instruments);
    }

    /**
     * As {@link #fit(String, MultiStart, int, long, double, boolean, boolean, boolean, Instruments)}, with the book-shape
     * variant's α fitted too when {@code bookShape} ({@code --book-shape}; docs/cascade-rounds.md, the shape of the book).
     */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                             boolean eventHour, boolean bookShape, Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, false, instruments);
    }

    /**
     * As {@link #fit(String, MultiStart, int, long, double, boolean, boolean, boolean, boolean, Instruments)}, with the
     * panic-close variant's rate fitted too when {@code panicCloses} ({@code --panic-closes}; docs/cascade-rounds.md,
     * panic closes near liquidation).
     */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                             boolean eventHour, boolean bookShape, boolean panicCloses, Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, false, instruments);
    }

    /**
     * As {@link #fit(String, MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, Instruments)}, with
     * the latent-liquidity variant's Y fitted too when {@code latentLiquidity} ({@code --latent-liquidity};
     * docs/cascade-rounds.md, latent liquidity).
     */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                             boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity, Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, false,
                instruments);
    }

    /**
     * As {@link #fit(String, MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, boolean, Instruments)},
     * with the two leverage scales set from the training events between two search stages when {@code foldLeverage}
     * ({@code --fold-leverage}; {@link BehaviourFit#withFoldLeverage}; docs/cascade-rounds.md, leverage from the training events).
     */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                             boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity, boolean foldLeverage,
                             Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage,
                false, instruments);
    }

    /**
     * As {@link #fit(String, MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, boolean, boolean, Instruments)},
     * with the carry-unwind variant's χ fitted too when {@code carryPanic} ({@code --carry-panic}; {@link BehaviourFit#withCarryPanic};
     * docs/cascade-rounds.md, carry unwind).
     */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                             boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity, boolean foldLeverage,
                             boolean carryPanic, Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage,
                BehaviourFit.StageSplit.THIRD, carryPanic, instruments);
    }

    /**
     * As {@link #fit(String, MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, Instruments)},
     * the fold-leverage variant's stage 1 searching ⌊budget·a/b⌋ evaluations before L is read ({@code --fold-leverage-at};
     * {@link BehaviourFit#withFoldLeverageAt}).
     */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                             boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity, boolean foldLeverage,
                             BehaviourFit.StageSplit foldAt, boolean carryPanic, Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage,
                foldAt, carryPanic, false, instruments);
    }

    /**
     * As {@link #fit(String, MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, boolean, boolean, BehaviourFit.StageSplit, boolean, Instruments)},
     * panic selling's speed threshold held at its start, out of the search, when {@code fixedPanicThreshold}
     * ({@code --fixed-panic-threshold}; {@link BehaviourFit#withFixedPanicThreshold}; docs/cascade-rounds.md, carry unwind that must aim).
     */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                             boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity, boolean foldLeverage,
                             BehaviourFit.StageSplit foldAt, boolean carryPanic, boolean fixedPanicThreshold, Instruments instruments) {
        return fit(leftOut, m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage,
                foldAt, carryPanic, fixedPanicThreshold, false, instruments);
    }

    /**
     * As {@link #fit(String, MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, boolean, boolean,
     * BehaviourFit.StageSplit, boolean, boolean, Instruments)}, with the carry-scaled price impact variant's χ fitted too when
     * {@code carryImpact} ({@code --carry-impact}; {@link BehaviourFit#withCarryImpact}; docs/cascade-rounds.md, carry-scaled price impact).
     */
    public static FitRun fit(String leftOut, MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                             boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity, boolean foldLeverage,
                             BehaviourFit.StageSplit foldAt, boolean carryPanic, boolean fixedPanicThreshold, boolean carryImpact,
                             Instruments instruments) {
        checkPrior(prior);
        List<String> names = EventFile.builtInNames();
        if (leftOut != null && !names.contains(leftOut)) {
            throw new InvalidInputException("leave-out", "'" + Checks.clip(leftOut) + "' is not a bundled event (" + String.join(", ", names) + ")");
        }
        checkBudget(budget);
        List<CascadeEvent> train = trainingEvents(leftOut, reporting);
        long t0 = System.nanoTime();
        BehaviourFit.Result r = new BehaviourFit(tiers(instruments), 2, prior, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity)
                .withFoldLeverage(foldLeverage).withFoldLeverageAt(foldAt).withCarryPanic(carryPanic).withFixedPanicThreshold(fixedPanicThreshold)
                .withCarryImpact(carryImpact).fitMultiStart(train, m.starts(), m.screen(), m.finalists(), budget, seed);
        return run(leftOut, train, r, m, budget, seed, (System.nanoTime() - t0) / 1e9, reporting, crossMargin, eventHour, bookShape,
                panicCloses, latentLiquidity, foldLeverage, foldAt, carryPanic, fixedPanicThreshold, carryImpact);
    }

    /** Every fit (on all events, then one per left-out event) on {@code threads} threads, and their leave-one-out table. */
    public static Map<String, FitRun> fitEach(int budget, long seed, int threads, Instruments instruments) {
        return fitEach(MultiStart.SINGLE, budget, seed, threads, instruments);
    }

    /** As {@link #fitEach(int, long, int, Instruments)} with every fit from {@code m}'s starts. */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, int threads, Instruments instruments) {
        return fitEach(m, budget, seed, 0, threads, instruments);
    }

    /** As {@link #fitEach(MultiStart, int, long, int, Instruments)} with a prior toward the centre of weight {@code prior}. */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, int threads, Instruments instruments) {
        return fitEach(m, budget, seed, prior, false, threads, instruments);
    }

    /** As {@link #fitEach(MultiStart, int, long, double, int, Instruments)}, scored on reported liquidations when {@code reporting}. */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, int threads,
                                              Instruments instruments) {
        return fitEach(m, budget, seed, prior, reporting, false, threads, instruments);
    }

    /** As {@link #fitEach(MultiStart, int, long, double, boolean, int, Instruments)}, the cross-margin variant fitted when {@code crossMargin}. */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                                              int threads, Instruments instruments) {
        return fitEach(m, budget, seed, prior, reporting, crossMargin, false, threads, instruments);
    }

    /**
     * As {@link #fitEach(MultiStart, int, long, double, boolean, boolean, int, Instruments)}, the event-hour depth variant
     * fitted when {@code eventHour}.
     */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                                              boolean eventHour, int threads, Instruments instruments) {
        return fitEach(m, budget, seed, prior, reporting, crossMargin, eventHour, false, threads, instruments);
    }

    /**
     * As {@link #fitEach(MultiStart, int, long, double, boolean, boolean, boolean, int, Instruments)}, the book-shape
     * variant fitted when {@code bookShape}.
     */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                                              boolean eventHour, boolean bookShape, int threads, Instruments instruments) {
        return fitEach(m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, false, threads, instruments);
    }

    /**
     * As {@link #fitEach(MultiStart, int, long, double, boolean, boolean, boolean, boolean, int, Instruments)}, the
     * panic-close variant fitted when {@code panicCloses}.
     */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                                              boolean eventHour, boolean bookShape, boolean panicCloses, int threads,
                                              Instruments instruments) {
        return fitEach(m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, false, threads, instruments);
    }

    /**
     * As {@link #fitEach(MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, int, Instruments)}, the
     * latent-liquidity variant fitted when {@code latentLiquidity}.
     */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                                              boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity,
                                              int threads, Instruments instruments) {
        return fitEach(m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, false, threads,
                instruments);
    }

    /**
     * As {@link #fitEach(MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, boolean, int, Instruments)},
     * every fit with the two leverage scales set from its own training events between two search stages when
     * {@code foldLeverage} ({@link BehaviourFit#withFoldLeverage}).
     */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                                              boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity,
                                              boolean foldLeverage, int threads, Instruments instruments) {
        return fitEach(m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage, false,
                threads, instruments);
    }

    /**
     * As {@link #fitEach(MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, boolean, boolean, int, Instruments)},
     * the carry-unwind variant's χ fitted too when {@code carryPanic} ({@link BehaviourFit#withCarryPanic}).
     */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                                              boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity,
                                              boolean foldLeverage, boolean carryPanic, int threads, Instruments instruments) {
        return fitEach(m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage,
                BehaviourFit.StageSplit.THIRD, carryPanic, threads, instruments);
    }

    /**
     * As {@link #fitEach(MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, int, Instruments)},
     * every fit's fold-leverage stage 1 searching ⌊budget·a/b⌋ evaluations before L is read ({@link BehaviourFit#withFoldLeverageAt}).
     */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                                              boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity,
                                              boolean foldLeverage, BehaviourFit.StageSplit foldAt, boolean carryPanic, int threads,
                                              Instruments instruments) {
        return fitEach(m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage, foldAt,
                carryPanic, false, threads, instruments);
    }

    /**
     * As {@link #fitEach(MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, boolean, boolean, BehaviourFit.StageSplit, boolean, int, Instruments)},
     * every fit with panic selling's speed threshold held at its start when {@code fixedPanicThreshold}
     * ({@link BehaviourFit#withFixedPanicThreshold}).
     */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                                              boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity,
                                              boolean foldLeverage, BehaviourFit.StageSplit foldAt, boolean carryPanic,
                                              boolean fixedPanicThreshold, int threads, Instruments instruments) {
        return fitEach(m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage, foldAt,
                carryPanic, fixedPanicThreshold, false, threads, instruments);
    }

    /**
     * As {@link #fitEach(MultiStart, int, long, double, boolean, boolean, boolean, boolean, boolean, boolean, boolean,
     * BehaviourFit.StageSplit, boolean, boolean, int, Instruments)}, the carry-scaled price impact variant's χ fitted too when
     * {@code carryImpact} ({@link BehaviourFit#withCarryImpact}).
     */
    public static Map<String, FitRun> fitEach(MultiStart m, int budget, long seed, double prior, boolean reporting, boolean crossMargin,
                                              boolean eventHour, boolean bookShape, boolean panicCloses, boolean latentLiquidity,
                                              boolean foldLeverage, BehaviourFit.StageSplit foldAt, boolean carryPanic,
                                              boolean fixedPanicThreshold, boolean carryImpact, int threads, Instruments instruments) {
        checkBudget(budget);
        checkPrior(prior);
        long t0 = System.nanoTime();
        List<CascadeEvent> events = events(reporting);
        Map<String, BehaviourFit.Result> rs = new BehaviourFit(tiers(instruments), 1, prior, crossMargin, eventHour, bookShape, panicCloses,
                latentLiquidity).withFoldLeverage(foldLeverage).withFoldLeverageAt(foldAt).withCarryPanic(carryPanic).withFixedPanicThreshold(fixedPanicThreshold)
                .withCarryImpact(carryImpact).fitAll(events, m.starts(), m.screen(), m.finalists(), budget, seed, threads);
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, FitRun> out = new LinkedHashMap<>();
        rs.forEach((k, r) -> out.put(k, run(k, trainingEvents(k, reporting), r, m, budget, seed, secs, reporting, crossMargin,
                eventHour, bookShape, panicCloses, latentLiquidity, foldLeverage, foldAt, carryPanic, fixedPanicThreshold, carryImpact)));
        return out;
    }

    /** The leave-one-out table of fits from {@link #fitEach}. */
    public static Validation validate(Map<String, FitRun> runs, Instruments instruments) {
        return validate(runs, false, instruments);
    }

    /** As {@link #validate(Map, Instruments)}, scored on reported liquidations when {@code reporting}. */
    public static Validation validate(Map<String, FitRun> runs, boolean reporting, Instruments instruments) {
        Map<String, Behaviour> folds = new LinkedHashMap<>();
        runs.forEach((k, r) -> {
            if (k != null) {
                folds.put(k, r.result().behaviour());
            }
        });
        BehaviourFit.Fits fits = new BehaviourFit.Fits(runs.get(null).result().behaviour(), folds);
        return new Validation(fits, new BehaviourFit(tiers(instruments)).validate(events(reporting), fits));
    }

    private static void checkBudget(int budget) {
        if (budget < 0 || budget > 100_000) {
            throw new InvalidInputException("budget", budget + " is outside 0-100000");
        }
    }

    private static List<CascadeEvent> trainingEvents(String leftOut, boolean reporting) {
        List<CascadeEvent> train = new ArrayList<>();
        for (CascadeEvent e : events(reporting)) {
            if (!e.name().equals(leftOut)) {
                train.add(e);
            }
        }
        return train;
    }

    private static FitRun run(String leftOut, List<CascadeEvent> train, BehaviourFit.Result r, MultiStart m, int budget, long seed,
                              double seconds, boolean reporting, boolean crossMargin, boolean eventHour, boolean bookShape,
                              boolean panicCloses, boolean latentLiquidity, boolean foldLeverage, BehaviourFit.StageSplit foldAt,
                              boolean carryPanic, boolean fixedPanicThreshold, boolean carryImpact) {
        boolean at = foldLeverage && !foldAt.equals(BehaviourFit.StageSplit.THIRD);
        List<String> names = train.stream().map(CascadeEvent::name).toList();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("command", command(leftOut, m, budget, seed, r.prior(), reporting) + (crossMargin ? " --cross-margin" : "")
                + (eventHour ? " --event-hour-depth" : "") + (bookShape ? " --book-shape" : "") + (panicCloses ? " --panic-closes" : "")
                + (latentLiquidity ? " --latent-liquidity" : "") + (foldLeverage ? " --fold-leverage" : "") + (at ? " --fold-leverage-at " + foldAt : "")
                + (carryPanic ? " --carry-panic" : "") + (fixedPanicThreshold ? " --fixed-panic-threshold" : "")
                + (carryImpact ? " --carry-impact" : ""));
        p.put("method", "pattern search (BehaviourFit): loss = sum over bands of ln(1 + distance outside / band width); seeded "
                + "coordinate order, one step per coordinate in [0, 1]-normalised (log where marked) coordinates, from 1/4, doubled "
                + "after a success (up to 1/2), halved after a failure (done below 1/64), one Hooke-Jeeves pattern move per sweep");
        if (m.starts() == 1) {
            p.put("start", "every fitted parameter at the centre of its range (geometric mean on a log scale), fixed ones at their default");
        } else {
            p.put("start", "multi-start: the centre of every range and " + (m.starts() - 1) + " Latin-hypercube points in the normalised "
                    + "coordinates of the fitted parameters (drawn from the seed), each searched for " + m.screen() + " evaluations; "
                    + "the full budget from the " + m.finalists() + " screened point(s) of lowest training loss, the lowest final "
                    + "training loss wins (training events only); fixed parameters at their default");
            p.put("starts", m.starts());
            p.put("screen", m.screen());
            p.put("finalists", m.finalists());
        }
        p.put("budget", budget);
        p.put("seed", seed);
        p.put("leftOut", leftOut);
        p.put("trainedOn", names);
        p.put("evaluations", r.evaluations());
        p.put("moves", r.moves());
        p.put("startLoss", r.startLoss());
        p.put("loss", r.loss());
        if (r.prior() != 0) {
            // the regularised objective's two parts (they add up to loss) and how far the set is from the centre
            p.put("prior", r.prior());
            p.put("priorForm", "loss = bandLoss + priorPenalty, priorPenalty = prior * centreDistance2, centreDistance2 = sum over "
                    + "the fitted parameters of (u - 1/2)^2, u the normalised coordinate in the parameter's range (log where marked)");
            p.put("bandLoss", r.bandLoss());
            p.put("priorPenalty", r.penalty());
            p.put("centreDistance2", BehaviourFit.centreDistance2(r.behaviour()));
        }
        if (reporting) {
            p.put("reporting", true);
            p.put("reportingForm", "liquidation bands scored on reported figures: per market and minute reported = (1 - t) L + 60 q "
                    + "(1 - exp(-t L / (60 q))), t = OI share of venues throttled at the event's date, q = 10000 USD (ReportingFilter)");
        }
        if (crossMargin) {
            p.put("crossMargin", true);
            p.put("crossMarginForm", "a share crossMarginShare of every ladder position sits in a cross-margin account holding "
                    + "crossExcessMargin x its initial margin beyond it: liquidation ratio l' = l + h (b - 1), bankruptcy b' = b + h (b - 1) "
                    + "(StateLadder); both fitted from the centre of their ranges");
        }
        if (eventHour) {
            p.put("eventHourDepth", true);
            p.put("eventHourDepthForm", "calm depth at each simulated minute D1(t) = D1 (Vbar(slot(t), class(t)) / Vbar)^eventHourDepthExponent, "
                    + "Vbar(s, c) the mean quote volume of the look-back window's bars opened in 4-h UTC slot s on a weekend "
                    + "(Saturday, Sunday UTC) or weekday, Vbar the mean of all its bars (EventHourDepth); the exponent fitted from the centre of 0-1");
        }
        if (bookShape) {
            p.put("bookShape", true);
            p.put("bookShapeForm", "the venue book of every market: cumulative depth within x % of the anchor D(x) = m D1 (x / 1 %)^bookShapeExponent "
                    + "in place of the market's depthBeta (2 = square-root impact, Toth et al. 2011); the index feedback stays linear; "
                    + "the exponent fitted from the centre of 0.5-2.5");
        }
        if (panicCloses) {
            p.put("panicCloses", true);
            p.put("panicClosesForm", "on the speed of the index's fall, a share panicClosePerMinute e^2 / (1 + e^2) per minute (e as panic "
                    + "selling's) of the positions within rescueZonePct of liquidation closes by market order: it walks the book and moves the "
                    + "index like forced flow, a close, not a liquidation (FlowModel); the rate fitted from the centre of 0.03-3 (log)");
        }
        if (latentLiquidity) {
            p.put("latentLiquidity", true);
            p.put("latentLiquidityForm", "index flow pushing the index further from its exogenous path is absorbed by m^kappa D1 (1 + y / "
                    + "latentLiquidityPct), y the index's endogenous displacement in % (forced flow, panic selling, the common factor); "
                    + "flow pushing it back by m^kappa D1 (DepthModel.latentDepth: square-root impact beyond Y); Y fitted from the centre of 2-50 % (log)");
        }
        if (foldLeverage) {
            p.put("foldLeverage", true);
            p.put("foldLeverageAt", foldAt.toString());
            p.put("foldLeverageForm", "two stages: the search for floor(budget * " + foldAt + ") evaluations with every fitted parameter free; then "
                    + "freshLeverageScale = seasonedLeverageScale = L, the L of 0.3 * 10^(k/10), k = 0..10, minimising the sum over the "
                    + "training crash events with a fall band and a liquidations/OI band of (ln rho - ln rho_obs)^2, rho = the run's "
                    + "liquidations/OI band value / fall band value under stage 1's set, rho_obs = the bands' centres' ratio; then the "
                    + "search from stage 1's set with both scales fixed at L for the rest of the budget (BehaviourFit, training events only)");
            p.put("foldLeverageScale", r.behaviour().get(io.perpguard.cascade.Behaviour.FRESH_LEV));
        }
        if (carryPanic) {
            p.put("carryPanic", true);
            p.put("carryPanicForm", "each market's largest panic selling x exp(carryPanicElasticity * z), z = (mean of its last 21 funding "
                    + "settlements - 0.01 %) / 0.01 %, clamped to [-1, 3] (EventModel.carryPanicMultiplier: carry unwind); chi fitted from the "
                    + "centre of 0-1");
        }
        if (fixedPanicThreshold) {
            p.put("fixedPanicThreshold", true);
            p.put("fixedPanicThresholdForm", "panicSpeedRefPct, panic selling's speed threshold, out of the search in every stage, held at "
                    + "its start (the centre of 0.05-2 %/min, log: 0.316) (BehaviourFit.withFixedPanicThreshold)");
        }
        if (carryImpact) {
            p.put("carryImpact", true);
            p.put("carryImpactForm", "each market's index impact share phi_m = min(0.95, indexImpactShare * exp(carryImpactElasticity * z)), "
                    + "z = (mean of its last 21 funding settlements - 0.01 %) / 0.01 %, clamped to [-1, 3]; phi_m weights the market's own "
                    + "forced and panic flow in its own index move and in the common factor alike (EventModel.carryImpactShare: carry-scaled "
                    + "price impact); chi fitted from the centre of 0-0.5");
        }
        p.put("seconds", Math.round(seconds));
        // the state after the first evaluations: a short re-run with this budget must reproduce it (BehaviourFitTest)
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("evaluations", r.checkpoint().evaluations());
        c.put("loss", r.checkpoint().loss());
        c.put("behaviour", r.checkpoint().behaviour().named());
        p.put("checkpoint", c);
        if (r.multiStart() != null) {
            BehaviourFit.MultiStart ms = r.multiStart();
            Map<String, Object> block = new LinkedHashMap<>();
            List<Map<String, Object>> lines = new ArrayList<>();
            for (int i = 0; i < ms.screened().size(); i++) {
                BehaviourFit.Screened sc = ms.screened().get(i);
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("start", i);
                l.put("startLoss", sc.startLoss());
                l.put("screenedLoss", sc.loss());
                l.put("evaluations", sc.evaluations());
                lines.add(l);
            }
            block.put("screened", lines);
            block.put("finalists", ms.finals());
            block.put("finalLosses", ms.finalLosses());
            block.put("chosen", ms.chosen());
            // the full search ran from this point: a fit from it with the checkpoint's budget reproduces the checkpoint
            block.put("finalStart", ms.winner().screened().named());
            p.put("multiStart", block);
        }
        return new FitRun(leftOut, names, r, p);
    }
}
