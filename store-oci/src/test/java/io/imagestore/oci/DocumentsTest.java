package io.imagestore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagestore.api.Digest;
import io.imagestore.api.Platform;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentsTest {
    private static final Digest A = Digest.sha256(new byte[] {1});
    private static final Digest B = Digest.sha256(new byte[] {2});

    private static byte[] json(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDockerManifestParsesWithItsExactBytes() {
        byte[] bytes = json("{'schemaVersion':2,'mediaType':'" + MediaTypes.DOCKER_MANIFEST + "',"
                + "'config':{'mediaType':'" + MediaTypes.DOCKER_CONFIG + "','size':7,'digest':'" + A + "'},"
                + "'layers':[{'mediaType':'" + MediaTypes.DOCKER_LAYER + "','size':42,'digest':'" + B + "',"
                + "'urls':['https://example.com/l']}]}");
        ImageManifest manifest = ImageManifest.parse(bytes);
        assertThat(manifest.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(manifest.config().digest()).isEqualTo(A);
        assertThat(manifest.config().size()).isEqualTo(7);
        assertThat(manifest.layers()).singleElement().satisfies(layer -> {
            assertThat(layer.digest()).isEqualTo(B);
            assertThat(layer.urls()).containsExactly("https://example.com/l");
            assertThat(MediaTypes.compressionOf(layer.mediaType())).isEqualTo(Compression.GZIP);
        });
        assertThat(manifest.toJson()).isEqualTo(bytes);
        assertThat(manifest.digest()).isEqualTo(Digest.sha256(bytes));
    }

    @Test
    void aMadeManifestParsesBackToTheSameValues() {
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, A, 10);
        List<Descriptor> layers = List.of(Descriptor.of(MediaTypes.OCI_LAYER_ZSTD, B, 20));
        ImageManifest made = ImageManifest.of(config, layers, Map.of("org.opencontainers.image.ref.name", "1"));
        ImageManifest parsed = ImageManifest.parse(made.toJson());
        assertThat(parsed.config()).isEqualTo(config);
        assertThat(parsed.layers()).isEqualTo(layers);
        assertThat(parsed.annotations()).containsEntry("org.opencontainers.image.ref.name", "1");
        assertThat(parsed.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(parsed.digest()).isEqualTo(made.digest());
    }

    @Test
    void malformedManifestsNameWhatIsWrong() {
        String config = "'config':{'mediaType':'x','size':1,'digest':'" + A + "'}";
        assertThatThrownBy(() -> ImageManifest.parse(json("{'schemaVersion':1," + config + ",'layers':[]}")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> ImageManifest.parse(json("{'schemaVersion':2," + config + "}")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("\"layers\" is missing");
        assertThatThrownBy(() -> ImageManifest.parse(json("{'schemaVersion':2," + config + ",'layers':[{'mediaType':"
                + "'text/plain','size':1,'digest':'" + B + "'}]}")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("text/plain");
        assertThatThrownBy(() -> ImageManifest.parse(json("{'schemaVersion':2,'config':{'mediaType':'x','size':-1,"
                + "'digest':'" + A + "'},'layers':[]}")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("size");
        assertThatThrownBy(() -> ImageManifest.parse(json("{'schemaVersion':2,'config':{'mediaType':'x','size':1,"
                + "'digest':'sha256:00'},'layers':[]}")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("invalid digest");
        assertThatThrownBy(() -> ImageManifest.parse(json("{'schemaVersion':2,'schemaVersion':2," + config
                + ",'layers':[]}")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> ImageManifest.parse(json("[1]"))).isInstanceOf(OciFormatException.class);
        assertThatThrownBy(() -> ImageManifest.parse(json("{'schemaVersion':2} x")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void anIndexPicksTheHostsPlatformByContainerdsRules() {
        ImageIndex index = ImageIndex.of(List.of(
                Descriptor.of(MediaTypes.OCI_MANIFEST, A, 1).withPlatform(Platform.parse("darwin/arm64")),
                Descriptor.of(MediaTypes.OCI_MANIFEST, B, 1).withPlatform(Platform.parse("linux/arm/v7"))), Map.of());
        assertThat(ImageIndex.parse(index.toJson()).select(Platform.parse("linux/arm64")).digest()).isEqualTo(B);
        assertThat(index.select(Platform.parse("darwin/arm64")).digest()).isEqualTo(A);
        assertThatThrownBy(() -> index.select(Platform.parse("linux/amd64")))
                .isInstanceOf(NoMatchingPlatformException.class)
                .hasMessageContaining("linux/amd64").hasMessageContaining("darwin/arm64")
                .hasMessageContaining("linux/arm/v7");
    }

    @Test
    void aDarwinImageIsNeverChosenForALinuxRequest() {
        ImageIndex index = ImageIndex.of(List.of(
                Descriptor.of(MediaTypes.OCI_MANIFEST, A, 1).withPlatform(Platform.parse("darwin/arm64"))), Map.of());
        assertThatThrownBy(() -> index.select(Platform.parse("linux/arm64")))
                .isInstanceOf(NoMatchingPlatformException.class);
    }

    @Test
    void theExactPlatformBeatsACompatibleOneWhateverTheOrder() {
        ImageIndex index = ImageIndex.of(List.of(
                Descriptor.of(MediaTypes.OCI_MANIFEST, A, 1).withPlatform(Platform.parse("linux/386")),
                Descriptor.of(MediaTypes.OCI_MANIFEST, B, 1).withPlatform(Platform.parse("linux/amd64"))), Map.of());
        assertThat(index.select(Platform.parse("linux/amd64")).digest()).isEqualTo(B);
    }

    @Test
    void aSingleEntryWithoutPlatformIsChosenAndUnknownPlatformsAreListed() {
        ImageIndex single = ImageIndex.parse(json("{'schemaVersion':2,'manifests':[{'mediaType':'"
                + MediaTypes.OCI_MANIFEST + "','size':3,'digest':'" + A + "'}]}"));
        assertThat(single.select(Platform.parse("linux/s390x")).digest()).isEqualTo(A);
        ImageIndex attested = ImageIndex.parse(json("{'schemaVersion':2,'manifests':[{'mediaType':'"
                + MediaTypes.OCI_MANIFEST + "','size':3,'digest':'" + A + "','platform':{'os':'unknown',"
                + "'architecture':'unknown'}}]}"));
        assertThatThrownBy(() -> attested.select(Platform.parse("linux/amd64")))
                .hasMessageContaining("unknown/unknown");
    }

    @Test
    void aConfigGivesPlatformHistoryAndDiffIds() {
        byte[] bytes = json("{'architecture':'arm','variant':'v7','os':'linux','created':'2024-01-02T03:04:05.123456789Z',"
                + "'config':{'Env':['A=1']},'rootfs':{'type':'layers','diff_ids':['" + A + "','" + B + "']},"
                + "'history':[{'created':'2024-01-01T00:00:00Z','created_by':'ADD x /'},"
                + "{'created_by':'ENV A=1','empty_layer':true,'comment':'c'}]}");
        ImageConfig config = ImageConfig.parse(bytes);
        assertThat(config.platform()).isEqualTo(Platform.parse("linux/arm/v7"));
        assertThat(config.created()).contains(Instant.parse("2024-01-02T03:04:05.123456789Z"));
        assertThat(config.diffIds()).containsExactly(A, B);
        assertThat(config.history()).hasSize(2);
        assertThat(config.history().get(1).emptyLayer()).isTrue();
        assertThat(config.history().get(1).comment()).isEqualTo("c");
        assertThat(config.history().get(0).createdBy()).isEqualTo("ADD x /");
        assertThat(config.bytes()).isEqualTo(bytes);
        assertThat(config.digest()).isEqualTo(Digest.sha256(bytes));
    }

    @Test
    void aMadeConfigParsesBack() {
        ImageConfig made = ImageConfig.of(Platform.parse("darwin/arm64"), Instant.parse("2024-01-01T00:00:00Z"),
                List.of(A), List.of(ImageConfig.HistoryEntry.of(Instant.parse("2024-01-01T00:00:00Z"), "import", "",
                        false)));
        ImageConfig parsed = ImageConfig.parse(made.bytes());
        assertThat(parsed.platform()).isEqualTo(Platform.parse("darwin/arm64"));
        assertThat(parsed.diffIds()).containsExactly(A);
        assertThat(parsed.history()).singleElement().satisfies(entry -> assertThat(entry.createdBy()).isEqualTo("import"));
    }

    @Test
    void malformedConfigsNameWhatIsWrong() {
        assertThatThrownBy(() -> ImageConfig.parse(json("{'os':'linux','rootfs':{'type':'layers','diff_ids':[]}}")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("architecture");
        assertThatThrownBy(() -> ImageConfig.parse(json("{'os':'linux','architecture':'amd64','rootfs':{'type':'x'}}")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("rootfs.type");
        assertThatThrownBy(() -> ImageConfig.parse(json("{'os':'linux','architecture':'amd64','created':'yesterday',"
                + "'rootfs':{'type':'layers','diff_ids':[]}}")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("yesterday");
        assertThatThrownBy(() -> ImageConfig.parse(json("{'os':'linux','architecture':'amd64',"
                + "'rootfs':{'type':'layers','diff_ids':['sha256:zz']}}")))
                .isInstanceOf(OciFormatException.class).hasMessageContaining("diff_ids[0]");
    }

    @Test
    void layerMediaTypesMapToTheirCompression() {
        assertThat(MediaTypes.compressionOf(MediaTypes.OCI_LAYER)).isEqualTo(Compression.NONE);
        assertThat(MediaTypes.compressionOf(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_GZIP)).isEqualTo(Compression.GZIP);
        assertThat(MediaTypes.compressionOf(MediaTypes.OCI_LAYER_ZSTD)).isEqualTo(Compression.ZSTD);
        assertThat(MediaTypes.compressionOf(MediaTypes.DOCKER_FOREIGN_LAYER)).isEqualTo(Compression.GZIP);
        assertThatThrownBy(() -> MediaTypes.compressionOf(MediaTypes.OCI_CONFIG))
                .isInstanceOf(OciFormatException.class);
        assertThat(Compression.detect(new byte[] {0x1f, (byte) 0x8b}, 2)).isEqualTo(Compression.GZIP);
        assertThat(Compression.detect(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 4)).isEqualTo(Compression.ZSTD);
        assertThat(Compression.detect(new byte[] {'u', 's'}, 2)).isEqualTo(Compression.NONE);
    }
}
