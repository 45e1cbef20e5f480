package io.imagestore.api.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * Request body of a container commit (Rust {@code CommitContainerRequest}).
 *
 * <p>JSON: {@code {"container":"web-1","repo":"myapp","tag":"v2","comment":"…","author":"…","pause":true,
 * "changes":"ENV A=1"}}. The optional strings are left out when absent and may be missing or
 * {@code null} on read; {@code pause} is always written and defaults to {@code true} when missing.
 *
 * @param container the id or name of the container to commit
 * @param repo the repository name to apply, when given
 * @param tag the tag to apply, when given (the daemon uses {@code latest} when {@code repo} is set)
 * @param comment a free-form comment, when given
 * @param author the author, when given
 * @param pause whether to pause the container while committing
 * @param changes Dockerfile-style instructions to apply, when given
 */
public record CommitContainerRequest(String container, Optional<String> repo, Optional<String> tag,
        Optional<String> comment, Optional<String> author, boolean pause, Optional<String> changes) {
    /** Checks that no component is null. */
    public CommitContainerRequest {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(changes, "changes");
    }

    /** A commit of {@code container} with the defaults: no repository, tag, comment, author or changes; paused. */
    public static CommitContainerRequest of(String container) {
        return new CommitContainerRequest(container, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true, Optional.empty());
    }

    static CommitContainerRequest readFrom(JsonObjectReader in) {
        return new CommitContainerRequest(in.string("container"), in.optionalString("repo"), in.optionalString("tag"),
                in.optionalString("comment"), in.optionalString("author"), in.bool("pause", true),
                in.optionalString("changes"));
    }

    void writeTo(JsonObjectWriter out) {
        out.string("container", container);
        out.optionalString("repo", repo);
        out.optionalString("tag", tag);
        out.optionalString("comment", comment);
        out.optionalString("author", author);
        out.bool("pause", pause);
        out.optionalString("changes", changes);
    }
}
