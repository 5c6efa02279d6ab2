package io.perpguard.app.explain;

import io.perpguard.Checks;
import io.perpguard.sizing.SizingCheck;

import java.util.Locale;
import java.util.Map;

import static io.perpguard.app.explain.Words.money;
import static io.perpguard.app.explain.Words.num;

/** The sentence a trader reads for each check of {@code size}, written from its reason code and figures. */
public final class SizingText {
    private SizingText() {
    }

    /** One sentence a trader can act on, with the figures. */
    public static String message(SizingCheck c) {
        Map<String, Object> v = c.values();
        int pd = (int) num(v, "priceDecimals");
        String cur = currency(v);
        return switch (c.reason()) {
            case SIZE_BELOW_ONE_STEP -> "the risk budget " + m(v, "riskAmount") + " " + cur + " is less than one step (" + qty(v, num(v, "stepSize"))
                    + (inverse(v) ? "" : " " + base(v)) + ") loses at the stop (" + u(v, "lossPerUnit") + " " + cur + " per " + unit(v) + ": " + u(v, "priceMovePerUnit")
                    + " price move, " + u(v, "slippagePerUnit") + " slippage, " + u(v, "feesPerUnit")
                    + " fees); raise the budget or move the stop closer";
            case SIZE_FROM_BUDGET -> m(v, "riskAmount") + " " + cur + " at risk / " + u(v, "lossPerUnit") + " " + cur + " lost per " + unit(v)
                    + " at the stop (" + u(v, "priceMovePerUnit") + " price move, " + u(v, "slippagePerUnit") + " slippage, "
                    + u(v, "feesPerUnit") + " fees) = " + Checks.fmt(units(v, num(v, "qtyUnrounded"))) + ", rounded down to "
                    + (inverse(v) ? contracts(units(v, num(v, "qty"))) : Checks.fmt(num(v, "qty")))
                    + (v.containsKey("cappedQty") ? " (the budget's size; capped to " + (inverse(v) ? contracts(units(v, num(v, "cappedQty")))
                    : Checks.fmt(num(v, "cappedQty"))) + " by the tiers)" : "");
            case MINIMUMS_MET -> "qty " + qty(v, num(v, "qty")) + " ≥ min qty " + qty(v, num(v, "minQty")) + " and notional "
                    + m(v, "notional") + " ≥ min notional " + m(v, "minNotional");
            case MINIMUMS_NOT_MET -> "qty " + qty(v, num(v, "qty")) + " / notional " + m(v, "notional") + " " + cur + " is below " + v.get("symbol")
                    + "'s minimum order (qty " + qty(v, num(v, "minQty")) + ", notional " + m(v, "minNotional")
                    + " " + cur + "); the budget is too small for this stop distance: the smallest accepted qty, "
                    + qty(v, num(v, "smallestQty")) + ", loses " + m(v, "riskAtSmallestQty") + " " + cur + " at the stop";
            case STOP_BEFORE_LIQUIDATION -> "liquidation at " + p(v, "liquidationPrice", pd) + " is " + p(v, "stopToLiquidation", pd)
                    + " beyond the stop " + p(v, "stop", pd) + " = " + r(num(v, "buffer")) + " × the stop distance (≥ " + r(num(v, "requiredBuffer"))
                    + " required)";
            case NO_LIQUIDATION_PRICE -> "no price liquidates this position (the margin covers the whole loss, whatever the price); the stop " + p(v, "stop", pd)
                    + " is always hit first";
            case FILL_BEYOND_LIQUIDATION -> "the stop " + p(v, "stop", pd) + " fills at " + p(v, "exitPriceAtStop", pd)
                    + " after slippage, beyond the liquidation at " + p(v, "liquidationPrice", pd) + ": liquidated before the stop fills (buffer "
                    + r(num(v, "buffer")) + " × the stop distance, the slippage " + r(num(v, "slippageBuffer")) + "); " + leverageFix(v);
            case LIQUIDATION_ON_GAIN_SIDE -> LiquidationText.onGainSide(Boolean.TRUE.equals(v.get("byRise")), p(v, "gainSideLiquidationPrice", pd),
                    (int) num(v, "gainSideLiquidationTier"), num(v, "gainSideTierRate")) + ", " + r(Math.abs(num(v, "gainSideDistancePct")))
                    + " % from entry: a liquidation on the gain side, which the stop " + p(v, "stop", pd) + " does not cover; "
                    + (Double.isFinite(num(v, "maxSafeLeverage")) ? leverageFix(v) : "no leverage keeps it: a smaller size stays below that tier");
            case LIQUIDATION_TOO_CLOSE -> {
                double toLiq = num(v, "stopToLiquidation");
                String fix = leverageFix(v);
                yield "liquidation at " + p(v, "liquidationPrice", pd) + " (" + r(Math.abs(num(v, "distanceToLiquidationPct"))) + " % from entry) is "
                        + (toLiq > 0 ? "only " + p(v, "stopToLiquidation", pd) + " beyond" : "hit before") + " the stop " + p(v, "stop", pd)
                        + ": buffer " + r(num(v, "buffer")) + " × the stop distance, " + r(num(v, "requiredBuffer")) + " required; " + fix;
            }
            case TIER_ABOVE_CAP -> v.containsKey("cappedQty")
                    ? "the budget's size " + Checks.fmt(num(v, "budgetQty")) + " (" + tierSize(v) + ") is above " + v.get("symbol")
                    + "'s largest tier cap " + t(v, "tierCap") + ": capped to " + Checks.fmt(num(v, "cappedQty")) + " ("
                    + (contractsTier(v) ? "" : "notional ") + t(v, "cappedNotional") + "), the largest the tiers allow at "
                    + Checks.fmt(num(v, "leverage")) + "x; the figures above are for the capped size"
                    : tierSize(v) + " is above " + v.get("symbol") + "'s largest tier cap " + t(v, "tierCap");
            case TIER_ALLOWS -> tier(v) + "which allows up to " + Checks.fmt(num(v, "tierMaxLeverage")) + "x; " + Checks.fmt(num(v, "leverage")) + "x is allowed";
            case TIER_ABOVE_MAXIMUM -> {
                double upTo = num(v, "maxNotionalAtLeverage");
                String lev = Checks.fmt(num(v, "leverage"));
                String allowed = tier(v) + "which allows at most " + Checks.fmt(num(v, "tierMaxLeverage")) + "x; "
                        + (upTo > 0 ? lev + "x is allowed only up to " + (contractsTier(v) ? "" : "notional ") + t(v, "maxNotionalAtLeverage") : "no tier allows " + lev + "x");
                // the budget's size (the tier named) capped to the largest the tiers allow at the leverage
                yield v.containsKey("cappedQty")
                        ? "the budget's size " + Checks.fmt(num(v, "budgetQty")) + ": " + allowed + "; capped to " + Checks.fmt(num(v, "cappedQty"))
                        + " (" + (contractsTier(v) ? "" : "notional ") + t(v, "cappedNotional") + "), the largest the tiers allow at " + lev
                        + "x; the figures above are for the capped size"
                        : allowed;
            }
            case MARGIN_FITS -> "margin " + m(v, "margin") + " + opening fee " + m(v, "openingFee") + " = " + m(v, "marginAndFee")
                    + " " + cur + " fits the available " + m(v, "available") + " " + cur;
            case MARGIN_ABOVE_AVAILABLE -> "margin " + m(v, "margin") + " + opening fee " + m(v, "openingFee") + " = " + m(v, "marginAndFee")
                    + " " + cur + " is more than the available " + m(v, "available") + " " + cur + "; raise the leverage (within maxSafeLeverage) or free balance";
        };
    }

