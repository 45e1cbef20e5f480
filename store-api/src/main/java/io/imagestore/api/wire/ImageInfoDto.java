package io.imagestore.api.wire;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One image as the daemon lists it (Rust {@code ImageInfoDto}).
 *
 * <p>JSON: {@code {"reference":"docker.io/library/nginx:latest","digest":"sha256:…","size_bytes":1024}};
 * {@code digest} and {@code size_bytes} are written as {@code null} when unknown (never left out) and
 * may be missing or {@code null} on read.
 *
 * @param reference the image, written in canonical form
 * @param digest the content digest ({@code sha256:…}), when known
 * @param sizeBytes the size in bytes, when known; never negative
 */
public record ImageInfoDto(ImageReference reference, Optional<String> digest, OptionalLong sizeBytes) {
    /** Checks that no component is null and that the size is not negative. */
    public ImageInfoDto {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        Unsigned.U64.check("sizeBytes", sizeBytes);
    }

    /**
     * The listing entry of a locally stored image: its reference, digest and size from the sidecar.
     *
     * @throws io.imagestore.api.InvalidReferenceException when the stored reference is not valid
     */
    public static ImageInfoDto from(LocalImageMetadata metadata) {
        return new ImageInfoDto(metadata.imageReference(), metadata.digest(), metadata.size());
    }

    static ImageInfoDto readFrom(JsonObjectReader in) {
        return new ImageInfoDto(in.reference("reference"), in.optionalString("digest"), in.optionalU64("size_bytes"));
    }

    void writeTo(JsonObjectWriter out) {
        out.string("reference", reference.canonical());
        out.nullableString("digest", digest);
        out.nullableNumber("size_bytes", sizeBytes);
    }
}
