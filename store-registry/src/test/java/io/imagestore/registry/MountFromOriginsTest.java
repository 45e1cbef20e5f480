package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.testing.PeerTools;
import io.imagestore.registry.testing.RegistryProxy;
import io.imagestore.registry.testing.TestImages;
import io.imagestore.registry.testing.TestRegistry;
import io.imagestore.registry.testing.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-repository mounts from where a blob came from, against the real registry: a pulled image tagged
 * into another repository of the same registry pushes by mounting every blob from the repository it was
 * pulled from; a recorded repository the registry does not have falls back to an upload into the session
 * the mount attempt opened; with token auth, the token asked for covers pulling from the mount's source.
 */
class MountFromOriginsTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final String USER = "mallory";
    private static final String PASSWORD = "mount-Pa55word-frotz";

    @TempDir
    static Path directory;
    private static TestRegistry registry;
    private static TestRegistry elsewhere;
    private static RegistryProxy proxy;
    private static TokenIssuer issuer;
    private static TestRegistry bearer;
    private static TestImages images;

    @TempDir
    Path storeRoot;

    @BeforeAll
    static void startRegistries() throws Exception {
        registry = TestRegistry.anonymous(directory.resolve("registry"));
        elsewhere = TestRegistry.anonymous(directory.resolve("elsewhere"));
        proxy = RegistryProxy.of(registry);
        issuer = TokenIssuer.start(directory.resolve("issuer"), USER, PASSWORD);
        bearer = TestRegistry.withTokens(directory.resolve("bearer"), issuer);
        images = TestImages.in(directory.resolve("images")).image("img", "linux", "amd64",
                List.of(Map.of("etc/one", "one".getBytes(StandardCharsets.UTF_8)),
                        Map.of("etc/two", "two".getBytes(StandardCharsets.UTF_8))));
        images.push("img", registry, "a/img:1", null);
        images.push("img", elsewhere, "a/img:1", null);
        images.push("img", bearer, "a/img:1", USER + ":" + PASSWORD);
    }

    @AfterAll
    static void stopRegistries() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {proxy, registry, elsewhere, bearer, issuer}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private static String skopeoDigest(String host, String repositoryAndTag, String creds) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "inspect", "--tls-verify=false"));
        if (creds != null) {
            command.add("--creds");
            command.add(creds);
        }
        command.add("docker://" + host + "/" + repositoryAndTag);
        String json = PeerTools.run(Duration.ofMinutes(1), command.toArray(String[]::new));
        return new ObjectMapper().readTree(json.substring(json.indexOf('{'))).path("Digest").asText();
    }

    private static List<Digest> blobs() throws Exception {
        List<Digest> digests = new ArrayList<>();
        images.layers("img").forEach(layer -> digests.add(Digest.parse(layer.path("digest").asText())));
        return digests;
    }

    @Test
    void aPulledImageTaggedIntoAnotherRepositoryMountsEveryBlobFromWhereItWasPulled() throws Exception {
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            ImageReference pulled = ImageReference.parse(registry.host() + "/a/img:1");
            new ImagePuller(store, RegistryOptions.defaults()).pull(pulled, PullPolicy.ALWAYS, AMD64, PullListener.NONE);
            for (Digest blob : blobs()) {
                assertThat(store.blobs().origins(blob)).containsExactly(registry.host() + "/a/img");
            }
            ImageReference tagged = ImageReference.parse(registry.host() + "/b/img:1");
            store.tag(pulled, tagged);

            PulledEvents events = new PulledEvents();
            PushedImage pushed = new ImagePusher(store, RegistryOptions.defaults()).push(tagged, tagged, events);
            assertThat(pushed.mounted()).isEqualTo(blobs().size() + 1);
            assertThat(pushed.uploaded() + pushed.existing()).isZero();
            assertThat(events.statuses()).contains("Mounted from a/img").doesNotContain("Pushing", "Pushed");
            assertThat(skopeoDigest(registry.host(), "b/img:1", null)).isEqualTo(images.digest("img"));
            for (Digest blob : blobs()) {
                assertThat(store.blobs().origins(blob))
                        .containsExactly(registry.host() + "/b/img", registry.host() + "/a/img");
            }
        }
    }

    @Test
    void aRecordedRepositoryTheRegistryLacksFallsBackToAnUploadInTheSessionItOpened() throws Exception {
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            ImageReference pulled = ImageReference.parse(elsewhere.host() + "/a/img:1");
            new ImagePuller(store, RegistryOptions.defaults()).pull(pulled, PullPolicy.ALWAYS, AMD64, PullListener.NONE);
            List<Digest> all = new ArrayList<>(blobs());
            for (Digest blob : all) {
                store.blobs().addOrigin(blob, proxy.host() + "/nowhere/img");
            }
            ImageReference destination = ImageReference.parse(proxy.host() + "/c/img:1");
            PushedImage pushed = new ImagePusher(store, RegistryOptions.defaults()).push(pulled, destination,
                    PullListener.NONE);
            assertThat(pushed.mounted()).isZero();
            assertThat(pushed.uploaded()).isEqualTo(all.size() + 1);
            assertThat(skopeoDigest(registry.host(), "c/img:1", null)).isEqualTo(images.digest("img"));
            List<String> sessions = proxy.requests().stream().filter(line -> line.startsWith("POST /v2/c/img/blobs/uploads/"))
                    .toList();
            assertThat(sessions).as("one session per blob: the failed mount's, or (the config, no origin) a plain one")
                    .hasSize(all.size() + 1);
            assertThat(sessions.stream().filter(line -> line.contains("mount="))).hasSize(all.size())
                    .allMatch(line -> line.contains("from=nowhere%2Fimg"));
            for (Digest blob : all) {
                assertThat(store.blobs().origins(blob).get(0)).isEqualTo(proxy.host() + "/c/img");
            }
        }
    }

    @Test
    void withTokensTheMountAsksForPullOnTheRepositoryItMountsFrom() throws Exception {
        RegistryOptions options = RegistryOptions.builder()
                .credentials(RegistryCredentials.always(Credentials.of(USER, PASSWORD, "--creds"))).build();
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            ImageReference pulled = ImageReference.parse(bearer.host() + "/a/img:1");
            new ImagePuller(store, options).pull(pulled, PullPolicy.ALWAYS, AMD64, PullListener.NONE);
            ImageReference tagged = ImageReference.parse(bearer.host() + "/b/img:1");
            store.tag(pulled, tagged);
            int before = issuer.requests().size();
            PushedImage pushed = new ImagePusher(store, options).push(tagged, tagged, PullListener.NONE);
            assertThat(pushed.mounted()).isEqualTo(blobs().size() + 1);
            assertThat(issuer.requests().subList(before, issuer.requests().size()))
                    .anyMatch(scopes -> List.of(scopes.split(" ")).contains("repository:a/img:pull")
                            && List.of(scopes.split(" ")).contains("repository:b/img:pull,push"));
            assertThat(skopeoDigest(bearer.host(), "b/img:1", USER + ":" + PASSWORD)).isEqualTo(images.digest("img"));
        }
    }
}
