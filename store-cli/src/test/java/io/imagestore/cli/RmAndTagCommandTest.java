package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RmAndTagCommandTest extends StoreTestCase {

    @BeforeEach
    void setUp() {
        store.build(LocalImageMetadata.of("app:1", "linux", "arm64"), Map.of("bin/app", "#!/bin/sh\n"));
        store.write(LocalImageMetadata.of("other:1", "darwin", "arm64"));
    }

    private List<String> references() {
        try (FsLocalImageStore opened = store.open()) {
            return opened.list().stream().map(LocalImageMetadata::reference).collect(Collectors.toList());
        }
    }

    @Test
    void removesEveryImageNamed() {
        Cli.Result result = store.run("rm", "app:1", "other:1");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "Deleted: docker.io/library/app:1", "Deleted: docker.io/library/other:1");
        assertThat(references()).isEmpty();
        assertThat(store.directory("app:1")).doesNotExist();
    }

    @Test
    void goesOnPastAMissingImageAndExitsNotFound() {
        Cli.Result result = store.run("rm", "missing:1", "app:1", "--force");
        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).contains("missing").hasLineCount(1);
        assertThat(result.out()).isEqualTo("Deleted: docker.io/library/app:1\n");
        assertThat(references()).containsExactly("other:1");
    }

    @Test
    void keepsTheFirstFailuresCode() {
        Cli.Result result = store.run("rm", "Bad Ref", "missing:1");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("\"Bad Ref\"", "missing").hasLineCount(2);
    }

    @Test
    void tagMakesAnIndependentCopyUnderTheTarget() {
        Cli.Result result = store.run("tag", "app:1", "registry.example.com/team/app:2");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(
                "Tagged docker.io/library/app:1 as registry.example.com/team/app:2\n");
        try (FsLocalImageStore opened = store.open()) {
            LocalImageMetadata target = opened.read(ImageReference.parse("registry.example.com/team/app:2")).orElseThrow();
            assertThat(target.imageReference()).isEqualTo(ImageReference.parse("registry.example.com/team/app:2"));
            assertThat(target.platform().toString()).isEqualTo("linux/arm64");
        }
        assertThat(Files.exists(store.directory("registry.example.com/team/app:2").resolve("rootfs/bin/app"))).isTrue();
        assertThat(store.run("rm", "app:1").code()).isZero();
        assertThat(Files.exists(store.directory("registry.example.com/team/app:2").resolve("rootfs/bin/app"))).isTrue();
    }

    @Test
    void tagSaysTheTagsShareFilesOfAnImmutableRootfsAndTheyDo() throws java.io.IOException {
        Cli.Result help = store.run("tag", "--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("shares", "hard links", "A committed rootfs is immutable")
                .doesNotContain("independent copy");
        assertThat(store.run("tag", "app:1", "app:2").code()).isZero();

        Object source = Files.readAttributes(store.directory("app:1").resolve("rootfs/bin/app"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Object target = Files.readAttributes(store.directory("app:2").resolve("rootfs/bin/app"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertThat(target).as("the tag shares the file, as its help says").isEqualTo(source).isNotNull();
    }

    @Test
    void tagFailuresUseTheDocumentedCodes() {
        Cli.Result missing = store.run("tag", "missing:1", "new:1");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("missing").hasLineCount(1);
        Cli.Result invalid = store.run("tag", "app:1", "Upper:1");
        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.err()).contains("\"Upper:1\"").hasLineCount(1);
        Cli.Result usage = store.run("tag", "app:1");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("TARGET").hasLineCount(1);
    }
}
