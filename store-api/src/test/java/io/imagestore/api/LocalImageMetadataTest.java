package io.imagestore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LocalImageMetadataTest {
    @Test
    void minimalMetadataHasOnlyTheRequiredFields() {
        LocalImageMetadata metadata = LocalImageMetadata.of("myapp:latest", "darwin", "arm64");
        assertThat(metadata.reference()).isEqualTo("myapp:latest");
        assertThat(metadata.size()).isEmpty();
        assertThat(metadata.digest()).isEmpty();
        assertThat(metadata.created()).isEmpty();
        assertThat(LocalImageMetadata.LOCAL_IMAGE_METADATA_FILE).isEqualTo("metadata.json");
    }

    @Test
    void copiesChangeOneFieldEach() {
        LocalImageMetadata base = LocalImageMetadata.of("a", "linux", "amd64");
        LocalImageMetadata full = base.withSize(10).withDigest("sha256:x").withCreated(Instant.EPOCH);
        assertThat(full.size()).hasValue(10);
        assertThat(full.digest()).contains("sha256:x");
        assertThat(full.created()).contains("1970-01-01T00:00:00Z");
        assertThat(full.createdInstant()).contains(Instant.EPOCH);
        assertThat(full.withReference("b").reference()).isEqualTo("b");
        assertThat(base).isNotEqualTo(full);
        assertThat(full.withDigest(null).withCreated((String) null).withSize(java.util.OptionalLong.empty()))
                .isEqualTo(base).hasSameHashCodeAs(base);
    }

    @Test
    void refusesNegativeSizesAndNullRequiredFields() {
        assertThatThrownBy(() -> LocalImageMetadata.of("a", "linux", "amd64").withSize(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalImageMetadata.of(null, "linux", "amd64")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void platformAndReferenceAreNormalised() {
        LocalImageMetadata metadata = LocalImageMetadata.of("myapp", "macOS", "aarch64");
        assertThat(metadata.platform().toString()).isEqualTo("darwin/arm64");
        assertThat(metadata.platform().osKind()).contains(OsKind.DARWIN);
        assertThat(metadata.imageReference().canonical()).isEqualTo("docker.io/library/myapp:latest");
        assertThat(LocalImageMetadata.of("a", "linux", "arm/v6").platform().toString()).isEqualTo("linux/arm/v6");
    }

    @Test
    void createdInstantIsEmptyForTextThatIsNotRfc3339() {
        assertThat(LocalImageMetadata.of("a", "l", "a").withCreated("yesterday").createdInstant()).isEmpty();
        assertThat(LocalImageMetadata.of("a", "l", "a").withCreated("2026-11-23T10:00:00+02:00").createdInstant())
                .contains(Instant.parse("2026-11-23T08:00:00Z"));
    }

    @Test
    void toStringIsTheSidecarJson() {
        assertThat(LocalImageMetadata.of("a", "linux", "amd64").toString())
                .isEqualTo("{\"reference\":\"a\",\"os\":\"linux\",\"architecture\":\"amd64\"}");
    }
}
