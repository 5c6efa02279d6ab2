package io.perpguard.cli;

import io.perpguard.InvalidInputException;
import io.perpguard.app.CascadeUseCase;
import io.perpguard.app.explain.CascadeText;
import io.perpguard.app.json.CascadeJson;
import io.perpguard.cascade.BehaviourFit;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.EventModel;
import io.perpguard.cascade.MarketOutcome;
import io.perpguard.cascade.StateLadder;
import io.perpguard.data.cascade.EventFile;
import io.perpguard.data.instrument.TierTables;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code cascade --event}, {@code --validate} and {@code --fit}: the shared-parameter model. */
final class CascadeValidation {
    private CascadeValidation() {
    }

    /** Runs one event under the bundled fit (all events) and names the mechanism of any amplification. */
    static int event(PrintWriter out, String name, boolean triggerOnly, boolean json) {
        CascadeUseCase.EventRun run = CascadeUseCase.event(name, triggerOnly, TierTables.bundled());
        CascadeEvent e = run.event();
        EventModel.Prepared p = run.prepared();
        CascadeResult r = run.result();
        MarketOutcome ref = r.markets().get(0);
        String mechanism = run.mechanism();
        if (json) {
            Output.json(out, CascadeJson.event(run));
            return 0;
        }
        out.printf("%s [%s]%s (event core, shared behaviour set): %s%n", e.name(), e.kind(), triggerOnly ? " trigger only" : "",
                e.description());
        Output.rows(out, new String[][]{
                {"fall (reference)", Output.num(r.drawdownPct(), 2) + " % in " + Output.num(r.timeToTroughMinutes(), 0) + " min"},
                {"exogenous driver alone", Output.num(ref.exogenousDrawdownPct(), 2) + " %"},
                {"amplification x*/x0", Output.num(r.amplification(), 2)},
                {"liquidated long / short", Output.num(r.longLiquidatedUsd() / 1e6, 1) + " / " + Output.num(r.shortLiquidatedUsd() / 1e6, 1) + " M USD"},
                {"open interest before / after", Output.num(r.oiBeforeUsd() / 1e6, 1) + " / " + Output.num(r.oiAfterUsd() / 1e6, 1) + " M USD"},
                {"bad debt", Output.num(r.badDebtUsd() / 1e6, 2) + " M USD"},
        });
        out.println("  mechanism: " + mechanism);
        out.println();
        out.printf("  pre-event state over the %s-h look-back (the ladder is built from it)%n",
                Output.num(e.markets().get(0).state().lookbackHours(), 0));
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < p.built().size(); i++) {
            StateLadder.Built sl = p.built().get(i);
            MarketOutcome o = r.markets().get(i);
            rows.add(new String[]{o.symbol(), Output.pct(sl.freshShare(), 0), Output.num(sl.crowding(), 2), Output.num(sl.meanLongLeverage(), 1),
                    Output.pct(sl.longAt5Pct(), 1), Output.pct(sl.longAt10Pct(), 1), Output.num(sl.depth1PctUsd() / 1e6, 0) + " M",
                    Output.num(sl.beta(), 2), Output.num(o.drawdownPct(), 2) + " %"});
        }
        Output.table(out, new String[]{"market", "fresh OI", "crowding k", "long lev", "long liq ≤5 %", "≤10 %", "1 % depth", "beta", "fall"}, rows);
        List<String> defaults = CascadeText.stateDefaults(p);
        if (!defaults.isEmpty()) {
            out.println("  defaults used (series missing) and estimates:");
            for (String d : defaults) {
                out.println("    " + d);
            }
        }
        CascadeCommand.printBands(out, r);
        return 0;
    }

    /**
     * {@code --fit [--leave-out EVENT] --verify}: re-runs the whole search with the budget and seed the bundled file
     * records and compares every number; 0 when all agree, 1 otherwise.
     */
    static int verify(PrintWriter out, String leftOut) {
        EventFile.StoredFit stored = EventFile.bundledFit(leftOut);
        com.fasterxml.jackson.databind.JsonNode proc = stored.procedure();
        CascadeUseCase.MultiStart m = new CascadeUseCase.MultiStart(proc.path("starts").asInt(1), proc.path("screen").asInt(0),
                proc.path("finalists").asInt(1));
        double prior = EventFile.prior(stored);
        CascadeUseCase.FitRun r = CascadeUseCase.fit(leftOut, m, stored.budget(), stored.seed(), prior,
                proc.path("reporting").asBoolean(false), proc.path("crossMargin").asBoolean(false),
                proc.path("eventHourDepth").asBoolean(false), proc.path("bookShape").asBoolean(false),
                proc.path("panicCloses").asBoolean(false), proc.path("latentLiquidity").asBoolean(false),
                proc.path("foldLeverage").asBoolean(false), io.perpguard.cascade.BehaviourFit.StageSplit.parse(proc.path("foldLeverageAt").asText("1/3")),
                proc.path("carryPanic").asBoolean(false), proc.path("fixedPanicThreshold").asBoolean(false),
                proc.path("carryImpact").asBoolean(false), TierTables.bundled());
        Map<String, Double> want = stored.behaviour().named(), got = r.result().behaviour().named();
        List<String> diff = new ArrayList<>();
        for (Map.Entry<String, Double> e : want.entrySet()) {
            if (!e.getValue().equals(got.get(e.getKey()))) {
                diff.add(e.getKey() + " stored " + e.getValue() + " fitted " + got.get(e.getKey()));
            }
        }
        double storedLoss = stored.procedure().get("loss").asDouble();
        if (storedLoss != r.result().loss()) {
            diff.add("loss stored " + storedLoss + " fitted " + r.result().loss());
        }
        String file = "fits/" + EventFile.fitName(leftOut);
        if (diff.isEmpty()) {
            out.printf("%s reproduced: the same %d values and loss %.6f (%s%sbudget %d, seed %d, %d evaluations)%n", file, want.size(),
                    storedLoss, m.starts() == 1 ? "" : m.starts() + " starts screened for " + m.screen() + ", " + m.finalists() + " finalist(s), ",
                    prior == 0 ? "" : "prior " + prior + ", ", stored.budget(), stored.seed(), r.result().evaluations());
        } else {
            out.printf("%s NOT reproduced (budget %d, seed %d):%n", file, stored.budget(), stored.seed());
            for (String d : diff) {
                out.println("  " + d);
            }
        }
        out.flush();
        return diff.isEmpty() ? 0 : 1;
    }

    /** {@code --validate [--refit]} and {@code --fit [--leave-out EVENT|each]}. */
    static int run(PrintWriter out, boolean validate, boolean refit, boolean fit, String leaveOut, CascadeUseCase.MultiStart m, int budget,
                   long seed, double prior, boolean reporting, boolean crossMargin, boolean eventHour, boolean bookShape, boolean panicCloses,
                   boolean latentLiquidity, boolean foldLeverage, io.perpguard.cascade.BehaviourFit.StageSplit foldAt, boolean carryPanic,
                   boolean fixedPanicThreshold, boolean carryImpact, Path outFile, List<Path> fitsDirs, boolean json) {
        if (foldLeverage && !fit) {
            throw new InvalidInputException("fold-leverage", "needs --fit (it changes how a fit is made; --validate scores the fits as they are)");
        }
        if (fixedPanicThreshold && !fit) {
            throw new InvalidInputException("fixed-panic-threshold", "needs --fit (it changes how a fit is made; --validate scores the fits as they are)");
        }
        Path fitsDir = fitsDirs == null || fitsDirs.isEmpty() ? null : fitsDirs.get(0);
        if (m.starts() > 1 && !fit && !refit) {
            throw new InvalidInputException("starts", "needs --fit or --validate --refit (the stored fits are read as they are)");
        }
        if (prior != 0 && !fit && !refit) {
            throw new InvalidInputException("prior", "needs --fit or --validate --refit (the stored fits are read as they are)");
        }
        CascadeUseCase.Validation v;
        boolean each = "each".equals(leaveOut);
        if (fit && !each) {
            if (validate) {
                throw new InvalidInputException("validate", "needs every fold: use --fit --leave-out each, or --validate --refit");
            }
            CascadeUseCase.FitRun r = CascadeUseCase.fit(leaveOut, m, budget, seed, prior, reporting, crossMargin, eventHour, bookShape,
                    panicCloses, latentLiquidity, foldLeverage, foldAt, carryPanic, fixedPanicThreshold, carryImpact, TierTables.bundled());
            if (outFile == null) {
                out.print(r.json());
            } else {
                write(outFile, r.json());
                out.printf("fitted on %d events (%s): loss %.4f -> %.4f%s in %d evaluations, %d moves%s; written to %s%n",
                        r.trainedOn().size(), leaveOut == null ? "all" : "without " + leaveOut, r.result().startLoss(),
                        r.result().loss(), prior == 0 ? "" : String.format(java.util.Locale.ROOT, " (band loss %.4f + prior penalty %.4f, W = %s)",
                                r.result().bandLoss(), r.result().penalty(), prior),
                        r.result().evaluations(), r.result().moves(),
                        r.result().multiStart() == null ? "" : ", from start " + r.result().multiStart().chosen() + " of " + m.starts(), outFile);
            }
            out.flush();
            return 0;
        }
        if (fit || refit) {
            if (fit && outFile == null) {
                throw new InvalidInputException("out", "--leave-out each writes one file per fit: give --out DIR");
            }
            Map<String, CascadeUseCase.FitRun> runs = CascadeUseCase.fitEach(m, budget, seed, prior, reporting, crossMargin, eventHour,
                    bookShape, panicCloses, latentLiquidity, foldLeverage, foldAt, carryPanic, fixedPanicThreshold, carryImpact, 2, TierTables.bundled());
            if (fit) {
                try {
                    Files.createDirectories(outFile);
                } catch (IOException e) {
                    throw new InvalidInputException("out", "cannot create directory " + outFile + ": " + e.getMessage());
                }
                for (CascadeUseCase.FitRun r : runs.values()) {
                    write(outFile.resolve(EventFile.fitName(r.leftOut())), r.json());
                }
            }
            v = CascadeUseCase.validate(runs, reporting, TierTables.bundled());
        } else {
            if (carryImpact && fitsDir == null) {
                throw new InvalidInputException("carry-impact", "the bundled fits were made without it: give --fits DIR of a --fit --leave-out each --carry-impact run");
            }
            if (carryPanic && fitsDir == null) {
                throw new InvalidInputException("carry-panic", "the bundled fits were made without it: give --fits DIR of a --fit --leave-out each --carry-panic run");
            }
            if (latentLiquidity && fitsDir == null) {
                throw new InvalidInputException("latent-liquidity", "the bundled fits were made without it: give --fits DIR of a --fit --leave-out each --latent-liquidity run");
            }
            if (panicCloses && fitsDir == null) {
                throw new InvalidInputException("panic-closes", "the bundled fits were made without it: give --fits DIR of a --fit --leave-out each --panic-closes run");
            }
            if (bookShape && fitsDir == null) {
                throw new InvalidInputException("book-shape", "the bundled fits were made without it: give --fits DIR of a --fit --leave-out each --book-shape run");
            }
            if (eventHour && fitsDir == null) {
                throw new InvalidInputException("event-hour-depth", "the bundled fits were made without it: give --fits DIR of a --fit --leave-out each --event-hour-depth run");
            }
            if (crossMargin && fitsDir == null) {
                throw new InvalidInputException("cross-margin", "the bundled fits were made without it: give --fits DIR of a --fit --leave-out each --cross-margin run");
            }
            if (reporting && fitsDir == null) {
                throw new InvalidInputException("reporting", "the bundled fits were made without it: give --fits DIR of a --fit --leave-out each --reporting run");
            }
            if (fitsDirs != null && fitsDirs.size() > 1) {
                return seedRuns(out, CascadeUseCase.validate(fitsDirs, reporting, TierTables.bundled()), json);
            }
            v = fitsDir == null ? CascadeUseCase.validate(TierTables.bundled()) : CascadeUseCase.validate(fitsDir, reporting, TierTables.bundled());
        }
        List<BehaviourFit.Row> rows = v.rows();
        int ii = v.inSampleInside(), it = v.bands(), oi = v.outOfSampleInside(), ot = v.bands();
        if (json) {
            Output.json(out, CascadeJson.Validation.of(v));
            return 0;
        }
        out.println("leave-one-out: behaviour fitted on the other events, scored on the one left out");
        List<String[]> body = new ArrayList<>();
        for (BehaviourFit.Row r : rows) {
            body.add(new String[]{r.event(), r.kind(), r.inSample().inside() + "/" + r.inSample().total(),
                    r.outSample().inside() + "/" + r.outSample().total(), Output.num(r.inSample().loss(), 2),
                    Output.num(r.outSample().loss(), 2), r.outsideOut().isEmpty() ? "-" : String.join(" ", r.outsideOut())});
        }
        body.add(new String[]{"all", "", ii + "/" + it, oi + "/" + ot, Output.num(v.inSampleLoss(), 2), Output.num(v.outOfSampleLoss(), 2), ""});
        Output.table(out, new String[]{"event", "kind", "in-sample", "out-of-sample", "loss in", "loss out", "outside (out of sample)"}, body);
        out.printf("  out-of-sample share %s (%d/%d bands inside)%n", Output.pct(ot > 0 ? (double) oi / ot : 0, 1), oi, ot);
        out.flush();
        return 0;
    }

    /** {@code --validate --fits DIR1,DIR2,...}: one line per run of the procedure, then the spread of the out-of-sample count. */
    private static int seedRuns(PrintWriter out, CascadeUseCase.SeedRuns s, boolean json) {
        if (json) {
            Output.json(out, CascadeJson.SeedRuns.of(s));
            return 0;
        }
        out.println("leave-one-out, one run of the procedure per fit directory (seed from its all.json)");
        List<String[]> body = new ArrayList<>();
        for (CascadeUseCase.SeedRun r : s.runs()) {
            CascadeUseCase.Validation v = r.validation();
            body.add(new String[]{r.fits(), String.valueOf(r.seed()), v.inSampleInside() + "/" + v.bands(), v.outOfSampleInside() + "/" + v.bands(),
                    Output.num(v.inSampleLoss(), 2), Output.num(v.outOfSampleLoss(), 2)});
        }
        Output.table(out, new String[]{"fits", "seed", "in-sample", "out-of-sample", "loss in", "loss out"}, body);
        int bands = s.runs().get(0).validation().bands();
        out.printf("  out of sample over %d runs: mean %s, min %d, max %d (of %d bands)%n", s.runs().size(), Output.num(s.meanOutOfSample(), 2),
                s.minOutOfSample(), s.maxOutOfSample(), bands);
        out.flush();
        return 0;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new InvalidInputException("out", "cannot write " + file + ": " + e.getMessage());
        }
    }
}
