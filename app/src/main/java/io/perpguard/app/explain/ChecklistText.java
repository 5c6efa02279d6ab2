package io.perpguard.app.explain;

import io.perpguard.checklist.Rule;

import java.util.List;
import java.util.Map;

import static io.perpguard.app.explain.Words.fmt;
import static io.perpguard.app.explain.Words.num;

/** The sentence a trader reads for each checklist rule, written from its reason code and figures. */
public final class ChecklistText {
    private ChecklistText() {
    }

    /** One sentence a trader can act on. */
    public static String message(Rule r) {
        Map<String, Object> v = r.values();
        return switch (r.reason()) {
            case THESIS_MISSING -> "no thesis: state in one sentence why this trade should work and what would prove it wrong";
            case THESIS_THIN -> "thesis of " + v.get("words") + " word(s) is too thin to be proved wrong; say what invalidates it";
            case THESIS_STATED -> "thesis stated";

            case TREND_NO_CANDLES -> "no candles: trend not checked (give " + v.get("barsNeeded") + "+ recent closes)";
            case TREND_TOO_FEW_CANDLES -> "only " + v.get("bars") + " candles: trend needs " + v.get("barsNeeded");
            case TREND_MIXED -> "no clear trend (" + movingAverages(v) + ")";
            case TREND_WITH -> v.get("side") + " with the " + v.get("trend") + "trend (" + movingAverages(v) + ")";
            case TREND_AGAINST -> v.get("side") + " against the " + ("up".equals(v.get("trend")) ? "up" : "down") + "trend (" + movingAverages(v) + ")";

            case ENTRY_NO_MARK -> "entry not compared with the market: no current mark or candles given";
            case ENTRY_NEAR_MARK -> "entry " + fmt(num(v, "entryPrice")) + " is " + awayFrom(num(v, "distancePct"), 2) + " the current price " + fmt(num(v, "markPrice"));
            case ENTRY_FAR_FROM_MARK -> "entry " + fmt(num(v, "entryPrice")) + " is " + awayFrom(num(v, "distancePct"), 1) + " the current price "
                    + fmt(num(v, "markPrice")) + " (more than " + fmt(num(v, "maxDistancePct")) + " % away): check the price — a mistyped digit, "
                    + "another symbol's price, or a limit far off";
            case STOP_MISSING -> "no stop: the exchange's liquidation becomes your exit; place a stop beyond structure or a multiple of ATR";
            case STOP_WRONG_SIDE -> "stop " + fmt(num(v, "stop")) + " is on the wrong side of entry " + fmt(num(v, "entryPrice")) + " for a " + v.get("side");
            case STOP_METHOD_NONE -> "stop price given but its method is 'none': say whether it is beyond structure or ATR-based";
            case STOP_PERCENT -> "stop is a percentage (" + fmt(num(v, "distancePct"), 2) + " %) of entry: it ignores structure and volatility";
            case STOP_ROUND_PERCENT -> "stop sits at exactly " + fmt(num(v, "distancePct"), 2) + " % from entry: a round percentage, whatever the stated method";
            case STOP_INSIDE_NOISE -> "stop is " + fmt(num(v, "distanceAtr"), 2) + " ATR from entry, inside ordinary noise (policy "
                    + fmt(num(v, "minAtrStopMultiple")) + " ATR)";
            case STOP_PLACED -> "stop " + fmt(num(v, "stop")) + " (" + v.get("stopMethod") + ", " + fmt(num(v, "distancePct"), 2) + " % from entry"
                    + (Double.isFinite(num(v, "atr")) ? ", " + fmt(num(v, "distanceAtr"), 2) + " ATR" : "") + ")";

            case SIZE_NO_STOP -> "size is not from a risk model: without a usable stop the loss is unbounded"
                    + (Double.isFinite(num(v, "marginPctOfEquity")) ? " (margin is " + fmt(num(v, "marginPctOfEquity"), 1) + " % of equity, notional "
                    + fmt(num(v, "notional") / num(v, "equity"), 2) + "× equity)" : "");
            case SIZE_BELOW_STEP -> "the risk budget buys less than one quantity step";
            case SIZE_BELOW_MINIMUM -> "qty " + qty(v, num(v, "qty")) + " (notional " + money(v, "notional") + ") is below " + v.get("symbol")
                    + "'s minimum order (qty " + qty(v, num(v, "minQty")) + ", notional " + fmt(num(v, "minNotional")) + "); the exchange refuses it: "
                    + "the smallest accepted qty at this entry is " + qty(v, num(v, "smallestQty"));
            case SIZE_ABOVE_RISK_LIMIT -> "loss at the stop " + money(v, "riskAtStop") + " " + currency(v) + " is " + fmt(num(v, "riskPct"), 2)
                    + " % of equity, above the " + fmt(num(v, "maxRiskPct")) + " % limit; risk-based size is " + qty(v, num(v, "riskBasedQty"));
            case SIZE_MARGIN_ABOVE_EQUITY -> "margin needed is " + fmt(num(v, "marginPctOfEquity"), 1) + " % of equity";
            case SIZE_OFF_STEP -> "qty " + qty(v, num(v, "qty")) + " is not a whole number of " + v.get("symbol") + "'s step "
                    + qty(v, num(v, "stepSize")) + "; the exchange refuses it: the nearest accepted sizes are " + qty(v, num(v, "lowerQty"))
                    + " and " + qty(v, num(v, "upperQty"));
            case SIZE_FROM_RISK -> "qty " + qty(v, num(v, "qty")) + " loses " + money(v, "riskAtStop") + " " + currency(v) + " at the stop incl. fees ("
                    + fmt(num(v, "riskPct"), 2) + " % of equity, limit " + fmt(num(v, "maxRiskPct")) + " %)";

            case LEVERAGE_ABOVE_TIER_CAP -> tierSize(v) + " is above " + v.get("symbol") + "'s largest tier cap "
                    + fmt(num(v, "tierCap")) + tierUnit(v);
            case LEVERAGE_CAPPED_TO_TIERS -> cappedToTiers(v);
            // above the bracket is refused as input before any rule runs (PreTradeCheck.requireLeverageAllowed)
            case LEVERAGE_ABOVE_MAXIMUM -> fmt(num(v, "leverage")) + "× is above the policy maximum of " + fmt(num(v, "policyMaxLeverage")) + "×";
            case LEVERAGE_WITHIN -> fmt(num(v, "leverage")) + "× within policy (" + fmt(num(v, "policyMaxLeverage")) + "×) and bracket "
                    + v.get("tier") + " (" + fmt(num(v, "bracketMaxLeverage")) + "×)";

            case LIQUIDATION_NO_SIZE -> "no size, no liquidation price: the plan has no stop to size from";
            case LIQUIDATION_NONE -> "no price liquidates this position at " + fmt(num(v, "leverage")) + "×";
            case LIQUIDATION_NO_STOP -> "no usable stop: liquidation at " + liquidationAt(v) + " is the exit";
            case LIQUIDATION_BEFORE_STOP -> "liquidation at " + liquidationAt(v) + " comes before the stop " + atTick(v, "stop");
            case LIQUIDATION_BEFORE_FILL -> "the stop " + atTick(v, "stop") + " fills at " + atTick(v, "exitPriceAtStop")
                    + " after slippage, beyond the liquidation at " + liquidationAt(v) + ": the position is liquidated first";
            case LIQUIDATION_THIN_BUFFER -> "liquidation at " + liquidationAt(v) + " is only " + fmt(num(v, "bufferFraction"), 2)
                    + " stop-distances beyond the stop (policy " + fmt(num(v, "minBufferFraction")) + ")";
            case LIQUIDATION_BEYOND_STOP -> "liquidation at " + liquidationAt(v) + " lies " + fmt(num(v, "bufferFraction"), 2)
                    + " stop-distances beyond the stop";
            case LIQUIDATION_ON_GAIN_SIDE -> LiquidationText.onGainSide(Boolean.TRUE.equals(v.get("byRise")), atTick(v, "gainSideLiquidationPrice"),
                    (int) num(v, "gainSideLiquidationTier"), num(v, "gainSideTierRate")) + ", " + fmt(Math.abs(num(v, "gainSideDistancePct")), 2)
                    + " % from entry: a liquidation on the gain side, which the stop " + atTick(v, "stop") + " does not cover";

            case REWARD_RISK_NO_STOP -> "no usable stop: R is undefined, so is R:R";
            case REWARD_RISK_NO_TARGET -> "no target: R:R not known";
            case REWARD_RISK_TARGET_WRONG_SIDE -> "target " + fmt(num(v, "target")) + " is on the wrong side of entry " + fmt(num(v, "entryPrice"));
            case REWARD_RISK_BELOW_FAIL -> rewardRisk(v) + ", below " + fmt(num(v, "failRewardRisk"));
            case REWARD_RISK_BELOW_POLICY -> rewardRisk(v) + ", below the policy's " + fmt(num(v, "minRewardRisk"));
            case REWARD_RISK_OK -> rewardRisk(v);

            case FUNDING_UNKNOWN -> "funding rate unknown: give fundingRate to check the carry and crowding";
            case FUNDING_CROWDED -> "funding " + fundingRate(v) + " per interval: the " + v.get("side") + " side is crowded and pays"
                    + perDay(v);
            case FUNDING_OK -> "funding " + fundingRate(v) + " per interval: " + (Boolean.TRUE.equals(v.get("paying")) ? "pays" : "receives")
                    + perDay(v);

            case OPEN_INTEREST_UNKNOWN -> "open-interest change unknown: give openInterestChangePct to check crowding";
            case OPEN_INTEREST_RISING -> "open interest up " + fmt(num(v, "openInterestChangePct"), 2) + " %: new leverage is piling in, fuel for a squeeze or cascade";
            case OPEN_INTEREST_FALLING -> "open interest down " + fmt(-num(v, "openInterestChangePct"), 2) + " %: the market is deleveraging";
            case OPEN_INTEREST_OK -> "open interest change " + fmt(num(v, "openInterestChangePct"), 2) + " % within ±"
                    + fmt(num(v, "maxOpenInterestChangePct")) + " %";

            case EXPOSURE_NO_EQUITY -> (accountGiven(v) ? "the account" : "equity") + " has nothing left (equity " + fmt(num(v, "equity"), 2)
                    + " " + currency(v) + "): no trade can be sized or margined against it; deposit first";
            case EXPOSURE_GROSS_ABOVE -> "gross exposure of " + scope(v) + " is " + fmt(num(v, "grossExposure"), 2) + "× equity, above "
                    + fmt(num(v, "maxGrossExposure")) + "×";
            case EXPOSURE_NET_ABOVE -> "net delta of " + scope(v) + " is " + fmt(num(v, "netDeltaExposure"), 2) + "× equity" + betaNote(v)
                    + ", above " + fmt(num(v, "maxNetDelta")) + "×";
            case EXPOSURE_OK -> "gross " + fmt(num(v, "grossExposure"), 2) + "×, net " + fmt(num(v, "netDeltaExposure"), 2) + "× equity for "
                    + scope(v) + (Boolean.TRUE.equals(v.get("betaWeighted")) ? betaNote(v) : "");
        };
    }

