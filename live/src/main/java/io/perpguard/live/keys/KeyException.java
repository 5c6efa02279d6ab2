package io.perpguard.live.keys;

/** A key is missing, unreadable, too widely readable or too powerful. The message never contains the key. */
public final class KeyException extends IllegalArgumentException {
    public KeyException(String message) {
        super(message);
    }
}
