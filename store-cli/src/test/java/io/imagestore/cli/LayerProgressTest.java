package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.Digest;
import io.imagestore.oci.Descriptor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link LayerProgress}: the waiting line gives way to the layers, and frames stay whole across threads. */
class LayerProgressTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Pattern CURSOR_UP = Pattern.compile("\033\\[(\\d+)A\r");
    private static final Pattern LINE = Pattern.compile(
            "\033\\[2K[0-9a-f]{12}: (Extracting [0-9.]+ [kMG]?B/[0-9.]+ [kMG]?B|Load complete)");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private LayerProgress start(boolean visible) {
        return LayerProgress.start(new PrintWriter(out, true), new PrintWriter(err, true), "Loading x.tar",
                "Load complete", CLOCK, visible);
    }

    private static Descriptor layer(String content, long size) {
        return Descriptor.of("application/vnd.oci.image.layer.v1.tar+gzip",
                Digest.sha256(content.getBytes(StandardCharsets.UTF_8)), size);
    }

    @Test
    void theWaitingLineIsErasedWhenTheFirstLayerStartsAndTheLayersStay() {
        Descriptor base = layer("base", 2_000_000);
        String id = ShortDigest.of(base.digest().toString());
        try (LayerProgress progress = start(true)) {
            assertThat(err.toString()).contains("Loading x.tar…");
            progress.layerStarted(0, 1, base);
            progress.layerProgress(0, base, 1_050_000);
            progress.layerDone(0, base);
        }
        String drawn = err.toString();
        int waiting = drawn.lastIndexOf("Loading x.tar…");
        assertThat(drawn.indexOf("\r\033[K", waiting)).isPositive().isLessThan(drawn.indexOf(id));
        assertThat(drawn.substring(drawn.indexOf(id) - "\033[2K".length())).isEqualTo(
                "\033[2K" + id + ": Extracting 0 B/2 MB\n"
                        + "\033[1A\r\033[2K" + id + ": Extracting 1.05 MB/2 MB\n"
                        + "\033[1A\r\033[2K" + id + ": Load complete\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void invisibleDrawsNothing() {
        Descriptor base = layer("base", 10);
        try (LayerProgress progress = start(false)) {
            progress.layerStarted(0, 1, base);
            progress.layerProgress(0, base, 10);
            progress.layerDone(0, base);
        }
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void eventsFromTheReadAheadThreadNeverTearAFrame() throws Exception {
        int layers = 4;
        int steps = 500;
        List<Descriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            descriptors.add(layer("layer " + i, steps * 1000L));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        try (LayerProgress progress = start(true)) {
            for (int i = 0; i < layers; i++) {
                int index = i;
                Descriptor descriptor = descriptors.get(i);
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        progress.layerStarted(index, layers, descriptor);
                        for (int step = 1; step <= steps; step++) {
                            progress.layerProgress(index, descriptor, step * 1000L);
                        }
                        progress.layerDone(index, descriptor);
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "read-ahead-" + i);
                threads.add(thread);
                thread.start();
            }
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
        }
        assertThat(failures).isEmpty();
        String drawn = err.toString();
        String layersDrawn = drawn.substring(drawn.indexOf("\033[2K"));
        Matcher up = CURSOR_UP.matcher(layersDrawn);
        List<String> frames = new ArrayList<>();
        List<Integer> ups = new ArrayList<>();
        int from = 0;
        while (up.find()) {
            frames.add(layersDrawn.substring(from, up.start()));
            ups.add(Integer.parseInt(up.group(1)));
            from = up.end();
        }
        frames.add(layersDrawn.substring(from));
        assertThat(frames).hasSize(layers * (steps + 2));
        for (int i = 0; i < frames.size(); i++) {
            List<String> lines = frames.get(i).lines().toList();
            assertThat(frames.get(i)).endsWith("\n");
            assertThat(lines).allMatch(line -> LINE.matcher(line).matches(), "every line of frame " + i + " whole");
            if (i > 0) {
                assertThat(ups.get(i - 1)).as("cursor moved up over frame %d", i - 1)
                        .isEqualTo(frames.get(i - 1).lines().count());
            }
        }
        List<String> last = frames.get(frames.size() - 1).lines().toList();
        assertThat(last).hasSize(layers).allMatch(line -> line.endsWith(": Load complete"));
    }
}
