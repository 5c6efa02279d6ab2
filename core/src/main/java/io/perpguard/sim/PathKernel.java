package io.perpguard.sim;

import io.perpguard.funding.FundingCarry;
import io.perpguard.margin.Side;
import io.perpguard.sizing.RiskBasedSizer;

import java.util.SplittableRandom;

/**
 * The per-path loop of {@link MonteCarlo}: immutable shared inputs as primitive arrays, all path state in locals,
 * results written into {@link MonteCarlo.Outcomes} at the path's index. No allocation per step.
 * <p>Accounting (Binance USDⓈ-M, linear, isolated): {@code wallet} includes the isolated margin; equity = wallet +
 * unrealized PnL; fills pay the taker fee on their notional; funding moves wallet and isolated margin together and
 * the liquidation price is recomputed after each payment; a liquidation realizes the loss to the liquidation price
 * and a clearance fee out of whatever margin is left (the position never loses more than its margin).
 */
final class PathKernel {
    /** Relative slack when testing that a candidate liquidation price lies in the tier it was computed with. */
    private static final double TIER_SLACK = 1e-12;

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
    private final double startEquity, ruinEquity, fee, liquidationFee;
    private final double[] tierFloor, tierCap, tierMmr, tierCum;
    private final double maxNotionalAtLeverage;
    // policy
    private final boolean allIn;
    private final double leverage, riskFraction, atrMultiple, targetR, bufferAtr;
    private final int atrPeriod, maxBars;

    PathKernel(Policy policy, ReturnBars bars, double[] rates, int[] fundingEvents, int steps, int block, int fundingBlock,
               MonteCarlo.Config c, double[] tierFloor, double[] tierCap, double[] tierMmr, double[] tierCum, double maxNotionalAtLeverage) {
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
        this.fee = c.takerFee();
        this.liquidationFee = c.liquidationFeeRate();
        this.tierFloor = tierFloor;
        this.tierCap = tierCap;
        this.tierMmr = tierMmr;
        this.tierCum = tierCum;
        this.maxNotionalAtLeverage = maxNotionalAtLeverage;
        this.leverage = policy.leverage();
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
     * Calculates an isolated long's liquidation price from the tier arrays:
     * <pre>LP = (M + cum − Q × EP) / (Q × MMR − Q)</pre>
     * with MMR and cum of the tier the notional at LP falls in (Binance USDⓈ-M "How to Calculate Liquidation Price of
     * USDⓈ-M Contracts", isolated, one-way). Margin balance − MM rises with price for a long, so at most one tier is
     * consistent. Returns 0 when no positive price liquidates (a price of 0 is never reached).
     */
    double longLiquidationPrice(double margin, double qty, double entry) {
        for (int k = 0; k < tierMmr.length; k++) {
            double lp = (margin + tierCum[k] - qty * entry) / (qty * tierMmr[k] - qty);
            if (lp > 0) {
                double notional = qty * lp;
                if (notional >= tierFloor[k] * (1 - TIER_SLACK) && notional <= tierCap[k] * (1 + TIER_SLACK)) {
                    return lp;
                }
            }
        }
        return 0;
    }

    /** Simulates path {@code path} and writes its outcome. */
    void run(int path, long seed, MonteCarlo.Outcomes out) {
        SplittableRandom rng = new SplittableRandom(MonteCarlo.pathSeed(seed, path));
        int bar = 0, barsLeft = 0, rate = 0, ratesLeft = 0;
        double price = startPrice;
        double wallet = startEquity, peak = startEquity, maxDd = 0;
        boolean open = false, liquidated = false;
        double qty = 0, entry = 0, margin = 0, liq = 0, stop = 0, target = 0;
        int held = 0, trades = 0, ruinStep = MonteCarlo.NEVER;
        double atr = 0, trSum = 0;
        int trCount = 0;

        if (allIn) {
            // margin + opening fee = equity: margin = E / (1 + L × fee), notional = L × margin
            margin = wallet / (1 + leverage * fee);
            qty = margin * leverage / price;
            entry = price;
            wallet -= qty * entry * fee;
            liq = longLiquidationPrice(margin, qty, entry);
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
                if (low <= liq || !allIn && low <= stop) {
                    if (!allIn && stop > liq) {
                        // the stop lies above the liquidation price, so a falling price fills it first (stop-market at the stop)
                        wallet += qty * (stop - entry) - qty * stop * fee;
                        open = false;
                    } else {
                        wallet = liquidate(wallet, margin, qty, entry, liq);
                        open = false;
                        liquidated = true;
                        ruinStep = t;
                    }
                } else if (!allIn && high >= target) {
                    wallet += qty * (target - entry) - qty * target * fee;
                    open = false;
                } else if (held >= maxBars) {
                    wallet += qty * (price - entry) - qty * price * fee;
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
                    double pay = FundingCarry.payment(Side.LONG, qty * price, r);
                    wallet -= pay;
                    margin -= pay;
                    liq = longLiquidationPrice(margin, qty, entry);
                }
            }
            if (open && liq >= price) {
                // funding alone pushed the liquidation price past the mark
                wallet = liquidate(wallet, margin, qty, entry, price);
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
                    double st = price - dist;
                    if (st > 0 && dist > 0) {
                        // R = qty × the one loss per unit (DESIGN.md "R"); the policy has no slippage
                        double q = riskFraction * wallet / RiskBasedSizer.lossPerUnit(Side.LONG, price, st, fee, 0);
                        // margin + opening fee must fit the wallet, and the notional the tier allowing this leverage
                        q = Math.min(q, wallet * leverage / (price * (1 + leverage * fee)));
                        q = Math.min(q, maxNotionalAtLeverage / price);
                        double m = q * price / leverage;
                        double lp = longLiquidationPrice(m, q, price);
                        if (q > 0 && lp < st - bufferAtr * atr) {
                            qty = q;
                            entry = price;
                            margin = m;
                            liq = lp;
                            stop = st;
                            target = price + targetR * dist;
                            wallet -= q * price * fee;
                            held = 0;
                            open = true;
                            trades++;
                        }
                    }
                }
            }

            double equity = open ? wallet + qty * (price - entry) : wallet;
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
        out.terminalEquity[path] = open ? wallet + qty * (price - entry) : wallet;
        out.maxDrawdown[path] = maxDd;
        out.trades[path] = trades;
    }

    /**
     * Wallet after an isolated long is liquidated at {@code at}: the price loss is realized and the clearance fee
     * (notional at liquidation × rate) comes out of what margin is left; the position never takes more than its margin.
     * <pre>wallet' = wallet − M + max(0, M + Q(at − EP) − Q × at × clearanceRate)</pre>
     * Binance USDⓈ-M "Liquidation" (clearance fee to the insurance fund).
     */
    private double liquidate(double wallet, double margin, double qty, double entry, double at) {
        double left = margin + qty * (at - entry) - qty * at * liquidationFee;
        // an isolated loss never exceeds the margin, which the wallet holds: the wallet stays at 0 or above
        return Math.max(0, wallet - margin + Math.max(0, left));
    }
}
