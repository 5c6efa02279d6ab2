package io.perpguard.alerts;

/**
 * One raised alert.
 *
 * @param kind          threshold crossing, fast rise or liquidation
 * @param threshold     the threshold crossed (fraction); for a fast rise the policy's step; 1 for liquidation
 * @param marginRatio   the margin ratio that raised it (fraction; +∞ when margin balance is gone)
 * @param previousRatio the ratio at the previous mark (NaN for the first), or the window's low for a fast rise
 * @param timeMs        time of the mark that raised it
 * @param message       one line for the trader
 */
public record MarginAlert(AlertKind kind, double threshold, double marginRatio, double previousRatio, long timeMs,
                          String message) {
}
