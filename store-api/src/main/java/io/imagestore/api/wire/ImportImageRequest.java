package io.imagestore.api.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * Request body of an image import (Rust {@code ImportImageRequest}).
 *
 * <p>JSON: {@code {"repo":"myapp","tag":"v1"}}; both fields are left out when absent ({@code {}} when
 * neither is given) and may be missing or {@code null} on read.
 *
 * @param repo the repository name to apply, when given
 * @param tag the tag to apply, when given (the daemon uses {@code latest} when {@code repo} is set)
 */
public record ImportImageRequest(Optional<String> repo, Optional<String> tag) {
    /** Checks that no component is null. */
    public ImportImageRequest {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(tag, "tag");
    }

    static ImportImageRequest readFrom(JsonObjectReader in) {
        return new ImportImageRequest(in.optionalString("repo"), in.optionalString("tag"));
    }

    void writeTo(JsonObjectWriter out) {
        out.optionalString("repo", repo);
        out.optionalString("tag", tag);
    }
}
