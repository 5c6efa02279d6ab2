package io.perpguard.stops;

import java.util.Map;

/**
 * One suggested stop, explaining itself.
 *
 * @param method      {@code atr}, {@code structure}, {@code volume-node} or {@code time}
 * @param price       stop price (rounded to the tick away from entry when a contract is known);
 *                    NaN for the time stop, which exits at market after a number of bars
 * @param distancePct |entry − price| / entry, in percent (NaN for the time stop)
 * @param distanceAtr |entry − price| / ATR (NaN for the time stop)
 * @param values      the figures behind it (the sentence a trader checks against the chart is written from them
 *                    outside core, by {@code app}'s {@code StopsText})
 */
public record StopSuggestion(String method, double price, double distancePct, double distanceAtr, Map<String, Object> values) {
    public static final String ATR = "atr";
    public static final String STRUCTURE = "structure";
    public static final String VOLUME_NODE = "volume-node";
    public static final String TIME = "time";
}
