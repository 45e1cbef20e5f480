package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.imagestore.api.Digest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a registry's manifest answer must satisfy ({@link RegistryClient#fetchManifest}), against a
 * scripted server: an accepted media type, the digest asked for, and the digest it claims.
 */
class ManifestChecksTest {
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
            + "a".repeat(64) + "\",\"size\":2},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = RegistryClient.digestOf(MANIFEST, Digest.SHA256);

    private final List<String> accepts = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A registry serving {@link #MANIFEST} as {@code contentType}, claiming {@code claimed} (or nothing). */
    private RegistryClient registry(String contentType, String claimed) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().equals("/v2/")) {
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                accepts.add(exchange.getRequestHeaders().getFirst("Accept"));
                exchange.getResponseHeaders().set("Content-Type", contentType);
                if (claimed != null) {
                    exchange.getResponseHeaders().set("Docker-Content-Digest", claimed);
                }
                exchange.sendResponseHeaders(200, MANIFEST.length);
                exchange.getResponseBody().write(MANIFEST);
            }
        });
        server.start();
        String host = "127.0.0.1:" + server.getAddress().getPort();
        return new RegistryClient(new RegistryTransport(RegistryEndpoint.of(host, true), RegistryOptions.defaults()));
    }

    @Test
    void acceptsTheFourManifestTypesAndVerifiesTheDigest() throws IOException {
        FetchedManifest fetched = registry("application/vnd.oci.image.manifest.v1+json; charset=utf-8", DIGEST.toString())
                .fetchManifest("team/app", "1");
        assertThat(fetched.digest()).isEqualTo(DIGEST);
        assertThat(fetched.bytes()).isEqualTo(MANIFEST);
        assertThat(accepts.get(0)).contains("application/vnd.oci.image.index.v1+json",
                "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.docker.distribution.manifest.list.v2+json",
                "application/vnd.docker.distribution.manifest.v2+json");
    }

    @Test
    void refusesAManifestWhoseDigestIsNotTheOneAskedFor() throws IOException {
        String other = "sha256:" + "b".repeat(64);
        assertThatThrownBy(() -> registry("application/vnd.oci.image.manifest.v1+json", null)
                .fetchManifest("team/app", other))
                .isInstanceOf(RegistryException.class).hasMessageContaining(DIGEST.toString())
                .hasMessageContaining("refusing");
    }

    @Test
    void refusesADockerContentDigestThatIsNotTheContent() throws IOException {
        assertThatThrownBy(() -> registry("application/vnd.oci.image.manifest.v1+json", "sha256:" + "c".repeat(64))
                .fetchManifest("team/app", "1"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("Docker-Content-Digest");
        stop();
        assertThatThrownBy(() -> registry("application/vnd.oci.image.manifest.v1+json", "md5:abc")
                .fetchManifest("team/app", "1"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("invalid digest");
    }

    @Test
    void refusesSchemaOneAndOtherMediaTypes() throws IOException {
        assertThatThrownBy(() -> registry("application/vnd.docker.distribution.manifest.v1+prettyjws", null)
                .fetchManifest("team/app", "1"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("schema 1 is not supported");
    }
}
