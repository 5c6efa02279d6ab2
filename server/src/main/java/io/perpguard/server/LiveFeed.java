package io.perpguard.server;

import java.util.Map;

/**
 * A real account watched live ({@code serve --live}): what {@code GET /api/live} answers and {@code live.html} shows.
 * The desk only renders it; connecting, re-pricing and alerting happen in the live module.
 */
public interface LiveFeed {
    /**
     * The current state as JSON-ready maps/records: {@code mode} ("live"), {@code accounts} (one view per account:
     * positions, liquidation prices, margin ratios, stale flag, closed positions) and {@code alerts} (newest last).
     */
    Map<String, Object> state();
}
