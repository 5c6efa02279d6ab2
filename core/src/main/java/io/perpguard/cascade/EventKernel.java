package io.perpguard.cascade;

import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Side;

import java.util.Arrays;

/**
 * The mutable, primitive-array state of one market in the event-driven core. One instance per run (or
 * {@link #reset()} to reuse); the public API returns {@link MarketOutcome} records.
 * <p>Each step of {@code dt} seconds: exogenous, voluntary and new-open flow walk the book; the anchor takes the
 * fundamental move; depth withdraws or returns, consumed depth refills, the anchor follows the last price; the mark
 * (EMA of last) triggers liquidations, which queue for the engine; the engine sends at most its throughput to the
 * book, fund first, then ADL, then bad debt. Invariants are noted next to the lines that keep them.
 */
final class EventKernel {
    /** Width of a liquidation-price bucket in log price (2 bp). */
    static final double BIN = 2e-4;
    /** Buckets per side: ±4 in log price around the reference. */
    static final int NB = 40_000;
    static final int MID = NB / 2;
    /** Drawdown bins for the path-R profile, log-percent. */
    static final double R_BIN_PCT = 0.25;
    private static final int LONG = 0, SHORT = 1;
    /** Largest walk from the anchor, log-percent (a factor e^±9.2 ≈ 10⁴). */
    static final double MAX_WALK = 921;
    /** Clock of the defence of endangered positions, seconds. */
    static final double RESCUE_SECONDS = 10;
    /** Resting limit orders (below the book) the engine looks past per step before it waits. */
    private static final int MAX_SKIPS = 64;

    private final MarketSpec spec;
    private final LiquidationLadder ladder;
    private final FlowModel flow;
    private final double dt;
    private final double p0;
    private final int minutes;
    private final ShockLeg[] legs;
    private final Halt[] halts;
    // leverage classes for new opens: [side][class]
    private final double[][] newLev = new double[2][], newWeight = new double[2][], newLiqRatio = new double[2][], newBkRatio = new double[2][];
    /** Defence of endangered positions runs every this many steps (about 10 s: traders react in seconds, not per step). */
    private final int rescueEvery;
    private final double withdrawFac, returnFac, anchorFac, valueFac, markFac;
    private final double beta, invBeta, mMin, stressRef, phi, kappa, indexBeta, commonShare, refillLambda, latentPct;
    /**
     * The book's depth D₁ (bids, asks), the refill rate ρ and the flow at which quotes halve, at the current minute: the
     * calm ones ({@code *0}) × the minute's multiplier of {@link MarketSpec#depthByMinute()} (liquidity at the event's hour).
     */
    private double dBid, dAsk, refillRate, flowRef;
    private final double dBid0, dAsk0, refillRate0, flowRef0;
    /** D₁ multiplier per simulated minute, or null: the calm depth throughout. */
    private final double[] depthByMinute;
    /** The panic sellers' holding, USD (FlowModel.panicPoolDepths · D₁); 0 = no limit. */
    private final double panicPool;
    /** Coupled to other markets through the common factor ({@link #couple()}); then only 1 − σ of the feedback is own. */
    private boolean coupled;

    // positions per side (structure of arrays); open quantity = qn · survival[side] · bmul[side][bin]
    private double[][] qn = new double[2][], entry = new double[2][], liq = new double[2][], bk = new double[2][], lev = new double[2][];
    private int[][] next = new int[2][], bin = new int[2][];
    /** Positions that are a stop-loss order's share of a position (FlowModel stopLossShare): their liq is the stop level. */
    private boolean[][] stop = new boolean[2][];
    private final int[][] head = new int[2][NB];
    /** The stop-loss orders' own buckets (by stop level), walked on the mark after the liquidations, and the nearest non-empty one. */
    private final int[][] headStop = new int[2][NB];
    private final int[] topStop = new int[2];
    // per bucket: the rescue factor of its positions and Σ qn · bmul (so defence is O(buckets), not O(positions))
    private final double[][] bmul = new double[2][NB], bsum = new double[2][NB];
    private final int[] count = new int[2], top = new int[2];
    private final double[] survival = new double[2], sumQn = new double[2];
    // engine queue (ring)
    private int[] qSide = new int[1024], qIdx = new int[1024];
    private double[] qQty = new double[1024];
    private int qHead, qSize;
    // ADL ranking of the side opposite a bankrupt position, rebuilt once per step when needed
    private long[] adlKeys = new long[0];
    private int adlCursor = -1, adlSide = -1;
    private long adlStep = -1;

    // market state
    private double lnA, lnF, consumed, m, mark, last, basisEma;
    /** The index's exogenous path so far (Σ of the driver's legs, log units): lnF − ln p0 − exoLog is its endogenous displacement. */
    private double exoLog;
    private long step;
    private final double[] lastRing;
    /** The index (log) at each of the last 60 s of steps: the speed panic sellers react to. */
    private final double[] indexRing;
    /** Liquidation fills (USD) of each of the last 60 s of steps, and their sum: the forced flow market makers see. */
    private final double[] liqRing;
    private double liqRingSum;
    private int ringPos;
    private final double[] minuteHighRing = new double[60];
    private double curMinuteHigh;
    private int curMinute = -1;
    private final double[] pendingNewUsd = new double[2];

    // ledgers
    double insuranceFund, badDebt, adlUsd, adlQty, marginLoss, counterpartyGain;
    /**
     * Bankrupt positions the insurance fund took over at their bankruptcy price (EngineSpec.iocAtBankruptcy): USD at
     * bankruptcy, and its net position so taken (longs +, shorts −, USD at bankruptcy), which stays within its balance.
     */
    double fundTakenUsd, fundNetUsd;
    double liqQty, volClosedQty, newQty, wrongWay;
    /** Σ φ · (log-price impact of liquidation fills): how far forced flow has moved the fundamental, log units. */
    double indexFeedbackLog;
    /** Panic selling (USD) and its own move of the index (log units; its common share is in {@link #commonLog}). */
    double panicUsd, panicLog;
    /** Panic closes near liquidation (FlowModel.panicClosePerMinute): USD closed and their own index move, log. */
    double panicCloseUsd, panicCloseLog;
    /** Positions closed by their stop-loss orders, USD at the fill. */
    double stopUsd;
    /** The part of {@link #indexFeedbackLog} that came through the common factor, log units. */
    double commonLog;
    /** Net forced flow this step (USD, sells positive) whose common share awaits {@link #applyCommon}. */
    private double commonFlowUsd;
    final double[] liqUsd = new double[2];
    // recordings
    final double[] minuteLow, minuteHigh, minuteClose, liqLongMin, liqShortMin;
    double peak, peakT, maxDd, ddPeakT, troughT, mAtTrough, minM;
    private int deepestRBin;
    final double[] mAtRBin;

