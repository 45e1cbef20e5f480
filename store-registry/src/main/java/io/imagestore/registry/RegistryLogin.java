package io.imagestore.registry;

import java.io.IOException;

/** Checks credentials with a registry before they are stored ({@code imagestore login}). */
public final class RegistryLogin {
    private RegistryLogin() {
    }

    /**
     * Checks that {@code registry} accepts {@code credentials}: a token from its token service (Bearer), or
     * {@code GET /v2/} with them (Basic). A registry that asks for no authentication accepts any.
     *
     * @throws RegistryAuthenticationException when they are refused
     * @throws RegistryException when the registry cannot be reached
     */
    public static void verify(String registry, Credentials credentials, RegistryOptions options) {
        RegistryOptions withCredentials = options.toBuilder().credentials(RegistryCredentials.always(credentials)).build();
        RegistryTransport transport = new RegistryTransport(RegistryEndpoint.of(registry, options.tlsVerify()),
                withCredentials);
        try {
            transport.checkCredentials();
        } catch (IOException e) {
            throw new RegistryException("cannot log in to registry " + registry + ": "
                    + RegistryTransport.describe(e), e);
        }
    }
}
