package io.perpguard.app.explain;

import io.perpguard.alerts.MarginAlert;

import java.util.Locale;

/** The line a trader reads for a margin alert, written once for the desk, the stream and {@code watch}. */
public final class AlertText {
    private AlertText() {
    }

    /** {@code margin ratio 71.7 % crossed 50.0 %}, {@code … : liquidation}, {@code margin ratio rose … : margin is falling fast}. */
    public static String message(MarginAlert a) {
        return switch (a.kind()) {
            case THRESHOLD -> "margin ratio " + pct(a.marginRatio()) + " crossed " + pct(a.threshold());
            case LIQUIDATION -> "margin ratio " + pct(a.marginRatio()) + ": liquidation";
            case FAST_RISE -> "margin ratio rose " + points(a.marginRatio() - a.previousRatio()) + " points to " + pct(a.marginRatio())
                    + " within " + (a.windowMs() / 60_000) + " min: margin is falling fast";
        };
    }

    /** A ratio as a percentage with one decimal; a margin balance that is gone reads as such. */
    public static String pct(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f %%", fraction * 100) : "∞ (margin balance gone)";
    }

    private static String points(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f", fraction * 100) : "∞";
    }
}
