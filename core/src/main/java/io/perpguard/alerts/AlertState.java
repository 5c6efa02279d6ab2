package io.perpguard.alerts;

/**
 * What the alert rules remember about one monitored subject (an isolated position or a cross account) between
 * marks. Immutable and made of primitives so a stream processor can keep it in a state store.
 *
 * @param firedMask       bit i set: threshold i has fired and has not re-armed yet
 * @param liquidated      the liquidation alert has fired: terminal, the subject raises nothing more
 * @param lastRatio       margin ratio at the previous mark, NaN before the first
 * @param lastTimeMs      time of the previous mark
 * @param windowStartMs   start of the current fast-rise window
 * @param windowLow       lowest margin ratio seen in the current window
 * @param fastFired       the fast-rise alert fired in the current window
 */
public record AlertState(long firedMask, boolean liquidated, double lastRatio, long lastTimeMs, long windowStartMs,
                         double windowLow, boolean fastFired) {
    /** Nothing seen yet. */
    public static final AlertState INITIAL = new AlertState(0, false, Double.NaN, Long.MIN_VALUE, Long.MIN_VALUE, Double.NaN, false);

    /** True when threshold {@code i} has fired and not re-armed. */
    public boolean fired(int i) {
        return (firedMask & (1L << i)) != 0;
    }
}
