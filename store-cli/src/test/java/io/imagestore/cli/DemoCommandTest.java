package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path home;

    @Test
    void buildsListsInspectsAndRoutesTwoImagesInARealTemporaryStore() {
        Cli.Result result = Cli.in(home).run("demo");
        assertThat(result.code()).as(result.toString()).isZero();
        List<String> lines = result.out().lines().collect(Collectors.toList());
        assertThat(lines.get(0)).startsWith("Demo store: " + home.resolve("imagestore-demo-"));
        Path root = Path.of(lines.get(0).substring("Demo store: ".length()));

        assertThat(result.out()).contains(
                "Built demo/hello-linux:1.0 (linux/arm64) through beginBuild -> commit",
                "Built demo/hello-mac:1.0 (darwin/arm64) through beginBuild -> commit",
                "$ imagestore ls", "REFERENCE", "$ imagestore inspect demo/hello-mac:1.0",
                "Platform:     darwin/arm64 (from sidecar)");
        assertThat(lines).anyMatch(line -> line.matches("demo/hello-linux:1.0 +linux/arm64 .*"));
        assertThat(lines).anyMatch(line -> line.matches("demo/hello-mac:1.0 +darwin/arm64 .*"));

        String mac = section(lines, "Routing for a macOS arm64 host");
        assertThat(mac).contains("demo/hello-linux:1.0   -> linux-vm: linux/arm64 image (per sidecar)")
                .contains("demo/hello-mac:1.0     -> mac-sandbox: darwin/arm64 image (per sidecar)");
        String linux = section(lines, "Routing for a Linux arm64 host");
        assertThat(linux).contains("demo/hello-linux:1.0   -> native: ")
                .contains("demo/hello-mac:1.0     -> no route: no runtime can run");
        assertThat(result.err()).isEmpty();

        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(store.list()).extracting(LocalImageMetadata::reference)
                    .containsExactly("demo/hello-linux:1.0", "demo/hello-mac:1.0");
            Path mac1 = store.imageDirectory(ImageReference.parse("demo/hello-mac:1.0"));
            assertThat(Files.isRegularFile(mac1.resolve("rootfs/etc/motd"))).isTrue();
        }
    }

    @Test
    void anExplicitRootIsWhereTheDemoBuildsAndNothingSuggestsDeletingIt() {
        Path root = home.resolve("my-store");
        Cli.Result result = Cli.in(home).run("--root", root.toString(), "demo");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Demo store: " + root + "\n").doesNotContain("rm -rf");
        try (FsLocalImageStore store = FsLocalImageStore.open(root)) {
            assertThat(store.list()).extracting(LocalImageMetadata::reference)
                    .containsExactly("demo/hello-linux:1.0", "demo/hello-mac:1.0");
        }
        assertThat(Cli.in(home).run("--root", root.toString(), "demo").code()).as("again, over its own images").isZero();
    }

    private static String section(List<String> lines, String heading) {
        int start = lines.indexOf(lines.stream().filter(line -> line.startsWith(heading)).findFirst().orElseThrow());
        return String.join("\n", lines.subList(start, Math.min(lines.size(), start + 3)));
    }
}
