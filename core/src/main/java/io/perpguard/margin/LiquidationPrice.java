package io.perpguard.margin;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.Conventions;
import io.perpguard.venue.Legs;
import io.perpguard.venue.MarginConvention;
import io.perpguard.venue.MarginConvention.Solution;
import io.perpguard.venue.MarginConvention.Terms;

import java.util.ArrayList;
import java.util.List;

/**
 * Liquidation and bankruptcy prices of positions and cross accounts, each priced by its venue's
 * {@link MarginConvention} (the formulas live there).
 */
public final class LiquidationPrice {
    private LiquidationPrice() {
    }

    /** The legs of a single position (one-way or a hedge leg, priced the same way). */
    public static Legs legs(Position p) {
        return Legs.single(p.qty(), p.sign(), p.entryPrice());
    }

    /** The cross legs of {@code symbol} in a list of positions (one-way {@code BOTH}, or hedge long and short). */
    public static Legs legs(List<Position> positions, String symbol) {
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

    /** Liquidation price of an isolated position (one-way or hedge leg) by its venue's convention. */
    public static LiquidationResult isolated(Position p, Instrument instrument) {
        MarginConvention c = instrument.convention();
        Solution s = c.isolated(instrument.terms(), p.sign(), p.qty(), p.entryPrice(), p.initialMargin(),
                p.marginMode() == MarginMode.ISOLATED ? p.marginAdded() : 0, p.markPrice());
        return result(s, instrument.tiers());
    }

    /**
     * The isolated position's liquidation level {@code reach} names ({@link MarginConvention.Reach}): the losing side's
     * (replay), or the cap its gain carries it across ({@code size}, {@code check}, {@code calc}; {@link LiquidationResult#NEVER}
     * when there is none).
     */
    public static LiquidationResult isolated(Position p, Instrument instrument, MarginConvention.Reach reach) {
        MarginConvention c = instrument.convention();
        Terms t = instrument.terms();
        double base = c.isolatedBase(t, p.sign(), p.initialMargin(), p.marginMode() == MarginMode.ISOLATED ? p.marginAdded() : 0);
        return result(c.level(t, base, legs(p), p.markPrice(), reach), instrument.tiers());
    }

    /**
     * Liquidation price of an isolated linear position priced by a bare tier table with Binance USDⓈ-M's rule
     * (the reference form of FORMULAS-BASE.md §1 the golden vectors are checked against).
     */
    public static LiquidationResult isolated(Position p, RiskTiers tiers) {
        Terms t = new Terms(tiers.table(), 0, 0);
        Solution s = Conventions.BINANCE_USDM.isolated(t, p.sign(), p.qty(), p.entryPrice(), p.initialMargin(),
                p.marginMode() == MarginMode.ISOLATED ? p.marginAdded() : 0, p.markPrice());
        return result(s, tiers);
    }

    /** {@link #isolated(Position, RiskTiers)} on the position's losing side only (the liquidation map's forced flow). */
    public static LiquidationResult isolatedLossSide(Position p, RiskTiers tiers) {
        Terms t = new Terms(tiers.table(), 0, 0);
        MarginConvention c = Conventions.BINANCE_USDM;
        double base = c.isolatedBase(t, p.sign(), p.initialMargin(), p.marginMode() == MarginMode.ISOLATED ? p.marginAdded() : 0);
        return result(c.level(t, base, legs(p), p.markPrice(), MarginConvention.Reach.LOSS_SIDE), tiers);
    }

    /**
     * Liquidation price of {@code symbol}'s cross legs in an account, every other cross position held at its
     * mark: WB is the real cross wallet, TMM₁/UPNL₁ the maintenance margin and unrealized PnL of all other symbols.
     */
    public static LiquidationResult cross(Account account, String symbol, Instruments instruments) {
        return cross(account, symbol, instruments, MarginConvention.Reach.NEAREST);
    }

    /** {@link #cross(Account, String, Instruments)}'s level that {@code reach} names ({@link MarginConvention.Reach}). */
    public static LiquidationResult cross(Account account, String symbol, Instruments instruments, MarginConvention.Reach reach) {
        double tmm1 = 0, upnl1 = 0, mark = Double.NaN;
        for (Position p : account.crossPositions()) {
            if (p.symbol().equals(symbol)) {
                mark = p.markPrice();
                continue;
            }
            tmm1 += MarginCalculator.maintenanceMargin(p, instruments.get(p.symbol()), p.markPrice());
            upnl1 += p.unrealizedPnl();
        }
        if (Double.isNaN(mark)) {
            throw new InvalidInputException("symbol", symbol + " has no cross position in the account");
        }
        Instrument inst = instruments.get(symbol);
        Solution s = inst.convention().level(inst.terms(), account.crossWalletBalance() - tmm1 + upnl1,
                legs(account.crossPositions(), symbol), mark, reach);
        return result(s, inst.tiers());
    }

    /**
     * Solves a symbol's legs against a margin {@code wallet} with the convention of {@code instrument}
     * (isolated: other terms 0).
     */
    public static LiquidationResult solve(double wallet, double otherMaintenance, double otherUnrealizedPnl, Legs legs,
                                          Instrument instrument, double mark) {
        Solution s = instrument.convention().cross(instrument.terms(), wallet, otherMaintenance, otherUnrealizedPnl, legs, mark);
        return result(s, instrument.tiers());
    }

    static LiquidationResult result(Solution s, RiskTiers tiers) {
        if (!s.exists()) {
            return LiquidationResult.NEVER;
        }
        List<LeverageBracket> chosen = new ArrayList<>(s.tiers().length);
        for (int i : s.tiers()) {
            chosen.add(tiers.bracket(i));
        }
        return new LiquidationResult(s.price(), chosen, s.byFall());
    }

    /** Bankruptcy price of {@code legs} backed by {@code wallet} and the other positions' PnL, by the instrument's convention. */
    public static double bankruptcy(Instrument instrument, double wallet, double otherUnrealizedPnl, Legs legs) {
        return instrument.convention().bankruptcy(instrument.terms(), wallet, otherUnrealizedPnl, legs);
    }

    /** Bankruptcy price of an isolated position: where its margin (as its venue counts it) is used up. */
    public static double bankruptcyIsolated(Position p, Instrument instrument) {
        MarginConvention c = instrument.convention();
        Terms t = instrument.terms();
        return c.bankruptcy(t, c.isolatedBase(t, p.sign(), p.initialMargin(), p.marginAdded()), 0, legs(p));
    }

    /** Bankruptcy price of an isolated linear position without fees: {@code entry ∓ isolatedMargin / qty}. */
    public static double bankruptcyIsolated(Position p) {
        return Conventions.BINANCE_USDM.bankruptcy(new Terms(null, 0, 0), p.isolatedMargin(), 0, legs(p));
    }
}