    EventKernel(MarketSpec spec, LiquidationLadder ladder, FlowModel flow, RiskTiers tiers, double horizonMinutes, double dt) {
        this.spec = spec;
        this.ladder = ladder;
        this.flow = flow;
        this.dt = dt;
        this.p0 = spec.price();
        this.minutes = (int) Math.ceil(horizonMinutes);
        this.legs = spec.shocks().toArray(new ShockLeg[0]);
        this.halts = spec.halts().toArray(new Halt[0]);
        DepthModel d = spec.depth();
        dBid = dBid0 = d.bidDepth1PctUsd();
        dAsk = dAsk0 = d.askDepth1PctUsd();
        depthByMinute = spec.depthByMinute();
        beta = d.beta();
        invBeta = 1 / beta;
        mMin = d.minMultiplier();
        stressRef = d.stressRefPct();
        phi = d.indexImpactShare();
        latentPct = d.latentLiquidityPct();
        kappa = d.indexWithdrawalExponent();
        indexBeta = d.indexBeta();
        commonShare = d.commonShare();
        flowRef = flowRef0 = d.flowWithdrawalRef() * 0.5 * (dBid + dAsk);
        refillLambda = d.refillWithdrawalExponent();
        panicPool = flow.panicPoolDepths() * dBid;
        rescueEvery = Math.max(1, (int) Math.round(RESCUE_SECONDS / dt));
        withdrawFac = 1 - Math.exp(-dt / d.withdrawSeconds());
        returnFac = 1 - Math.exp(-dt / d.returnSeconds());
        refillRate = refillRate0 = d.refillUsdPerSecPerPct();
        anchorFac = d.anchorSeconds() > 0 ? 1 - Math.exp(-dt / d.anchorSeconds()) : 0;
        valueFac = d.valueSeconds() > 0 ? 1 - Math.exp(-dt / d.valueSeconds()) : 0;
        double lag = spec.engine().markLagSeconds();
        markFac = lag > 0 ? 1 - Math.exp(-dt / lag) : 1;
        // new opens in stress are speculative (dip buyers, momentum shorts): both sides take the long (speculative) mix
        LeverageMix[] mixes = {spec.ladder().longMix(), spec.ladder().longMix()};
        for (int s = 0; s < 2; s++) {
            LeverageMix mix = mixes[s];
            int k = mix.size();
            newLev[s] = mix.leverage().clone();
            newWeight[s] = mix.weight().clone();
            newLiqRatio[s] = new double[k];
            newBkRatio[s] = new double[k];
            if (flow.newLongPerHour() > 0 || flow.newShortPerHour() > 0) {
                for (int j = 0; j < k; j++) {
                    LiquidationDistance ld = LiquidationDistance.of(s == LONG ? Side.LONG : Side.SHORT, mix.leverage()[j],
                            spec.ladder().accountNotionalUsd(), tiers);
                    newLiqRatio[s][j] = ld.liquidationRatio();
                    newBkRatio[s][j] = ld.bankruptcyRatio();
                }
            }
        }
        lastRing = new double[Math.max(1, (int) Math.round(60 / dt))];
        liqRing = new double[lastRing.length];
        indexRing = new double[lastRing.length];
        minuteLow = new double[minutes];
        minuteHigh = new double[minutes];
        minuteClose = new double[minutes];
        liqLongMin = new double[minutes];
        liqShortMin = new double[minutes];
        mAtRBin = new double[(int) Math.ceil(400 / R_BIN_PCT)];
        reset();
    }

