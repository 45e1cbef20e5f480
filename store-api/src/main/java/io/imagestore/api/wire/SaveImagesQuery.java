package io.imagestore.api.wire;

import java.util.List;

/**
 * Query parameters of an image-archive save (Rust {@code SaveImagesQuery}): the images to put in one
 * tar archive.
 *
 * <p>Query string: {@code names=alpine&names=nginx%3A1.21} (the name repeated once per image); JSON:
 * {@code {"names":["alpine","nginx:1.21"]}}. {@code names} defaults to empty when missing. Names are
 * kept as given, not normalised.
 *
 * @param names the image names, in the order given
 */
public record SaveImagesQuery(List<String> names) {
    /** Copies {@code names} and checks that it holds no null. */
    public SaveImagesQuery {
        names = List.copyOf(names);
    }

    /** Reads the query string of a request URL, with or without its leading {@code ?}; other names are ignored. */
    public static SaveImagesQuery fromQueryString(String query) {
        return QueryStringReader.read(query, SaveImagesQuery.class, SaveImagesQuery::readFrom);
    }

    /** The query string, without a leading {@code ?}; empty when there are no names. */
    public String toQueryString() {
        return QueryStringWriter.write(this::writeTo);
    }

    static SaveImagesQuery readFrom(FieldReader in) {
        return new SaveImagesQuery(in.strings("names", List.of()));
    }

    void writeTo(FieldWriter out) {
        out.strings("names", names);
    }
}
