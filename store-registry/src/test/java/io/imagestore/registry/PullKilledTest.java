package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.api.wire.PullProgressDto;
import io.imagestore.api.wire.WireJson;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.registry.testing.TestImages;
import io.imagestore.registry.testing.TestRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pulling process killed (SIGKILL) in the middle of a layer download: the previous image of the
 * reference is intact, nothing half-pulled is visible, and the next pull reuses the layer fetched before.
 */
class PullKilledTest {
    @TempDir
    static Path directory;
    private static TestRegistry registry;
    private static TestImages images;

    @TempDir
    Path storeRoot;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = TestRegistry.anonymous(directory.resolve("registry"));
        byte[] noise = new byte[4 << 20];
        new Random(11).nextBytes(noise);
        images = TestImages.in(directory.resolve("images"))
                .image("old", "linux", "amd64", "the previous image")
                .image("new", "linux", "amd64", List.of(Map.of("etc/first", "first".getBytes(StandardCharsets.UTF_8)),
                        Map.of("opt/noise", noise)));
        images.push("old", registry, "lib/app:1", null);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        registry.close();
    }

    @Test
    void killedInTheMiddleOfADownload() throws Exception {
        ImageReference app = ImageReference.parse(registry.host() + "/lib/app:1");
        Map<String, String> before;
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            new ImagePuller(store, RegistryOptions.defaults()).pull(app, PullPolicy.ALWAYS, Platform.parse("linux/amd64"),
                    PullListener.NONE);
            before = PulledEvents.tree(store.imageDirectory(app).resolve("rootfs"));
        }
        images.push("new", registry, "lib/app:1", null);
        String first = images.layers("new").get(0).path("digest").asText();
        String second = images.layers("new").get(1).path("digest").asText();

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PullingProcess.class.getName(), storeRoot.toString(),
                app.canonical(), second.substring(7, 19))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            boolean reached = false;
            while (!reached) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                PullProgressDto event = WireJson.mapper().readValue(line, PullProgressDto.class);
                reached = event instanceof PullProgressDto.Status status && status.status().equals("Downloading")
                        && status.id().equals(java.util.Optional.of(second.substring(7, 19)));
            }
            assertThat(reached).as("the child reached the second layer's download").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            assertThat(store.read(app).orElseThrow().digest()).contains(images.digest("old"));
            assertThat(PulledEvents.tree(store.imageDirectory(app).resolve("rootfs"))).isEqualTo(before);
            try (Stream<Path> staging = Files.list(storeRoot.resolve(".imagestore/staging"))) {
                assertThat(staging).isEmpty();
            }
            assertThat(store.blobs().contains(Digest.parse(first))).isTrue();
            assertThat(store.blobs().contains(Digest.parse(second))).isFalse();

            PulledEvents events = new PulledEvents();
            new ImagePuller(store, RegistryOptions.defaults()).pull(app, PullPolicy.ALWAYS, Platform.parse("linux/amd64"),
                    events);
            assertThat(events.of(first.substring(7, 19))).startsWith("Already exists");
            assertThat(events.of(second.substring(7, 19))).startsWith("Pulling fs layer").endsWith("Pull complete");
            assertThat(events.checkWireFormAndDone().digest()).contains(images.digest("new"));
            assertThat(Files.size(store.imageDirectory(app).resolve("rootfs/opt/noise"))).isEqualTo(4 << 20);
        }
    }
}
