package io.perpguard.live.alert;

/** One way to reach the trader. Implementations are thread-safe and never put secrets in exception messages. */
public interface AlertChannel {
    /**
     * A stable id (kept in outbox files so a pending delivery resumes on the same channel after a restart); it must
     * not contain secrets such as a bot token or a webhook URL's path.
     */
    String id();

    /** Short name for people: {@code webhook hooks.example.com}. */
    String describe();

    /** Delivers one alert or throws {@link DeliveryException}. */
    void send(LiveAlert alert) throws DeliveryException;
}
