package io.perpguard.live.venue;

/**
 * Something wrong with the data path. Every fault makes the affected data "stale" until the connector reports it
 * healthy again.
 *
 * @param kind    what went wrong
 * @param detail  one line for the trader (never a key or a secret)
 * @param timeMs  when
 */
public record Fault(Kind kind, String detail, long timeMs) {
    public enum Kind {
        /** A socket closed or failed; the connector is reconnecting. */
        DISCONNECTED,
        /** A socket is open but has pushed nothing for too long. */
        SILENT,
        /** HTTP 429/418: the venue asked us to back off (Retry-After honoured). */
        RATE_LIMITED,
        /** Local clock and venue clock differ by more than the venue's receive window. */
        CLOCK_SKEW,
        /** A frame or response could not be read. */
        MALFORMED,
        /** A REST snapshot disagrees with the state built from the stream. */
        SNAPSHOT_MISMATCH,
        /** The venue refused the key (expired, IP not allowed, wrong signature). */
        AUTH
    }
}
