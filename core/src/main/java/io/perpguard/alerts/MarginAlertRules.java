package io.perpguard.alerts;

import io.perpguard.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * Margin-ratio alert rules as a pure function: (policy, state, new margin ratio, time) → (new state, alerts).
 * Used by the risk desk's monitor and by the stream job, so both raise the same alerts.
 * <ul>
 * <li><b>Thresholds with hysteresis.</b> Threshold i fires once when the ratio is at or above it; it re-arms only
 * after the ratio falls below {@code threshold − rearmGap}, so a ratio hovering around a level alerts once, not on
 * every mark. A jump across several thresholds raises them in ascending order.</li>
 * <li><b>Liquidation.</b> A ratio of 1 (100 %) or more, or a non-positive margin balance (+∞), fires once. It is
 * terminal: the venue closes the position there, so the subject stays silent afterwards, whatever the marks do; a new
 * position starts again from {@link AlertState#INITIAL}.</li>
 * <li><b>Fast rise</b> (margin falling fast). Within a tumbling window of {@code fastWindowMs}, once the ratio is at
 * least {@code fastRise} above the window's lowest ratio, one alert fires (not for an infinite ratio: the
 * liquidation alert covers that); a new window starts at the first mark
 * past the window's end, from the previous mark's ratio.</li>
 * </ul>
 * Marks must arrive in time order; a mark older than the last one is ignored (state unchanged, no alert).
 */
public final class MarginAlertRules {
    private MarginAlertRules() {
    }

    /** The new state and the alerts raised by one mark, in the order they should be shown. */
    public record Step(AlertState state, List<MarginAlert> alerts) {
        public Step {
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * Applies one observation.
     *
     * @param policy      thresholds, hysteresis, fast-rise step and window
     * @param state       the subject's state ({@link AlertState#INITIAL} the first time)
     * @param marginRatio MM / margin balance as a fraction; +∞ when margin balance is 0 or less; NaN (no margin
     *                    requirement, e.g. nothing open) leaves the state unchanged
     * @param timeMs      the mark's time
     */
    public static Step evaluate(AlertPolicy policy, AlertState state, double marginRatio, long timeMs) {
        Checks.notNull("policy", policy);
        Checks.notNull("state", state);
        // a liquidated subject is closed by the venue: nothing more to say
        if (Double.isNaN(marginRatio) || timeMs < state.lastTimeMs() || state.liquidated()) {
            return new Step(state, List.of());
        }
        double r = marginRatio;
        List<MarginAlert> out = new ArrayList<>(2);
        long mask = state.firedMask();
        for (int i = 0; i < policy.size(); i++) {
            double t = policy.threshold(i);
            long bit = 1L << i;
            if ((mask & bit) == 0 && r >= t) {
                mask |= bit;
                out.add(new MarginAlert(AlertKind.THRESHOLD, t, r, state.lastRatio(), timeMs, 0));
            } else if ((mask & bit) != 0 && r < t - policy.rearmGap()) {
                mask &= ~bit;
            }
        }
        boolean liquidated = state.liquidated();
        if (!liquidated && r >= 1) {
            liquidated = true;
            out.add(new MarginAlert(AlertKind.LIQUIDATION, 1, r, state.lastRatio(), timeMs, 0));
        }
        // tumbling window for the fast-rise rule
        long windowStart = state.windowStartMs();
        double windowLow = state.windowLow();
        boolean fastFired = state.fastFired();
        if (Double.isNaN(windowLow) || timeMs - windowStart > policy.fastWindowMs()) {
            windowStart = Double.isNaN(state.lastRatio()) ? timeMs : state.lastTimeMs();
            windowLow = Double.isNaN(state.lastRatio()) ? r : state.lastRatio();
            fastFired = false;
        }
        windowLow = Math.min(windowLow, r);
        if (!fastFired && Double.isFinite(r) && r - windowLow >= policy.fastRise()) {
            fastFired = true;
            out.add(new MarginAlert(AlertKind.FAST_RISE, policy.fastRise(), r, windowLow, timeMs, policy.fastWindowMs()));
        }
        AlertState next = new AlertState(mask, liquidated, r, timeMs, windowStart, windowLow, fastFired);
        return new Step(next, out);
    }
}
