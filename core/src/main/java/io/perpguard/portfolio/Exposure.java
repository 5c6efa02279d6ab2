package io.perpguard.portfolio;

import io.perpguard.margin.Position;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the portfolio is exposed to, per symbol and in total: long and short notional, net delta (USD change for a
 * 1 % and for a $1 move of the underlying), gross and net leverage, beta to the benchmark and beta-weighted delta.
 * Spot holdings count like a long of the symbol that tracks them.
 *
 * @param symbols                    one line per symbol
 * @param longNotional               Σ notional of long positions at mark
 * @param shortNotional              Σ notional of short positions at mark (positive)
 * @param spotValue                  Σ spot value
 * @param grossNotional              long + short + spot
 * @param netDeltaUsd                long − short + spot: USD gained per +100 % of every underlying (dollar delta)
 * @param netDelta1PctUsd            netDeltaUsd / 100: USD gained if every underlying rises 1 %
 * @param betaWeightedDeltaUsd       Σ β × net delta: the benchmark-equivalent dollar delta
 * @param futuresBetaWeightedDeltaUsd the same over futures positions only (what a futures hedge offsets)
 * @param equity                     Σ sub-account wallets + unrealized PnL, + spot value
 * @param grossLeverage              grossNotional / equity
 * @param netLeverage                netDeltaUsd / equity (negative when net short)
 * @param assumedBeta                symbols whose beta is unknown and taken as 1
 */
public record Exposure(List<Line> symbols, double longNotional, double shortNotional, double spotValue,
                       double grossNotional, double netDeltaUsd, double netDelta1PctUsd, double betaWeightedDeltaUsd,
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
     * @param netQty               net quantity: futures long − short + spot, base units = USD change per $1 move
     * @param netDeltaUsd          net qty × mark: dollar delta
     * @param delta1PctUsd         USD change for a 1 % move
     * @param beta                 estimated beta to the benchmark (NaN when unknown)
     * @param betaUsed             beta used (1 when unknown)
     * @param betaWeightedDeltaUsd betaUsed × netDeltaUsd
     */
    public record Line(String symbol, double markPrice, double longNotional, double shortNotional, double spotValue,
                       double netQty, double netDeltaUsd, double delta1PctUsd, double beta, double betaUsed,
                       double betaWeightedDeltaUsd) {
    }

    /**
     * Calculates the exposure.
     * <pre>delta_i = net qty_i × mark_i;  β-weighted delta = Σ β_i × delta_i;  gross leverage = Σ |notional| / equity</pre>
     * (dollar delta and beta weighting as in Hull, <i>Options, Futures and Other Derivatives</i>, ch. 3 "hedging an
     * equity portfolio").
     *
     * @param betas beta to the benchmark per symbol; absent or NaN means unknown (the benchmark is 1 by definition)
     */
    public static Exposure of(Portfolio portfolio, Betas betas) {
        Map<String, double[]> acc = new LinkedHashMap<>(); // long, short, spot, netQty, mark, futuresNetQty
        double equity = 0;
        for (SubAccount s : portfolio.subAccounts()) {
            equity += s.account().walletBalance();
            for (Position p : s.account().positions()) {
                equity += p.unrealizedPnl();
                double[] a = acc.computeIfAbsent(p.symbol(), k -> new double[6]);
                if (p.sign() > 0) {
                    a[0] += p.notional();
                } else {
                    a[1] += p.notional();
                }
                a[3] += p.sign() * p.qty();
                a[5] += p.sign() * p.qty();
                a[4] = p.markPrice();
            }
        }
        for (SpotHolding h : portfolio.spot()) {
            equity += h.value();
            double[] a = acc.computeIfAbsent(h.symbol(), k -> new double[6]);
            a[2] += h.value();
            a[3] += h.qty();
            if (a[4] == 0) {
                a[4] = h.price();
            }
        }
        List<Line> lines = new ArrayList<>();
        List<String> assumed = new ArrayList<>();
        double lg = 0, sh = 0, sp = 0, net = 0, bw = 0, fbw = 0;
        for (var e : acc.entrySet()) {
            double[] a = e.getValue();
            double beta = betas.of(e.getKey());
            double used = Double.isFinite(beta) ? beta : 1;
            if (!Double.isFinite(beta)) {
                assumed.add(e.getKey());
            }
            double delta = a[3] * a[4];
            lines.add(new Line(e.getKey(), a[4], a[0], a[1], a[2], a[3], delta, delta / 100, beta, used, used * delta));
            lg += a[0];
            sh += a[1];
            sp += a[2];
            net += delta;
            bw += used * delta;
            fbw += used * a[5] * a[4];
        }
        double gross = lg + sh + sp;
        return new Exposure(lines, lg, sh, sp, gross, net, net / 100, bw, fbw, equity,
                equity > 0 ? gross / equity : Double.NaN, equity > 0 ? net / equity : Double.NaN, assumed);
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
