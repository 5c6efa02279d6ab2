package io.perpguard.data.json;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.sim.Recovery;
import io.perpguard.sim.RiskOfRuin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON object of {@code recovery --json}, for the CLI and the desk's {@code POST /api/recovery}. */
public final class RecoveryJson {
    private RecoveryJson() {
    }

    /**
     * Gain to recover each drawdown and, when all of winRate, payoff and riskPct are given, the risk of ruin.
     *
     * @param winRate fraction (0.45) or percent (45)
     */
    public static Map<String, Object> recovery(double[] drawdowns, Double winRate, Double payoff, Double riskPct, double ruinPct,
                                               int trades, int paths, long seed) {
        List<Recovery.Row> rows = Recovery.table(drawdowns);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("rows", rows);
        Map<String, Object> ror = null;
        if (winRate != null || payoff != null || riskPct != null) {
            if (winRate == null || payoff == null || riskPct == null) {
                throw new InvalidInputException("win-rate", "risk of ruin needs all of winRate, payoff and riskPct (--win-rate, --payoff, --risk-pct)");
            }
            double w = winRate > 1 ? winRate / 100 : winRate;
            Checks.inRange("ruin-pct", ruinPct, 0.0001, 99.9999);
            RiskOfRuin.Game g = new RiskOfRuin.Game(w, payoff, Checks.positive("risk-pct", riskPct) / 100, 1 - ruinPct / 100);
            RiskOfRuin.Analytic a = RiskOfRuin.analytic(g);
            RiskOfRuin.Estimate e = RiskOfRuin.simulate(g, trades, paths, seed);
            ror = new LinkedHashMap<>();
            ror.put("winProbability", w);
            ror.put("payoff", payoff);
            ror.put("riskPct", riskPct);
            ror.put("ruinDrawdownPct", ruinPct);
            ror.put("kellyPct", 100 * g.kellyFraction());
            ror.put("logGrowthPerTrade", a.logGrowth());
            ror.put("adjustmentCoefficient", a.adjustmentCoefficient());
            ror.put("ruinProbabilityUpperBound", a.upperBound());
            ror.put("ruinProbabilityLowerBound", a.lowerBound());
            ror.put("ruinProbabilityDiffusion", a.diffusion());
            ror.put("simulatedRuinProbability", e.probability());
            ror.put("simulatedStandardError", e.standardError());
            ror.put("simulatedTrades", trades);
            ror.put("simulatedPaths", paths);
            ror.put("seed", seed);
            ror.put("method", "Lundberg bounds ruinLevel^g*(1-f)^g <= P <= ruinLevel^g with W(1+fR)^-g + (1-W)(1-f)^-g = 1 (infinite horizon); "
                    + "diffusion exp(-2 mu D / sigma^2); simulation over the given number of trades");
            j.put("riskOfRuin", ror);
        }
        return j;
    }
}
