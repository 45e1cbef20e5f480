package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.oci.ImageLoader;
import io.imagestore.oci.LoadOptions;
import io.imagestore.oci.UnpackedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imagestore load}: every image of an OCI or Docker archive into the store ({@code docker load}). */
@Command(name = "load", sortOptions = false,
        header = "Load images from an OCI or Docker archive.",
        description = "Reads an OCI image layout (directory or tar) or a Docker archive (docker save), plain or "
                + "gzip/zstd-compressed as a whole, from FILE or standard input, and stores each image it names: "
                + "every layer verified against its digest and diff_id while it streams into the rootfs, every "
                + "entry checked so nothing lands outside it. Prints 'Loaded image: REF' per image.")
final class LoadCommand extends StoreCommand {
    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Archive file or layout directory "
            + "(default: standard input).")
    private Path input;

    @Option(names = {"-t", "--tag"}, paramLabel = "REF", description = "Name for images the archive leaves unnamed.")
    private String tag;

    @Mixin
    private ImageInOptions in;

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        LoadOptions options = LoadOptions.defaults().withUnpack(in.unpack());
        if (in.platform().isPresent()) {
            options = options.withPlatform(in.platform().get());
        }
        if (tag != null) {
            options = options.withName(ImageReference.parse(tag));
        }
        if (input == null && System.console() != null) {
            throw new IllegalArgumentException("no archive given: pipe one into 'imagestore load' or name it with -i FILE");
        }
        String source = input == null ? "standard input" : input.toString();
        List<UnpackedImage> loaded;
        try (LayerProgress progress = output.layerProgress("Loading " + source, "Load complete", in.quiet())) {
            loaded = input == null
                    ? ImageLoader.load(store, System.in, source, options, progress)
                    : ImageLoader.load(store, input, options, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + source + ": " + e.getMessage(), e);
        }
        for (UnpackedImage image : loaded) {
            output.line("Loaded image: " + image.reference().familiar());
        }
        return ExitStatus.OK;
    }
}
