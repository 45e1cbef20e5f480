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
        JsonNode json = new ObjectMapper().readTree(result.out());
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
        JsonNode json = new ObjectMapper().readTree(result.out());
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
