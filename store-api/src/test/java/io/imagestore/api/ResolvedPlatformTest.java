package io.imagestore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvedPlatformTest {
    private static final Platform AMD64 = Platform.parse("darwin/amd64");
    private static final Platform ARM64 = Platform.parse("darwin/arm64");

    @Test
    void aUniversalPlatformKeepsEverySliceInOrderWithTheFirstAsPrimary() {
        ResolvedPlatform resolved = ResolvedPlatform.anyOf(List.of(AMD64, ARM64), PlatformSource.ROOTFS_PROBE);

        assertThat(resolved.platform()).contains(AMD64);
        assertThat(resolved.platforms()).containsExactly(AMD64, ARM64);
        assertThat(resolved.alternatives()).containsExactly(ARM64);
        assertThat(resolved).hasToString("darwin/amd64, darwin/arm64 (rootfs_probe)");
        assertThat(resolved).isNotEqualTo(ResolvedPlatform.anyOf(List.of(ARM64, AMD64), PlatformSource.ROOTFS_PROBE));
    }

    @Test
    void aSinglePlatformHasNoAlternativesAndUnknownHasNothing() {
        assertThat(ResolvedPlatform.of(ARM64, PlatformSource.SIDECAR).alternatives()).isEmpty();
        assertThat(ResolvedPlatform.of(ARM64, PlatformSource.SIDECAR))
                .isEqualTo(ResolvedPlatform.anyOf(List.of(ARM64), PlatformSource.SIDECAR));
        assertThat(ResolvedPlatform.unknown().platforms()).isEmpty();
        assertThat(ResolvedPlatform.unknown().alternatives()).isEmpty();
        assertThat(ResolvedPlatform.unknown()).hasToString("unknown");
    }

    @Test
    void refusesNoPlatformsRepeatsAndAnUnknownSource() {
        assertThatThrownBy(() -> ResolvedPlatform.anyOf(List.of(), PlatformSource.ROOTFS_PROBE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResolvedPlatform.anyOf(List.of(ARM64, ARM64), PlatformSource.ROOTFS_PROBE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat");
        assertThatThrownBy(() -> ResolvedPlatform.of(ARM64, PlatformSource.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
