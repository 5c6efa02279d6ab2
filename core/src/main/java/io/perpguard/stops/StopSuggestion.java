package io.perpguard.stops;

/**
 * One suggested stop, explaining itself.
 *
 * @param method      {@code atr}, {@code structure}, {@code volume-node} or {@code time}
 * @param price       stop price (rounded to the tick away from entry when a contract is known);
 *                    NaN for the time stop, which exits at market after a number of bars
 * @param distancePct |entry − price| / entry, in percent (NaN for the time stop)
 * @param distanceAtr |entry − price| / ATR (NaN for the time stop)
 * @param reason      one sentence a trader can check against the chart
 */
public record StopSuggestion(String method, double price, double distancePct, double distanceAtr, String reason) {
    public static final String ATR = "atr";
    public static final String STRUCTURE = "structure";
    public static final String VOLUME_NODE = "volume-node";
    public static final String TIME = "time";
}
