package io.imagestore.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP to one registry on the JDK's client: picks the scheme (see {@link #candidates()}; plain HTTP only
 * where {@link RegistryEndpoint#insecureAllowed()}), authenticates ({@link Authenticator}), follows redirects
 * itself (credentials go only to the registry's own origin: never along a redirect or an upload
 * {@code Location} to another host), and repeats requests after
 * connection errors and {@code 429}/{@code 5xx} answers as the {@link RetryPolicy} says, honouring
 * {@code Retry-After}. {@code POST} and {@code PATCH} are repeated only when the connection was never made
 * or the registry answered, never after a failure in mid-request.
 */
final class RegistryTransport {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 5;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String USER_AGENT = "imagestore";

    private final RegistryEndpoint endpoint;
    private final RegistryOptions options;
    private final HttpClient client;
    private final Authenticator authenticator;
    private volatile URI base;

    RegistryTransport(RegistryEndpoint endpoint, RegistryOptions options) {
        this.endpoint = endpoint;
        this.options = options;
        this.client = client(options);
        this.authenticator = new Authenticator(endpoint, options.credentials().lookup(endpoint.registry()),
                new Authenticator.TokenService() {
                    @Override
                    public HttpResponse<InputStream> fetch(URI uri, Optional<String> authorization) throws IOException {
                        return fetchToken(uri, authorization);
                    }

                    @Override
                    public HttpResponse<InputStream> post(URI uri, String form) throws IOException {
                        return postToken(uri, form);
                    }
                }, options.clock());
    }

    private static HttpClient client(RegistryOptions options) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (!options.tlsVerify()) {
            builder.sslContext(trustingEveryCertificate());
        }
        return builder.build();
    }

    RegistryEndpoint endpoint() {
        return endpoint;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    /**
     * Sends {@code request}, authenticating as the registry asks, and returns the answer whatever its
     * status (callers check it); the caller closes its body.
     *
     * @throws RegistryException when the registry cannot be reached after the retries
     */
    HttpResponse<InputStream> send(RegistryRequest request) throws IOException {
        URI root = base();
        HttpResponse<InputStream> response = exchange(request, root);
        if (response.statusCode() == 401
                && authenticator.respond(response.headers(), request.scope(), request.target())) {
            Bodies.discard(response.body());
            response = exchange(request, root);
        }
        return response;
    }

    /**
     * Checks the credentials: a token for no particular scope (Bearer), or {@code GET /v2/} with them (Basic).
     *
     * @throws RegistryAuthenticationException when they are refused
     */
    void checkCredentials() throws IOException {
        base();
        if (authenticator.checkToken()) {
            return;
        }
        RegistryRequest request = RegistryRequest.of("GET", "/v2/", Scope.NONE);
        HttpResponse<InputStream> response = exchange(request, base());
        if (response.statusCode() != 200) {
            throw RegistryErrors.unexpected(this, request, response, "logging in");
        }
        Bodies.discard(response.body());
    }

    private HttpResponse<InputStream> exchange(RegistryRequest request, URI root) throws IOException {
        URI uri = root.resolve(request.target());
        return withRetries(request.toString(), request.idempotent(), () -> {
            Optional<String> authorization = authenticator.authorization(request.scope());
            return followingRedirects(request, uri, root, authorization);
        });
    }

    private HttpResponse<InputStream> followingRedirects(RegistryRequest request, URI uri, URI root,
            Optional<String> authorization) throws IOException, InterruptedException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            boolean sameOrigin = sameOrigin(current, root);
            HttpRequest.Builder builder = HttpRequest.newBuilder(current).timeout(REQUEST_TIMEOUT)
                    .header("User-Agent", USER_AGENT)
                    .method(request.method(), request.publisher());
            if ("http".equals(current.getScheme())) {
                builder.version(HttpClient.Version.HTTP_1_1);
            }
            List<String> headers = request.headers();
            for (int i = 0; i < headers.size(); i += 2) {
                builder.header(headers.get(i), headers.get(i + 1));
            }
            if (sameOrigin) {
                authorization.ifPresent(value -> builder.header("Authorization", value));
            }
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            LOG.debug("{} {} -> {}", request.method(), current.getRawPath(), response.statusCode());
            boolean follow = REDIRECTS.contains(response.statusCode())
                    && (request.method().equals("GET") || request.method().equals("HEAD"))
                    && response.headers().firstValue("Location").isPresent();
            if (!follow) {
                return response;
            }
            Bodies.discard(response.body());
            if (hop >= MAX_REDIRECTS) {
                throw new RegistryException("registry " + endpoint + " redirected " + request + " more than "
                        + MAX_REDIRECTS + " times");
            }
            URI next = current.resolve(response.headers().firstValue("Location").orElseThrow());
            if ("https".equals(current.getScheme()) && !"https".equals(next.getScheme())) {
                throw new RegistryException("registry " + endpoint + " redirected " + request
                        + " from HTTPS to " + next.getScheme() + "; refusing to downgrade");
            }
            current = next;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && a.getPort() == b.getPort();
    }

    /** One try of a request. */
    @FunctionalInterface
    interface Attempt {
        HttpResponse<InputStream> send() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code attempt} until it gets an answer that is neither {@code 429} nor {@code 5xx}, or the
     * policy's attempts are spent (then the last answer is returned, for the caller to report).
     */
    HttpResponse<InputStream> withRetries(String what, boolean idempotent, Attempt attempt) throws IOException {
        RetryPolicy policy = options.retryPolicy();
        for (int number = 1; ; number++) {
            HttpResponse<InputStream> response;
            try {
                response = attempt.send();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during " + what + " to registry " + endpoint);
            } catch (IOException e) {
                if (!retryable(e, idempotent) || number >= policy.maxAttempts()) {
                    throw new RegistryException("cannot reach registry " + endpoint + " for " + what + " after "
                            + number + (number == 1 ? " attempt: " : " attempts: ") + describe(e)
                            + " (is the registry running and the address right?)", e);
                }
                pause(policy.delayAfter(number), what, describe(e));
                continue;
            }
            int status = response.statusCode();
            if ((status == 429 || status >= 500) && number < policy.maxAttempts()) {
                Duration wait = retryAfter(response).map(policy::capRetryAfter).orElse(policy.delayAfter(number));
                Bodies.discard(response.body());
                pause(wait, what, "HTTP " + status);
                continue;
            }
            return response;
        }
    }

    private void pause(Duration wait, String what, String reason) throws InterruptedIOException {
        LOG.debug("{} to registry {} failed ({}); retrying in {} ms", what, endpoint, reason, wait.toMillis());
        try {
            options.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry " + what);
        }
    }

    private static boolean retryable(IOException e, boolean idempotent) {
        if (e instanceof SSLException || e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return false;
        }
        return idempotent || e instanceof ConnectException;
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** {@code Retry-After} as seconds or an HTTP date, when the answer has a valid one. */
    Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> value = response.headers().firstValue("Retry-After").map(String::trim);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get();
        if (text.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Optional.of(Duration.between(options.clock().instant(), when.toInstant()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The registry's base URI, found once by {@code GET /v2/} (the API version check): HTTPS, then plain
     * HTTP where allowed. Learns the authentication challenge from a {@code 401}.
     */
    private URI base() throws IOException {
        URI known = base;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (base == null) {
                base = ping();
            }
            return base;
        }
    }

    private URI ping() throws IOException {
        URI[] found = new URI[1];
        HttpResponse<InputStream> response = withRetries("GET /v2/", true, () -> {
            IOException first = null;
            for (URI candidate : candidates()) {
                try {
                    HttpResponse<InputStream> answer = client.send(HttpRequest.newBuilder(candidate.resolve("/v2/"))
                            .timeout(REQUEST_TIMEOUT).header("User-Agent", USER_AGENT)
                            .version("http".equals(candidate.getScheme()) ? HttpClient.Version.HTTP_1_1
                                    : HttpClient.Version.HTTP_2)
                            .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                    found[0] = candidate;
                    return answer;
                } catch (SSLException | ConnectException | HttpConnectTimeoutException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            throw first;
        });
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 401) {
                authenticator.respond(response.headers(), Scope.NONE, "/v2/");
            } else if (status != 200) {
                throw new RegistryException(found[0] + " is not an OCI registry: GET /v2/ answered HTTP " + status);
            }
        }
        LOG.debug("registry {} answers at {}", endpoint, found[0]);
        return found[0];
    }

    /**
     * Where to look for the registry: a loopback registry over plain HTTP first (that is how local
     * registries are nearly always run, and a TLS handshake with a server that does not speak TLS may
     * hang until the connect timeout), then HTTPS; others over HTTPS, then plain HTTP when allowed.
     */
    private List<URI> candidates() {
        if (RegistryEndpoint.isLoopback(endpoint.base(false).getAuthority())) {
            return List.of(endpoint.base(false), endpoint.base(true));
        }
        return endpoint.insecureAllowed() ? List.of(endpoint.base(true), endpoint.base(false))
                : List.of(endpoint.base(true));
    }

    private HttpResponse<InputStream> fetchToken(URI uri, Optional<String> authorization) throws IOException {
        return withRetries("GET " + uri.getRawPath() + " (token)", true, () -> {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                    .header("User-Agent", USER_AGENT).GET();
            authorization.ifPresent(value -> builder.header("Authorization", value));
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        });
    }

    private HttpResponse<InputStream> postToken(URI uri, String form) throws IOException {
        return withRetries("POST " + uri.getRawPath() + " (token)", true, () -> client.send(HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT).header("User-Agent", USER_AGENT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    private static SSLContext trustingEveryCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS without verification", e);
        }
    }

    /**
     * Accepts every certificate and host name ({@code --tls-verify=false}): an extended trust manager, so
     * the JDK leaves host name checking to it, and it checks nothing.
     */
    private static final class TrustingManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
