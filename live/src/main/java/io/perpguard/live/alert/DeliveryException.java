package io.perpguard.live.alert;

/** A delivery attempt failed; it will be retried (no sooner than {@link #retryAfterMs()} when the receiver said). */
public final class DeliveryException extends Exception {
    private final long retryAfterMs;

    public DeliveryException(String message, long retryAfterMs) {
        super(message);
        this.retryAfterMs = retryAfterMs;
    }

    public DeliveryException(String message) {
        this(message, 0);
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }
}
