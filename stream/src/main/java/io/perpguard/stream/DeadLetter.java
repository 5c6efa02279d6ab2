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
    /** Most characters of the original value kept; a longer value is cut, its length noted, so one record stays small. */
    public static final int MAX_VALUE = 4096;
    /** Most characters of the key and of the reason kept. */
    public static final int MAX_TEXT = 512;

    public DeadLetter {
        key = cut(key, MAX_TEXT);
        value = cut(value, MAX_VALUE);
        field = cut(field, 200);
        reason = cut(reason, MAX_TEXT);
    }

    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + "… [truncated, " + s.length() + " characters]";
    }
}
