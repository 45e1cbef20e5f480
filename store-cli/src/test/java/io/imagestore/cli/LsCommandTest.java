package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.wire.ImageInfoDto;
import io.imagestore.api.wire.WireJson;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LsCommandTest extends StoreTestCase {
    private LocalImageMetadata mac;
    private LocalImageMetadata linux;

    @BeforeEach
    void setUp() {
        mac = store.write(LocalImageMetadata.of("myapp:latest", "darwin", "arm64").withSize(1_234_567_890)
                .withDigest(TestStore.DIGEST).withCreated(Cli.ago(Duration.ofHours(2))));
        linux = store.write(LocalImageMetadata.of("ghcr.io/acme/tool:2", "linux", "x86_64"));
    }

    @Test
    void listsImagesAsAnAlignedTable() {
        Cli.Result result = store.run("ls");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "REFERENCE             PLATFORM       SIZE      DIGEST         CREATED",
                "myapp:latest          darwin/arm64   1.23 GB   3f57d9401f8d   2 hours ago",
                "ghcr.io/acme/tool:2   linux/amd64    N/A       <none>         Less than a second ago");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void jsonIsAnArrayOfImageInfoDtoExactlyAsTheWireWritesIt() throws IOException {
        Cli.Result result = store.run("ls", "--format", "json");
        assertThat(result.code()).as(result.toString()).isZero();
        List<ImageInfoDto> expected = List.of(ImageInfoDto.from(mac), ImageInfoDto.from(linux));
        assertThat(result.out()).isEqualTo(WireJson.mapper().writeValueAsString(expected) + "\n");
        JsonNode array = new ObjectMapper().readTree(result.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        JsonNode tool = array.get(1);
        assertThat(tool.get("reference").asText()).isEqualTo("ghcr.io/acme/tool:2");
        assertThat(tool.has("digest")).isTrue();
        assertThat(tool.get("digest").isNull()).isTrue();
        assertThat(tool.get("size_bytes").isNull()).isTrue();
        JsonNode app = array.get(0);
        assertThat(app.get("reference").asText()).isEqualTo("docker.io/library/myapp:latest");
        assertThat(app.get("digest").asText()).isEqualTo(TestStore.DIGEST);
        assertThat(app.get("size_bytes").asLong()).isEqualTo(1_234_567_890L);
        assertThat(app.size()).isEqualTo(3);
    }

    @Test
    void anEmptyStoreListsNothing() {
        TestStore empty = new TestStore(home.resolve("empty"));
        empty.open().close();
        assertThat(empty.run("ls").out()).isEqualTo("REFERENCE   PLATFORM   SIZE   DIGEST   CREATED\n");
        assertThat(empty.run("ls", "--format", "json").out()).isEqualTo("[]\n");
    }

    @Test
    void aCorruptImageIsSkippedNotFatal() {
        store.corrupt("myapp:latest");
        Cli.Result result = store.run("ls", "--format", "json");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("ghcr.io/acme/tool:2").doesNotContain("myapp");
    }

    @Test
    void drawsProgressOnlyOnATerminal() {
        assertThat(store.run("ls").err()).isEmpty();
        Cli.Result interactive = store.runInteractive("ls");
        assertThat(interactive.err()).contains("Scanning " + store.root()).endsWith("\r\033[K");
        assertThat(interactive.out()).doesNotContain("Scanning");
    }
}
