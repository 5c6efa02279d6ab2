package io.perpguard;

/**
 * A user mistake: names the offending {@link #field()} so the CLI and the API can report it in one line
 * ({@code {"error": ..., "field": ...}} over HTTP).
 */
public class InvalidInputException extends IllegalArgumentException {
    private final String field;
    private final String problem;

    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The input field at fault, e.g. {@code qty} or {@code positions[1].entryPrice}. */
    public String field() {
        return field;
    }

    /** What is wrong with it, without the field's name: a front end that spells the field its own way puts its name before this. */
    public String problem() {
        return problem;
    }
}
