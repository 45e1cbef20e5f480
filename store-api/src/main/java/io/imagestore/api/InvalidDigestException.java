package io.imagestore.api;

import java.util.Optional;

/** A content digest that is not {@code sha256:<64 lower-case hex>} or {@code sha512:<128 lower-case hex>}. */
public final class InvalidDigestException extends ImageStoreException {
    private static final long serialVersionUID = 1L;

    private final String input;

    /** Creates the exception for {@code input} (may be null) with a reason such as "hex part too short". */
    public InvalidDigestException(String input, String reason) {
        super(input == null
                ? "invalid digest: " + reason
                : "invalid digest " + Quoting.quote(input) + ": " + reason
                        + " (expected sha256:<64 lower-case hex digits> or sha512:<128>)");
        this.input = input;
    }

    /** The rejected text, empty when the input was null. */
    public Optional<String> input() {
        return Optional.ofNullable(input);
    }
}
