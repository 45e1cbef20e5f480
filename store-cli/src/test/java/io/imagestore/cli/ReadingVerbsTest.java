package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reading verbs (ls, inspect, route) on stores they must not change: a root that does not exist (no store
 * is created: exit 3), an empty {@code --root} (refused), and a store on a read-only file system (a tmpfs
 * mounted read-only, where this test may mount one: as root on Linux).
 */
class ReadingVerbsTest extends StoreTestCase {
    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    @Test
    void aMissingRootIsNoStoreThereAndIsNotCreated() {
        for (String[] verb : List.of(new String[] {"ls"}, new String[] {"inspect", "myapp"},
                new String[] {"route", "myapp"}, new String[] {"ls", "--format", "json"})) {
            Cli.Result result = store.run(verb);
            assertThat(result.code()).as(result.toString()).isEqualTo(3);
            assertThat(result.err()).contains("there is no image store at " + store.root());
            assertThat(store.root()).as(String.join(" ", verb)).doesNotExist();
        }
        Cli.Result write = store.run("write", "myapp", "--os", "linux", "--arch", "arm64");
        assertThat(write.code()).as("a writing verb still creates the store").isZero();
    }

    @Test
    void anEmptyRootIsRefusedRatherThanMeaningTheCurrentDirectory() {
        for (String[] args : List.of(new String[] {"--root", "", "ls"}, new String[] {"ls", "--root="},
                new String[] {"--root", "", "write", "x", "--os", "linux", "--arch", "arm64"},
                new String[] {"--root", "", "demo"})) {
            Cli.Result result = store.cli().run(args);
            assertThat(result.code()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains("--root must name a directory");
        }
    }

    @Test
    void everyReadingVerbWorksOnAReadOnlyStore() throws Exception {
        Path mount = Files.createDirectories(home.resolve("mnt"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()) == 0,
                "cannot mount a tmpfs here (needs root on Linux)");
        mounted = mount;
        TestStore readOnly = new TestStore(mount);
        readOnly.build(LocalImageMetadata.of("myapp:latest", "darwin", "arm64"), Map.of("bin/tool", "x"));
        readOnly.write(LocalImageMetadata.of("ghcr.io/acme/tool:2", "linux", "arm64"));
        try (FsLocalImageStore library = readOnly.open()) {
            Files.createDirectories(library.root().resolve(".imagestore/staging/00000000000000ee/image"));
        }
        assumeTrue(run("mount", "-o", "remount,ro", mount.toString()) == 0, "cannot remount read-only");

        Cli.Result ls = readOnly.run("ls", "--format", "json");
        assertThat(ls.code()).as(ls.toString()).isZero();
        assertThat(ls.out()).contains("myapp:latest", "ghcr.io/acme/tool:2");
        Cli.Result inspect = readOnly.run("inspect", "myapp");
        assertThat(inspect.code()).as(inspect.toString()).isZero();
        assertThat(inspect.out()).contains("darwin/arm64");
        Cli.Result route = readOnly.run("route", "ghcr.io/acme/tool:2", "--runtime", "vm=linux/arm64");
        assertThat(route.code()).as(route.toString()).isZero();
        assertThat(route.out()).startsWith("vm: ");
        Cli.Result missing = readOnly.run("inspect", "absent:1");
        assertThat(missing.code()).as(missing.toString()).isEqualTo(3);

        try (FsLocalImageStore library = readOnly.open()) {
            assertThat(library.read(ImageReference.parse("myapp"))).isPresent();
            assertThat(library.list()).hasSize(2);
            assertThat(library.root().resolve(".imagestore/staging/00000000000000ee")).as("recovery is skipped")
                    .exists();
        }
        Cli.Result write = readOnly.run("write", "other", "--os", "linux", "--arch", "arm64");
        assertThat(write.code()).as("a write fails with a message, not a crash: " + write).isEqualTo(1);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
