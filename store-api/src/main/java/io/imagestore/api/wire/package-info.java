/**
 * The JSON and query-string shapes of the daemon's image API ({@code /api/v1/images},
 * {@code /api/v1/system/prune}), as Java records that read and write exactly what the Rust daemon's
 * serde types do. {@link io.imagestore.api.wire.WireJson} owns the format and its rules; each record
 * shows its own object.
 *
 * <p>Optional values are {@link java.util.Optional} or {@link java.util.OptionalLong} components: no
 * accessor returns {@code null}, and the constructors refuse {@code null}. Unsigned Rust integers are
 * {@code long}s checked to be in range.
 */
package io.imagestore.api.wire;
