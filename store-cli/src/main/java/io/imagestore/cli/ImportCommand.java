package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.oci.ImageImporter;
import io.imagestore.oci.UnpackedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code imagestore import}: a rootfs tarball becomes a one-layer image ({@code docker import}). */
@Command(name = "import", sortOptions = false,
        header = "Import a rootfs tarball as an image.",
        description = "Makes a one-layer image of a rootfs tarball (plain, gzip or zstd; '-' reads standard input) "
                + "for the given platform (default: the host's), under REF (tag 'latest' when none is given). "
                + "Prints the image id, the digest of its config.")
final class ImportCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The tarball, or - for standard input.")
    private String file;

    @Parameters(index = "1", paramLabel = "REF", description = "Reference of the new image.")
    private String reference;

    @Mixin
    private ImageInOptions in;

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        ImageReference target = ImageReference.parse(reference);
        Platform platform = in.platform().orElse(Platform.host());
        if (file.equals("-") && System.console() != null) {
            throw new IllegalArgumentException("no tarball on standard input: pipe one into 'imagestore import -'");
        }
        UnpackedImage image;
        try (LayerProgress progress = output.layerProgress("Importing " + file, "Import complete", in.quiet());
                InputStream tarball = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            image = ImageImporter.importTarball(store, tarball, file, target, platform, in.unpack(), progress,
                    imagestore().environment().clock());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import " + file + ": " + e.getMessage(), e);
        }
        output.line(image.configDigest().toString());
        return ExitStatus.OK;
    }
}
