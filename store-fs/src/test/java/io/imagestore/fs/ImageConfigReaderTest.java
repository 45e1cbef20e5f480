package io.imagestore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.imagestore.api.Platform;
import io.imagestore.fs.RootfsPlatformDetectorTest.StderrCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.Generate;

class ImageConfigReaderTest {
    private static final String BUILDER_CONFIG = "{\"entrypoint\":[\"/bin/sh\"],\"env\":[\"PATH=/bin\"],"
            + "\"config\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}";

    @TempDir
    Path temp;
    private Path image;

    @BeforeEach
    void createImage() throws IOException {
        image = Files.createDirectories(temp.resolve("image"));
        Files.createDirectories(image.resolve("rootfs"));
    }

    private void write(String name, String json) throws IOException {
        Files.writeString(image.resolve(name), json);
    }

    private Optional<String> read() {
        return ImageConfigReader.read(image).map(found -> found.platform() + " from " + found.origin());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"image-config.json", "image_config.json", "config.json"})
    void eachFileNameIsRead(String name) throws IOException {
        write(name, "{\"architecture\":\"arm64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"},\"history\":[]}");

        assertThat(read()).contains("linux/arm64 from " + name);
    }

    @Test
    void theFirstNameWins() throws IOException {
        write("image-config.json", "{\"os\":\"darwin\",\"architecture\":\"arm64\"}");
        write("image_config.json", "{\"os\":\"linux\",\"architecture\":\"amd64\"}");
        write("config.json", "{\"os\":\"linux\",\"architecture\":\"s390x\"}");

        assertThat(read()).contains("darwin/arm64 from image-config.json");
    }

    @Test
    void aBuildersConfigWithoutTopLevelPlatformIsSkippedForTheNextFile() throws IOException {
        write("image-config.json", BUILDER_CONFIG);
        write("config.json", "{\"os\":\"linux\",\"architecture\":\"riscv64\"}");

        assertThat(read()).contains("linux/riscv64 from config.json");
    }

    @Test
    void onlyABuildersConfigTellsNothing() throws IOException {
        write("config.json", BUILDER_CONFIG);

        assertThat(read()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v6\"}          | linux/arm/v6",
        "{\"os\":\"macOS\",\"architecture\":\"aarch64\"}                       | darwin/arm64",
        "{\"os\":\"linux\",\"architecture\":\"x86_64\",\"variant\":null}         | linux/amd64",
        "{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"\"}          | linux/arm64",
        "{\"os\":\"windows\",\"architecture\":\"amd64\",\"os.version\":\"10.0\"} | windows/amd64",
        " { \"architecture\" : \"386\" , \"os\" : \"linux\" }                  | linux/386",
    })
    void platformFieldsAreNormalised(String json, String expected) {
        assertThat(ImageConfigReader.parse(json.getBytes(StandardCharsets.UTF_8), "test")).contains(Platform.parse(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{\"os\":\"linux\"",
        "not json",
        "",
        "[{\"os\":\"linux\",\"architecture\":\"amd64\"}]",
        "\"linux/amd64\"",
        "{\"os\":\"linux\",\"architecture\":\"amd64\"} {}",
        "{\"os\":\"linux\",\"architecture\":\"amd64\",\"os\":\"darwin\"}",
        "{\"os\":\"linux\",\"architecture\":7}",
        "{\"os\":[\"linux\"],\"architecture\":\"amd64\"}",
        "{\"os\":\"linux\"}",
        "{\"architecture\":\"amd64\"}",
        "{\"os\":\"linux\",\"architecture\":\"amd 64\"}",
        "{\"os\":\"\",\"architecture\":\"amd64\"}",
    })
    void unusableConfigsAreSkipped(String json) {
        assertThat(ImageConfigReader.parse(json.getBytes(StandardCharsets.UTF_8), "test")).isEmpty();
    }

    @Test
    void aMalformedConfigIsLoggedAndTheNextFileRead() throws IOException {
        write("image-config.json", "{\"os\": \"linux\", \"architecture\": ");
        write("config.json", "{\"os\":\"linux\",\"architecture\":\"ppc64le\"}");

        try (StderrCapture log = StderrCapture.start()) {
            assertThat(read()).contains("linux/ppc64le from config.json");
            assertThat(log.text()).contains("WARN").contains("image-config.json").contains("unusable JSON");
        }
    }

    @Test
    void configsAreNeverReadThroughSymbolicLinks() throws IOException {
        Path outside = Files.writeString(temp.resolve("outside.json"), "{\"os\":\"darwin\",\"architecture\":\"arm64\"}");
        Files.createSymbolicLink(image.resolve("image-config.json"), outside);
        Files.writeString(image.resolve("real.json"), "{\"os\":\"darwin\",\"architecture\":\"amd64\"}");
        Files.createSymbolicLink(image.resolve("image_config.json"), Paths.get("real.json"));

        try (StderrCapture log = StderrCapture.start()) {
            assertThat(read()).isEmpty();
            assertThat(log.text()).contains("it is a symbolic link");
        }
    }

    @Test
    void directoriesAndOversizedFilesAreSkipped() throws IOException {
        Files.createDirectories(image.resolve("image-config.json"));
        String padding = "x".repeat(ImageConfigReader.MAX_BYTES);
        write("image_config.json", "{\"os\":\"linux\",\"architecture\":\"amd64\",\"pad\":\"" + padding + "\"}");
        write("config.json", "{\"os\":\"linux\",\"architecture\":\"arm64\"}");

        assertThat(read()).contains("linux/arm64 from config.json");
    }

    @Test
    void aConfigOfExactlyTheLimitIsRead() throws IOException {
        String head = "{\"os\":\"linux\",\"architecture\":\"amd64\",\"pad\":\"";
        String json = head + "x".repeat(ImageConfigReader.MAX_BYTES - head.length() - 2) + "\"}";
        write("config.json", json);

        assertThat(Files.size(image.resolve("config.json"))).isEqualTo(ImageConfigReader.MAX_BYTES);
        assertThat(read()).contains("linux/amd64 from config.json");
    }

    @Test
    void noConfigAtAllTellsNothing() {
        assertThat(read()).isEmpty();
    }

    @Test
    void arbitraryTextNeverThrows() {
        qt().withExamples(3000)
                .forAll(strings().allPossible().ofLengthBetween(0, 80))
                .checkAssert(text -> assertThat(ImageConfigReader.parse(text.getBytes(StandardCharsets.UTF_8), "fuzz"))
                        .isNotNull());
    }

    @Test
    void anyValidPlatformSurvivesAmongOtherFields() {
        List<String> os = List.of("linux", "darwin", "macOS", "windows", "freebsd");
        List<String> architectures = List.of("amd64", "x86_64", "arm64", "aarch64", "arm", "armhf", "386", "i386",
                "ppc64le", "s390x", "riscv64");
        List<String> variants = List.of("", "v6", "v7", "v8");
        List<String> noise = List.of("", "\"config\":{\"os\":\"plan9\"},", "\"history\":[{\"created_by\":\"os\"}],",
                "\"rootfs\":{\"architecture\":\"mips\"},", "\"variants\":\"v9\",");
        qt().withExamples(2000)
                .forAll(Generate.pick(os), Generate.pick(architectures), Generate.pick(variants), Generate.pick(noise))
                .checkAssert((o, a, v, n) -> {
                    String variant = v.isEmpty() ? "" : ",\"variant\":\"" + v + "\"";
                    String json = "{" + n + "\"os\":\"" + o + "\",\"architecture\":\"" + a + "\"" + variant + "}";
                    assertThat(ImageConfigReader.parse(json.getBytes(StandardCharsets.UTF_8), "generated"))
                            .contains(Platform.of(o, a, v));
                });
    }
}
