package io.perpguard.app.json;

import io.perpguard.portfolio.Exposure;
import io.perpguard.portfolio.Hedge;
import io.perpguard.portfolio.PortfolioReport;
import io.perpguard.portfolio.StressTest;
import io.perpguard.portfolio.SubAccounts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON object of {@code portfolio --json}, for the CLI and the desk's {@code POST /api/portfolio}. */
public final class PortfolioJson {
    private PortfolioJson() {
    }

    /** Variance–covariance VaR/ES of one day, USD, losses positive. */
    public record Parametric(double var95, double var99, double es95, double es99) {
    }

    /** Pearson correlation of the daily returns used, symbols in matrix order. */
    public record Correlation(List<String> symbols, double[][] matrix) {
    }

    /**
     * The JSON object of {@code portfolio --json} (the contract, plus detail).
     *
     * @param parametric  delta-normal VaR/ES (from the stats module), null without returns
     * @param correlation the correlation matrix of the returns used, null without returns
     */
    public static Map<String, Object> portfolio(PortfolioReport r, Parametric parametric, Correlation correlation, List<String> warnings) {
        Exposure e = r.exposure();
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> ps = new ArrayList<>();
        for (PortfolioReport.PositionRisk p : r.positions()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("subAccount", p.subAccount());
            j.put("symbol", p.symbol());
            j.put("side", p.side());
            j.put("qty", p.qty());
            j.put("notional", p.notional());
            j.put("markPrice", p.markPrice());
            j.put("liquidationPrice", p.liquidationPrice());
            j.put("beta", p.beta());
            j.put("deltaUsd", p.deltaUsd());
            j.put("marginMode", p.marginMode());
            j.put("positionSide", p.positionSide());
            j.put("entryPrice", p.entryPrice());
            ps.add(j);
        }
        m.put("positions", ps);
        m.put("netDeltaUsd", e.netDeltaUsd());
        m.put("betaWeightedDeltaUsd", e.betaWeightedDeltaUsd());
        m.put("grossLeverage", e.grossLeverage());
        m.put("netLeverage", e.netLeverage());
        m.put("marginRatio", r.marginRatio());
        m.put("liquidationShockPct", r.liquidationShock().nearestPct());
        m.put("liquidationShock", shockJson(r.liquidationShock()));
        Map<String, Object> v = new LinkedHashMap<>();
        PortfolioReport.HistoricalVar hv = r.historicalVar();
        v.put("historical95", hv == null ? null : hv.var95());
        v.put("historical99", hv == null ? null : hv.var99());
        v.put("parametric95", parametric == null ? null : parametric.var95());
        v.put("parametric99", parametric == null ? null : parametric.var99());
        v.put("es95", hv == null ? null : hv.es95());
        v.put("es99", hv == null ? null : hv.es99());
        v.put("parametricEs95", parametric == null ? null : parametric.es95());
        v.put("parametricEs99", parametric == null ? null : parametric.es99());
        v.put("days", hv == null ? null : hv.days());
        v.put("from", r.returns() == null ? null : r.returns().firstDay().toString());
        v.put("to", r.returns() == null ? null : r.returns().lastDay().toString());
        v.put("method", "1-day, USD, losses positive; historical: k-th worst of n daily P&Ls of today's deltas, k = ceil(n(1-c)), "
                + "es95/es99 historical (mean of the k worst); parametric: delta-normal z·σ − μ");
        m.put("var", v);
        if (correlation == null) {
            m.put("correlation", null);
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("symbols", correlation.symbols());
            c.put("matrix", correlation.matrix());
            m.put("correlation", c);
        }
        m.put("hedge", hedgeJson(r.hedge()));
        List<Object> sh = new ArrayList<>();
        for (Hedge.SpotHedge h : r.spotHedges()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("asset", h.asset());
            j.put("symbol", h.symbol());
            j.put("side", h.side());
            j.put("qty", h.qty());
            j.put("notional", h.notional());
            j.put("maxLeverage", h.maxLeverage());
            j.put("minimumMargin", h.minimumMargin());
            List<Object> mm = new ArrayList<>();
            for (int i = 0; i < h.risePct().length; i++) {
                mm.add(Map.of("risePct", h.risePct()[i], "isolatedMargin", h.marginToSurvive()[i]));
            }
            j.put("marginToSurvive", mm);
            sh.add(j);
        }
        m.put("spotHedges", sh);
        List<Object> subs = new ArrayList<>();
        for (PortfolioReport.SubAccountRisk s : r.subAccounts()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", s.name());
            j.put("marginRatio", s.marginRatio());
            j.put("liquidationShockPct", s.shock().nearestPct());
            j.put("liquidationShockDownPct", s.shock().downPct());
            j.put("liquidationShockUpPct", s.shock().upPct());
            j.put("walletBalance", s.walletBalance());
            j.put("marginBalance", s.marginBalance());
            j.put("maintenanceMargin", s.maintenanceMargin());
            j.put("transferable", s.transferable());
            subs.add(j);
        }
        m.put("subAccounts", subs);
        Map<String, Object> ex = new LinkedHashMap<>();
        List<Object> lines = new ArrayList<>();
        for (Exposure.Line l : e.symbols()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("symbol", l.symbol());
            j.put("markPrice", l.markPrice());
            j.put("longNotional", l.longNotional());
            j.put("shortNotional", l.shortNotional());
            j.put("spotValue", l.spotValue());
            j.put("netQty", l.netQty());
            j.put("deltaPerDollarUsd", l.netQty());
            j.put("netDeltaUsd", l.netDeltaUsd());
            j.put("delta1PctUsd", l.delta1PctUsd());
            j.put("beta", l.beta());
            j.put("betaWeightedDeltaUsd", l.betaWeightedDeltaUsd());
            lines.add(j);
        }
        ex.put("symbols", lines);
        ex.put("longNotional", e.longNotional());
        ex.put("shortNotional", e.shortNotional());
        ex.put("spotValue", e.spotValue());
        ex.put("grossNotional", e.grossNotional());
        ex.put("netDeltaUsd", e.netDeltaUsd());
        ex.put("netDelta1PctUsd", e.netDelta1PctUsd());
        ex.put("betaWeightedDeltaUsd", e.betaWeightedDeltaUsd());
        ex.put("futuresBetaWeightedDeltaUsd", e.futuresBetaWeightedDeltaUsd());
        ex.put("equity", e.equity());
        m.put("exposure", ex);
        List<Object> sc = new ArrayList<>();
        for (StressTest.Result res : r.scenarios()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", res.scenario().name());
            Map<String, Object> mv = new LinkedHashMap<>();
            res.scenario().moves().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(en -> mv.put(en.getKey(), en.getValue() * 100));
            j.put("movesPct", mv);
            j.put("notes", res.scenario().notes());
            j.put("liquidated", res.liquidated());
            List<Object> outs = new ArrayList<>();
            for (SubAccounts.Outcome o : res.subAccounts()) {
                Map<String, Object> oj = new LinkedHashMap<>();
                oj.put("name", o.name());
                oj.put("marginRatioBefore", o.marginRatioBefore());
                oj.put("marginRatioAfter", o.marginRatioAfter());
                oj.put("liquidated", o.liquidated());
                oj.put("liquidatedPositions", o.liquidatedPositions());
                oj.put("walletBefore", o.walletBefore());
                oj.put("walletAfter", o.walletAfter());
                oj.put("walletUntouched", o.walletAfter() == o.walletBefore());
                oj.put("pnl", o.pnl());
                outs.add(oj);
            }
            j.put("subAccounts", outs);
            j.put("spotPnl", res.spotPnl());
            j.put("totalPnl", res.totalPnl());
            sc.add(j);
        }
        m.put("scenarios", sc);
        Map<String, Object> betas = new LinkedHashMap<>();
        r.betas().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(en -> betas.put(en.getKey(), en.getValue()));
        m.put("betas", betas);
        m.put("warnings", warnings);
        return m;
    }

