package io.imagestore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication of one registry: anonymous until the registry answers {@code 401}, then what its
 * {@code WWW-Authenticate} challenge asks for. {@code Basic}: the credentials on every request.
 * {@code Bearer} (the distribution token flow): a token from the challenge's {@code realm} for
 * {@code service} and the request's scope, fetched with the credentials as Basic authentication (or
 * anonymously), cached per scope until {@code expires_in} (default 60 s) has nearly run out. An OAuth
 * identity token is exchanged instead by {@code POST}ing to the realm, as Docker does:
 * {@code grant_type=refresh_token&service=…&client_id=imagestore&scope=…&refresh_token=…} (form-encoded),
 * answered by {@code {"access_token":…}}; a registry asking for Basic authentication cannot take one.
 * Credentials go to a token realm over plain HTTP only when plain HTTP is allowed for the registry
 * itself (loopback or {@code --tls-verify=false}).
 */
final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final Duration MARGIN = Duration.ofSeconds(5);
    private static final int MAX_TOKEN_RESPONSE = 1 << 20;

    private final RegistryEndpoint endpoint;
    private final Optional<Credentials> credentials;
    private final TokenService tokenService;
    private final Clock clock;
    private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile Challenge bearer;
    private volatile boolean basic;

    Authenticator(RegistryEndpoint endpoint, Optional<Credentials> credentials, TokenService tokenService, Clock clock) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.tokenService = tokenService;
        this.clock = clock;
    }

    /** The token service's transport. */
    interface TokenService {
        /** Sends a GET to {@code uri} with {@code authorization}, if any. */
        HttpResponse<InputStream> fetch(URI uri, Optional<String> authorization) throws IOException;

        /** POSTs the form-encoded {@code form} to {@code uri} (the OAuth flow of identity tokens). */
        HttpResponse<InputStream> post(URI uri, String form) throws IOException;
    }

    private static final String CLIENT_ID = "imagestore";

    /** The {@code Authorization} header a request needing {@code scope} carries, if the registry wants one. */
    Optional<String> authorization(Scope scope) throws IOException {
        if (basic) {
            return credentials.map(Credentials::basicAuthorization);
        }
        Challenge challenge = bearer;
        if (challenge == null || scope.isEmpty()) {
            return Optional.empty();
        }
        Token cached = tokens.get(scope.key());
        if (cached != null && cached.validAt(clock.instant())) {
            return Optional.of("Bearer " + cached.value);
        }
        return Optional.of("Bearer " + fetchToken(challenge, scope).value);
    }

    /**
     * Fetches a token for no particular scope, when the registry uses the token flow.
     *
     * @return whether it does (and the token service accepted the credentials)
     */
    boolean checkToken() throws IOException {
        Challenge challenge = bearer;
        if (challenge == null) {
            return false;
        }
        fetchToken(challenge, Scope.NONE);
        return true;
    }

    /**
     * Learns from a {@code 401} answer to a request needing {@code scope}.
     *
     * @return whether the request should be sent again with new authorization; {@code false} when the
     *     credentials (or token) just sent were refused, or the challenge is of no known scheme
     * @throws RegistryAuthenticationException when the registry wants credentials and none were given
     */
    boolean respond(HttpHeaders headers, Scope scope, String what) throws IOException {
        for (String header : headers.allValues("WWW-Authenticate")) {
            for (Challenge challenge : Challenge.parse(header)) {
                if (challenge.scheme().equals("bearer") && challenge.parameter("realm").isPresent()) {
                    return respondBearer(challenge, scope);
                }
                if (challenge.scheme().equals("basic")) {
                    return respondBasic(what);
                }
            }
        }
        return false;
    }

    private boolean respondBearer(Challenge challenge, Scope scope) throws IOException {
        bearer = challenge;
        if (scope.isEmpty()) {
            return false;
        }
        tokens.remove(scope.key());
        Scope wanted = challenge.parameter("scope").map(Scope::parse).map(scope::plus).orElse(scope);
        tokens.put(scope.key(), fetchToken(challenge, wanted));
        return true;
    }

    private boolean respondBasic(String what) {
        if (credentials.isEmpty()) {
            throw needCredentials(what);
        }
        if (credentials.get().isIdentityToken()) {
            throw new RegistryAuthenticationException("registry " + endpoint + " asks for Basic authentication for "
                    + what + ", which the identity token from " + credentials.get().source() + " cannot give: log in "
                    + "with a user name and password ('imagestore login " + endpoint + "') or pass --creds USER");
        }
        if (basic) {
            return false;
        }
        basic = true;
        return true;
    }

    private synchronized Token fetchToken(Challenge challenge, Scope scope) throws IOException {
        Token cached = tokens.get(scope.key());
        if (cached != null && cached.validAt(clock.instant())) {
            return cached;
        }
        URI realm = realm(challenge);
        if (credentials.isPresent() && credentials.get().isIdentityToken()) {
            return exchangeIdentityToken(challenge, realm, scope, credentials.get());
        }
        StringBuilder uri = new StringBuilder(realm.toString()).append(realm.getRawQuery() == null ? '?' : '&');
        challenge.parameter("service").ifPresent(service -> uri.append("service=").append(encode(service)).append('&'));
        for (String entry : scope.entries()) {
            uri.append("scope=").append(encode(entry)).append('&');
        }
        uri.setLength(uri.length() - 1);
        Optional<String> authorization = credentials.map(Credentials::basicAuthorization);
        LOG.debug("fetching a token for {} from {} ({})", scope.key(), realm,
                credentials.isPresent() ? "with credentials" : "anonymously");
        return tokenFrom(tokenService.fetch(URI.create(uri.toString()), authorization), realm, scope);
    }

    /** Reads and caches the token of a token service's answer; refusals and errors become exceptions. */
    private Token tokenFrom(HttpResponse<InputStream> response, URI realm, Scope scope) throws IOException {
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            boolean identity = credentials.isPresent() && credentials.get().isIdentityToken();
            if (status == 401 || status == 403 || identity && status == 400) {
                throw credentials.isPresent() ? refused("the token service " + realm) : needCredentials("a token from " + realm);
            }
            if (status != 200) {
                throw new RegistryException("the token service " + realm + " of registry " + endpoint
                        + " answered HTTP " + status + " for scope " + scope.key());
            }
            Token token = readToken(Bodies.readAtMost(body, MAX_TOKEN_RESPONSE, "token response from " + realm), realm);
            tokens.put(scope.key(), token);
            return token;
        }
    }

    private Token exchangeIdentityToken(Challenge challenge, URI realm, Scope scope, Credentials identity)
            throws IOException {
        StringBuilder form = new StringBuilder("grant_type=refresh_token");
        challenge.parameter("service").ifPresent(service -> form.append("&service=").append(encode(service)));
        form.append("&client_id=").append(CLIENT_ID);
        if (!scope.entries().isEmpty()) {
            form.append("&scope=").append(encode(String.join(" ", scope.entries())));
        }
        form.append("&refresh_token=").append(encode(identity.password()));
        LOG.debug("exchanging the identity token from {} for a token for {} at {}", identity.source(), scope.key(),
                realm);
        return tokenFrom(tokenService.post(realm, form.toString()), realm, scope);
    }

    private URI realm(Challenge challenge) {
        String text = challenge.parameter("realm").orElseThrow();
        URI realm;
        try {
            realm = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new RegistryException("registry " + endpoint + " named an invalid token realm \"" + text + "\"", e);
        }
        boolean https = "https".equalsIgnoreCase(realm.getScheme());
        boolean http = "http".equalsIgnoreCase(realm.getScheme());
        if (!https && !(http && (endpoint.insecureAllowed() || credentials.isEmpty())) || realm.getHost() == null) {
            throw new RegistryException("registry " + endpoint + " named the token realm " + realm
                    + ", which is not an https URL; credentials are sent over plain HTTP only to loopback "
                    + "registries or with --tls-verify=false");
        }
        return realm;
    }

    private Token readToken(byte[] json, URI realm) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new RegistryException("the token service " + realm + " answered something that is not JSON", e);
        }
        String value = text(node, "token").or(() -> text(node, "access_token")).orElseThrow(
                () -> new RegistryException("the token service " + realm + " answered without a token"));
        Duration lifetime = DEFAULT_LIFETIME;
        if (node != null && node.path("expires_in").canConvertToLong() && node.path("expires_in").asLong() > 0) {
            lifetime = Duration.ofSeconds(Math.max(60, node.path("expires_in").asLong()));
        }
        return new Token(value, clock.instant().plus(lifetime).minus(MARGIN));
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node != null && node.path(field).isTextual() && !node.path(field).asText().isEmpty()
                ? Optional.of(node.path(field).asText()) : Optional.empty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The failure for a registry that refused the credentials given. */
    RegistryAuthenticationException refused(String who) {
        boolean identity = credentials.isPresent() && credentials.get().isIdentityToken();
        return new RegistryAuthenticationException(who + " refused the " + (identity ? "identity token" : "credentials")
                + " from " + credentials.map(Credentials::source).orElse("nowhere") + " for registry " + endpoint
                + ": " + (identity ? "it may have expired or been revoked; " : "check the user name and password, or ")
                + "log in again with 'imagestore login " + endpoint + "'");
    }

    /** The failure for a registry that wants credentials when none were given. */
    RegistryAuthenticationException needCredentials(String what) {
        return new RegistryAuthenticationException("registry " + endpoint + " requires authentication for " + what
                + ": log in with 'imagestore login " + endpoint + "' or pass --creds USER:PASSWORD");
    }

    boolean hasCredentials() {
        return credentials.isPresent();
    }

    /** How many tokens are cached (tests). */
    List<String> cachedScopes() {
        return List.copyOf(tokens.keySet());
    }

    private static final class Token {
        private final String value;
        private final Instant expires;

        Token(String value, Instant expires) {
            this.value = value;
            this.expires = expires;
        }

        boolean validAt(Instant now) {
            return now.isBefore(expires);
        }

        @Override
        public String toString() {
            return "Token[***, expires " + expires + "]";
        }
    }
}