    private static String movingAverages(Map<String, Object> v) {
        return "MA" + v.get("fastPeriod") + " " + fmt(num(v, "fastMa"), 2) + " vs MA" + v.get("slowPeriod") + " " + fmt(num(v, "slowMa"), 2)
                + ", slow MA slope " + fmt(num(v, "slowMaSlopePct"), 2) + " %";
    }


    /**
     * The risk budget's size above what the tiers allow at the plan's leverage, capped as {@code size} caps it: the budget's
     * size and its tier (or the largest cap), how far the leverage reaches, the capped size the other rules judged.
     */
    private static String cappedToTiers(Map<String, Object> v) {
        String lev = fmt(num(v, "leverage")) + "×";
        boolean contracts = "contracts".equals(v.get("tierUnit"));
        String budget = "the risk budget's qty " + qty(v, num(v, "budgetQty")) + " (" + tierSize(v) + ") ";
        String why = v.get("tier") != null
                ? budget + "is in bracket " + v.get("tier") + ", which allows at most " + fmt(num(v, "bracketMaxLeverage")) + "×; " + lev
                  + " is allowed only up to " + (contracts ? "" : "notional ") + fmt(num(v, "maxNotionalAtLeverage")) + (contracts ? " contracts" : tierUnit(v))
                : budget + "is above " + v.get("symbol") + "'s largest tier cap " + fmt(num(v, "tierCap")) + (contracts ? " contracts" : tierUnit(v));
        String policy = num(v, "leverage") > num(v, "policyMaxLeverage")
                ? "; " + lev + " is also above the policy maximum of " + fmt(num(v, "policyMaxLeverage")) + "×" : "";
        return why + ": sized to " + qty(v, num(v, "cappedQty")) + " (" + (contracts ? fmt(num(v, "cappedNotional")) + " contracts"
                : "notional " + Words.money(num(v, "cappedNotional"), v.get("tierUnit") == null ? "USDT" : v.get("tierUnit").toString()) + tierUnit(v))
                + "), the largest the tiers allow at " + lev + ", and the other rules judge that size"
                + (v.get("tier") != null ? "; at " + fmt(num(v, "bracketMaxLeverage")) + "× the budget's size is allowed" : "") + policy;
    }

