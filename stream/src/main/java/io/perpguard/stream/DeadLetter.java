package io.perpguard.stream;

/**
 * A refused event on the dead-letter topic: where it came from, what it was and why it was refused.
 *
 * @param topic     the topic it was read from
 * @param key       its key as received
 * @param value     its value as received (text)
 * @param field     the field at fault (e.g. {@code qty}), or {@code value} for malformed JSON
 * @param reason    one line a person can act on
 * @param timestamp the record's timestamp, epoch milliseconds
 */
public record DeadLetter(String topic, String key, String value, String field, String reason, long timestamp) {
}
