package io.imagestore.api.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * Inline Docker/OCI registry credentials for one pull (Rust {@code spec::RegistryAuth}). Never
 * logged: {@link #toString()} masks the password and the identity token.
 *
 * <p>JSON: {@code {"username":"bob","password":"s3cret","server_address":"ghcr.io","identity_token":"…"}};
 * {@code server_address} and {@code identity_token} are left out when absent and may be missing or
 * {@code null} on read.
 *
 * @param username the registry user name
 * @param password the password or access token
 * @param serverAddress the registry the credentials are for, when given
 * @param identityToken an OAuth identity (refresh) token, when the registry issued one
 */
public record RegistryAuth(String username, String password, Optional<String> serverAddress,
        Optional<String> identityToken) {
    private static final String MASK = "***";

    /** Checks that no component is null. */
    public RegistryAuth {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(serverAddress, "serverAddress");
        Objects.requireNonNull(identityToken, "identityToken");
    }

    /** Credentials of a user name and password, without server address or identity token. */
    public static RegistryAuth of(String username, String password) {
        return new RegistryAuth(username, password, Optional.empty(), Optional.empty());
    }

    /** The user name and server address; the password and the identity token appear as {@code ***}. */
    @Override
    public String toString() {
        return "RegistryAuth[username=" + username + ", password=" + MASK + ", serverAddress="
                + serverAddress.orElse("<none>") + ", identityToken=" + identityToken.map(token -> MASK).orElse("<none>")
                + "]";
    }

    static RegistryAuth readFrom(JsonObjectReader in) {
        return new RegistryAuth(in.string("username"), in.string("password"), in.optionalString("server_address"),
                in.optionalString("identity_token"));
    }

    void writeTo(JsonObjectWriter out) {
        out.string("username", username);
        out.string("password", password);
        out.optionalString("server_address", serverAddress);
        out.optionalString("identity_token", identityToken);
    }
}