    private static Map<String, Object> shockJson(PortfolioReport.Shock s) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("nearestPct", s.nearestPct());
        j.put("downPct", s.downPct());
        j.put("upPct", s.upPct());
        j.put("subAccount", s.subAccount());
        return j;
    }

    private static Map<String, Object> hedgeJson(PortfolioReport.HedgePlan h) {
        if (h == null) {
            return null;
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("symbol", h.symbol());
        j.put("side", h.side());
        j.put("qty", h.qty());
        j.put("liquidationShockPctAfter", h.shockAfter().nearestPct());
        j.put("liquidationShockDownPctAfter", h.shockAfter().downPct());
        j.put("liquidationShockUpPctAfter", h.shockAfter().upPct());
        j.put("notional", h.notional());
        j.put("subAccount", h.subAccount());
        j.put("neutralises", "beta-weighted delta of the futures positions");
        List<Object> steps = new ArrayList<>();
        for (PortfolioReport.HedgeStep s : h.steps()) {
            Map<String, Object> sj = new LinkedHashMap<>();
            sj.put("fraction", s.fraction());
            sj.put("qty", s.qty());
            sj.put("liquidationShockPctAfter", s.shockAfter().nearestPct());
            sj.put("liquidationShockDownPctAfter", s.shockAfter().downPct());
            steps.add(sj);
        }
        j.put("steps", steps);
        j.put("minVariance", h.minVariance() == null ? null : mvJson(h.minVariance()));
        List<Object> alts = new ArrayList<>();
        for (PortfolioReport.Alternative alt : h.alternatives()) {
            Map<String, Object> aj = mvJson(alt.minVariance());
            aj.put("side", alt.side());
            aj.put("qty", alt.qty());
            aj.put("markPrice", alt.markPrice());
            aj.put("placeable", alt.shockAfter() != null);
            aj.put("liquidationShockPctAfter", alt.shockAfter() == null ? null : alt.shockAfter().nearestPct());
            aj.put("liquidationShockDownPctAfter", alt.shockAfter() == null ? null : alt.shockAfter().downPct());
            aj.put("liquidationShockUpPctAfter", alt.shockAfter() == null ? null : alt.shockAfter().upPct());
            alts.add(aj);
        }
        j.put("alternatives", alts);
        return j;
    }

    private static Map<String, Object> mvJson(Hedge.MinVariance mv) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("symbol", mv.symbol());
        j.put("beta", mv.beta());
        j.put("correlation", mv.correlation());
        j.put("hedgeNotional", mv.hedgeNotional());
        j.put("effectiveness", mv.effectiveness());
        j.put("days", mv.days());
        return j;
    }
}
