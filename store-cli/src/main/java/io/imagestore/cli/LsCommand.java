package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.api.InvalidPlatformException;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.ImageInfoDto;
import io.imagestore.fs.FsLocalImageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagestore ls}: the complete images, as a table, as JSON, or as references only. */
@Command(name = "ls", aliases = "images", sortOptions = false,
        header = "List images.",
        description = "Lists every complete image, sorted by reference, or those matching REPOSITORY[:TAG] or "
                + "--filter. Corrupt or incomplete images are skipped here (see 'imagestore fsck').")
final class LsCommand extends StoreCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "REPOSITORY[:TAG]",
            description = "Only images of this repository (and tag), e.g. alpine or ghcr.io/acme/tool:2; a pattern, "
                    + "as in --filter reference=.")
    private String repository;

    @Option(names = {"-f", "--filter"}, paramLabel = "reference=PATTERN", converter = ReferenceFilter.Converter.class,
            description = "Only images whose reference matches PATTERN (repeatable; any may match), with docker's "
                    + "glob rules: * and ? stop at '/', [a-z] classes, \\ escapes. Matched against the familiar "
                    + "(alpine:3, alpine) and canonical (docker.io/library/alpine:3, docker.io/library/alpine) forms.")
    private List<ReferenceFilter> filters = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print only the references, one per line.")
    private boolean quiet;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = Format.TableOrJson.class,
            description = "table (default) or json: an array of objects holding the daemon's ImageInfoDto fields "
                    + "(reference, digest, size_bytes) plus os, architecture, variant, platform, created and directory.")
    private Format format;

    /**
     * One image in {@code ls --format json}: the daemon's {@code ImageInfoDto} fields, with its values, then the
     * normalised platform (null parts when the sidecar's platform is not valid), the creation time as stored,
     * and the image's directory.
     */
    record Row(String reference, String digest, Long sizeBytes, String os, String architecture, String variant,
            String platform, String created, String directory) {}

    @Override
    boolean createsStore() {
        return false;
    }

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        List<ReferenceFilter> all = new ArrayList<>(filters);
        if (repository != null) {
            all.add(ReferenceFilter.of(repository));
        }
        List<LocalImageMetadata> images = output.withProgress("Scanning " + store.root(), store::list).stream()
                .filter(image -> ReferenceFilter.anyMatches(all, image))
                .collect(Collectors.toList());
        if (quiet) {
            images.forEach(image -> output.line(ImageText.familiar(image)));
        } else if (format == Format.JSON) {
            output.json(images.stream().map(image -> row(store, image)).collect(Collectors.toList()));
        } else {
            printTable(images, output);
        }
        return ExitStatus.OK;
    }

    private static Row row(FsLocalImageStore store, LocalImageMetadata image) {
        ImageInfoDto info = ImageInfoDto.from(image);
        Platform platform = validPlatform(image);
        ImageReference reference = info.reference();
        return new Row(reference.canonical(), info.digest().orElse(null),
                info.sizeBytes().isPresent() ? info.sizeBytes().getAsLong() : null,
                platform == null ? null : platform.os(), platform == null ? null : platform.architecture(),
                platform == null ? null : platform.variant().orElse(null),
                platform == null ? null : platform.toString(), image.created().orElse(null),
                store.imageDirectory(reference).toString());
    }

    private static Platform validPlatform(LocalImageMetadata image) {
        try {
            return image.platform();
        } catch (InvalidPlatformException e) {
            return null;
        }
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
