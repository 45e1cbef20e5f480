package io.imagestore.registry.testing;

import io.imagestore.fs.testing.PeerTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The real CNCF distribution registry ({@code /usr/bin/docker-registry serve CONFIG}) on 127.0.0.1 and a
 * free port, with its storage in a directory of the test's: anonymous, behind an {@code htpasswd} file
 * (bcrypt, made by {@code htpasswd -Bbn}), or behind a {@link TokenIssuer} (the Bearer token flow). Ready
 * when {@code GET /v2/} answers (polled, at most {@value #READY_ATTEMPTS} times); {@link #stop()} and
 * {@link #start()} stop it and start it again on the same port and storage; {@link #close()} stops it.
 */
public final class TestRegistry implements AutoCloseable {
    private static final int READY_ATTEMPTS = 400;
    private static final long READY_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private final Path directory;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    private TestRegistry(Path directory, String auth) throws IOException {
        this.directory = directory;
        this.port = freePort();
        this.config = directory.resolve("config.yml");
        this.log = directory.resolve("registry.log");
        Files.createDirectories(storage());
        Files.writeString(config, "version: 0.1\n"
                + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + storage() + "\n"
                + "  delete:\n    enabled: true\n"
                + "  maintenance:\n    uploadpurging:\n      enabled: false\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: imagestore-test-secret\n"
                + auth, StandardCharsets.UTF_8);
    }

    /** An anonymous registry with its files under {@code directory}. */
    public static TestRegistry anonymous(Path directory) throws IOException, InterruptedException {
        return new TestRegistry(directory, "").started();
    }

    /** A registry that takes only {@code user} with {@code password} (Basic authentication). */
    public static TestRegistry withHtpasswd(Path directory, String user, String password)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path htpasswd = directory.resolve("htpasswd");
        Files.writeString(htpasswd, PeerTools.run(Duration.ofSeconds(30), "htpasswd", "-Bbn", user, password).trim()
                + "\n", StandardCharsets.UTF_8);
        return new TestRegistry(directory, "auth:\n  htpasswd:\n    realm: imagestore-test\n    path: " + htpasswd + "\n")
                .started();
    }

    /** A registry that takes only tokens {@code issuer} signed (the Bearer flow). */
    public static TestRegistry withTokens(Path directory, TokenIssuer issuer) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        return new TestRegistry(directory, "auth:\n  token:\n    realm: " + issuer.realm() + "\n"
                + "    service: " + TokenIssuer.SERVICE + "\n    issuer: " + TokenIssuer.ISSUER + "\n"
                + "    rootcertbundle: " + issuer.certificate() + "\n").started();
    }

    /** {@code 127.0.0.1:PORT}, as a reference names the registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The registry's storage root. */
    public Path storage() {
        return directory.resolve("storage");
    }

    /** The file holding blob {@code digest} ({@code sha256:…}) in the registry's storage. */
    public Path blobData(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return storage().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)
                .resolve("data");
    }

    private TestRegistry started() throws IOException, InterruptedException {
        start();
        return this;
    }

    /** Starts the registry (again) and waits until it answers. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path registry = PeerTools.require("docker-registry");
        process = new ProcessBuilder(registry.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        awaitReady();
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(2)).build();
        for (int attempt = 0; attempt < READY_ATTEMPTS; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ": " + log());
            }
            try {
                int status = client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            LockSupport.parkNanos(READY_POLL_NANOS);
        }
        stop();
        throw new IllegalStateException("docker-registry did not answer on " + host() + ": " + log());
    }

    /** What the registry printed. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the registry (SIGKILL) and waits until it is gone; open connections break. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("docker-registry on " + host() + " did not stop");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
