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
            if (repaired && finding.get("kind").asText().equals("incomplete_image")) {
                assertThat(Path.of(finding.get("path").asText())).doesNotExist();
            }
        }
        assertThat(report.get("findings")).isNotEmpty();
        int expected = allRepaired ? 0 : hasUnrepairedCorrupt(report) ? 4 : 1;
        assertThat(result.code()).as(result.toString()).isEqualTo(expected);
        assertThat(store.directory("good:1").resolve("metadata.json")).exists();
    }

    @Test
    void fsckSaysWhatRepairWouldDoAndRepairKeepsADamagedImagesRootfs() throws IOException {
        Path sidecar = store.corrupt("bad:1");
        Path rootfs = Files.createDirectories(sidecar.resolveSibling("rootfs"));
        Files.writeString(rootfs.resolve("file"), "acknowledged");

        Cli.Result planned = store.run("fsck");
        assertThat(planned.code()).as(planned.toString()).isEqualTo(4);
        assertThat(planned.out()).contains("--repair: set it aside as metadata.json.damaged-*");
        assertThat(sidecar).exists();

        Cli.Result repaired = store.run("fsck", "--repair");
        assertThat(repaired.out()).contains("done: set it aside", "imagestore write bad:1 --os OS --arch ARCH");
        assertThat(repaired.code()).as("an image without a platform remains").isEqualTo(1);
        assertThat(rootfs.resolve("file")).hasContent("acknowledged");

        Cli.Result recorded = store.run("write", "bad:1", "--os", "linux", "--arch", "arm64");
        assertThat(recorded.code()).as(recorded.toString()).isZero();
        assertThat(store.run("fsck").code()).isZero();
        assertThat(rootfs.resolve("file")).hasContent("acknowledged");
    }

    @Test
    void theHintsOfInspectAndRmNameCommandsThatWork() {
        store.corrupt("bad:1");
        Cli.Result inspect = store.run("inspect", "bad:1");
        assertThat(inspect.code()).isEqualTo(4);
        assertThat(inspect.err()).contains("'imagestore rm'", "'imagestore fsck --repair' rebuild it or set it aside");

        Cli.Result rm = store.run("rm", "bad:1");
        assertThat(rm.code()).as(rm.toString()).isZero();
        assertThat(store.directory("bad:1")).doesNotExist();
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
