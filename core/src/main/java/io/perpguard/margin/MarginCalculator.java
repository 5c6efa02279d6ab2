package io.perpguard.margin;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.instrument.Venue;

import java.util.ArrayList;
import java.util.List;

/**
 * The margin engine for linear USDT-margined perpetuals: notional, initial and maintenance margin, unrealized
 * PnL, ROE, margin balance, margin ratio and level, liquidation and bankruptcy prices, fees.
 * Binance USDⓈ-M conventions ({@link Venue#BINANCE_USDM}).
 */
public final class MarginCalculator {
    /** Fee convention in force, stated in every report. */
    public static final String FEE_CONVENTION = "Binance USDⓈ-M: liquidation price excludes the closing fee; "
            + "a liquidation clearance fee is charged on the notional at liquidation instead";

    private MarginCalculator() {
    }

    //-------------------------------------------------------------------------
    /**
     * Calculates the maintenance margin of a notional from its tier.
     * <pre>MM = notional × MMR(tier) − cum(tier)</pre>
     * Binance USDⓈ-M "Leverage and Margin of USDⓈ-M Futures".
     */
    public static double maintenanceMargin(double notional, RiskTiers tiers) {
        return tiers.maintenanceMargin(notional);
    }

    /** Margin ratio = MM / margin balance (DESIGN.md); +∞ once margin balance is 0 or less. */
    public static double marginRatio(double maintenanceMargin, double marginBalance) {
        return marginBalance > 0 ? maintenanceMargin / marginBalance : Double.POSITIVE_INFINITY;
    }

    /** Margin ratio of an isolated position if its mark were {@code price}. */
    public static double isolatedMarginRatioAt(Position p, RiskTiers tiers, double price) {
        return marginRatio(tiers.maintenanceMargin(p.qty() * price), p.isolatedMargin() + p.unrealizedPnlAt(price));
    }

    /** Margin ratio of an account's cross positions if {@code symbol}'s mark were {@code price}, the others at mark. */
    public static double crossMarginRatioAt(Account account, Instruments instruments, String symbol, double price) {
        double mm = 0, equity = account.crossWalletBalance();
        for (Position p : account.crossPositions()) {
            double mark = p.symbol().equals(symbol) ? price : p.markPrice();
            mm += instruments.get(p.symbol()).tiers().maintenanceMargin(p.qty() * mark);
            equity += p.unrealizedPnlAt(mark);
        }
        return marginRatio(mm, equity);
    }

    //-------------------------------------------------------------------------
    /**
     * Evaluates one position. Isolated: its own margin is at risk. Cross: it is the only position of an account
     * whose wallet balance is {@code crossWallet}.
     */
    public static PositionReport evaluate(Position p, Instrument instrument, double crossWallet) {
        if (p.marginMode() == MarginMode.CROSS) {
            Account a = new Account(crossWallet, List.of(p));
            return evaluate(a, Instruments.of(instrument)).positions().get(0);
        }
        RiskTiers tiers = instrument.tiers();
        tiers.requireLeverageAllowed(p.leverage(), p.entryNotional());
        LiquidationResult lr = LiquidationPrice.isolated(p, tiers);
        double bp = LiquidationPrice.bankruptcyIsolated(p);
        double balance = p.isolatedMargin() + p.unrealizedPnl();
        return report(p, instrument, lr, bp, balance, tiers.maintenanceMargin(p.notional()), p.isolatedMargin());
    }

    /** Evaluates every position of an account and the cross-margin totals. */
    public static AccountReport evaluate(Account account, Instruments instruments) {
        List<PositionReport> out = new ArrayList<>();
        double crossMm = 0, crossUpnl = 0, upnl = 0;
        for (Position p : account.crossPositions()) {
            crossMm += instruments.get(p.symbol()).tiers().maintenanceMargin(p.notional());
            crossUpnl += p.unrealizedPnl();
        }
        double crossBalance = account.crossWalletBalance() + crossUpnl;
        for (int i = 0; i < account.positions().size(); i++) {
            Position p = account.positions().get(i);
            Instrument inst = instruments.get(p.symbol());
            upnl += p.unrealizedPnl();
            try {
                inst.tiers().requireLeverageAllowed(p.leverage(), p.entryNotional());
            } catch (io.perpguard.InvalidInputException e) {
                throw new io.perpguard.InvalidInputException("positions[" + i + "].leverage", e.getMessage().substring(e.getMessage().indexOf(':') + 2));
            }
            if (p.marginMode() == MarginMode.ISOLATED) {
                out.add(evaluate(p, inst, 0));
                continue;
            }
            LiquidationResult lr = LiquidationPrice.cross(account, p.symbol(), instruments);
            double others = crossUpnl - symbolUpnl(account, p.symbol());
            double bp = LiquidationPrice.bankruptcy(account.crossWalletBalance(), others,
                    LiquidationPrice.Legs.of(account.crossPositions(), p.symbol()));
            out.add(report(p, inst, lr, bp, crossBalance, crossMm, account.crossWalletBalance()));
        }
        boolean anyCross = !account.crossPositions().isEmpty();
        double ratio = anyCross ? marginRatio(crossMm, crossBalance) : Double.NaN;
        return new AccountReport(out, account.walletBalance(), account.crossWalletBalance(), crossBalance, crossMm,
                ratio, anyCross ? crossBalance / crossMm : Double.NaN, upnl);
    }

