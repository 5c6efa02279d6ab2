package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.data.account.PortfolioFile;
import io.perpguard.app.PortfolioUseCase;
import io.perpguard.app.explain.PortfolioText;
import io.perpguard.portfolio.Betas;
import io.perpguard.portfolio.Exposure;
import io.perpguard.portfolio.Hedge;
import io.perpguard.portfolio.Portfolio;
import io.perpguard.portfolio.PortfolioReport;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code perpguard portfolio}: aggregated exposure, the market move that liquidates, VaR/ES, scenarios and hedges. */
@Command(name = "portfolio", header = "Measures portfolio risk across a master account, its sub-accounts and spot holdings.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Portfolio risk across a master account, its sub-accounts and spot holdings: exposure and beta to a benchmark,",
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
    double window;   // checked as given against the use case's range (1e12 is outside 2 to 100,000, not beyond an int)
    @Option(names = "--shock", paramLabel = "SPEC",
            description = "extra scenario, repeatable: a market-wide move in percent (-30: each symbol moves beta × -30 %%) or per symbol (BTCUSDT=-20,ETHUSDT=-35)")
    List<String> shocks = new ArrayList<>();
    @Option(names = "--benchmark", paramLabel = "SYMBOL",
            description = "contract betas are measured against and the hedge is sized in (default " + Betas.DEFAULT_BENCHMARK + ")")
    String benchmark;
    @Mixin
    TiersOption common;
    @Mixin
    TakerFeeOption fee;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // each account priced by the exchange it names (a symbol two venues spell alike included); the venues together
        // name the benchmark and the hedge candidates
        java.util.Set<io.perpguard.venue.Exchange> named = PortfolioFile.exchanges(account);
        io.perpguard.instrument.Instruments market = fee.on(common.instruments(named));
        java.util.Map<io.perpguard.venue.Exchange, io.perpguard.instrument.Instruments> own = new java.util.HashMap<>();
        io.perpguard.portfolio.Venues venues = sub -> sub.account().exchange() == null || named.size() <= 1 ? market
                : own.computeIfAbsent(sub.account().exchange(), ex2 -> fee.on(common.instruments(ex2)));
        // each position's size and prices against its venue's tiers as read, before its account's wallet is checked against the
        // isolated margins (a 10^12 BTC position is the qty's fault, not the wallet's)
        io.perpguard.data.account.AccountFile.PositionCheck tiers = (path, p, ex) -> io.perpguard.app.CalcUseCase.requireWithinTiers(path, p,
                ex == null || named.size() <= 1 ? market : own.computeIfAbsent(ex, ex2 -> fee.on(common.instruments(ex2))));
        PortfolioUseCase.Result run = PortfolioUseCase.run(new PortfolioUseCase.Request(fallback -> PortfolioFile.read(account, fallback, tiers,
                        io.perpguard.app.PooledAccount.pooler(ex -> ex == null || named.size() <= 1 ? market : own.computeIfAbsent(ex, ex2 -> fee.on(common.instruments(ex2)))),
                        PortfolioUseCase.notPastLiquidation(venues)),
                returns, PortfolioUseCase.WINDOW.check(window), shocks, benchmark), market, venues);
        if (common.json()) {
            Output.json(out, run);
        } else {
            // a trade's size as the trader counts it: contracts of a coin-margined contract (its qty is their USD face)
            java.util.function.BiFunction<String, Double, String> size = (sym, q) -> market.contains(sym)
                    && market.get(sym).contract().type().marginMovesWithPrice()
                    ? Checks.fmt(market.get(sym).contract().contractsOf(q)) + " cont." : Checks.fmt(q);
            print(out, run.analysis(), run.warnings(), sym -> market.contains(sym) ? market.get(sym).contract().priceDecimals() : 2, size);
        }
        return 0;
    }

    //-------------------------------------------------------------------------
    //-------------------------------------------------------------------------
    /** @param priceDecimals a symbol's tick decimals (liquidation prices are shown at the tick) */
    private static void print(PrintWriter out, PortfolioAnalysis a, List<String> warnings, java.util.function.ToIntFunction<String> priceDecimals,
                              java.util.function.BiFunction<String, Double, String> size) {
        PortfolioReport r = a.report();
        Exposure e = r.exposure();
        List<String[]> rows = new ArrayList<>();
        for (PortfolioReport.PositionRisk p : r.positions()) {
            // a coin-margined size as the trader counts it: contracts (the notional column is their USD face)
            String qty = p.contractType().marginMovesWithPrice() && Double.isFinite(p.contracts()) ? Checks.fmt(p.contracts()) + " cont." : Checks.fmt(p.qty());
            rows.add(new String[]{p.subAccount(), p.symbol(), p.side().label() + (p.marginMode().label().equals("isolated") ? " iso" : ""),
                    qty, Output.num(p.markPrice(), 2), Output.num(p.notional(), 0), Output.num(p.liquidationPrice(), priceDecimals.applyAsInt(p.symbol())),
                    Output.num(p.beta(), 2), Output.num(p.deltaUsd(), 0)});
        }
        out.println("Positions");
        Output.table(out, new String[]{"sub-account", "symbol", "side", "qty", "mark", "notional", "liq. price", "beta", "delta USD"}, rows);
        out.println();
        out.println("Exposure");
        rows = new ArrayList<>();
        boolean coin = e.coinMarginValue() != 0;
        for (Exposure.Line l : e.symbols()) {
            List<String> row = new ArrayList<>(List.of(l.symbol(), Output.num(l.longNotional(), 0), Output.num(l.shortNotional(), 0),
                    Output.num(l.spotValue(), 0)));
            if (coin) {
                row.add(Output.num(l.coinMarginValue(), 0));
            }
            row.addAll(List.of(Output.num(l.netDeltaUsd(), 0), Output.num(l.delta1PctUsd(), 0), Output.num(l.netQty(), 4),
                    Output.num(l.beta(), 2), Output.num(l.betaWeightedDeltaUsd(), 0)));
            rows.add(row.toArray(new String[0]));
        }
        // the coin margin column only when a coin-margined account is held (its wallet is a long of the coin)
        Output.table(out, coin ? new String[]{"symbol", "long", "short", "spot", "coin margin", "net delta $", "per 1% $", "per $1 move $", "beta", "beta-wtd delta $"}
                : new String[]{"symbol", "long", "short", "spot", "net delta $", "per 1% $", "per $1 move $", "beta", "beta-wtd delta $"}, rows);
        Output.rows(out, new String[][]{
                {"net delta", Output.num(e.netDeltaUsd(), 0) + " USD (" + Output.num(e.netDelta1PctUsd(), 0) + " USD per 1 %)"},
                {PortfolioText.asset(r.betas().benchmark()) + "-beta-weighted delta", Output.num(e.betaWeightedDeltaUsd(), 0) + " USD"},
                {"equity", Output.num(e.equity(), 0) + " USD (wallets + uPnL + spot" + (coin ? "; coin wallets at their coin's mark" : "")
                        + (e.cashValue() != 0 ? "; " + Output.num(e.cashValue(), 0) + " of it stablecoin cash, no market exposure)" : ")")},
                {"gross / net leverage", Output.num(e.grossLeverage(), 2) + "x / " + Output.num(e.netLeverage(), 2) + "x"},
                {"margin ratio (worst)", Output.pct(r.marginRatio(), 2)},
                {"liquidating market move", shockText(r.liquidationShock())},
        });
        out.println();
        out.println("Sub-accounts");
        rows = new ArrayList<>();
        for (PortfolioReport.SubAccountRisk s : r.subAccounts()) {
            int d = money(s.currency());
            rows.add(new String[]{s.name(), Output.num(s.walletBalance(), d) + (coin ? " " + s.currency() : ""), Output.num(s.marginBalance(), d),
                    Output.pct(s.marginRatio(), 2), Output.num(s.transferable(), d), pct(s.shock().downPct()), pct(s.shock().upPct())});
        }
        Output.table(out, new String[]{"name", "wallet", "margin bal.", "margin ratio", "transferable", "liq. on fall", "liq. on rise"}, rows);
        for (PortfolioReport.SubAccountRisk s : r.subAccounts()) {
            if (!s.collateral().isEmpty()) {
                out.println("  " + s.name() + " shares collateral (amounts in USD); in its moves and scenarios: " + PortfolioText.collateral(s.collateral()));
            }
        }
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
                out.printf(Locale.ROOT, "  %s: %s| P&L %s USD%n", PortfolioText.name(res.scenario()), mv, Output.num(res.totalPnl(), 0));
                for (SubAccounts.Outcome o : res.subAccounts()) {
                    int d = money(o.currency()) - 2;
                    String change = Output.num(o.walletBefore(), d) + " -> " + Output.num(o.walletAfter(), d) + coinSuffix(o.currency());
                    // a pool's amounts stay where they are while their USD value moves with the indexes
                    boolean pooled = "USD".equals(o.currency());
                    out.printf(Locale.ROOT, "    %-10s margin ratio %s -> %s  %s%n", o.name(), Output.pct(o.marginRatioBefore(), 1),
                            Output.pct(o.marginRatioAfter(), 1), o.liquidated()
                                    ? "LIQUIDATED (" + String.join(", ", o.liquidatedPositions()) + "), " + (pooled ? "assets worth " : "wallet ") + change
                                    : pooled ? "not liquidated, amounts untouched, worth " + change
                                    : "not liquidated, wallet untouched (" + Output.num(o.walletAfter(), d) + coinSuffix(o.currency()) + ")");
                }
                for (String n : PortfolioText.notes(res.scenario().notes())) {
                    out.println("    note: " + n);
                }
            }
        }
        PortfolioReport.HedgePlan h = r.hedge();
        if (h != null) {
            out.println();
            out.printf(Locale.ROOT, "Hedge: %s %s %s (%s USD) in '%s' neutralises the futures beta-weighted delta%n", h.side().label(),
                    size.apply(h.symbol(), h.qty()), h.symbol(), Output.num(h.notional(), 0), h.subAccount());
            for (PortfolioReport.HedgeStep s : h.steps()) {
                out.printf(Locale.ROOT, "    %3.0f %% of it (%s): liquidating move %s%n", s.fraction() * 100, size.apply(h.symbol(), s.qty()),
                        s.shockAfter() == null ? "cannot be placed (see warnings)" : shockText(s.shockAfter()));
            }
            if (h.minVariance() != null) {
                out.printf(Locale.ROOT, "  min-variance %s hedge %s USD, removes %s of daily P&L variance over %d days%n",
                        PortfolioText.asset(h.symbol()), Output.num(h.minVariance().hedgeNotional(), 0), Output.pct(h.minVariance().effectiveness(), 1), h.minVariance().days());
                rows = new ArrayList<>();
                for (PortfolioReport.Alternative alt : h.alternatives()) {
                    rows.add(new String[]{alt.minVariance().symbol(), Output.num(alt.minVariance().beta(), 2),
                            Output.num(alt.minVariance().correlation(), 2), alt.side().label() + " " + size.apply(alt.minVariance().symbol(), alt.qty()),
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

    /** Decimals of an amount in {@code currency}: 2 for USDT, 6 for a coin (0.0123 BTC is real money). */
    private static int money(String currency) {
        return "USDT".equals(currency) || "USD".equals(currency) ? 2 : 6;
    }

    private static String coinSuffix(String currency) {
        return "USDT".equals(currency) ? "" : " " + currency;
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
