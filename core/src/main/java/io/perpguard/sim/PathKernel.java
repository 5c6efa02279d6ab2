package io.perpguard.sim;

import io.perpguard.funding.FundingCarry;
import io.perpguard.margin.Side;
import io.perpguard.margin.fast.LevelSolver;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.MarginConvention;
import io.perpguard.venue.MarginConvention.LiquidationTake;
import io.perpguard.venue.MarginConvention.TierBasis;

import java.util.SplittableRandom;

/**
 * The per-path loop of {@link MonteCarlo}: immutable shared inputs as primitive arrays, all path state in locals,
 * results written into {@link MonteCarlo.Outcomes} at the path's index. No allocation per step.
 * <p>Accounting (isolated, by the contract's venue convention, {@link MarginConvention.Flat} read once):
 * {@code wallet} includes the isolated margin; equity = wallet + unrealized PnL; fills pay the taker fee on their
 * notional; funding is paid out of the isolated margin (margin added &lt; 0) and the liquidation price is recomputed
 * after each payment; a liquidation realizes the loss to the liquidation price and what the venue takes
 * ({@link LiquidationTake#fee}) out of whatever margin is left (the position never loses more than its margin).
 * A linear contract counts in quote (quantity in base units); an inverse one in its coin: quantity is USD face,
 * notional = qty / price, PnL = qty × (1/entry − 1/price): notional, PnL and the loss per unit are {@link ContractType}'s
 * and {@link RiskBasedSizer#lossPerUnit}'s own formulas, not copies.
 */
final class PathKernel {
    // market
    private final double[] closeRel, highRel, lowRel, trueRangeRel;
    private final int nBars;
    private final double[] rates;
    private final int nRates;
    private final int[] fundingEvents;
    final long barMs;
    final int steps, block, fundingBlock;
    private final double startPrice;
    // account and contract
    private final double startEquity, ruinEquity, fee;
    /** the venue's liquidation price over the contract's tiers (the stream kernel's solver) */
    private final LevelSolver level;
    /** the venue's rule: tier by contracts (else a notional), what a liquidation takes, margin added net of a fee */
    private final boolean tierByContracts, takesRemainingMargin, addedNetOfFee;
    private final double contractSize, addedDivisor, liquidationFeeRate;
    /** how the contract settles, linear (else inverse) */
    private final ContractType type;
    private final boolean linear;
    /** the largest tier measure (notional, or contracts) the policy's leverage is allowed up to */
    private final double maxMeasureAtLeverage;
    // policy
    private final boolean allIn;
    /** the policy's side: long (else short), its sign (+1, −1) */
    private final boolean isLong;
    private final Side side;
    private final int sign;
    private final double leverage, riskFraction, atrMultiple, targetR, bufferAtr;
    private final int atrPeriod, maxBars;

    PathKernel(Policy policy, ReturnBars bars, double[] rates, int[] fundingEvents, int steps, int block, int fundingBlock,
               MonteCarlo.Config c, double takerFee, MarginConvention.Flat rule, LevelSolver level, double maxMeasureAtLeverage) {
        this.closeRel = bars.closeRel();
        this.highRel = bars.highRel();
        this.lowRel = bars.lowRel();
        this.trueRangeRel = bars.trueRangeRel();
        this.nBars = bars.size();
        this.barMs = bars.barMs();
        this.startPrice = bars.lastClose();
        this.rates = rates;
        this.nRates = rates.length;
        this.fundingEvents = fundingEvents;
        this.steps = steps;
        this.block = block;
        this.fundingBlock = fundingBlock;
        this.startEquity = c.startEquity();
        this.ruinEquity = c.ruinLevel() * c.startEquity();
        this.fee = takerFee;
        this.level = level;
        this.tierByContracts = rule.basis() == TierBasis.BY_CONTRACTS;
        this.contractSize = rule.contractSize();
        this.takesRemainingMargin = rule.takesRemainingMargin();
        this.liquidationFeeRate = rule.liquidationFeeRate();
        this.type = rule.type();
        this.linear = rule.linear();
        this.maxMeasureAtLeverage = maxMeasureAtLeverage;
        this.leverage = policy.leverage();
        this.side = policy.side();
        this.isLong = side == Side.LONG;
        this.sign = side.sign();
        // the side's own divisor (Bybit unified nets margin added of the closing fee, by side)
        this.addedDivisor = rule.addedDivisor(sign);
        this.addedNetOfFee = addedDivisor != 1;
        if (policy instanceof Policy.RiskPerTrade b) {
            this.allIn = false;
            this.riskFraction = b.riskPct() / 100;
            this.atrMultiple = b.atrMultiple();
            this.atrPeriod = b.atrPeriod();
            this.targetR = b.targetR();
            this.maxBars = b.maxBars();
            this.bufferAtr = b.liquidationBufferAtr();
        } else {
            this.allIn = true;
            this.riskFraction = 1;
            this.atrMultiple = 0;
            this.atrPeriod = 1;
            this.targetR = 0;
            this.maxBars = Integer.MAX_VALUE;
            this.bufferAtr = 0;
        }
    }

