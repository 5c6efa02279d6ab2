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

    /**
     * Runs {@code write} once every alert handed over before it is durable, so a state that says an alert was raised is never
     * on disk before the alert itself (a crash between the two lost it for good: the restarted watcher does not raise it
     * again). The outbox runs it after fsyncing their pending files; by default at once (nothing durable behind the sink).
     */
    default void afterAlerts(Runnable write) {
        write.run();
    }

    /** A fault line for the trader (also raised as an alert when it lasts). */
    default void fault(String account, String line) {
    }
}
