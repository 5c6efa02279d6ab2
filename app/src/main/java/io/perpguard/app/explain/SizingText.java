package io.perpguard.app.explain;

import io.perpguard.Checks;
import io.perpguard.sizing.SizingCheck;

import java.util.Locale;
import java.util.Map;

import static io.perpguard.app.explain.Words.num;

/** The sentence a trader reads for each check of {@code size}, written from its reason code and figures. */
public final class SizingText {
    private SizingText() {
    }

    /** One sentence a trader can act on, with the figures. */
    public static String message(SizingCheck c) {
        Map<String, Object> v = c.values();
        int pd = (int) num(v, "priceDecimals");
        return switch (c.reason()) {
            case SIZE_BELOW_ONE_STEP -> "the risk budget " + m(v, "riskAmount") + " USDT is less than one step (" + Checks.fmt(num(v, "stepSize"))
                    + " " + base(v) + ") loses at the stop (" + m(v, "lossPerUnit") + " USDT per unit: " + m(v, "priceMovePerUnit")
                    + " price move, " + m(v, "slippagePerUnit") + " slippage, " + m(v, "feesPerUnit")
                    + " fees); raise the budget or move the stop closer";
            case SIZE_FROM_BUDGET -> m(v, "riskAmount") + " USDT at risk / " + m(v, "lossPerUnit") + " USDT lost per " + base(v)
                    + " at the stop (" + m(v, "priceMovePerUnit") + " price move, " + m(v, "slippagePerUnit") + " slippage, "
                    + m(v, "feesPerUnit") + " fees) = " + Checks.fmt(num(v, "qtyUnrounded")) + ", rounded down to " + Checks.fmt(num(v, "qty"));
            case MINIMUMS_MET -> "qty " + Checks.fmt(num(v, "qty")) + " ≥ min qty " + Checks.fmt(num(v, "minQty")) + " and notional "
                    + m(v, "notional") + " ≥ min notional " + m(v, "minNotional");
            case MINIMUMS_NOT_MET -> "qty " + Checks.fmt(num(v, "qty")) + " / notional " + m(v, "notional") + " USDT is below " + v.get("symbol")
                    + "'s minimum order (qty " + Checks.fmt(num(v, "minQty")) + ", notional " + m(v, "minNotional")
                    + " USDT); the budget is too small for this stop distance: the smallest accepted qty, "
                    + Checks.fmt(num(v, "smallestQty")) + ", loses " + m(v, "riskAtSmallestQty") + " USDT at the stop";
            case STOP_BEFORE_LIQUIDATION -> "liquidation at " + p(v, "liquidationPrice", pd) + " is " + p(v, "stopToLiquidation", pd)
                    + " beyond the stop " + p(v, "stop", pd) + " = " + r(num(v, "buffer")) + " × the stop distance (≥ " + r(num(v, "requiredBuffer"))
                    + " required)";
            case NO_LIQUIDATION_PRICE -> "no price liquidates this position (the margin covers a fall to zero); the stop " + p(v, "stop", pd)
                    + " is always hit first";
            case LIQUIDATION_TOO_CLOSE -> {
                double toLiq = num(v, "stopToLiquidation");
                double safe = num(v, "maxSafeLeverage");
                String fix = Double.isFinite(safe) ? "use at most " + Checks.fmt(safe) + "x leverage (maxSafeLeverage)"
                        : "no leverage keeps it: move the stop closer to the entry or lower the buffer";
                yield "liquidation at " + p(v, "liquidationPrice", pd) + " (" + r(Math.abs(num(v, "distanceToLiquidationPct"))) + " % from entry) is "
                        + (toLiq > 0 ? "only " + p(v, "stopToLiquidation", pd) + " beyond" : "hit before") + " the stop " + p(v, "stop", pd)
                        + ": buffer " + r(num(v, "buffer")) + " × the stop distance, " + r(num(v, "requiredBuffer")) + " required; " + fix;
            }
            case TIER_ABOVE_CAP -> "notional " + m(v, "notional") + " USDT is above " + v.get("symbol") + "'s largest tier cap " + m(v, "tierCap") + " USDT";
            case TIER_ALLOWS -> tier(v) + "which allows up to " + Checks.fmt(num(v, "tierMaxLeverage")) + "x; " + Checks.fmt(num(v, "leverage")) + "x is allowed";
            case TIER_ABOVE_MAXIMUM -> {
                double upTo = num(v, "maxNotionalAtLeverage");
                String lev = Checks.fmt(num(v, "leverage"));
                yield tier(v) + "which allows at most " + Checks.fmt(num(v, "tierMaxLeverage")) + "x; "
                        + (upTo > 0 ? lev + "x is allowed only up to notional " + m(v, "maxNotionalAtLeverage") + " USDT" : "no tier allows " + lev + "x");
            }
            case MARGIN_FITS -> "margin " + m(v, "margin") + " + opening fee " + m(v, "openingFee") + " = " + m(v, "marginAndFee")
                    + " USDT fits the available " + m(v, "available") + " USDT";
            case MARGIN_ABOVE_AVAILABLE -> "margin " + m(v, "margin") + " + opening fee " + m(v, "openingFee") + " = " + m(v, "marginAndFee")
                    + " USDT is more than the available " + m(v, "available") + " USDT; raise the leverage (within maxSafeLeverage) or free balance";
        };
    }

    private static String tier(Map<String, Object> v) {
        return "notional " + m(v, "notional") + " USDT is in tier " + v.get("tier") + " (" + m(v, "notionalFloor") + " to " + m(v, "notionalCap") + "), ";
    }

    /** Money to the cent. */
    private static String m(Map<String, Object> v, String key) {
        return Checks.fmt(Math.round(num(v, key) * 100) / 100.0);
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
