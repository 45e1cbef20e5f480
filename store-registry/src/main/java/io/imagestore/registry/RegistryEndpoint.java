package io.imagestore.registry;

import java.net.URI;
import java.util.Locale;

/**
 * The HTTP endpoint of a registry a reference names: {@code docker.io} is served by
 * {@code registry-1.docker.io} (as Docker does); every other registry by its own host and port. Whether
 * plain HTTP may be tried: only for loopback hosts (Docker treats {@code localhost} and {@code 127.0.0.0/8}
 * as insecure registries) or when TLS verification is turned off ({@code --tls-verify=false}). Loopback is
 * decided from the spelling alone, never by a DNS lookup.
 */
final class RegistryEndpoint {
    private static final String DOCKER_HUB_API = "registry-1.docker.io";

    private final String registry;
    private final String authority;
    private final boolean insecureAllowed;

    private RegistryEndpoint(String registry, String authority, boolean insecureAllowed) {
        this.registry = registry;
        this.authority = authority;
        this.insecureAllowed = insecureAllowed;
    }

    /** The endpoint of {@code registry} (a reference's registry part). */
    static RegistryEndpoint of(String registry, boolean tlsVerify) {
        String authority = "docker.io".equals(registry) || "index.docker.io".equals(registry) ? DOCKER_HUB_API
                : registry;
        return new RegistryEndpoint(registry, authority, !tlsVerify || isLoopback(authority));
    }

    /** The registry as references name it, for messages and credential look-ups. */
    String registry() {
        return registry;
    }

    /** Whether plain HTTP may be used when HTTPS does not answer. */
    boolean insecureAllowed() {
        return insecureAllowed;
    }

    /** The base URI {@code scheme://authority} for {@code https} or {@code http}. */
    URI base(boolean secure) {
        return URI.create((secure ? "https://" : "http://") + authority);
    }

    static boolean isLoopback(String authority) {
        String host = hostOf(authority).toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1")
                || host.matches("127(\\.[0-9]{1,3}){3}");
    }

    private static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(1, end);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    @Override
    public String toString() {
        return registry;
    }
}
