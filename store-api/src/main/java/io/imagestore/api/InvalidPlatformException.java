package io.imagestore.api;

/** A platform specifier such as {@code linux/arm64/v8} that cannot be parsed; the message quotes it. */
public final class InvalidPlatformException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code input} (may be null) and the reason it was refused. */
    public InvalidPlatformException(String input, String reason) {
        super("invalid platform " + (input == null ? "null" : Quoting.quote(input)) + ": " + reason);
    }
}
