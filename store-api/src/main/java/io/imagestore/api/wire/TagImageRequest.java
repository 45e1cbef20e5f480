package io.imagestore.api.wire;

import io.imagestore.api.ImageReference;
import java.util.Objects;

/**
 * Request body of {@code docker tag}: make {@code target} name the cached image {@code source} (Rust
 * {@code TagImageRequest}).
 *
 * <p>JSON: {@code {"source":"docker.io/library/myapp:latest","target":"registry.example.com/myapp:v1"}};
 * both required, written in canonical form, read from any valid spelling.
 *
 * @param source the existing image
 * @param target the new reference to create
 */
public record TagImageRequest(ImageReference source, ImageReference target) {
    /** Checks that no component is null. */
    public TagImageRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    static TagImageRequest readFrom(JsonObjectReader in) {
        return new TagImageRequest(in.reference("source"), in.reference("target"));
    }

    void writeTo(JsonObjectWriter out) {
        out.string("source", source.canonical());
        out.string("target", target.canonical());
    }
}
