package io.perpguard.cli;

import io.perpguard.InvalidInputException;
import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.BehaviourFit;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.EventCascade;
import io.perpguard.cascade.EventModel;
import io.perpguard.cascade.MarketOutcome;
import io.perpguard.cascade.StateLadder;
import io.perpguard.data.cascade.EventFile;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code cascade --event}, {@code --validate} and {@code --fit}: the shared-parameter model. */
final class CascadeValidation {
    /** Trials per fit of the bundled fit.json. */
    static final int BUDGET = 100;
    /** Seed of the bundled fit. */
    static final long SEED = 18;

    private CascadeValidation() {
    }

    private static Function<String, RiskTiers> tiers() {
        Instruments instruments = TierTables.bundled();
        return sym -> instruments.get(sym).tiers();
    }

    /** Runs one event under the bundled fit (all events) and names the mechanism of any amplification. */
    static int event(PrintWriter out, String name, boolean triggerOnly, boolean json) {
        EventFile.Loaded l = EventFile.load(name);
        CascadeEvent e = triggerOnly ? l.triggerOnly() : l.event();
        Behaviour b = EventFile.bundledFits().all();
        EventModel model = new EventModel(tiers());
        EventModel.Prepared p = model.prepare(e, b);
        CascadeResult r = new EventCascade(tiers()).run(p.scenario());
        MarketOutcome ref = r.markets().get(0);
        String mechanism = mechanism(ref, b);
        if (json) {
            Map<String, Object> m = CascadeCommand.toJson(r);
            m.put("kind", e.kind());
            m.put("triggerOnly", triggerOnly);
            m.put("exogenousDrawdownPct", ref.exogenousDrawdownPct());
            m.put("indexFeedbackPct", ref.indexFeedbackPct());
            m.put("mechanism", mechanism);
            List<Map<String, Object>> states = new ArrayList<>();
            for (int i = 0; i < p.built().size(); i++) {
                StateLadder.Built sl = p.built().get(i);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("symbol", p.scenario().markets().get(i).symbol());
                s.put("freshShare", sl.freshShare());
                s.put("crowding", sl.crowding());
                s.put("meanLongLeverage", sl.meanLongLeverage());
                s.put("longLiquidatedBy5PctFall", sl.longAt5Pct());
                s.put("longLiquidatedBy10PctFall", sl.longAt10Pct());
                s.put("depth1PctUsd", sl.depth1PctUsd());
                s.put("beta", sl.beta());
                s.put("defaults", sl.defaults());
                states.add(s);
            }
            m.put("state", states);
            m.put("inputs", e.inputs());
            Output.json(out, m);
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
        out.println("  pre-event state (ladder built from it)");
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < p.built().size(); i++) {
            StateLadder.Built sl = p.built().get(i);
            MarketOutcome o = r.markets().get(i);
            rows.add(new String[]{o.symbol(), Output.pct(sl.freshShare(), 0), Output.num(sl.crowding(), 2), Output.num(sl.meanLongLeverage(), 1),
                    Output.pct(sl.longAt5Pct(), 1), Output.pct(sl.longAt10Pct(), 1), Output.num(sl.depth1PctUsd() / 1e6, 0) + " M",
                    Output.num(sl.beta(), 2), Output.num(o.drawdownPct(), 2) + " %"});
        }
        Output.table(out, new String[]{"market", "fresh OI", "crowding k", "long lev", "long liq ≤5 %", "≤10 %", "1 % depth", "beta", "fall"}, rows);
        List<String> defaults = p.defaults();
        if (!defaults.isEmpty()) {
            out.println("  defaults used (series missing):");
            for (String d : defaults) {
                out.println("    " + d);
            }
        }
        CascadeCommand.printBands(out, r);
        return 0;
    }

