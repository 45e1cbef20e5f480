package io.imagestore.api.wire;

/**
 * Query parameters of an image-archive load (Rust {@code LoadImagesQuery}).
 *
 * <p>Query string: {@code quiet=true}; JSON: {@code {"quiet":true}}. {@code quiet} defaults to {@code false}
 * when missing; on read it must be exactly {@code true} or {@code false}.
 *
 * @param quiet whether to suppress per-line progress output
 */
public record LoadImagesQuery(boolean quiet) {
    /**
     * Reads the query string of a request URL, with or without its leading {@code ?}.
     *
     * @throws WireFormatException when {@code quiet} is repeated or not {@code true}/{@code false}
     */
    public static LoadImagesQuery fromQueryString(String query) {
        return QueryStringReader.read(query, LoadImagesQuery.class, LoadImagesQuery::readFrom);
    }

    /** The query string, without a leading {@code ?}: {@code quiet=true} or {@code quiet=false}. */
    public String toQueryString() {
        return QueryStringWriter.write(this::writeTo);
    }

    static LoadImagesQuery readFrom(FieldReader in) {
        return new LoadImagesQuery(in.bool("quiet", false));
    }

    void writeTo(FieldWriter out) {
        out.bool("quiet", quiet);
    }
}
