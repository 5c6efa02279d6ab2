package io.perpguard.live.venue;

/**
 * A venue call failed. {@link #kind()} says how the connector should react; the message is one line without keys.
 */
public final class VenueException extends RuntimeException {
    private final Fault.Kind kind;
    private final long retryAfterMs;

    public VenueException(Fault.Kind kind, String message, long retryAfterMs) {
        super(message);
        this.kind = kind;
        this.retryAfterMs = retryAfterMs;
    }

    public VenueException(Fault.Kind kind, String message) {
        this(kind, message, 0);
    }

    public Fault.Kind kind() {
        return kind;
    }

    /** How long the venue asked us to wait (Retry-After), 0 when it did not say. */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
