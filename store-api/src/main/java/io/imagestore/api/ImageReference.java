package io.imagestore.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A container image reference, normalised the way Docker does it ({@code ParseNormalizedNamed} of
 * distribution/reference).
 *
 * <p>Rules, in the order they apply:
 * <ul>
 *   <li>The first path component is a registry only when it is {@code localhost}, contains {@code .}
 *       or {@code :}, or has upper case; otherwise the registry is {@code docker.io}.
 *   <li>{@code index.docker.io} is an alias of {@code docker.io}; after that alias is applied, a
 *       single-component Docker Hub name gets {@code library/}, so {@code docker.io/busybox},
 *       {@code index.docker.io/busybox} and {@code busybox} are one reference.
 *   <li>The tag {@code latest} is added only when there is neither a tag nor a digest; a reference
 *       may carry both.
 *   <li>Repository path: lower case, at most 255 characters, components
 *       {@code [a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*}. Tag: {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}.
 *       Digest: {@code sha256}, {@code sha384} or {@code sha512} with exactly 64, 96 or 128
 *       lower-case hex digits. A bare 64-hex string is an image ID, not a name.
 * </ul>
 * Equality and hash code are by {@link #canonical()} form; {@code parse(r.canonical())} equals
 * {@code r}.
 */
public final class ImageReference {
    /** Docker Hub's registry name in canonical references. */
    public static final String DOCKER_HUB = "docker.io";
    private static final String LEGACY_DOCKER_HUB = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final String DEFAULT_TAG = "latest";
    private static final int MAX_PATH_LENGTH = 255;
    private static final int MAX_TAG_LENGTH = 128;
    private static final int MAX_INPUT_LENGTH = 4096;

    private final String registry;
    private final String repository;
    private final String tag;
    private final String digest;
    private final String canonical;
    private final String original;

    private ImageReference(String registry, String repository, String tag, String digest, String original) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
        this.original = original;
        this.canonical = spellsCanonical(original, registry, repository, tag, digest) ? original
                : canonical(registry, repository, tag, digest);
    }

    private static String canonical(String registry, String repository, String tag, String digest) {
        StringBuilder text = new StringBuilder(registry.length() + repository.length() + 80)
                .append(registry).append('/').append(repository);
        if (tag != null) {
            text.append(':').append(tag);
        }
        if (digest != null) {
            text.append('@').append(digest);
        }
        return text.toString();
    }

    /**
     * Whether {@code original} already is the canonical form of its parts, checked without building it,
     * so that a reference stored in canonical form (what builders usually write) shares its text.
     */
    private static boolean spellsCanonical(String original, String registry, String repository, String tag,
            String digest) {
        int length = registry.length() + 1 + repository.length() + (tag == null ? 0 : 1 + tag.length())
                + (digest == null ? 0 : 1 + digest.length());
        if (original.length() != length || !original.startsWith(registry)
                || original.charAt(registry.length()) != '/' || !original.startsWith(repository, registry.length() + 1)) {
            return false;
        }
        int next = registry.length() + 1 + repository.length();
        if (tag != null) {
            if (original.charAt(next) != ':' || !original.startsWith(tag, next + 1)) {
                return false;
            }
            next += 1 + tag.length();
        }
        return digest == null || original.charAt(next) == '@' && original.startsWith(digest, next + 1);
    }

    /**
     * Parses and normalises {@code text}.
     *
     * @throws InvalidReferenceException for any text that is not a valid reference, null included
     */
    public static ImageReference parse(String text) {
        if (text == null) {
            throw new InvalidReferenceException(null, "the reference is null; give a name such as alpine:3.20");
        }
        if (text.isEmpty()) {
            throw new InvalidReferenceException(text, "the reference is empty; give a name such as alpine:3.20");
        }
        if (text.length() > MAX_INPUT_LENGTH) {
            throw new InvalidReferenceException(text, "the reference is longer than " + MAX_INPUT_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new InvalidReferenceException(text, "character " + describe(c) + " at position " + i
                        + " is not allowed (references are printable ASCII without spaces)");
            }
        }
        if (text.length() == 64 && isLowerHex(text, 0, 64)) {
            throw new InvalidReferenceException(text,
                    "a bare 64-character hex string is an image ID, not a name; give a repository name");
        }
        return parseAscii(text);
    }

    private static ImageReference parseAscii(String text) {
        String name = text;
        String digest = null;
        int at = text.indexOf('@');
        if (at >= 0) {
            name = text.substring(0, at);
            digest = validateDigest(text, text.substring(at + 1), at + 1);
        }
        String tag = null;
        int lastColon = name.lastIndexOf(':');
        if (lastColon > name.lastIndexOf('/')) {
            tag = name.substring(lastColon + 1);
            name = name.substring(0, lastColon);
            validateTag(text, tag, lastColon + 1);
        }
        if (name.isEmpty()) {
            throw new InvalidReferenceException(text, "the repository name is missing");
        }
        String registry = DOCKER_HUB;
        String path = name;
        int slash = name.indexOf('/');
        if (slash >= 0 && looksLikeRegistry(name.substring(0, slash))) {
            registry = name.substring(0, slash);
            path = name.substring(slash + 1);
            validateRegistry(text, registry);
        }
        if (registry.equals(LEGACY_DOCKER_HUB)) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
            path = OFFICIAL_PREFIX + path;
        }
        validatePath(text, path);
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return new ImageReference(registry, path, tag, digest, text);
    }

    private static boolean looksLikeRegistry(String component) {
        if (component.equals("localhost") || component.indexOf('.') >= 0 || component.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < component.length(); i++) {
            if (Character.isUpperCase(component.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static void validateRegistry(String input, String registry) {
        String host = registry;
        String port = null;
        if (registry.startsWith("[")) {
            int close = registry.indexOf(']');
            if (close < 0) {
                throw new InvalidReferenceException(input, "registry " + registry + " opens '[' but never closes it");
            }
            host = registry.substring(0, close + 1);
            String rest = registry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    throw new InvalidReferenceException(input, "registry " + registry + " has text after ']' that is not a port");
                }
                port = rest.substring(1);
            }
            validateIpv6(input, host.substring(1, host.length() - 1), registry);
        } else {
            int colon = registry.indexOf(':');
            if (colon >= 0) {
                host = registry.substring(0, colon);
                port = registry.substring(colon + 1);
            }
            validateHostName(input, host, registry);
        }
        if (port != null && (port.isEmpty() || !allDigits(port))) {
            throw new InvalidReferenceException(input, "registry " + registry + " has an invalid port " + port
                    + " (a port is digits only)");
        }
    }

    private static void validateIpv6(String input, String address, String registry) {
        if (address.isEmpty()) {
            throw new InvalidReferenceException(input, "registry " + registry + " has an empty IPv6 address");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (!(c == ':' || isHex(c))) {
                throw new InvalidReferenceException(input, "registry " + registry
                        + " is not a valid IPv6 address in brackets (character '" + c + "')");
            }
        }
    }

    private static void validateHostName(String input, String host, String registry) {
        if (host.isEmpty()) {
            throw new InvalidReferenceException(input, "registry " + registry + " has an empty host name");
        }
        int start = 0;
        while (start <= host.length()) {
            int dot = host.indexOf('.', start);
            int end = dot < 0 ? host.length() : dot;
            if (!isLabel(host, start, end)) {
                throw new InvalidReferenceException(input, "registry " + registry + " is not a valid host name"
                        + " (labels are letters, digits and inner hyphens, separated by single dots)");
            }
            start = end + 1;
        }
    }

    /** Whether {@code text[from, to)} is a host-name label: letters, digits and inner hyphens. */
    private static boolean isLabel(String text, int from, int to) {
        if (to <= from || !isAlnum(text.charAt(from)) || !isAlnum(text.charAt(to - 1))) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!isAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static void validatePath(String input, String path) {
        if (path.length() > MAX_PATH_LENGTH) {
            throw new InvalidReferenceException(input, "the repository path " + path + " is " + path.length()
                    + " characters long; the limit is " + MAX_PATH_LENGTH);
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isUpperCase(path.charAt(i))) {
                throw new InvalidReferenceException(input, "repository name " + path + " must be lower case");
            }
        }
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (!isPathComponent(path, start, end)) {
                throw new InvalidReferenceException(input, "repository path component "
                        + Quoting.quote(path.substring(start, end)) + " is invalid: use lower-case letters and digits,"
                        + " separated by '.', '_', '__' or dashes, and neither start nor end with a separator");
            }
            start = end + 1;
        }
    }

    /**
     * Whether {@code text[from, to)} is a path component, {@code [a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*},
     * checked without a regex or a substring (every read of a sidecar parses its reference).
     */
    private static boolean isPathComponent(String text, int from, int to) {
        if (to <= from || !isLowerAlnum(text.charAt(from)) || !isLowerAlnum(text.charAt(to - 1))) {
            return false;
        }
        int i = from;
        while (i < to) {
            if (isLowerAlnum(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < to && !isLowerAlnum(text.charAt(i))) {
                i++;
            }
            if (!isSeparator(text, start, i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text[from, to)} (not empty) is {@code .}, {@code _}, {@code __} or dashes. */
    private static boolean isSeparator(String text, int from, int to) {
        char first = text.charAt(from);
        if (to - from == 1 && (first == '.' || first == '_')) {
            return true;
        }
        if (to - from == 2 && first == '_' && text.charAt(from + 1) == '_') {
            return true;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    private static void validateTag(String input, String tag, int position) {
        if (tag.isEmpty()) {
            throw new InvalidReferenceException(input, "the tag after ':' at position " + position + " is empty");
        }
        if (tag.length() > MAX_TAG_LENGTH) {
            throw new InvalidReferenceException(input, "the tag is " + tag.length() + " characters long; the limit is "
                    + MAX_TAG_LENGTH);
        }
        char first = tag.charAt(0);
        if (!(isAlnum(first) || first == '_')) {
            throw new InvalidReferenceException(input, "the tag " + tag + " must start with a letter, digit or '_'");
        }
        for (int i = 1; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!(isAlnum(c) || c == '_' || c == '.' || c == '-')) {
                throw new InvalidReferenceException(input, "the tag " + tag + " has character '" + c + "' at position "
                        + (position + i) + "; tags are letters, digits, '_', '.' and '-'");
            }
        }
    }

    private static String validateDigest(String input, String digest, int position) {
        int colon = digest.indexOf(':');
        if (colon < 0) {
            throw new InvalidReferenceException(input, "the digest after '@' at position " + position
                    + " must be algorithm:hex, for example sha256:<64 hex digits>");
        }
        String algorithm = digest.substring(0, colon);
        int expected;
        switch (algorithm) {
            case "sha256":
                expected = 64;
                break;
            case "sha384":
                expected = 96;
                break;
            case "sha512":
                expected = 128;
                break;
            default:
                throw new InvalidReferenceException(input, "unsupported digest algorithm " + Quoting.quote(algorithm)
                        + "; use sha256, sha384 or sha512");
        }
        int hexLength = digest.length() - colon - 1;
        if (hexLength != expected || !isLowerHex(digest, colon + 1, digest.length())) {
            throw new InvalidReferenceException(input, "a " + algorithm + " digest has exactly " + expected
                    + " lower-case hex digits");
        }
        return digest;
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAlnum(char c) {
        return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
    }

    /** The registry host (and port), for example {@code docker.io} or {@code localhost:5000}. */
    public String registry() {
        return registry;
    }

    /** The repository path within the registry, for example {@code library/alpine}. */
    public String repository() {
        return repository;
    }

    /** The tag, for example {@code latest}; empty when only a digest was given. */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** The digest, for example {@code sha256:…}; empty when none was given. */
    public Optional<String> digest() {
        return Optional.ofNullable(digest);
    }

    /** The text this reference was parsed from, exactly as given (not part of equality). */
    public String original() {
        return original;
    }

    /** {@code registry/repository} without tag or digest, for example {@code docker.io/library/alpine}. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The fully qualified form, for example {@code docker.io/library/alpine:latest}. */
    public String canonical() {
        return canonical;
    }

    /**
     * The short form Docker shows, for example {@code alpine:latest} or {@code ghcr.io/o/app:1}. Unlike
     * Docker's, it always parses back to this reference: {@code docker.io/a.b/c} keeps its registry.
     */
    public String familiar() {
        String shortName;
        if (!registry.equals(DOCKER_HUB)) {
            shortName = registry + "/" + repository;
        } else if (repository.startsWith(OFFICIAL_PREFIX)
                && repository.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            shortName = repository.substring(OFFICIAL_PREFIX.length());
        } else if (looksLikeRegistry(repository.substring(0, repository.indexOf('/')))) {
            // docker.io/a.b/c without its registry would read back as registry a.b: keep it.
            shortName = registry + "/" + repository;
        } else {
            shortName = repository;
        }
        return shortName + canonical.substring(registry.length() + 1 + repository.length());
    }

    /** Returns a reference with the same name and the given tag, keeping the digest. */
    public ImageReference withTag(String newTag) {
        return parse(name() + ":" + Objects.requireNonNull(newTag, "tag") + (digest == null ? "" : "@" + digest));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageReference && ((ImageReference) other).canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    /** The {@linkplain #canonical() canonical} form. */
    @Override
    public String toString() {
        return canonical;
    }
}
