package io.imagestore.api.wire;

import java.util.Objects;

/**
 * Query parameters of an image search (Rust {@code SearchImagesQuery}).
 *
 * <p>Query string: {@code term=nginx&limit=25}; JSON: {@code {"term":"nginx","limit":25}}. {@code term}
 * is required; {@code limit} defaults to 0 ("let the registry decide") and must fit a {@code u32}.
 *
 * @param term the image name or substring to search for
 * @param limit the most results wanted, 0 to let the registry decide; between 0 and 4294967295
 */
public record SearchImagesQuery(String term, long limit) {
    /** Checks that {@code term} is not null and that {@code limit} fits an unsigned 32-bit integer. */
    public SearchImagesQuery {
        Objects.requireNonNull(term, "term");
        Unsigned.U32.check("limit", limit);
    }

    /**
     * Reads the query string of a request URL, with or without its leading {@code ?}.
     *
     * @throws WireFormatException when {@code term} is missing, a field is repeated, or {@code limit} is
     *     not a whole number between 0 and 4294967295
     */
    public static SearchImagesQuery fromQueryString(String query) {
        return QueryStringReader.read(query, SearchImagesQuery.class, SearchImagesQuery::readFrom);
    }

    /** The query string, without a leading {@code ?}: {@code term=…&limit=…}. */
    public String toQueryString() {
        return QueryStringWriter.write(this::writeTo);
    }

    static SearchImagesQuery readFrom(FieldReader in) {
        return new SearchImagesQuery(in.string("term"), in.u32("limit", 0));
    }

    void writeTo(FieldWriter out) {
        out.string("term", term);
        out.number("limit", limit);
    }
}
