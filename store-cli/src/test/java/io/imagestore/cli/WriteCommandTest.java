package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.fs.FsLocalImageStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WriteCommandTest extends StoreTestCase {

    private Optional<LocalImageMetadata> read(String reference) {
        try (FsLocalImageStore opened = store.open()) {
            return opened.read(ImageReference.parse(reference));
        }
    }

    @Test
    void writesTheSidecarWithEveryField() {
        Cli.Result result = store.run("write", "myapp:latest", "--os", "darwin", "--arch", "arm64", "--size", "4096",
                "--digest", TestStore.DIGEST, "--created", "2025-05-31T10:00:00+02:00");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("Wrote docker.io/library/myapp:latest (darwin/arm64, 4.1 kB)\n");
        assertThat(result.err()).isEmpty();
        assertThat(read("docker.io/library/myapp:latest")).contains(LocalImageMetadata.of("myapp:latest", "darwin", "arm64")
                .withSize(4096).withDigest(TestStore.DIGEST).withCreated("2025-05-31T10:00:00+02:00"));
    }

    @Test
    void recordsNowWhenNoCreationTimeIsGivenAndKeepsTheReferenceAsGiven() {
        Cli.Result result = store.run("write", "ghcr.io/acme/tool:2", "--os", "linux", "--arch", "amd64");
        assertThat(result.code()).as(result.toString()).isZero();
        LocalImageMetadata stored = read("ghcr.io/acme/tool:2").orElseThrow();
        assertThat(stored.reference()).isEqualTo("ghcr.io/acme/tool:2");
        assertThat(stored.created()).contains(Cli.NOW.toString());
        assertThat(stored.size()).isEmpty();
        assertThat(stored.digest()).isEmpty();
    }

    @Test
    void keepsTheVariantInTheArchitecture() {
        Cli.Result result = store.run("write", "pi:1", "--os", "linux", "--arch", "arm", "--variant", "v6");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("(linux/arm/v6)");
        assertThat(read("pi:1").orElseThrow().architecture()).isEqualTo("arm/v6");
    }

    @Test
    void measuresTheRootfsWhenAsked() {
        store.build(LocalImageMetadata.of("sized:1", "linux", "arm64"), Map.of("a", "12345", "dir/b", "678"));
        Cli.Result result = store.run("write", "sized:1", "--os", "linux", "--arch", "arm64", "--measure");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(read("sized:1").orElseThrow().size()).isEqualTo(OptionalLong.of(8));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void showsMeasuringProgressOnlyOnATerminal() {
        store.build(LocalImageMetadata.of("sized:1", "linux", "arm64"), Map.of("a", "1"));
        Cli.Result result = store.runInteractive("write", "sized:1", "--os", "linux", "--arch", "arm64", "--measure");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.err()).contains("Measuring").endsWith("\r\033[K");
        assertThat(result.out()).doesNotContain("Measuring");
    }

    @Test
    void globalOptionsWorkAfterTheVerbAndFromTheEnvironment() {
        Path other = home.resolve("other");
        Cli.Result after = store.cli().run("write", "a:1", "--os", "linux", "--arch", "arm64", "--root", other.toString());
        assertThat(after.code()).as(after.toString()).isZero();
        assertThat(FsLocalImageStore.open(other).read(ImageReference.parse("a:1"))).isPresent();

        Path fromVariable = home.resolve("from-variable");
        Cli.Result env = store.cli().withVariables(Map.of("IMAGESTORE_ROOT", fromVariable.toString()))
                .run("write", "b:1", "--os", "linux", "--arch", "arm64");
        assertThat(env.code()).as(env.toString()).isZero();
        assertThat(FsLocalImageStore.open(fromVariable).read(ImageReference.parse("b:1"))).isPresent();
    }

    @Test
    void refusesAnInvalidReferenceQuotingIt() {
        Cli.Result result = store.run("write", "My App", "--os", "linux", "--arch", "arm64");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("imagestore: ").contains("\"My App\"").hasLineCount(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void refusesBadValuesAsUsageErrors() {
        assertUsageError(store.run("write", "a:1", "--os", "linux", "--arch", "arm64", "--digest", "sha256:xyz"),
                "'sha256:xyz'");
        assertUsageError(store.run("write", "a:1", "--os", "linux", "--arch", "arm64", "--created", "yesterday"),
                "'yesterday'");
        assertUsageError(store.run("write", "a:1", "--os", "linux", "--arch", "arm64", "--size", "-1"), "'-1'");
        assertUsageError(store.run("write", "a:1", "--os", "lin ux", "--arch", "arm64"), "lin ux");
        assertUsageError(store.run("write", "a:1", "--arch", "arm64"), "--os");
        assertUsageError(store.run("write", "a:1", "--os", "", "--arch", "arm64"), "invalid --os '': it is empty");
        assertUsageError(store.run("write", "a:1", "--os", "linux", "--arch", " "), "invalid --arch ' ': it is empty");
        assertUsageError(store.run("write", "a:1", "--os", "linux", "--arch", "arm", "--variant", ""),
                "invalid --variant '': it is empty");
        assertUsageError(store.run("write", "a:1", "--os", "linux", "--arch", "arm64", "--size", "1", "--measure"),
                "mutually exclusive");
    }

    private static void assertUsageError(Cli.Result result, String quoted) {
        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(quoted).hasLineCount(1).doesNotContain("\tat ");
    }
}
