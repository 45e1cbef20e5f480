package io.imagestore.fs;

import static io.imagestore.fs.ExecutableProbeHeadersTest.CPU_ARM64;
import static io.imagestore.fs.ExecutableProbeHeadersTest.elf;
import static io.imagestore.fs.ExecutableProbeHeadersTest.machO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.imagestore.api.Platform;
import io.imagestore.api.PlatformSource;
import io.imagestore.api.ResolvedPlatform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.Generate;

class RootfsPlatformDetectorTest {
    /**
     * Captures what slf4j-simple writes to {@code System.err} (it looks the stream up on every write)
     * while open, so tests can check that a warning was logged.
     */
    static final class StderrCapture implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        static StderrCapture start() {
            StderrCapture capture = new StderrCapture();
            System.setErr(new PrintStream(capture.bytes, true, StandardCharsets.UTF_8));
            return capture;
        }

        String text() {
            System.err.flush();
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }

    @TempDir
    Path temp;
    private Path image;

    @BeforeEach
    void createImage() throws IOException {
        image = Files.createDirectories(temp.resolve("image"));
        Files.createDirectories(image.resolve("rootfs/bin"));
    }

    private void shell(byte[] header) throws IOException {
        Files.write(image.resolve("rootfs/bin/sh"), header);
    }

    private void config(String name, String os, String architecture) throws IOException {
        Files.writeString(image.resolve(name), "{\"os\":\"" + os + "\",\"architecture\":\"" + architecture + "\"}");
    }

    @Test
    void anImageConfigIsTheFirstSource() throws IOException {
        config("image-config.json", "linux", "arm64");

        assertThat(RootfsPlatformDetector.detect(image))
                .isEqualTo(ResolvedPlatform.of(Platform.parse("linux/arm64"), PlatformSource.IMAGE_CONFIG));
    }

    @Test
    void executablesAreProbedWhenNoConfigTells() throws IOException {
        Files.writeString(image.resolve("config.json"), "{\"Entrypoint\":[\"/bin/app\"]}");
        shell(machO(true, ByteOrder.LITTLE_ENDIAN, CPU_ARM64));

        assertThat(RootfsPlatformDetector.detect(image))
                .isEqualTo(ResolvedPlatform.of(Platform.parse("darwin/arm64"), PlatformSource.ROOTFS_PROBE));
    }

    @Test
    void aUniversalExecutableResolvesToEverySliceAndAConfigOfAnySliceAgrees() throws IOException {
        shell(ExecutableProbeHeadersTest.fat(true, ExecutableProbeHeadersTest.CPU_X86_64, CPU_ARM64));

        assertThat(RootfsPlatformDetector.detect(image)).isEqualTo(ResolvedPlatform.anyOf(
                List.of(Platform.parse("darwin/amd64"), Platform.parse("darwin/arm64")), PlatformSource.ROOTFS_PROBE));

        config("image-config.json", "darwin", "arm64");
        try (StderrCapture log = StderrCapture.start()) {
            assertThat(RootfsPlatformDetector.detect(image))
                    .isEqualTo(ResolvedPlatform.of(Platform.parse("darwin/arm64"), PlatformSource.IMAGE_CONFIG));
            assertThat(log.text()).doesNotContain("WARN");
        }
    }

    @Test
    void aMalformedConfigFallsBackToTheProbe() throws IOException {
        Files.writeString(image.resolve("image-config.json"), "{\"os\":");
        shell(elf(2, 1, 0, 62));

        assertThat(RootfsPlatformDetector.detect(image))
                .isEqualTo(ResolvedPlatform.of(Platform.parse("linux/amd64"), PlatformSource.ROOTFS_PROBE));
    }

    @Test
    void nothingToldIsUnknown() throws IOException {
        Files.writeString(image.resolve("rootfs/bin/sh"), "#!/bin/busybox sh\n");

        assertThat(RootfsPlatformDetector.detect(image)).isEqualTo(ResolvedPlatform.unknown());
        assertThat(RootfsPlatformDetector.detect(temp.resolve("no-such-image"))).isEqualTo(ResolvedPlatform.unknown());
    }

    @Test
    void aConflictIsWarnedAboutAndTheConfigWins() throws IOException {
        config("image-config.json", "linux", "amd64");
        shell(elf(2, 1, 0, 183));

        try (StderrCapture log = StderrCapture.start()) {
            assertThat(RootfsPlatformDetector.detect(image))
                    .isEqualTo(ResolvedPlatform.of(Platform.parse("linux/amd64"), PlatformSource.IMAGE_CONFIG));
            assertThat(log.text()).contains("WARN").contains("image-config.json says linux/amd64")
                    .contains("rootfs/bin/sh is built for linux/arm64").contains("trusting the image config");
        }
    }

    @Test
    void anOsConflictIsAlsoWarnedAbout() throws IOException {
        config("config.json", "linux", "arm64");
        shell(machO(true, ByteOrder.LITTLE_ENDIAN, CPU_ARM64));

        try (StderrCapture log = StderrCapture.start()) {
            assertThat(RootfsPlatformDetector.detect(image).platform()).contains(Platform.parse("linux/arm64"));
            assertThat(log.text()).contains("config.json says linux/arm64").contains("built for darwin/arm64");
        }
    }

    @Test
    void agreeingSourcesOrOnlyADifferentVariantAreNoConflict() throws IOException {
        Files.writeString(image.resolve("image-config.json"), "{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v6\"}");
        shell(elf(1, 1, 0, 40));

        try (StderrCapture log = StderrCapture.start()) {
            assertThat(RootfsPlatformDetector.detect(image))
                    .isEqualTo(ResolvedPlatform.of(Platform.parse("linux/arm/v6"), PlatformSource.IMAGE_CONFIG));
            assertThat(log.text()).doesNotContain("WARN");
        }
    }

    @Test
    void garbageEverywhereNeverThrows() {
        qt().withExamples(200)
                .forAll(Generate.byteArrays(Generate.range(0, 120), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)),
                        Generate.byteArrays(Generate.range(0, 120), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))
                .checkAssert((configBytes, shellBytes) -> {
                    try {
                        Files.write(image.resolve("config.json"), configBytes);
                        shell(shellBytes);
                    } catch (IOException e) {
                        throw new AssertionError("cannot write the test image", e);
                    }
                    assertThat(RootfsPlatformDetector.detect(image)).isNotNull();
                });
    }
}
