package io.imagestore.cli;

import io.imagestore.api.Platform;
import io.imagestore.oci.UnpackOptions;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of the verbs that bring images into the store ({@code load}, {@code import}). */
final class ImageInOptions {
    @Option(names = "--platform", paramLabel = "PLATFORM",
            description = "os/arch[/variant]: the platform to take from a multi-platform image (default: the host's).")
    private String platform;

    @Option(names = "--no-keep-blobs", description = "Do not keep the layers as they came in the store's blob area "
            + "(saves about the compressed image size on disk; a later save makes one new layer from the rootfs).")
    private boolean noKeepBlobs;

    @Option(names = {"-q", "--quiet"}, description = "No progress on the terminal.")
    private boolean quiet;

    /** The platform asked for, if any. */
    Optional<Platform> platform() {
        return Optional.ofNullable(platform).map(Platform::parse);
    }

    UnpackOptions unpack() {
        return UnpackOptions.defaults().withKeepBlobs(!noKeepBlobs);
    }

    boolean quiet() {
        return quiet;
    }
}
