package io.imagestore.api.wire;

import java.util.Objects;

/**
 * Response body of a container commit (Rust {@code CommitContainerResponse}).
 *
 * <p>JSON: {@code {"id":"sha256:…"}}; {@code id} is required on read.
 *
 * @param id the content-addressed id of the new image
 */
public record CommitContainerResponse(String id) {
    /** Checks that {@code id} is not null. */
    public CommitContainerResponse {
        Objects.requireNonNull(id, "id");
    }

    static CommitContainerResponse readFrom(JsonObjectReader in) {
        return new CommitContainerResponse(in.string("id"));
    }

    void writeTo(JsonObjectWriter out) {
        out.string("id", id);
    }
}