    /** One line naming what made the fall larger (or not) than the exogenous driver. */
    static String mechanism(MarketOutcome o, Behaviour b) {
        double extra = o.drawdownPct() - o.exogenousDrawdownPct();
        double fb = -o.indexFeedbackPct();
        if (extra <= 0.05) {
            return String.format(java.util.Locale.ROOT, "none: the fall equals the exogenous driver (%.2f %%); forced selling of $%.0fM was absorbed by refill and the pull to the index",
                    o.exogenousDrawdownPct(), o.liquidatedUsd() / 1e6);
        }
        return String.format(java.util.Locale.ROOT,
                "liquidation spiral through index feedback: $%.0fM of forced selling moved the index %.2f %% (φ = %.2f %% per calm 1 %% depth of net forced flow), "
                        + "which liquidated further positions; the fall exceeds the driver by %.2f pp (%.2f pp index, %.2f pp book walk through withdrawn depth)",
                o.liquidatedUsd() / 1e6, -fb, b.get(Behaviour.INDEX_IMPACT), extra, Math.min(extra, fb), Math.max(0, extra - fb));
    }

    /** {@code --validate} and/or {@code --fit}. */
    static int run(PrintWriter out, boolean validate, boolean fit, int budget, Path outFile, boolean json) {
        List<CascadeEvent> events = EventFile.builtIn();
        BehaviourFit f = new BehaviourFit(tiers());
        BehaviourFit.Fits fits;
        if (fit) {
            if (budget < 0) {
                throw new InvalidInputException("budget", budget + " is below 0");
            }
            long t0 = System.nanoTime();
            fits = f.fitAll(events, Behaviour.defaults(), budget, SEED, 2);
            Map<String, Object> proc = new LinkedHashMap<>();
            proc.put("method", "BehaviourFit: (1+1) evolution strategy from the defaults over the fitted parameters, seeded");
            proc.put("budget", budget);
            proc.put("seed", SEED);
            proc.put("events", events.stream().map(CascadeEvent::name).toList());
            proc.put("seconds", Math.round((System.nanoTime() - t0) / 1e9));
            String text = EventFile.toJson(fits, proc);
            if (outFile != null) {
                try {
                    Files.writeString(outFile, text);
                } catch (IOException e) {
                    throw new InvalidInputException("out", "cannot write " + outFile + ": " + e.getMessage());
                }
            } else if (!validate) {
                out.print(text);
                out.flush();
                return 0;
            }
        } else {
            fits = EventFile.bundledFits();
        }
        List<BehaviourFit.Row> rows = f.validate(events, fits);
        int ii = 0, it = 0, oi = 0, ot = 0;
        for (BehaviourFit.Row r : rows) {
            ii += r.inSample().inside();
            it += r.inSample().total();
            oi += r.outSample().inside();
            ot += r.outSample().total();
        }
        if (json) {
            List<Map<String, Object>> js = new ArrayList<>();
            for (BehaviourFit.Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("event", r.event());
                m.put("kind", r.kind());
                m.put("inSampleInside", r.inSample().inside());
                m.put("outOfSampleInside", r.outSample().inside());
                m.put("bands", r.outSample().total());
                js.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("events", js);
            m.put("inSampleInside", ii);
            m.put("outOfSampleInside", oi);
            m.put("bands", ot);
            m.put("outOfSampleShare", ot > 0 ? (double) oi / ot : Double.NaN);
            Output.json(out, m);
            return 0;
        }
        out.println("leave-one-out: behaviour fitted on the other events, scored on the one left out");
        List<String[]> body = new ArrayList<>();
        for (BehaviourFit.Row r : rows) {
            body.add(new String[]{r.event(), r.kind(), r.inSample().inside() + "/" + r.inSample().total(),
                    r.outSample().inside() + "/" + r.outSample().total()});
        }
        body.add(new String[]{"all", "", ii + "/" + it, oi + "/" + ot});
        Output.table(out, new String[]{"event", "kind", "in-sample", "out-of-sample"}, body);
        out.printf("  out-of-sample share %s (%d/%d bands inside)%n", Output.pct(ot > 0 ? (double) oi / ot : 0, 1), oi, ot);
        out.flush();
        return 0;
    }
}
