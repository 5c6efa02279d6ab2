package io.perpguard.cascade;

import io.perpguard.Checks;

/**
 * The venue is offline: no trading and no liquidation orders; the book keeps refilling (BitMEX, 12–13 Mar 2020:
 * offline ~25–45 min near the low, CASCADE.md §1.2a).
 *
 * @param startMinute     minutes after the scenario start
 * @param durationMinutes length (&gt; 0)
 */
public record Halt(double startMinute, double durationMinutes) {
    public Halt {
        Checks.notNegative("halt.startMinute", startMinute);
        Checks.positive("halt.durationMinutes", durationMinutes);
    }

    boolean covers(double minute) {
        return minute >= startMinute && minute < startMinute + durationMinutes;
    }
}
