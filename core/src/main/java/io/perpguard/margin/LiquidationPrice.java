package io.perpguard.margin;

import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;

import java.util.ArrayList;
import java.util.List;

/**
 * Liquidation and bankruptcy prices of linear USDⓈ-M perpetuals, isolated and cross, one-way and hedge mode.
 */
public final class LiquidationPrice {
    /** Relative slack when testing that the notional at a candidate price lies in the tier used to compute it. */
    private static final double TIER_SLACK = 1e-12;

    private LiquidationPrice() {
    }

    /**
     * The positions of one symbol that a liquidation price covers: the one-way ({@code BOTH}) position and the
     * hedge-mode long and short legs. Quantities are absolute; {@code sideBoth} is +1 long, −1 short.
     */
    public record Legs(double qtyBoth, int sideBoth, double entryBoth, double qtyLong, double entryLong,
                       double qtyShort, double entryShort) {
        /** The legs of a single position (one-way or a hedge leg, priced the same way). */
        public static Legs of(Position p) {
            return new Legs(p.qty(), p.sign(), p.entryPrice(), 0, 0, 0, 0);
        }

        /** The cross legs of {@code symbol} in an account. */
        public static Legs of(List<Position> positions, String symbol) {
            double qb = 0, eb = 0, ql = 0, el = 0, qs = 0, es = 0;
            int sb = 1;
            for (Position p : positions) {
                if (!p.symbol().equals(symbol)) {
                    continue;
                }
                switch (p.positionSide()) {
                    case BOTH -> { qb = p.qty(); sb = p.sign(); eb = p.entryPrice(); }
                    case LONG -> { ql = p.qty(); el = p.entryPrice(); }
                    case SHORT -> { qs = p.qty(); es = p.entryPrice(); }
                }
            }
            return new Legs(qb, sb, eb, ql, el, qs, es);
        }

        /** Net signed quantity: the slope of equity against price. */
        double netQty() {
            return sideBoth * qtyBoth + qtyLong - qtyShort;
        }
    }

    /**
     * Calculates the liquidation price of an isolated position (one-way or hedge leg).
     * <pre>LP = (WB + cum − side × Q × EP) / (Q × MMR − side × Q)</pre>
     * with WB = isolated margin and MMR, cum from the tier the notional at LP falls in.
     * Binance USDⓈ-M "How to Calculate Liquidation Price of USDⓈ-M Contracts" (isolated: TMM₁ = UPNL₁ = 0).
     */
    public static LiquidationResult isolated(Position p, RiskTiers tiers) {
        return solve(p.isolatedMargin(), 0, 0, Legs.of(p), tiers, p.markPrice());
    }

    /**
     * Calculates the liquidation price of {@code symbol}'s cross legs in an account, every other cross position
     * held at its mark: WB is the real cross wallet, TMM₁/UPNL₁ the maintenance margin and unrealized PnL of all
     * other symbols (Binance USDⓈ-M liquidation-price formula, cross margin).
     */
    public static LiquidationResult cross(Account account, String symbol, Instruments instruments) {
        double tmm1 = 0, upnl1 = 0, mark = Double.NaN;
        for (Position p : account.crossPositions()) {
            if (p.symbol().equals(symbol)) {
                mark = p.markPrice();
                continue;
            }
            tmm1 += instruments.get(p.symbol()).tiers().maintenanceMargin(p.notional());
            upnl1 += p.unrealizedPnl();
        }
        if (Double.isNaN(mark)) {
            throw new io.perpguard.InvalidInputException("symbol", symbol + " has no cross position in the account");
        }
        return solve(account.crossWalletBalance(), tmm1, upnl1, Legs.of(account.crossPositions(), symbol),
                instruments.get(symbol).tiers(), mark);
    }

