package io.imagestore.registry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A plain-HTTP proxy on 127.0.0.1 and a free port in front of a {@link TestRegistry}, for tests that must
 * see or steer what a client sends: it forwards every request (rewriting the registry's {@code Location}
 * answers to point back at itself), records each request line, counts the blob-upload requests in flight
 * (a {@code PUT} or {@code PATCH} under {@code /blobs/uploads/}) and keeps their maximum, can hold those
 * requests at a gate until a number of them are in flight together, and can refuse requests with
 * {@code 403 DENIED}, and lets a test act when a request arrives. The gate waits at most {@code gateTimeout}, so nothing hangs; {@link #close()}
 * opens the gate and stops the proxy.
 */
public final class RegistryProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "date");

    private final TestRegistry registry;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger gateWaits = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile Duration gateTimeout = Duration.ZERO;
    private volatile Predicate<String> refused = line -> false;
    private volatile Consumer<String> observer = line -> { };

    private RegistryProxy(TestRegistry registry) throws IOException {
        this.registry = registry;
        this.server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a proxy in front of {@code registry}. */
    public static RegistryProxy of(TestRegistry registry) throws IOException {
        return new RegistryProxy(registry);
    }

    /** {@code 127.0.0.1:PORT}, as a reference names the proxy (a registry on loopback, so plain HTTP). */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Holds each blob-upload request until {@code count} of them are in flight together, or
     * {@code timeout} passed; applies to the requests that arrive from now on.
     */
    public void gateUploads(int count, Duration timeout) {
        gateTimeout = timeout;
        gate = new CountDownLatch(count);
    }

    /** Lets every request held at the gate through, and no longer holds any. */
    public void openGate() {
        CountDownLatch current = gate;
        gate = new CountDownLatch(0);
        while (current.getCount() > 0) {
            current.countDown();
        }
    }

    /** Calls {@code action} with each request line before the request is forwarded (or refused). */
    public void observe(Consumer<String> action) {
        observer = action;
    }

    /** Answers {@code 403 DENIED} to the requests whose line ({@code METHOD /path?query}) {@code test} accepts. */
    public void refuse(Predicate<String> test) {
        refused = test;
    }

    /** The most blob-upload requests that were in flight at once so far. */
    public int maxUploadsInFlight() {
        return maxInFlight.get();
    }

    /** How many blob-upload requests the gate let through because its timeout passed (0 when it always opened). */
    public int gateTimeouts() {
        return gateWaits.get();
    }

    /** Every request line ({@code METHOD /path?query}) so far, in order of arrival. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            String line = method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            requests.add(line);
            observer.accept(line);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (refused.test(line)) {
                send(exchange, 403, Map.of("Content-Type", List.of("application/json")),
                        "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"refused by the test's proxy\"}]}"
                                .getBytes(StandardCharsets.UTF_8), method);
                return;
            }
            boolean upload = (method.equals("PUT") || method.equals("PATCH")) && uri.getRawPath().contains("/blobs/uploads/");
            if (upload) {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            }
            try {
                if (upload) {
                    awaitGate();
                }
                forward(exchange, method, line, body);
            } finally {
                if (upload) {
                    inFlight.decrementAndGet();
                }
            }
        }
    }

    private void awaitGate() {
        CountDownLatch current = gate;
        current.countDown();
        try {
            if (!current.await(gateTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                gateWaits.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange, String method, String line, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + registry.host()
                + line.substring(method.length() + 1))).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding " + line, e);
        }
        send(exchange, response.statusCode(), response.headers().map(), response.body(), method);
    }

    private void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body, String method)
            throws IOException {
        headers.forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name,
                        value.replace("http://" + registry.host(), "http://" + host())));
            }
        });
        boolean empty = body.length == 0 || method.equals("HEAD") || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        openGate();
        server.stop(0);
        threads.shutdownNow();
    }
}