    /**
     * Calculates an isolated position's liquidation price (the policy's side) by the venue's rule ({@link MarginConvention#isolated}) through the
     * one array-side solver ({@link LevelSolver#solveLossSide}, the stream kernel's): margin balance = maintenance margin (+ the
     * venue's closing fee at the bankruptcy price) with M = IM + added / divisor behind the position, the tier at the
     * price (the consistent solution nearest the mark, or the price where the value crosses a cap and the requirement
     * jumps past the equity: a coin-margined long's coin value grows as the price falls), at entry or by contracts. The
     * level the bar's adverse extreme reaches: a cap crossed the way the position gains (a linear long carried up into a
     * tier whose rate exceeds its margin), which {@code calc} reports, is not watched (docs/venues.md "Not yet").
     * Returns, when no positive price liquidates, a level the price never reaches: 0 for a long, +∞ for a short (a
     * coin-margined short at 1x).
     *
     * @param im    initial margin (notional at entry / leverage)
     * @param added margin added (funding paid: negative)
     * @param mark  the price now (the nearest of several consistent solutions wins, as in the reference)
     */
    double liquidationPrice(double im, double added, double qty, double entry, double mark) {
        // the convention's sum IM + added / divisor; a divisor of 1 (every venue but Bybit unified) skips the division
        double base = addedNetOfFee ? im + added / addedDivisor : im + added;
        double lp = level.solveLossSide(base, 0, 0, qty, sign, entry, 0, 0, 0, 0, mark);
        return lp > 0 && Double.isFinite(lp) ? lp : isLong ? 0 : Double.POSITIVE_INFINITY;
    }

    /** {@link #liquidationPrice(double, double, double, double, double)} marked at the entry (a position just opened). */
    double liquidationPrice(double im, double added, double qty, double entry) {
        return liquidationPrice(im, added, qty, entry, entry);
    }

    /** Notional in the settlement currency ({@link ContractType#notional}). */
    private double notional(double qty, double price) {
        return type.notional(qty, price);
    }

    /** The position's PnL, on the policy's side ({@link ContractType#pnl}). */
    private double pnl(double qty, double entry, double price) {
        return type.pnl(sign, qty, entry, price);
    }

    /**
     * {@link #pnl(double, double, double)} with 1/entry already at hand (the same bits: ±1 × qty × d is ±(qty × d), the
     * sign exact).
     */
    private double pnl(double qty, double entry, double invEntry, double price) {
        double longPnl = linear ? qty * (price - entry) : qty * (invEntry - 1 / price);
        return isLong ? longPnl : -longPnl;
    }

    /** The largest quantity the policy's leverage allows at {@code price} (base units, or USD face). */
    private double maxQty(double price) {
        return tierByContracts ? maxMeasureAtLeverage * (contractSize > 0 ? contractSize : 1)
                : type.qtyOf(maxMeasureAtLeverage, price);
    }