    /** Restores the state at minute 0 from the ladder (for reuse, e.g. in benchmarks). */
    void reset() {
        if (depthByMinute != null) {
            depthAtMinute(0);
        }
        LiquidationLadder.Book[] books = {ladder.longs(), ladder.shorts()};
        for (int s = 0; s < 2; s++) {
            LiquidationLadder.Book b = books[s];
            int n0 = b.size();
            boolean stops = flow.stopLossShare() > 0;
            int n = stops ? 2 * n0 : n0;
            int cap = Math.max(16, n + n / 4);
            qn[s] = Arrays.copyOf(b.qty(), cap);
            entry[s] = Arrays.copyOf(b.entry(), cap);
            liq[s] = Arrays.copyOf(b.liquidation(), cap);
            bk[s] = Arrays.copyOf(b.bankruptcy(), cap);
            lev[s] = Arrays.copyOf(b.leverage(), cap);
            next[s] = new int[cap];
            bin[s] = new int[cap];
            stop[s] = new boolean[cap];
            if (stops) {
                for (int i = 0; i < n0; i++) {
                    splitStop(s, i, n0 + i);
                    double level = liq[s][n0 + i];
                    if (s == LONG ? level >= p0 : level <= p0) {
                        // the price already stands beyond this stop: the look-back path crossed it, so this holder kept
                        // no stop there (a stop that had fired would have closed the position before the event)
                        qn[s][i] += qn[s][n0 + i];
                        qn[s][n0 + i] = 0;
                        stop[s][n0 + i] = false;
                    }
                }
            }
            Arrays.fill(head[s], -1);
            Arrays.fill(headStop[s], -1);
            Arrays.fill(bmul[s], 1);
            Arrays.fill(bsum[s], 0);
            count[s] = n;
            top[s] = s == LONG ? -1 : NB;
            topStop[s] = top[s];
            survival[s] = 1;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += qn[s][i];
                link(s, i);
            }
            sumQn[s] = sum;
        }
        qHead = 0;
        qSize = 0;
        adlStep = -1;
        lnA = Math.log(p0);
        lnF = lnA;
        exoLog = 0;
        consumed = 0;
        m = 1;
        mark = p0;
        last = p0;
        basisEma = 0;
        step = 0;
        Arrays.fill(lastRing, p0);
        Arrays.fill(liqRing, 0);
        Arrays.fill(indexRing, lnF);
        liqRingSum = 0;
        ringPos = 0;
        Arrays.fill(minuteHighRing, p0);
        curMinuteHigh = p0;
        curMinute = -1;
        pendingNewUsd[0] = pendingNewUsd[1] = 0;
        insuranceFund = spec.engine().insuranceFundUsd();
        badDebt = adlUsd = adlQty = marginLoss = counterpartyGain = 0;
        fundTakenUsd = fundNetUsd = 0;
        liqQty = volClosedQty = newQty = wrongWay = 0;
        indexFeedbackLog = 0;
        panicUsd = panicLog = 0;
        panicCloseUsd = panicCloseLog = 0;
        stopUsd = 0;
        commonLog = 0;
        commonFlowUsd = 0;
        liqUsd[0] = liqUsd[1] = 0;
        Arrays.fill(minuteLow, Double.NaN);
        Arrays.fill(minuteHigh, Double.NaN);
        Arrays.fill(minuteClose, Double.NaN);
        Arrays.fill(liqLongMin, 0);
        Arrays.fill(liqShortMin, 0);
        Arrays.fill(mAtRBin, Double.NaN);
        mAtRBin[0] = 1;
        deepestRBin = 0;
        peak = p0;
        peakT = troughT = ddPeakT = 0;
        maxDd = 0;
        mAtTrough = 1;
        minM = 1;
    }

    private static int bucket(double ratio) {
        if (!(ratio > 0)) {
            return 0;
        }
        double b = Math.floor(Math.log(ratio) / BIN) + MID;
        return b < 0 ? 0 : b >= NB ? NB - 1 : (int) b;
    }

    private void link(int s, int i) {
        int b = bucket(liq[s][i] / p0);
        bin[s][i] = b;
        int[] h = stop[s][i] ? headStop[s] : head[s];
        next[s][i] = h[b];
        h[b] = i;
        // qn holds the effective quantity on entry; stored relative to the bucket's rescue factor
        bsum[s][b] += qn[s][i];
        qn[s][i] /= bmul[s][b];
        int[] t = stop[s][i] ? topStop : top;
        if (s == LONG ? b > t[s] : b < t[s]) {
            t[s] = b;
        }
    }

    /**
     * Moves the stop-loss share of position {@code i} into slot {@code j}: the same entry and leverage, its quantity × the
     * share, triggered at the stop level (stopLossDepth of the way from entry to liquidation) instead of liquidation.
     */
    private void splitStop(int s, int i, int j) {
        double f = flow.stopLossShare();
        qn[s][j] = qn[s][i] * f;
        qn[s][i] *= 1 - f;
        entry[s][j] = entry[s][i];
        liq[s][j] = entry[s][i] + flow.stopLossDepth() * (liq[s][i] - entry[s][i]);
        bk[s][j] = bk[s][i];
        lev[s][j] = lev[s][i];
        stop[s][j] = true;
        stop[s][i] = false;
    }

    int steps() {
        return (int) Math.round(minutes * 60 / dt);
    }

    /** Runs every step of the horizon. */
    void runAll() {
        int n = steps();
        for (int i = 0; i < n; i++) {
            step();
        }
        flushNewOpens();
    }

    /** Opens what the last minute accumulated (the end of {@link #runAll()}, for runs stepped from outside). */
    void flushNewOpensAtEnd() {
        flushNewOpens();
    }

    private boolean halted(double minute) {
        for (Halt h : halts) {
            if (h.covers(minute)) {
                return true;
            }
        }
        return false;
    }

    private double mKappa() {
        return kappa == 0 ? 1 : kappa == 1 ? m : Math.pow(m, kappa);
    }

    // --- book walk (DepthModel formulas) ---
    private double priceAt(double c) {
        // P = anchor · exp(∓1 % · (|C| / (m·D₁))^(1/β)), static book walk (CASCADE.md §3.1)
        double x = c >= 0 ? Math.pow(c / (m * dBid), invBeta) : -Math.pow(-c / (m * dAsk), invBeta);
        // an empty book cannot take the price below 1e-4 × anchor (or above 1e4 ×): keeps the walk finite
        x = Math.max(-MAX_WALK, Math.min(MAX_WALK, x));
        return Math.exp(lnA - x / 100);
    }

    /** The quantity side {@code s}'s order limited at {@code b} can fill from the book at {@code bookPx}: 0 when the book is already past b. */
    private double roomTo(int s, double b, double bookPx, double anchor) {
        double room = (s == LONG ? b < bookPx : b > bookPx) ? (s == LONG ? consumedFor(b) - consumed : consumed - consumedFor(b)) : 0;
        return Math.max(0, room) / anchor;
    }

    private double consumedFor(double price) {
        double x = Math.max(-MAX_WALK, Math.min(MAX_WALK, 100 * (lnA - Math.log(price))));
        return x >= 0 ? m * dBid * Math.pow(x, beta) : -m * dAsk * Math.pow(-x, beta);
    }

    /**
     * Consumed depth {@code c} (USD, sign = side) after refilling for {@code t} seconds at {@code k}·x USD/s, x = min(X,
     * (|c|/depth)^(1/β)) the walk's dislocation in % (X = {@link #MAX_WALK}), integrated exactly with depth and k fixed:
     * monotone in {@code c}, so more flow never leaves less consumed (an explicit step could refill the whole walk at once).
     */
    static double refilled(double c, double depth, double k, double t, double beta) {
        double invBeta = 1 / beta, a = Math.abs(c), x = Math.pow(a / depth, invBeta);
        if (x >= MAX_WALK) {
            // at the cap the refill is k·X: linear down to the cap's depth, then the power law for the rest of the step
            double cap = depth * Math.pow(MAX_WALK, beta), left = t - (a - cap) / (k * MAX_WALK);
            if (left <= 0) {
                return Math.copySign(a - k * MAX_WALK * t, c);
            }
            a = cap;
            x = MAX_WALK;
            t = left;
        }
        // u^(1−p) linear in time, u = |c|/depth, p = 1/β: |c₁| = |c₀|·(1 + q·r)^(−1/q), q = p − 1, r = k·x₀·t/|c₀|
        // (docs/cascade-rounds.md, exact refill)
        double q = invBeta - 1, r = k * x * t / a, z = q * r;
        if (z <= -1) {
            return 0;
        }
        return Math.copySign(a * Math.exp(q == 0 ? -r : -Math.log1p(z) / q), c);
    }

    /** The book's depth, refill rate and quote-halving flow at minute {@code mi}: the calm ones × its multiplier. */
    private void depthAtMinute(int mi) {
        double f = depthByMinute[Math.min(Math.max(mi, 0), depthByMinute.length - 1)];
        dBid = dBid0 * f;
        dAsk = dAsk0 * f;
        refillRate = refillRate0 * f;
        flowRef = flowRef0 * f;
    }

    /** One time step. */
    void step() {
        double t = step * dt;
        double minute = t / 60;
        int mi = Math.min(minutes - 1, (int) minute);
        if (depthByMinute != null) {
            depthAtMinute(mi);
        }
        if (mi != curMinute) {
            if (curMinute >= 0) {
                minuteHighRing[curMinute % 60] = curMinuteHigh;
                flushNewOpens();
            }
            curMinute = mi;
            curMinuteHigh = last;
        }
        boolean halted = halts.length > 0 && halted(minute);
        double exoUsd = 0, fundLog = 0;
        for (ShockLeg l : legs) {
            if (minute >= l.startMinute() && minute < l.startMinute() + l.durationMinutes()) {
                double frac = Math.min(1, dt / (l.durationMinutes() * 60));
                exoUsd += l.sellUsd() * frac;
                fundLog += Math.log1p(l.fundamentalPct() / 100) * frac;
            }
        }
        // the index moves even while the venue is halted; consumed depth is unchanged, so last moves with it
        lnA += fundLog;
        lnF += fundLog;
        exoLog += fundLog;
        if (flow.panicSellPerMinute() > 0 && phi > 0) {
            panic();
        }
        double anchor = Math.exp(lnA);
        if (!halted) {
            double netQty = qtyOfUsd(exoUsd);
            double stress = flowStress();
            double h = Math.min(1, (flow.closeBasePerHour() + flow.closeStressPerHour() * stress) / 3600 * dt);
            if (h > 0) {
                double closedL = survival[LONG] * sumQn[LONG] * h, closedS = survival[SHORT] * sumQn[SHORT] * h;
                survival[LONG] *= 1 - h;
                survival[SHORT] *= 1 - h;
                volClosedQty += closedL + closedS;
                // longs closing sell, shorts closing buy
                netQty += closedL - closedS;
            }
            if (flow.rescuePerHour() > 0 && step % rescueEvery == 0) {
                // endangered positions are defended (closed or topped up) before the mark reaches them, on a 10-s clock
                double f = Math.min(1, flow.rescuePerHour() / 3600 * dt * rescueEvery);
                netQty += rescue(LONG, f) - rescue(SHORT, f);
            }
            if (flow.panicClosePerMinute() > 0 && step % rescueEvery == 0) {
                netQty += panicCloses(anchor);
            }
            if (stress > 0 && (flow.newLongPerHour() > 0 || flow.newShortPerHour() > 0)) {
                double oi0 = spec.ladder().oiUsd();
                double st = flow.newOpenStressCap() > 0 ? Math.min(stress, flow.newOpenStressCap()) : stress;
                double nl = flow.newLongPerHour() * oi0 * st / 3600 * dt, ns = flow.newShortPerHour() * oi0 * st / 3600 * dt;
                pendingNewUsd[LONG] += nl;
                pendingNewUsd[SHORT] += ns;
                netQty += qtyOfUsd(ns - nl);
            }
            consumed += netQty * anchor;
        }
        // depth withdrawal / return toward m* = max(mMin, 1/(1+(s/sRef)²)), s = |60-s move| in %
        double fast = 100 * Math.abs(Math.log(last / lastRing[ringPos])) / stressRef;
        // and against the forced flow of the last 60 s (market makers pull quotes they cannot hedge into)
        double forced = flowRef > 0 ? liqRingSum / flowRef : 0;
        double mStar = Math.max(mMin, 1 / (1 + fast * fast + forced * forced));
        m += (mStar - m) * (mStar < m ? withdrawFac : returnFac);
        // consumed depth refills at ρ·m^λ·x USD/s (transient impact decays), never past the anchor
        if (refillRate > 0 && consumed != 0) {
            double lp = refillLambda == 0 ? 1 : refillLambda == 1 ? m : Math.pow(m, refillLambda);
            consumed = refilled(consumed, m * (consumed > 0 ? dBid : dAsk), refillRate * lp, dt, beta);
        }
        last = priceAt(consumed);
        if (anchorFac > 0 || valueFac > 0) {
            // the anchor follows the last price (permanent impact) and returns toward the fundamental (arbitrage);
            // consumed depth is re-expressed so that the last price is unchanged by the anchor's move
            lnA += (Math.log(last) - lnA) * anchorFac + (lnF - lnA) * valueFac;
            consumed = consumedFor(last);
        }
        updateMark();
        double liqBefore = liqUsd[LONG] + liqUsd[SHORT];
        if (!halted) {
            trigger(LONG);
            trigger(SHORT);
            if (flow.stopLossShare() > 0) {
                triggerStops(LONG);
                triggerStops(SHORT);
            }
            engine(mi);
            last = priceAt(consumed);
        }
        double liqStep = liqUsd[LONG] + liqUsd[SHORT] - liqBefore;
        liqRingSum += liqStep - liqRing[ringPos];
        liqRing[ringPos] = liqStep;
        last = Math.max(last, p0 * 1e-6);
        record(t, mi);
        lastRing[ringPos] = last;
        indexRing[ringPos] = lnF;
        ringPos = (ringPos + 1) % lastRing.length;
        step++;
    }

    /**
     * Mark = median(index, last, index·(1 + EMA of the basis)): Binance USDⓈ-M mark-price rule with the anchor as
     * the index; with no lag the mark is the last price.
     */
    private void updateMark() {
        if (markFac == 1) {
            mark = last;
            return;
        }
        double index = Math.exp(lnA);
        basisEma += (last / index - 1 - basisEma) * markFac;
        double a = index, b = last, c = index * (1 + basisEma);
        mark = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private double flowStress() {
        double pk = curMinuteHigh;
        for (double v : minuteHighRing) {
            pk = Math.max(pk, v);
        }
        double dd = 100 * (1 - last / pk);
        return dd > 0 ? dd / flow.stressRefPct() : 0;
    }

    private void record(double t, int mi) {
        curMinuteHigh = Math.max(curMinuteHigh, last);
        minuteLow[mi] = Double.isNaN(minuteLow[mi]) ? last : Math.min(minuteLow[mi], last);
        minuteHigh[mi] = Double.isNaN(minuteHigh[mi]) ? last : Math.max(minuteHigh[mi], last);
        minuteClose[mi] = last;
        minM = Math.min(minM, m);
        if (last > peak) {
            peak = last;
            peakT = t;
        }
        double dd = 1 - last / peak;
        if (dd > maxDd) {
            maxDd = dd;
            ddPeakT = peakT;
            troughT = t;
            mAtTrough = m;
        }
        double x = 100 * Math.log(p0 / last);
        if (x >= 0) {
            // every bin crossed for the first time, including those a jump skipped, takes the current depth
            int b = Math.min(mAtRBin.length - 1, (int) (x / R_BIN_PCT));
            for (; deepestRBin < b; deepestRBin++) {
                mAtRBin[deepestRBin + 1] = m;
            }
        }
    }

    /**
     * Closes a share {@code f} of every position of side {@code s} whose liquidation price lies within the rescue zone
     * of the mark, and returns the quantity closed (counted as voluntary closes).
     */
    private double rescue(int s, double f) {
        double z = flow.rescueZonePct() / 100;
        int from = s == LONG ? bucket(mark * (1 - z) / p0) : Math.min(top[SHORT], topStop[SHORT]);
        int to = s == LONG ? Math.max(top[LONG], topStop[LONG]) : bucket(mark * (1 + z) / p0);
        double closed = 0;
        for (int b = Math.max(0, from); b <= Math.min(NB - 1, to); b++) {
            double q = bsum[s][b] * f;
            if (q > 0) {
                bsum[s][b] -= q;
                sumQn[s] -= q;
                closed += q * survival[s];
                bmul[s][b] *= 1 - f;
                if (bmul[s][b] < 1e-150) {
                    // fold the factor into the positions before it underflows
                    for (int i = head[s][b]; i >= 0; i = next[s][i]) {
                        qn[s][i] *= bmul[s][b];
                    }
                    for (int i = headStop[s][b]; i >= 0; i = next[s][i]) {
                        qn[s][i] *= bmul[s][b];
                    }
                    bmul[s][b] = 1;
                }
            }
        }
        volClosedQty += closed;
        return closed;
    }

    // --- liquidation triggers: longs when mark ≤ liquidation price, shorts when mark ≥ it ---
    private void trigger(int s) {
        walk(s, head[s], top, mark);
    }

    /**
     * Stop-loss triggers on the mark, as liquidations: longs when the mark ≤ the stop, shorts when it is ≥ it. (Binance lets
     * a stop work on the mark or on the contract's last price; on last, a wick of the one modelled book — which stands for
     * every venue's — sets off stops that walk it further: under the bundled set sep-2021 then falls 78–81 %, a stop run
     * through an empty book no venue showed, so the mark, which stands for the price across venues, is used.)
     */
    private void triggerStops(int s) {
        walk(s, headStop[s], topStop, mark);
    }

    /** Walks the buckets of {@code heads} from the nearest ({@code tops[s]}) to the bucket of {@code px}, taking what it reached. */
    private void walk(int s, int[] heads, int[] tops, double px) {
        int pxBucket = bucket(px / p0);
        if (s == LONG) {
            while (tops[LONG] >= 0 && tops[LONG] >= pxBucket) {
                int b = tops[LONG];
                scanBucket(LONG, b, heads, px);
                if (heads[b] >= 0) {
                    break;
                }
                tops[LONG]--;
            }
        } else {
            while (tops[SHORT] < NB && tops[SHORT] <= pxBucket) {
                int b = tops[SHORT];
                scanBucket(SHORT, b, heads, px);
                if (heads[b] >= 0) {
                    break;
                }
                tops[SHORT]++;
            }
        }
    }

    private void scanBucket(int s, int b, int[] heads, double px) {
        int prev = -1, i = heads[b];
        while (i >= 0) {
            int nx = next[s][i];
            boolean hit = s == LONG ? liq[s][i] >= px : liq[s][i] <= px;
            if (hit) {
                if (prev < 0) {
                    heads[b] = nx;
                } else {
                    next[s][prev] = nx;
                }
                double eff = qn[s][i] * bmul[s][b];
                double q = eff * survival[s];
                sumQn[s] -= eff;
                bsum[s][b] -= eff;
                qn[s][i] = 0;
                if (q > 0) {
                    if (stop[s][i]) {
                        stopOut(s, q);
                    } else {
                        enqueue(s, i, q);
                    }
                }
            } else {
                prev = i;
            }
            i = nx;
        }
    }

    /**
     * A triggered stop-loss order: a market order for {@code q} on the book (longs sell into the bids, shorts buy the
     * asks) that moves the index like forced flow, and a close, not a liquidation.
     */
    private void stopOut(int s, double q) {
        double anchor = Math.exp(lnA);
        double sgn = s == LONG ? 1 : -1;
        double before = consumed;
        double fill = priceAt(consumed + sgn * q * anchor / 2);
        consumed += sgn * q * anchor;
        stopUsd += q * fill;
        volClosedQty += q;
        if (phi > 0) {
            indexFeedbackLog += indexImpact(consumed - before);
        }
    }

    private void enqueue(int s, int i, double q) {
        if (qSize == qIdx.length) {
            int n = qIdx.length * 2;
            int[] ns = new int[n], ni = new int[n];
            double[] nq = new double[n];
            for (int k = 0; k < qSize; k++) {
                int p = (qHead + k) % qIdx.length;
                ns[k] = qSide[p];
                ni[k] = qIdx[p];
                nq[k] = qQty[p];
            }
            qSide = ns;
            qIdx = ni;
            qQty = nq;
            qHead = 0;
        }
        int p = (qHead + qSize) % qIdx.length;
        qSide[p] = s;
        qIdx[p] = i;
        qQty[p] = q;
        qSize++;
    }

    /** Quantity still queued for liquidation, by side. */
    double pendingQty(int s) {
        double sum = 0;
        for (int k = 0; k < qSize; k++) {
            int p = (qHead + k) % qIdx.length;
            if (qSide[p] == s) {
                sum += qQty[p];
            }
        }
        return sum;
    }

    // --- the liquidation engine ---
    private void engine(int mi) {
        double budget = spec.engine().throughputUsdPerSec() > 0 ? spec.engine().throughputUsdPerSec() * dt : Double.POSITIVE_INFINITY;
        boolean limit = spec.engine().limitAtBankruptcy();
        boolean ioc = !limit && spec.engine().iocAtBankruptcy();
        int skips = 0;
        // stop on a rounding remainder of the budget (a remainder too small to divide would never shrink)
        double minBudget = Double.isInfinite(budget) ? 0 : budget * 1e-9;
        double consumedBefore = consumed;
        drain(budget, minBudget, limit, ioc, skips, mi);
        if (phi > 0 && consumed != consumedBefore) {
            // index feedback (linear permanent impact, DepthModel): each 1 % depth m^κ·D₁ of net forced selling moves
            // the index by φ %. The same positions are liquidated on every venue the index averages, so the index moves
            // in the same step, and this venue's book, priced off the index, moves with it
            indexFeedbackLog += indexImpact(consumed - consumedBefore);
        }
    }

    /**
     * Moves the index (and the book priced off it) by φ % per 1 % depth m^κ·D₁ of net sell flow {@code flow} (USD, sells
     * positive); coupled, the common share σ waits for the common factor. Returns the own move, log units.
     */
    private double indexImpact(double flow) {
        double own = 1;
        if (coupled) {
            // the common share moves every coupled market's index through the common factor (applyCommon)
            commonFlowUsd += phi * commonShare * flow;
            own = 1 - commonShare;
        }
        double dLn = -own * phi * flow / (mKappa() * (flow > 0 ? dBid : dAsk) * latent(flow)) / 100;
        lnF += dLn;
        lnA += dLn;
        return dLn;
    }

    /**
     * Panic selling by holders off the ladder (FlowModel): on the index's fall over the last 60 s beyond the threshold,
     * market sells that move the index through the same channel as forced flow and close no ladder position. The index
     * moves even while this venue is halted (they sell elsewhere).
     */
    private void panic() {
        double g = panicIntensity();
        if (g <= 0) {
            return;
        }
        double usd = flow.panicSellPerMinute() * dBid * g / 60 * dt;
        if (panicPool > 0) {
            // a finite holding: the rate falls with the share still unsold (each holder sells once)
            usd *= Math.max(0, 1 - panicUsd / panicPool);
        }
        panicUsd += usd;
        panicLog += indexImpact(usd);
    }

    /** The share of the largest panic at the index's fall over the last 60 s (FlowModel.panicIntensity). */
    private double panicIntensity() {
        return flow.panicIntensity(100 * (indexRing[ringPos] - lnF));
    }

    /**
     * Panic closes near liquidation (FlowModel): on the speed of the index's fall, a share of the positions within the
     * rescue zone close by market order before the mark reaches them; the closes walk the book and move the index like
     * forced flow, and count as closes, not liquidations. Returns the net quantity sold (longs sell, shorts buy).
     */
    private double panicCloses(double anchor) {
        double g = panicIntensity();
        if (g <= 0) {
            return 0;
        }
        double f = Math.min(1, flow.panicClosePerMinute() * g / 60 * dt * rescueEvery);
        double q = rescue(LONG, f) - rescue(SHORT, f);
        panicCloseUsd += Math.abs(q) * anchor;
        if (phi > 0 && q != 0) {
            panicCloseLog += indexImpact(q * anchor);
        }
        return q;
    }

    /** Couples this market to the common factor: from now on only 1 − σ of its index feedback is its own. */
    void couple() {
        coupled = true;
    }

    /** φ·σ-weighted net forced flow of this step for the common factor (USD, sells positive), and clears it. */
    double takeCommonFlow() {
        double f = commonFlowUsd;
        commonFlowUsd = 0;
        return f;
    }

    /** This market's depth against which the common factor absorbs flow of sign {@code sign}: m^κ · D₁ · L (latent liquidity). */
    double commonDepth(double sign) {
        return mKappa() * (sign >= 0 ? dBid : dAsk) * latent(sign);
    }

    /**
     * Latent liquidity under this market's index (DepthModel.latentDepth): the multiplier of the depth absorbing index flow
     * of sign {@code flow} at the index's endogenous displacement from its exogenous path; 1 when off (Y = 0).
     */
    private double latent(double flow) {
        return latentPct > 0 ? DepthModel.latentDepth(100 * (lnF - Math.log(p0) - exoLog), flow, latentPct) : 1;
    }

    /** Moves this market's index (and the book priced off it) by β · {@code dLnC}, the common factor's step. */
    void applyCommon(double dLnC) {
        double d = indexBeta * dLnC;
        if (d == 0) {
            return;
        }
        lnF += d;
        lnA += d;
        indexFeedbackLog += d;
        commonLog += d;
        last = Math.max(priceAt(consumed), p0 * 1e-6);
    }

    private void drain(double budget, double minBudget, boolean limit, boolean ioc, int skips, int mi) {
        double bookPx = Double.NaN; // price at the current walk, for the limit check; reset after every fill
        while (qSize > 0 && budget > minBudget) {
            int p = qHead;
            int s = qSide[p], i = qIdx[p];
            double q = qQty[p];
            double anchor = Math.exp(lnA);
            double chunk = Math.min(q, budget / mark);
            if (!(chunk > 0)) {
                break;
            }
            double b = bk[s][i], e = entry[s][i];
            double sgn = s == LONG ? 1 : -1; // longs sell into bids (consumed grows), shorts buy asks
            if (limit) {
                // BitMEX: a limit at the bankruptcy price never fills worse than bankruptcy
                if (Double.isNaN(bookPx)) {
                    bookPx = priceAt(consumed);
                }
                chunk = Math.min(chunk, roomTo(s, b, bookPx, anchor));
                if (chunk <= q * 1e-12) {
                    // the book is below this order's limit: it rests; look at the next few in the queue
                    if (++skips > MAX_SKIPS || qSize == 1) {
                        break;
                    }
                    qHead = (qHead + 1) % qIdx.length;
                    qSize--;
                    enqueue(s, i, q);
                    continue;
                }
            }
            double done = chunk;
            if (ioc) {
                // Binance: an IOC limit at the bankruptcy price fills what the book takes down to b (never worse); the
                // rest is bankrupt and leaves the book: the fund takes it over at b, then ADL (docs/cascade-rounds.md, ioc-bankruptcy)
                if (Double.isNaN(bookPx)) {
                    bookPx = priceAt(consumed);
                }
                double fillable = Math.min(chunk, roomTo(s, b, bookPx, anchor));
                double rest = chunk - fillable;
                if (rest > chunk * 1e-12) {
                    double left = rest - takeOverBankrupt(s, b, e, rest, mi);
                    chunk = fillable;
                    done = chunk + rest - left;
                    if (done <= q * 1e-12) {
                        // neither the book, the fund nor ADL takes it now: it waits and is sent again (IOC) next step
                        if (++skips > MAX_SKIPS || qSize == 1) {
                            break;
                        }
                        qHead = (qHead + 1) % qIdx.length;
                        qSize--;
                        enqueue(s, i, q);
                        continue;
                    }
                }
            }
            double fill = priceAt(consumed + sgn * chunk * anchor / 2); // mid-walk price of the chunk
            double gain = s == LONG ? (fill - b) * chunk : (b - fill) * chunk; // to the fund; < 0 below bankruptcy
            if (gain < 0 && spec.engine().adl() && insuranceFund + gain < 0) {
                // fund cannot cover: close against the opposite side at the bankruptcy price (no book impact)
                double adl = autoDeleverage(1 - s, chunk);
                if (adl > 0) {
                    closedAtBankruptcy(s, b, e, adl, mi);
                    adlUsd += adl * b;
                    adlQty += adl;
                    chunk -= adl;
                    fill = priceAt(consumed + sgn * chunk * anchor / 2);
                    gain = s == LONG ? (fill - b) * chunk : (b - fill) * chunk;
                }
            }
            if (chunk > 0) {
                double before = consumed;
                consumed += sgn * chunk * anchor;
                bookPx = Double.NaN;
                // I3: a long liquidation only sells (consumes bids), a short one only buys
                if ((s == LONG) != (consumed > before)) {
                    wrongWay += chunk;
                }
                if (gain >= 0) {
                    insuranceFund += gain;
                } else {
                    double pay = Math.min(insuranceFund, -gain);
                    insuranceFund -= pay;
                    // I1: what neither the fund nor ADL covers is reported, never hidden in an account
                    badDebt += -gain - pay;
                }
                liqUsd[s] += chunk * fill;
                (s == LONG ? liqLongMin : liqShortMin)[mi] += chunk * fill;
                liqQty += chunk;
                marginLoss += Math.abs(e - b) * chunk;
                counterpartyGain += (s == LONG ? e - fill : fill - e) * chunk;
            }
            budget -= done * mark;
            qQty[p] = q - done;
            if (qQty[p] <= q * 1e-12 || qQty[p] <= 0) {
                qHead = (qHead + 1) % qIdx.length;
                qSize--;
            }
        }
    }

    /** Records {@code qty} of side {@code s} liquidated at its bankruptcy price {@code b} off the book (ADL or the fund's takeover). */
    private void closedAtBankruptcy(int s, double b, double e, double qty, int mi) {
        liqUsd[s] += qty * b;
        (s == LONG ? liqLongMin : liqShortMin)[mi] += qty * b;
        liqQty += qty;
        marginLoss += Math.abs(e - b) * qty;
        // counterparty gain at fill = bankruptcy: the whole margin
        counterpartyGain += Math.abs(e - b) * qty;
    }

    /**
     * The bankrupt rest of a liquidation order (what the book cannot fill at or better than the bankruptcy price {@code b}):
     * the insurance fund takes it over at b while its net position so taken stays within its balance, the rest is ADL'd
     * at b; neither touches the book. Returns the quantity taken (≤ {@code qty}).
     */
    private double takeOverBankrupt(int s, double b, double e, double qty, int mi) {
        // Binance: the fund's max net position notional is 100 % of its size (support FAQ 360033525371)
        double sign = s == LONG ? 1 : -1;
        double capUsd = insuranceFund - sign * fundNetUsd;
        double take = capUsd > 0 ? Math.min(qty, capUsd / b) : 0;
        if (take > 0) {
            closedAtBankruptcy(s, b, e, take, mi);
            fundTakenUsd += take * b;
            fundNetUsd += sign * take * b;
        }
        double adl = take < qty && spec.engine().adl() ? autoDeleverage(1 - s, qty - take) : 0;
        if (adl > 0) {
            closedAtBankruptcy(s, b, e, adl, mi);
            adlUsd += adl * b;
            adlQty += adl;
        }
        return take + adl;
    }

    /**
     * Closes up to {@code qty} of side {@code o}, highest pnl × leverage first (Hyperliquid/Binance ADL ranking),
     * and returns the quantity closed.
     */
    private double autoDeleverage(int o, double qty) {
        if (adlStep != step || adlSide != o) {
            int n = count[o];
            if (adlKeys.length < n) {
                adlKeys = new long[n];
            }
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (qn[o][j] > 0) {
                    double pnl = o == LONG ? (mark - entry[o][j]) / entry[o][j] : (entry[o][j] - mark) / entry[o][j];
                    float score = (float) Math.max(0, pnl * lev[o][j]);
                    // non-negative float bits order like the floats: rank in the high word, index in the low word
                    adlKeys[k++] = ((long) Float.floatToIntBits(score) << 32) | j;
                }
            }
            Arrays.sort(adlKeys, 0, k);
            adlCursor = k - 1;
            adlSide = o;
            adlStep = step;
        }
        double need = qty;
        while (need > 0 && adlCursor >= 0) {
            int j = (int) (adlKeys[adlCursor] & 0xffffffffL);
            double mul = bmul[o][bin[o][j]];
            double avail = qn[o][j] * mul * survival[o];
            double take = Math.min(avail, need);
            qn[o][j] -= take / survival[o] / mul;
            sumQn[o] -= take / survival[o];
            bsum[o][bin[o][j]] -= take / survival[o];
            need -= take;
            if (qn[o][j] <= avail * 1e-12 / survival[o] / mul) {
                qn[o][j] = 0;
                adlCursor--;
            }
        }
        return qty - need;
    }

    /**
     * The quantity of a flow sized in USD (exogenous sells, new opens): its dollars at the anchor (the index the book is
     * priced off), so a dollar of such flow consumes a dollar of the book's depth wherever the walk stands. Not at the
     * last price: in a walk through a withdrawn book the last price can stand up to 10⁴× below the anchor, and a dollar
     * priced there was that many more units of depth (a runaway down, a spike far above the anchor up). Not at the mark
     * either: with no mark lag it is the last price.
     */
    private double qtyOfUsd(double usd) {
        // quantity = USD / anchor: depth is counted in dollars at the anchor, C += q·anchor = USD (docs/cascade-rounds.md, usd-flow)
        return usd / Math.exp(lnA);
    }

    /** Opens the new positions accumulated this minute (their dollars at the anchor) at the last price, one per leverage class and side. */
    private void flushNewOpens() {
        for (int s = 0; s < 2; s++) {
            double usd = pendingNewUsd[s];
            if (usd <= 0) {
                continue;
            }
            pendingNewUsd[s] = 0;
            for (int j = 0; j < newLev[s].length; j++) {
                double q = qtyOfUsd(usd * newWeight[s][j]);
                if (q <= 0) {
                    continue;
                }
                int i = count[s];
                if (i == qn[s].length) {
                    grow(s);
                }
                qn[s][i] = q / survival[s];
                entry[s][i] = last;
                liq[s][i] = last * newLiqRatio[s][j];
                bk[s][i] = last * newBkRatio[s][j];
                lev[s][i] = newLev[s][j];
                stop[s][i] = false;
                count[s]++;
                newQty += q;
                if (flow.stopLossShare() > 0) {
                    if (count[s] == qn[s].length) {
                        grow(s);
                    }
                    splitStop(s, i, count[s]);
                    sumQn[s] += qn[s][count[s]];
                    link(s, count[s]);
                    count[s]++;
                }
                sumQn[s] += qn[s][i];
                link(s, i);
            }
        }
    }

    private void grow(int s) {
        int n = qn[s].length * 2;
        qn[s] = Arrays.copyOf(qn[s], n);
        entry[s] = Arrays.copyOf(entry[s], n);
        liq[s] = Arrays.copyOf(liq[s], n);
        bk[s] = Arrays.copyOf(bk[s], n);
        lev[s] = Arrays.copyOf(lev[s], n);
        next[s] = Arrays.copyOf(next[s], n);
        bin[s] = Arrays.copyOf(bin[s], n);
        stop[s] = Arrays.copyOf(stop[s], n);
    }

    // --- results ---
    /** Quantity of position {@code i} of side {@code s} (0 long, 1 short) still open (tests). */
    double openQty(int s, int i) {
        return qn[s][i] * bmul[s][bin[s][i]] * survival[s];
    }

    double remainingQty(int s) {
        return sumQn[s] * survival[s] + pendingQty(s);
    }

    double lastPrice() {
        return last;
    }

    double markPrice() {
        return mark;
    }

    /** Local criticality R(x) = Λ'(x) / (m(x)·D'(x)) over the drawdown bins the price reached; the largest. */
    double maxPathR() {
        double reached = 100 * Math.log(p0 / Math.max(1e-12, minReached()));
        int nb = Math.min(mAtRBin.length - 1, (int) (reached / R_BIN_PCT) + 1);
        if (nb <= 0) {
            return 0;
        }
        double[] x = new double[nb + 1];
        for (int b = 0; b <= nb; b++) {
            x[b] = b * R_BIN_PCT;
        }
        double[] lam = ladder.longLiquidationCurve(x);
        double best = 0;
        for (int b = 0; b < nb; b++) {
            double mb = mAtRBin[b];
            if (Double.isNaN(mb)) {
                continue;
            }
            double dD = mb * dBid * (Math.pow(x[b + 1], beta) - Math.pow(x[b], beta));
            best = Math.max(best, (lam[b + 1] - lam[b]) / dD);
        }
        return best;
    }

    private double minReached() {
        double lo = p0;
        for (double v : minuteLow) {
            if (!Double.isNaN(v)) {
                lo = Math.min(lo, v);
            }
        }
        return lo;
    }

    MarketOutcome outcome(double exogenousDrawdownPct) {
        double oi0 = spec.ladder().oiUsd() / p0;
        // I2: open interest is the average of the two modelled sides (each started at OI), so
        // OI after = OI before − (liquidated + ADL'd opposite + voluntary closes − new opens) / 2, never negative
        double oiAfter = oi0 - (liqQty + adlQty + volClosedQty - newQty) / 2;
        double pending = (pendingQty(LONG) + pendingQty(SHORT)) * mark;
        return new MarketOutcome(spec.symbol(), 100 * maxDd, ddPeakT / 60, troughT / 60, liqUsd[LONG], liqUsd[SHORT],
                oi0 * p0, oiAfter * p0, volClosedQty * p0, newQty * p0, adlUsd, badDebt,
                insuranceFund - spec.engine().insuranceFundUsd(), marginLoss, counterpartyGain, pending, mAtTrough, minM,
                maxPathR(), exogenousDrawdownPct, remainingQty(LONG) * p0, remainingQty(SHORT) * p0, liqQty * p0, adlQty * p0,
                wrongWay * p0,
                minuteLow.clone(), minuteHigh.clone(), minuteClose.clone(), liqLongMin.clone(), liqShortMin.clone(),
                100 * Math.expm1(indexFeedbackLog), 100 * Math.expm1(commonLog), panicUsd, 100 * Math.expm1(panicLog), stopUsd,
                fundTakenUsd);
    }
}
