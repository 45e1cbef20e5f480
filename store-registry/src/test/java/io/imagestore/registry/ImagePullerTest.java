package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.ImageNotFoundException;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullImageResponse;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.api.wire.PullProgressDto;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.oci.NoMatchingPlatformException;
import io.imagestore.registry.testing.TestImages;
import io.imagestore.registry.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from the real registry, of images umoci built and skopeo copied there. */
class ImagePullerTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    static Path directory;
    private static TestRegistry registry;
    private static TestImages images;

    @TempDir
    Path storeRoot;
    private FsLocalImageStore store;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = TestRegistry.anonymous(directory.resolve("registry"));
        images = TestImages.in(directory.resolve("images"));
        images.image("small", "linux", "amd64", List.of(Map.of("etc/hello", bytes("hello from the base")),
                Map.of("etc/second", bytes("second layer"), "usr/bin/tool", bytes("#!/bin/sh\necho tool\n"))));
        images.image("five", "linux", "amd64", fiveLayers());
        Map<String, String> platforms = new LinkedHashMap<>();
        for (String platform : List.of("linux/amd64", "linux/arm64/v8", "linux/arm/v7", "darwin/arm64")) {
            String[] parts = platform.split("/");
            String tag = platform.replace('/', '-');
            images.image(tag, parts[0], parts[1], "built for " + platform);
            platforms.put(platform, tag);
        }
        images.index("multi", platforms);
        images.image("other", "linux", "amd64", "another image");
        images.push("small", registry, "lib/small:1", null);
        images.push("small", registry, "lib/copy:1", null);
        images.push("five", registry, "lib/five:1", null);
        images.push("multi", registry, "lib/multi:1", null);
        images.push("darwin-arm64", registry, "lib/mac:1", null);
        images.push("small", registry, "lib/tampered:1", null);
        images.push("small", registry, "lib/moving:1", null);
    }

    private static List<Map<String, byte[]>> fiveLayers() {
        List<Map<String, byte[]>> layers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            layers.add(Map.of("layer" + i + "/file", bytes("content of layer " + i)));
        }
        return layers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        registry.close();
    }

    @BeforeEach
    void openStore() {
        store = FsLocalImageStore.open(storeRoot);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private ImageReference ref(String repositoryAndTag) {
        return ImageReference.parse(registry.host() + "/" + repositoryAndTag);
    }

    private PullImageResponse pull(String repositoryAndTag, PullPolicy policy, Platform platform, PullListener listener) {
        return new ImagePuller(store, RegistryOptions.defaults()).pull(ref(repositoryAndTag), policy, platform, listener);
    }

    private Map<String, String> rootfs(String repositoryAndTag) {
        return PulledEvents.tree(store.imageDirectory(ref(repositoryAndTag)).resolve("rootfs"));
    }

    @Test
    void pullsByTagWithDockersEventsAndTheManifestDigestInTheSidecar() throws Exception {
        PulledEvents events = new PulledEvents();
        PullImageResponse response = pull("lib/small:1", PullPolicy.ALWAYS, AMD64, events);

        String digest = images.digest("small");
        assertThat(response.digest()).contains(digest);
        LocalImageMetadata stored = store.read(ref("lib/small:1")).orElseThrow();
        assertThat(stored.digest()).contains(digest);
        assertThat(stored.platform()).isEqualTo(AMD64);
        assertThat(rootfs("lib/small:1")).containsExactly(Map.entry("etc/hello", "hello from the base"),
                Map.entry("etc/second", "second layer"), Map.entry("usr/bin/tool", "#!/bin/sh\necho tool\n"));
        assertThat(Files.readAllBytes(store.imageDirectory(ref("lib/small:1")).resolve("manifest.json")))
                .isEqualTo(Files.readAllBytes(images.blob(digest)));

        PullProgressDto.Done done = events.checkWireFormAndDone();
        assertThat(done.reference()).isEqualTo(ref("lib/small:1").canonical());
        assertThat(done.digest()).contains(digest);
        assertThat(events.statuses().get(0)).isEqualTo("Pulling from lib/small");
        String layer = images.layers("small").get(1).path("digest").asText().substring(7, 19);
        assertThat(events.of(layer)).startsWith("Pulling fs layer").contains("Downloading", "Verifying Checksum",
                "Download complete", "Extracting").endsWith("Pull complete");
        assertThat(events.statuses()).contains("Digest: " + digest, "Status: Downloaded newer image for "
                + ref("lib/small:1").familiar());
    }

    @Test
    void pullsByDigest() throws Exception {
        String digest = images.digest("small");
        PulledEvents events = new PulledEvents();
        new ImagePuller(store, RegistryOptions.defaults())
                .pull(ref("lib/small@" + digest), PullPolicy.ALWAYS, AMD64, events);
        assertThat(store.read(ref("lib/small@" + digest)).orElseThrow().digest()).contains(digest);
        assertThat(rootfs("lib/small@" + digest)).containsKey("usr/bin/tool");
        assertThat(events.checkWireFormAndDone().digest()).contains(digest);
    }

    @Test
    void choosesThePlatformFromAnIndex() {
        for (String platform : List.of("linux/amd64", "linux/arm64/v8", "linux/arm/v7", "darwin/arm64")) {
            if (store.read(ref("lib/multi:1")).isPresent()) {
                store.remove(ref("lib/multi:1"), true);
            }
            PullImageResponse response = pull("lib/multi:1", PullPolicy.ALWAYS, Platform.parse(platform), PullListener.NONE);
            assertThat(rootfs("lib/multi:1")).as(platform).containsEntry("etc/hello", "built for " + platform);
            assertThat(store.read(ref("lib/multi:1")).orElseThrow().platform().os()).isEqualTo(platform.split("/")[0]);
            assertThat(response.digest()).isPresent();
        }
    }

    @Test
    void noMatchingPlatformListsWhatIsOffered() {
        assertThatThrownBy(() -> pull("lib/multi:1", PullPolicy.ALWAYS, Platform.parse("windows/amd64"), PullListener.NONE))
                .isInstanceOf(NoMatchingPlatformException.class)
                .hasMessageContaining("windows/amd64")
                .hasMessageContaining("linux/amd64").hasMessageContaining("linux/arm64")
                .hasMessageContaining("linux/arm/v7").hasMessageContaining("darwin/arm64");
        assertThat(store.read(ref("lib/multi:1"))).isEmpty();
    }

    @Test
    void aDarwinImageIsNeverPulledForALinuxRequest() {
        assertThatThrownBy(() -> pull("lib/mac:1", PullPolicy.ALWAYS, Platform.parse("linux/arm64"), PullListener.NONE))
                .isInstanceOf(NoMatchingPlatformException.class).hasMessageContaining("darwin/arm64");
        assertThat(store.read(ref("lib/mac:1"))).isEmpty();
        pull("lib/mac:1", PullPolicy.ALWAYS, Platform.parse("darwin/arm64"), PullListener.NONE);
        assertThat(store.read(ref("lib/mac:1")).orElseThrow().os()).isEqualTo("darwin");
    }

    @Test
    void policiesNeverIfNotPresentAndAlways() throws Exception {
        assertThatThrownBy(() -> pull("lib/small:1", PullPolicy.NEVER, AMD64, PullListener.NONE))
                .isInstanceOf(ImageNotFoundException.class).hasMessageContaining("never");

        PulledEvents first = new PulledEvents();
        pull("lib/small:1", PullPolicy.IF_NOT_PRESENT, AMD64, first);
        assertThat(first.statuses()).contains("Pulling from lib/small");

        PulledEvents present = new PulledEvents();
        pull("lib/small:1", PullPolicy.IF_NOT_PRESENT, AMD64, present);
        assertThat(present.statuses()).containsExactly("Status: Image is up to date for " + ref("lib/small:1").familiar());
        assertThat(present.checkWireFormAndDone().digest()).contains(images.digest("small"));

        PulledEvents never = new PulledEvents();
        pull("lib/small:1", PullPolicy.NEVER, AMD64, never);
        assertThat(never.checkWireFormAndDone().digest()).contains(images.digest("small"));

        PulledEvents unchanged = new PulledEvents();
        pull("lib/small:1", PullPolicy.ALWAYS, AMD64, unchanged);
        assertThat(unchanged.statuses()).endsWith("Status: Image is up to date for " + ref("lib/small:1").familiar());
        assertThat(unchanged.statuses()).noneMatch(status -> status.equals("Downloading") || status.equals("Extracting"));
        unchanged.checkWireFormAndDone();
    }

    @Test
    void alwaysFollowsATagThatMoved() throws Exception {
        pull("lib/moving:1", PullPolicy.ALWAYS, AMD64, PullListener.NONE);
        images.push("other", registry, "lib/moving:1", null);
        PulledEvents events = new PulledEvents();
        pull("lib/moving:1", PullPolicy.ALWAYS, AMD64, events);
        assertThat(events.checkWireFormAndDone().digest()).contains(images.digest("other"));
        assertThat(rootfs("lib/moving:1")).containsExactly(Map.entry("etc/hello", "another image"));
    }

    @Test
    void blobsAlreadyStoredAreNotDownloadedAgain() throws Exception {
        pull("lib/small:1", PullPolicy.ALWAYS, AMD64, PullListener.NONE);
        PulledEvents events = new PulledEvents();
        pull("lib/copy:1", PullPolicy.ALWAYS, AMD64, events);
        for (var layer : images.layers("small")) {
            assertThat(events.of(layer.path("digest").asText().substring(7, 19))).startsWith("Already exists")
                    .doesNotContain("Downloading");
        }
        assertThat(rootfs("lib/copy:1")).isEqualTo(rootfs("lib/small:1"));
    }

    @Test
    void downloadsAtMostTheConfiguredNumberOfLayersAtOnce() throws Exception {
        for (int limit : new int[] {1, 2}) {
            try (FsLocalImageStore other = FsLocalImageStore.open(storeRoot.resolve("limit-" + limit))) {
                PulledEvents events = new PulledEvents();
                new ImagePuller(other, RegistryOptions.builder().maxConcurrentDownloads(limit).build())
                        .pull(ref("lib/five:1"), PullPolicy.ALWAYS, AMD64, events);
                Set<String> inFlight = new HashSet<>();
                int most = 0;
                for (PullProgressDto event : events.all()) {
                    if (event instanceof PullProgressDto.Status status && status.id().isPresent()) {
                        if (status.status().equals("Downloading")) {
                            inFlight.add(status.id().get());
                        } else if (status.status().equals("Verifying Checksum")) {
                            inFlight.remove(status.id().get());
                        }
                        most = Math.max(most, inFlight.size());
                    }
                }
                assertThat(most).as("layers downloading at once with a limit of " + limit).isBetween(1, limit);
                assertThat(PulledEvents.tree(other.imageDirectory(ref("lib/five:1")).resolve("rootfs"))).hasSize(5);
            }
        }
    }

    @Test
    void aBlobTamperedWithOnTheRegistryIsRefusedAndNothingIsStored() throws Exception {
        // Layer 0 goes straight through the unpacker, layer 1 is fetched ahead into the blob area: both paths.
        for (var layer : images.layers("small")) {
            String digest = layer.path("digest").asText();
            Path data = registry.blobData(digest);
            byte[] original = Files.readAllBytes(data);
            byte[] tampered = original.clone();
            tampered[tampered.length / 2] ^= 0x55;
            Files.write(data, tampered);
            // A store of its own each time: the other layer, fetched whole before, must not make this one absent.
            try (FsLocalImageStore fresh = FsLocalImageStore.open(storeRoot.resolve(digest.substring(7, 19)))) {
                assertThatThrownBy(() -> new ImagePuller(fresh, RegistryOptions.defaults())
                        .pull(ref("lib/tampered:1"), PullPolicy.ALWAYS, AMD64, PullListener.NONE))
                        .isInstanceOf(io.imagestore.api.ImageStoreException.class)
                        .hasMessageContaining(digest);
                assertThat(fresh.read(ref("lib/tampered:1"))).isEmpty();
                assertThat(fresh.blobs().contains(io.imagestore.api.Digest.parse(digest))).isFalse();
            } finally {
                Files.write(data, original);
            }
        }
    }

    @Test
    void anUnknownTagSaysSo() {
        assertThatThrownBy(() -> pull("lib/small:nope", PullPolicy.ALWAYS, AMD64, PullListener.NONE))
                .isInstanceOf(RemoteImageNotFoundException.class).hasMessageContaining("lib/small:nope")
                .hasMessageContaining("MANIFEST_UNKNOWN");
        assertThat(store.read(ref("lib/small:nope"))).isEqualTo(Optional.empty());
    }
}
