package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.sim.Recovery;
import io.perpguard.sim.RiskOfRuin;
import io.perpguard.sim.Proportion;

import java.util.List;
import java.util.function.UnaryOperator;

/** {@code recovery}: the gain that recovers each drawdown and, for a betting plan, its risk of ruin. */
public final class RecoveryUseCase {
    /** Trades per simulated risk-of-ruin path ({@code --trades}, the body's {@code trades}). */
    public static final Count TRADES = new Count("trades", 1, 100_000);
    /** Risk-of-ruin paths ({@code --paths}, {@code paths}). */
    public static final Count PATHS = new Count("paths", 1, 200_000);
    public static final double DEFAULT_RUIN_PCT = 50;
    public static final int DEFAULT_TRADES = 1000;
    public static final int DEFAULT_PATHS = 20_000;
    public static final long DEFAULT_SEED = 1;
    /** The smallest risk per trade in percent: a trade plan's ({@code TradePlan}, 0.001 %). */
    public static final double MIN_RISK_PCT = 0.001;

    private RecoveryUseCase() {
    }

    /**
     * @param drawdownsPct drawdowns in percent, null for 10,25,50,75,90
     * @param winRate      win probability, fraction (0.45) or percent (45) ({@link BetFigures}), kept as the fraction; with payoff and riskPct: the risk of ruin
     * @param ruinPct      ruin = equity this percent below the starting equity ({@link RuinPct}), null for 50
     * @param notes        how the given win rate was read (warnings of the result)
     */
    public record Request(double[] drawdownsPct, Double winRate, Double payoff, Double riskPct, Double ruinPct, Integer trades,
                          Integer paths, Long seed, List<String> notes) {
        public Request(double[] drawdownsPct, Double winRate, Double payoff, Double riskPct, Double ruinPct, Integer trades,
                       Integer paths, Long seed) {
            this(drawdownsPct, winRate, payoff, riskPct, ruinPct, trades, paths, seed, List.of());
        }

        /**
         * The win rate as a person gave it, in at most one of two fields, read as kelly reads it
         * ({@link BetFigures#winRate(Double, String, Double, String, UnaryOperator)}: {@code rate} a fraction under 1 or a
         * percent over 1, said so in a note; {@code pct} a stated percent); {@code shown} renders a field's name.
         */
        public static Request of(double[] drawdownsPct, Double rate, String rateField, Double pct, String pctField, UnaryOperator<String> shown,
                                 Double payoff, String payoffField, Double riskPct, String riskField, Double ruinPct, Integer trades,
                                 Integer paths, Long seed) {
            boolean anyRate = rate != null || pct != null;
            if ((anyRate || payoff != null || riskPct != null) && !(anyRate && payoff != null && riskPct != null)) {
                // in the front end's words, as kelly's: it said "risk of ruin needs all of winRate, payoff and riskPct" to the CLI
                throw new InvalidInputException(!anyRate ? rateField : payoff == null ? payoffField : riskField, "is missing: risk of ruin needs all of "
                        + shown.apply(rateField) + " (or " + shown.apply(pctField) + "), " + shown.apply(payoffField) + " and " + shown.apply(riskField));
            }
            BetFigures.WinRate w = BetFigures.winRate(rate, rateField, pct, pctField, shown);
            return new Request(drawdownsPct, w == null ? null : w.fraction(), payoff, riskPct, ruinPct, trades, paths, seed,
                    w == null ? List.of() : w.notes());
        }

        public Request {
            notes = List.copyOf(notes);
            drawdownsPct = drawdownsPct == null ? Recovery.defaultDrawdownsPct() : drawdownsPct.clone();
            if (drawdownsPct.length == 0 || drawdownsPct.length > 100) {
                throw new InvalidInputException("drawdowns", "give 1 to 100 drawdowns in percent");
            }
            ruinPct = RuinPct.check("ruinPct", Required.or(ruinPct, DEFAULT_RUIN_PCT));
            trades = TRADES.check(Required.or(trades, DEFAULT_TRADES));
            paths = PATHS.check(Required.or(paths, DEFAULT_PATHS));
            seed = Required.or(seed, DEFAULT_SEED);
            if (winRate != null || payoff != null || riskPct != null) {
                if (winRate == null || payoff == null || riskPct == null) {
                    throw new InvalidInputException(winRate == null ? "winRate" : payoff == null ? "payoff" : "riskPct",
                            "risk of ruin needs all of winRate, payoff and riskPct");
                }
                // named by the request's own fields (the engine's are winProbability and fraction)
                winRate = BetFigures.winRate("winRate", winRate);
                BetFigures.payoff("payoff", payoff);
                Checks.finite("riskPct", riskPct);
                // the floor a trade plan's riskPct has (TradePlan): 1e-300 % sent the engine's search for the adjustment
                // coefficient (about 1/f) past 2^200, an internal error (HTTP 500, exit 3) instead of a refusal
                if (!(riskPct >= MIN_RISK_PCT && riskPct < 100)) {
                    throw new InvalidInputException("riskPct", Checks.fmt(riskPct) + " is outside the allowed range " + Checks.fmt(MIN_RISK_PCT)
                            + " to under 100 (percent of equity per trade)");
                }
            }
        }

        boolean ruin() {
            return winRate != null;
        }

        /** Ruin when equity falls below this fraction of the start. */
        public double ruinFloor() {
            return RuinPct.floor(ruinPct);
        }
    }

    /** Risk of ruin of fixed-fractional betting: analytic bounds and a simulation. */
    public record RiskOfRuinResult(double winProbability, double payoff, double riskPct, double ruinPct, double kellyPct,
                                   double logGrowthPerTrade, double adjustmentCoefficient, double ruinProbabilityUpperBound,
                                   double ruinProbabilityLowerBound, double ruinProbabilityDiffusion, double simulatedRuinProbability,
                                   double simulatedStandardError, Interval95 simulatedInterval95, int simulatedTrades, int simulatedPaths, long seed, String method) {
    }

    /** Serialises as {@code recovery --json}; {@code warnings}: how the win rate was read (as kelly's). */
    public record Result(List<Recovery.Row> rows, @JsonInclude(JsonInclude.Include.NON_NULL) RiskOfRuinResult riskOfRuin, List<String> warnings) {
    }

    public static Result run(Request r) {
        List<Recovery.Row> rows = Recovery.table(r.drawdownsPct());
        if (!r.ruin()) {
            return new Result(rows, null, r.notes());
        }
        double w = r.winRate();
        RiskOfRuin.Game g = new RiskOfRuin.Game(w, r.payoff(), r.riskPct() / 100, r.ruinFloor());
        RiskOfRuin.Analytic a = RiskOfRuin.analytic(g);
        RiskOfRuin.Estimate e = RiskOfRuin.simulate(g, r.trades(), r.paths(), r.seed());
        return new Result(rows, new RiskOfRuinResult(w, r.payoff(), r.riskPct(), r.ruinPct(), 100 * g.kellyFraction(), a.logGrowth(),
                a.adjustmentCoefficient(), a.upperBound(), a.lowerBound(), a.diffusion(), e.probability(), e.standardError(),
                Interval95.of(Proportion.wilson95(e.probability(), e.paths())), r.trades(),
                r.paths(), r.seed(),
                "Lundberg bounds ruinLevel^g*(1-f)^g <= P <= ruinLevel^g with W(1+fR)^-g + (1-W)(1-f)^-g = 1 (infinite horizon); "
                        + "diffusion exp(-2 mu D / sigma^2); simulation over the given number of trades, "
                        + "its 95 % interval the Wilson score interval of the ruined share (sampling error of the paths)"), r.notes());
    }
}
