package io.perpguard;

/**
 * A user mistake: names the offending {@link #field()} so the CLI and the API can report it in one line
 * ({@code {"error": ..., "field": ...}} over HTTP).
 */
public class InvalidInputException extends IllegalArgumentException {
    private final String field;

    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The input field at fault, e.g. {@code qty} or {@code positions[1].entryPrice}. */
    public String field() {
        return field;
    }
}
