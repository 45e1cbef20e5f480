package io.imagestore.api.wire;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One event of a streaming pull (Rust {@code PullProgressDto}): any number of {@link Status} events,
 * then one {@link Done}. The stream is newline-delimited JSON, one event per line.
 *
 * <p>JSON is tagged by {@code kind}, written first:
 * {@code {"kind":"status","id":"a1b2","status":"Downloading","progress":"[==>  ]","current":512,"total":2048}}
 * and {@code {"kind":"done","reference":"docker.io/library/nginx:latest","digest":"sha256:…"}}. Every
 * {@code Option} field is left out when absent. On read, {@code kind} may stand anywhere in the object;
 * a missing or unknown {@code kind} is an error.
 */
public sealed interface PullProgressDto permits PullProgressDto.Status, PullProgressDto.Done {
    /**
     * Progress of an in-flight layer or stage ({@code "kind":"status"}).
     *
     * @param id the layer id or other backend identifier, when available
     * @param status human-readable status text such as {@code Downloading}; may be empty
     * @param progress a pre-formatted progress bar, when the backend reports one
     * @param current bytes transferred so far for this layer, when reported; never negative
     * @param total expected total bytes for this layer, when reported; never negative
     */
    record Status(Optional<String> id, String status, Optional<String> progress, OptionalLong current,
            OptionalLong total) implements PullProgressDto {
        /** Checks that no component is null and that the byte counts are not negative. */
        public Status {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(progress, "progress");
            Unsigned.U64.check("current", current);
            Unsigned.U64.check("total", total);
        }

        /** A status event carrying only the text {@code status}. */
        public static Status of(String status) {
            return new Status(Optional.empty(), status, Optional.empty(), OptionalLong.empty(), OptionalLong.empty());
        }

        static Status readFrom(JsonObjectReader in) {
            PullProgressCodec.requireKind(in, PullProgressCodec.STATUS);
            return new Status(in.optionalString("id"), in.string("status"), in.optionalString("progress"),
                    in.optionalU64("current"), in.optionalU64("total"));
        }

        void writeTo(JsonObjectWriter out) {
            out.string("kind", PullProgressCodec.STATUS);
            out.optionalString("id", id);
            out.string("status", status);
            out.optionalString("progress", progress);
            out.optionalNumber("current", current);
            out.optionalNumber("total", total);
        }
    }

    /**
     * The pull completed ({@code "kind":"done"}); the stream ends after it.
     *
     * @param reference the resolved image reference exactly as the daemon sent it (not normalised)
     * @param digest the content digest, when the backend reports one
     */
    record Done(String reference, Optional<String> digest) implements PullProgressDto {
        /** Checks that no component is null. */
        public Done {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(digest, "digest");
        }

        static Done readFrom(JsonObjectReader in) {
            PullProgressCodec.requireKind(in, PullProgressCodec.DONE);
            return new Done(in.string("reference"), in.optionalString("digest"));
        }

        void writeTo(JsonObjectWriter out) {
            out.string("kind", PullProgressCodec.DONE);
            out.string("reference", reference);
            out.optionalString("digest", digest);
        }
    }
}
