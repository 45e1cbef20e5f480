package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, back-off, Retry-After and redirects of {@link RegistryTransport}, against a scripted HTTP server. */
class RegistryTransportTest {
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(server -> server.stop(0));
    }

    private RegistryOptions.Builder options() {
        return RegistryOptions.builder().sleeper(waits::add)
                .retryPolicy(RetryPolicy.of(4, Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(30)));
    }

    /** A server answering /v2/ with 200 and /v2/thing with the scripted statuses in turn (then 200). */
    private HttpServer server(Deque<Answer> script, List<String> authorizations) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().equals("/v2/")) {
                    respond(exchange, new Answer(200, null, null));
                    return;
                }
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                Answer answer = script.isEmpty() ? new Answer(200, null, null) : script.poll();
                respond(exchange, answer);
            }
        });
        server.start();
        servers.add(server);
        return server;
    }

    private record Answer(int status, String header, String value) {
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.header() != null) {
            exchange.getResponseHeaders().set(answer.header(), answer.value());
        }
        byte[] body = ("{\"status\":" + answer.status() + "}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
    }

    private static String host(HttpServer server) {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static int send(RegistryTransport transport, String target) throws IOException {
        HttpResponse<InputStream> response = transport.send(RegistryRequest.of("GET", target, Scope.pull("thing")));
        Bodies.discard(response.body());
        return response.statusCode();
    }

    @Test
    void honoursRetryAfterAndBacksOffExponentiallyOnServerErrors() throws IOException {
        Deque<Answer> script = new ArrayDeque<>(List.of(new Answer(429, "Retry-After", "7"),
                new Answer(500, null, null), new Answer(503, null, null)));
        HttpServer server = server(script, new ArrayList<>());
        RegistryTransport transport = new RegistryTransport(RegistryEndpoint.of(host(server), true), options().build());
        assertThat(send(transport, "/v2/thing")).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofMillis(200), Duration.ofMillis(250));
    }

    @Test
    void capsRetryAfterAndGivesTheLastAnswerWhenAttemptsRunOut() throws IOException {
        Deque<Answer> script = new ArrayDeque<>(List.of(new Answer(503, "Retry-After", "999999"),
                new Answer(503, null, null), new Answer(503, null, null), new Answer(503, null, null)));
        HttpServer server = server(script, new ArrayList<>());
        RegistryTransport transport = new RegistryTransport(RegistryEndpoint.of(host(server), true), options().build());
        assertThat(send(transport, "/v2/thing")).isEqualTo(503);
        assertThat(waits).containsExactly(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofMillis(250));
    }

    @Test
    void retriesConnectionErrorsThenSaysTheRegistryCannotBeReached() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RegistryTransport transport = new RegistryTransport(RegistryEndpoint.of("127.0.0.1:" + port, true),
                options().build());
        assertThatThrownBy(() -> send(transport, "/v2/thing"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("cannot reach registry 127.0.0.1:" + port)
                .hasMessageContaining("after 4 attempts");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
    }

    @Test
    void credentialsDoNotFollowARedirectToAnotherHost() throws IOException {
        List<String> seenByOther = new CopyOnWriteArrayList<>();
        HttpServer other = server(new ArrayDeque<>(), seenByOther);
        List<String> seenByRegistry = new CopyOnWriteArrayList<>();
        Deque<Answer> script = new ArrayDeque<>(List.of(new Answer(401, "WWW-Authenticate", "Basic realm=\"r\""),
                new Answer(307, "Location", "http://localhost:" + other.getAddress().getPort() + "/v2/blob")));
        HttpServer registry = server(script, seenByRegistry);
        RegistryTransport transport = new RegistryTransport(RegistryEndpoint.of(host(registry), true),
                options().credentials(RegistryCredentials.always(Credentials.of("u", "p", "test"))).build());
        assertThat(send(transport, "/v2/thing")).isEqualTo(200);
        assertThat(seenByRegistry).containsExactly("null", Credentials.of("u", "p", "test").basicAuthorization());
        assertThat(seenByOther).containsExactly("null");
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        RegistryTransport transport = new RegistryTransport(RegistryEndpoint.of("127.0.0.1:1", true),
                options().clock(java.time.Clock.fixed(java.time.Instant.parse("2026-12-04T10:00:00Z"),
                        java.time.ZoneOffset.UTC)).build());
        assertThat(transport.retryAfter(FakeResponse.withHeader("Retry-After", "Fri, 04 Dec 2026 10:00:42 GMT")))
                .contains(Duration.ofSeconds(42));
        assertThat(transport.retryAfter(FakeResponse.withHeader("Retry-After", "soon"))).isEmpty();
    }
}
