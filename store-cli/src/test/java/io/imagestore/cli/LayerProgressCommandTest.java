package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagestore.registry.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code load} and {@code import} draw each layer as {@code pull} does, on a terminal only and never with --quiet. */
class LayerProgressCommandTest extends StoreTestCase {
    private static final String ERASE = "\033[2K";

    @TempDir
    static Path directory;
    private static TestImages images;
    private static List<String> layerIds;

    @BeforeAll
    static void buildATwoLayerLayout() throws Exception {
        images = TestImages.in(directory.resolve("images")).image("small", "linux", "amd64",
                List.of(Map.of("etc/hello", "hello".getBytes(StandardCharsets.UTF_8)),
                        Map.of("etc/world", "world".getBytes(StandardCharsets.UTF_8))));
        layerIds = new ArrayList<>();
        for (JsonNode layer : images.layers("small")) {
            layerIds.add(ShortDigest.of(layer.path("digest").asText()));
        }
        assertThat(layerIds).hasSize(2).doesNotHaveDuplicates();
    }

    private String[] load(String... more) {
        List<String> args = new ArrayList<>(List.of("load", "-i", images.layout().toString(), "-t", "lib/small:1",
                "--platform", "linux/amd64"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void loadOnATerminalDrawsEachLayerInPlaceOnStderrAndTheResultOnStdout() {
        Cli.Result live = store.runInteractive(load());
        assertThat(live.code()).as(live.toString()).isZero();
        for (String id : layerIds) {
            assertThat(live.err()).contains(ERASE + id + ": Extracting 0 B/")
                    .containsPattern(Pattern.quote(ERASE) + id + ": Extracting [0-9.]+ k?B/[0-9.]+ k?B\n")
                    .contains(ERASE + id + ": Load complete\n");
        }
        assertThat(live.err()).contains("\033[1A\r").contains("Loading " + images.layout());
        assertThat(lastFrame(live.err())).containsExactly(layerIds.get(0) + ": Load complete",
                layerIds.get(1) + ": Load complete");
        assertThat(live.out().lines()).hasSize(1).allMatch(line -> line.startsWith("Loaded image: "));
    }

    @Test
    void loadWithQuietOrOffATerminalDrawsNothingAndPrintsTheSameResult() {
        Cli.Result quiet = store.runInteractive(load("--quiet"));
        assertThat(quiet.code()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).isEmpty();
        Cli.Result piped = store.run(load());
        assertThat(piped.code()).as(piped.toString()).isZero();
        assertThat(piped.err()).isEmpty();
        assertThat(piped.out()).isEqualTo(quiet.out()).doesNotContain("complete").startsWith("Loaded image: ");
    }

    @Test
    void importOnATerminalDrawsItsLayerAndQuietOrPipedDrawsNothing() throws IOException {
        Path tarball = Tarballs.oneFile(home.resolve("rootfs.tar"), "etc/issue", "imported\n", false);
        Cli.Result live = store.runInteractive("import", tarball.toString(), "imported/base", "--platform", "linux/amd64");
        assertThat(live.code()).as(live.toString()).isZero();
        assertThat(live.err()).containsPattern(Pattern.quote(ERASE) + "[0-9a-f]{12}: Extracting ")
                .containsPattern(Pattern.quote(ERASE) + "[0-9a-f]{12}: Import complete\n");
        assertThat(live.out().strip()).matches("sha256:[0-9a-f]{64}");

        Cli.Result quiet = store.runInteractive("import", tarball.toString(), "imported/base", "-q");
        assertThat(quiet.code()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).isEmpty();
        Cli.Result piped = store.run("import", tarball.toString(), "imported/base");
        assertThat(piped.code()).as(piped.toString()).isZero();
        assertThat(piped.err()).isEmpty();
        assertThat(piped.out()).doesNotContain("complete");
    }

    /** The lines of the last frame drawn: what the terminal shows at the end. */
    static List<String> lastFrame(String err) {
        int up = err.lastIndexOf("A\r");
        String frame = up < 0 ? err : err.substring(up + 2);
        List<String> lines = new ArrayList<>();
        for (String line : frame.split("\n")) {
            lines.add(line.replace(ERASE, ""));
        }
        return lines;
    }
}
