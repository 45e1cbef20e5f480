package io.imagestore.api.wire;

/**
 * Query parameters of an image removal (Rust {@code RemoveImageQuery}).
 *
 * <p>Query string: {@code force=true}; JSON: {@code {"force":true}}. {@code force} defaults to {@code false}
 * when missing; on read it must be exactly {@code true} or {@code false}.
 *
 * @param force whether to remove the image even when containers use it
 */
public record RemoveImageQuery(boolean force) {
    /**
     * Reads the query string of a request URL, with or without its leading {@code ?}.
     *
     * @throws WireFormatException when {@code force} is repeated or not {@code true}/{@code false}
     */
    public static RemoveImageQuery fromQueryString(String query) {
        return QueryStringReader.read(query, RemoveImageQuery.class, RemoveImageQuery::readFrom);
    }

    /** The query string, without a leading {@code ?}: {@code force=true} or {@code force=false}. */
    public String toQueryString() {
        return QueryStringWriter.write(this::writeTo);
    }

    static RemoveImageQuery readFrom(FieldReader in) {
        return new RemoveImageQuery(in.bool("force", false));
    }

    void writeTo(FieldWriter out) {
        out.bool("force", force);
    }
}
