package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.app.RecoveryUseCase;
import io.perpguard.app.RuinPct;
import io.perpguard.sim.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code perpguard recovery}: the gain needed to recover each drawdown, and optionally the risk of ruin of a betting plan. */
@Command(name = "recovery", header = "Tabulates the gain that recovers a drawdown, and the risk of ruin of a betting plan.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Gain required to recover a drawdown: 1/(1-d) - 1 (50 %% needs 100 %%, 75 %% needs 300 %%).",
                "With --win-rate (or --win-rate-pct), --payoff and --risk-pct: risk of ruin of fixed-fractional betting, analytic (Lundberg bounds,",
                "diffusion approximation) and simulated."})
public final class RecoveryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--drawdowns", paramLabel = "PCT", split = ",", description = "drawdowns in percent, comma-separated: --drawdowns 10,25,50 (default 10,25,50,75,90)")
    double[] drawdowns = Recovery.defaultDrawdownsPct();
    @Option(names = "--win-rate", paramLabel = "W", description = "win probability, fraction (0.45) or percent over 1 (45; said so in the output)")
    Double winRate;
    @Option(names = "--win-rate-pct", paramLabel = "P", description = "win probability as a stated percent, over 1 (45 = 45 %%)")
    Double winRatePct;
    @Option(names = "--payoff", paramLabel = "R", description = "average win / average loss")
    Double payoff;
    @Option(names = "--risk-pct", paramLabel = "P", description = "percent of equity risked per trade")
    Double riskPct;
    @Option(names = "--ruin-pct", paramLabel = "P", defaultValue = "50", description = RuinPct.HELP + " (default ${DEFAULT-VALUE})")
    double ruinPct;
    @Option(names = "--trades", paramLabel = "N", defaultValue = "1000", description = "trades per simulated path (default ${DEFAULT-VALUE})")
    double trades;   // numbers, checked as given against the use case's ranges (1e12 is outside them, not beyond an int)
    @Option(names = "--paths", paramLabel = "N", defaultValue = "20000", description = "simulated paths (default ${DEFAULT-VALUE})")
    double paths;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed of the simulation (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Override
    public Integer call() {
        // kelly's reading of --win-rate and --win-rate-pct (RecoveryUseCase.Request.of, BetFigures)
        RecoveryUseCase.Result r = RecoveryUseCase.run(RecoveryUseCase.Request.of(drawdowns, winRate, "win-rate", winRatePct, "win-rate-pct", f -> "--" + f,
                payoff, "payoff", riskPct, "risk-pct", RuinPct.check("ruin-pct", ruinPct), RecoveryUseCase.TRADES.check(trades), RecoveryUseCase.PATHS.check(paths), seed));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, r);
            return 0;
        }
        List<String[]> body = new ArrayList<>();
        for (Recovery.Row row : r.rows()) {
            body.add(new String[]{Checks.fmt(row.drawdownPct()) + " %", Output.num(row.requiredGainPct(), 2) + " %"});
        }
        Output.table(out, new String[]{"drawdown", "gain to recover"}, body);
        RecoveryUseCase.RiskOfRuinResult ror = r.riskOfRuin();
        if (ror != null) {
            out.println();
            Output.rows(out, new String[][]{
                    {"bet", "W " + Output.pct(ror.winProbability(), 1) + ", R " + Checks.fmt(payoff) + ", risk "
                            + Checks.fmt(riskPct) + " % per trade (Kelly " + Output.num(ror.kellyPct(), 1) + " %)"},
                    {"ruin", RuinPct.describe(ror.ruinPct())},
                    {"analytic (ever)", Output.pct(ror.ruinProbabilityLowerBound(), 2) + " to " + Output.pct(ror.ruinProbabilityUpperBound(), 2)
                            + " (Lundberg), diffusion " + Output.pct(ror.ruinProbabilityDiffusion(), 2)},
                    {"simulated", Output.pct(ror.simulatedRuinProbability(), 2) + " within " + (long) trades + " trades (" + (long) paths
                            + " paths, seed " + seed + "; 95 % interval " + Output.pct(ror.simulatedInterval95().low(), 2) + " to "
                            + Output.pct(ror.simulatedInterval95().high(), 2) + ")"},
            });
        }
        for (String w : r.warnings()) {
            out.println("  note: " + w);
        }
        out.flush();
        return 0;
    }
}
