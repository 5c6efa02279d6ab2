package io.perpguard.server;

import java.util.Map;

/** Where the desk's mark prices come from: the bundled replay, or a live feed. Routes see only this. */
public interface MarkSource {
    /** Receives every new set of marks. */
    interface Listener {
        void onMarks(long timeMs, Map<String, Double> marks);
    }

    /** Time of the current marks, epoch milliseconds. */
    long timeMs();

    /** The current mark price of every symbol priced. */
    Map<String, Double> marks();

    /** What the feed is and where it stands (for {@code GET /api/marks}): a record, e.g. a replay's index, bars and end. */
    Object status();

    void addListener(Listener l);

    /** The last known funding rate per symbol (fraction per interval); a symbol left out is unknown. */
    default Map<String, Double> fundingRates() {
        return Map.of();
    }

    /** "replay" (recorded marks: the page says it is not the trader's live account) or "live". */
    default String kind() {
        return "replay";
    }
}
