package io.perpguard.app.explain;

import io.perpguard.Checks;
import io.perpguard.stops.StopPlan;
import io.perpguard.stops.StopSuggestion;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import static io.perpguard.app.explain.Words.num;

/** The sentence a trader checks against the chart for each suggested stop, and why a method gave none. */
public final class StopsText {
    private StopsText() {
    }

    /**
     * Why this stop sits where it does; prices and distances at the tick's decimals ({@code priceDecimals}; negative
     * when the contract is unknown: to the cent from 100 up).
     */
    public static String reason(StopSuggestion s, int priceDecimals) {
        Map<String, Object> v = s.values();
        java.util.function.DoubleFunction<String> fmt = x -> fmt(x, priceDecimals);
        return switch (s.method()) {
            case StopSuggestion.ATR -> fmt(num(v, "multiple")) + " × ATR(" + v.get("atrPeriod") + ") = " + fmt.apply(num(v, "distance")) + " "
                    + belowOrAbove(v) + " entry; noise of the last " + v.get("atrPeriod") + " bars should not reach it";
            case StopSuggestion.STRUCTURE -> {
                int touches = ((Number) v.get("touches")).intValue();
                yield fmt(num(v, "bufferAtr")) + " ATR " + belowOrAbove(v) + " the nearest " + (isLong(v) ? "support" : "resistance")
                        + " zone " + fmt.apply(num(v, "zoneLow")) + "–" + fmt.apply(num(v, "zoneHigh")) + " (" + touches + " swing pivot"
                        + (touches == 1 ? "" : "s") + " of " + v.get("pivotBars") + " bars, last at "
                        + Instant.ofEpochMilli(((Number) v.get("lastTouchMs")).longValue()) + ")";
            }
            case StopSuggestion.VOLUME_NODE -> fmt(num(v, "bufferAtr")) + " ATR " + belowOrAbove(v) + " the high-volume node "
                    + fmt.apply(num(v, "nodeLow")) + "–" + fmt.apply(num(v, "nodeHigh")) + " (peak " + fmt.apply(num(v, "nodePeak")) + ", "
                    + String.format(Locale.ROOT, "%.1f", num(v, "volumeRatio")) + "× the average bin; POC " + fmt.apply(num(v, "poc"))
                    + ") where buyers and sellers agreed on price";
            case StopSuggestion.TIME -> "exit at market after " + v.get("timeBars") + " bars if +1R (" + fmt.apply(num(v, "oneRPrice"))
                    + ", one ATR-stop distance) has not been reached";
            default -> s.method();
        };
    }

    /** Why a method gave no stop. */
    public static String note(StopPlan.Note n) {
        Map<String, Object> v = n.values();
        return switch (n.method()) {
            case StopSuggestion.ATR -> "atr: " + fmt(num(v, "multiple")) + " × ATR below entry is at or below zero; no volatility stop";
            case StopSuggestion.STRUCTURE -> "structure: no swing " + (isLong(v) ? "low or high below" : "high or low above") + " entry in the last "
                    + v.get("bars") + " bars (pivot " + v.get("pivotBars") + ")";
            case StopSuggestion.VOLUME_NODE -> "volume-node: no high-volume node " + belowOrAbove(v) + " entry in the last " + v.get("bars") + " bars";
            case StopPlan.Note.ENTRY -> {
                double pct = num(v, "distancePct");   // check's ENTRY_FAR_FROM_MARK, against the candles' close
                yield "entry " + Checks.fmt(num(v, "entryPrice")) + " is " + Words.fmt(Math.abs(pct), 1) + " % "
                        + (pct < 0 ? "below" : "above") + " the last close " + Checks.fmt(num(v, "lastClose")) + " (more than "
                        + Checks.fmt(num(v, "maxDistancePct")) + " % away, " + Words.fmt(num(v, "distanceAtr"), 1)
                        + " ATRs): check the price — a mistyped digit, another symbol's price, or a limit far off";
            }
            default -> n.method() + ": no stop";
        };
    }

    private static boolean isLong(Map<String, Object> v) {
        return "long".equals(v.get("side"));
    }

    private static String belowOrAbove(Map<String, Object> v) {
        return isLong(v) ? "below" : "above";
    }

    /** A figure in a sentence: to the cent from 100 up. */
    private static String fmt(double v) {
        return fmt(v, -1);
    }

    /** A price or price distance in a sentence: at the tick's decimals (DESIGN.md, rounding), else {@link #fmt(double)}. */
    private static String fmt(double v, int priceDecimals) {
        if (priceDecimals < 0 || !Double.isFinite(v)) {
            return Checks.fmt(Math.abs(v) >= 100 ? Math.round(v * 100) / 100.0 : v);
        }
        return Checks.fmt(new java.math.BigDecimal(v).setScale(priceDecimals, java.math.RoundingMode.HALF_EVEN).doubleValue());
    }
}
