package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

import java.util.ArrayList;
import java.util.List;

/**
 * Hedges: the min-variance hedge with a perpetual and its historical effectiveness, adding a hedge to a
 * sub-account (netting one-way positions as the exchange does), and the short that hedges a spot holding with the
 * margin it needs.
 */
public final class Hedge {
    /** Rises a spot hedge's margin is sized to survive, as fractions. */
    public static final double[] SPOT_HEDGE_RISES = {0.5, 1.0};

    private Hedge() {
    }

    /**
     * A min-variance hedge of a P&amp;L series with one instrument.
     *
     * @param symbol        hedge instrument
     * @param beta          the instrument's beta to the benchmark
     * @param correlation   correlation of the book's P&amp;L with the instrument's returns
     * @param hedgeNotional USD notional to hold in the instrument (negative = short)
     * @param effectiveness variance removed over the sample, {@code 1 − var(hedged) / var(unhedged)} (0…1)
     * @param days          sample length
     */
    public record MinVariance(String symbol, double beta, double correlation, double hedgeNotional, double effectiveness,
                              int days) {
        public Side side() {
            return hedgeNotional < 0 ? Side.SHORT : Side.LONG;
        }
    }

    /**
     * Calculates the min-variance hedge of a book whose daily P&amp;L is {@code pnl} with an instrument whose daily
     * returns are {@code r}, and its in-sample effectiveness:
     * <pre>h* = −cov(pnl, r) / var(r);   effectiveness = 1 − var(pnl + h* r) / var(pnl)  (= ρ²)</pre>
     * (Ederington 1979, "The hedging performance of the new futures markets", J. Finance 34(1)).
     */
    public static MinVariance minVariance(String symbol, double beta, double[] pnl, double[] r) {
        double vr = SampleMoments.variance(r);
        double vp = SampleMoments.variance(pnl);
        double h = vr > 0 ? -SampleMoments.covariance(pnl, r) / vr : 0;
        double[] hedged = new double[pnl.length];
        for (int t = 0; t < pnl.length; t++) {
            hedged[t] = pnl[t] + h * r[t];
        }
        double eff = vp > 0 ? 1 - SampleMoments.variance(hedged) / vp : 0;
        return new MinVariance(symbol, beta, SampleMoments.correlation(pnl, r), h, eff, pnl.length);
    }

    /**
     * The sub-account with a cross position of {@code qty} on {@code side} opened at {@code mark}. In one-way mode it
     * nets with the symbol's existing position as the exchange does (same side: averaged entry; opposite side:
     * reduced, closed or flipped, the closed part's PnL realised into the wallet; a reduced isolated position stays
     * isolated and keeps its margin pro rata, the margin added too, by the venue's convention
     * ({@link io.perpguard.venue.MarginConvention#marginAddedLeft}); a realised loss past the wallet is refused naming
     * {@code qty}, never clamped to a wallet of 0); in hedge mode it opens or adds to the leg. The new position's leverage is the tier's maximum for its notional (cross leverage does not change
     * maintenance margin).
     */
    public static SubAccount withPosition(SubAccount sub, Instrument inst, Side side, double qty, double mark) {
        Checks.positive("qty", qty);
        Checks.positive("mark", mark);
        String symbol = inst.symbol();
        io.perpguard.venue.ContractType type = inst.contract().type();
        Account a = sub.account();
        List<Position> out = new ArrayList<>();
        double wallet = a.walletBalance();
        boolean hedgeMode = a.positions().stream().anyMatch(p -> p.symbol().equals(symbol) && p.positionSide() != PositionSide.BOTH);
        PositionSide ps = hedgeMode ? (side == Side.LONG ? PositionSide.LONG : PositionSide.SHORT) : PositionSide.BOTH;
        double remaining = qty;
        for (Position p : a.positions()) {
            if (remaining <= 0 || !p.symbol().equals(symbol) || p.positionSide() != ps) {
                out.add(p);
                continue;
            }
            if (p.side() == side) {
                out.add(p.addFill(remaining, mark));
            } else {
                double closed = Math.min(p.qty(), remaining);
                wallet += p.type().pnl(p.sign(), closed, p.entryPrice(), mark); // realised PnL of the closed part
                // sizes left as the venue holds them: decimal, not the double difference (1.2 − 0.3 is 0.9)
                double rest = Contract.addSizes(p.qty(), -closed), flipped = Contract.addSizes(remaining, -closed);
                if (rest > 0) {
                    // the rest stays in its margin mode; an isolated position keeps its margin pro rata: the rest's initial
                    // margin and the venue's share of the margin added (MarginConvention.marginAddedLeft)
                    out.add(new Position(symbol, p.side(), rest, p.entryPrice(), p.leverage(), p.marginMode(), ps,
                            inst.convention().marginAddedLeft(p.marginAdded(), p.qty(), rest), p.markPrice(), p.type()));
                } else if (flipped > 0) {
                    out.add(new Position(symbol, side, flipped, mark, leverageFor(inst, flipped, mark),
                            MarginMode.CROSS, ps, 0, mark, type));
                }
            }
            remaining = 0;
        }
        if (remaining > 0) {
            out.add(new Position(symbol, side, remaining, mark, leverageFor(inst, remaining, mark), MarginMode.CROSS, ps, 0, mark, type));
        }
        if (io.perpguard.Money.round(wallet) < 0) {
            // a realised loss past the wallet: said, not priced on a wallet clamped to 0 (which hid the loss beyond it)
            throw new io.perpguard.InvalidInputException("qty", Checks.fmt(qty) + " " + symbol + " " + side.label() + " at " + Checks.fmt(mark)
                    + " closes a position whose realised loss takes " + sub.name() + "'s wallet from " + Checks.fmt(a.walletBalance())
                    + " to " + Checks.fmt(wallet) + "; a wallet cannot go below 0, so this hedge cannot be placed there");
        }
        // a wallet emptied to the last of 8 decimals is 0, not a few 1e-12 of double noise below it
        return sub.with(new Account(Math.max(0, wallet), out, sub.account().exchange()));
    }

