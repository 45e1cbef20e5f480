package io.imagestore.registry;

import io.imagestore.api.wire.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password (or access token) for one registry, or an OAuth identity token (a refresh
 * token, as Docker keeps in an auth file's {@code identitytoken} or a credential helper returns for the
 * user {@code <token>}), and where they came from. Never printed: {@link #toString()} shows the user name
 * and the source only, and no message of this module quotes the password, the token or the
 * {@code Authorization} header made from them.
 */
public final class Credentials {
    /** The user name a credential helper gives with an identity token as its secret (Docker's convention). */
    static final String IDENTITY_TOKEN_USER = "<token>";

    private final String username;
    private final String password;
    private final String source;
    private final boolean identityToken;

    private Credentials(String username, String password, String source, boolean identityToken) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.source = Objects.requireNonNull(source, "source");
        this.identityToken = identityToken;
    }

    private Credentials(String username, String password, String source) {
        this(username, password, source, false);
    }

    /**
     * The credentials {@code username} and {@code password}; {@code source} says where they came from in
     * messages, for example {@code --creds} or an auth file's path.
     */
    public static Credentials of(String username, String password, String source) {
        if (username.isEmpty()) {
            throw new IllegalArgumentException("empty registry user name (from " + source + ")");
        }
        return new Credentials(username, password, source);
    }

    /**
     * Reads {@code USER:PASS} as {@code --creds} spells it; the password is everything after the first
     * colon.
     *
     * @throws IllegalArgumentException when there is no colon or no user name (the message does not quote
     *     the text, which holds a password)
     */
    public static Credentials parse(String userColonPassword, String source) {
        int colon = userColonPassword.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("credentials from " + source + " must be USER:PASSWORD with a "
                    + "non-empty user name");
        }
        return new Credentials(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1), source);
    }

    /**
     * An OAuth identity token (a refresh token) from {@code source}: exchanged at the registry's token
     * service for access tokens ({@code grant_type=refresh_token}); registries that ask for Basic
     * authentication cannot take it.
     */
    public static Credentials identityToken(String token, String source) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("empty identity token (from " + source + ")");
        }
        return new Credentials(IDENTITY_TOKEN_USER, token, source, true);
    }

    /** The seed's inline credentials of a {@code PullImageRequest}. */
    public static Credentials of(RegistryAuth auth) {
        return of(auth.username(), auth.password(), "registry_auth");
    }

    /** The user name. */
    public String username() {
        return username;
    }

    /** The password or access token (the identity token itself, for {@link #isIdentityToken()}). */
    public String password() {
        return password;
    }

    /** Whether these are an OAuth identity token rather than a user name and password. */
    public boolean isIdentityToken() {
        return identityToken;
    }

    /** Where the credentials came from, for messages ({@code --creds}, an auth file, …). */
    public String source() {
        return source;
    }

    /** The value of an HTTP {@code Authorization} header for Basic authentication. */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The user name and source; never the password. */
    @Override
    public String toString() {
        return "Credentials[" + (identityToken ? "identity token" : "username=" + username + ", password")
                + "=***, source=" + source + "]";
    }
}
