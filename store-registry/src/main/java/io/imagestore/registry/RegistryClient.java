package io.imagestore.registry;

import io.imagestore.api.Digest;
import io.imagestore.api.InvalidDigestException;
import io.imagestore.oci.Descriptor;
import io.imagestore.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The distribution API's exchanges with one registry, one method per exchange: manifests, blob
 * downloads (with {@code Range}), blob existence, uploads, mounts. Knows nothing of where images live.
 */
final class RegistryClient {
    /** Manifests and indexes larger than this are refused (containerd's limit). */
    static final int MAX_MANIFEST_BYTES = 4 << 20;
    private static final List<String> MANIFEST_TYPES = List.of(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
    private static final String ACCEPT = String.join(", ", MANIFEST_TYPES);

    private final RegistryTransport transport;

    RegistryClient(RegistryTransport transport) {
        this.transport = transport;
    }

    RegistryTransport transport() {
        return transport;
    }

    String registry() {
        return transport.endpoint().registry();
    }

    /**
     * The manifest or index {@code repository:reference} (a tag or a digest), verified: its media type is one
     * of the four accepted, and its digest is the one asked for (by digest) and the one the registry
     * claims in {@code Docker-Content-Digest}.
     *
     * @throws RemoteImageNotFoundException when the registry does not have it
     */
    FetchedManifest fetchManifest(String repository, String reference) throws IOException {
        String what = "manifest " + repository + (reference.contains(":") ? "@" : ":") + reference;
        RegistryRequest request = RegistryRequest.of("GET", "/v2/" + repository + "/manifests/" + reference,
                Scope.pull(repository)).header("Accept", ACCEPT);
        HttpResponse<InputStream> response = transport.send(request);
        if (response.statusCode() == 404) {
            throw notFound(response, what);
        }
        if (response.statusCode() != 200) {
            throw RegistryErrors.unexpected(transport, request, response, what);
        }
        String mediaType = response.headers().firstValue("Content-Type").map(RegistryClient::bareType).orElse("");
        byte[] bytes;
        try (InputStream body = response.body()) {
            bytes = Bodies.readAtMost(body, MAX_MANIFEST_BYTES, what + " from registry " + registry());
        }
        if (!MANIFEST_TYPES.contains(mediaType)) {
            throw new RegistryException("registry " + registry() + " served " + what + " as \"" + mediaType
                    + "\", which is neither an OCI nor a Docker schema 2 manifest or index (schema 1 is not supported)");
        }
        Optional<Digest> expected = reference.contains(":") ? Optional.of(parseDigest(reference, what)) : Optional.empty();
        Optional<Digest> claimed = response.headers().firstValue("Docker-Content-Digest")
                .map(value -> parseDigest(value.trim(), what + " (Docker-Content-Digest)"));
        Digest actual = digestOf(bytes, expected.or(() -> claimed).map(Digest::algorithm).orElse(Digest.SHA256));
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw new RegistryException("registry " + registry() + " served " + what + " with digest " + actual
                    + "; refusing it (the registry's content is corrupt or was tampered with)");
        }
        if (claimed.isPresent() && !claimed.get().equals(digestOf(bytes, claimed.get().algorithm()))) {
            throw new RegistryException("registry " + registry() + " served " + what + " with digest " + actual
                    + " but claimed " + claimed.get() + " in Docker-Content-Digest; refusing it");
        }
        return new FetchedManifest(mediaType, bytes, actual);
    }

    /**
     * Opens blob {@code blob} of {@code repository} from byte {@code offset} on; the answer is {@code 200}
     * (whole blob: the registry ignored the range) or {@code 206} (from {@code offset}).
     */
    HttpResponse<InputStream> openBlob(String repository, Descriptor blob, long offset) throws IOException {
        RegistryRequest request = RegistryRequest.of("GET", "/v2/" + repository + "/blobs/" + blob.digest(),
                Scope.pull(repository));
        if (offset > 0) {
            request = request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = transport.send(request);
        int status = response.statusCode();
        if (status == 200 || status == 206 && offset > 0) {
            return response;
        }
        String what = "blob " + blob.digest() + " of " + repository;
        if (status == 404) {
            throw notFound(response, what);
        }
        throw RegistryErrors.unexpected(transport, request, response, what);
    }

    private RemoteImageNotFoundException notFound(HttpResponse<InputStream> response, String what) {
        String code = RegistryErrors.code(response);
        return new RemoteImageNotFoundException("registry " + registry() + " has no " + what
                + (code.isEmpty() ? "" : " (" + code + ")") + "; check the name and tag");
    }

    private Digest parseDigest(String text, String what) {
        try {
            return Digest.parse(text);
        } catch (InvalidDigestException e) {
            throw new RegistryException("registry " + registry() + ": invalid digest for " + what + ": "
                    + e.getMessage(), e);
        }
    }

    static Digest digestOf(byte[] bytes, String algorithm) {
        return Digest.of(algorithm, Digest.newHasher(algorithm).digest(bytes));
    }

    /** The media type without parameters ({@code ; charset=…}) and white space, in lower case. */
    static String bareType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
