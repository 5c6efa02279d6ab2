package io.perpguard.cli;

import io.perpguard.InvalidInputException;
import io.perpguard.cascade.BandResult;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.CascadeScenario;
import io.perpguard.cascade.CascadeSimulator;
import io.perpguard.cascade.EventCascade;
import io.perpguard.cascade.AnalyticCascade;
import io.perpguard.data.cascade.ScenarioFile;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code perpguard cascade}: run a liquidation-cascade scenario (built-in event or JSON file) and check its bands. */
@Command(name = "cascade", mixinStandardHelpOptions = true, sortOptions = false,
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
    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String n : ScenarioFile.builtInNames()) {
                CascadeScenario s = ScenarioFile.load(n);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", n);
                m.put("description", s.description());
                m.put("bands", s.bands().size());
                rows.add(m);
            }
            if (json) {
                Output.json(out, Map.of("scenarios", rows));
            } else {
                for (Map<String, Object> r : rows) {
                    out.printf("  %-10s %s (%s bands)%n", r.get("name"), r.get("description"), r.get("bands"));
                }
                out.flush();
            }
            return 0;
        }
        if (scenario == null) {
            throw new InvalidInputException("scenario", "is missing (--scenario NAME|FILE, or --list)");
        }
        CascadeScenario s = ScenarioFile.load(scenario);
        Instruments instruments = TierTables.bundled();
        CascadeSimulator sim = switch (core.toLowerCase(java.util.Locale.ROOT)) {
            case "event" -> new EventCascade(sym -> instruments.get(sym).tiers());
            case "analytic" -> new AnalyticCascade(sym -> instruments.get(sym).tiers());
            default -> throw new InvalidInputException("core", "'" + core + "' is not event or analytic");
        };
        CascadeResult r = sim.run(s);
        if (json) {
            Output.json(out, toJson(r));
        } else {
            print(out, s, r);
        }
        return 0;
    }

    /** The JSON object of {@code cascade --json} (issue contract, plus per-market detail). */
    public static Map<String, Object> toJson(CascadeResult r) {
        return io.perpguard.app.json.CascadeJson.result(r);
    }

    private static void print(PrintWriter out, CascadeScenario s, CascadeResult r) {
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

    private static String fmt(double v) {
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
