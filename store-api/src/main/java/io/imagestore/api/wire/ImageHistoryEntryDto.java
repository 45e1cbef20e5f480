package io.imagestore.api.wire;

import java.util.List;
import java.util.Objects;

/**
 * One row of an image's history (Rust {@code ImageHistoryEntryDto}).
 *
 * <p>JSON: {@code {"id":"sha256:…","created":1700000000,"created_by":"RUN apk add curl","tags":[],
 * "size":1024,"comment":""}}; every field is required on read.
 *
 * @param id the layer or image id ({@code sha256:…}), or {@code <missing>} for squashed layers
 * @param created when the layer was created, in Unix seconds (may be negative)
 * @param createdBy the Dockerfile-style instruction that produced the layer
 * @param tags the tags pointing at this layer
 * @param size the layer size in bytes; never negative
 * @param comment the comment recorded with the layer, possibly empty
 */
public record ImageHistoryEntryDto(String id, long created, String createdBy, List<String> tags, long size,
        String comment) {
    /** Copies {@code tags} and checks that nothing is null and that the size is not negative. */
    public ImageHistoryEntryDto {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdBy, "createdBy");
        tags = List.copyOf(tags);
        Unsigned.U64.check("size", size);
        Objects.requireNonNull(comment, "comment");
    }

    static ImageHistoryEntryDto readFrom(JsonObjectReader in) {
        return new ImageHistoryEntryDto(in.string("id"), in.i64("created"), in.string("created_by"),
                in.strings("tags"), in.u64("size"), in.string("comment"));
    }

    void writeTo(JsonObjectWriter out) {
        out.string("id", id);
        out.number("created", created);
        out.string("created_by", createdBy);
        out.strings("tags", tags);
        out.number("size", size);
        out.string("comment", comment);
    }
}
