package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.oci.ImageSaver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagestore save}: images into one tar, both an OCI layout and a Docker archive ({@code docker save}). */
@Command(name = "save", sortOptions = false,
        header = "Save images to a tar archive.",
        description = "Writes the images into one tar that is both an OCI image layout and a Docker archive (as "
                + "Docker 25+ writes it), readable as oci-archive: and docker-archive:. A loaded image keeps its "
                + "original layers and manifest digest; a locally built one becomes one reproducible layer.")
final class SaveCommand extends StoreCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The tar file to write.")
    private Path target;

    @Parameters(arity = "1..*", paramLabel = "REF", description = "Images to save.")
    private List<String> references;

    @Option(names = {"-q", "--quiet"}, description = "No progress on the terminal.")
    private boolean quiet;

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        List<ImageReference> images = new ArrayList<>();
        for (String reference : references) {
            images.add(ImageReference.parse(reference));
        }
        output.withProgress("Saving to " + target, quiet, () -> {
            try {
                return ImageSaver.save(store, images, target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save to " + target + ": " + e.getMessage(), e);
            }
        });
        return ExitStatus.OK;
    }
}
