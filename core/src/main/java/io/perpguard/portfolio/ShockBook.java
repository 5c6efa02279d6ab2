package io.perpguard.portfolio;

import io.perpguard.instrument.Instruments;
import io.perpguard.venue.MarginConvention;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;

import java.util.List;
import java.util.Map;

/**
 * One sub-account's positions laid out as primitive arrays, re-valued under price moves without allocation:
 * the kernel of the market-shock solver and of the stress scenarios. Maintenance margin is taken from the tier
 * that each position's notional <em>at the moved price</em> falls in (the last tier open-ended, as in
 * {@link io.perpguard.margin.LiquidationPrice#solve}), so tier changes along a path are handled at every trial.
 */
public final class ShockBook {
    private final String name;
    private final List<Position> positions;
    private final String[] symbol;
    private final double[] signedQty;
    private final double[] entry;
    private final double[] mark;
    private final double[] beta;
    /** isolated margin, or NaN for a cross position */
    private final double[] isolatedMargin;
    private final MarginConvention[] convention;
    private final MarginConvention.Terms[] terms;
    private final double crossWallet;
    private final boolean anyCross;

    private ShockBook(SubAccount sub, Instruments instruments, Map<String, Double> betas) {
        name = sub.name();
        positions = sub.account().positions();
        int n = positions.size();
        symbol = new String[n];
        signedQty = new double[n];
        entry = new double[n];
        mark = new double[n];
        beta = new double[n];
        isolatedMargin = new double[n];
        convention = new MarginConvention[n];
        terms = new MarginConvention.Terms[n];
        boolean cross = false;
        for (int i = 0; i < n; i++) {
            Position p = positions.get(i);
            symbol[i] = p.symbol();
            signedQty[i] = p.sign() * p.qty();
            entry[i] = p.entryPrice();
            mark[i] = p.markPrice();
            Double b = betas.get(p.symbol());
            beta[i] = b == null || !Double.isFinite(b) ? 1.0 : b;
            isolatedMargin[i] = p.marginMode() == MarginMode.ISOLATED ? p.isolatedMargin() : Double.NaN;
            cross |= p.marginMode() == MarginMode.CROSS;
            io.perpguard.instrument.Instrument inst = instruments.get(p.symbol());
            convention[i] = inst.convention();
            terms[i] = inst.terms();
        }
        crossWallet = sub.account().crossWalletBalance();
        anyCross = cross;
    }

    /**
     * Lays out a sub-account. {@code betas} gives each symbol's beta to the benchmark; a symbol without one (or NaN) moves
     * one for one with the benchmark.
     */
    public static ShockBook of(SubAccount sub, Instruments instruments, Map<String, Double> betas) {
        return new ShockBook(sub, instruments, betas);
    }

    public String name() {
        return name;
    }

    public boolean isEmpty() {
        return positions.isEmpty();
    }

    public List<Position> positions() {
        return positions;
    }

    /** Beta used for position {@code i}. */
    public double beta(int i) {
        return beta[i];
    }

    /**
     * Calculates the liquidation gap under a market-wide shock {@code s} (every price × max(0, 1 + β_i s)): the largest,
     * over the cross book and each isolated position, of
     * <pre>gap = MM(moved notional, its tier) − margin balance(moved prices)</pre>
     * (DESIGN.md: liquidation when margin ratio MM / margin balance reaches 100 %, i.e. gap &ge; 0).
     * −∞ when the sub-account holds no position.
     */
    public double gap(double s) {
        double worst = Double.NEGATIVE_INFINITY;
        double crossMm = 0, crossBalance = crossWallet;
        for (int i = 0; i < signedQty.length; i++) {
            double price = mark[i] * Math.max(0, 1 + beta[i] * s); // a price cannot fall below 0
            double mm = maintenanceMargin(i, price);
            double pnl = pnl(i, price);
            if (Double.isNaN(isolatedMargin[i])) {
                crossMm += mm;
                crossBalance += pnl;
            } else {
                worst = Math.max(worst, mm - (isolatedMargin[i] + pnl));
            }
        }
        return anyCross ? Math.max(worst, crossMm - crossBalance) : worst;
    }

    /** Cross margin ratio under a market-wide shock {@code s}; NaN without cross positions, +∞ once balance ≤ 0. */
    public double crossMarginRatio(double s) {
        double[] moves = new double[signedQty.length];
        for (int i = 0; i < moves.length; i++) {
            moves[i] = beta[i] * s;
        }
        return value(moves).crossMarginRatio();
    }

    /** Moves per position from moves per symbol (a symbol not in the map does not move). */
    public double[] movesFor(Map<String, Double> bySymbol) {
        double[] m = new double[symbol.length];
        for (int i = 0; i < m.length; i++) {
            Double v = bySymbol.get(symbol[i]);
            m[i] = v == null ? 0 : v;
        }
        return m;
    }

    /**
     * The sub-account re-valued with each position's price moved by {@code moves[i]} (a fraction; −1 or less puts
     * the price at 0).
     */
    public Valuation value(double[] moves) {
        int n = signedQty.length;
        double crossMm = 0, crossBalance = crossWallet;
        double[] isoRatio = new double[n];
        double[] price = new double[n];
        for (int i = 0; i < n; i++) {
            price[i] = mark[i] * Math.max(0, 1 + moves[i]);
            double mm = maintenanceMargin(i, price[i]);
            double pnl = pnl(i, price[i]);
            if (Double.isNaN(isolatedMargin[i])) {
                crossMm += mm;
                crossBalance += pnl;
                isoRatio[i] = Double.NaN;
            } else {
                isoRatio[i] = ratio(mm, isolatedMargin[i] + pnl);
            }
        }
        return new Valuation(price, anyCross ? ratio(crossMm, crossBalance) : Double.NaN, crossMm, crossBalance, isoRatio);
    }

    /**
     * A re-valuation.
     *
     * @param prices           moved price of each position
     * @param crossMarginRatio cross MM / cross margin balance (NaN without cross positions)
     * @param crossMaintenance cross MM at the moved prices
     * @param crossBalance     cross wallet + cross unrealized PnL at the moved prices
     * @param isolatedRatio    each isolated position's margin ratio (NaN for cross positions)
     */
    public record Valuation(double[] prices, double crossMarginRatio, double crossMaintenance, double crossBalance,
                            double[] isolatedRatio) {
    }

    /** Margin ratio = MM / margin balance (DESIGN.md); +∞ once the balance is 0 or less. */
    static double ratio(double mm, double balance) {
        return balance > 0 ? mm / balance : Double.POSITIVE_INFINITY;
    }

    /** Unrealized PnL of position i at {@code price} (linear or inverse). */
    private double pnl(int i, double price) {
        return convention[i].contractType().pnl(signedQty[i] > 0 ? 1 : -1, Math.abs(signedQty[i]), entry[i], price);
    }

    /** Maintenance margin of position i at {@code price}, by its venue's convention. */
    private double maintenanceMargin(int i, double price) {
        return convention[i].maintenanceMargin(terms[i], Math.abs(signedQty[i]), entry[i], price);
    }
}