    private static String liquidationAt(Map<String, Object> v) {
        return atTick(v, "liquidationPrice") + " (" + fmt(Math.abs(num(v, "distanceToLiquidationPct")), 2) + " % from entry)";
    }

    /** A price of the liquidation rule at the symbol's tick decimals, as size prints it (SOLUSDT's 179.10, not 179.1). */
    private static String atTick(Map<String, Object> v, String key) {
        return Numbers.num(num(v, key), v.get("priceDecimals") instanceof Number d ? d.intValue() : 2);
    }

    private static String rewardRisk(Map<String, Object> v) {
        return "R:R " + fmt(num(v, "rewardRisk"), 2) + " after fees (targets share the size equally)";
    }

    private static String fundingRate(Map<String, Object> v) {
        return fmt(num(v, "fundingRate") * 100, 4) + " %";
    }

    /** " 12.5 USDT a day", or what is missing when the plan has no size to price the funding on. */
    private static String perDay(Map<String, Object> v) {
        double d = num(v, "costPerDay");
        return Double.isFinite(d) ? " " + Words.money(Math.abs(d), currency(v)) + " " + currency(v) + " a day" : " (no size to price it on)";
    }

    /** The currency of the rule's money: USDT unless the figures name another (a coin-margined contract's coin). */
    private static String currency(Map<String, Object> v) {
        Object c = v.get("currency");
        return c == null ? "USDT" : c.toString();
    }

