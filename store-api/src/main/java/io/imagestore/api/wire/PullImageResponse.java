package io.imagestore.api.wire;

import io.imagestore.api.ImageReference;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Response body of a blocking image pull (Rust {@code PullImageResponse}).
 *
 * <p>JSON: {@code {"reference":"docker.io/library/nginx:latest","digest":"sha256:…","size_bytes":1024}};
 * unlike {@link ImageInfoDto}, {@code digest} and {@code size_bytes} are left out when unknown.
 *
 * @param reference the image pulled, written in canonical form
 * @param digest the content digest, when the runtime reports one
 * @param sizeBytes the on-disk size in bytes, when the runtime reports one; never negative
 */
public record PullImageResponse(ImageReference reference, Optional<String> digest, OptionalLong sizeBytes) {
    /** Checks that no component is null and that the size is not negative. */
    public PullImageResponse {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        Unsigned.U64.check("sizeBytes", sizeBytes);
    }

    static PullImageResponse readFrom(JsonObjectReader in) {
        return new PullImageResponse(in.reference("reference"), in.optionalString("digest"),
                in.optionalU64("size_bytes"));
    }

    void writeTo(JsonObjectWriter out) {
        out.string("reference", reference.canonical());
        out.optionalString("digest", digest);
        out.optionalNumber("size_bytes", sizeBytes);
    }
}
