package io.imagestore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagestore.api.Digest;
import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullProgressDto;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.testing.PeerTools;
import io.imagestore.registry.testing.RegistryProxy;
import io.imagestore.registry.testing.TestImages;
import io.imagestore.registry.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes that upload several blobs at once, against the real registry: the same image as one upload at a
 * time, uploads that really overlap (a proxy holds each blob upload until five are in flight together),
 * the listener called by one thread at a time with each blob's events in order, and a failing blob that
 * stops the push with its error, leaves no manifest and no thread behind.
 */
class ConcurrentPushTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Duration GATE = Duration.ofSeconds(60);
    private static final int LAYERS = 6;
    private static final String TERMINAL = "(Pushed|Layer already exists|Mounted from .+)";

    @TempDir
    static Path directory;
    private static TestRegistry source;
    private static TestRegistry plain;
    private static TestRegistry proxied;
    private static RegistryProxy proxy;
    private static TestImages images;

    @TempDir
    Path storeRoot;

    @BeforeAll
    static void startRegistries() throws Exception {
        source = TestRegistry.anonymous(directory.resolve("source"));
        plain = TestRegistry.anonymous(directory.resolve("plain"));
        proxied = TestRegistry.anonymous(directory.resolve("proxied"));
        proxy = RegistryProxy.of(proxied);
        List<Map<String, byte[]>> layers = new ArrayList<>();
        for (int i = 0; i < LAYERS; i++) {
            layers.add(Map.of("layer" + i + "/file", ("content of layer " + i).getBytes(StandardCharsets.UTF_8)));
        }
        images = TestImages.in(directory.resolve("images")).image("multi", "linux", "amd64", layers);
        images.push("multi", source, "lib/multi:1", null);
    }

    @AfterAll
    static void stopRegistries() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {proxy, source, plain, proxied}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @AfterEach
    void openTheProxy() {
        proxy.refuse(line -> false);
        proxy.observe(line -> { });
        proxy.openGate();
    }

    private FsLocalImageStore pulled(Path root) {
        FsLocalImageStore store = FsLocalImageStore.open(root);
        new ImagePuller(store, RegistryOptions.defaults()).pull(sourceImage(), PullPolicy.ALWAYS, AMD64,
                PullListener.NONE);
        return store;
    }

    private static ImageReference sourceImage() {
        return ImageReference.parse(source.host() + "/lib/multi:1");
    }

    private static RegistryOptions uploads(int count) {
        return RegistryOptions.builder().maxConcurrentUploads(count).build();
    }

    private static ObjectNode skopeoInspect(TestRegistry where, String repositoryAndTag) throws Exception {
        String json = PeerTools.run(Duration.ofMinutes(1), "skopeo", "inspect", "--tls-verify=false",
                "docker://" + where.host() + "/" + repositoryAndTag);
        ObjectNode inspected = (ObjectNode) new ObjectMapper().readTree(json.substring(json.indexOf('{')));
        inspected.remove(List.of("Name", "RepoTags"));
        return inspected;
    }

    private static int manifestStatus(TestRegistry where, String repository, String tag) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + where.host() + "/v2/" + repository
                + "/manifests/" + tag)).header("Accept", "application/vnd.oci.image.manifest.v1+json").build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<Thread> pushThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("imagestore-push") && thread.isAlive()).toList();
    }

    @Test
    void fiveUploadsAtOnceReallyOverlapAndPushTheSameImageAsOneAtATime() throws Exception {
        try (FsLocalImageStore store = pulled(storeRoot)) {
            SerialEvents one = new SerialEvents();
            PushedImage sequential = new ImagePusher(store, uploads(1))
                    .push(sourceImage(), ImageReference.parse(plain.host() + "/seq/multi:1"), one);
            assertThat(sequential.uploaded()).isEqualTo(LAYERS + 1);
            one.check(LAYERS + 1);

            proxy.gateUploads(5, GATE);
            SerialEvents five = new SerialEvents();
            PushedImage concurrent = new ImagePusher(store, uploads(5))
                    .push(sourceImage(), ImageReference.parse(proxy.host() + "/par/multi:1"), five);
            assertThat(concurrent.uploaded()).isEqualTo(LAYERS + 1);
            assertThat(proxy.gateTimeouts()).as("uploads that waited in vain for four others").isZero();
            assertThat(proxy.maxUploadsInFlight()).isEqualTo(5);
            five.check(LAYERS + 1);

            assertThat(concurrent.digest()).isEqualTo(sequential.digest());
            assertThat(concurrent.digest().toString()).isEqualTo(images.digest("multi"));
            assertThat(skopeoInspect(proxied, "par/multi:1")).isEqualTo(skopeoInspect(plain, "seq/multi:1"));
            assertThat(pushThreads()).isEmpty();
        }
    }

    @Test
    void aRefusedBlobStopsThePushCancelsTheOtherUploadsAndSendsNoManifest() throws Exception {
        String refused = Digest.parse(images.layers("multi").get(1).path("digest").asText()).hex();
        try (FsLocalImageStore store = pulled(storeRoot)) {
            proxy.gateUploads(Integer.MAX_VALUE, GATE);
            proxy.refuse(line -> line.startsWith("PUT ") && line.contains("/refused/") && line.contains(refused));
            SerialEvents events = new SerialEvents();
            assertThatThrownBy(() -> new ImagePusher(store, uploads(5))
                    .push(sourceImage(), ImageReference.parse(proxy.host() + "/refused/multi:1"), events))
                    .isInstanceOf(RegistryAuthenticationException.class)
                    .hasMessageContaining("denied access to blob sha256:" + refused);
            assertThat(pushThreads()).isEmpty();
            assertThat(proxy.gateTimeouts()).as("uploads let through by the gate's timeout, not cancelled").isZero();
            assertThat(proxy.requests()).noneMatch(line -> line.contains("/refused/multi/manifests/"));
            assertThat(manifestStatus(proxied, "refused/multi", "1")).isEqualTo(404);
            assertThat(events.done()).isZero();
            assertThat(events.overlapped()).isFalse();
        }
    }

    @Test
    void aBlobVanishingFromTheBlobAreaStopsThePushWithItsErrorAndNoManifest() throws Exception {
        String missing = Digest.parse(images.layers("multi").get(3).path("digest").asText()).hex();
        try (FsLocalImageStore store = pulled(storeRoot)) {
            Path blob = store.blobs().directory().resolve("sha256").resolve(missing);
            proxy.observe(line -> {
                if (line.startsWith("HEAD ") && line.contains("/missing/") && line.contains(missing)) {
                    try {
                        Files.delete(blob);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            SerialEvents events = new SerialEvents();
            assertThatThrownBy(() -> new ImagePusher(store, uploads(5))
                    .push(sourceImage(), ImageReference.parse(proxy.host() + "/missing/multi:1"), events))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("blob sha256:" + missing)
                    .hasMessageContaining("is not in the store's blob area");
            assertThat(pushThreads()).isEmpty();
            assertThat(manifestStatus(proxied, "missing/multi", "1")).isEqualTo(404);
            assertThat(events.done()).isZero();
        }
    }

    @Test
    void theUploadBoundIsValidatedLikeTheDownloadBound() {
        assertThat(RegistryOptions.defaults().maxConcurrentUploads()).isEqualTo(5);
        assertThat(RegistryOptions.builder().maxConcurrentUploads(1).build().maxConcurrentUploads()).isEqualTo(1);
        assertThatThrownBy(() -> RegistryOptions.builder().maxConcurrentUploads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one upload");
        assertThat(uploads(7).toBuilder().build().maxConcurrentUploads()).isEqualTo(7);
    }

    /** Records events, noting whether the listener was ever entered by two threads at once. */
    private static final class SerialEvents implements PullListener {
        private final PulledEvents events = new PulledEvents();
        private final AtomicInteger inside = new AtomicInteger();
        private volatile boolean overlapped;

        @Override
        public void event(PullProgressDto event) {
            if (inside.incrementAndGet() > 1) {
                overlapped = true;
            }
            events.event(event);
            inside.decrementAndGet();
        }

        boolean overlapped() {
            return overlapped;
        }

        long done() {
            return events.all().stream().filter(event -> event instanceof PullProgressDto.Done).count();
        }

        /** One thread at a time; each of {@code blobs} blobs Preparing → Pushing… → one outcome; one Done, last. */
        void check(int blobs) {
            assertThat(overlapped).as("listener entered by two threads at once").isFalse();
            events.checkWireFormAndDone();
            List<String> ids = events.all().stream().filter(event -> event instanceof PullProgressDto.Status)
                    .map(event -> ((PullProgressDto.Status) event).id()).flatMap(java.util.Optional::stream)
                    .distinct().toList();
            assertThat(ids).hasSize(blobs);
            for (String id : ids) {
                assertThat(String.join("\n", events.of(id))).as(id).matches("Preparing(\nPushing)*\n" + TERMINAL);
            }
        }
    }
}
