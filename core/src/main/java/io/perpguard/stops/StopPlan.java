package io.perpguard.stops;

import io.perpguard.margin.Side;

import java.util.List;

/**
 * The stops suggested for one entry at one candle.
 *
 * @param side        position side
 * @param entry       entry price
 * @param atIndex     candle whose close the plan is made at (no later candle is looked at)
 * @param atTimeMs    open time of that candle, epoch ms UTC
 * @param atr         Wilder ATR at that candle
 * @param atrPeriod   ATR period
 * @param lastClose   close of that candle
 * @param suggestions suggestions in the order atr, structure, volume-node, time (missing ones explained in notes)
 * @param zones       support/resistance zones found in the lookback window, lowest first
 * @param profile     volume profile of the lookback window
 * @param notes       a method that gave no suggestion, with the figures of why; {@link Note#ENTRY}: the entry is far
 *                    from the close (check's entry rule)
 */
public record StopPlan(Side side, double entry, int atIndex, long atTimeMs, double atr, int atrPeriod, double lastClose,
                       List<StopSuggestion> suggestions, List<Zone> zones, VolumeProfile profile, List<Note> notes) {
    /**
     * A method that gave no suggestion ({@code atr}, {@code structure} or {@code volume-node}) and the figures of why, or
     * {@link #ENTRY}: figures entryPrice, lastClose, distancePct, maxDistancePct, distanceAtr.
     */
    public record Note(String method, java.util.Map<String, Object> values) {
        public static final String ENTRY = "entry";
    }

    public StopPlan {
        suggestions = List.copyOf(suggestions);
        zones = List.copyOf(zones);
        notes = List.copyOf(notes);
    }

    /** The suggestion of {@code method}, or null. */
    public StopSuggestion suggestion(String method) {
        for (StopSuggestion s : suggestions) {
            if (s.method().equals(method)) {
                return s;
            }
        }
        return null;
    }
}
