package dev.fanout.internal.transport;

/** A connection refused before it was made: the host resolved into a blocked network. */
final class BlockedAddressException extends Exception {
    BlockedAddressException(String message) {
        super(message, null, false, false);
    }
}