    private static String leverageFix(Map<String, Object> v) {
        double safe = num(v, "maxSafeLeverage");
        return Double.isFinite(safe) ? "use at most " + Checks.fmt(safe) + "x leverage (maxSafeLeverage)"
                : "no leverage keeps it: move the stop closer to the entry or lower the buffer";
    }

    private static String tier(Map<String, Object> v) {
        // one tier given by hand (--mmr) has no cap
        String range = num(v, "notionalCap") >= 1e300 ? "from " + tn(v, "notionalFloor") + ", no cap"
                : tn(v, "notionalFloor") + " to " + tn(v, "notionalCap");
        return tierSize(v) + " is in tier " + v.get("tier") + " (" + range + "), ";
    }

    /** The size as the venue's tiers measure it: "notional 6,960 USDT", or "50 contracts" (OKX). */
    private static String tierSize(Map<String, Object> v) {
        return contractsTier(v) ? t(v, "notional") : "notional " + t(v, "notional");
    }

    private static boolean contractsTier(Map<String, Object> v) {
        return "contracts".equals(v.get("tierUnit"));
    }

    /** A tier figure with its unit (the settlement currency, or contracts). */
    private static String t(Map<String, Object> v, String key) {
        return tn(v, key) + " " + tierUnit(v);
    }

