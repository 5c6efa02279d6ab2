package io.perpguard.margin;

import java.util.ArrayList;
import java.util.List;

/**
 * What a liquidation does to an account: which positions the venue closes, at what loss, and the wallet left.
 * Binance USDⓈ-M ("Liquidation", USDⓈ-M futures FAQ): an isolated position whose margin ratio reaches 100 % is
 * closed and its whole isolated margin is lost (what is left above bankruptcy goes to the insurance fund as the
 * clearance fee); when the cross margin ratio reaches 100 % every cross position is closed and the cross wallet is
 * lost, nothing more (the insurance fund covers a gap beyond bankruptcy). Isolated margin of other positions is
 * untouched either way.
 */
public final class LiquidationSettlement {
    private LiquidationSettlement() {
    }

    /**
     * One closed position.
     *
     * @param index       its index in the account
     * @param position    the position as it was at the liquidating mark
     * @param closePrice  the bankruptcy price (where its margin is exactly used up), the mark when none exists
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

    /** Settles the liquidations of an account priced by {@link MarginCalculator#evaluate(Account, io.perpguard.instrument.Instruments)}. */
    public static Outcome settle(Account account, AccountReport report) {
        List<Closed> out = new ArrayList<>();
        double loss = 0;
        boolean cross = report.marginRatio() >= 1;   // NaN (no cross position) compares false
        List<Integer> crossIdx = new ArrayList<>();
        for (int i = 0; i < account.positions().size(); i++) {
            Position p = account.positions().get(i);
            PositionReport r = report.positions().get(i);
            if (p.marginMode() == MarginMode.ISOLATED) {
                if (r.marginRatio() >= 1) {
                    out.add(new Closed(i, p, closePrice(r), -p.isolatedMargin()));
                    loss += p.isolatedMargin();
                }
            } else if (cross) {
                crossIdx.add(i);
            }
        }
        if (cross) {
            // the cross wallet is lost: each position's PnL at the mark, the rest (clearance fee, or insurance fund
            // cover past bankruptcy) spread by notional, the basis of the clearance fee
            double crossWallet = account.crossWalletBalance();
            double upnl = 0, notional = 0;
            for (int i : crossIdx) {
                upnl += account.positions().get(i).unrealizedPnl();
                notional += account.positions().get(i).notional();
            }
            double rest = -crossWallet - upnl;
            for (int i : crossIdx) {
                Position p = account.positions().get(i);
                double share = notional > 0 ? p.notional() / notional : 1.0 / crossIdx.size();
                out.add(new Closed(i, p, closePrice(report.positions().get(i)), p.unrealizedPnl() + rest * share));
            }
            loss += crossWallet;
            out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        }
        double before = account.walletBalance();
        return new Outcome(out, before, Math.max(0, before - loss), cross);
    }

    private static double closePrice(PositionReport r) {
        return Double.isFinite(r.bankruptcyPrice()) && r.bankruptcyPrice() > 0 ? r.bankruptcyPrice() : r.markPrice();
    }
}
