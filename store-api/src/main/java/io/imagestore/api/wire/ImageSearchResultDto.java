package io.imagestore.api.wire;

import java.util.Objects;

/**
 * One result of an image search (Rust {@code ImageSearchResultDto}).
 *
 * <p>JSON: {@code {"name":"library/nginx","description":"Official build of Nginx.","star_count":19000,
 * "official":true,"automated":false}}; every field is required on read.
 *
 * @param name the image name, for example {@code library/nginx}
 * @param description free-text description
 * @param starCount the stars on the source registry; never negative
 * @param official whether the image is officially curated
 * @param automated whether an automated build produced the image (deprecated upstream)
 */
public record ImageSearchResultDto(String name, String description, long starCount, boolean official,
        boolean automated) {
    /** Checks that no component is null and that the star count is not negative. */
    public ImageSearchResultDto {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Unsigned.U64.check("starCount", starCount);
    }

    static ImageSearchResultDto readFrom(JsonObjectReader in) {
        return new ImageSearchResultDto(in.string("name"), in.string("description"), in.u64("star_count"),
                in.bool("official"), in.bool("automated"));
    }

    void writeTo(JsonObjectWriter out) {
        out.string("name", name);
        out.string("description", description);
        out.number("star_count", starCount);
        out.bool("official", official);
        out.bool("automated", automated);
    }
}