    /** A tier figure without its unit. */
    private static String tn(Map<String, Object> v, String key) {
        String u = tierUnit(v);
        return u.equals("contracts") ? Checks.fmt(num(v, key)) : money(num(v, key), u);
    }

    private static String tierUnit(Map<String, Object> v) {
        Object unit = v.get("tierUnit");
        return unit == null ? "USDT" : unit.toString();
    }

    /** The currency of the check's money (USDT unless the figures name another: a coin-margined contract's coin). */
    private static String currency(Map<String, Object> v) {
        Object c = v.get("currency");
        return c == null ? "USDT" : c.toString();
    }

    /** Money in the check's currency: to the cent in USD(T), to the satoshi in coin. */
    private static String m(Map<String, Object> v, String key) {
        return money(num(v, key), currency(v));
    }

    private static boolean inverse(Map<String, Object> v) {
        return "inverse".equals(v.get("contractType")) && num(v, "contractSize") > 0;
    }

    /** A per-unit figure: per base unit (linear), per contract (inverse: the per-USD figure × the contract's face). */
    private static String u(Map<String, Object> v, String key) {
        return money(inverse(v) ? num(v, key) * num(v, "contractSize") : num(v, key), currency(v));
    }

    /** What one unit of the per-unit figures is: "BTC" (linear), "contract (100 USD)" (inverse). */
    private static String unit(Map<String, Object> v) {
        return inverse(v) ? "contract (" + Checks.fmt(num(v, "contractSize")) + " USD)" : base(v);
    }

    /** A quantity in the engine's units expressed as the trader counts it: contracts for inverse. */
    private static double units(Map<String, Object> v, double qty) {
        return inverse(v) ? qty / num(v, "contractSize") : qty;
    }

    /** "1 contract", "164 contracts". */
    private static String contracts(double n) {
        return Checks.fmt(n) + (n == 1 ? " contract" : " contracts");
    }

    /** "0.116" (base units), or "50 contracts (5,000 USD)" for inverse. */
    private static String qty(Map<String, Object> v, double qty) {
        return inverse(v) ? contracts(units(v, qty)) + " (" + Checks.fmt(qty) + " USD)" : Checks.fmt(qty);
    }

    /** A price at the tick's decimals. */
    private static String p(Map<String, Object> v, String key, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", num(v, key));
    }

    private static String r(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "∞";
    }

    /** The base asset of a USDT/USDC/BUSD symbol ({@code BTCUSDT} → {@code BTC}), else "unit". */
    private static String base(Map<String, Object> v) {
        String base = Words.baseAsset(String.valueOf(v.get("symbol")));
        return base == null ? "unit" : base;
    }
}
