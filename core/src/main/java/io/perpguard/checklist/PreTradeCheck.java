package io.perpguard.checklist;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Account;
import io.perpguard.margin.LiquidationResult;
import io.perpguard.margin.Position;
import io.perpguard.orders.Liquidity;
import io.perpguard.portfolio.Betas;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.margin.Side;
import io.perpguard.funding.FundingCarry;
import io.perpguard.venue.ContractType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pre-trade checklist: one rule per item of the guide's list — thesis stated, with or against the trend, stop
 * from structure or ATR (not a round percentage), size from the risk model, leverage within policy and bracket,
 * liquidation beyond the stop, reward-to-risk, funding and open interest, portfolio exposure after the trade.
 * Each rule returns pass / warn / fail with its numbers; the plan's verdict is the worst of them.
 * A pure function of its inputs.
 */
public final class PreTradeCheck {
    /** Wilder's ATR period (Wilder, "New Concepts in Technical Trading Systems", 1978). */
    public static final int ATR_PERIOD = 14;
    /** Stop distances within this relative tolerance of a multiple of 0.5 % count as a round percentage. */
    private static final double ROUND_TOLERANCE = 1e-6;

    private PreTradeCheck() {
    }

    /**
     * Runs every rule.
     *
     * @param plan       the trade
     * @param policy     the limits ({@link Policy#DEFAULT} when null)
     * @param instrument contract and tiers of {@code plan.symbol()}
     * @param account    the account the trade joins (null: the trade is judged alone against the plan's equity)
     * @param market     recent bars (null or {@link MarketContext#NONE}: trend and ATR are not known)
     */
    public static ChecklistResult run(TradePlan plan, Policy policy, Instrument instrument, Account account,
                                      MarketContext market) {
        return run(plan, policy, instrument, account, market, null);
    }

    /**
     * Runs every rule, weighting the net delta by each symbol's beta to the benchmark when betas are known.
     *
     * @param betas beta to the benchmark by symbol (e.g. from daily returns, as {@code perpguard portfolio}); null, or
     *              a symbol missing from it: beta 1 assumed
     */
    public static ChecklistResult run(TradePlan plan, Policy policy, Instrument instrument, Account account,
                                      MarketContext market, Betas betas) {
        Checks.notNull("plan", plan);
        Checks.notNull("instrument", instrument);
        Policy pol = policy == null ? Policy.DEFAULT : policy;
        MarketContext mkt = market == null ? MarketContext.NONE : market;
        double fee = Liquidity.TAKER.feeRate(instrument.contract());
        ContractType type = instrument.contract().type();
        boolean stopOk = plan.hasStop() && stopOnLossSide(plan);

        // size: from the plan, or from the risk budget when riskPct is given (needs a usable stop)
        double perUnitRisk = stopOk ? riskPerUnit(plan, type, fee, pol) : Double.NaN;
        double qty = plan.qty();
        double budgetQty = Double.NaN;   // the risk budget's own size when the tiers cap it, else NaN
        if (Double.isNaN(qty) && stopOk) {
            // the size command's sizing: budget / loss per unit at the slipped stop incl. fees, floored to the step
            qty = RiskBasedSizer.qtyForRisk(plan.equity() * plan.riskPct() / 100, perUnitRisk, instrument.contract());
            if (!(qty > 0)) {
                qty = Double.NaN;
            } else if (RiskBasedSizer.aboveTiersAt(instrument, qty, plan.entry(), plan.leverage())) {
                // as size: the budget's size above what the tiers allow at the leverage is capped to the largest they allow
                // and the leverage rule fails naming both — check chose the size, so it is not the trader's input to refuse
                budgetQty = qty;
                qty = RiskBasedSizer.cappedToTiers(instrument, qty, plan.entry(), plan.leverage());
                if (!(qty > 0)) {
                    qty = Double.NaN;
                }
            }
        }
        // the plan's own qty at a leverage above its bracket, or a leverage no tier allows: a mistyped input, exit 2
        requireLeverageAllowed(plan, instrument, qty);
        // in the settlement currency (inverse: qty is USD of face, the notional coin)
        double notional = type.notional(qty, plan.entry());
        double risk = stopOk ? qty * perUnitRisk : Double.NaN;
        // the price the trader sees from size and calc: rounded to the tick toward the entry
        LiquidationResult lr = qty > 0 ? RiskBasedSizer.liquidation(instrument, plan.side(), qty, plan.entry(), plan.leverage())
                : LiquidationResult.NEVER;
        double lp = RiskBasedSizer.roundedLiquidationPrice(instrument, lr, plan.side(), plan.entry());
        ChecklistResult.SizedPlan sized = new ChecklistResult.SizedPlan(qty, notional, notional / plan.leverage(), risk,
                risk / plan.equity() * 100, lp);

        List<Rule> rules = new ArrayList<>();
        rules.add(thesis(plan));
        rules.add(trend(plan, pol, mkt));
        rules.add(entry(plan, pol, mkt));
        rules.add(stop(plan, pol, mkt));
        rules.add(size(plan, pol, sized, stopOk, instrument.contract()));
        rules.add(leverage(plan, pol, instrument, sized, budgetQty));
        LiquidationResult gain = qty > 0 ? RiskBasedSizer.gainSideLiquidation(instrument, plan.side(), qty, plan.entry(), plan.leverage())
                : LiquidationResult.NEVER;
        double gainPrice = RiskBasedSizer.roundedLiquidationPrice(instrument, gain, plan.side(), plan.entry());
        rules.add(liquidation(plan, pol, sized, stopOk, instrument.contract().priceDecimals(), gain, gainPrice));
        rules.add(rewardRisk(plan, pol, sized, stopOk, instrument.contract()));
        rules.add(funding(plan, pol, sized, instrument));
        rules.add(openInterest(plan, pol));
        rules.add(exposure(plan, pol, sized, account, betas, instrument.contract().settlementCurrency()));
        Verdict worst = Verdict.PASS;
        for (Rule r : rules) {
            worst = worst.worst(r.verdict());
        }
        return new ChecklistResult(worst, rules, sized);
    }

