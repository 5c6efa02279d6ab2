package io.perpguard.orders;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.funding.FundingCarry;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Increment;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.instrument.TickRule;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.MarginConvention;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.EntryDistance;
import io.perpguard.market.FundingHistory;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.stops.Atr;
import io.perpguard.venue.ContractType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs an {@link OrderPlan} over candles: one isolated position, fees, slippage, funding, liquidation. Money is in the
 * contract's settlement currency: quote for linear, coin for inverse (qty USD of face; PnL, notional, fees and funding
 * through {@link ContractType}).
 *
 * <h2>What happens inside a candle (conservative, documented)</h2>
 * Only open, high, low and close are known, so the candle is assumed to trade in straight lines
 * <b>open → adverse extreme → favourable extreme → close</b> (for a long: open → low → high → close; for a short:
 * open → high → low → close). The move from the previous close to the open is a <b>gap</b>: nothing trades
 * in between. Consequences:
 * <ul>
 *   <li>When the stop and a take-profit both lie inside one candle, the stop is hit first (the adverse one).</li>
 *   <li>Orders are filled in the order the path reaches their prices; after every fill the orders are updated
 *       (breakeven move, cancelled rungs) and the liquidation price is recomputed
 *       ({@link LiquidationPrice#isolated}) before the path continues. At one price, adverse orders go first:
 *       entry rungs, then liquidation, then the stop; then the favourable ones (resting stop-limit, targets).</li>
 *   <li>A stop moved to breakeven by a take-profit on the way up can be hit on the way from the high to the close.</li>
 *   <li>Liquidation: the path crossing the liquidation price liquidates the position at that price and the whole
 *       isolated margin is lost (Binance: the remainder is the clearance fee).</li>
 * </ul>
 * <h2>Fills</h2>
 * Market entries fill at the plan's first open; a limit rung already marketable there fills at the open (taker);
 * resting rungs and take-profits fill at their own price (maker) — also after a gap, forgoing any price improvement.
 * A stop-market fills at the price reached (the stop, or the open after a gap) less slippage (taker). A stop-limit
 * fills like a stop-market but never beyond its limit; if the candle opens beyond the limit the order rests
 * unfilled, the position stays open and the replay says so (it fills later only if price returns to the limit).
 * Time stops and end-of-data exits are market orders at the close. Every price that leaves the replay is on the tick
 * ({@link TickRule}): a slipped fill against the trader (a market buy up, a sell down), a trailing stop or a stop-limit's
 * limit away from the price, a breakeven stop on the profit side of the average entry, a liquidation level toward the
 * entry; quantities are on the step.
 * <h2>Funding</h2>
 * At each funding time inside a candle that starts with the position open — every settlement the history has there
 * (a venue may shorten a symbol's interval to 4 h or 1 h), and every time of the schedule of the history's next payment ({@code FundingHistory.gridHours}), or of its median interval where longer, from 00:00 UTC —
 * {@code payment = side × notional(mark) × rate} is taken from the isolated margin (longs pay when the rate is
 * positive; notional qty × mark, or face / mark in coin for an inverse contract); mark = the history's mark price, or the candle's open when the history has none. A funding time the
 * history does not have (±1 min) is not charged and is reported as a warning — never silently taken as zero.
 */
public final class BarReplay {
    /** A funding record counts for a funding time when it lies this close to it (Binance adds ms of jitter). */
    static final long FUNDING_MATCH_MS = 60_000;

    private BarReplay() {
    }

    /**
     * Replays {@code plan} over {@code candles}.
     *
     * @param funding funding history, or null when none is available (then funding is not charged and a warning says so)
     */
    public static ReplayResult run(OrderPlan plan, CandleSeries candles, FundingHistory funding, Instrument instrument) {
        Checks.notNull("plan", plan);
        Checks.notNull("candles", candles);
        Checks.notNull("instrument", instrument);
        if (!instrument.symbol().equalsIgnoreCase(plan.symbol())) {
            throw new InvalidInputException("symbol", "plan is for " + plan.symbol() + ", instrument is " + instrument.symbol());
        }
        return new Run(plan, candles, funding, instrument).execute();
    }

    /** The mutable state of one replay; never escapes {@link #run}. */
    private static final class Run {
        final OrderPlan plan;
        final CandleSeries c;
        final FundingHistory funding;
        final int fundingHours;   // the history's median interval
        final Contract contract;
        final ContractType type;
        final RiskTiers tiers;
        final Instrument instrument;
        final Side side;
        final int sign;
        final double slip;
        final double[] atr;

        // orders
        double[] rungQty;
        boolean[] rungFilled;
        boolean entriesActive = true;
        boolean[] tpDone;
        double[] tpQty;
        double stopPrice;
        String stopKind = "stop";
        boolean stopResting;      // stop-limit triggered but not filled: a limit order rests at restingLimit
        double restingLimit = Double.NaN;
        double initialStop;
        double plannedQty;

        // position
        double qty;
        double avgEntry = Double.NaN;
        double marginAdded;       // funding taken from (or added to) the isolated margin
        double liq = Double.NaN;
        double filledQty;
        double filledNotional;
        double entryFeesTotal;
        double entryFeesOpen;
        double fundingOpen;
        long firstFillTime;
        int firstFillBar = -1;
        double bestY = Double.NEGATIVE_INFINITY;

        // account
        double wallet;
        double feesPaid;
        double fundingPaid;
        boolean done;
        boolean liquidated;
        boolean liquidationWarned;

        // current candle
        int bar;
        double y;                 // current price × sign ("higher is better" for the position)

        final List<TradeRecord> trades = new ArrayList<>();
        final List<ReplayEvent> events = new ArrayList<>();
        final List<ReplayEvent.Warning> warnings = new ArrayList<>();
        int fundingMissing;
        int fundingCharged = -1;  // index of the last funding record charged
        long fundingFirstMissing;
        long fundingLastMissing;

        Run(OrderPlan plan, CandleSeries c, FundingHistory funding, Instrument inst) {
            this.plan = plan;
            this.c = c;
            this.funding = funding;
            this.fundingHours = funding == null ? 0 : funding.intervalHours();
            this.contract = inst.contract();
            this.type = contract.type();
            this.tiers = inst.tiers();
            this.instrument = inst;
            this.side = plan.side();
            this.sign = side.sign();
            this.slip = plan.slippageBps() / 10_000;
            this.wallet = plan.equity();
            this.atr = plan.trailing() == null ? null : Atr.of(c, plan.trailing().atrPeriod());
            // the stop is an order at the venue: at the tick away from the entry, never tighter than asked (as stops places it)
            this.stopPrice = TickRule.EXIT.apply(contract, plan.stop().price(), sign > 0);
            this.initialStop = stopPrice;
        }

        ReplayResult execute() {
            int n = c.size();
            int start = Arrays.binarySearch(c.openTimeMs(), plan.entryTimeMs());
            start = start >= 0 ? start : -start - 1;
            if (start >= n) {
                throw new InvalidInputException("entryTime", Instant.ofEpochMilli(plan.entryTimeMs()) + " is after the last candle ("
                        + Instant.ofEpochMilli(c.openTimeMs()[n - 1]) + ")");
            }
            // a plan time more than one bar before the candles is not covered by them (0 = no entryTime: the first candle)
            long bar0 = c.openTimeMs()[0];
            long step = n > 1 ? c.openTimeMs()[1] - bar0 : 0;
            if (plan.entryTimeMs() != 0 && plan.entryTimeMs() < bar0 - step) {
                throw new InvalidInputException("entryTime", Instant.ofEpochMilli(plan.entryTimeMs()) + " is before the first candle ("
                        + Instant.ofEpochMilli(bar0) + "): the candles do not cover the plan; give candles from its time or a later entryTime");
            }
            size(start);
            long[] eqT = new long[n - start];
            double[] eq = new double[n - start];
            int m = 0;
            for (bar = start; bar < n && !done; bar++) {
                double open = c.open()[bar];
                if (qty > 0) {
                    chargeFunding();
                }
                if (bar == start) {
                    y = sign * open;
                    activate();
                } else if (!done) {
                    // the gap from the previous close to this open: nothing trades in between
                    y = sign * open;
                    settle();
                }
                double adverse = sign > 0 ? c.low()[bar] : c.high()[bar];
                double favourable = sign > 0 ? c.high()[bar] : c.low()[bar];
                moveTo(sign * adverse);
                moveTo(sign * favourable);
                moveTo(sign * c.close()[bar]);
                if (!done) {
                    atClose(start);
                }
                eqT[m] = c.openTimeMs()[bar];
                eq[m++] = wallet + (qty > 0 ? type.pnl(sign, qty, avgEntry, c.close()[bar]) : 0);
            }
            if (!done) {
                finishAtEnd(n - 1);
                eq[m - 1] = wallet;
            }
            if (fundingMissing > 0) {
                warnings.add(ReplayEvent.Warning.of(funding == null ? ReplayEvent.Warning.Code.FUNDING_NOT_GIVEN
                                : ReplayEvent.Warning.Code.FUNDING_MISSING, "count", fundingMissing, "firstMs", fundingFirstMissing,
                        "lastMs", fundingLastMissing));
            }
            return result(Arrays.copyOf(eqT, m), Arrays.copyOf(eq, m));
        }

        //-------------------------------------------------------------------------
        /** Sizes the plan at its first candle (market rungs priced at that open) and checks the margin. */
        void size(int start) {
            double open = c.open()[start];
            ScaleLadder ladder = plan.entries();
            // a limit marketable at the open fills there (activate): sized at the open, not at its limit (a buy limit of
            // 1e9 sized the plan as if bought at 1e9)
            // a market rung fills at the open slipped against the trader, on the tick (as activate() fills it): sized there, so
            // R at the stop stays within riskPct (sized at the bare open, a short 178.6 from its stop at 2 bps lost 1.024 R)
            double marketFill = TickRule.ENTRY.apply(contract, open * (1 + sign * slip), sign > 0);
            double plannedAvg = 0;
            for (int i = 0; i < ladder.levels().size(); i++) {
                EntryLevel l = ladder.levels().get(i);
                plannedAvg += ladder.share(i) * (l.isMarket() ? marketFill : ladder.fillsAt(i, open, sign) ? open : l.price());
            }
            if (sign * (plannedAvg - initialStop) <= 0) {
                throw new InvalidInputException("stop", Checks.fmt(initialStop) + " is not " + (sign > 0 ? "below" : "above")
                        + " the entry (" + Checks.fmt(plannedAvg) + " at " + Instant.ofEpochMilli(c.openTimeMs()[start]) + ")");
            }
            for (int i = 0; i < ladder.levels().size(); i++) {
                double p = ladder.levels().get(i).price();
                double pct = EntryDistance.pct(p, open);
                if (!ladder.levels().get(i).isMarket() && EntryDistance.far(pct, EntryDistance.DEFAULT_MAX_PCT)) {
                    warnings.add(ReplayEvent.Warning.of(ReplayEvent.Warning.Code.ENTRY_FAR_FROM_OPEN, "timeMs", c.openTimeMs()[start],
                            "rung", i + 1, "price", p, "open", open, "distancePct", pct, "maxDistancePct", EntryDistance.DEFAULT_MAX_PCT));
                }
            }
            double feeRate = 0;
            for (int i = 0; i < ladder.levels().size(); i++) {
                feeRate += ladder.share(i) * Liquidity.limit(ladder.fillsAt(i, open, sign)).feeRate(contract);
            }
            if (Double.isNaN(plan.qty())) {
                // R = qty × loss per unit at the slipped stop fill (DESIGN.md "R"), solved for qty as size does
                double perUnit = RiskBasedSizer.lossPerUnit(type, side, plannedAvg, initialStop, feeRate, Liquidity.TAKER.feeRate(contract), slip);
                plannedQty = RiskBasedSizer.qtyForRisk(plan.equity() * plan.riskPct() / 100, perUnit, contract);
            } else {
                plannedQty = contract.floorToStep(plan.qty());
            }
            if (plannedQty < Math.max(contract.minQty(), contract.stepSize())) {
                throw belowMinimum(start, plannedAvg);
            }
            double notional = type.notional(plannedQty, plannedAvg);
            tiers.requireLeverageAllowed(plan.leverage(), RiskBasedSizer.tierMeasure(instrument, plannedQty, plannedAvg));
            if (notional / plan.leverage() > plan.equity()) {
                throw new InvalidInputException("leverage", "initial margin " + Checks.fmt(notional / plan.leverage()) + " exceeds equity "
                        + Checks.fmt(plan.equity()) + "; raise leverage or lower the risk");
            }
            int k = ladder.levels().size();
            rungQty = new double[k];
            rungFilled = new boolean[k];
            double left = plannedQty;
            for (int i = 0; i < k; i++) {
                // the last rung takes the rest, on the step (0.297 − 0.099 − 0.099 is 0.09899999999999998 in double)
                rungQty[i] = i == k - 1 ? onStep(left) : contract.floorToStep(plannedQty * ladder.share(i));
                left -= rungQty[i];
            }
            int t = plan.targets().size();
            tpDone = new boolean[t];
            tpQty = new double[t];
            for (int i = 0; i < t; i++) {
                tpQty[i] = contract.floorToStep(plannedQty * plan.targets().get(i).closePct() / 100);
            }
        }

        /**
         * The plan's size is below the minimum order: blamed on the price that no candle from the plan's start comes
         * near (a limit entry or stop of 1e9 gave "riskPct: the plan's size 0 ..."), else on the given qty or the risk.
         */
        InvalidInputException belowMinimum(int start, double plannedAvg) {
            String size = "the plan's size " + Checks.fmt(plannedQty) + " is below the minimum order " + Checks.fmt(contract.minQty()) + " "
                    + contract.symbol();
            if (!Double.isNaN(plan.qty())) {
                return new InvalidInputException("qty", size);
            }
            double low = Double.POSITIVE_INFINITY, high = Double.NEGATIVE_INFINITY;
            for (int i = start; i < c.size(); i++) {
                low = Math.min(low, c.low()[i]);
                high = Math.max(high, c.high()[i]);
            }
            String range = " lies outside every price of the candles from " + Instant.ofEpochMilli(c.openTimeMs()[start]) + " ("
                    + Checks.fmt(low) + " to " + Checks.fmt(high) + "); sized from it, " + size;
            List<EntryLevel> levels = plan.entries().levels();
            for (int i = 0; i < levels.size(); i++) {
                double p = levels.get(i).price();
                if (!plan.entries().fillsAt(i, c.open()[start], sign) && (p < low || p > high)) {   // a marketable one is sized at the open
                    return new InvalidInputException(levels.size() == 1 ? "entry" : "entries[" + i + "].price", Checks.fmt(p) + range);
                }
            }
            if ((initialStop < low || initialStop > high) && Math.abs(plannedAvg - initialStop) > high - low) {   // farther than the market went
                return new InvalidInputException("stop", Checks.fmt(initialStop) + range);
            }
            return new InvalidInputException("riskPct", Checks.fmt(plan.riskPct()) + " % of equity " + Checks.fmt(plan.equity())
                    + " over a stop " + Checks.fmt(Math.abs(plannedAvg - initialStop)) + " from the entry: " + size
                    + "; raise riskPct or equity, or bring the stop closer");
        }

        /** The plan goes live at the open of its first candle: market rungs and marketable limits fill there. */
        void activate() {
            for (int i = 0; i < rungQty.length; i++) {
                EntryLevel l = plan.entries().levels().get(i);
                if (l.isMarket()) {
                    fillEntry(i, TickRule.ENTRY.apply(contract, c.open()[bar] * (1 + sign * slip), sign > 0), true, ReplayEvent.Note.MARKET_ENTRY);
                } else if (y <= sign * l.price()) {
                    fillEntry(i, c.open()[bar], true, ReplayEvent.Note.LIMIT_MARKETABLE_AT_OPEN);
                }
            }
            settle();
        }

        //-------------------------------------------------------------------------
        /** Moves the price in a straight line to {@code target} (in y units), filling orders in the order they are reached. */
        void moveTo(double target) {
            while (!done && y != target) {
                double next = target;
                if (target < y) {
                    for (double lv : adverseLevels()) {
                        if (lv < y && lv >= target && lv > next) {
                            next = lv;
                        }
                    }
                } else {
                    for (double lv : favourableLevels()) {
                        if (lv > y && lv <= target && lv < next) {
                            next = lv;
                        }
                    }
                }
                y = next;
                settle();
            }
        }

        /** Levels (y units) that fill when price falls to them. */
        double[] adverseLevels() {
            double[] lv = new double[rungQty.length + 2];
            int m = 0;
            if (entriesActive) {
                for (int i = 0; i < rungQty.length; i++) {
                    if (!rungFilled[i] && !plan.entries().levels().get(i).isMarket()) {
                        lv[m++] = sign * plan.entries().levels().get(i).price();
                    }
                }
            }
            if (qty > 0) {
                if (Double.isFinite(liq)) {
                    lv[m++] = sign * liq;
                }
                if (!stopResting) {
                    lv[m++] = sign * stopPrice;
                }
            }
            return Arrays.copyOf(lv, m);
        }

        /** Levels (y units) that fill when price rises to them. */
        double[] favourableLevels() {
            double[] lv = new double[tpDone.length + 1];
            int m = 0;
            if (qty > 0) {
                for (int i = 0; i < tpDone.length; i++) {
                    if (!tpDone[i]) {
                        lv[m++] = sign * targetPrice(i);
                    }
                }
                if (stopResting) {
                    lv[m++] = sign * restingLimit;
                }
            }
            return Arrays.copyOf(lv, m);
        }

        /** Fills everything that the current price satisfies, adverse orders first, until nothing more fills. */
        void settle() {
            boolean fired = true;
            while (fired && !done) {
                fired = false;
                if (qty > 0) {
                    bestY = Math.max(bestY, y);
                }
                if (entriesActive) {
                    for (int i = 0; i < rungQty.length; i++) {
                        EntryLevel l = plan.entries().levels().get(i);
                        if (!rungFilled[i] && !l.isMarket() && y <= sign * l.price()) {
                            fillEntry(i, l.price(), false, ReplayEvent.Note.LIMIT_RUNG_FILLED);
                            fired = true;
                        }
                    }
                }
                if (qty > 0 && Double.isFinite(liq) && y <= sign * liq) {
                    liquidate();
                    return;
                }
                if (qty > 0 && !stopResting && y <= sign * stopPrice) {
                    triggerStop();
                    fired = true;
                    continue;
                }
                if (qty > 0 && stopResting && y >= sign * restingLimit) {
                    close(qty, restingLimit, Liquidity.MAKER.feeRate(contract), "stop-limit", ReplayEvent.Note.RESTING_STOP_LIMIT_FILLED, "limit", restingLimit);
                    fired = true;
                    continue;
                }
                for (int i = 0; i < tpDone.length && qty > 0 && !done; i++) {
                    double tp = targetPrice(i);
                    if (!tpDone[i] && y >= sign * tp) {
                        takeProfit(i, tp);
                        fired = true;
                    }
                }
            }
        }

        /**
         * A take-profit's limit price at the tick away from the entry, as the order would be placed: one in R from the average
         * entry (27,429.8989… for 1R) never nearer than the R it stands for, a price given never nearer than given.
         */
        double targetPrice(int i) {
            TakeProfit t = plan.targets().get(i);
            double p = t.priceFor(sign, avgEntry, initialStop);
            return sign > 0 ? contract.ceilToTick(p) : contract.floorToTick(p);
        }

        //-------------------------------------------------------------------------
        void fillEntry(int i, double price, boolean taker, ReplayEvent.Note note) {
            double q = rungQty[i];
            rungFilled[i] = true;
            double fee = type.notional(q, price) * Liquidity.limit(taker).feeRate(contract);
            wallet -= fee;
            feesPaid += fee;
            entryFeesTotal += fee;
            entryFeesOpen += fee;
            avgEntry = qty > 0 ? type.averageEntry(qty, avgEntry, q, price) : price;
            qty = onStep(qty + q);
            filledQty += q;
            filledNotional += type.notional(q, price);
            if (firstFillBar < 0) {
                firstFillBar = bar;
                firstFillTime = c.openTimeMs()[bar];
            }
            boolean all = true;
            for (boolean f : rungFilled) {
                all &= f;
            }
            if (all) {
                entriesActive = false;
            }
            recomputeLiquidation();
            Object[] position = {"qty", qty, "averageEntry", avgEntry, "liquidationPrice", liq};
            switch (note) {
                case LIMIT_MARKETABLE_AT_OPEN -> event("entry", price, q, note, "limit", plan.entries().levels().get(i).price(), position);
                case LIMIT_RUNG_FILLED -> event("entry", price, q, note, "rung", i + 1, position);
                default -> event("entry", price, q, note, position);
            }
        }

        void triggerStop() {
            double px = y * sign;
            StopOrder s = plan.stop();
            String reason = stopKind;
            if (s.type() == StopType.MARKET) {
                close(qty, exitFill(px), Liquidity.TAKER.feeRate(contract), reason, ReplayEvent.Note.STOP_MARKET_TRIGGERED, "stopKind", reason,
                        "triggeredAt", px);
                return;
            }
            double limit = TickRule.EXIT.apply(contract, s.limitPrice(side, stopPrice), sign > 0);
            if (y >= sign * limit) {
                double fill = sign * Math.max(sign * limit, sign * exitFill(px));
                close(qty, fill, Liquidity.TAKER.feeRate(contract), reason, ReplayEvent.Note.STOP_LIMIT_TRIGGERED, "stopKind", reason, "limit", limit,
                        "triggeredAt", px);
                return;
            }
            stopResting = true;
            restingLimit = limit;
            Object[] figures = {"triggeredAt", px, "stop", stopPrice, "limit", limit, "qty", qty, "liquidationPrice", liq};
            event("stop-limit-unfilled", px, qty, ReplayEvent.Note.STOP_LIMIT_UNFILLED, figures);
            warnings.add(ReplayEvent.Warning.of(ReplayEvent.Warning.Code.STOP_LIMIT_UNFILLED, flat("timeMs", c.openTimeMs()[bar], figures)));
        }

        void takeProfit(int i, double price) {
            tpDone[i] = true;
            boolean last = true;
            double pct = 0;
            for (int k = 0; k < tpDone.length; k++) {
                last &= tpDone[k];
                pct += plan.targets().get(k).closePct();
            }
            double q = last && pct >= 100 - 1e-9 ? qty : Math.min(tpQty[i], qty);
            if (q <= 0) {
                warnings.add(ReplayEvent.Warning.of(ReplayEvent.Warning.Code.TARGET_BELOW_STEP, "target", i + 1, "label",
                        plan.targets().get(i).label(), "stepSize", contract.stepSize()));
                return;
            }
            if (entriesActive) {
                entriesActive = false;
                event("entries-cancelled", Double.NaN, 0, ReplayEvent.Note.ENTRIES_CANCELLED_AT_FIRST_TARGET);
            }
            close(q, price, Liquidity.TAKE_PROFIT.feeRate(contract), "target-" + (i + 1), ReplayEvent.Note.TAKE_PROFIT_FILLED, "target", i + 1, "label",
                    plan.targets().get(i).label());
            if (done) {
                return;
            }
            double breakeven = TickRule.BREAKEVEN.apply(contract, avgEntry, sign > 0);
            if (plan.moveStopToBreakevenAfter() == i + 1 && sign * (breakeven - stopPrice) > 0 && !stopResting) {
                stopPrice = breakeven;
                stopKind = "breakeven-stop";
                event("breakeven", breakeven, qty, ReplayEvent.Note.STOP_TO_BREAKEVEN, "stop", breakeven, "target", i + 1);
            }
        }

        /** A market exit's fill from {@code price} after slippage, at the tick against the trader ({@link TickRule#EXIT}). */
        double exitFill(double price) {
            return TickRule.EXIT.apply(contract, price * (1 - sign * slip), sign > 0);
        }

        /**
         * A position size after a fill or a close: on the step grid when it is within a millionth of a step of it (the
         * sums and differences of whole steps carry double noise, 0.22999999999999998 for 0.306 − 0.076), else as computed.
         */
        double onStep(double q) {
            double step = contract.stepSize();
            double near = Increment.of(step).floor(q + step / 2);
            return Math.abs(q - near) <= step * 1e-6 ? near : q;
        }

        void liquidate() {
            double margin = isolatedMargin();
            double pnl = type.pnl(sign, qty, avgEntry, liq);
            double clearance = Math.max(0, margin + pnl);
            event("liquidation", liq, qty, ReplayEvent.Note.LIQUIDATED, "liquidationPrice", liq, "margin", margin);
            liquidated = true;
            closeWithFee(qty, liq, clearance, "liquidation");
        }

        /** Closes {@code q} at {@code price} paying {@code feeRate} on the notional. */
        void close(double q, double price, double feeRate, String reason, ReplayEvent.Note note, Object... figures) {
            event(reason.startsWith("target") ? "take-profit" : reason.equals("time-stop") || reason.equals("end-of-data") ? reason : "stop",
                    price, q, note, figures);
            closeWithFee(q, price, type.notional(q, price) * feeRate, reason);
        }

        void closeWithFee(double q, double price, double fee, String reason) {
            double share = q / qty;
            double pnl = type.pnl(sign, q, avgEntry, price);
            double entryFeeShare = entryFeesOpen * share;
            double fundingShare = fundingOpen * share;
            entryFeesOpen -= entryFeeShare;
            fundingOpen -= fundingShare;
            marginAdded *= 1 - share;
            wallet += pnl - fee;
            feesPaid += fee;
            trades.add(new TradeRecord(firstFillTime, c.openTimeMs()[bar], side, q, avgEntry, price, reason, pnl, fee + entryFeeShare,
                    fundingShare, Double.NaN));
            qty = onStep(qty - q);   // 0.297 − 0.074 − 0.074 is 0.14899999999999997 in double: the venue's position is 0.149
            if (qty <= contract.stepSize() * 1e-6) {
                qty = 0;
                marginAdded = 0;
                done = true;
                entriesActive = false;
                liq = Double.NaN;
            } else {
                recomputeLiquidation();
            }
        }

        //-------------------------------------------------------------------------
        /** Time stop, trailing stop and rung expiry, evaluated on the closed candle. */
        void atClose(int start) {
            double close = c.close()[bar];
            if (qty > 0 && plan.timeStopBars() > 0 && bar - firstFillBar >= plan.timeStopBars()) {
                double oneR = avgEntry + sign * Math.abs(avgEntry - initialStop);
                if (bestY < sign * oneR) {
                    close(qty, exitFill(close), Liquidity.TAKER.feeRate(contract), "time-stop", ReplayEvent.Note.TIME_STOP, "bars",
                            plan.timeStopBars(), "oneRPrice", oneR);
                    return;
                }
            }
            Trailing tr = plan.trailing();
            if (qty > 0 && tr != null && !stopResting && (tr.afterTarget() == 0 || tpDone[tr.afterTarget() - 1]) && Double.isFinite(atr[bar])) {
                double candidate = sign * TickRule.EXIT.apply(contract, sign * (bestY - tr.atrMult() * atr[bar]), sign > 0);
                if (candidate > sign * stopPrice) {
                    stopPrice = sign * candidate;
                    stopKind = "trailing-stop";
                    event("trailing", stopPrice, qty, ReplayEvent.Note.TRAILING_RAISED, "trailingStop", stopPrice, "atrMultiple", tr.atrMult(),
                            "bestPrice", sign * bestY);
                }
            }
            if (entriesActive && plan.cancelEntriesAfterBars() > 0 && bar - start + 1 >= plan.cancelEntriesAfterBars()) {
                entriesActive = false;
                event("entries-cancelled", Double.NaN, 0, ReplayEvent.Note.ENTRIES_CANCELLED_AFTER_BARS, "bars", plan.cancelEntriesAfterBars());
                if (qty == 0) {
                    done = true;
                    warnings.add(ReplayEvent.Warning.of(ReplayEvent.Warning.Code.NO_ENTRY_BEFORE_CANCEL));
                }
            }
        }

        void finishAtEnd(int last) {
            bar = last;
            if (qty > 0) {
                double close = c.close()[last];
                close(qty, exitFill(close), Liquidity.TAKER.feeRate(contract), "end-of-data", ReplayEvent.Note.END_OF_DATA);
                warnings.add(ReplayEvent.Warning.of(ReplayEvent.Warning.Code.OPEN_AT_END, "timeMs", c.openTimeMs()[last], "close", close));
            } else if (firstFillBar < 0) {
                warnings.add(ReplayEvent.Warning.of(ReplayEvent.Warning.Code.NO_ENTRY_BEFORE_END));
            }
        }

        //-------------------------------------------------------------------------
        /**
         * Charges the settlements of this candle: every record of the history inside it — a venue that shortens a symbol's
         * interval (Binance: 8 h to 4 h, or 1 h while the rate sits at its cap) settles more often, and each is paid — and
         * every time of the schedule (from 00:00 UTC every {@code step}) the history matches within a minute's jitter; a
         * schedule time it lacks is counted missing. No record is charged twice.
         */
        void chargeFunding() {
            long barMs = Math.max(c.intervalMs(), 60_000L);
            long t0 = c.openTimeMs()[bar];
            long step = (funding != null ? scheduleHours(t0) : contract.fundingIntervalHours()) * 3_600_000L;
            long end = t0 + barMs;
            long first = Math.floorDiv(t0 + step - 1, step) * step;
            int[] due = new int[4];
            int k = 0;
            for (long t = first; t < end; t += step) {
                int j = funding == null ? -1 : fundingAt(t);
                if (j < 0) {
                    if (fundingMissing++ == 0) {
                        fundingFirstMissing = t;
                    }
                    fundingLastMissing = t;
                    continue;
                }
                due = k == due.length ? Arrays.copyOf(due, 2 * k) : due;
                due[k++] = j;
            }
            if (funding != null) {
                long[] ft = funding.timeMs();
                int j = Arrays.binarySearch(ft, t0);
                for (j = j >= 0 ? j : -j - 1; j < ft.length && ft[j] < end; j++) {
                    due = k == due.length ? Arrays.copyOf(due, 2 * k) : due;
                    due[k++] = j;
                }
            }
            Arrays.sort(due, 0, k);
            for (int i = 0; i < k && qty > 0; i++) {
                int j = due[i];
                if (j <= fundingCharged) {
                    continue;   // already paid: the same record matched twice, or in the candle before (jitter across its end)
                }
                fundingCharged = j;
                double mark = Double.isFinite(funding.markPrice()[j]) ? funding.markPrice()[j] : c.open()[bar];
                double rate = funding.rate()[j];
                double pay = FundingCarry.payment(side, type.notional(qty, mark), rate);
                wallet -= pay;
                fundingPaid += pay;
                fundingOpen += pay;
                marginAdded -= pay;
                event("funding", mark, qty, ReplayEvent.Note.FUNDING, "payment", pay, "rate", rate);
                if (isolatedMargin() <= 0) {
                    y = sign * liqOrOpen();
                    liquidate();
                    return;
                }
                recomputeLiquidation();
            }
        }

        /**
         * Hours between the settlements expected at {@code t}: the schedule of the history's next payment
         * ({@link FundingHistory#gridHours}) where it is longer than the median interval (BitMEX's 04:00/12:00/20:00 lie on a
         * 4 h grid but settle every 8 h), the median after its last payment, so the 8-hourly part of a history whose
         * venue later settled hourly expects no hourly payments (the median interval, 1 h, counted 7 missing in every 8 h).
         */
        long scheduleHours(long t) {
            long[] ft = funding.timeMs();
            int j = Arrays.binarySearch(ft, t - FUNDING_MATCH_MS);
            j = j >= 0 ? j : -j - 1;
            return j < ft.length ? Math.max(funding.gridHours(j), fundingHours) : fundingHours;
        }

        private double liqOrOpen() {
            return Double.isFinite(liq) ? liq : c.open()[bar];
        }

        int fundingAt(long t) {
            long[] ft = funding.timeMs();
            int i = Arrays.binarySearch(ft, t);
            if (i >= 0) {
                return i;
            }
            int ins = -i - 1;
            for (int k = Math.max(0, ins - 1); k <= Math.min(ft.length - 1, ins); k++) {
                if (Math.abs(ft[k] - t) <= FUNDING_MATCH_MS) {
                    return k;
                }
            }
            return -1;
        }

        double isolatedMargin() {
            return type.notional(qty, avgEntry) / plan.leverage() + marginAdded;
        }

        /** Liquidation price of the open position after a fill or a margin change (the venue's isolated rule). */
        void recomputeLiquidation() {
            if (qty <= 0) {
                liq = Double.NaN;
                return;
            }
            Position p = new Position(plan.symbol(), side, qty, avgEntry, plan.leverage(), MarginMode.ISOLATED, PositionSide.BOTH,
                    marginAdded, avgEntry, type);
            // a level leaving the engine: at the tick toward the entry, as calc and size show it (reached no later); the
            // losing side's, which the bars' adverse extremes are held against (a cap the gain carries it across is not replayed)
            liq = MarginCalculator.roundTowardEntry(contract, LiquidationPrice.isolated(p, instrument, MarginConvention.Reach.LOSS_SIDE).price(), sign > 0, avgEntry);
            if (!liquidationWarned && !RiskBasedSizer.keepsBuffer(RiskBasedSizer.stopBuffer(side, avgEntry, stopPrice, liq), 0)) {
                liquidationWarned = true;   // as size and check judge it: the stop can never fire
                warnings.add(ReplayEvent.Warning.of(ReplayEvent.Warning.Code.LIQUIDATION_BEFORE_STOP, "timeMs", c.openTimeMs()[bar],
                        "liquidationPrice", liq, "stop", stopPrice, "averageEntry", avgEntry, "leverage", plan.leverage()));
            }
        }

        /** Records an event; {@code figures} are name, value pairs or arrays of them (flattened in order). */
        void event(String type, double price, double q, ReplayEvent.Note note, Object... figures) {
            events.add(ReplayEvent.of(c.openTimeMs()[bar], bar, type, price, q, note, flat(figures)));
        }

        static Object[] flat(Object... figures) {
            List<Object> out = new ArrayList<>();
            for (Object f : figures) {
                if (f instanceof Object[] a) {
                    out.addAll(Arrays.asList(a));
                } else {
                    out.add(f);
                }
            }
            return out.toArray();
        }

        ReplayResult result(long[] eqT, double[] eq) {
            double avg = filledQty > 0 ? type.priceOf(filledQty, filledNotional) : Double.NaN;
            // R (DESIGN.md): the loss if the initial stop filled (after slippage) on the whole filled size, at the entry fees paid
            double r = filledQty > 0 ? filledQty * RiskBasedSizer.lossPerUnit(type, side, avg, initialStop, entryFeesTotal / filledNotional,
                    Liquidity.TAKER.feeRate(contract), slip) : Double.NaN;
            List<TradeRecord> out = new ArrayList<>();
            double net = 0;
            for (TradeRecord t : trades) {
                out.add(t.withR(r));
                net += t.netPnl();
            }
            double peak = plan.equity(), mdd = 0;
            for (double e : eq) {
                peak = Math.max(peak, e);
                mdd = Math.max(mdd, (peak - e) / peak * 100);
            }
            double finalEquity = eq.length > 0 ? eq[eq.length - 1] : wallet;
            return new ReplayResult(out, events, eqT, eq, plannedQty, filledQty, avg, r, filledQty > 0 ? net / r : Double.NaN,
                    finalEquity, mdd, feesPaid, fundingPaid, liquidated, warnings);
        }
    }
}
