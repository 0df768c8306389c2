package dev.fanout.internal.net;

/** A URL that cannot be requested; the message says why in one line. */
public final class InvalidUrlException extends Exception {
    public InvalidUrlException(String message) {
        super(message, null, false, false);
    }
}