    /**
     * A leverage above the bracket of the plan's size at entry is bad input, refused as {@code calc} refuses it
     * ({@link RiskTiers#requireLeverageAllowed}), not a rule the plan fails: the plan's own qty, or a risk budget's size
     * that {@link #run} could not cap (no tier allows the leverage); a budget's size it capped passes. Without a size, or
     * with one above the largest tier (the leverage rule fails that size), a leverage no tier allows.
     */
    static void requireLeverageAllowed(TradePlan plan, Instrument instrument, double qty) {
        RiskTiers tiers = instrument.tiers();
        double measure = qty > 0 ? RiskBasedSizer.tierMeasure(instrument, qty, plan.entry()) : Double.NaN;
        if (measure <= tiers.maxNotional()) {
            tiers.requireLeverageAllowed(plan.leverage(), measure);
        } else {
            tiers.requireLeverageAllowed(plan.leverage());
        }
    }

    /** The loss per unit if the stop fills ({@link RiskBasedSizer#lossPerUnit}, with the policy's slippage). */
    static double riskPerUnit(TradePlan plan, ContractType type, double takerFee, Policy pol) {
        return RiskBasedSizer.lossPerUnit(type, plan.side(), plan.entry(), plan.stop(), takerFee, pol.slippagePct() / 100);
    }

    //-------------------------------------------------------------------------
    static Rule thesis(TradePlan plan) {
        String t = plan.thesis().trim();
        int words = words(t);
        Map<String, Object> v = values("words", words);
        if (words == 0) {
            return new Rule("thesis", Verdict.FAIL, Reason.THESIS_MISSING, v);
        }
        if (words < 4) {
            return new Rule("thesis", Verdict.WARN, Reason.THESIS_THIN, v);
        }
        return new Rule("thesis", Verdict.PASS, Reason.THESIS_STATED, v);
    }

