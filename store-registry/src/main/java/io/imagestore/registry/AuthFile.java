package io.imagestore.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A registry auth file as Docker, Podman and skopeo write it:
 * {@code {"auths":{"127.0.0.1:5000":{"auth":"<base64 of user:password>"}}, …}}. Keys may also be spelled
 * as URLs ({@code https://index.docker.io/v1/}); a key matches a registry when, without scheme and path,
 * it names the same host ({@code index.docker.io} and {@code registry-1.docker.io} count as
 * {@code docker.io}). Other top-level fields (Docker's {@code credsStore}, {@code credHelpers}, …) are
 * kept untouched when the file is rewritten, but credential helpers are not run.
 *
 * <p>Writes ({@link #store}, {@link #remove}) go to a temp file beside the file, created owner-only
 * ({@code 0600}), forced to disk and renamed over it, so the file is never torn or readable by others;
 * a missing directory is created owner-only ({@code 0700}). Messages name the file, never its contents.
 */
public final class AuthFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SIZE = 4 << 20;

    private final Path path;

    private AuthFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The auth file at {@code path} (it need not exist yet). */
    public static AuthFile at(Path path) {
        return new AuthFile(path.toAbsolutePath());
    }

    /**
     * Where credentials are looked up, in order: {@code $REGISTRY_AUTH_FILE},
     * {@code $XDG_RUNTIME_DIR/containers/auth.json}, {@code ~/.docker/config.json} (those whose variable is
     * set).
     */
    public static List<Path> searchPath(Map<String, String> environment, Path home) {
        List<Path> paths = new ArrayList<>();
        variable(environment, "REGISTRY_AUTH_FILE").ifPresent(value -> paths.add(Path.of(value)));
        variable(environment, "XDG_RUNTIME_DIR").ifPresent(value -> paths.add(Path.of(value, "containers", "auth.json")));
        paths.add(home.resolve(".docker").resolve("config.json"));
        return paths;
    }

    /** Where {@code login} writes: the first of {@link #searchPath}. */
    public static Path defaultPath(Map<String, String> environment, Path home) {
        return searchPath(environment, home).get(0);
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** Credentials from the first of {@code files} that has an entry for the registry. */
    public static RegistryCredentials chain(List<Path> files) {
        List<AuthFile> authFiles = files.stream().map(AuthFile::at).toList();
        return registry -> {
            for (AuthFile file : authFiles) {
                Optional<Credentials> found = file.lookup(registry);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        };
    }

    /** The file's path. */
    public Path path() {
        return path;
    }

    /**
     * The credentials stored for {@code registry}, empty when the file or the entry does not exist.
     *
     * @throws RegistryException when the file is not a valid auth file (naming it)
     */
    public Optional<Credentials> lookup(String registry) {
        Optional<ObjectNode> root = read();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        JsonNode auths = root.get().path("auths");
        JsonNode exact = auths.get(registry);
        if (exact != null) {
            return Optional.of(credentials(exact, registry));
        }
        String wanted = normalise(registry);
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (normalise(entry.getKey()).equals(wanted)) {
                return Optional.of(credentials(entry.getValue(), entry.getKey()));
            }
        }
        return Optional.empty();
    }

    /** Stores {@code credentials} for {@code registry}, replacing any entry for it, owner-only. */
    public void store(String registry, Credentials credentials) {
        ObjectNode root = read().orElseGet(JSON::createObjectNode);
        ObjectNode auths = root.path("auths").isObject() ? (ObjectNode) root.get("auths") : root.putObject("auths");
        removeEntries(auths, registry);
        auths.putObject(registry).put("auth", Base64.getEncoder().encodeToString(
                (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)));
        write(root);
    }

    /**
     * Removes every entry for {@code registry}.
     *
     * @return whether there was one
     */
    public boolean remove(String registry) {
        Optional<ObjectNode> root = read();
        if (root.isEmpty() || !root.get().path("auths").isObject()) {
            return false;
        }
        if (!removeEntries((ObjectNode) root.get().get("auths"), registry)) {
            return false;
        }
        write(root.get());
        return true;
    }

    private static boolean removeEntries(ObjectNode auths, String registry) {
        String wanted = normalise(registry);
        boolean removed = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            if (normalise(it.next().getKey()).equals(wanted)) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }

    /** A key or registry without scheme and path, Docker Hub's aliases as {@code docker.io}. */
    static String normalise(String key) {
        String host = key.toLowerCase(Locale.ROOT);
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        return host.equals("index.docker.io") || host.equals("registry-1.docker.io") ? "docker.io" : host;
    }

    private Credentials credentials(JsonNode entry, String key) {
        String source = "auth file " + path + " (entry " + key + ")";
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RegistryException("the \"auth\" of entry " + key + " in auth file " + path
                        + " is not base64; log in again with 'imagestore login'");
            }
            try {
                return Credentials.parse(decoded, source);
            } catch (IllegalArgumentException e) {
                throw new RegistryException("the \"auth\" of entry " + key + " in auth file " + path
                        + " is not user:password; log in again with 'imagestore login'");
            }
        }
        String username = entry.path("username").asText("");
        if (!username.isEmpty()) {
            return Credentials.of(username, entry.path("password").asText(""), source);
        }
        throw new RegistryException("entry " + key + " in auth file " + path + " has no credentials (credential "
                + "helpers are not supported); log in with 'imagestore login'");
    }

    private Optional<ObjectNode> read() {
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_SIZE) {
                throw new RegistryException("auth file " + path + " is larger than " + MAX_SIZE + " bytes");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RegistryException("cannot read auth file " + path + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new RegistryException("auth file " + path + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + "); fix or remove it");
        } catch (IOException e) {
            throw new RegistryException("cannot read auth file " + path + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Optional.empty();
        }
        if (!root.isObject() || root.has("auths") && !root.get("auths").isObject()) {
            throw new RegistryException("auth file " + path + " is not a JSON object with an \"auths\" object; "
                    + "fix or remove it");
        }
        return Optional.of((ObjectNode) root);
    }

    private void write(ObjectNode root) {
        Path directory = path.getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path temp = directory.resolve("." + path.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            if (!Files.isDirectory(directory)) {
                if (posix) {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(directory);
                }
            }
            FileAttribute<?>[] ownerOnly = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
            try (FileChannel channel = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), ownerOnly);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                out.write('\n');
                out.flush();
                channel.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new RegistryException("cannot write auth file " + path + ": " + e.getMessage(), e);
        }
    }
}
