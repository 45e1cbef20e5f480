package io.imagestore.api.wire;

import java.util.Objects;

/**
 * Response body of an image import (Rust {@code ImportImageResponse}).
 *
 * <p>JSON: {@code {"id":"sha256:…"}}; {@code id} is required on read.
 *
 * @param id the content-addressed id of the imported image
 */
public record ImportImageResponse(String id) {
    /** Checks that {@code id} is not null. */
    public ImportImageResponse {
        Objects.requireNonNull(id, "id");
    }

    static ImportImageResponse readFrom(JsonObjectReader in) {
        return new ImportImageResponse(in.string("id"));
    }

    void writeTo(JsonObjectWriter out) {
        out.string("id", id);
    }
}
