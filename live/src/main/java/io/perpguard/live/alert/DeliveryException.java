package io.perpguard.live.alert;

/**
 * A delivery attempt failed. A transient failure is retried (no sooner than {@link #retryAfterMs()} when the receiver
 * said); a {@link #permanent()} one — the sink refused for good: a webhook's 401/403/404/410, Telegram's "chat not
 * found" or "bot was blocked", an SMTP server's 5xx — is not, until perpguard restarts (see {@link Outbox}).
 */
public final class DeliveryException extends Exception {
    private final long retryAfterMs;
    private final boolean permanent;

    public DeliveryException(String message, long retryAfterMs) {
        this(message, retryAfterMs, false);
    }

    public DeliveryException(String message) {
        this(message, 0);
    }

    private DeliveryException(String message, long retryAfterMs, boolean permanent) {
        super(message);
        this.retryAfterMs = retryAfterMs;
        this.permanent = permanent;
    }

    /** The sink refused for good: sending the same again, or any other alert, gets the same answer. */
    public static DeliveryException refused(String message) {
        return new DeliveryException(message, 0, true);
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }

    /** True when the sink refused for good (a retry would be answered alike until its settings change). */
    public boolean permanent() {
        return permanent;
    }
}
