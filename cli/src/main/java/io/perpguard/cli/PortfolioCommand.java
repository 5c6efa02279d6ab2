package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.account.PortfolioFile;
import io.perpguard.data.market.DailyCandles;
import io.perpguard.data.market.Loaded;
import io.perpguard.instrument.Instruments;
import io.perpguard.market.CandleSeries;
import io.perpguard.portfolio.Exposure;
import io.perpguard.portfolio.Hedge;
import io.perpguard.portfolio.Portfolio;
import io.perpguard.portfolio.PortfolioReport;
import io.perpguard.portfolio.PortfolioRisk;
import io.perpguard.portfolio.StressTest;
import io.perpguard.portfolio.SubAccounts;
import io.perpguard.stats.PortfolioAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code perpguard portfolio}: aggregated exposure, the market move that liquidates, VaR/ES, scenarios and hedges. */
@Command(name = "portfolio", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Portfolio risk across a master account, its sub-accounts and spot holdings: exposure and beta to BTC,",
                "the market-wide move that liquidates, historical and parametric VaR/ES, crash-day replays, hedges."})
public final class PortfolioCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--account", paramLabel = "FILE", required = true,
            description = "account JSON (DESIGN.md format, plus subAccounts[{name, walletBalance, positions[]}] and spot[{asset, qty, price}])")
    Path account;
    @Option(names = "--returns", paramLabel = "DIR",
            description = "directory of daily candle CSVs named SYMBOL-*.csv (betas, VaR, correlation, crash-day scenarios, hedge statistics)")
    Path returns;
    @Option(names = "--window", paramLabel = "DAYS", defaultValue = "365", description = "most recent daily returns used (default ${DEFAULT-VALUE})")
    int window;
    @Option(names = "--shock", paramLabel = "SPEC",
            description = "extra scenario, repeatable: a market-wide move in percent (-30: each symbol moves beta × -30 %%) or per symbol (BTCUSDT=-20,ETHUSDT=-35)")
    List<String> shocks = new ArrayList<>();
    @Mixin
    TiersOption common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Checks.inRange("window", window, 2, 100_000);
        Instruments instruments = common.instruments();
        Map<String, CandleSeries> cache = new HashMap<>();
        List<String> readWarnings = new ArrayList<>();
        Portfolio portfolio = PortfolioFile.read(account, symbol -> {
            if (returns == null) {
                return Double.NaN;
            }
            CandleSeries c = load(List.of(symbol), cache, readWarnings).get(symbol);
            return c == null ? Double.NaN : c.close()[c.size() - 1];
        });
        Map<String, CandleSeries> daily = null;
        if (returns != null) {
            Set<String> wanted = new LinkedHashSet<>(portfolio.symbols());
            wanted.add(Exposure.BTC);
            wanted.addAll(instruments.bySymbol().keySet());
            daily = load(wanted, cache, readWarnings);
        }
        List<Double> market = new ArrayList<>();
        List<StressTest.Scenario> custom = new ArrayList<>();
        for (String s : shocks) {
            parseShock(s, market, custom);
        }
        PortfolioRisk.Options options = new PortfolioRisk.Options(window, market, custom, StressTest.CRASH_DAYS);
        PortfolioReport report = PortfolioRisk.analyse(portfolio, instruments, daily, options);
        PortfolioAnalysis analysis = PortfolioAnalysis.of(report);
        List<String> warnings = new ArrayList<>(readWarnings);
        warnings.addAll(report.warnings());
        if (common.json()) {
            Output.json(out, json(analysis, warnings));
        } else {
            print(out, analysis, warnings);
        }
        return 0;
    }

    private Map<String, CandleSeries> load(Iterable<String> symbols, Map<String, CandleSeries> cache, List<String> warnings) {
        List<String> todo = new ArrayList<>();
        for (String s : symbols) {
            if (!cache.containsKey(s)) {
                todo.add(s);
            }
        }
        if (!todo.isEmpty()) {
            Loaded<Map<String, CandleSeries>> l = DailyCandles.load(returns, todo);
            for (String s : todo) {
                cache.put(s, l.data().get(s));
            }
            warnings.addAll(l.warnings());
        }
        Map<String, CandleSeries> out = new LinkedHashMap<>();
        for (String s : symbols) {
            if (cache.get(s) != null) {
                out.put(s, cache.get(s));
            }
        }
        return out;
    }

    /** {@code -30} / {@code -30%} → market-wide; {@code BTCUSDT=-20,ETHUSDT=-35} → per symbol (others unmoved). */
    static void parseShock(String spec, List<Double> market, List<StressTest.Scenario> custom) {
        String s = spec.trim();
        if (!s.contains("=")) {
            market.add(Checks.inRange("shock", percent("shock", s), -100, 10000) / 100);
            return;
        }
        Map<String, Double> moves = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new InvalidInputException("shock", "'" + part + "' is not SYMBOL=PERCENT");
            }
            String sym = kv[0].trim().toUpperCase(Locale.ROOT);
            moves.put(sym, Checks.inRange("shock." + sym, percent("shock." + sym, kv[1]), -100, 10000) / 100);
        }
        custom.add(new StressTest.Scenario("custom " + s, moves, List.of("symbols not listed do not move")));
    }

    private static double percent(String field, String text) {
        String t = text.trim().replace("%", "");
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "'" + text + "' is not a percentage");
        }
    }

    //-------------------------------------------------------------------------
    /** The JSON object of {@code portfolio --json} (the contract, plus detail). */
    static Map<String, Object> json(PortfolioAnalysis a, List<String> warnings) {
        PortfolioReport r = a.report();
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
        v.put("parametric95", a.parametric() == null ? null : a.parametric().var95());
        v.put("parametric99", a.parametric() == null ? null : a.parametric().var99());
        v.put("es95", hv == null ? null : hv.es95());
        v.put("es99", hv == null ? null : hv.es99());
        v.put("parametricEs95", a.parametric() == null ? null : a.parametric().es95());
        v.put("parametricEs99", a.parametric() == null ? null : a.parametric().es99());
        v.put("days", hv == null ? null : hv.days());
        v.put("from", r.returns() == null ? null : r.returns().firstDay().toString());
        v.put("to", r.returns() == null ? null : r.returns().lastDay().toString());
        v.put("method", "1-day, USD, losses positive; historical: k-th worst of n daily P&Ls of today's deltas, k = ceil(n(1-c)), "
                + "es95/es99 historical (mean of the k worst); parametric: delta-normal z·σ − μ");
        m.put("var", v);
        if (a.correlation() == null) {
            m.put("correlation", null);
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("symbols", a.correlation().symbols());
            c.put("matrix", a.correlation().matrix());
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

    //-------------------------------------------------------------------------
    private static void print(PrintWriter out, PortfolioAnalysis a, List<String> warnings) {
        PortfolioReport r = a.report();
        Exposure e = r.exposure();
        List<String[]> rows = new ArrayList<>();
        for (PortfolioReport.PositionRisk p : r.positions()) {
            rows.add(new String[]{p.subAccount(), p.symbol(), p.side().label() + (p.marginMode().label().equals("isolated") ? " iso" : ""),
                    Checks.fmt(p.qty()), Output.num(p.markPrice(), 2), Output.num(p.notional(), 0), Output.num(p.liquidationPrice(), 2),
                    Output.num(p.beta(), 2), Output.num(p.deltaUsd(), 0)});
        }
        out.println("Positions");
        Output.table(out, new String[]{"sub-account", "symbol", "side", "qty", "mark", "notional", "liq. price", "beta", "delta USD"}, rows);
        out.println();
        out.println("Exposure");
        rows = new ArrayList<>();
        for (Exposure.Line l : e.symbols()) {
            rows.add(new String[]{l.symbol(), Output.num(l.longNotional(), 0), Output.num(l.shortNotional(), 0), Output.num(l.spotValue(), 0),
                    Output.num(l.netDeltaUsd(), 0), Output.num(l.delta1PctUsd(), 0), Output.num(l.netQty(), 4),
                    Output.num(l.beta(), 2), Output.num(l.betaWeightedDeltaUsd(), 0)});
        }
        Output.table(out, new String[]{"symbol", "long", "short", "spot", "net delta $", "per 1% $", "per $1 move $", "beta", "beta-wtd delta $"}, rows);
        Output.rows(out, new String[][]{
                {"net delta", Output.num(e.netDeltaUsd(), 0) + " USD (" + Output.num(e.netDelta1PctUsd(), 0) + " USD per 1 %)"},
                {"BTC-beta-weighted delta", Output.num(e.betaWeightedDeltaUsd(), 0) + " USD"},
                {"equity", Output.num(e.equity(), 0) + " USD (wallets + uPnL + spot)"},
                {"gross / net leverage", Output.num(e.grossLeverage(), 2) + "x / " + Output.num(e.netLeverage(), 2) + "x"},
                {"margin ratio (worst)", Output.pct(r.marginRatio(), 2)},
                {"liquidating market move", shockText(r.liquidationShock())},
        });
        out.println();
        out.println("Sub-accounts");
        rows = new ArrayList<>();
        for (PortfolioReport.SubAccountRisk s : r.subAccounts()) {
            rows.add(new String[]{s.name(), Output.num(s.walletBalance(), 2), Output.num(s.marginBalance(), 2), Output.pct(s.marginRatio(), 2),
                    Output.num(s.transferable(), 2), pct(s.shock().downPct()), pct(s.shock().upPct())});
        }
        Output.table(out, new String[]{"name", "wallet", "margin bal.", "margin ratio", "transferable", "liq. on fall", "liq. on rise"}, rows);
        out.println();
        PortfolioReport.HistoricalVar hv = r.historicalVar();
        if (hv != null) {
            out.printf(Locale.ROOT, "VaR / ES, 1 day, USD (%d daily returns %s to %s)%n", hv.days(), r.returns().firstDay(), r.returns().lastDay());
            Output.rows(out, new String[][]{
                    {"historical VaR 95 / 99", Output.num(hv.var95(), 0) + " / " + Output.num(hv.var99(), 0)},
                    {"parametric VaR 95 / 99", Output.num(a.parametric().var95(), 0) + " / " + Output.num(a.parametric().var99(), 0)},
                    {"historical ES 95 / 99", Output.num(hv.es95(), 0) + " / " + Output.num(hv.es99(), 0)},
                    {"parametric ES 95 / 99", Output.num(a.parametric().es95(), 0) + " / " + Output.num(a.parametric().es99(), 0)},
            });
        } else {
            out.println("VaR / ES: not computed (no daily returns for every symbol; pass --returns DIR)");
        }
        if (a.correlation() != null) {
            out.println("Correlation of daily returns");
            List<String> syms = a.correlation().symbols();
            String[] header = new String[syms.size() + 1];
            header[0] = "";
            rows = new ArrayList<>();
            for (int i = 0; i < syms.size(); i++) {
                header[i + 1] = syms.get(i);
                String[] row = new String[syms.size() + 1];
                row[0] = syms.get(i);
                for (int j = 0; j < syms.size(); j++) {
                    row[j + 1] = Output.num(a.correlation().matrix()[i][j], 2);
                }
                rows.add(row);
            }
            Output.table(out, header, rows);
        }
        if (!r.scenarios().isEmpty()) {
            out.println();
            out.println("Scenarios (today's positions)");
            for (StressTest.Result res : r.scenarios()) {
                StringBuilder mv = new StringBuilder();
                res.scenario().moves().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(en -> mv.append(en.getKey().replace("USDT", "")).append(' ').append(String.format(Locale.ROOT, "%+.1f%% ", en.getValue() * 100)));
                out.printf(Locale.ROOT, "  %s: %s| P&L %s USD%n", res.scenario().name(), mv, Output.num(res.totalPnl(), 0));
                for (SubAccounts.Outcome o : res.subAccounts()) {
                    out.printf(Locale.ROOT, "    %-10s margin ratio %s -> %s  %s%n", o.name(), Output.pct(o.marginRatioBefore(), 1),
                            Output.pct(o.marginRatioAfter(), 1), o.liquidated()
                                    ? "LIQUIDATED (" + String.join(", ", o.liquidatedPositions()) + "), wallet " + Output.num(o.walletBefore(), 0)
                                    + " -> " + Output.num(o.walletAfter(), 0)
                                    : "not liquidated, wallet untouched (" + Output.num(o.walletAfter(), 0) + ")");
                }
                for (String n : res.scenario().notes()) {
                    out.println("    note: " + n);
                }
            }
        }
        PortfolioReport.HedgePlan h = r.hedge();
        if (h != null) {
            out.println();
            out.printf(Locale.ROOT, "Hedge: %s %s %s (%s USD) in '%s' neutralises the futures beta-weighted delta%n", h.side().label(),
                    Output.num(h.qty(), 4), h.symbol(), Output.num(h.notional(), 0), h.subAccount());
            for (PortfolioReport.HedgeStep s : h.steps()) {
                out.printf(Locale.ROOT, "    %3.0f %% of it (%s): liquidating move %s%n", s.fraction() * 100, Output.num(s.qty(), 4), shockText(s.shockAfter()));
            }
            if (h.minVariance() != null) {
                out.printf(Locale.ROOT, "  min-variance BTC hedge %s USD, removes %s of daily P&L variance over %d days%n",
                        Output.num(h.minVariance().hedgeNotional(), 0), Output.pct(h.minVariance().effectiveness(), 1), h.minVariance().days());
                rows = new ArrayList<>();
                for (PortfolioReport.Alternative alt : h.alternatives()) {
                    rows.add(new String[]{alt.minVariance().symbol(), Output.num(alt.minVariance().beta(), 2),
                            Output.num(alt.minVariance().correlation(), 2), alt.side().label() + " " + Output.num(alt.qty(), 4),
                            Output.num(Math.abs(alt.minVariance().hedgeNotional()), 0), Output.pct(alt.minVariance().effectiveness(), 1),
                            alt.shockAfter() == null ? "cannot be placed (see warnings)" : shockText(alt.shockAfter())});
                }
                out.println("  hedge instruments ranked by historical effectiveness (variance removed)");
                Output.table(out, new String[]{"symbol", "beta", "corr.", "trade", "notional", "effective", "liquidating move after"}, rows);
            }
        }
        for (Hedge.SpotHedge sh : r.spotHedges()) {
            out.printf(Locale.ROOT, "Spot %s %s: short %s %s (%s USD); needs at least %s USD at %sx, %s USD isolated to survive +%.0f %%, %s USD for +%.0f %%%n",
                    Checks.fmt(sh.qty()), sh.asset(), Checks.fmt(sh.qty()), sh.symbol(), Output.num(sh.notional(), 0),
                    Output.num(sh.minimumMargin(), 0), Checks.fmt(sh.maxLeverage()), Output.num(sh.marginToSurvive()[0], 0), sh.risePct()[0],
                    Output.num(sh.marginToSurvive()[1], 0), sh.risePct()[1]);
        }
        if (!warnings.isEmpty()) {
            out.println();
            for (String w : warnings) {
                out.println("warning: " + w);
            }
        }
        out.flush();
    }

    private static String shockText(PortfolioReport.Shock s) {
        if (Double.isNaN(s.nearestPct())) {
            return "none within -99 % … +1000 %";
        }
        return String.format(Locale.ROOT, "%+.2f %% (fall %s, rise %s)%s", s.nearestPct(), pct(s.downPct()), pct(s.upPct()),
                s.subAccount() == null ? "" : ", '" + s.subAccount() + "' first");
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "none" : String.format(Locale.ROOT, "%+.2f %%", v);
    }

    static LocalDate day(long ms) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}