    private static double symbolUpnl(Account a, String symbol) {
        double u = 0;
        for (Position p : a.crossPositions()) {
            if (p.symbol().equals(symbol)) {
                u += p.unrealizedPnl();
            }
        }
        return u;
    }

    private static PositionReport report(Position p, Instrument inst, LiquidationResult lr, double bp, double balance,
                                         double mmForRatio, double marginAtRisk) {
        Contract c = inst.contract();
        RiskTiers tiers = inst.tiers();
        LeverageBracket atMark = tiers.bracketFor(Math.min(p.notional(), tiers.maxNotional()));
        double mm = atMark.maintenanceMargin(p.notional());
        double lp = lr.price();
        boolean isLong = p.side() == Side.LONG;
        requireTradablePrice("entryPrice", p.entryPrice(), c);
        requireTradablePrice("markPrice", p.markPrice(), c);
        double lpShown = roundTowardEntry(c, lp, isLong, p.entryPrice());
        double bpShown = roundTowardEntry(c, bp, isLong, p.entryPrice());
        double closeFee = Double.isFinite(lp) ? p.qty() * lp * c.takerFee() : Double.NaN;
        double clearance = Double.NaN;
        double loss = Double.NaN;
        if (Double.isFinite(lp)) {
            // the clearance fee is charged on the notional at liquidation, out of what margin is left there
            // a mark already past the liquidation price has no further price loss to go: not a negative one
            double priceLoss = Math.max(0, -(p.unrealizedPnlAt(lp) - p.unrealizedPnl()));
            double left = Math.max(0, balance - priceLoss);
            clearance = Math.min(p.qty() * lp * c.liquidationFeeRate(), left);
            loss = Math.min(priceLoss + clearance, Math.max(0, balance));
        }
        double ratio = marginRatio(mmForRatio, balance);
        return new PositionReport(p.symbol(), p.side(), p.marginMode(), p.positionSide(), p.qty(), p.entryPrice(),
                p.markPrice(), p.leverage(), p.notional(), p.entryNotional(), p.initialMargin(),
                p.marginMode() == MarginMode.ISOLATED ? p.isolatedMargin() : p.initialMargin(), mm,
                atMark.maintenanceMarginRate(), atMark.maintenanceAmount(), atMark.bracket(),
                tiers.maxLeverageFor(Math.min(p.entryNotional(), tiers.maxNotional())), lpShown, lp,
                lr.exists() ? lr.bracket().bracket() : 0, bpShown,
                Double.isFinite(lp) ? (lp - p.markPrice()) / p.markPrice() * 100 : Double.NaN,
                p.unrealizedPnl(), p.unrealizedPnl() / p.initialMargin(), balance, ratio,
                mmForRatio > 0 ? balance / mmForRatio : Double.POSITIVE_INFINITY,
                p.entryNotional() * c.takerFee(), closeFee, clearance, loss, FEE_CONVENTION);
    }

    /**
     * Rounds a liquidation or bankruptcy price to the tick toward the entry — up for a long, down for a short —
     * so the displayed level is hit no later than the exact one (conservative for the trader).
     */
    public static double roundTowardEntry(Contract c, double price, boolean isLong) {
        if (!Double.isFinite(price)) {
            return price;
        }
        return isLong ? c.ceilToTick(price) : c.floorToTick(price);
    }

    /**
     * {@link #roundTowardEntry(Contract, double, boolean)} that never crosses the entry: when the tick would carry a
     * long's level from below its entry to above it (or a short's from above to below), the level is the entry itself.
     */
    public static double roundTowardEntry(Contract c, double price, boolean isLong, double entry) {
        double r = roundTowardEntry(c, price, isLong);
        if (!Double.isFinite(r)) {
            return r;
        }
        // a level already past the entry (a cross position the rest of the account drags) keeps its usual rounding
        if (isLong) {
            return price <= entry ? Math.min(r, entry) : r;
        }
        return price >= entry ? Math.max(r, entry) : r;
    }

    /** Refuses a price below one tick of the contract: no order can be placed there, so no answer means anything. */
    static void requireTradablePrice(String field, double price, Contract c) {
        if (price < c.tickSize()) {
            throw new io.perpguard.InvalidInputException(field, io.perpguard.Checks.fmt(price) + " is below one tick ("
                    + io.perpguard.Checks.fmt(c.tickSize()) + ") of " + c.symbol() + ": not a price this contract trades at");
        }
    }
}
