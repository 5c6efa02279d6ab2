package io.perpguard.live.watch;

import io.perpguard.live.alert.LiveAlert;

/** Where a watcher's output goes: the terminal, the JSON lines, the live desk, the outbox. */
public interface WatchSink {
    /** A fresh view (throttled by the watcher; immediate on account changes and alerts). */
    void update(WatchView view);

    /** A raised alert (already deduplicated per crossing). */
    void alert(LiveAlert alert);

    /** Every mark pushed by the venue's feed (the live desk prices its book with them), before the rules run. */
    default void mark(String account, io.perpguard.live.venue.MarkUpdate mark) {
    }

    /** A fault line for the trader (also raised as an alert when it lasts). */
    default void fault(String account, String line) {
    }
}
