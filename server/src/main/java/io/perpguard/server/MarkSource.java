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

    /**
     * A symbol's last known funding where the feed has a record of it (the replay's bundled rates), for positions whose
     * venue gives none of its own (hand-entered ones): the rate settled at {@code recordedMs}, the next payment expected
     * at {@code nextFundingMs} (0: unknown), and {@code source}, what recorded it.
     */
    record RecordedFunding(double fundingRate, long recordedMs, long nextFundingMs, String source) {
    }

    /** The last funding recorded for {@code symbol} at the current marks; null when the feed has none. */
    default RecordedFunding recordedFunding(String symbol) {
        return null;
    }

    /** "replay" (recorded marks: the page says it is not the trader's live account) or "live". */
    default String kind() {
        return "replay";
    }
}
