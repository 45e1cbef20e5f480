package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.LocalImageMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImagesInAndOutCommandTest extends StoreTestCase {
    @BeforeEach
    void setUp() {
        store.build(LocalImageMetadata.of("app:1", "linux", "arm64").withCreated(Cli.ago(java.time.Duration.ofHours(2))),
                Map.of("bin/app", "#!/bin/sh\necho app\n"));
    }

    @Test
    void savedThenRemovedThenLoadedComesBackWithTheSameFiles() throws IOException {
        Path archive = home.resolve("app.tar");
        Cli.Result saved = store.run("save", "-o", archive.toString(), "app:1");
        assertThat(saved.code()).as(saved.toString()).isZero();
        assertThat(archive).isRegularFile();
        assertThat(store.run("rm", "app:1").code()).isZero();

        Cli.Result loaded = store.run("load", "-i", archive.toString());
        assertThat(loaded.code()).as(loaded.toString()).isZero();
        assertThat(loaded.out().lines()).containsExactly("Loaded image: app:1");
        assertThat(store.directory("app:1").resolve("rootfs/bin/app")).hasContent("#!/bin/sh\necho app");

        Cli.Result inspected = store.run("inspect", "app:1");
        assertThat(inspected.out()).contains("linux/arm64");
    }

    @Test
    void historyPrintsATableOrTheWireJson() throws IOException {
        store.run("save", "-o", home.resolve("keep.tar").toString(), "app:1");
        Cli.Result table = store.run("history", "app:1");
        assertThat(table.code()).as(table.toString()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("IMAGE").contains("CREATED BY");
        assertThat(table.out()).contains("2 hours ago").contains("imagestore: the rootfs as one layer");

        Cli.Result json = store.run("history", "app:1", "--format", "json");
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.get(0).get("id").asText()).startsWith("sha256:");
        assertThat(rows.get(0).get("created_by").asText()).isEqualTo("imagestore: the rootfs as one layer");
        assertThat(rows.get(0).get("tags").get(0).asText()).isEqualTo("app:1");
    }

    @Test
    void importPrintsTheImageIdAndDefaultsTheTagToLatest() throws IOException {
        Path tarball = Tarballs.oneFile(home.resolve("rootfs.tar.gz"), "etc/issue", "imported\n", true);
        Cli.Result result = store.run("import", tarball.toString(), "imported/base", "--platform", "linux/amd64");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out().strip()).matches("sha256:[0-9a-f]{64}");
        assertThat(store.directory("imported/base:latest").resolve("rootfs/etc/issue")).hasContent("imported");
        assertThat(store.run("inspect", "imported/base").out()).contains("linux/amd64");
    }

    @Test
    void aBrokenArchiveFailsWithOneLineNamingItAndAnInvalidPlatformIsAUsageError() throws IOException {
        Path junk = home.resolve("junk.tar");
        Files.writeString(junk, "not an archive at all ".repeat(50));
        Cli.Result broken = store.run("load", "-i", junk.toString());
        assertThat(broken.code()).as(broken.toString()).isEqualTo(1);
        assertThat(broken.err()).startsWith("imagestore: ").contains("junk.tar");
        assertThat(broken.err().lines()).hasSize(1);

        Cli.Result platform = store.run("load", "-i", junk.toString(), "--platform", "linux//x");
        assertThat(platform.code()).as(platform.toString()).isEqualTo(2);
    }

    @Test
    void savingAMissingImageIsNotFound() {
        Cli.Result result = store.run("save", "-o", home.resolve("x.tar").toString(), "missing:1");
        assertThat(result.code()).as(result.toString()).isEqualTo(3);
        assertThat(home.resolve("x.tar")).doesNotExist();
    }
}
