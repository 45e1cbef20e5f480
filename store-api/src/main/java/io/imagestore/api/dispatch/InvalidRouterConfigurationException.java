package io.imagestore.api.dispatch;

/**
 * A runtime, emulation or unknown-platform policy given to a {@link DispatchRouter} that cannot be
 * used; the message quotes the input, says what is wrong and shows the expected form.
 */
public final class InvalidRouterConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_SHOWN = 200;

    /** Creates the exception for {@code input} (may be null) and the reason it was refused. */
    public InvalidRouterConfigurationException(String input, String reason) {
        super(message(input, reason));
    }

    /** Creates the exception keeping the failure (for example a platform parse error) that revealed it. */
    public InvalidRouterConfigurationException(String input, String reason, Throwable cause) {
        super(message(input, reason), cause);
    }

    private static String message(String input, String reason) {
        return "invalid router configuration " + quote(input) + ": " + reason;
    }

    /** Quotes {@code input} with control characters shown as {@code ?} and long text cut short. */
    private static String quote(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        input.codePoints().limit(MAX_SHOWN).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        out.append('"');
        if (input.length() > MAX_SHOWN) {
            out.append("… (").append(input.length()).append(" characters)");
        }
        return out.toString();
    }
}
