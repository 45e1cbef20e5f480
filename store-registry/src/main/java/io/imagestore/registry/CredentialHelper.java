package io.imagestore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A Docker credential helper: the program {@code docker-credential-NAME} on the search path (Docker's
 * {@code credsStore} and {@code credHelpers}; {@code osxkeychain}, {@code pass}, {@code secretservice},
 * {@code ecr-login}, {@code gcloud}, …), spoken to as Docker does. {@code get}: the server address on
 * stdin, {@code {"ServerURL":…,"Username":…,"Secret":…}} on stdout; a user {@code <token>} means the
 * secret is an identity token; exit status 1 with {@code credentials not found in native keychain} means
 * none. {@code store}: that JSON on stdin. {@code erase}: the server address on stdin. The server address
 * of Docker Hub is {@code https://index.docker.io/v1/}, of other registries their host.
 *
 * <p>A helper may ask its user (a keychain prompt), so it gets a minute; its output is bounded. The secret
 * never reaches a message: a failure quotes at most the first line of the helper's output, and not even
 * that when it holds the secret.
 */
final class CredentialHelper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String NOT_FOUND = "credentials not found in native keychain";
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final int MAX_OUTPUT = 1 << 20;
    private static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

    private final String name;
    private final Path program;

    private CredentialHelper(String name, Path program) {
        this.name = name;
        this.program = program;
    }

    /**
     * The helper {@code docker-credential-NAME} from the first directory of {@code searchPath} that has it,
     * empty when none has it.
     *
     * @throws RegistryException when the name is not a plain program name ({@code configuredIn} says where
     *     it was read)
     */
    static Optional<CredentialHelper> find(String name, List<Path> searchPath, String configuredIn) {
        if (!NAME.matcher(name).matches()) {
            throw new RegistryException("the credential helper name \"" + name + "\" in " + configuredIn
                    + " is not a plain program name; fix it");
        }
        for (Path directory : searchPath) {
            Path candidate = directory.resolve(programName(name));
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new CredentialHelper(name, candidate));
            }
        }
        return Optional.empty();
    }

    /** The program a helper {@code name} is: {@code docker-credential-NAME}. */
    static String programName(String name) {
        return "docker-credential-" + name;
    }

    /** The address a helper files the credentials of {@code registry} under (Docker Hub's is a URL). */
    static String serverAddress(String registry) {
        return AuthFile.normalise(registry).equals("docker.io") ? DOCKER_HUB_SERVER : registry;
    }

    /** The credentials the helper holds for {@code registry}, empty when it holds none. */
    Optional<Credentials> get(String registry) {
        String server = serverAddress(registry);
        Result result = run("get", server);
        if (result.status != 0) {
            if (result.output.trim().equals(NOT_FOUND)) {
                return Optional.empty();
            }
            throw failed("get", result, Optional.empty());
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(result.output);
        } catch (IOException e) {
            throw new RegistryException("the credential helper " + program + " answered 'get' for " + server
                    + " with something that is not JSON");
        }
        String username = answer == null ? "" : answer.path("Username").asText("");
        String secret = answer == null ? "" : answer.path("Secret").asText("");
        String source = "credential helper " + program.getFileName();
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (username.equals(Credentials.IDENTITY_TOKEN_USER)) {
            return Optional.of(Credentials.identityToken(secret, source));
        }
        if (username.isEmpty()) {
            throw new RegistryException("the credential helper " + program + " gave a secret without a user name for "
                    + server + "; log in again with 'imagestore login " + registry + "'");
        }
        return Optional.of(Credentials.of(username, secret, source));
    }

    /** Hands {@code credentials} for {@code registry} to the helper. */
    void store(String registry, Credentials credentials) {
        ObjectNode request = JSON.createObjectNode();
        request.put("ServerURL", serverAddress(registry));
        request.put("Username", credentials.username());
        request.put("Secret", credentials.password());
        Result result;
        try {
            result = run("store", JSON.writeValueAsString(request));
        } catch (IOException e) {
            throw new RegistryException("cannot hand credentials to the credential helper " + program, e);
        }
        if (result.status != 0) {
            throw failed("store", result, Optional.of(credentials.password()));
        }
    }

    /**
     * Asks the helper to forget {@code registry}.
     *
     * @return whether it held credentials for it
     */
    boolean erase(String registry) {
        Result result = run("erase", serverAddress(registry));
        if (result.status == 0) {
            return true;
        }
        if (result.output.trim().equals(NOT_FOUND)) {
            return false;
        }
        throw failed("erase", result, Optional.empty());
    }

    private record Result(int status, String output) {}

    private Result run(String action, String input) {
        Process process;
        try {
            process = new ProcessBuilder(program.toString(), action)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new RegistryException("cannot run the credential helper " + program + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream out = process.getInputStream()) {
                return out.readNBytes(MAX_OUTPUT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> {
            Thread reader = new Thread(task, "imagestore-credential-helper");
            reader.setDaemon(true);
            reader.start();
        });
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // A helper that exits without reading its input: its status and output say what happened.
            }
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RegistryException("the credential helper " + program + " did not answer '" + action
                        + "' within " + TIMEOUT.toSeconds() + " s");
            }
            return new Result(process.exitValue(), new String(output.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while the credential helper " + program + " ran",
                    new InterruptedIOException(e.getMessage()));
        } catch (ExecutionException | TimeoutException e) {
            throw new RegistryException("cannot read the answer of the credential helper " + program + ": "
                    + e.getCause(), e);
        } finally {
            process.destroyForcibly();
        }
    }

    private RegistryException failed(String action, Result result, Optional<String> secret) {
        String first = result.output.strip().lines().findFirst().orElse("");
        String line = first.length() > 200 ? first.substring(0, 200) + "…" : first;
        boolean quotable = !line.isEmpty() && secret.map(value -> !line.contains(value)).orElse(true);
        return new RegistryException("the credential helper " + program + " failed to " + action + " credentials"
                + " (exit status " + result.status + (quotable ? ": " + line : "") + ")");
    }

    @Override
    public String toString() {
        return "CredentialHelper[" + name + " = " + program + "]";
    }
}
