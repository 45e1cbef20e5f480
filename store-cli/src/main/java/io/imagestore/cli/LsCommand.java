package io.imagestore.cli;

import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.wire.ImageInfoDto;
import io.imagestore.fs.FsLocalImageStore;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imagestore ls}: every complete image, as a table or as the daemon's {@code ImageInfoDto} JSON. */
@Command(name = "ls", aliases = "images", sortOptions = false,
        header = "List images.",
        description = "Lists every complete image, sorted by reference. Corrupt or incomplete images are "
                + "skipped here (see 'imagestore fsck').")
final class LsCommand extends StoreCommand {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = Format.TableOrJson.class,
            description = "table (default) or json (an array of ImageInfoDto, the daemon's wire format).")
    private Format format;

    @Override
    boolean createsStore() {
        return false;
    }

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        List<LocalImageMetadata> images = output.withProgress("Scanning " + store.root(), store::list);
        if (format == Format.JSON) {
            output.wire(images.stream().map(ImageInfoDto::from).collect(Collectors.toList()));
        } else {
            printTable(images, output);
        }
        return ExitStatus.OK;
    }

    /** Prints images as Docker prints {@code docker images} (also used by {@code demo}). */
    static void printTable(List<LocalImageMetadata> images, Output output) {
        Table table = new Table("REFERENCE", "PLATFORM", "SIZE", "DIGEST", "CREATED");
        Instant now = output.now();
        for (LocalImageMetadata image : images) {
            table.row(ImageText.familiar(image), ImageText.platform(image),
                    image.size().isPresent() ? HumanSize.format(image.size().getAsLong()) : "N/A",
                    image.digest().map(ShortDigest::of).orElse("<none>"),
                    image.createdInstant().map(created -> RelativeTime.format(created, now)).orElse("N/A"));
        }
        table.print(output.out());
    }
}
