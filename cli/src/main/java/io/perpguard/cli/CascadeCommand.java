package io.perpguard.cli;

import io.perpguard.InvalidInputException;
import io.perpguard.app.CascadeUseCase;
import io.perpguard.cascade.BandResult;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.CascadeScenario;
import io.perpguard.data.cascade.ScenarioFile;
import io.perpguard.data.instrument.TierTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code perpguard cascade}: run a liquidation-cascade scenario (built-in event or JSON file) and check its bands. */
@Command(name = "cascade", header = "Simulates a liquidation cascade and reports each target band.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulates a liquidation cascade (event-driven core by default) and reports each target band:",
                "inside or outside, and by how much. Built-in events: --list."})
public final class CascadeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME|FILE", description = "built-in scenario name or scenario JSON file")
    String scenario;
    @Option(names = "--list", description = "list the built-in scenarios")
    boolean list;
    @Option(names = "--core", paramLabel = "event|analytic", defaultValue = "event", description = "simulator core (default event)")
    String core;
    @Option(names = "--event", paramLabel = "NAME|FILE", description = "run an event of the shared-parameter model: ladder built from the pre-event state, the one fitted behaviour set")
    String event;
    @Option(names = "--trigger-only", description = "with --event: drive it by its trigger legs only (no observed drift)")
    boolean triggerOnly;
    @Option(names = "--validate", description = "leave-one-out table of the bundled events: each scored with the stored set fitted without it")
    boolean validate;
    @Option(names = "--refit", description = "with --validate: re-run every fit first (all events + one per left-out event) instead of reading the stored sets")
    boolean refit;
    @Option(names = "--fit", description = "fit the behaviour set to the bundled events (see --leave-out) and print or write the fit file")
    boolean fit;
    @Option(names = "--leave-out", paramLabel = "EVENT|each", description = "with --fit: fit on every bundled event but EVENT; 'each' runs the fit on all events and once per left-out event and writes every file into --out DIR")
    String leaveOut;
    @Option(names = "--verify", description = "with --fit: compare the fit with the bundled file of the same fold (and its budget and seed); exit 1 if any number differs")
    boolean verify;
    @Option(names = "--budget", paramLabel = "N", defaultValue = "" + CascadeUseCase.BUDGET, description = "with --fit or --refit: loss evaluations per fit (default ${DEFAULT-VALUE})")
    int budget;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + CascadeUseCase.SEED, description = "with --fit or --refit: seed of the search (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--starts", paramLabel = "K", defaultValue = "1", description = "with --fit or --refit: search from K starts, the centre and K-1 Latin-hypercube points drawn from the seed, screened for --screen evaluations each; the full budget runs from the --finalists best (default ${DEFAULT-VALUE}: the centre only, the bundled procedure)")
    int starts;
    @Option(names = "--screen", paramLabel = "N", defaultValue = "30", description = "with --starts K > 1: evaluations of the short search from each start (default ${DEFAULT-VALUE})")
    int screen;
    @Option(names = "--finalists", paramLabel = "F", defaultValue = "1", description = "with --starts K > 1: screened points (lowest training loss) the full budget runs from (default ${DEFAULT-VALUE})")
    int finalists;
    @Option(names = "--prior", paramLabel = "W", defaultValue = "0", description = "with --fit or --refit: regularised fit, the search minimises the band loss + W * sum over the fitted parameters of (u - 1/2)^2, u the normalised coordinate in each range (a pull toward the centre of every range; default ${DEFAULT-VALUE}: none, the bundled procedure)")
    double prior;
    @Option(names = "--reporting", description = "with --fit or --validate: score the liquidation bands on what the venues' public feeds report (at most one order per symbol per second on venues throttled at the event's date; docs/cascade.md, reporting filter) instead of the true liquidations (default: off, the bundled procedure)")
    boolean reporting;
    @Option(names = "--cross-margin", description = "with --fit or --validate: the cross-margin variant, a share of every position in a cross-margin account whose extra collateral moves its liquidation away (docs/cascade.md, cross-margin accounts); --fit fits its two parameters too (default: off, the bundled procedure)")
    boolean crossMargin;
    @Option(names = "--event-hour-depth", description = "with --fit or --validate: the event-hour depth variant, calm depth at each simulated minute following the look-back window's volume by 4-h UTC slot and weekend/weekday (docs/cascade.md, liquidity at the event's hour); --fit fits its exponent too (default: off, the bundled procedure)")
    boolean eventHourDepth;
    @Option(names = "--book-shape", description = "with --fit or --validate: the book-shape variant, every market's venue book with cumulative depth D1 (x/1 %%)^alpha, alpha fitted (2 = square-root impact; docs/cascade-rounds.md, the shape of the book); --fit fits alpha too (default: off, each market's own depth exponent, the bundled procedure)")
    boolean bookShape;
    @Option(names = "--panic-closes", description = "with --fit or --validate: the panic-close variant, on the speed of the fall a share of the positions near liquidation closes by market order, moving the index like forced flow without being liquidated (docs/cascade-rounds.md, panic closes near liquidation); --fit fits its rate too (default: off, the bundled procedure)")
    boolean panicCloses;
    @Option(names = "--latent-liquidity", description = "with --fit or --validate: the latent-liquidity variant, flow pushing the index further from its exogenous path meets depth that grows with that displacement, m^kappa D1 (1 + y/Y), Y fitted (square-root impact beyond Y; docs/cascade-rounds.md, latent liquidity under the index); --fit fits Y too (default: off, the bundled procedure)")
    boolean latentLiquidity;
    @Option(names = "--fold-leverage", description = "with --fit: take the ladder's two leverage scales out of the search and set them, in each fit, from its training events only: a third of the budget searches every parameter, then one scale L for both (0.3-3) makes the training crashes' liquidated share of OI per %% of fall closest to their bands', then the rest of the budget searches the others with L fixed (docs/cascade-rounds.md, leverage from the training events; default: off, the bundled procedure)")
    boolean foldLeverage;
    @Option(names = "--fold-leverage-at", paramLabel = "A/B", description = "with --fit --fold-leverage: the share of the budget the first stage searches before the leverage scale is read, floor(budget*A/B) evaluations, the rest after it (docs/cascade-rounds.md, leverage read after a fuller search; default: 1/3, variant J)")
    String foldLeverageAt;
    @Option(names = "--carry-panic", description = "with --fit or --validate: the carry-unwind variant, each market's panic selling scaled by its funding crowding over the week before the event, e^(chi z), chi fitted (docs/cascade-rounds.md, carry unwind); --fit fits chi too (default: off, the bundled procedure)")
    boolean carryPanic;
    @Option(names = "--fixed-panic-threshold", description = "with --fit: hold panic selling's speed threshold (panicSpeedRefPct) at its start, the centre of its range (0.316 %%/min), out of the search, so that with --carry-panic only chi and the shared rate move panic selling (docs/cascade-rounds.md, carry unwind that must aim; default: off, the threshold searched)")
    boolean fixedPanicThreshold;
    @Option(names = "--carry-impact", description = "with --fit or --validate: the carry-scaled price impact variant, each market's index impact share phi scaled by its funding crowding over the week before the event, min(0.95, phi e^(chi z)), chi fitted in 0-0.5 (docs/cascade-rounds.md, carry-scaled price impact); --fit fits chi too (default: off, the bundled procedure)")
    boolean carryImpact;
    @Option(names = "--fits", paramLabel = "DIR[,DIR...]", split = ",", description = "with --validate: score the fits in DIR (all.json and one without-EVENT.json per event, as --fit --leave-out each --out DIR writes them) instead of the bundled ones; several directories (one run of the procedure per seed) print each run's counts and losses and the mean, min and max out-of-sample count")
    List<java.nio.file.Path> fitsDirs;
    @Option(names = "--out", paramLabel = "FILE|DIR", description = "with --fit: write the fit file there (a directory with --leave-out each)")
    java.nio.file.Path outFile;
    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    /** The fold-leverage stage split: 1/3 unless --fold-leverage-at is given, which needs --fold-leverage. */
    private io.perpguard.cascade.BehaviourFit.StageSplit foldAt() {
        if (foldLeverageAt == null) {
            return io.perpguard.cascade.BehaviourFit.StageSplit.THIRD;
        }
        if (!foldLeverage) {
            throw new InvalidInputException("fold-leverage-at", "needs --fold-leverage (it sets that variant's stage split)");
        }
        return io.perpguard.cascade.BehaviourFit.StageSplit.parse(foldLeverageAt);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // one thing at a time: --scenario X --event Y ran the event, the scenario ignored; --list, --fit and --validate ran
        // without the --scenario or --event beside them, and --core changes a scenario run only
        String[] runs = {"--list", "--validate", "--fit", "--scenario", "--event"};
        String first = null;
        for (String o : runs) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                if (first != null && !(first.equals("--validate") && o.equals("--fit"))) {
                    throw new InvalidInputException(o.substring(2), "cannot be given with " + first + "; give one of --scenario, --event, "
                            + "--validate, --fit or --list");
                }
                first = first == null ? o : first;
            }
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--core") && scenario == null) {
            throw new InvalidInputException("core", "needs --scenario (an --event runs the event core, the shared-parameter model)");
        }
        if (list) {
            CascadeUseCase.Lists lists = new CascadeUseCase.Lists(CascadeUseCase.scenarioList(), CascadeUseCase.eventList());
            if (json) {
                Output.json(out, lists);
            } else {
                out.println("scenarios (--scenario: per-event calibrated replays, in-sample)");
                for (CascadeUseCase.Listed r : lists.scenarios()) {
                    out.printf("  %-10s %s (%s bands)%n", r.name(), r.description(), r.bands());
                }
                out.println("events (--event, --validate: state from data, one shared behaviour set)");
                for (CascadeUseCase.Listed r : lists.events()) {
                    out.printf("  %-10s %-10s %s (%s bands)%n", r.name(), r.kind(), r.description(), r.bands());
                }
                out.flush();
            }
            return 0;
        }
        if (validate || fit) {
            if (verify) {
                if (!fit || validate || "each".equals(leaveOut)) {
                    throw new InvalidInputException("verify", "needs --fit with no --leave-out or --leave-out EVENT");
                }
                return CascadeValidation.verify(out, leaveOut);
            }
            if (fitsDirs != null && (!validate || refit || fit)) {
                throw new InvalidInputException("fits", "needs --validate without --refit or --fit");
            }
            return CascadeValidation.run(out, validate, refit, fit, leaveOut, new CascadeUseCase.MultiStart(starts, screen, finalists),
                    budget, seed, CascadeUseCase.checkPrior(prior), reporting, crossMargin, eventHourDepth, bookShape, panicCloses, latentLiquidity,
                    foldLeverage, foldAt(), carryPanic, fixedPanicThreshold, carryImpact, outFile, fitsDirs, json);
        }
        if (reporting) {
            throw new InvalidInputException("reporting", "needs --fit or --validate");
        }
        if (crossMargin) {
            throw new InvalidInputException("cross-margin", "needs --fit or --validate");
        }
        if (eventHourDepth) {
            throw new InvalidInputException("event-hour-depth", "needs --fit or --validate");
        }
        if (bookShape) {
            throw new InvalidInputException("book-shape", "needs --fit or --validate");
        }
        if (panicCloses) {
            throw new InvalidInputException("panic-closes", "needs --fit or --validate");
        }
        if (latentLiquidity) {
            throw new InvalidInputException("latent-liquidity", "needs --fit or --validate");
        }
        if (carryPanic) {
            throw new InvalidInputException("carry-panic", "needs --fit or --validate");
        }
        if (carryImpact) {
            throw new InvalidInputException("carry-impact", "needs --fit or --validate");
        }
        if (foldLeverage) {
            throw new InvalidInputException("fold-leverage", "needs --fit (it changes how a fit is made; --validate scores the fits as they are)");
        }
        if (foldLeverageAt != null) {
            throw new InvalidInputException("fold-leverage-at", "needs --fit --fold-leverage");
        }
        if (fixedPanicThreshold) {
            throw new InvalidInputException("fixed-panic-threshold", "needs --fit (it changes how a fit is made; --validate scores the fits as they are)");
        }
        if (verify) {
            throw new InvalidInputException("verify", "needs --fit");
        }
        if (fitsDirs != null) {
            throw new InvalidInputException("fits", "needs --validate");
        }
        if (refit || leaveOut != null) {
            throw new InvalidInputException(refit ? "refit" : "leave-out", refit ? "needs --validate" : "needs --fit");
        }
        // the search's options mean nothing to a run: --scenario oct-2025 --budget 0 ran, the budget ignored
        for (String o : new String[]{"--budget", "--seed", "--starts", "--screen", "--finalists", "--prior", "--out"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw new InvalidInputException(o.substring(2), "needs --fit or --validate --refit (it sets the fit's search; a run of a scenario "
                        + "or an event takes its seed from its file)");
            }
        }
        if (event != null) {
            return CascadeValidation.event(out, event, triggerOnly, json);
        }
        if (triggerOnly) {
            throw new InvalidInputException("trigger-only", "needs --event NAME|FILE");
        }
        if (scenario == null) {
            throw new InvalidInputException("scenario", "is missing (--scenario NAME|FILE, --event NAME|FILE, --validate, or --list)");
        }
        CascadeScenario s = ScenarioFile.load(scenario);
        CascadeResult r = CascadeUseCase.scenario(s, core, TierTables.bundled());
        if (json) {
            Output.json(out, r);
        } else {
            print(out, s, r);
        }
        return 0;
    }

    static void print(PrintWriter out, CascadeScenario s, CascadeResult r) {
        out.printf("%s (%s core): %s%n", r.scenario(), r.core(), s.description());
        Output.rows(out, new String[][]{
                {"drawdown (reference)", Output.num(r.drawdownPct(), 2) + " % in " + Output.num(r.timeToTroughMinutes(), 0) + " min"},
                {"liquidated long / short", Output.num(r.longLiquidatedUsd() / 1e6, 1) + " / " + Output.num(r.shortLiquidatedUsd() / 1e6, 1) + " M USD"},
                {"open interest before / after", Output.num(r.oiBeforeUsd() / 1e6, 1) + " / " + Output.num(r.oiAfterUsd() / 1e6, 1) + " M USD"},
                {"amplification x*/x0", Output.num(r.amplification(), 2)},
                {"max path R", Output.num(r.maxPathR(), 2)},
                {"bad debt", Output.num(r.badDebtUsd() / 1e6, 2) + " M USD"},
                {"insurance fund change", Output.num(r.insuranceFundChangeUsd() / 1e6, 2) + " M USD"},
        });
        printBands(out, r);
    }

    static void printBands(PrintWriter out, CascadeResult r) {
        List<String[]> rows = new ArrayList<>();
        int inside = 0;
        for (BandResult b : r.bands()) {
            inside += b.inside() ? 1 : 0;
            rows.add(new String[]{b.id(), b.inside() ? "inside" : "OUTSIDE", fmt(b.value()), "[" + fmt(b.low()) + ", " + fmt(b.high()) + "]",
                    b.inside() ? "" : fmt(b.distance()), b.description()});
        }
        if (!rows.isEmpty()) {
            out.println();
            Output.table(out, new String[]{"band", "result", "value", "band", "distance", "what"}, rows);
            out.printf("  %d/%d bands inside%n", inside, rows.size());
        }
        out.flush();
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "-" : (v > 0 ? "∞" : "-∞");
        }
        double a = Math.abs(v);
        if (a >= 1e9) {
            return Output.num(v / 1e9, 2) + "B";
        }
        if (a >= 1e6) {
            return Output.num(v / 1e6, 1) + "M";
        }
        return a >= 100 ? Output.num(v, 0) : Output.num(v, 3);
    }
}
