package io.imagestore.api;

import java.util.Optional;

/** An image reference that does not follow Docker's reference grammar; the message quotes it. */
public final class InvalidReferenceException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    private final String input;

    /** Creates the exception for {@code input} (may be null) with a reason such as "tag is too long". */
    public InvalidReferenceException(String input, String reason) {
        super(input == null
                ? "invalid image reference: " + reason
                : "invalid image reference " + Quoting.quote(input) + ": " + reason);
        this.input = input;
    }

    /** The rejected text, empty when the input was null. */
    public Optional<String> input() {
        return Optional.ofNullable(input);
    }
}