    /** Simulates path {@code path} and writes its outcome. */
    void run(int path, long seed, MonteCarlo.Outcomes out) {
        SplittableRandom rng = new SplittableRandom(MonteCarlo.pathSeed(seed, path));
        int bar = 0, barsLeft = 0, rate = 0, ratesLeft = 0;
        double price = startPrice;
        double wallet = startEquity, peak = startEquity, maxDd = 0;
        boolean open = false, liquidated = false;
        double qty = 0, entry = 0, margin = 0, added = 0, liq = 0, stop = 0, target = 0;
        // 1 / entry of an inverse position, kept while it is open (the same bits pnl() computes, one division a step less)
        double invEntry = 0;
        int held = 0, trades = 0, ruinStep = MonteCarlo.NEVER;
        double atr = 0, trSum = 0;
        int trCount = 0;

        if (allIn) {
            // margin + opening fee = equity: margin = E / (1 + L × fee), notional = L × margin
            margin = wallet / (1 + leverage * fee);
            qty = type.qtyOf(margin * leverage, price);
            entry = price;
            invEntry = 1 / entry;
            wallet -= notional(qty, entry) * fee;
            liq = liquidationPrice(margin, 0, qty, entry);
            open = true;
            trades = 1;
        }

        for (int t = 1; t <= steps; t++) {
            if (barsLeft == 0) {
                bar = rng.nextInt(nBars - block + 1);
                barsLeft = block;
            }
            double prev = price;
            double high = prev * highRel[bar], low = prev * lowRel[bar];
            price = prev * closeRel[bar];
            double trueRange = prev * trueRangeRel[bar];
            bar++;
            barsLeft--;

            if (open) {
                held++;
                // the adverse and the favourable extreme of the bar: a long's low and high, a short's high and low
                double adverse = isLong ? low : high, favourable = isLong ? high : low;
                if (isLong ? adverse <= liq || !allIn && adverse <= stop : adverse >= liq || !allIn && adverse >= stop) {
                    if (!allIn && (isLong ? stop > liq : stop < liq)) {
                        // the stop lies between entry and the liquidation price, so an adverse move fills it first (stop-market at the stop)
                        wallet += pnl(qty, entry, stop) - notional(qty, stop) * fee;
                        open = false;
                    } else {
                        wallet = liquidate(wallet, margin + added, qty, entry, liq);
                        open = false;
                        liquidated = true;
                        ruinStep = t;
                    }
                } else if (!allIn && (isLong ? favourable >= target : favourable <= target)) {
                    wallet += pnl(qty, entry, target) - notional(qty, target) * fee;
                    open = false;
                } else if (held >= maxBars) {
                    wallet += pnl(qty, entry, price) - notional(qty, price) * fee;
                    open = false;
                }
            }
            if (liquidated) {
                peak = Math.max(peak, wallet);
                maxDd = Math.max(maxDd, (peak - wallet) / peak);
                break;
            }

            // funding at the end of the bar: the sequence advances whether or not a position is open
            for (int e = fundingEvents[t]; e > 0; e--) {
                if (ratesLeft == 0) {
                    rate = rng.nextInt(nRates - fundingBlock + 1);
                    ratesLeft = fundingBlock;
                }
                double r = rates[rate++];
                ratesLeft--;
                if (open) {
                    double pay = FundingCarry.payment(side, notional(qty, price), r);
                    wallet -= pay;
                    added -= pay;
                    liq = liquidationPrice(margin, added, qty, entry, price);
                }
            }
            if (open && (isLong ? liq >= price : liq <= price)) {
                // funding alone pushed the liquidation price past the mark
                wallet = liquidate(wallet, margin + added, qty, entry, price);
                open = false;
                liquidated = true;
                ruinStep = t;
                peak = Math.max(peak, wallet);
                maxDd = Math.max(maxDd, (peak - wallet) / peak);
                break;
            }

            if (!allIn) {
                // Wilder ATR of the simulated path: SMA of the first `period` true ranges, then (ATR×(n−1) + TR) / n (Wilder 1978)
                trCount++;
                if (trCount <= atrPeriod) {
                    trSum += trueRange;
                    atr = trSum / atrPeriod;
                } else {
                    atr = (atr * (atrPeriod - 1) + trueRange) / atrPeriod;
                }
                if (!open && trCount >= atrPeriod) {
                    double dist = atrMultiple * atr;
                    double st = price - sign * dist;
                    if (st > 0 && dist > 0) {
                        // R = qty × the one loss per unit (DESIGN.md "R"); the policy has no slippage
                        double q = riskFraction * wallet / RiskBasedSizer.lossPerUnit(type, side, price, st, fee, 0);
                        // margin + opening fee must fit the wallet (notional ≤ E / (1 + L × fee) × L, as all-in), and the
                        // notional the tier allowing this leverage
                        q = Math.min(q, type.qtyOf(wallet / (1 + leverage * fee) * leverage, price));
                        q = Math.min(q, maxQty(price));
                        double m = notional(q, price) / leverage;
                        double lp = liquidationPrice(m, 0, q, price);
                        if (q > 0 && (isLong ? lp < st - bufferAtr * atr : lp > st + bufferAtr * atr)) {
                            qty = q;
                            entry = price;
                            invEntry = 1 / entry;
                            margin = m;
                            added = 0;
                            liq = lp;
                            stop = st;
                            // a short's target at or below 0 is never reached
                            target = price + sign * targetR * dist;
                            wallet -= notional(q, price) * fee;
                            held = 0;
                            open = true;
                            trades++;
                        }
                    }
                }
            }

            double equity = open ? wallet + pnl(qty, entry, invEntry, price) : wallet;
            if (equity > peak) {
                peak = equity;
            }
            double dd = (peak - equity) / peak;
            if (dd > maxDd) {
                maxDd = dd;
            }
            if (equity < ruinEquity) {
                ruinStep = t;
                wallet = equity;
                open = false;
                break;
            }
        }
        out.ruinStep[path] = ruinStep;
        out.liquidated[path] = liquidated;
        out.terminalEquity[path] = open ? wallet + pnl(qty, entry, price) : wallet;
        out.maxDrawdown[path] = maxDd;
        out.trades[path] = trades;
    }

    /**
     * Wallet after an isolated position (the policy's side) with {@code margin} (initial plus added) is liquidated at {@code at}: the price
     * loss is realized and what the venue takes ({@link LiquidationTake#fee}) comes out of what margin is left; the
     * position never loses more than its margin ({@link io.perpguard.margin.LiquidationSettlement}'s isolated rule).
     * <pre>wallet' = max(0, wallet + max(−M, PnL − take(notional at, M + PnL))),   PnL = side·Q(at − EP), or side·Q(1/EP − 1/at) inverse</pre>
     */
    double liquidate(double wallet, double margin, double qty, double entry, double at) {
        double pnl = pnl(qty, entry, at);
        double take = LiquidationTake.fee(takesRemainingMargin, liquidationFeeRate, notional(qty, at), margin + pnl);
        // an isolated loss never exceeds the margin, which the wallet holds: the wallet stays at 0 or above
        return Math.max(0, wallet + Math.max(-margin, pnl - take));
    }
}