    /** Runs of characters other than regex {@code \\s} (what {@code split("\\s+")} counts on trimmed text), without a regex. */
    static int words(String t) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            boolean space = ch == ' ' || ch == '\t' || ch == '\n' || ch == 0x0B || ch == '\f' || ch == '\r';
            if (!space && !inWord) {
                n++;
            }
            inWord = !space;
        }
        return n;
    }

    static Rule trend(TradePlan plan, Policy pol, MarketContext mkt) {
        int need = pol.trendSlow() + pol.trendFast();
        if (!mkt.hasCloses()) {
            return new Rule("trend", Verdict.WARN, Reason.TREND_NO_CANDLES, values("bars", 0, "barsNeeded", need));
        }
        double[] c = mkt.close();
        if (c.length < need) {
            return new Rule("trend", Verdict.WARN, Reason.TREND_TOO_FEW_CANDLES, values("bars", c.length, "barsNeeded", need));
        }
        int n = c.length;
        double fast = sma(c, n, pol.trendFast());
        double slow = sma(c, n, pol.trendSlow());
        double slowBefore = sma(c, n - pol.trendFast(), pol.trendSlow());
        // slope of the slow MA over the last trendFast bars, % of its earlier value
        double slopePct = (slow - slowBefore) / slowBefore * 100;
        int dir = fast > slow && slopePct > 0 ? 1 : fast < slow && slopePct < 0 ? -1 : 0;
        Map<String, Object> v = values("bars", n, "fastMa", fast, "slowMa", slow, "slowMaSlopePct", slopePct,
                "trend", dir > 0 ? "up" : dir < 0 ? "down" : "mixed", "side", plan.side().label(),
                "fastPeriod", pol.trendFast(), "slowPeriod", pol.trendSlow());
        if (dir == 0) {
            return new Rule("trend", Verdict.WARN, Reason.TREND_MIXED, v);
        }
        if (dir == plan.side().sign()) {
            return new Rule("trend", Verdict.PASS, Reason.TREND_WITH, v);
        }
        return new Rule("trend", Verdict.WARN, Reason.TREND_AGAINST, v);
    }

    /** The entry against the current mark: far from it is a warning (a mistyped price, or a limit far off). */
    static Rule entry(TradePlan plan, Policy pol, MarketContext mkt) {
        double mark = mkt.currentPrice();
        double distPct = io.perpguard.market.EntryDistance.pct(plan.entry(), mark);
        Map<String, Object> v = values("entryPrice", plan.entry(), "markPrice", mark, "distancePct", distPct, "maxDistancePct", pol.maxEntryDistancePct());
        if (Double.isNaN(mark)) {
            return new Rule("entry", Verdict.PASS, Reason.ENTRY_NO_MARK, v);
        }
        if (io.perpguard.market.EntryDistance.far(distPct, pol.maxEntryDistancePct())) {
            return new Rule("entry", Verdict.WARN, Reason.ENTRY_FAR_FROM_MARK, v);
        }
        return new Rule("entry", Verdict.PASS, Reason.ENTRY_NEAR_MARK, v);
    }

    static Rule stop(TradePlan plan, Policy pol, MarketContext mkt) {
        if (!plan.hasStop()) {
            return new Rule("stop", Verdict.FAIL, Reason.STOP_MISSING, values("stop", Double.NaN, "stopMethod", plan.stopMethod().label()));
        }
        double dist = Math.abs(plan.entry() - plan.stop());
        double distPct = dist / plan.entry() * 100;
        double atr = mkt.lastAtr(ATR_PERIOD);
        Map<String, Object> v = values("stop", plan.stop(), "stopMethod", plan.stopMethod().label(), "distance", dist,
                "distancePct", distPct, "atr", atr, "distanceAtr", dist / atr, "entryPrice", plan.entry(), "side", plan.side().label(),
                "minAtrStopMultiple", pol.minAtrStopMultiple());
        if (!stopOnLossSide(plan)) {
            return new Rule("stop", Verdict.FAIL, Reason.STOP_WRONG_SIDE, v);
        }
        if (plan.stopMethod() == StopMethod.NONE) {
            return new Rule("stop", Verdict.WARN, Reason.STOP_METHOD_NONE, v);
        }
        if (plan.stopMethod() == StopMethod.PERCENT) {
            return new Rule("stop", Verdict.WARN, Reason.STOP_PERCENT, v);
        }
        double halves = distPct * 2;
        if (Math.abs(halves - Math.rint(halves)) <= ROUND_TOLERANCE * Math.max(1, halves)) {
            return new Rule("stop", Verdict.WARN, Reason.STOP_ROUND_PERCENT, v);
        }
        if (Double.isFinite(atr) && dist < pol.minAtrStopMultiple() * atr) {
            return new Rule("stop", Verdict.WARN, Reason.STOP_INSIDE_NOISE, v);
        }
        return new Rule("stop", Verdict.PASS, Reason.STOP_PLACED, v);
    }

    static Rule size(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, boolean stopOk, io.perpguard.instrument.Contract c) {
        double marginPct = s.initialMargin() / plan.equity() * 100;
        Map<String, Object> v = values("qty", s.qty(), "notional", s.notional(), "riskAtStop", s.riskAtStop(),
                "riskPct", s.riskPct(), "maxRiskPct", pol.maxRiskPct(), "marginPctOfEquity", marginPct, "equity", plan.equity(),
                "currency", c.settlementCurrency(), "contractType", c.type().label(), "contractSize", c.contractSize());
        if (!stopOk) {
            return new Rule("size", Verdict.FAIL, Reason.SIZE_NO_STOP, v);
        }
        if (!(s.qty() > 0)) {
            return new Rule("size", Verdict.FAIL, Reason.SIZE_BELOW_STEP, v);
        }
        if (s.qty() < c.minQty() || !c.meetsMinNotional(s.qty(), plan.entry())) {
            v.put("minQty", c.minQty());
            v.put("minNotional", c.minNotional());
            v.put("smallestQty", c.minQtyFor(plan.entry()));
            v.put("symbol", c.symbol());
            return new Rule("size", Verdict.FAIL, Reason.SIZE_BELOW_MINIMUM, v);
        }
        if (s.riskPct() > pol.maxRiskPct() * (1 + RiskBasedSizer.BUDGET_TOLERANCE)) {
            // the size `size` gives for the policy's budget: the loss per unit at the stop, floored to the contract's step
            // (an order the venue accepts that loses at most the budget), not the unrounded qty × limit / risk
            v.put("riskBasedQty", RiskBasedSizer.qtyForRisk(plan.equity() * pol.maxRiskPct() / 100, s.riskAtStop() / s.qty(), c));
            return new Rule("size", Verdict.FAIL, Reason.SIZE_ABOVE_RISK_LIMIT, v);
        }
        if (marginPct > 100) {
            return new Rule("size", Verdict.FAIL, Reason.SIZE_MARGIN_ABOVE_EQUITY, v);
        }
        if (!c.onStep(s.qty())) {
            // a plan's own qty off the venue's step (0.0025 BTC): the exchange refuses the order, as calc refuses the qty
            v.put("stepSize", c.stepSize());
            v.put("lowerQty", c.floorToStep(s.qty()));
            v.put("upperQty", c.floorToStep(s.qty()) + c.stepSize());
            v.put("symbol", c.symbol());
            return new Rule("size", Verdict.FAIL, Reason.SIZE_OFF_STEP, v);
        }
        return new Rule("size", Verdict.PASS, Reason.SIZE_FROM_RISK, v);
    }

    static Rule leverage(TradePlan plan, Policy pol, Instrument instrument, ChecklistResult.SizedPlan s) {
        return leverage(plan, pol, instrument, s, Double.NaN);
    }

    /**
     * @param budgetQty the risk budget's size when the tiers capped it to {@code s.qty()} (the rule fails, naming the
     *                  budget's tier, the leverage's reach and the capped size), NaN otherwise
     */
    static Rule leverage(TradePlan plan, Policy pol, Instrument instrument, ChecklistResult.SizedPlan s, double budgetQty) {
        RiskTiers tiers = instrument.tiers();
        // the tier is the venue's measure of the size at entry: notional in the settlement currency, or contracts (OKX)
        double measure = s.qty() > 0 ? RiskBasedSizer.tierMeasure(instrument, s.qty(), plan.entry()) : 0;
        String unit = RiskBasedSizer.tierUnit(instrument);
        if (budgetQty > 0) {
            double budgetMeasure = RiskBasedSizer.tierMeasure(instrument, budgetQty, plan.entry());
            Contract c = instrument.contract();
            Map<String, Object> v = values("leverage", plan.leverage(), "policyMaxLeverage", pol.maxLeverage(), "budgetQty", budgetQty,
                    "notional", budgetMeasure, "tierUnit", unit, "symbol", tiers.symbol(), "tierCap", tiers.maxNotional(),
                    "maxNotionalAtLeverage", tiers.maxNotionalAtLeverage(plan.leverage()), "cappedQty", s.qty(), "cappedNotional", measure,
                    "currency", c.settlementCurrency(), "contractType", c.type().label(), "contractSize", c.contractSize());
            if (budgetMeasure <= tiers.maxNotional()) {
                LeverageBracket b = tiers.bracketFor(budgetMeasure);
                v.put("tier", b.bracket());
                v.put("bracketMaxLeverage", b.maxLeverage());
            }
            return new Rule("leverage", Verdict.FAIL, Reason.LEVERAGE_CAPPED_TO_TIERS, v);
        }
        if (measure > tiers.maxNotional()) {
            return new Rule("leverage", Verdict.FAIL, Reason.LEVERAGE_ABOVE_TIER_CAP,
                    values("leverage", plan.leverage(), "policyMaxLeverage", pol.maxLeverage(), "notional", measure,
                            "symbol", tiers.symbol(), "tierCap", tiers.maxNotional(), "tierUnit", unit));
        }
        LeverageBracket b = tiers.bracketFor(measure);
        double notional = s.notional() > 0 ? s.notional() : 0;
        Map<String, Object> v = values("leverage", plan.leverage(), "policyMaxLeverage", pol.maxLeverage(),
                "bracketMaxLeverage", b.maxLeverage(), "tier", b.bracket(), "notional", measure,
                "effectiveLeverage", notional / plan.equity(), "tierUnit", unit);
        if (plan.leverage() > pol.maxLeverage()) {   // above the bracket was refused as input (requireLeverageAllowed)
            return new Rule("leverage", Verdict.FAIL, Reason.LEVERAGE_ABOVE_MAXIMUM, v);
        }
        return new Rule("leverage", Verdict.PASS, Reason.LEVERAGE_WITHIN, v);
    }

    static Rule liquidation(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, boolean stopOk, int priceDecimals,
                            LiquidationResult gain, double gainPrice) {
        double lp = s.liquidationPrice();
        double lpDistPct = (lp - plan.entry()) / plan.entry() * 100;   // signed as in every report: negative below
        Map<String, Object> v = values("liquidationPrice", lp, "distanceToLiquidationPct", lpDistPct, "stop", plan.stop(),
                "priceDecimals", priceDecimals);
        if (!(s.qty() > 0)) {
            return new Rule("liquidation", Verdict.FAIL, Reason.LIQUIDATION_NO_SIZE, v);
        }
        if (!Double.isFinite(lp)) {
            v.put("leverage", plan.leverage());
            return new Rule("liquidation", Verdict.PASS, Reason.LIQUIDATION_NONE, v);
        }
        if (gain.exists()) {
            // a long carried up (an inverse short down) into a tier whose rate exceeds its margin: a liquidation risk the stop
            // does not cover, whether or not the losing side's level is nearer
            v.put("gainSideLiquidationPrice", gainPrice);
            v.put("gainSideDistancePct", (gainPrice - plan.entry()) / plan.entry() * 100);
            v.put("gainSideLiquidationTier", gain.bracket().bracket());
            v.put("gainSideTierRate", gain.bracket().maintenanceMarginRate());
            v.put("byRise", !gain.byFall());
            return new Rule("liquidation", Verdict.FAIL, Reason.LIQUIDATION_ON_GAIN_SIDE, v);
        }
        if (!stopOk) {
            return new Rule("liquidation", Verdict.FAIL, Reason.LIQUIDATION_NO_STOP, v);
        }
        // buffer = how far beyond the stop liquidation lies, in entry→stop distances (issue "sizing": ≥ 0.5 by default)
        double buffer = io.perpguard.sizing.RiskBasedSizer.stopBuffer(plan.side(), plan.entry(), plan.stop(), lp);
        v.put("bufferFraction", buffer);
        v.put("minBufferFraction", pol.minStopBufferFraction());
        if (!io.perpguard.sizing.RiskBasedSizer.keepsBuffer(buffer, 0)) {
            return new Rule("liquidation", Verdict.FAIL, Reason.LIQUIDATION_BEFORE_STOP, v);
        }
        // the stop-market fills at the slipped exit: liquidation must lie beyond that fill too, as size demands
        double exit = io.perpguard.sizing.RiskBasedSizer.exitAtStop(plan.side(), plan.stop(), pol.slippagePct() / 100);
        double slippageBuffer = io.perpguard.sizing.RiskBasedSizer.stopBuffer(plan.side(), plan.entry(), plan.stop(), exit);
        v.put("exitPriceAtStop", exit);
        if (!io.perpguard.sizing.RiskBasedSizer.keepsBuffer(buffer, io.perpguard.sizing.RiskBasedSizer.requiredBuffer(0, slippageBuffer))) {
            return new Rule("liquidation", Verdict.FAIL, Reason.LIQUIDATION_BEFORE_FILL, v);
        }
        if (buffer < pol.minStopBufferFraction()) {
            return new Rule("liquidation", Verdict.WARN, Reason.LIQUIDATION_THIN_BUFFER, v);
        }
        return new Rule("liquidation", Verdict.PASS, Reason.LIQUIDATION_BEYOND_STOP, v);
    }

    static Rule rewardRisk(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, boolean stopOk, Contract c) {
        ContractType type = c.type();
        double fee = Liquidity.TAKER.feeRate(c);
        double targetFee = Liquidity.TAKE_PROFIT.feeRate(c);
        Map<String, Object> v = values("targets", plan.targets(), "riskAtStop", s.riskAtStop(), "minRewardRisk", pol.minRewardRisk(),
                "failRewardRisk", pol.failRewardRisk());
        if (!stopOk) {
            return new Rule("rewardRisk", Verdict.FAIL, Reason.REWARD_RISK_NO_STOP, v);
        }
        if (plan.targets().isEmpty()) {
            return new Rule("rewardRisk", Verdict.WARN, Reason.REWARD_RISK_NO_TARGET, v);
        }
        double reward = 0;
        for (int i = 0; i < plan.targets().size(); i++) {
            double t = plan.targets().get(i);
            if (plan.side().sign() * (t - plan.entry()) <= 0) {
                v.put("target", t);
                v.put("entryPrice", plan.entry());
                return new Rule("rewardRisk", Verdict.FAIL, Reason.REWARD_RISK_TARGET_WRONG_SIDE, v);
            }
            // each target takes an equal share of the size; net of the fees as replay charges them (Liquidity): the entry's
            // taker fee (as R's), the target's as the resting take-profit limit it is, maker (per unit, settlement currency)
            reward += (type.pnl(plan.side().sign(), 1, plan.entry(), t) - fee * type.notional(1, plan.entry())
                    - targetFee * type.notional(1, t)) / plan.targets().size();
        }
        double rr = reward / riskPerUnit(plan, type, fee, pol);
        v.put("rewardAtTargets", reward * s.qty());
        v.put("rewardRisk", rr);
        if (rr < pol.failRewardRisk()) {
            return new Rule("rewardRisk", Verdict.FAIL, Reason.REWARD_RISK_BELOW_FAIL, v);
        }
        if (rr < pol.minRewardRisk()) {
            return new Rule("rewardRisk", Verdict.WARN, Reason.REWARD_RISK_BELOW_POLICY, v);
        }
        return new Rule("rewardRisk", Verdict.PASS, Reason.REWARD_RISK_OK, v);
    }

    static Rule funding(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, Instrument inst) {
        double rate = plan.fundingRate();
        if (Double.isNaN(rate)) {
            return new Rule("funding", Verdict.WARN, Reason.FUNDING_UNKNOWN, values("fundingRate", Double.NaN));
        }
        double cost = FundingCarry.payment(plan.side(), s.notional(), rate);
        double perDay = cost * 24.0 / inst.contract().fundingIntervalHours();
        boolean paying = plan.side().sign() * rate > 0;
        Map<String, Object> v = values("fundingRate", rate, "paying", paying, "costPerInterval", cost, "costPerDay", perDay,
                "maxFundingRate", pol.maxFundingRate(), "side", plan.side().label(), "currency", inst.contract().settlementCurrency());
        if (paying && Math.abs(rate) > pol.maxFundingRate()) {
            return new Rule("funding", Verdict.WARN, Reason.FUNDING_CROWDED, v);
        }
        return new Rule("funding", Verdict.PASS, Reason.FUNDING_OK, v);
    }

    static Rule openInterest(TradePlan plan, Policy pol) {
        double oi = plan.openInterestChangePct();
        if (Double.isNaN(oi)) {
            return new Rule("openInterest", Verdict.WARN, Reason.OPEN_INTEREST_UNKNOWN, values("openInterestChangePct", Double.NaN));
        }
        Map<String, Object> v = values("openInterestChangePct", oi, "maxOpenInterestChangePct", pol.maxOpenInterestChangePct());
        if (oi > pol.maxOpenInterestChangePct()) {
            return new Rule("openInterest", Verdict.WARN, Reason.OPEN_INTEREST_RISING, v);
        }
        if (oi < -pol.maxOpenInterestChangePct()) {
            return new Rule("openInterest", Verdict.WARN, Reason.OPEN_INTEREST_FALLING, v);
        }
        return new Rule("openInterest", Verdict.PASS, Reason.OPEN_INTEREST_OK, v);
    }

    static Rule exposure(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, Account account) {
        return exposure(plan, pol, s, account, null);
    }

    /** Gross exposure and net delta after the trade; the net delta is beta-weighted (benchmark-equivalent) when betas are known. */
    static Rule exposure(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, Account account, Betas betas) {
        return exposure(plan, pol, s, account, betas, "USDT");
    }

    /** {@link #exposure(TradePlan, Policy, ChecklistResult.SizedPlan, Account, Betas)} with equity and notionals in {@code currency}. */
    static Rule exposure(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, Account account, Betas betas, String currency) {
        double add = s.notional() > 0 ? s.notional() : 0;
        double equity = plan.equity();
        double gross = add;
        List<String> assumed = new ArrayList<>();
        double planBeta = beta(plan.symbol(), betas, assumed);
        // beta-weighted delta: Σ side × notional × β to the benchmark (Hull, "Options, Futures and Other Derivatives", beta hedging)
        double net = plan.side().sign() * add * planBeta;
        int positions = 0;
        if (account != null) {
            equity = account.walletBalance();
            for (Position p : account.positions()) {
                equity += p.unrealizedPnl();
                gross += p.notional();
                net += p.sign() * p.notional() * beta(p.symbol(), betas, assumed);
                positions++;
            }
        }
        double grossX = equity > 0 ? gross / equity : Double.POSITIVE_INFINITY;
        double netX = equity > 0 ? Math.abs(net) / equity : Double.POSITIVE_INFINITY;
        Map<String, Object> v = values("equity", equity, "grossNotional", gross, "netDelta", net, "grossExposure", grossX,
                "netDeltaExposure", netX, "maxGrossExposure", pol.maxGrossExposure(), "maxNetDelta", pol.maxNetDelta(),
                "beta", planBeta, "otherPositions", positions);
        v.put("betaWeighted", betas != null);
        if (betas != null) {
            v.put("benchmark", betas.benchmark());
        }
        v.put("betaAssumedFor", List.copyOf(assumed));
        v.put("accountGiven", account != null);
        v.put("currency", currency);
        if (!(equity > 0)) {
            return new Rule("exposure", Verdict.FAIL, Reason.EXPOSURE_NO_EQUITY, v);
        }
        if (grossX > pol.maxGrossExposure()) {
            return new Rule("exposure", Verdict.FAIL, Reason.EXPOSURE_GROSS_ABOVE, v);
        }
        if (netX > pol.maxNetDelta()) {
            return new Rule("exposure", Verdict.WARN, Reason.EXPOSURE_NET_ABOVE, v);
        }
        return new Rule("exposure", Verdict.PASS, Reason.EXPOSURE_OK, v);
    }

    /** Beta of {@code symbol} to the benchmark: 1 for the benchmark, the estimate, else 1 (noted in {@code assumed}). */
    private static double beta(String symbol, Betas betas, List<String> assumed) {
        if (betas == null) {
            return 1;
        }
        double b = betas.of(symbol);
        if (!Double.isFinite(b)) {
            if (!assumed.contains(symbol)) {
                assumed.add(symbol);
            }
            return 1;
        }
        return b;
    }

    //-------------------------------------------------------------------------
    /** Simple moving average of the {@code len} closes ending just before index {@code end}. */
    static double sma(double[] c, int end, int len) {
        double sum = 0;
        for (int i = end - len; i < end; i++) {
            sum += c[i];
        }
        return sum / len;
    }

    static boolean stopOnLossSide(TradePlan plan) {
        return plan.side() == Side.LONG ? plan.stop() < plan.entry() : plan.stop() > plan.entry();
    }

    private static Map<String, Object> values(Object... kv) {
        if (kv.length % 2 != 0) {
            throw new InvalidInputException("values", "key/value pairs expected");
        }
        Map<String, Object> m = new Rule.Figures(kv.length / 2 + 2);   // room for the two a rule may add
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
