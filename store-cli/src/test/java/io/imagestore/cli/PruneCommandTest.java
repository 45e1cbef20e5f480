package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PruneCommandTest extends StoreTestCase {
    private Path incomplete;

    @BeforeEach
    void setUp() throws IOException {
        store.build(LocalImageMetadata.of("keep:1", "linux", "arm64"), Map.of("data", "x".repeat(2000)));
        incomplete = store.directory("half:1");
        Files.createDirectories(incomplete.resolve("rootfs"));
        Files.writeString(incomplete.resolve("rootfs/blob"), "y".repeat(3000));
    }

    @Test
    void removesLeftoversAndEndsWithTheReclaimedSpace() {
        Cli.Result result = store.run("prune", "--grace", "0");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(incomplete).doesNotExist();
        assertThat(store.directory("keep:1")).exists();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Deleted:");
        assertThat(lines.get(lines.size() - 1)).matches("Total reclaimed space: [0-9.]+ kB");
    }

    @Test
    void leftoversYoungerThanTheGracePeriodStay() {
        Cli.Result result = store.run("prune");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(incomplete).exists();
        assertThat(result.out()).isEqualTo("Total reclaimed space: 0 B\n");
    }

    @Test
    void allRemovesUnusedImagesTooAndJsonIsAPruneResultDto() throws IOException {
        Cli.Result result = store.run("prune", "--all", "--grace", "0s", "--format", "json");
        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.size()).isEqualTo(2);
        assertThat(json.get("deleted").isArray()).isTrue();
        assertThat(json.get("deleted").toString()).contains("docker.io/library/keep:1");
        assertThat(json.get("space_reclaimed").asLong()).isGreaterThanOrEqualTo(5000);
        assertThat(store.directory("keep:1")).doesNotExist();
        assertThat(incomplete).doesNotExist();
    }

    @Test
    void aDryRunRemovesNothing() {
        Cli.Result result = store.run("prune", "--all", "--dry-run", "--grace", "0");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Would delete:").contains("keep:1").contains("Total reclaimable space: ");
        assertThat(store.directory("keep:1")).exists();
        assertThat(incomplete).exists();
    }

    @Test
    void drawsProgressOnlyOnATerminal() {
        assertThat(store.run("prune").err()).isEmpty();
        assertThat(store.runInteractive("prune").err()).contains("Pruning ");
    }

    @Test
    void aBadGraceIsAUsageError() {
        Cli.Result result = store.run("prune", "--grace", "-1h");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("'-1h'").hasLineCount(1);
    }
}
