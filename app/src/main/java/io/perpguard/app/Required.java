package io.perpguard.app;

import io.perpguard.InvalidInputException;

/** Presence checks shared by the request records (the engines check ranges). */
final class Required {
    private Required() {
    }

    static <T> T value(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is missing");
        }
        return value;
    }

    static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
