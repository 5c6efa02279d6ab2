package io.perpguard.server;

import io.perpguard.live.alert.LiveAlert;
import io.perpguard.live.watch.WatchView;

import java.util.List;

/**
 * A real account watched live ({@code serve --live}): what {@code GET /api/live} answers and {@code live.html} shows.
 * The desk only renders it; connecting, re-pricing and alerting happen in the live module.
 */
public interface LiveFeed {
    /** The current state. */
    State state();

    /**
     * {@code GET /api/live}.
     *
     * @param mode     {@code live}, or {@code replay} on a desk without a live account
     * @param accounts one view per account: positions, liquidation prices, margin ratios, stale flag, closed positions
     * @param alerts   the latest alerts, newest last, as the webhook sends them
     * @param refused  the alert channels that refused for good (their alerts are held, not retried until restart)
     */
    record State(String mode, List<WatchView> accounts, List<LiveAlert> alerts, List<io.perpguard.live.alert.Outbox.Refusal> refused) {
        /** A replay desk's answer: nothing live. */
        static final State NONE = new State("replay", List.of(), List.of(), List.of());
    }
}
