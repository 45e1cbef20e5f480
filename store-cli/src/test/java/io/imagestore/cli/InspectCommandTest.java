package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InspectCommandTest extends StoreTestCase {

    @BeforeEach
    void setUp() {
        store.write(LocalImageMetadata.of("myapp:latest", "macOS", "aarch64").withSize(4096)
                .withDigest(TestStore.DIGEST).withCreated(Cli.ago(Duration.ofHours(2))));
    }

    @Test
    void showsTheSidecarAndTheResolvedPlatformAsText() {
        Cli.Result result = store.run("inspect", "myapp");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "Reference:    docker.io/library/myapp:latest",
                "Directory:    " + store.directory("myapp:latest"),
                "Platform:     darwin/arm64 (from sidecar)",
                "Stored as:    myapp:latest",
                "OS:           macOS",
                "Architecture: aarch64",
                "Size:         4.1 kB (4096 bytes)",
                "Digest:       " + TestStore.DIGEST,
                "Created:      " + Cli.ago(Duration.ofHours(2)) + " (2 hours ago)");
    }

    @Test
    void jsonHoldsTheSidecarExactlyPlusPlatformAndSource() throws IOException {
        Cli.Result result = store.run("inspect", "myapp:latest", "--format", "json");
        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode array = new ObjectMapper().readTree(result.out());
        assertThat(array.isArray()).as("an array even for one REF, as docker's").isTrue();
        assertThat(array).hasSize(1);
        JsonNode json = array.get(0);
        assertThat(json.get("platforms")).hasSize(1);
        assertThat(json.get("sidecar_error").isNull()).isTrue();
        assertThat(json.get("reference").asText()).isEqualTo("docker.io/library/myapp:latest");
        assertThat(json.get("platform").asText()).isEqualTo("darwin/arm64");
        assertThat(json.get("source").asText()).isEqualTo("sidecar");
        assertThat(json.get("directory").asText()).isEqualTo(store.directory("myapp:latest").toString());
        JsonNode sidecar = json.get("metadata");
        assertThat(sidecar.get("reference").asText()).isEqualTo("myapp:latest");
        assertThat(sidecar.get("os").asText()).isEqualTo("macOS");
        assertThat(sidecar.get("architecture").asText()).isEqualTo("aarch64");
        assertThat(sidecar.get("size").asLong()).isEqualTo(4096);
        assertThat(sidecar.get("digest").asText()).isEqualTo(TestStore.DIGEST);
        assertThat(sidecar.get("created").asText()).isEqualTo(Cli.ago(Duration.ofHours(2)));
    }

    @Test
    void anImageWithoutSidecarShowsNoMetadataAndThePlatformFromItsImageConfig() throws IOException {
        Path directory = store.directory("half:1");
        Files.createDirectories(directory.resolve("rootfs"));
        Files.writeString(directory.resolve("image-config.json"), "{\"os\":\"linux\",\"architecture\":\"amd64\"}");
        Cli.Result result = store.run("inspect", "half:1", "--format", "json");
        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out()).get(0);
        assertThat(json.get("metadata").isNull()).isTrue();
        assertThat(json.get("platform").asText()).isEqualTo("linux/amd64");
        assertThat(json.get("source").asText()).isEqualTo("image_config");

        Cli.Result text = store.run("inspect", "half:1");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("Platform:     linux/amd64 (from image_config)", "Sidecar:      none");
    }

    @Test
    void aMissingImageIsNotFound() {
        Cli.Result result = store.run("inspect", "nothing:here");
        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).contains("nothing").hasLineCount(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aCorruptSidecarIsExitFourNamingTheFile() {
        Path sidecar = store.corrupt("myapp:latest");
        Cli.Result result = store.run("inspect", "myapp:latest");
        assertThat(result.code()).isEqualTo(4);
        assertThat(result.err()).contains(sidecar.toString()).hasLineCount(1).doesNotContain("\tat ");
    }

    @Test
    void severalReferencesAreShownInOrderAndAFailureIsReportedWithoutHidingTheOthers() throws IOException {
        store.write(LocalImageMetadata.of("other:1", "linux", "amd64"));

        Cli.Result text = store.run("inspect", "myapp", "nothing:here", "other:1");
        assertThat(text.code()).as(text.toString()).isEqualTo(3);
        assertThat(text.out()).contains("Reference:    docker.io/library/myapp:latest",
                "\n\nReference:    docker.io/library/other:1");
        assertThat(text.err()).contains("nothing").hasLineCount(1);

        Cli.Result json = store.run("inspect", "myapp", "other:1", "--format", "json");
        assertThat(json.code()).as(json.toString()).isZero();
        JsonNode array = new ObjectMapper().readTree(json.out());
        assertThat(array).hasSize(2);
        assertThat(array.get(1).get("platform").asText()).isEqualTo("linux/amd64");

        Cli.Result none = store.run("inspect", "nothing:here", "--format", "json");
        assertThat(none.code()).isEqualTo(3);
        assertThat(none.out()).isEqualTo("[]\n");
    }

    @Test
    void aCorruptSidecarIsShownWithThePlatformFromTheFilesOnlyWhenAsked() throws IOException {
        Path sidecar = store.corrupt("myapp:latest");
        Files.writeString(sidecar.resolveSibling("image-config.json"), "{\"os\":\"linux\",\"architecture\":\"arm64\"}");

        Cli.Result text = store.run("inspect", "myapp", "--ignore-corrupt-sidecar");
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).contains("Platform:     linux/arm64 (from image_config)", "Sidecar:      corrupt");
        JsonNode json = new ObjectMapper().readTree(
                store.run("inspect", "myapp", "--ignore-corrupt-sidecar", "--format", "json").out()).get(0);
        assertThat(json.get("metadata").isNull()).isTrue();
        assertThat(json.get("sidecar_error").asText()).contains("not valid JSON");
        assertThat(store.run("inspect", "myapp").code()).isEqualTo(4);
    }

    @Test
    void aUniversalBinaryShowsEverySlice() throws IOException {
        store.universalMacImage("fat:1");

        assertThat(store.run("inspect", "fat:1").out()).contains("Platform:     darwin/amd64, darwin/arm64 (from rootfs_probe)");
        JsonNode json = new ObjectMapper().readTree(store.run("inspect", "fat:1", "--format", "json").out()).get(0);
        assertThat(json.get("platform").asText()).isEqualTo("darwin/amd64");
        assertThat(json.get("platforms").toString()).isEqualTo("[\"darwin/amd64\",\"darwin/arm64\"]");
    }

    @Test
    void verboseAddsTheStackTrace() {
        store.corrupt("myapp:latest");
        Cli.Result result = store.run("inspect", "myapp:latest", "--verbose");
        assertThat(result.code()).isEqualTo(4);
        assertThat(result.err()).contains("CorruptMetadataException", "\tat ");
    }

    @Test
    void readingVerbsLeaveTempFilesToTheNextWriteAndPruneSoTheirCostDoesNotGrowWithTheStore() throws IOException {
        Path killed = Files.writeString(store.directory("myapp:latest").resolve("metadata.json.tmp-writing"), "{");
        Path older = Files.writeString(store.directory("myapp:latest").resolve("metadata.json.tmp-0123456789abcdef"),
                "{");

        for (String[] verb : List.of(new String[] {"inspect", "myapp"}, new String[] {"ls"},
                new String[] {"route", "myapp"}, new String[] {"fsck"}, new String[] {"write", "other", "--os",
                    "linux", "--arch", "arm64"})) {
            store.run(verb);
            assertThat(killed).as(String.join(" ", verb)).exists();
            assertThat(older).as(String.join(" ", verb)).exists();
        }
        assertThat(store.run("write", "myapp", "--os", "linux", "--arch", "arm64").code()).isZero();
        assertThat(killed).as("the next write of the image").doesNotExist();
        assertThat(store.run("prune", "--grace", "0s").code()).isZero();
        assertThat(older).as("prune").doesNotExist();
    }
}
