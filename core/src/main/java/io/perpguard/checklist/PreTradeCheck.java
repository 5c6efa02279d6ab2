package io.perpguard.checklist;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Account;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.LiquidationResult;
import io.perpguard.margin.Position;
import io.perpguard.portfolio.Exposure;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.margin.Side;

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
     * Runs every rule, weighting the net delta by each symbol's beta to BTC when betas are known.
     *
     * @param betas beta to BTCUSDT by symbol (e.g. from daily returns, as {@code perpguard portfolio}); null, or a
     *              symbol missing from it: beta 1 assumed
     */
    public static ChecklistResult run(TradePlan plan, Policy policy, Instrument instrument, Account account,
                                      MarketContext market, Map<String, Double> betas) {
        Checks.notNull("plan", plan);
        Checks.notNull("instrument", instrument);
        Policy pol = policy == null ? Policy.DEFAULT : policy;
        MarketContext mkt = market == null ? MarketContext.NONE : market;
        double fee = instrument.contract().takerFee();
        boolean stopOk = plan.hasStop() && stopOnLossSide(plan);

        // size: from the plan, or from the risk budget when riskPct is given (needs a usable stop)
        double perUnitRisk = stopOk ? riskPerUnit(plan, fee, pol) : Double.NaN;
        double qty = plan.qty();
        if (Double.isNaN(qty) && stopOk) {
            // the size command's sizing: budget / loss per unit at the slipped stop incl. fees, floored to the step
            qty = RiskBasedSizer.qtyForRisk(plan.equity() * plan.riskPct() / 100, perUnitRisk, instrument.contract());
            if (!(qty > 0)) {
                qty = Double.NaN;
            }
        }
        double notional = qty * plan.entry();
        double risk = stopOk ? qty * perUnitRisk : Double.NaN;
        double lp = Double.NaN;
        if (qty > 0) {
            Position p = Position.isolated(instrument.symbol(), plan.side(), qty, plan.entry(), plan.leverage());
            LiquidationResult lr = LiquidationPrice.isolated(p, instrument);
            lp = lr.price();
        }
        ChecklistResult.SizedPlan sized = new ChecklistResult.SizedPlan(qty, notional, notional / plan.leverage(), risk,
                risk / plan.equity() * 100, lp);

        List<Rule> rules = new ArrayList<>();
        rules.add(thesis(plan));
        rules.add(trend(plan, pol, mkt));
        rules.add(stop(plan, pol, mkt));
        rules.add(size(plan, pol, sized, stopOk));
        rules.add(leverage(plan, pol, instrument.tiers(), sized));
        rules.add(liquidation(plan, pol, sized, stopOk));
        rules.add(rewardRisk(plan, pol, sized, stopOk, fee));
        rules.add(funding(plan, pol, sized, instrument));
        rules.add(openInterest(plan, pol));
        rules.add(exposure(plan, pol, sized, account, betas));
        Verdict worst = Verdict.PASS;
        for (Rule r : rules) {
            worst = worst.worst(r.verdict());
        }
        return new ChecklistResult(worst, rules, sized);
    }

    /** The loss per unit if the stop fills ({@link RiskBasedSizer#lossPerUnit}, with the policy's slippage). */
    static double riskPerUnit(TradePlan plan, double takerFee, Policy pol) {
        return RiskBasedSizer.lossPerUnit(plan.side(), plan.entry(), plan.stop(), takerFee, pol.slippagePct() / 100);
    }

    //-------------------------------------------------------------------------
    static Rule thesis(TradePlan plan) {
        String t = plan.thesis().trim();
        int words = words(t);
        Map<String, Object> v = values("words", words);
        if (words == 0) {
            return new Rule("thesis", Verdict.FAIL, "no thesis: state in one sentence why this trade should work and what would prove it wrong", v);
        }
        if (words < 4) {
            return new Rule("thesis", Verdict.WARN, "thesis of " + words + " word(s) is too thin to be proved wrong; say what invalidates it", v);
        }
        return new Rule("thesis", Verdict.PASS, "thesis stated", v);
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
            return new Rule("trend", Verdict.WARN, "no candles: trend not checked (give " + need + "+ recent closes)",
                    values("bars", 0, "barsNeeded", need));
        }
        double[] c = mkt.close();
        if (c.length < need) {
            return new Rule("trend", Verdict.WARN, "only " + c.length + " candles: trend needs " + need,
                    values("bars", c.length, "barsNeeded", need));
        }
        int n = c.length;
        double fast = sma(c, n, pol.trendFast());
        double slow = sma(c, n, pol.trendSlow());
        double slowBefore = sma(c, n - pol.trendFast(), pol.trendSlow());
        // slope of the slow MA over the last trendFast bars, % of its earlier value
        double slopePct = (slow - slowBefore) / slowBefore * 100;
        int dir = fast > slow && slopePct > 0 ? 1 : fast < slow && slopePct < 0 ? -1 : 0;
        Map<String, Object> v = values("bars", n, "fastMa", fast, "slowMa", slow, "slowMaSlopePct", slopePct,
                "trend", dir > 0 ? "up" : dir < 0 ? "down" : "mixed");
        String ma = "MA" + pol.trendFast() + " " + Checks.fmt(round(fast, 2)) + " vs MA" + pol.trendSlow() + " "
                + Checks.fmt(round(slow, 2)) + ", slow MA slope " + Checks.fmt(round(slopePct, 2)) + " %";
        if (dir == 0) {
            return new Rule("trend", Verdict.WARN, "no clear trend (" + ma + ")", v);
        }
        if (dir == plan.side().sign()) {
            return new Rule("trend", Verdict.PASS, plan.side().label() + " with the " + (dir > 0 ? "up" : "down") + "trend (" + ma + ")", v);
        }
        return new Rule("trend", Verdict.WARN, plan.side().label() + " against the " + (dir > 0 ? "up" : "down") + "trend (" + ma + ")", v);
    }

    static Rule stop(TradePlan plan, Policy pol, MarketContext mkt) {
        if (!plan.hasStop()) {
            return new Rule("stop", Verdict.FAIL, "no stop: the exchange's liquidation becomes your exit; place a stop beyond structure or a multiple of ATR",
                    values("stop", Double.NaN, "stopMethod", plan.stopMethod().label()));
        }
        double dist = Math.abs(plan.entry() - plan.stop());
        double distPct = dist / plan.entry() * 100;
        double atr = mkt.lastAtr(ATR_PERIOD);
        Map<String, Object> v = values("stop", plan.stop(), "stopMethod", plan.stopMethod().label(), "distance", dist,
                "distancePct", distPct, "atr", atr, "distanceAtr", dist / atr);
        if (!stopOnLossSide(plan)) {
            return new Rule("stop", Verdict.FAIL, "stop " + Checks.fmt(plan.stop()) + " is on the wrong side of entry "
                    + Checks.fmt(plan.entry()) + " for a " + plan.side().label(), v);
        }
        if (plan.stopMethod() == StopMethod.NONE) {
            return new Rule("stop", Verdict.WARN, "stop price given but its method is 'none': say whether it is beyond structure or ATR-based", v);
        }
        if (plan.stopMethod() == StopMethod.PERCENT) {
            return new Rule("stop", Verdict.WARN, "stop is a percentage (" + Checks.fmt(round(distPct, 2))
                    + " %) of entry: it ignores structure and volatility", v);
        }
        double halves = distPct * 2;
        if (Math.abs(halves - Math.rint(halves)) <= ROUND_TOLERANCE * Math.max(1, halves)) {
            return new Rule("stop", Verdict.WARN, "stop sits at exactly " + Checks.fmt(round(distPct, 2))
                    + " % from entry: a round percentage, whatever the stated method", v);
        }
        if (Double.isFinite(atr) && dist < pol.minAtrStopMultiple() * atr) {
            return new Rule("stop", Verdict.WARN, "stop is " + Checks.fmt(round(dist / atr, 2)) + " ATR from entry, inside ordinary noise (policy "
                    + Checks.fmt(pol.minAtrStopMultiple()) + " ATR)", v);
        }
        return new Rule("stop", Verdict.PASS, "stop " + Checks.fmt(plan.stop()) + " (" + plan.stopMethod().label() + ", "
                + Checks.fmt(round(distPct, 2)) + " % from entry" + (Double.isFinite(atr) ? ", " + Checks.fmt(round(dist / atr, 2)) + " ATR" : "") + ")", v);
    }

    static Rule size(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, boolean stopOk) {
        double marginPct = s.initialMargin() / plan.equity() * 100;
        Map<String, Object> v = values("qty", s.qty(), "notional", s.notional(), "riskAtStop", s.riskAtStop(),
                "riskPct", s.riskPct(), "maxRiskPct", pol.maxRiskPct(), "marginPctOfEquity", marginPct, "equity", plan.equity());
        if (!stopOk) {
            return new Rule("size", Verdict.FAIL, "size is not from a risk model: without a usable stop the loss is unbounded"
                    + (Double.isFinite(marginPct) ? " (margin is " + Checks.fmt(round(marginPct, 1)) + " % of equity, notional "
                    + Checks.fmt(round(s.notional() / plan.equity(), 2)) + "× equity)" : ""), v);
        }
        if (!(s.qty() > 0)) {
            return new Rule("size", Verdict.FAIL, "the risk budget buys less than one quantity step", v);
        }
        if (s.riskPct() > pol.maxRiskPct() * (1 + 1e-9)) {
            return new Rule("size", Verdict.FAIL, "loss at the stop " + Checks.fmt(round(s.riskAtStop(), 2)) + " USDT is "
                    + Checks.fmt(round(s.riskPct(), 2)) + " % of equity, above the " + Checks.fmt(pol.maxRiskPct())
                    + " % limit; risk-based size is " + Checks.fmt(round(s.qty() * pol.maxRiskPct() / s.riskPct(), 6)), v);
        }
        if (marginPct > 100) {
            return new Rule("size", Verdict.FAIL, "margin needed is " + Checks.fmt(round(marginPct, 1)) + " % of equity", v);
        }
        return new Rule("size", Verdict.PASS, "qty " + Checks.fmt(round(s.qty(), 6)) + " loses " + Checks.fmt(round(s.riskAtStop(), 2))
                + " USDT at the stop incl. fees (" + Checks.fmt(round(s.riskPct(), 2)) + " % of equity, limit " + Checks.fmt(pol.maxRiskPct()) + " %)", v);
    }

    static Rule leverage(TradePlan plan, Policy pol, RiskTiers tiers, ChecklistResult.SizedPlan s) {
        double notional = s.notional() > 0 ? s.notional() : 0;
        if (notional > tiers.maxNotional()) {
            return new Rule("leverage", Verdict.FAIL, "notional " + Checks.fmt(round(notional, 2)) + " is above " + tiers.symbol()
                    + "'s largest tier cap " + Checks.fmt(tiers.maxNotional()),
                    values("leverage", plan.leverage(), "policyMaxLeverage", pol.maxLeverage(), "notional", notional));
        }
        LeverageBracket b = tiers.bracketFor(notional);
        Map<String, Object> v = values("leverage", plan.leverage(), "policyMaxLeverage", pol.maxLeverage(),
                "bracketMaxLeverage", b.maxLeverage(), "tier", b.bracket(), "notional", notional,
                "effectiveLeverage", notional / plan.equity());
        List<String> problems = new ArrayList<>();
        if (plan.leverage() > pol.maxLeverage()) {
            problems.add(Checks.fmt(plan.leverage()) + "× is above the policy maximum of " + Checks.fmt(pol.maxLeverage()) + "×");
        }
        if (plan.leverage() > b.maxLeverage()) {
            problems.add(Checks.fmt(plan.leverage()) + "× is above bracket " + b.bracket() + "'s maximum of " + Checks.fmt(b.maxLeverage())
                    + "× for notional " + Checks.fmt(round(notional, 2)));
        }
        if (!problems.isEmpty()) {
            return new Rule("leverage", Verdict.FAIL, String.join("; ", problems), v);
        }
        return new Rule("leverage", Verdict.PASS, Checks.fmt(plan.leverage()) + "× within policy (" + Checks.fmt(pol.maxLeverage())
                + "×) and bracket " + b.bracket() + " (" + Checks.fmt(b.maxLeverage()) + "×)", v);
    }

    static Rule liquidation(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, boolean stopOk) {
        double lp = s.liquidationPrice();
        double lpDistPct = Math.abs(lp - plan.entry()) / plan.entry() * 100;
        Map<String, Object> v = values("liquidationPrice", lp, "liquidationDistancePct", lpDistPct, "stop", plan.stop());
        if (!(s.qty() > 0)) {
            return new Rule("liquidation", Verdict.FAIL, "no size, no liquidation price: the plan has no stop to size from", v);
        }
        if (!Double.isFinite(lp)) {
            return new Rule("liquidation", Verdict.PASS, "no price liquidates this position at " + Checks.fmt(plan.leverage()) + "×", v);
        }
        String where = Checks.fmt(round(lp, 2)) + " (" + Checks.fmt(round(lpDistPct, 2)) + " % from entry)";
        if (!stopOk) {
            return new Rule("liquidation", Verdict.FAIL, "no usable stop: liquidation at " + where + " is the exit", v);
        }
        double stopDist = Math.abs(plan.entry() - plan.stop());
        // buffer = how far beyond the stop liquidation lies, in entry→stop distances (issue "sizing": ≥ 0.5 by default)
        double buffer = plan.side().sign() * (plan.stop() - lp) / stopDist;
        v.put("bufferFraction", buffer);
        v.put("minBufferFraction", pol.minStopBufferFraction());
        if (buffer <= 0) {
            return new Rule("liquidation", Verdict.FAIL, "liquidation at " + where + " comes before the stop " + Checks.fmt(plan.stop()), v);
        }
        if (buffer < pol.minStopBufferFraction()) {
            return new Rule("liquidation", Verdict.WARN, "liquidation at " + where + " is only " + Checks.fmt(round(buffer, 2))
                    + " stop-distances beyond the stop (policy " + Checks.fmt(pol.minStopBufferFraction()) + ")", v);
        }
        return new Rule("liquidation", Verdict.PASS, "liquidation at " + where + " lies " + Checks.fmt(round(buffer, 2))
                + " stop-distances beyond the stop", v);
    }

    static Rule rewardRisk(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, boolean stopOk, double fee) {
        Map<String, Object> v = values("targets", plan.targets(), "riskAtStop", s.riskAtStop(), "minRewardRisk", pol.minRewardRisk(),
                "failRewardRisk", pol.failRewardRisk());
        if (!stopOk) {
            return new Rule("rewardRisk", Verdict.FAIL, "no usable stop: R is undefined, so is R:R", v);
        }
        if (plan.targets().isEmpty()) {
            return new Rule("rewardRisk", Verdict.WARN, "no target: R:R not known", v);
        }
        double reward = 0;
        for (int i = 0; i < plan.targets().size(); i++) {
            double t = plan.targets().get(i);
            if (plan.side().sign() * (t - plan.entry()) <= 0) {
                return new Rule("rewardRisk", Verdict.FAIL, "target " + Checks.fmt(t) + " is on the wrong side of entry "
                        + Checks.fmt(plan.entry()), v);
            }
            // each target takes an equal share of the size; net of taker fees in and out
            reward += (Math.abs(t - plan.entry()) - (plan.entry() + t) * fee) / plan.targets().size();
        }
        double rr = reward / riskPerUnit(plan, fee, pol);
        v.put("rewardAtTargets", reward * s.qty());
        v.put("rewardRisk", rr);
        String msg = "R:R " + Checks.fmt(round(rr, 2)) + " after fees (targets share the size equally)";
        if (rr < pol.failRewardRisk()) {
            return new Rule("rewardRisk", Verdict.FAIL, msg + ", below " + Checks.fmt(pol.failRewardRisk()), v);
        }
        if (rr < pol.minRewardRisk()) {
            return new Rule("rewardRisk", Verdict.WARN, msg + ", below the policy's " + Checks.fmt(pol.minRewardRisk()), v);
        }
        return new Rule("rewardRisk", Verdict.PASS, msg, v);
    }

    static Rule funding(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, Instrument inst) {
        double rate = plan.fundingRate();
        if (Double.isNaN(rate)) {
            return new Rule("funding", Verdict.WARN, "funding rate unknown: give fundingRate to check the carry and crowding",
                    values("fundingRate", Double.NaN));
        }
        // funding payment = notional × rate; longs pay when the rate is positive (DESIGN.md vocabulary)
        double cost = plan.side().sign() * rate * s.notional();
        double perDay = cost * 24.0 / inst.contract().fundingIntervalHours();
        boolean paying = plan.side().sign() * rate > 0;
        Map<String, Object> v = values("fundingRate", rate, "paying", paying, "costPerInterval", cost, "costPerDay", perDay,
                "maxFundingRate", pol.maxFundingRate());
        String r = Checks.fmt(round(rate * 100, 4)) + " %";
        if (paying && Math.abs(rate) > pol.maxFundingRate()) {
            return new Rule("funding", Verdict.WARN, "funding " + r + " per interval: the " + plan.side().label()
                    + " side is crowded and pays " + Checks.fmt(round(perDay, 2)) + " USDT a day", v);
        }
        return new Rule("funding", Verdict.PASS, "funding " + r + " per interval: " + (paying ? "pays " : "receives ")
                + Checks.fmt(round(Math.abs(perDay), 2)) + " USDT a day", v);
    }

    static Rule openInterest(TradePlan plan, Policy pol) {
        double oi = plan.openInterestChangePct();
        if (Double.isNaN(oi)) {
            return new Rule("openInterest", Verdict.WARN, "open-interest change unknown: give openInterestChangePct to check crowding",
                    values("openInterestChangePct", Double.NaN));
        }
        Map<String, Object> v = values("openInterestChangePct", oi, "maxOpenInterestChangePct", pol.maxOpenInterestChangePct());
        if (oi > pol.maxOpenInterestChangePct()) {
            return new Rule("openInterest", Verdict.WARN, "open interest up " + Checks.fmt(round(oi, 2))
                    + " %: new leverage is piling in, fuel for a squeeze or cascade", v);
        }
        if (oi < -pol.maxOpenInterestChangePct()) {
            return new Rule("openInterest", Verdict.WARN, "open interest down " + Checks.fmt(round(-oi, 2))
                    + " %: the market is deleveraging", v);
        }
        return new Rule("openInterest", Verdict.PASS, "open interest change " + Checks.fmt(round(oi, 2)) + " % within ±"
                + Checks.fmt(pol.maxOpenInterestChangePct()) + " %", v);
    }

    static Rule exposure(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, Account account) {
        return exposure(plan, pol, s, account, null);
    }

    /** Gross exposure and net delta after the trade; the net delta is beta-weighted (BTC-equivalent) when betas are known. */
    static Rule exposure(TradePlan plan, Policy pol, ChecklistResult.SizedPlan s, Account account, Map<String, Double> betas) {
        double add = s.notional() > 0 ? s.notional() : 0;
        double equity = plan.equity();
        double gross = add;
        List<String> assumed = new ArrayList<>();
        double planBeta = beta(plan.symbol(), betas, assumed);
        // beta-weighted delta: Σ side × notional × β to BTC (Hull, "Options, Futures and Other Derivatives", beta hedging)
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
        v.put("betaAssumedFor", List.copyOf(assumed));
        if (!(equity > 0)) {
            return new Rule("exposure", Verdict.FAIL, (account == null ? "equity" : "the account") + " has nothing left (equity "
                    + Checks.fmt(round(equity, 2)) + " USDT): no trade can be sized or margined against it; deposit first", v);
        }
        String scope = account == null ? "this trade alone (no account given)" : "the account after the trade";
        String betaNote = betas == null ? " (beta 1 assumed)" : assumed.isEmpty() ? " (beta-weighted to BTC)"
                : " (beta-weighted to BTC; beta 1 assumed for " + String.join(", ", assumed) + ")";
        if (grossX > pol.maxGrossExposure()) {
            return new Rule("exposure", Verdict.FAIL, "gross exposure of " + scope + " is " + Checks.fmt(round(grossX, 2))
                    + "× equity, above " + Checks.fmt(pol.maxGrossExposure()) + "×", v);
        }
        if (netX > pol.maxNetDelta()) {
            return new Rule("exposure", Verdict.WARN, "net delta of " + scope + " is " + Checks.fmt(round(netX, 2))
                    + "× equity" + betaNote + ", above " + Checks.fmt(pol.maxNetDelta()) + "×", v);
        }
        return new Rule("exposure", Verdict.PASS, "gross " + Checks.fmt(round(grossX, 2)) + "×, net " + Checks.fmt(round(netX, 2))
                + "× equity for " + scope + (betas == null ? "" : betaNote), v);
    }

    /** Beta of {@code symbol} to BTC: 1 for the benchmark, the map's value, else 1 (noted in {@code assumed}). */
    private static double beta(String symbol, Map<String, Double> betas, List<String> assumed) {
        if (betas == null || Exposure.BTC.equals(symbol)) {
            return 1;
        }
        Double b = betas.get(symbol);
        if (b == null || !Double.isFinite(b)) {
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

    private static double round(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
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
