package io.imagestore.api.wire;

import io.imagestore.api.PruneResult;
import java.util.List;

/**
 * What a prune removed (Rust {@code PruneResultDto}).
 *
 * <p>JSON: {@code {"deleted":["docker.io/library/alpine:latest"],"space_reclaimed":4096}}; both fields
 * are required on read.
 *
 * @param deleted the removed image references or digests, in removal order
 * @param spaceReclaimed the bytes freed; never negative
 */
public record PruneResultDto(List<String> deleted, long spaceReclaimed) {
    /** Copies {@code deleted} and checks that it holds no null and that the byte count is not negative. */
    public PruneResultDto {
        deleted = List.copyOf(deleted);
        Unsigned.U64.check("spaceReclaimed", spaceReclaimed);
    }

    /** The wire form of a store's prune result. */
    public static PruneResultDto from(PruneResult result) {
        return new PruneResultDto(result.deleted(), result.bytesReclaimed());
    }

    static PruneResultDto readFrom(JsonObjectReader in) {
        return new PruneResultDto(in.strings("deleted"), in.u64("space_reclaimed"));
    }

    void writeTo(JsonObjectWriter out) {
        out.strings("deleted", deleted);
        out.number("space_reclaimed", spaceReclaimed);
    }
}
