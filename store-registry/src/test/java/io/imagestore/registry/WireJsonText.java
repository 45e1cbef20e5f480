package io.imagestore.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.imagestore.api.wire.WireJson;

/** A wire value as the JSON text the daemon would send. */
final class WireJsonText {
    private WireJsonText() {
    }

    static String of(Object value) {
        try {
            return WireJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
