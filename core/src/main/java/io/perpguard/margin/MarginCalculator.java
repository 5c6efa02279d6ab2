package io.perpguard.margin;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.TickRule;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.Legs;
import io.perpguard.venue.MarginConvention;
import io.perpguard.venue.MarginConvention.Terms;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The margin engine: notional, initial and maintenance margin, unrealized PnL, ROE, margin balance, margin ratio
 * and level, liquidation and bankruptcy prices, fees — each by the venue convention of the position's contract
 * ({@link MarginConvention}); amounts in the contract's settlement currency.
 */
public final class MarginCalculator {
    private MarginCalculator() {
    }

    //-------------------------------------------------------------------------
    /**
     * Calculates the maintenance margin of a linear notional from its tier with Binance USDⓈ-M's rule.
     * <pre>MM = notional × MMR(tier) − cum(tier)</pre>
     */
    public static double maintenanceMargin(double notional, RiskTiers tiers) {
        return tiers.maintenanceMargin(notional);
    }

    /** Maintenance margin of a position if its mark were {@code price}, by its venue's convention. */
    public static double maintenanceMargin(Position p, Instrument instrument, double price) {
        return instrument.convention().maintenanceMargin(instrument.terms(), p.qty(), p.entryPrice(), price);
    }

    /** Margin ratio = MM / margin balance (DESIGN.md; Binance's definition); +∞ once margin balance is 0 or less. */
    public static double marginRatio(double maintenanceMargin, double marginBalance) {
        return marginBalance > 0 ? maintenanceMargin / marginBalance : Double.POSITIVE_INFINITY;
    }

    /** Binance margin ratio (MM / balance) of an isolated linear position if its mark were {@code price}. */
    public static double isolatedMarginRatioAt(Position p, RiskTiers tiers, double price) {
        return marginRatio(tiers.maintenanceMargin(p.qty() * price), p.isolatedMargin() + p.unrealizedPnlAt(price));
    }

    /**
     * Margin ratio of an isolated position if its mark were {@code price}: the venue's maintenance requirement /
     * margin balance, liquidation at 100 % (the engines' measure for every venue).
     */
    public static double isolatedMarginRatioAt(Position p, Instrument instrument, double price) {
        double[] rb = isolatedRequirementAt(p, instrument, price);
        return marginRatio(rb[0], rb[1]);
    }

    /** The margin ratio as the venue itself defines it (OKX: balance / requirement), {@link MarginConvention#liquidatedAt} tells. */
    public static double venueIsolatedMarginRatioAt(Position p, Instrument instrument, double price) {
        double[] rb = isolatedRequirementAt(p, instrument, price);
        return instrument.convention().marginRatio(rb[0], rb[1]);
    }

    /**
     * An isolated position's maintenance requirement as its venue counts it (fee terms included) and its margin balance
     * (the margin behind it as the venue counts it + PnL) if its mark were {@code price}: {requirement, balance}.
     */
    public static double[] isolatedRequirementAt(Position p, Instrument instrument, double price) {
        MarginConvention c = instrument.convention();
        Terms t = instrument.terms();
        double base = c.isolatedBase(t, p.sign(), p.initialMargin(), p.marginAdded());
        return new double[]{c.requirement(t, base, LiquidationPrice.legs(p), price), base + p.unrealizedPnlAt(price)};
    }

    /** Margin ratio of an account's cross positions if {@code symbol}'s mark were {@code price}, the others at mark (requirement / balance). */
    public static double crossMarginRatioAt(Account account, Instruments instruments, String symbol, double price) {
        double[] re = crossRequirement(account, instruments, symbol, price);
        return marginRatio(re[0], re[1]);
    }

    /** The cross margin ratio as the venue defines it. */
    public static double venueCrossMarginRatioAt(Account account, Instruments instruments, String symbol, double price) {
        double[] re = crossRequirement(account, instruments, symbol, price);
        return instruments.get(symbol).convention().marginRatio(re[0], re[1]);
    }

