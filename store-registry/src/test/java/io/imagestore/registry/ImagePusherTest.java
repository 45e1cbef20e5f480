package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.ImageBuild;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.testing.PeerTools;
import io.imagestore.registry.testing.TestImages;
import io.imagestore.registry.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to the real registry, checked with {@code skopeo inspect} and by pulling back into another store. */
class ImagePusherTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    static Path directory;
    private static TestRegistry registry;
    private static TestRegistry other;
    private static TestImages images;

    @TempDir
    Path storeRoot;

    @BeforeAll
    static void startRegistries() throws Exception {
        registry = TestRegistry.anonymous(directory.resolve("registry"));
        other = TestRegistry.anonymous(directory.resolve("other"));
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        images = TestImages.in(directory.resolve("images"))
                .image("small", "linux", "amd64", List.of(Map.of("etc/hello", "hello".getBytes(StandardCharsets.UTF_8)),
                        Map.of("etc/more", "more".getBytes(StandardCharsets.UTF_8))))
                .image("chunky", "linux", "amd64", List.of(Map.of("opt/noise", noise)));
        images.push("small", registry, "lib/small:1", null);
        images.push("chunky", registry, "lib/chunky:1", null);
    }

    @AfterAll
    static void stopRegistries() throws Exception {
        registry.close();
        other.close();
    }

    private static ImageReference ref(TestRegistry where, String repositoryAndTag) {
        return ImageReference.parse(where.host() + "/" + repositoryAndTag);
    }

    private static String skopeoDigest(TestRegistry where, String repositoryAndTag) throws Exception {
        String json = PeerTools.run(Duration.ofMinutes(1), "skopeo", "inspect", "--tls-verify=false",
                "docker://" + where.host() + "/" + repositoryAndTag);
        return new ObjectMapper().readTree(json.substring(json.indexOf('{'))).path("Digest").asText();
    }

    @Test
    void pushMountsFromTheSourceRepositoryKeepsTheDigestAndASecondPushUploadsNothing() throws Exception {
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            ImageReference source = ref(registry, "lib/small:1");
            new ImagePuller(store, RegistryOptions.defaults()).pull(source, PullPolicy.ALWAYS, AMD64, PullListener.NONE);

            PulledEvents events = new PulledEvents();
            PushedImage pushed = new ImagePusher(store, RegistryOptions.defaults())
                    .push(source, ref(registry, "pushed/small:1"), events);
            assertThat(pushed.digest().toString()).isEqualTo(images.digest("small"));
            assertThat(pushed.mounted()).isEqualTo(3);
            assertThat(events.statuses()).contains("Mounted from lib/small");
            assertThat(events.checkWireFormAndDone().digest()).contains(images.digest("small"));
            assertThat(skopeoDigest(registry, "pushed/small:1")).isEqualTo(images.digest("small"));

            PulledEvents again = new PulledEvents();
            PushedImage second = new ImagePusher(store, RegistryOptions.defaults())
                    .push(source, ref(registry, "pushed/small:1"), again);
            assertThat(second.uploaded() + second.mounted()).isZero();
            assertThat(second.existing()).isEqualTo(3);
            assertThat(again.statuses()).contains("Layer already exists").doesNotContain("Pushing", "Pushed");
        }
    }

    @Test
    void chunkedPushToAnotherRegistryPullsBackAsTheSameTree() throws Exception {
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot.resolve("a"));
                FsLocalImageStore elsewhere = FsLocalImageStore.open(storeRoot.resolve("b"))) {
            ImageReference source = ref(registry, "lib/chunky:1");
            new ImagePuller(store, RegistryOptions.defaults()).pull(source, PullPolicy.ALWAYS, AMD64, PullListener.NONE);

            PulledEvents events = new PulledEvents();
            ImageReference destination = ref(other, "moved/chunky:2");
            PushedImage pushed = new ImagePusher(store, RegistryOptions.builder().chunkSize(16 * 1024).build())
                    .push(source, destination, events);
            assertThat(pushed.uploaded()).isEqualTo(2);
            assertThat(events.statuses()).contains("Pushing", "Pushed");
            assertThat(skopeoDigest(other, "moved/chunky:2")).isEqualTo(images.digest("chunky"));

            new ImagePuller(elsewhere, RegistryOptions.defaults()).pull(destination, PullPolicy.ALWAYS, AMD64,
                    PullListener.NONE);
            assertThat(PulledEvents.tree(elsewhere.imageDirectory(destination).resolve("rootfs")))
                    .isEqualTo(PulledEvents.tree(store.imageDirectory(source).resolve("rootfs")));
            assertThat(elsewhere.read(destination).map(LocalImageMetadata::digest).orElseThrow())
                    .contains(images.digest("chunky"));
        }
    }

    @Test
    void aBuiltImagePushesAsSaveMakesItKeepsItsBlobsAndPullsBackAsTheSameTree() throws Exception {
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot.resolve("builder"));
                FsLocalImageStore host = FsLocalImageStore.open(storeRoot.resolve("host"))) {
            ImageReference built = ImageReference.parse("local/built:1");
            try (ImageBuild build = store.beginBuild(built)) {
                Files.createDirectories(build.rootfs().resolve("usr/bin"));
                Files.writeString(build.rootfs().resolve("usr/bin/hello"), "#!/bin/sh\necho built\n");
                Files.writeString(build.rootfs().resolve("README"), "built here, not pulled");
                build.commit(LocalImageMetadata.of("local/built:1", "linux", "arm64"));
            }
            ImageReference destination = ref(other, "built/app:1");
            PushedImage first = new ImagePusher(store, RegistryOptions.defaults()).push(built, destination,
                    PullListener.NONE);
            assertThat(first.uploaded()).isEqualTo(2);
            assertThat(skopeoDigest(other, "built/app:1")).isEqualTo(first.digest().toString());

            PushedImage second = new ImagePusher(store, RegistryOptions.defaults()).push(built, destination,
                    PullListener.NONE);
            assertThat(second.digest()).isEqualTo(first.digest());
            assertThat(second.uploaded() + second.mounted()).isZero();

            PulledEvents events = new PulledEvents();
            new ImagePuller(host, RegistryOptions.defaults()).pull(destination, PullPolicy.ALWAYS,
                    Platform.parse("linux/arm64"), events);
            assertThat(events.checkWireFormAndDone().digest()).contains(first.digest().toString());
            assertThat(PulledEvents.tree(host.imageDirectory(destination).resolve("rootfs")))
                    .isEqualTo(PulledEvents.tree(store.imageDirectory(built).resolve("rootfs")))
                    .containsEntry("README", "built here, not pulled");
            assertThat(host.read(destination).orElseThrow().platform()).isEqualTo(Platform.parse("linux/arm64"));
        }
    }

    @Test
    void aMissingImageIsNotFound() {
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            assertThatThrownBy(() -> new ImagePusher(store, RegistryOptions.defaults())
                    .push(ref(registry, "lib/none:1"), ref(registry, "lib/none:1"), PullListener.NONE))
                    .isInstanceOf(io.imagestore.api.ImageNotFoundException.class);
        }
    }
}
