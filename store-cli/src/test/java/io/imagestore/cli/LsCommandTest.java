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
    void jsonHoldsTheImageInfoDtoFieldsPlusPlatformCreatedAndDirectory() throws IOException {
        Cli.Result result = store.run("ls", "--format", "json");
        assertThat(result.code()).as(result.toString()).isZero();
        JsonNode array = new ObjectMapper().readTree(result.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        List<ImageInfoDto> wire = List.of(ImageInfoDto.from(mac), ImageInfoDto.from(linux));
        JsonNode expectedWire = new ObjectMapper().readTree(WireJson.mapper().writeValueAsString(wire));
        for (int i = 0; i < 2; i++) {
            for (String field : List.of("reference", "digest", "size_bytes")) {
                assertThat(array.get(i).get(field)).as(field).isEqualTo(expectedWire.get(i).get(field));
            }
        }
        JsonNode app = array.get(0);
        assertThat(app.get("reference").asText()).isEqualTo("docker.io/library/myapp:latest");
        assertThat(app.get("os").asText()).isEqualTo("darwin");
        assertThat(app.get("architecture").asText()).isEqualTo("arm64");
        assertThat(app.get("variant").isNull()).isTrue();
        assertThat(app.get("platform").asText()).isEqualTo("darwin/arm64");
        assertThat(app.get("created").asText()).isEqualTo(Cli.ago(Duration.ofHours(2)));
        assertThat(app.get("directory").asText()).isEqualTo(store.directory("myapp:latest").toString());
        assertThat(app.size()).isEqualTo(9);
        JsonNode tool = array.get(1);
        assertThat(tool.get("reference").asText()).isEqualTo("ghcr.io/acme/tool:2");
        assertThat(tool.get("digest").isNull()).isTrue();
        assertThat(tool.get("size_bytes").isNull()).isTrue();
        assertThat(tool.get("platform").asText()).isEqualTo("linux/amd64");
    }

    @Test
    void jsonCarriesTheVariant() throws IOException {
        store.write(LocalImageMetadata.of("pi:1", "linux", "arm/v6"));
        JsonNode pi = new ObjectMapper().readTree(store.run("ls", "pi", "--format", "json").out()).get(0);
        assertThat(pi.get("architecture").asText()).isEqualTo("arm");
        assertThat(pi.get("variant").asText()).isEqualTo("v6");
        assertThat(pi.get("platform").asText()).isEqualTo("linux/arm/v6");
    }

    @Test
    void quietPrintsOnlyTheReferences() {
        Cli.Result result = store.run("ls", "-q");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("myapp:latest\nghcr.io/acme/tool:2\n");
        assertThat(store.run("ls", "--quiet", "--format", "json").out()).isEqualTo(result.out());
    }

    @Test
    void aRepositoryArgumentListsItsTagsOrOneTag() {
        store.write(LocalImageMetadata.of("myapp:v2", "linux", "arm64"));
        store.write(LocalImageMetadata.of("myapp-extra:1", "linux", "arm64"));

        assertThat(store.run("ls", "-q", "myapp").out()).isEqualTo("myapp:latest\nmyapp:v2\n");
        assertThat(store.run("ls", "-q", "myapp:v2").out()).isEqualTo("myapp:v2\n");
        assertThat(store.run("ls", "-q", "docker.io/library/myapp").out()).isEqualTo("myapp:latest\nmyapp:v2\n");
        assertThat(store.run("ls", "-q", "ghcr.io/acme/tool").out()).isEqualTo("ghcr.io/acme/tool:2\n");
        assertThat(store.run("ls", "-q", "nothing").out()).isEmpty();
        assertThat(store.run("ls", "nothing").out()).startsWith("REFERENCE");
    }

    @Test
    void referenceFiltersUseDockersGlobsAndAnyMayMatch() {
        store.write(LocalImageMetadata.of("ghcr.io/acme/other:1", "linux", "arm64"));

        assertThat(store.run("ls", "-q", "--filter", "reference=ghcr.io/acme/*").out())
                .isEqualTo("ghcr.io/acme/other:1\nghcr.io/acme/tool:2\n");
        assertThat(store.run("ls", "-q", "--filter", "reference=*").out()).as("* stops at /").isEqualTo("myapp:latest\n");
        assertThat(store.run("ls", "-q", "-f", "reference=my*", "-f", "reference=*/*/tool:?").out())
                .isEqualTo("myapp:latest\nghcr.io/acme/tool:2\n");
        assertThat(store.run("ls", "-q", "--filter", "reference=*/library/myapp:lat[a-z]st").out())
                .isEqualTo("myapp:latest\n");
    }

    @Test
    void aBadFilterIsAUsageErrorQuotingIt() {
        Cli.Result unknown = store.run("ls", "--filter", "dangling=true");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown filter 'dangling'", "reference=PATTERN").hasLineCount(1);
        Cli.Result malformed = store.run("ls", "--filter", "reference=[abc");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).contains("invalid pattern '[abc'").hasLineCount(1);
        assertThat(store.run("ls", "--filter", "reference").code()).isEqualTo(2);
        Cli.Result positional = store.run("ls", "myapp[");
        assertThat(positional.code()).isEqualTo(2);
        assertThat(positional.err()).contains("invalid pattern 'myapp['").hasLineCount(1);
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