    /** The tier's maximum leverage for {@code qty} at {@code price} (the venue's tier measure: notional or contracts). */
    private static double leverageFor(Instrument inst, double qty, double price) {
        return inst.tiers().maxLeverageHeld(inst.convention().tierMeasure(inst.terms(), qty, price));
    }

    /**
     * The perpetual short that neutralises a spot holding and the margin it needs.
     *
     * @param qty                   short quantity = spot quantity (delta-neutral), to the nearest step
     * @param notional              qty × price
     * @param maxLeverage           the tier's maximum leverage for that notional
     * @param minimumMargin         initial margin at that leverage: the least the futures wallet must hold to open it
     * @param risePct               rises (percent) the short is sized to survive in isolated margin
     * @param marginToSurvive       isolated margin whose liquidation price sits exactly that rise above the price
     */
    public record SpotHedge(String asset, String symbol, Side side, double qty, double price, double notional,
                            double maxLeverage, double minimumMargin, double[] risePct, double[] marginToSurvive) {
    }

    /** Sizes the spot hedge (see {@link #isolatedShortMarginFor}). */
    public static SpotHedge spot(SpotHolding h, Instrument inst) {
        double qty = inst.contract().hedgeQty(h.qty());   // an order the venue accepts: whole steps
        double notional = qty * h.price();
        double maxLev = leverageFor(inst, qty, h.price());
        double[] rise = new double[SPOT_HEDGE_RISES.length];
        double[] margin = new double[SPOT_HEDGE_RISES.length];
        for (int i = 0; i < rise.length; i++) {
            rise[i] = SPOT_HEDGE_RISES[i] * 100;
            margin[i] = isolatedShortMarginFor(qty, h.price(), h.price() * (1 + SPOT_HEDGE_RISES[i]), inst);
        }
        return new SpotHedge(h.asset(), inst.symbol(), Side.SHORT, qty, h.price(), notional, maxLev, notional / maxLev, rise, margin);
    }

    /**
     * Calculates the isolated margin that puts a short's liquidation price at {@code liquidationPrice}: the venue's
     * liquidation condition margin + PnL(LP) = maintenance requirement(LP) solved for the margin
     * (for Binance USDⓈ-M: {@code WB = LP × Q × (1 + MMR) − cum − Q × EP}, tier at LP, last tier open-ended).
     */
    public static double isolatedShortMarginFor(double qty, double entry, double liquidationPrice, Instrument inst) {
        io.perpguard.venue.MarginConvention c = inst.convention();
        io.perpguard.venue.Legs legs = io.perpguard.venue.Legs.single(qty, -1, entry);
        return c.requirement(inst.terms(), 0, legs, liquidationPrice) - c.contractType().pnl(-1, qty, entry, liquidationPrice);
    }
}
