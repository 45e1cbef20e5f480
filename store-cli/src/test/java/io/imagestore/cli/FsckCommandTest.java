package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FsckCommandTest extends StoreTestCase {

    @BeforeEach
    void setUp() {
        store.write(LocalImageMetadata.of("good:1", "linux", "arm64"));
    }

    @Test
    void aCleanStoreIsExitZero() {
        Cli.Result result = store.run("fsck");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("Checked 1 image in " + store.root() + ": no problems.\n");
    }

    @Test
    void aCorruptSidecarIsReportedWithExitFour() throws IOException {
        Path sidecar = store.corrupt("bad:1");
        Cli.Result text = store.run("fsck");
        assertThat(text.code()).as(text.toString()).isEqualTo(4);
        assertThat(text.out()).contains("PROBLEM", "corrupt sidecar", store.root().relativize(sidecar.getParent()).toString());

        Cli.Result json = store.run("fsck", "--format", "json");
        assertThat(json.code()).isEqualTo(4);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("root").asText()).isEqualTo(store.root().toString());
        assertThat(report.get("clean").asBoolean()).isFalse();
        assertThat(report.get("images_checked").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode finding = report.get("findings").get(0);
        assertThat(finding.get("kind").asText()).isEqualTo("corrupt_sidecar");
        assertThat(finding.get("path").asText()).startsWith(store.root().toString());
        assertThat(finding.get("repaired").asBoolean()).isFalse();
    }

    @Test
    void repairRemovesOnlyWhatItReportsAndNeverAGoodImage() throws IOException {
        store.corrupt("bad:1");
        Path incomplete = store.directory("half:1");
        Files.createDirectories(incomplete.resolve("rootfs"));
        Cli.Result result = store.run("fsck", "--repair", "--format", "json");
        JsonNode report = new ObjectMapper().readTree(result.out());
        boolean allRepaired = true;
        for (JsonNode finding : report.get("findings")) {
            boolean repaired = finding.get("repaired").asBoolean();
            allRepaired &= repaired;
            if (repaired) {
                assertThat(Path.of(finding.get("path").asText())).doesNotExist();
            }
        }
        assertThat(report.get("findings")).isNotEmpty();
        int expected = allRepaired ? 0 : hasUnrepairedCorrupt(report) ? 4 : 1;
        assertThat(result.code()).as(result.toString()).isEqualTo(expected);
        assertThat(store.directory("good:1").resolve("metadata.json")).exists();
    }

    private static boolean hasUnrepairedCorrupt(JsonNode report) {
        for (JsonNode finding : report.get("findings")) {
            if (finding.get("kind").asText().equals("corrupt_sidecar") && !finding.get("repaired").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void drawsProgressOnlyOnATerminal() {
        assertThat(store.run("fsck").err()).isEmpty();
        assertThat(store.runInteractive("fsck").err()).contains("Checking ");
    }
}
