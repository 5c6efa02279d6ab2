package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionReport;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Portfolio risk in one pass: positions and their liquidation prices (the margin engine's), exposure and betas,
 * the liquidating market-wide move of every sub-account, historical VaR/ES, stress scenarios and hedges.
 * Pure: candles come in as values; parametric VaR and the correlation matrix are added by the stats module.
 */
public final class PortfolioRisk {
    /** Hedge fractions shown in {@link PortfolioReport.HedgePlan#steps()}. */
    static final double[] HEDGE_STEPS = {0.25, 0.5, 0.75, 1.0};
    /** Fewer common days than this and betas/VaR carry a warning. */
    static final int FEW_DAYS = 60;

    private PortfolioRisk() {
    }

    /**
     * Options.
     *
     * @param window       most recent common days of returns used for betas, VaR and hedges (&ge; 2)
     * @param marketShocks user-defined market-wide moves (fractions, each symbol moves β × it)
     * @param scenarios    user-defined per-symbol scenarios
     * @param crashDays    past days replayed when candles are given
     * @param benchmark    the contract betas are measured against and the hedge is sized in; null for
     *                     {@value Betas#DEFAULT_BENCHMARK} ({@link Betas#benchmark})
     */
    public record Options(int window, List<Double> marketShocks, List<StressTest.Scenario> scenarios, List<LocalDate> crashDays,
                          String benchmark) {
        public Options {
            Checks.inRange("window", window, 2, 100_000);
            marketShocks = List.copyOf(marketShocks);
            scenarios = List.copyOf(scenarios);
            crashDays = List.copyOf(crashDays);
        }

        public static Options defaults() {
            return new Options(365, List.of(), List.of(), StressTest.CRASH_DAYS, null);
        }
    }

    /**
     * Analyses a portfolio.
     *
     * @param daily daily candles by symbol, or null when none are given (then the benchmark has beta 1, others unknown,
     *              and VaR, correlations, scenarios and hedge statistics are left out with a warning)
     */
    public static PortfolioReport analyse(Portfolio portfolio, Instruments instruments, Map<String, CandleSeries> daily,
                                          Options options) {
        return analyse(portfolio, instruments, Venues.uniform(instruments), daily, options);
    }

    /**
     * Analyses a portfolio whose sub-accounts are each priced by their own venue ({@code venues}: positions, margin,
     * liquidating moves, scenarios, the hedge added to a sub-account); {@code instruments} name the benchmark, the
     * hedge candidates and the spot hedges.
     */
    public static PortfolioReport analyse(Portfolio portfolio, Instruments instruments, Venues venues, Map<String, CandleSeries> daily,
                                          Options options) {
        List<PortfolioNote> warnings = new ArrayList<>();
        String bench = Betas.benchmark(options.benchmark(), instruments);
        List<String> symbols = portfolio.symbols();
        for (SubAccount s : portfolio.subAccounts()) {
            if (!s.pooled()) {
                requireOneCurrency(s, venues.of(s));
            }
        }
        // a pool's coins are among the symbols (SubAccount.coins): moved, measured and in VaR as spot holdings are
        List<String> moved = symbols;

        // --- betas from real returns
        Betas betas = Betas.none(bench);
        ReturnMatrix matrix = null;
        List<String> missing = new ArrayList<>();
        if (daily == null) {
            warnings.add(PortfolioNote.of(PortfolioNote.Code.NO_RETURNS, "benchmark", bench));
        } else {
            Set<String> needed = new LinkedHashSet<>(symbols);
            needed.add(bench);
            List<String> have = new ArrayList<>();
            for (String s : needed) {
                (daily.containsKey(s) ? have : missing).add(s);
            }
            if (!missing.isEmpty()) {
                warnings.add(PortfolioNote.of(PortfolioNote.Code.NO_CANDLES, "symbols", List.copyOf(missing)));
            }
            if (have.contains(bench)) {
                matrix = ReturnMatrix.align(have, daily, options.window());
                if (matrix.days() < 2) {
                    warnings.add(PortfolioNote.of(PortfolioNote.Code.TOO_FEW_DAYS, "days", matrix.days()));
                    matrix = null;
                } else {
                    if (matrix.days() < FEW_DAYS) {
                        warnings.add(PortfolioNote.of(PortfolioNote.Code.FEW_DAYS, "days", matrix.days()));
                    }
                    betas = Betas.estimate(matrix, bench);
                }
            }
        }

        Exposure exposure = Exposure.of(portfolio, betas);
        if (!exposure.assumedBeta().isEmpty() && daily != null) {
            warnings.add(PortfolioNote.of(PortfolioNote.Code.BETA_ASSUMED, "symbols", exposure.assumedBeta()));
        }

        // --- positions, margin ratios, liquidating moves
        List<PortfolioReport.PositionRisk> positions = new ArrayList<>();
        List<PortfolioReport.SubAccountRisk> subs = new ArrayList<>();
        double worstRatio = Double.NaN;
        Map<String, MarketShock.Result> shocks = shocks(portfolio, venues, betas);
        for (SubAccount s : portfolio.subAccounts()) {
            if (s.pooled()) {
                worstRatio = pooled(s, venues.of(s), betas, shocks.get(s.name()), positions, subs, worstRatio);
                continue;
            }
            AccountReport r = MarginCalculator.evaluate(s.account(), venues.of(s));
            for (PositionReport pr : r.positions()) {
                double beta = betas.of(pr.symbol());
                double usd = pr.contractType().usd(pr.notional(), pr.markPrice());   // inverse: the face
                positions.add(new PortfolioReport.PositionRisk(s.name(), pr.symbol(), pr.side(), pr.marginMode(),
                        pr.positionSide(), pr.qty(), pr.entryPrice(), pr.markPrice(), usd, pr.liquidationPrice(),
                        beta, pr.side().sign() * usd, pr.contractType(), pr.contracts()));
            }
            if (!Double.isNaN(r.marginRatio()) && (Double.isNaN(worstRatio) || r.marginRatio() > worstRatio)) {
                worstRatio = r.marginRatio();
            }
            subs.add(new PortfolioReport.SubAccountRisk(s.name(), r.walletBalance(), r.marginBalance(), r.maintenanceMargin(),
                    r.marginRatio(), SubAccounts.transferable(s), shock(s.name(), shocks.get(s.name())),
                    SubAccounts.currency(s, venues.of(s)), s.usdAtMark(s.equity())));
        }
        PortfolioReport.Shock total = combine(shocks);

        // --- VaR
        double[] pnl = null;
        double[] futuresPnl = null;
        PortfolioReport.HistoricalVar hv = null;
        if (matrix != null) {
            double[] delta = new double[matrix.symbols().size()];
            double[] futuresDelta = new double[delta.length];
            for (int i = 0; i < delta.length; i++) {
                Exposure.Line l = exposure.line(matrix.symbols().get(i));
                delta[i] = l == null ? 0 : l.netDeltaUsd();
                futuresDelta[i] = l == null ? 0 : l.futuresDeltaUsd();   // positions and coin margin, in USD
            }
            futuresPnl = ValueAtRisk.pnl(futuresDelta, matrix);
            if (missing.isEmpty()) {
                pnl = ValueAtRisk.pnl(delta, matrix);
                hv = new PortfolioReport.HistoricalVar(ValueAtRisk.historical(pnl, 0.95), ValueAtRisk.historical(pnl, 0.99),
                        ValueAtRisk.expectedShortfall(pnl, 0.95), ValueAtRisk.expectedShortfall(pnl, 0.99), pnl.length);
            }
        }

        // --- scenarios
        List<StressTest.Result> scenarios = new ArrayList<>();
        Map<String, Double> netQty = new HashMap<>();
        for (Exposure.Line l : exposure.symbols()) {
            netQty.put(l.symbol(), l.netQty());
        }
        if (daily != null) {
            for (LocalDate d : options.crashDays()) {
                for (boolean intraday : new boolean[]{false, true}) {
                    StressTest.Scenario sc = StressTest.historical(d, intraday, moved, daily, netQty, betas);
                    scenarios.add(StressTest.apply(portfolio, venues, sc));
                }
            }
        }
        for (double m : options.marketShocks()) {
            scenarios.add(StressTest.apply(portfolio, venues, StressTest.marketWide(m, moved, betas.bySymbol())));
        }
        for (StressTest.Scenario sc : options.scenarios()) {
            scenarios.add(StressTest.apply(portfolio, venues, sc));
        }

        // --- hedges
        PortfolioReport.HedgePlan hedge = hedge(portfolio, instruments, venues, daily, betas, exposure, matrix, futuresPnl, total,
                options.window(), warnings);
        List<Hedge.SpotHedge> spotHedges = new ArrayList<>();
        for (SpotHolding h : portfolio.market()) {   // stablecoin cash has nothing to hedge
            if (instruments.contains(h.symbol())) {
                spotHedges.add(Hedge.spot(h, instruments.get(h.symbol())));
            } else {
                warnings.add(PortfolioNote.of(PortfolioNote.Code.SPOT_NO_PERPETUAL, "asset", h.asset(), "symbol", h.symbol()));
            }
        }
        return new PortfolioReport(positions, exposure, betas, worstRatio, total, subs, matrix, pnl, hv, scenarios, hedge,
                spotHedges, warnings);
    }

    /**
     * A pooled sub-account's lines: each position's figures from the margin engine on its settlement asset's wallet, its
     * liquidation price the pool's (core's {@link io.perpguard.margin.CollateralPool}); the sub-account's totals in USD
     * (wallets at their indexes, margin balance and maintenance as the venue counts them; transferable: the margin
     * balance less the cross positions' initial margin). Returns the worst ratio so far.
     */
    private static double pooled(SubAccount s, Instruments own, Betas betas, MarketShock.Result shock,
                                 List<PortfolioReport.PositionRisk> positions, List<PortfolioReport.SubAccountRisk> subs, double worstRatio) {
        io.perpguard.margin.CollateralPool pool = new io.perpguard.margin.CollateralPool(s.pool(), s.account().positions(), s.account().exchange());
        io.perpguard.margin.PoolReport pr = pool.evaluate(own);
        Map<String, Double> liq = new HashMap<>();
        pr.liquidations().forEach(l -> liq.put(l.symbol(), l.liquidationPrice()));
        double walletUsd = 0, im = 0;
        for (io.perpguard.margin.CollateralAsset c : s.pool()) {
            walletUsd += c.amount() * c.indexPrice();
        }
        for (Position p : s.account().positions()) {
            io.perpguard.margin.CollateralAsset c = s.pool().get(pool.indexOf(own.get(p.symbol()).contract().settlementCurrency()));
            // the position on its own wallet, for its own figures (notional, contracts); the liquidation price is the pool's
            AccountReport r = MarginCalculator.evaluate(new io.perpguard.margin.Account(Math.max(Math.max(c.amount(), 0), p.isolatedMargin()),
                    List.of(p), s.account().exchange()), own);
            PositionReport q = r.positions().get(0);
            double usd = q.contractType().usd(q.notional(), q.markPrice());
            double lp = p.marginMode() == io.perpguard.margin.MarginMode.CROSS ? liq.getOrDefault(p.symbol(), Double.NaN) : q.liquidationPrice();
            positions.add(new PortfolioReport.PositionRisk(s.name(), q.symbol(), q.side(), q.marginMode(), q.positionSide(), q.qty(),
                    q.entryPrice(), q.markPrice(), usd, lp, betas.of(q.symbol()), q.side().sign() * usd, q.contractType(), q.contracts()));
            if (p.marginMode() == io.perpguard.margin.MarginMode.CROSS) {
                im += usd / p.leverage();
            }
        }
        double ratio = pr.marginRatio();
        subs.add(new PortfolioReport.SubAccountRisk(s.name(), walletUsd, pr.marginBalanceUsd(), pr.maintenanceMarginUsd(), ratio,
                Math.max(0, pr.marginBalanceUsd() - im), shock(s.name(), shock), "USD", s.equity(),
                ShockBook.of(s, own, betas.bySymbol()).coinMoves()));
        return !Double.isNaN(ratio) && (Double.isNaN(worstRatio) || ratio > worstRatio) ? ratio : worstRatio;
    }

    /**
     * Refuses a sub-account whose wallet's currency is unknown or not one: coin-margined positions of two coins (each
     * coin is its own wallet on the venue), or an account on a venue that lists only coin-margined contracts with no
     * position to say which coin.
     */
    static void requireOneCurrency(SubAccount s, Instruments own) {
        String currency = null, first = null;
        for (Position p : s.account().positions()) {
            String c = own.get(p.symbol()).contract().settlementCurrency();   // unknown symbols refused up front
            if (currency == null) {
                currency = c;
                first = p.symbol();
            } else if (!currency.equals(c)) {
                throw new io.perpguard.InvalidInputException("positions", "sub-account '" + s.name() + "' holds " + first + " (settled in "
                        + currency + ") and " + p.symbol() + " (settled in " + c + "): one wallet holds one currency; put each coin's "
                        + "positions in a sub-account of its own");
            }
        }
        io.perpguard.venue.Exchange ex = s.account().exchange();
        if (currency == null && ex != null && !ex.lists(io.perpguard.venue.ContractType.LINEAR) && s.account().walletBalance() > 0) {
            throw new io.perpguard.InvalidInputException("walletBalance", "sub-account '" + s.name() + "' is on " + ex.displayName()
                    + " and holds no position, so its wallet's coin is unknown: leave it out or list its positions");
        }
    }

    /** Each sub-account's liquidating move. */
    public static Map<String, MarketShock.Result> shocks(Portfolio portfolio, Instruments instruments, Betas betas) {
        return shocks(portfolio, Venues.uniform(instruments), betas);
    }

    /** Each sub-account's liquidating move, priced by its own venue. */
    public static Map<String, MarketShock.Result> shocks(Portfolio portfolio, Venues venues, Betas betas) {
        Map<String, MarketShock.Result> out = new LinkedHashMap<>();
        for (SubAccount s : portfolio.subAccounts()) {
            out.put(s.name(), MarketShock.solve(ShockBook.of(s, venues.of(s), betas.bySymbol())));
        }
        return out;
    }

    /** The portfolio's liquidating move: the nearest fall and rise over all sub-accounts. */
    public static PortfolioReport.Shock combine(Map<String, MarketShock.Result> shocks) {
        double down = Double.NaN, up = Double.NaN;
        String downName = null, upName = null;
        for (var e : shocks.entrySet()) {
            MarketShock.Result r = e.getValue();
            if (!Double.isNaN(r.down()) && (Double.isNaN(down) || r.down() > down)) {
                down = r.down();
                downName = e.getKey();
            }
            if (!Double.isNaN(r.up()) && (Double.isNaN(up) || r.up() < up)) {
                up = r.up();
                upName = e.getKey();
            }
        }
        MarketShock.Result all = new MarketShock.Result(down, up, 0);
        double nearest = all.nearest();
        String name = Double.isNaN(nearest) ? null : nearest == down ? downName : upName;
        return new PortfolioReport.Shock(down * 100, up * 100, nearest * 100, name);
    }

    static PortfolioReport.Shock shock(String name, MarketShock.Result r) {
        double n = r.nearest();
        return new PortfolioReport.Shock(r.down() * 100, r.up() * 100, n * 100, Double.isNaN(n) ? null : name);
    }

    private static PortfolioReport.HedgePlan hedge(Portfolio portfolio, Instruments instruments, Venues venues, Map<String, CandleSeries> daily,
                                                   Betas betas, Exposure exposure, ReturnMatrix matrix,
                                                   double[] futuresPnl, PortfolioReport.Shock total, int window,
                                                   List<PortfolioNote> warnings) {
        double bwd = exposure.futuresBetaWeightedDeltaUsd();
        boolean anyFutures = portfolio.subAccounts().stream().anyMatch(s -> !s.account().positions().isEmpty());
        String bench = betas.benchmark();
        if (!anyFutures || bwd == 0) {
            return null;
        }
        if (!instruments.contains(bench)) {
            warnings.add(PortfolioNote.of(PortfolioNote.Code.HEDGE_BENCHMARK_NOT_LISTED, "symbol", bench));
            return null;
        }
        double benchMark = markOf(portfolio, daily, bench, warnings);
        if (Double.isNaN(benchMark)) {
            warnings.add(PortfolioNote.of(PortfolioNote.Code.NO_BENCHMARK_PRICE, "symbol", bench));
            return null;
        }
        String target = total.subAccount() != null ? total.subAccount() : largestBetaDelta(portfolio, betas);
        SubAccount targetSub = portfolio.subAccount(target);
        boolean listed = venues.of(targetSub).contains(bench);
        if (!listed && targetSub.settlement() == instruments.get(bench).contract().type()) {
            warnings.add(PortfolioNote.of(PortfolioNote.Code.HEDGE_BENCHMARK_NOT_LISTED, "symbol", bench));
            return null;   // the benchmark is not traded where the hedge would go
        }
        if (!targetSub.account().positions().isEmpty()
                && (!listed || venues.of(targetSub).get(bench).contract().type() != targetSub.settlement())) {
            // the benchmark settles in another currency than the wallet the hedge would go in (a USDT contract in a coin account)
            warnings.add(PortfolioNote.of(PortfolioNote.Code.HEDGE_OTHER_CURRENCY, "symbol", bench, "subAccount", target,
                    "currency", SubAccounts.currency(targetSub, venues.of(targetSub))));
            return null;
        }
        Side side = bwd > 0 ? Side.SHORT : Side.LONG;
        Instruments there = venues.of(portfolio.subAccount(target));
        // β_benchmark = 1: the benchmark notional that offsets the beta-weighted delta, as an order (whole steps)
        io.perpguard.venue.ContractType benchType = there.get(bench).contract().type();
        double exact = benchType.qtyOfUsd(Math.abs(bwd), benchMark);   // base units, or the face of a coin-margined benchmark
        double qty = there.get(bench).contract().hedgeQty(exact);
        List<PortfolioReport.HedgeStep> steps = new ArrayList<>();
        for (double f : HEDGE_STEPS) {
            double q = f == 1 ? qty : there.get(bench).contract().hedgeQty(f * exact);
            PortfolioReport.Shock after;
            try {
                after = shockWith(portfolio, venues, betas, target, bench, side, q, benchMark);
            } catch (io.perpguard.InvalidInputException e) {
                // as an alternative that cannot be placed: a warning and no move, not the whole report refused
                notPlaceable(warnings, bench, target, e);
                after = null;
            }
            steps.add(new PortfolioReport.HedgeStep(f, q, after));
        }
        Hedge.MinVariance mv = null;
        List<PortfolioReport.Alternative> alternatives = new ArrayList<>();
        if (matrix != null && futuresPnl != null) {
            mv = Hedge.minVariance(bench, 1, futuresPnl, matrix.row(bench));
            for (String c : instruments.bySymbol().keySet().stream().sorted().toList()) {
                double[] r = candidateReturns(c, matrix, daily, window);
                if (r == null || !there.contains(c) || there.get(c).contract().type() != targetSub.settlement()
                        && !targetSub.account().positions().isEmpty()) {
                    continue;   // not a trade the target sub-account can place: not listed on its venue, or settled in another currency
                }
                double mark = markOf(portfolio, daily, c, warnings);
                double beta = c.equals(bench) ? 1 : matrix.has(c) ? betas.of(c)
                        : SampleMoments.beta(r, matrix.row(bench));
                Hedge.MinVariance alt = Hedge.minVariance(c, beta, futuresPnl, r);
                double q = there.get(c).contract().hedgeQty(there.get(c).contract().type().qtyOfUsd(Math.abs(alt.hedgeNotional()), mark));
                PortfolioReport.Shock after;
                try {
                    after = q > 0 ? shockWith(portfolio, venues, betas.with(c, beta), target, c, alt.side(), q, mark) : total;
                } catch (io.perpguard.InvalidInputException e) {
                    // e.g. adding to an isolated position whose margin the wallet cannot cover
                    notPlaceable(warnings, c, target, e);
                    after = null;
                }
                alternatives.add(new PortfolioReport.Alternative(alt, alt.side(), q, mark, after));
            }
            alternatives.sort(Comparator.comparingDouble((PortfolioReport.Alternative a) -> a.minVariance().effectiveness()).reversed());
        }
        return new PortfolioReport.HedgePlan(bench, side, qty, benchType.usd(benchType.notional(qty, benchMark), benchMark), target, steps.get(steps.size() - 1).shockAfter(),
                steps, mv, alternatives);
    }

    /** Notes once per symbol and sub-account (the first size refused) that a hedge trade cannot be placed there. */
    private static void notPlaceable(List<PortfolioNote> warnings, String symbol, String subAccount, io.perpguard.InvalidInputException e) {
        boolean noted = warnings.stream().anyMatch(w -> w.code() == PortfolioNote.Code.HEDGE_NOT_PLACEABLE
                && symbol.equals(w.values().get("symbol")) && subAccount.equals(w.values().get("subAccount")));
        if (!noted) {
            warnings.add(PortfolioNote.of(PortfolioNote.Code.HEDGE_NOT_PLACEABLE, "symbol", symbol, "subAccount", subAccount,
                    "problem", e.getMessage()));
        }
    }

    /** The candidate's returns on the matrix's days, or null when it lacks any of them. */
    private static double[] candidateReturns(String c, ReturnMatrix matrix, Map<String, CandleSeries> daily, int window) {
        if (matrix.has(c)) {
            return matrix.row(c);
        }
        if (!daily.containsKey(c)) {
            return null;
        }
        List<String> syms = new ArrayList<>(matrix.symbols());
        syms.add(c);
        Map<String, CandleSeries> sub = new HashMap<>();
        for (String s : syms) {
            sub.put(s, daily.get(s));
        }
        ReturnMatrix m = ReturnMatrix.align(syms, sub, window);
        return m.days() == matrix.days() && m.dayMs()[0] == matrix.dayMs()[0] ? m.row(c) : null;
    }

    /** The liquidating move of the portfolio with a trade added to one sub-account. */
    public static PortfolioReport.Shock shockWith(Portfolio portfolio, Instruments instruments, Betas betas,
                                                  String subAccount, String symbol, Side side, double qty, double mark) {
        return shockWith(portfolio, Venues.uniform(instruments), betas, subAccount, symbol, side, qty, mark);
    }

    /** The same, the trade on the sub-account's own venue and every sub-account priced by its own. */
    public static PortfolioReport.Shock shockWith(Portfolio portfolio, Venues venues, Betas betas,
                                                  String subAccount, String symbol, Side side, double qty, double mark) {
        SubAccount sub = portfolio.subAccount(subAccount);
        SubAccount hedged = Hedge.withPosition(sub, venues.of(sub).get(symbol), side, qty, mark);
        return combine(shocks(portfolio.with(hedged), venues, betas));
    }

    private static String largestBetaDelta(Portfolio portfolio, Betas betas) {
        String best = portfolio.subAccounts().get(0).name();
        double most = -1;
        for (SubAccount s : portfolio.subAccounts()) {
            double d = Exposure.betaWeightedDeltaUsd(s, betas);
            if (Math.abs(d) > most) {
                most = Math.abs(d);
                best = s.name();
            }
        }
        return best;
    }

    /** A symbol's price: a position's mark, else a spot price, else the last daily close (noted). */
    static double markOf(Portfolio portfolio, Map<String, CandleSeries> daily, String symbol, List<PortfolioNote> warnings) {
        double m = portfolio.markOf(symbol);
        if (!Double.isNaN(m)) {
            return m;
        }
        CandleSeries c = daily == null ? null : daily.get(symbol);
        if (c == null || c.size() == 0) {
            return Double.NaN;
        }
        PortfolioNote note = PortfolioNote.of(PortfolioNote.Code.PRICED_AT_LAST_CLOSE, "symbol", symbol);
        if (!warnings.contains(note)) {
            warnings.add(note);
        }
        return c.close()[c.size() - 1];
    }
}
