package io.perpguard.alerts;

/**
 * One raised alert.
 *
 * @param kind          threshold crossing, fast rise or liquidation
 * @param threshold     the threshold crossed (fraction); for a fast rise the policy's step; 1 for liquidation
 * @param marginRatio   the margin ratio that raised it (fraction; +∞ when margin balance is gone)
 * @param previousRatio the ratio at the previous mark (NaN for the first), or the window's low for a fast rise
 * @param timeMs        time of the mark that raised it
 * @param windowMs      the fast-rise window the rise happened within (the policy's; 0 for the other kinds)
 * <p>The line a trader reads is written from these figures outside core ({@code app}'s {@code AlertText}).
 */
public record MarginAlert(AlertKind kind, double threshold, double marginRatio, double previousRatio, long timeMs,
                          long windowMs) {
}
