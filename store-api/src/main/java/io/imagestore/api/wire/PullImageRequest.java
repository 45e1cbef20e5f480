package io.imagestore.api.wire;

import io.imagestore.api.ImageReference;
import java.util.Objects;
import java.util.Optional;

/**
 * Request body of a blocking image pull (Rust {@code PullImageRequest}).
 *
 * <p>JSON: {@code {"reference":"docker.io/library/nginx:latest","pull_policy":"if_not_present",
 * "registry_credential_id":"cred-1","registry_auth":{…}}}. {@code pull_policy} is an {@code Option}
 * without {@code skip_serializing_if}, so it is written as {@code null} when absent (the daemon then
 * uses {@code always}); {@code registry_credential_id} and {@code registry_auth} are left out when
 * absent. On read only {@code reference} is required. {@code toString()} masks the credentials.
 *
 * @param reference the image to pull, written in canonical form
 * @param pullPolicy the pull policy, when overriding the daemon's default
 * @param registryCredentialId the id of a credential stored in the daemon, when given
 * @param registryAuth inline credentials for this pull only, when given; they win over
 *     {@code registryCredentialId}
 */
public record PullImageRequest(ImageReference reference, Optional<PullPolicy> pullPolicy,
        Optional<String> registryCredentialId, Optional<RegistryAuth> registryAuth) {
    /** Checks that no component is null. */
    public PullImageRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(pullPolicy, "pullPolicy");
        Objects.requireNonNull(registryCredentialId, "registryCredentialId");
        Objects.requireNonNull(registryAuth, "registryAuth");
    }

    /** A pull of {@code reference} with the daemon's default policy and no credentials. */
    public static PullImageRequest of(ImageReference reference) {
        return new PullImageRequest(reference, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static PullImageRequest readFrom(JsonObjectReader in) {
        return new PullImageRequest(in.reference("reference"),
                in.optionalString("pull_policy").map(PullPolicy::fromWireName),
                in.optionalString("registry_credential_id"),
                in.optionalObject("registry_auth", RegistryAuth::readFrom));
    }

    void writeTo(JsonObjectWriter out) {
        out.string("reference", reference.canonical());
        out.nullableString("pull_policy", pullPolicy.map(PullPolicy::wireName));
        out.optionalString("registry_credential_id", registryCredentialId);
        out.optionalObject("registry_auth", registryAuth, RegistryAuth::writeTo);
    }
}
