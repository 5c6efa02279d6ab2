package io.perpguard.margin;

import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.venue.MarginConvention;

import java.util.ArrayList;
import java.util.List;

/**
 * What a liquidation does to an account: which positions the venue closes, at what loss, and the wallet left. An
 * isolated position whose margin ratio reaches 100 % is closed and loses at most its isolated margin; when the cross
 * margin ratio reaches 100 % every cross position is closed and the loss is at most the cross wallet (the insurance
 * fund covers a gap beyond bankruptcy). Isolated margin of other positions is untouched either way. What the venue
 * keeps beyond the loss at the mark is its convention's ({@link MarginConvention#liquidationFee}): Binance a clearance
 * fee, OKX the taker fee on the position value, Bybit and XT all the margin left (taken over at bankruptcy).
 */
public final class LiquidationSettlement {
    private LiquidationSettlement() {
    }

    /**
     * One closed position.
     *
     * @param index       its index in the account
     * @param position    the position as it was at the liquidating mark
     * @param closePrice  the liquidating mark, or the bankruptcy price (where its margin is used up) when the venue takes
     *                    it over there or nothing is left; the mark when no bankruptcy price exists
     * @param realizedPnl what the wallet loses (negative) or, for a cross winner closed with the account, keeps
     */
    public record Closed(int index, Position position, double closePrice, double realizedPnl) {
    }

    /**
     * @param closed          the closed positions, in the account's order
     * @param walletBefore    wallet balance before
     * @param walletAfter     wallet balance after (never negative)
     * @param crossLiquidated whether the cross positions were liquidated together
     */
    public record Outcome(List<Closed> closed, double walletBefore, double walletAfter, boolean crossLiquidated) {
        public Outcome {
            closed = List.copyOf(closed);
        }

        public boolean any() {
            return !closed.isEmpty();
        }
    }

    /**
     * Settles the liquidations of an account priced by {@link MarginCalculator#evaluate(Account, Instruments)}, each by
     * its venue's convention: a position is closed at the liquidating mark, or at its bankruptcy price where the venue
     * takes it over there or its margin is used up.
     */
    public static Outcome settle(Account account, AccountReport report, Instruments instruments) {
        List<Closed> out = new ArrayList<>();
        double realized = 0;
        boolean cross = report.marginRatio() >= 1;   // NaN (no cross position) compares false
        List<Integer> crossIdx = new ArrayList<>();
        for (int i = 0; i < account.positions().size(); i++) {
            Position p = account.positions().get(i);
            PositionReport r = report.positions().get(i);
            if (p.marginMode() == MarginMode.ISOLATED) {
                if (r.marginRatio() >= 1) {
                    Instrument inst = instruments.get(p.symbol());
                    double margin = p.isolatedMargin();
                    double fee = inst.convention().liquidationFee(inst.terms(), p.notional(), inst.contract().liquidationFeeRate(),
                            margin + p.unrealizedPnl());
                    double pnl = Math.max(-margin, p.unrealizedPnl() - fee);
                    out.add(new Closed(i, p, pnl <= -margin ? closePrice(r) : p.markPrice(), pnl));
                    realized += pnl;
                }
            } else if (cross) {
                crossIdx.add(i);
            }
        }
        if (cross) {
            // the venue's fee on each position's notional, out of what the cross wallet has left at the marks; the
            // loss beyond each position's PnL (fee, or insurance fund cover past bankruptcy) spread by notional
            double crossWallet = account.crossWalletBalance();
            double upnl = 0, notional = 0, fee = 0;
            for (int i : crossIdx) {
                Position p = account.positions().get(i);
                Instrument inst = instruments.get(p.symbol());
                upnl += p.unrealizedPnl();
                notional += p.notional();
                fee += inst.convention().liquidationFee(inst.terms(), p.notional(), inst.contract().liquidationFeeRate(), Double.POSITIVE_INFINITY);
            }
            double total = Math.max(-crossWallet, upnl - Math.min(fee, Math.max(0, crossWallet + upnl)));
            double rest = total - upnl;
            for (int i : crossIdx) {
                Position p = account.positions().get(i);
                double share = notional > 0 ? p.notional() / notional : 1.0 / crossIdx.size();
                out.add(new Closed(i, p, total <= -crossWallet ? closePrice(report.positions().get(i)) : p.markPrice(),
                        p.unrealizedPnl() + rest * share));
            }
            realized += total;
            out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        }
        double before = account.walletBalance();
        return new Outcome(out, before, Math.max(0, before + realized), cross);
    }

    private static double closePrice(PositionReport r) {
        return Double.isFinite(r.bankruptcyPrice()) && r.bankruptcyPrice() > 0 ? r.bankruptcyPrice() : r.markPrice();
    }
}
