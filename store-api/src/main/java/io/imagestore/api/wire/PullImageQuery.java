package io.imagestore.api.wire;

/**
 * Query parameters of an image pull; with {@code stream=true} the daemon answers with newline-delimited {@link PullProgressDto} events instead of one {@link PullImageResponse} (Rust {@code PullImageQuery}).
 *
 * <p>Query string: {@code stream=true}; JSON: {@code {"stream":true}}. {@code stream} defaults to {@code false}
 * when missing; on read it must be exactly {@code true} or {@code false}.
 *
 * @param stream whether to stream progress events
 */
public record PullImageQuery(boolean stream) {
    /**
     * Reads the query string of a request URL, with or without its leading {@code ?}.
     *
     * @throws WireFormatException when {@code stream} is repeated or not {@code true}/{@code false}
     */
    public static PullImageQuery fromQueryString(String query) {
        return QueryStringReader.read(query, PullImageQuery.class, PullImageQuery::readFrom);
    }

    /** The query string, without a leading {@code ?}: {@code stream=true} or {@code stream=false}. */
    public String toQueryString() {
        return QueryStringWriter.write(this::writeTo);
    }

    static PullImageQuery readFrom(FieldReader in) {
        return new PullImageQuery(in.bool("stream", false));
    }

    void writeTo(FieldWriter out) {
        out.bool("stream", stream);
    }
}
