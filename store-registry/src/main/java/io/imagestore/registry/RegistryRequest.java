package io.imagestore.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to a registry, before authentication: method, target (a path such as
 * {@code /v2/library/nginx/manifests/latest}, or an absolute URL from a {@code Location} header), headers,
 * an optional body that can be sent again (retries, a second try after a 401), and the access it needs.
 */
final class RegistryRequest {
    private final String method;
    private final String target;
    private final List<String> headers;
    private final Scope scope;
    private final Optional<Body> body;

    private RegistryRequest(String method, String target, List<String> headers, Scope scope, Optional<Body> body) {
        this.method = method;
        this.target = target;
        this.headers = List.copyOf(headers);
        this.scope = scope;
        this.body = body;
    }

    static RegistryRequest of(String method, String target, Scope scope) {
        return new RegistryRequest(method, target, List.of(), scope, Optional.empty());
    }

    /** This request with one more header. */
    RegistryRequest header(String name, String value) {
        List<String> more = new ArrayList<>(headers);
        more.add(name);
        more.add(value);
        return new RegistryRequest(method, target, more, scope, body);
    }

    /** This request with {@code value} as its body. */
    RegistryRequest body(Body value) {
        return new RegistryRequest(method, target, headers, scope, Optional.of(value));
    }

    String method() {
        return method;
    }

    String target() {
        return target;
    }

    Scope scope() {
        return scope;
    }

    /** Header names and values, alternating. */
    List<String> headers() {
        return headers;
    }

    /**
     * Whether sending it twice does no harm, so that a connection error after it may have reached the
     * registry can be retried: every method but {@code POST} and {@code PATCH} (which open and extend
     * upload sessions).
     */
    boolean idempotent() {
        return !method.equals("POST") && !method.equals("PATCH");
    }

    HttpRequest.BodyPublisher publisher() {
        return body.map(Body::publisher).orElseGet(HttpRequest.BodyPublishers::noBody);
    }

    /** {@code METHOD target}, for messages (targets never hold credentials). */
    @Override
    public String toString() {
        return method + " " + target;
    }

    /** A request body that can be produced again for each attempt. */
    interface Body {
        HttpRequest.BodyPublisher publisher();

        static Body of(byte[] bytes) {
            Objects.requireNonNull(bytes, "bytes");
            return () -> HttpRequest.BodyPublishers.ofByteArray(bytes);
        }

        /** {@code length} bytes that {@code source} opens afresh for each attempt. */
        static Body of(long length, StreamOpener source) {
            return () -> HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> {
                        try {
                            return source.open();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }), length);
        }
    }

    /** Opens a stream of the body's bytes. */
    @FunctionalInterface
    interface StreamOpener {
        InputStream open() throws IOException;
    }
}
