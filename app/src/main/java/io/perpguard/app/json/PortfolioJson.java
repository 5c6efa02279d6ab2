package io.perpguard.app.json;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.perpguard.app.explain.PortfolioText;
import io.perpguard.margin.Side;
import io.perpguard.portfolio.Exposure;
import io.perpguard.portfolio.Hedge;
import io.perpguard.portfolio.PortfolioReport;
import io.perpguard.portfolio.StressTest;
import io.perpguard.portfolio.SubAccounts;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of {@code portfolio --json} and the desk's {@code POST /api/portfolio}, as records Jackson writes. Core's
 * records whose fields are the contract as they stand are written directly (their order: mix-ins in {@link Json});
 * these records only flatten a shock into its three percentages or add what the reader needs beside a core record.
 *
 * @param liquidationShockPct the nearest market-wide move that liquidates (also in {@code liquidationShock})
 * @param var                 1-day VaR and ES, historical and parametric
 * @param correlation         the correlation matrix of the returns used, null without returns
 * @param betas               beta to the benchmark per symbol, by symbol
 * @param benchmark           the contract betas are measured against (and the hedge is sized in)
 */
public record PortfolioJson(List<PortfolioReport.PositionRisk> positions, double netDeltaUsd, double betaWeightedDeltaUsd,
                            double grossLeverage, double netLeverage, double marginRatio, double liquidationShockPct,
                            PortfolioReport.Shock liquidationShock, Var var, Correlation correlation, HedgePlan hedge,
                            List<SpotHedge> spotHedges, List<SubAccount> subAccounts, Exposure exposure, List<Scenario> scenarios,
                            Map<String, Double> betas, String benchmark, List<String> warnings) {

    /** Variance–covariance VaR/ES of one day, USD, losses positive. */
    public record Parametric(double var95, double var99, double es95, double es99) {
    }

    /** Pearson correlation of the daily returns used, symbols in matrix order. */
    public record Correlation(List<String> symbols, double[][] matrix) {
    }

    /** 1-day VaR and ES in USD, losses positive; null where there are no returns. */
    public record Var(Double historical95, Double historical99, Double parametric95, Double parametric99, Double es95, Double es99,
                      Double parametricEs95, Double parametricEs99, Integer days, String from, String to, String method) {
        static final String METHOD = "1-day, USD, losses positive; historical: k-th worst of n daily P&Ls of today's deltas, k = ceil(n(1-c)), "
                + "es95/es99 historical (mean of the k worst); parametric: delta-normal z·σ − μ";
    }

    /** The shock after a hedge, flattened. */
    @JsonPropertyOrder({"minVariance", "side", "qty", "markPrice", "placeable", "liquidationShockPctAfter",
            "liquidationShockDownPctAfter", "liquidationShockUpPctAfter"})
    public record Alternative(@JsonUnwrapped Hedge.MinVariance minVariance, Side side, double qty, double markPrice, boolean placeable,
                              Double liquidationShockPctAfter, Double liquidationShockDownPctAfter, Double liquidationShockUpPctAfter) {
        static Alternative of(PortfolioReport.Alternative a) {
            PortfolioReport.Shock s = a.shockAfter();
            return new Alternative(a.minVariance(), a.side(), a.qty(), a.markPrice(), s != null, s == null ? null : s.nearestPct(),
                    s == null ? null : s.downPct(), s == null ? null : s.upPct());
        }
    }

    /** Part of the hedge: {@code placeable} false (and the moves null) when the sub-account cannot take the trade (see warnings). */
    @JsonPropertyOrder({"fraction", "qty", "placeable", "liquidationShockPctAfter", "liquidationShockDownPctAfter"})
    public record HedgeStep(double fraction, double qty, boolean placeable, Double liquidationShockPctAfter, Double liquidationShockDownPctAfter) {
        static HedgeStep of(PortfolioReport.HedgeStep s) {
            PortfolioReport.Shock a = s.shockAfter();
            return new HedgeStep(s.fraction(), s.qty(), a != null, a == null ? null : a.nearestPct(), a == null ? null : a.downPct());
        }
    }

    /**
     * The futures hedge that neutralises the beta-weighted delta, its partial steps and the min-variance alternatives;
     * {@code placeable} false (and the moves after it null) when the sub-account cannot take the trade (see warnings).
     */
    @JsonPropertyOrder({"symbol", "side", "qty", "placeable", "liquidationShockPctAfter", "liquidationShockDownPctAfter",
            "liquidationShockUpPctAfter", "notional", "subAccount", "neutralises", "steps", "minVariance", "alternatives"})
    public record HedgePlan(String symbol, Side side, double qty, boolean placeable, Double liquidationShockPctAfter, Double liquidationShockDownPctAfter,
                            Double liquidationShockUpPctAfter, double notional, String subAccount, String neutralises,
                            List<HedgeStep> steps, Hedge.MinVariance minVariance, List<Alternative> alternatives) {
        static HedgePlan of(PortfolioReport.HedgePlan h) {
            if (h == null) {
                return null;
            }
            PortfolioReport.Shock a = h.shockAfter();
            return new HedgePlan(h.symbol(), h.side(), h.qty(), a != null, a == null ? null : a.nearestPct(), a == null ? null : a.downPct(),
                    a == null ? null : a.upPct(), h.notional(), h.subAccount(), "beta-weighted delta held in the futures accounts (positions, coin margin, pooled collateral coins)",
                    h.steps().stream().map(HedgeStep::of).toList(), h.minVariance(), h.alternatives().stream().map(Alternative::of).toList());
        }
    }

    public record SurvivalMargin(double risePct, double isolatedMargin) {
    }

    /** A spot holding hedged by a short perpetual, and the isolated margin that survives each rise. */
    public record SpotHedge(String asset, String symbol, Side side, double qty, double notional, double maxLeverage, double minimumMargin,
                            List<SurvivalMargin> marginToSurvive) {
        static SpotHedge of(Hedge.SpotHedge h) {
            SurvivalMargin[] m = new SurvivalMargin[h.risePct().length];
            for (int i = 0; i < m.length; i++) {
                m[i] = new SurvivalMargin(h.risePct()[i], h.marginToSurvive()[i]);
            }
            return new SpotHedge(h.asset(), h.symbol(), h.side(), h.qty(), h.notional(), h.maxLeverage(), h.minimumMargin(), List.of(m));
        }
    }

    /**
     * A sub-account: its amounts in {@code currency} (USDT, or the coin of a coin-margined account, or USD for one that shares
     * collateral), its equity also in USD; {@code collateral} (a pooled sub-account only): each asset of its pool and how
     * it moves in the shocks — with the position whose own coin it is ({@code withPosition}, {@code symbol}), by its USDT
     * contract's {@code beta}, or held ({@code symbol} null).
     */
    public record SubAccount(String name, double marginRatio, double liquidationShockPct, double liquidationShockDownPct,
                             double liquidationShockUpPct, double walletBalance, double marginBalance, double maintenanceMargin,
                             double transferable, String currency, double equityUsd,
                             @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                             List<io.perpguard.portfolio.ShockBook.CoinMove> collateral) {
        static SubAccount of(PortfolioReport.SubAccountRisk s) {
            return new SubAccount(s.name(), s.marginRatio(), s.shock().nearestPct(), s.shock().downPct(), s.shock().upPct(), s.walletBalance(),
                    s.marginBalance(), s.maintenanceMargin(), s.transferable(), s.currency(), s.equityUsd(), s.collateral());
        }
    }

    /** A sub-account after a scenario; {@code walletUntouched}: the wallet is the same after as before. */
    public record Outcome(@JsonUnwrapped SubAccounts.Outcome outcome, boolean walletUntouched) {
    }

    /** A scenario's moves in percent by symbol, and its result. */
    public record Scenario(String name, Map<String, Double> movesPct, List<String> notes, List<String> liquidated,
                           List<Outcome> subAccounts, double spotPnl, double totalPnl) {
        static Scenario of(StressTest.Result r) {
            Map<String, Double> moves = new TreeMap<>();
            r.scenario().moves().forEach((k, v) -> moves.put(k, v * 100));
            return new Scenario(PortfolioText.name(r.scenario()), moves, PortfolioText.notes(r.scenario().notes()), r.liquidated(),
                    r.subAccounts().stream().map(o -> new Outcome(o, o.walletAfter() == o.walletBefore())).toList(), r.spotPnl(), r.totalPnl());
        }
    }

    /**
     * @param parametric  delta-normal VaR/ES (from the stats module), null without returns
     * @param correlation the correlation matrix of the returns used, null without returns
     */
    public static PortfolioJson of(PortfolioReport r, Parametric parametric, Correlation correlation, List<String> warnings) {
        Exposure e = r.exposure();
        PortfolioReport.HistoricalVar hv = r.historicalVar();
        Var var = new Var(hv == null ? null : hv.var95(), hv == null ? null : hv.var99(), parametric == null ? null : parametric.var95(),
                parametric == null ? null : parametric.var99(), hv == null ? null : hv.es95(), hv == null ? null : hv.es99(),
                parametric == null ? null : parametric.es95(), parametric == null ? null : parametric.es99(), hv == null ? null : hv.days(),
                r.returns() == null ? null : r.returns().firstDay().toString(), r.returns() == null ? null : r.returns().lastDay().toString(),
                Var.METHOD);
        return new PortfolioJson(r.positions(), e.netDeltaUsd(), e.betaWeightedDeltaUsd(), e.grossLeverage(), e.netLeverage(), r.marginRatio(),
                r.liquidationShock().nearestPct(), r.liquidationShock(), var, correlation, HedgePlan.of(r.hedge()),
                r.spotHedges().stream().map(SpotHedge::of).toList(), r.subAccounts().stream().map(SubAccount::of).toList(), e,
                r.scenarios().stream().map(Scenario::of).toList(), new TreeMap<>(r.betas().bySymbol()), r.betas().benchmark(), warnings);
    }
}
