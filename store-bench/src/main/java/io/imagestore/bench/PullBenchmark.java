package io.imagestore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.api.wire.PullProgressDto;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.fs.testing.PeerTools;
import io.imagestore.registry.ImagePuller;
import io.imagestore.registry.RegistryOptions;
import io.imagestore.registry.testing.TestImages;
import io.imagestore.registry.testing.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Figure {@code pull}: pulling a multi-layer image of about {@code --mb} MB (uncompressed; 5 layers of
 * many files, half random and half repetitive, so that gzip has work) from a local {@code docker-registry}
 * into a new store, versus what the tools do: {@code skopeo copy docker://… oci:DIR} then
 * {@code umoci unpack} of it into a new bundle. Rounds alternate which side goes first; each side starts
 * from empty directories (and a fresh HTTP client), so nothing is cached but the OS's page cache, alike
 * for both, and after a {@code sync(1)} (not timed), so that neither side's fsyncs wait for the other side's
 * writes still in the page cache (the tools never fsync; without it, whichever side ran second paid for the
 * first one's write-back). {@code --warmup} unmeasured rounds (default 5) come first: the library runs
 * inside long-lived builders and routers, and on two cores the JIT's compiler threads compete with the
 * pull for the CPU through the first four or five pulls of a JVM. Reports the median ratio ours ÷ tools,
 * MB/s, how ours splits into downloading (until the last {@code Download complete}) and extracting what
 * was left, and the first warm-up round (a fresh JVM's first pull, as the CLI's) as {@code first_round_*}.
 */
public final class PullBenchmark {
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final int LAYERS = 5;

    private PullBenchmark() {
    }

    /** {@code --out FILE [--warmup N] [--rounds N] [--mb M] [--downloads N]} (downloads at once, default 3). */
    public static void main(String[] args) throws Exception {
        DriverOptions options = DriverOptions.parse(args);
        Path root = Workspace.newDirectory("pull-");
        Map<String, Object> result;
        try (TestRegistry registry = TestRegistry.anonymous(root.resolve("registry"))) {
            result = run(root, registry, options.number("warmup", 5), options.number("rounds", 3),
                    options.number("mb", 100), options.number("downloads", 3));
        } finally {
            Workspace.delete(root);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.path("out").toFile(), result);
        System.out.println("pull: " + result);
    }

    private static Map<String, Object> run(Path root, TestRegistry registry, int warmup, int rounds, int megabytes,
            int downloads) throws Exception {
        RegistryOptions options = RegistryOptions.builder().maxConcurrentDownloads(downloads).build();
        TestImages images = TestImages.in(root.resolve("images")).image("bench", "linux", "amd64",
                layers(megabytes));
        images.push("bench", registry, "bench/image:1", null);
        long compressed = 0;
        for (var layer : images.layers("bench")) {
            compressed += layer.path("size").asLong();
        }
        String reference = registry.host() + "/bench/image:1";
        double[] first = null;
        for (int round = 0; round < warmup; round++) {
            Path work = Files.createDirectories(root.resolve("warmup-" + round));
            double mine = ours(work.resolve("store"), reference, options)[0];
            double theirs = tools(work, reference);
            if (first == null) {
                first = new double[] {mine, theirs};
            }
            Workspace.delete(work);
        }
        double[] ours = new double[rounds];
        double[] tools = new double[rounds];
        double[] downloading = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            Path work = Files.createDirectories(root.resolve("round-" + round));
            if (round % 2 == 0) {
                double[] mine = ours(work.resolve("store"), reference, options);
                ours[round] = mine[0];
                downloading[round] = mine[1];
                tools[round] = tools(work, reference);
            } else {
                tools[round] = tools(work, reference);
                double[] mine = ours(work.resolve("store"), reference, options);
                ours[round] = mine[0];
                downloading[round] = mine[1];
            }
            Workspace.delete(work);
        }
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ratios[i] = ours[i] / tools[i];
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ratio", median(ratios));
        result.put("ratio_range", List.of(Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0)));
        result.put("round_ratios", Arrays.stream(ratios).boxed().toList());
        result.put("ours_seconds", median(ours));
        result.put("tools_seconds", median(tools));
        result.put("ours_download_seconds", median(downloading));
        result.put("compressed_mb", compressed / 1e6);
        result.put("uncompressed_mb", megabytes);
        result.put("ours_mb_per_second_compressed", compressed / 1e6 / median(ours));
        result.put("tools_mb_per_second_compressed", compressed / 1e6 / median(tools));
        result.put("rounds", rounds);
        result.put("warmup_rounds", warmup);
        result.put("max_concurrent_downloads", downloads);
        if (first != null) {
            result.put("first_round_ours_seconds", first[0]);
            result.put("first_round_tools_seconds", first[1]);
            result.put("first_round_ratio", first[0] / first[1]);
        }
        return result;
    }

    /** Seconds of the whole pull, and seconds until the last layer was downloaded. */
    private static double[] ours(Path storeRoot, String reference, RegistryOptions options)
            throws IOException, InterruptedException {
        settle();
        long[] lastDownload = new long[1];
        long start = System.nanoTime();
        try (FsLocalImageStore store = FsLocalImageStore.open(storeRoot)) {
            new ImagePuller(store, options).pull(ImageReference.parse(reference), PullPolicy.ALWAYS,
                    AMD64, event -> {
                        if (event instanceof PullProgressDto.Status status && status.status().equals("Download complete")) {
                            lastDownload[0] = System.nanoTime();
                        }
                    });
        }
        long end = System.nanoTime();
        return new double[] {(end - start) / 1e9, (lastDownload[0] - start) / 1e9};
    }

    private static double tools(Path work, String reference) throws IOException, InterruptedException {
        settle();
        long start = System.nanoTime();
        PeerTools.run(TOOL_TIMEOUT, "skopeo", "copy", "--src-tls-verify=false", "docker://" + reference,
                "oci:" + work.resolve("layout") + ":image");
        PeerTools.run(TOOL_TIMEOUT, "umoci", "unpack", "--image", work.resolve("layout") + ":image",
                work.resolve("bundle").toString());
        return (System.nanoTime() - start) / 1e9;
    }

    /** Writes back every dirty page ({@code sync(1)}), so that a side starts with nothing of the other's to flush. */
    private static void settle() throws IOException, InterruptedException {
        PeerTools.run(TOOL_TIMEOUT, "sync");
    }

    /** {@link #LAYERS} layers of 100 KB files, half random and half a repeated text, {@code megabytes} in all. */
    private static List<Map<String, byte[]>> layers(int megabytes) {
        Random random = new Random(2026);
        int filesPerLayer = megabytes * 10 / LAYERS;
        byte[] text = "imagestore pulls images from registries into a store\n".repeat(2000)
                .substring(0, 100_000).getBytes(StandardCharsets.UTF_8);
        List<Map<String, byte[]>> layers = new ArrayList<>();
        for (int layer = 0; layer < LAYERS; layer++) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (int file = 0; file < filesPerLayer; file++) {
                byte[] content;
                if (file % 2 == 0) {
                    content = new byte[100_000];
                    random.nextBytes(content);
                } else {
                    content = text;
                }
                files.put("layer" + layer + "/dir" + file / 50 + "/file" + file, content);
            }
            layers.add(files);
        }
        return layers;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