    /** Money in the rule's currency: to the cent in USD(T), to the satoshi in coin. */
    private static String money(Map<String, Object> v, String key) {
        return Words.money(num(v, key), currency(v));
    }

    /** A size as the trader counts it: base units to 6 decimals, or whole contracts with their USD face (inverse). */
    private static String qty(Map<String, Object> v, double q) {
        double cs = num(v, "contractSize");
        if ("inverse".equals(v.get("contractType")) && cs > 0) {
            double n = q / cs;
            return fmt(n) + (n == 1 ? " contract" : " contracts") + " (" + fmt(q) + " USD)";
        }
        return fmt(q, 6);
    }

    /** "notional 6,960.00" (in the settlement currency, unit named when the figures carry it), or "50 contracts" (OKX tiers). */
    private static String tierSize(Map<String, Object> v) {
        Object u = v.get("tierUnit");
        return "contracts".equals(u) ? fmt(num(v, "notional")) + " contracts"
                : "notional " + Words.money(num(v, "notional"), u == null ? "USDT" : u.toString()) + tierUnit(v);
    }

    private static String tierUnit(Map<String, Object> v) {
        Object u = v.get("tierUnit");
        return u == null || "contracts".equals(u) || "USDT".equals(u) ? "" : " " + u;
    }

    private static boolean accountGiven(Map<String, Object> v) {
        return Boolean.TRUE.equals(v.get("accountGiven"));
    }

    private static String scope(Map<String, Object> v) {
        return accountGiven(v) ? "the account after the trade" : "this trade alone (no account given)";
    }

    private static String betaNote(Map<String, Object> v) {
        if (!Boolean.TRUE.equals(v.get("betaWeighted"))) {
            return " (beta 1 assumed)";
        }
        List<?> assumed = (List<?>) v.get("betaAssumedFor");
        String to = " (beta-weighted to " + PortfolioText.asset(String.valueOf(v.get("benchmark")));
        return assumed == null || assumed.isEmpty() ? to + ")"
                : to + "; beta 1 assumed for " + String.join(", ", assumed.stream().map(String::valueOf).toList()) + ")";
    }

    /** "12.5 % below" / "0.10 % above" for a signed distance in %. */
    private static String awayFrom(double pct, int decimals) {
        return fmt(Math.abs(pct), decimals) + " % " + (pct < 0 ? "below" : "above");
    }
}