    /**
     * Solves the Binance USDⓈ-M liquidation-price formula (DESIGN.md):
     * <pre>
     * LP = ( WB − TMM₁ + UPNL₁ + cum_B + cum_L + cum_S − side_B × Q_B × EP_B − Q_L × EP_L + Q_S × EP_S )
     *    / ( Q_B × MMR_B + Q_L × MMR_L + Q_S × MMR_S − side_B × Q_B − Q_L + Q_S )
     * </pre>
     * Each leg's MMR and cum come from the tier that its notional <em>at LP</em> falls in: every combination of
     * tiers is tried and the consistent solutions kept (at most 12² for hedge mode). When several are consistent
     * (possible only in hedge mode), the one nearest the mark is the first reached. The last tier is open-ended.
     *
     * @return the exact price, or {@link LiquidationResult#NEVER} when no positive price liquidates
     */
    public static LiquidationResult solve(double wallet, double otherMaintenance, double otherUnrealizedPnl, Legs legs,
                                          RiskTiers tiers, double mark) {
        List<LeverageBracket> brackets = tiers.brackets();
        int n = brackets.size();
        double[] q = {legs.qtyBoth(), legs.qtyLong(), legs.qtyShort()};
        // coefficient of Q×(−price) in equity: side for both, +1 long, −1 short
        double[] s = {legs.sideBoth(), 1, -1};
        double[] ep = {legs.entryBoth(), legs.entryLong(), legs.entryShort()};
        int[] active = new int[3];
        int legsActive = 0;
        for (int i = 0; i < 3; i++) {
            if (q[i] > 0) {
                active[legsActive++] = i;
            }
        }
        if (legsActive == 0) {
            return LiquidationResult.NEVER;
        }
        double base = wallet - otherMaintenance + otherUnrealizedPnl;
        double baseNum = base;
        double baseDen = 0;
        for (int k = 0; k < legsActive; k++) {
            int i = active[k];
            baseNum -= s[i] * q[i] * ep[i];
            baseDen -= s[i] * q[i];
        }
        int combos = 1;
        for (int k = 0; k < legsActive; k++) {
            combos *= n;
        }
        double best = Double.NaN;
        int[] bestTiers = null;
        int[] tier = new int[legsActive];
        for (int c = 0; c < combos; c++) {
            int rest = c;
            double num = baseNum, den = baseDen;
            for (int k = 0; k < legsActive; k++) {
                tier[k] = rest % n;
                rest /= n;
                LeverageBracket b = brackets.get(tier[k]);
                num += b.maintenanceAmount();
                den += q[active[k]] * b.maintenanceMarginRate();
            }
            if (den == 0) {
                continue;
            }
            double lp = num / den;
            if (!(lp > 0) || !Double.isFinite(lp)) {
                continue;
            }
            boolean consistent = true;
            for (int k = 0; k < legsActive && consistent; k++) {
                LeverageBracket b = brackets.get(tier[k]);
                double notional = q[active[k]] * lp;
                double cap = tier[k] == n - 1 ? Double.POSITIVE_INFINITY : b.notionalCap();
                consistent = notional >= b.notionalFloor() * (1 - TIER_SLACK) && notional <= cap * (1 + TIER_SLACK);
            }
            if (consistent && (Double.isNaN(best) || Math.abs(lp - mark) < Math.abs(best - mark))) {
                best = lp;
                bestTiers = tier.clone();
            }
        }
        if (bestTiers == null) {
            return LiquidationResult.NEVER;
        }
        List<LeverageBracket> chosen = new ArrayList<>(legsActive);
        for (int k = 0; k < legsActive; k++) {
            chosen.add(brackets.get(bestTiers[k]));
        }
        return new LiquidationResult(best, chosen);
    }

    /**
     * Calculates the bankruptcy price: where margin balance reaches 0 (every other position held at mark).
     * <pre>BP = (side_B × Q_B × EP_B + Q_L × EP_L − Q_S × EP_S − WB − UPNL₁) / (side_B × Q_B + Q_L − Q_S)</pre>
     * For an isolated long that is {@code entry − isolatedMargin / qty}. NaN when the legs net to zero or the
     * price would not be positive.
     */
    public static double bankruptcy(double wallet, double otherUnrealizedPnl, Legs legs) {
        double net = legs.netQty();
        if (net == 0) {
            return Double.NaN;
        }
        double num = legs.sideBoth() * legs.qtyBoth() * legs.entryBoth() + legs.qtyLong() * legs.entryLong()
                - legs.qtyShort() * legs.entryShort() - wallet - otherUnrealizedPnl;
        double bp = num / net;
        return bp > 0 ? bp : Double.NaN;
    }

    /** Bankruptcy price of an isolated position: {@code entry ∓ isolatedMargin / qty}. */
    public static double bankruptcyIsolated(Position p) {
        return bankruptcy(p.isolatedMargin(), 0, Legs.of(p));
    }
}