    /**
     * The venue's total maintenance requirement of an account's cross positions and their margin balance if
     * {@code symbol}'s mark were {@code price} (others at mark): {requirement, balance}. Each symbol's requirement
     * sees the margin left for it (wallet − other symbols' MM + their PnL), as its liquidation price does.
     */
    static double[] crossRequirement(Account account, Instruments instruments, String symbol, double price) {
        List<Position> all = account.positions();
        double[] prices = new double[all.size()];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = all.get(i).symbol().equals(symbol) ? price : all.get(i).markPrice();
        }
        return crossRequirementAt(account, instruments, prices);
    }

    /**
     * The venue's total maintenance requirement of an account's cross positions and their margin balance with position
     * {@code i} of {@link Account#positions()} marked at {@code prices[i]} (isolated positions' prices are not read):
     * {requirement, balance}. The engine's own liquidation condition (margin ratio = requirement / balance reaches 100 %),
     * for moves of several symbols at once (portfolio market shocks and scenarios).
     */
    public static double[] crossRequirementAt(Account account, Instruments instruments, double[] prices) {
        List<Position> all = account.positions();
        List<Position> cross = account.crossPositions();
        List<String> symbols = new ArrayList<>(new LinkedHashSet<>(cross.stream().map(Position::symbol).toList()));
        double[] mm = new double[symbols.size()], upnl = new double[symbols.size()];
        double totalMm = 0, totalUpnl = 0;
        for (int i = 0; i < all.size(); i++) {
            Position p = all.get(i);
            if (p.marginMode() != MarginMode.CROSS) {
                continue;
            }
            // summed position by position, in account order (the figures kernels reproduce bit for bit)
            int k = symbols.indexOf(p.symbol());
            double mark = prices[i];
            double m = maintenanceMargin(p, instruments.get(p.symbol()), mark);
            double u = p.unrealizedPnlAt(mark);
            mm[k] += m;
            upnl[k] += u;
            totalMm += m;
            totalUpnl += u;
        }
        double req = totalMm;
        for (int k = 0; k < symbols.size(); k++) {
            String s = symbols.get(k);
            Instrument inst = instruments.get(s);
            double base = account.crossWalletBalance() - (totalMm - mm[k]) + (totalUpnl - upnl[k]);
            double extra = inst.convention().extraRequirement(inst.terms(), base, LiquidationPrice.legs(cross, s));
            if (extra != 0) {
                req += extra;
            }
        }
        return new double[]{req, account.crossWalletBalance() + totalUpnl};
    }

    //-------------------------------------------------------------------------
    /**
     * Evaluates one position. Isolated: its own margin is at risk. Cross: it is the only position of an account
     * whose wallet balance is {@code crossWallet}.
     */
    public static PositionReport evaluate(Position p, Instrument instrument, double crossWallet) {
        requireType(p, instrument, "position");
        if (p.marginMode() == MarginMode.CROSS) {
            Account a = new Account(crossWallet, List.of(p), instrument.contract().exchange());
            return evaluate(a, Instruments.of(instrument)).positions().get(0);
        }
        MarginConvention c = instrument.convention();
        Terms t = instrument.terms();
        requireLeverage(p, instrument, "leverage");
        LiquidationResult lr = LiquidationPrice.isolated(p, instrument);
        double base = c.isolatedBase(t, p.sign(), p.initialMargin(), p.marginAdded());
        double bp = c.bankruptcy(t, base, 0, LiquidationPrice.legs(p));
        double balance = base + p.unrealizedPnl();
        double req = c.requirement(t, base, LiquidationPrice.legs(p), p.markPrice());
        return report(p, instrument, lr, LiquidationPrice.isolated(p, instrument, MarginConvention.Reach.GAIN_SIDE), bp, balance, req, false,
                LiquidationPrice.legs(p), List.of(p));
    }

    /**
     * Checks the leverage against the tier of the position at entry (the venue's tier measure). A size beyond the last
     * tier is the size's fault, not the leverage's: it is named {@code notional} (the leverage's field with that name).
     */
    static void requireLeverage(Position p, Instrument inst, String field) {
        MarginConvention c = inst.convention();
        RiskTiers tiers = inst.tiers();
        double measure = c.tierMeasure(inst.terms(), p.qty(), p.entryPrice());
        try {
            tiers.requireLeverageAllowed(p.leverage(), measure);
        } catch (InvalidInputException e) {
            String at = e.field().equals("leverage") ? field : field.replaceFirst("leverage$", e.field());
            throw new InvalidInputException(at, e.getMessage().substring(e.getMessage().indexOf(':') + 2));
        }
    }

    private static void requireType(Position p, Instrument inst, String field) {
        if (p.type() != inst.contract().type()) {
            throw new InvalidInputException(field, p.symbol() + " is " + inst.contract().type().label() + " on "
                    + inst.contract().exchange().displayName() + " but the position was given as " + p.type().label());
        }
    }

    /** Evaluates every position of an account and the cross-margin totals. */
    public static AccountReport evaluate(Account account, Instruments instruments) {
        List<PositionReport> out = new ArrayList<>();
        double crossUpnl = 0, upnl = 0;
        MarginConvention crossConv = null;
        for (Position p : account.crossPositions()) {
            crossConv = instruments.get(p.symbol()).convention();
            crossUpnl += p.unrealizedPnl();
        }
        double crossMm = crossConv == null ? 0
                : crossRequirement(account, instruments, account.crossPositions().get(0).symbol(), account.crossPositions().get(0).markPrice())[0];
        double crossBalance = account.crossWalletBalance() + crossUpnl;
        for (int i = 0; i < account.positions().size(); i++) {
            Position p = account.positions().get(i);
            Instrument inst = instruments.get(p.symbol());
            if (account.exchange() != null && inst.contract().exchange() != account.exchange()) {
                throw new InvalidInputException("positions[" + i + "].symbol", p.symbol() + " is priced with "
                        + inst.contract().exchange().displayName() + " rules but the account is on " + account.exchange().displayName()
                        + " (one exchange per account)");
            }
            Contract first = instruments.get(account.positions().get(0).symbol()).contract();
            if (!inst.contract().settlementCurrency().equals(first.settlementCurrency())) {
                // one wallet holds one currency (Binance COIN-M: WB is that coin's cross wallet; as PortfolioRisk.requireOneCurrency)
                throw new InvalidInputException("positions[" + i + "].symbol", p.symbol() + " settles in " + inst.contract().settlementCurrency()
                        + " but the account's wallet holds " + first.settlementCurrency() + " (its " + first.symbol()
                        + "): one wallet holds one currency; price each coin's positions as an account of its own");
            }
            requireType(p, inst, "positions[" + i + "].type");
            requireMarginModeAllowed(account, i, inst);
            upnl += p.unrealizedPnl();
            if (p.type() == io.perpguard.venue.ContractType.LINEAR) {
                // a size or entry no tier holds is that input's fault, not the notional derived from them (one rule, as calc's)
                inst.requireSizeWithinTiers("positions[" + i + "].qty", p.qty(), p.qty(), "positions[" + i + "].entryPrice", p.entryPrice());
            }
            requireLeverage(p, inst, "positions[" + i + "].leverage");
            if (p.marginMode() == MarginMode.ISOLATED) {
                out.add(evaluate(p, inst, 0));
                continue;
            }
            LiquidationResult lr = LiquidationPrice.cross(account, p.symbol(), instruments);
            double others = crossUpnl - symbolUpnl(account, p.symbol());
            Legs legs = LiquidationPrice.legs(account.crossPositions(), p.symbol());
            double bp = LiquidationPrice.bankruptcy(inst, account.crossWalletBalance(), others, legs);
            // the symbol's cross legs share one level and are liquidated there together: their loss is counted once
            List<Position> level = account.crossPositions().stream().filter(q -> q.symbol().equals(p.symbol())).toList();
            out.add(report(p, inst, lr, LiquidationPrice.cross(account, p.symbol(), instruments, MarginConvention.Reach.GAIN_SIDE), bp,
                    crossBalance, crossMm, true, legs, level));
        }
        boolean anyCross = crossConv != null;
        double ratio = anyCross ? marginRatio(crossMm, crossBalance) : Double.NaN;
        return new AccountReport(out, account.walletBalance(), account.crossWalletBalance(), crossBalance, crossMm,
                ratio, anyCross ? crossBalance / crossMm : Double.NaN, upnl);
    }

    /**
     * Refuses hedge legs of one symbol in two margin modes on a venue that sets the mode per symbol
     * ({@link MarginConvention.MarginModeScope#SYMBOL}: Binance, Bybit's classic account), and any two positions in two modes
     * on one that sets it for the whole account ({@link MarginConvention.MarginModeScope#ACCOUNT}: Bybit's unified account);
     * OKX and XT set it per position. Named by the offending position's field, the other by its symbol and side.
     */
    static void requireMarginModeAllowed(Account account, int i, Instrument inst) {
        Position p = account.positions().get(i);
        if (inst.convention().marginModeScope() == MarginConvention.MarginModeScope.ACCOUNT) {
            for (int j = 0; j < i; j++) {
                Position o = account.positions().get(j);
                if (o.marginMode() != p.marginMode()) {
                    throw new InvalidInputException("positions[" + i + "].marginMode", p.symbol() + " " + p.side().label() + " is "
                            + p.marginMode().label() + " but " + o.symbol() + " " + o.side().label() + " is " + o.marginMode().label()
                            + ": on " + io.perpguard.Checks.a(inst.contract().exchange().displayName()) + " the margin mode is set for the whole account;"
                            + " make every position cross or every one isolated");
                }
            }
            return;
        }
        if (p.positionSide() == PositionSide.BOTH || inst.convention().marginModeScope() != MarginConvention.MarginModeScope.SYMBOL) {
            return;
        }
        for (int j = 0; j < i; j++) {
            Position o = account.positions().get(j);
            if (o.symbol().equals(p.symbol()) && o.positionSide() != PositionSide.BOTH && o.marginMode() != p.marginMode()) {
                throw new InvalidInputException("positions[" + i + "].marginMode", p.symbol() + "'s " + p.positionSide().label() + " leg is "
                        + p.marginMode().label() + " but its " + o.positionSide().label() + " leg is " + o.marginMode().label()
                        + ": on " + inst.contract().exchange().displayName() + " the margin mode is set per symbol and both hedge legs share it;"
                        + " make both legs cross or both isolated");
            }
        }
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

    private static PositionReport report(Position p, Instrument inst, LiquidationResult lr, LiquidationResult gain, double bp, double balance,
                                         double reqForRatio, boolean cross, Legs legs, List<Position> level) {
        Contract c = inst.contract();
        MarginConvention conv = inst.convention();
        Terms t = inst.terms();
        RiskTiers tiers = inst.tiers();
        int atMark = conv.tier(t, p.qty(), p.entryPrice(), p.markPrice());
        double mm = conv.maintenanceMargin(t, p.qty(), p.entryPrice(), p.markPrice());
        double lp = lr.price();
        requireTradablePrice("entryPrice", p.entryPrice(), c);
        requireTradablePrice("markPrice", p.markPrice(), c);
        // one level for all the legs it covers (hedge legs in one cross wallet share it), rounded as the mark reaches it:
        // up when a fall liquidates (a long, a net-long symbol), down when a rise does (a short; a long carried up into a
        // tier whose rate exceeds its margin); bankruptcy as the legs lose
        boolean lose = legs.liquidatedByFall(lp, p.markPrice()), falls = lr.exists() ? lr.byFall() : lose;
        double lpShown = roundTowardEntry(c, lp, falls, p.entryPrice());
        double bpShown = roundTowardEntry(c, bp, lose, p.entryPrice());
        double closeFee = Double.isFinite(lp) ? c.type().notional(p.qty(), lp) * c.takerFee() : Double.NaN;
        double clearance = Double.NaN;
        double loss = Double.NaN;
        if (Double.isFinite(lp)) {
            // the legs liquidated at this level (this position; a symbol's hedge legs in one cross wallet together): their
            // price move to it net of each other (a hedge's winning leg offsets the other), and what the venue keeps (its
            // convention: a fee on their notional there, or all the margin left) out of what margin is left there; a mark
            // already past the liquidation price has no further price loss to go
            double move = 0, notional = 0, legMove = 0, legNotional = 0;
            for (Position q : level) {
                double m = -(q.unrealizedPnlAt(lp) - q.unrealizedPnl()), n = c.type().notional(q.qty(), lp);
                move += m;
                notional += n;
                if (q == p) {
                    legMove = m;
                    legNotional = n;
                }
            }
            double priceLoss = Math.max(0, move);
            double left = Math.max(0, balance - priceLoss);
            clearance = conv.liquidationFee(t, notional, c.liquidationFeeRate(), left);
            loss = Math.min(priceLoss + clearance, Math.max(0, balance));
            if (level.size() > 1) {
                // this leg's share, so that the legs sum to their one loss (each leg used to claim the whole wallet's)
                loss = MarginConvention.legShare(legMove, legNotional, move, notional, loss);
                clearance = clearance * legNotional / notional;
            }
        }
        double ratio = marginRatio(reqForRatio, balance);
        double venueRatio = conv.marginRatio(reqForRatio, balance);
        // the maximum leverage of the tier the report names (at the mark): read at the entry's notional, a long of 1 BTC from
        // 60,000 marked at 50,000 printed "tier / max leverage 1 / 100x", tier 2's maximum beside tier 1 (125x)
        double maxLev = tiers.bracket(atMark).maxLeverage();
        return new PositionReport(p.symbol(), p.side(), p.marginMode(), p.positionSide(), p.qty(), p.entryPrice(),
                p.markPrice(), p.leverage(), p.notional(), p.entryNotional(), p.initialMargin(),
                p.marginMode() == MarginMode.ISOLATED ? p.isolatedMargin() : p.initialMargin(), mm,
                tiers.bracket(atMark).maintenanceMarginRate(), tiers.bracket(atMark).maintenanceAmount(), tiers.bracket(atMark).bracket(),
                maxLev, lpShown, lp, lr.exists() ? lr.bracket().bracket() : 0, bpShown,
                Double.isFinite(lp) ? (lp - p.markPrice()) / p.markPrice() * 100 : Double.NaN,
                p.unrealizedPnl(), p.unrealizedPnl() / p.initialMargin(), balance, ratio,
                reqForRatio > 0 ? balance / reqForRatio : Double.POSITIVE_INFINITY,
                p.entryNotional() * c.takerFee(), closeFee, clearance, loss, conv.id(),
                c.exchange().id(), c.type(), c.settlementCurrency(), c.contractSize() > 0 ? c.contractsOf(p.qty()) : Double.NaN,
                venueRatio, conv.estimates(cross), gain.exists() ? roundTowardEntry(c, gain.price(), gain.byFall(), p.entryPrice()) : Double.NaN,
                gain.exists() ? gain.bracket().bracket() : 0);
    }

    /** A liquidation or bankruptcy price to the tick by {@link TickRule#LEVEL} (toward the entry). */
    public static double roundTowardEntry(Contract c, double price, boolean isLong) {
        return TickRule.LEVEL.apply(c, price, isLong);
    }

    /** {@link TickRule#LEVEL} that never crosses the entry ({@link TickRule#notPastEntry}). */
    public static double roundTowardEntry(Contract c, double price, boolean isLong, double entry) {
        return TickRule.notPastEntry(TickRule.LEVEL.apply(c, price, isLong), price, entry, isLong);
    }

    /** Refuses a price below one tick of the contract ({@link Contract#requirePrice}). */
    static void requireTradablePrice(String field, double price, Contract c) {
        c.requirePrice(field, price);
    }
}
