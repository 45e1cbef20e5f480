package io.imagestore.api.wire;

import com.fasterxml.jackson.databind.node.TextNode;
import io.imagestore.api.ImageStoreException;

/**
 * A JSON body or URL query string that does not match the wire format of the image API; the message
 * names the type, the field and the offending value.
 *
 * <p>The {@code fromQueryString} methods of the query types throw it directly. JSON reads through
 * {@link WireJson#mapper()} throw Jackson's {@link com.fasterxml.jackson.databind.JsonMappingException}
 * (as the {@code ObjectMapper} API requires) with this exception as its cause.
 */
public final class WireFormatException extends ImageStoreException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED = 200;

    WireFormatException(String message) {
        super(message);
    }

    WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code text} in JSON quotes and escapes, cut after 200 characters, for error messages. */
    static String quote(String text) {
        if (text.length() <= MAX_QUOTED) {
            return new TextNode(text).toString();
        }
        return new TextNode(text.substring(0, MAX_QUOTED)).toString() + "… (" + text.length() + " characters)";
    }
}
