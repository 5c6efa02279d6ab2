package io.perpguard.portfolio;

import io.perpguard.margin.Position;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the portfolio is exposed to, per symbol and in total, in USD: long and short notional, net delta (USD change for a
 * 1 % and for a $1 move of the underlying), gross and net leverage, beta to the benchmark and beta-weighted delta.
 * Spot holdings count like a long of the symbol that tracks them, and so do the coins of a pooled sub-account's collateral
 * ({@link SubAccount#coins}: BTC, ETH, … at their index; dollar stablecoins carry no price exposure), which, held in a
 * futures account, are also part of its futures delta. A coin-margined (inverse) position's exposure is its
 * face (contracts × contract size, USD); the coin margin behind it — wallet + unrealized PnL, in the coin — is itself a
 * long of the coin and counts as one (its USD value) on the line of the account's first position: a coin-margined long
 * at 1x on the same coin is 2× long the coin in USD.
 *
 * @param symbols                    one line per symbol
 * @param longNotional               Σ notional of long positions at mark
 * @param shortNotional              Σ notional of short positions at mark (positive)
 * @param spotValue                  Σ spot value: spot holdings and pooled collateral coins (stablecoin cash left out)
 * @param cashValue                  Σ value of the spot stablecoins ({@link SpotHolding#cash}): in equity, in no delta, gross or VaR
 * @param coinMarginValue            Σ USD value of coin-margined wallets (wallet + unrealized PnL, coin × price)
 * @param grossNotional              long + short + spot + coin margin
 * @param netDeltaUsd                long − short + spot + coin margin: USD gained per +100 % of every underlying (dollar delta)
 * @param netDelta1PctUsd            netDeltaUsd / 100: USD gained if every underlying rises 1 %
 * @param betaWeightedDeltaUsd       Σ β × net delta: the benchmark-equivalent dollar delta
 * @param futuresBetaWeightedDeltaUsd the same over what futures accounts hold, pooled collateral coins included (what a futures hedge offsets)
 * @param equity                     Σ sub-account wallets + unrealized PnL (in USD: a coin wallet at its coin's price), + spot value + cash
 * @param grossLeverage              grossNotional / equity
 * @param netLeverage                netDeltaUsd / equity (negative when net short)
 * @param assumedBeta                symbols whose beta is unknown and taken as 1
 */
public record Exposure(List<Line> symbols, double longNotional, double shortNotional, double spotValue, double cashValue,
                       double coinMarginValue, double grossNotional, double netDeltaUsd, double netDelta1PctUsd, double betaWeightedDeltaUsd,
                       double futuresBetaWeightedDeltaUsd, double equity, double grossLeverage, double netLeverage,
                       List<String> assumedBeta) {
    public Exposure {
        symbols = List.copyOf(symbols);
        assumedBeta = List.copyOf(assumedBeta);
    }

    /**
     * One symbol's exposure.
     *
     * @param markPrice            price used (a position's mark, or the spot price)
     * @param longNotional         Σ USD notional of long positions at mark (inverse: the face)
     * @param coinMarginValue      USD value of the coin-margined wallets counted on this line (0 when none)
     * @param netQty               net quantity: futures long − short + coin margin + spot, base units = USD change per $1 move
     * @param netDeltaUsd          net qty × mark: dollar delta
     * @param futuresDeltaUsd      the part of it held in futures accounts (positions, coin margin, pooled collateral coins; spot holdings left out)
     * @param delta1PctUsd         USD change for a 1 % move
     * @param beta                 estimated beta to the benchmark (NaN when unknown)
     * @param betaUsed             beta used (1 when unknown)
     * @param betaWeightedDeltaUsd betaUsed × netDeltaUsd
     */
    public record Line(String symbol, double markPrice, double longNotional, double shortNotional, double spotValue,
                       double coinMarginValue, double netQty, double netDeltaUsd, double futuresDeltaUsd, double delta1PctUsd,
                       double beta, double betaUsed, double betaWeightedDeltaUsd) {
    }

    /**
     * Calculates the exposure.
     * <pre>delta_i = net qty_i × mark_i;  β-weighted delta = Σ β_i × delta_i;  gross leverage = Σ |notional| / equity
     * inverse position: notional = face Q (USD), qty = ±Q / mark; its account's coin margin M = wallet + uPnL (coin): qty += M
     * (the account's USD equity P·M = P·W + Σ side·Q·(P/EP − 1) is linear in the price P; its dollar delta
     *  P · d(P·M)/dP = P·W + Σ side·Q·P/EP = P·M + Σ side·Q: the coin margin's value plus each face)</pre>
     * (dollar delta and beta weighting as in Hull, <i>Options, Futures and Other Derivatives</i>, ch. 3 "hedging an
     * equity portfolio"; the inverse contract's USD P&amp;L side·Q·(P/EP − 1) from its coin P&amp;L, FORMULAS-BASE.md §2).
     *
     * @param betas beta to the benchmark per symbol; absent or NaN means unknown (the benchmark is 1 by definition)
     */
    public static Exposure of(Portfolio portfolio, Betas betas) {
        Map<String, double[]> acc = new LinkedHashMap<>(); // long, short, spot, netQty, mark, futuresNetQty, coinMargin
        double equity = 0;
        for (SubAccount s : portfolio.subAccounts()) {
            equity += s.usdAtMark(s.equity());
            for (Position p : s.account().positions()) {
                double usd = notionalUsd(p);
                double[] a = acc.computeIfAbsent(p.symbol(), k -> new double[7]);
                if (p.sign() > 0) {
                    a[0] += usd;
                } else {
                    a[1] += usd;
                }
                a[3] += p.sign() * usd / p.markPrice();
                a[5] += p.sign() * usd / p.markPrice();
                a[4] = p.markPrice();
            }
            if (s.settlement().marginMovesWithPrice() && !s.account().positions().isEmpty()) {
                // the coin wallet is a long of the coin: on the line of the account's first position, at its mark
                Position first = s.account().positions().get(0);
                double[] a = acc.get(first.symbol());
                a[6] += s.usdAtMark(s.equity());
                a[3] += s.equity();
                a[5] += s.equity();
            }
        }
        for (SpotHolding h : portfolio.market()) {
            equity += h.value();
            spot(acc, h.symbol(), h.qty(), h.price(), false);
        }
        double cash = portfolio.cashUsd();
        equity += cash;
        for (SubAccount s : portfolio.subAccounts()) {
            // a pool's coins (in its equity already): spot held in a futures account, so in what a futures hedge offsets
            for (io.perpguard.margin.CollateralAsset c : s.coins()) {
                spot(acc, SpotHolding.symbolOf(c.asset()), c.amount(), c.indexPrice(), true);
            }
        }
        List<Line> lines = new ArrayList<>();
        List<String> assumed = new ArrayList<>();
        double lg = 0, sh = 0, sp = 0, cm = 0, net = 0, bw = 0, fbw = 0;
        for (var e : acc.entrySet()) {
            double[] a = e.getValue();
            double beta = betas.of(e.getKey());
            double used = Double.isFinite(beta) ? beta : 1;
            if (!Double.isFinite(beta)) {
                assumed.add(e.getKey());
            }
            double delta = a[3] * a[4];
            double futures = a[5] * a[4];
            lines.add(new Line(e.getKey(), a[4], a[0], a[1], a[2], a[6], a[3], delta, futures, delta / 100, beta, used, used * delta));
            lg += a[0];
            sh += a[1];
            sp += a[2];
            cm += a[6];
            net += delta;
            bw += used * delta;
            fbw += used * futures;
        }
        double gross = lg + sh + sp + cm;
        return new Exposure(lines, lg, sh, sp, cash, cm, gross, net, net / 100, bw, fbw, equity,
                equity > 0 ? gross / equity : Double.NaN, equity > 0 ? net / equity : Double.NaN, assumed);
    }

    /** Adds {@code qty} of spot at {@code price} to a symbol's line; {@code futures}: held in a futures account (a pool's coin). */
    private static void spot(Map<String, double[]> acc, String symbol, double qty, double price, boolean futures) {
        double[] a = acc.computeIfAbsent(symbol, k -> new double[7]);
        a[2] += qty * price;
        a[3] += qty;
        if (futures) {
            a[5] += qty;
        }
        if (a[4] == 0) {
            a[4] = price;
        }
    }

    /** A position's exposure in USD at mark: its notional in the settlement currency valued in USD (inverse: the face). */
    public static double notionalUsd(Position p) {
        return p.type().usd(p.notional(), p.markPrice());
    }

    /**
     * A sub-account's futures dollar delta, β-weighted (a symbol without a beta: 1): its positions' ± USD notional and, for
     * a coin-margined account, its coin margin's USD value (on its first position's symbol).
     */
    public static double betaWeightedDeltaUsd(SubAccount s, Betas betas) {
        return of(new Portfolio(List.of(s), List.of()), betas).futuresBetaWeightedDeltaUsd();   // the one exposure rule, one account
    }

    /** The line of {@code symbol}, or null. */
    public Line line(String symbol) {
        for (Line l : symbols) {
            if (l.symbol().equals(symbol)) {
                return l;
            }
        }
        return null;
    }
}
