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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry auth file as Docker, Podman and skopeo write it:
 * {@code {"auths":{"127.0.0.1:5000":{"auth":"<base64 of user:password>"}}, …}}. Keys may also be spelled
 * as URLs ({@code https://index.docker.io/v1/}); a key matches a registry when, without scheme and path,
 * it names the same host ({@code index.docker.io} and {@code registry-1.docker.io} count as
 * {@code docker.io}). An entry holds {@code auth} (base64 of {@code user:password}), or {@code username} and
 * {@code password}, or an OAuth {@code identitytoken}.
 *
 * <p><b>Credential helpers</b>, as Docker runs them: a registry named in {@code credHelpers} (matched like
 * the keys of {@code auths}) gets its credentials from {@code docker-credential-<that name>}; else, when
 * {@code credsStore} is set, every registry gets them from {@code docker-credential-<credsStore>}; else
 * {@code auths} has them (see {@link CredentialHelper} for the protocol). {@link #store} and
 * {@link #remove} hand the credentials to that helper too, and keep an empty {@code auths} entry for the
 * registry, as Docker does. When the helper holds nothing for the registry, or is named but not installed
 * (warned about), the {@code auths} entry is used, as Docker falls back to it; a helper that fails is an
 * error. An entry without credentials (such as that empty one) means anonymous access. Other top-level
 * fields are kept untouched when the file is rewritten.
 *
 * <p>Writes ({@link #store}, {@link #remove}) go to a temp file beside the file, created owner-only
 * ({@code 0600}), forced to disk and renamed over it, so the file is never torn or readable by others;
 * a missing directory is created owner-only ({@code 0700}). Messages name the file, never its contents.
 */
public final class AuthFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SIZE = 4 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(AuthFile.class);

    private final Path path;
    private final List<Path> helperPath;

    private AuthFile(Path path, List<Path> helperPath) {
        this.path = Objects.requireNonNull(path, "path");
        this.helperPath = List.copyOf(helperPath);
    }

    /** The auth file at {@code path} (it need not exist yet); credential helpers are looked for on {@code $PATH}. */
    public static AuthFile at(Path path) {
        return at(path, searchPathOf(System.getenv("PATH")));
    }

    /**
     * The auth file at {@code path}, its credential helpers ({@code docker-credential-NAME}) looked for in
     * the directories of {@code helperPath}, in order.
     */
    public static AuthFile at(Path path, List<Path> helperPath) {
        return new AuthFile(path.toAbsolutePath(), helperPath);
    }

    /** The directories of a {@code PATH} value ({@code :}-separated on Unix), empty entries left out. */
    public static List<Path> searchPathOf(String pathVariable) {
        List<Path> directories = new ArrayList<>();
        if (pathVariable != null) {
            for (String entry : pathVariable.split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    directories.add(Path.of(entry));
                }
            }
        }
        return directories;
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

    /** Credentials from the first of {@code files} that has an entry for the registry (helpers on {@code $PATH}). */
    public static RegistryCredentials chain(List<Path> files) {
        return chain(files, searchPathOf(System.getenv("PATH")));
    }

    /** Credentials from the first of {@code files} that has some for the registry, helpers looked for in {@code helperPath}. */
    public static RegistryCredentials chain(List<Path> files, List<Path> helperPath) {
        List<AuthFile> authFiles = files.stream().map(file -> at(file, helperPath)).toList();
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
        Optional<String> helperName = helperName(root.get(), registry);
        if (helperName.isPresent()) {
            Optional<Credentials> fromHelper = helper(helperName.get()).flatMap(helper -> helper.get(registry));
            if (fromHelper.isPresent()) {
                return fromHelper;
            }
        }
        JsonNode auths = root.get().path("auths");
        JsonNode exact = auths.get(registry);
        if (exact != null) {
            return credentials(exact, registry);
        }
        String wanted = normalise(registry);
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (normalise(entry.getKey()).equals(wanted)) {
                return credentials(entry.getValue(), entry.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * Stores {@code credentials} for {@code registry}, replacing any entry for it: in the file, owner-only,
     * or with the credential helper the file names for the registry (the file then keeps an empty entry).
     *
     * @throws RegistryException when the file is not a valid auth file, or its helper is missing or fails
     */
    public void store(String registry, Credentials credentials) {
        ObjectNode root = read().orElseGet(JSON::createObjectNode);
        Optional<String> helperName = helperName(root, registry);
        if (helperName.isPresent()) {
            requiredHelper(helperName.get()).store(registry, credentials);
        }
        ObjectNode auths = root.path("auths").isObject() ? (ObjectNode) root.get("auths") : root.putObject("auths");
        removeEntries(auths, registry);
        ObjectNode entry = auths.putObject(registry);
        if (helperName.isPresent()) {
            LOG.debug("credentials for {} handed to credential helper {}", registry, helperName.get());
        } else if (credentials.isIdentityToken()) {
            entry.put("identitytoken", credentials.password());
        } else {
            entry.put("auth", Base64.getEncoder().encodeToString(
                    (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)));
        }
        write(root);
    }

    /**
     * The credential helper the file names for {@code registry}: its {@code credHelpers} entry, else its
     * {@code credsStore}.
     */
    private static Optional<String> helperName(ObjectNode root, String registry) {
        JsonNode helpers = root.path("credHelpers");
        if (helpers.isObject()) {
            String wanted = normalise(registry);
            for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (normalise(entry.getKey()).equals(wanted) && !entry.getValue().asText("").isEmpty()) {
                    return Optional.of(entry.getValue().asText());
                }
            }
        }
        String store = root.path("credsStore").asText("");
        return store.isEmpty() ? Optional.empty() : Optional.of(store);
    }

    /** The helper {@code name}, or a warning and empty when it is not installed (the file's entries are used). */
    private Optional<CredentialHelper> helper(String name) {
        Optional<CredentialHelper> helper = CredentialHelper.find(name, helperPath, "auth file " + path);
        if (helper.isEmpty()) {
            LOG.warn("{}: using the file's own entries", missing(name));
        }
        return helper;
    }

    /** The helper {@code name}, which must be installed: credentials are to be stored or erased there. */
    private CredentialHelper requiredHelper(String name) {
        return CredentialHelper.find(name, helperPath, "auth file " + path).orElseThrow(() ->
                new RegistryException(missing(name) + "; install it, or remove it from that file"));
    }

    private String missing(String name) {
        return "the credential helper " + CredentialHelper.programName(name) + " named in auth file " + path
                + " is not on the PATH";
    }

    /**
     * Removes every entry for {@code registry}.
     *
     * @return whether there was one
     */
    public boolean remove(String registry) {
        Optional<ObjectNode> root = read();
        if (root.isEmpty()) {
            return false;
        }
        Optional<String> helperName = helperName(root.get(), registry);
        boolean erased = helperName.isPresent() && requiredHelper(helperName.get()).erase(registry);
        if (!root.get().path("auths").isObject() || !removeEntries((ObjectNode) root.get().get("auths"), registry)) {
            return erased;
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

    private Optional<Credentials> credentials(JsonNode entry, String key) {
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
                return Optional.of(Credentials.parse(decoded, source));
            } catch (IllegalArgumentException e) {
                throw new RegistryException("the \"auth\" of entry " + key + " in auth file " + path
                        + " is not user:password; log in again with 'imagestore login'");
            }
        }
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credentials.identityToken(identityToken, source));
        }
        String username = entry.path("username").asText("");
        if (!username.isEmpty()) {
            return Optional.of(Credentials.of(username, entry.path("password").asText(""), source));
        }
        LOG.debug("entry {} in auth file {} holds no credentials: going anonymously", key, path);
        return Optional.empty();
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
