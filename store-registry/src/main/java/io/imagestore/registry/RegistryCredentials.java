package io.imagestore.registry;

import java.util.Objects;
import java.util.Optional;

/** Where the credentials for a registry come from: none, one fixed pair, or auth files ({@link AuthFile}). */
@FunctionalInterface
public interface RegistryCredentials {
    /**
     * The credentials for {@code registry} (a host as a reference names it, e.g. {@code docker.io} or
     * {@code 127.0.0.1:5000}), or empty to go anonymously.
     */
    Optional<Credentials> lookup(String registry);

    /** Anonymous access everywhere. */
    static RegistryCredentials anonymous() {
        return registry -> Optional.empty();
    }

    /** {@code credentials} for every registry (what {@code --creds} and the seed's {@code RegistryAuth} mean). */
    static RegistryCredentials always(Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return registry -> Optional.of(credentials);
    }
}
