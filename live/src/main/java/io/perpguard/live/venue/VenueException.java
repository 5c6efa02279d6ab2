package io.perpguard.live.venue;

/**
 * A venue call failed. {@link #kind()} says how the connector should react; the message is one line without keys.
 */
public final class VenueException extends RuntimeException {
    private final Fault.Kind kind;
    private final long retryAfterMs;
    /** Already told to the listener where it arose (a rate-limit pause, told once where it began): not to be told again. */
    private volatile boolean told;

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

    /**
     * Whether this failure was already reported to the connector's listener where it arose ({@link StreamingConnector}'s
     * rate-limit pause, told by the call that met it); a caller that reports failures skips it.
     */
    public boolean told() {
        return told;
    }

    VenueException markTold() {
        told = true;
        return this;
    }

    /** How long the venue asked us to wait (Retry-After), 0 when it did not say. */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
