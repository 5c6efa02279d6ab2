package io.perpguard.app;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

/**
 * A whole-number input and its allowed range, named as the option and the request body name it. A front end checks the
 * number as given against it before narrowing it to an int (an API body's {@code "paths": 1e12} is outside 1 to 20,000,
 * not "at most 2,147,483,647", the int it would not fit), and the use case checks its request with the same bounds.
 */
public record Count(String field, int min, int max) {
    /** {@code given} as an int within the range, or one line naming the field, the value as given and the range. */
    public int check(double given) {
        Checks.finite(field, given);
        if (given != Math.rint(given)) {
            throw new InvalidInputException(field, Checks.fmt(given) + " is not a whole number");
        }
        return (int) Checks.inRange(field, given, min, max);
    }
}
