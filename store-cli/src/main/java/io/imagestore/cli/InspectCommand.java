package io.imagestore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.ResolvedPlatform;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagestore inspect}: an image's sidecar, where it lives, and its resolved platform and source. */
@Command(name = "inspect", sortOptions = false,
        header = "Show an image's sidecar and resolved platform.",
        description = "Shows the sidecar of REF, its directory, and its platform as the router resolves it "
                + "(from the sidecar, else an OCI image config, else the rootfs's executables).")
final class InspectCommand extends StoreCommand {
    private static final String LABEL = "%-14s%s";

    @Parameters(index = "0", paramLabel = "REF", description = "Image reference.")
    private String reference;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = Format.TextOrJson.class,
            description = "text (default) or json.")
    private Format format;

    /** The JSON shape of {@code inspect --format json}; {@code metadata} is the sidecar exactly as stored. */
    record View(String reference, String directory, JsonNode metadata, String platform, String source) {}

    @Override
    boolean sweepsTempFilesOnOpen() {
        return false;
    }

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        ImageReference parsed = ImageReference.parse(reference);
        Optional<LocalImageMetadata> metadata = store.read(parsed);
        ResolvedPlatform resolved = store.resolvePlatform(parsed); // throws "not found" when nothing is there
        if (format == Format.JSON) {
            output.json(view(store, parsed, metadata, resolved));
        } else {
            printText(store, parsed, metadata, resolved, output);
        }
        return ExitStatus.OK;
    }

    static View view(FsLocalImageStore store, ImageReference reference, Optional<LocalImageMetadata> metadata,
            ResolvedPlatform resolved) {
        return new View(reference.canonical(), store.imageDirectory(reference).toString(),
                metadata.map(InspectCommand::tree).orElse(null),
                resolved.platform().map(Object::toString).orElse(null), resolved.source().wireName());
    }

    private static JsonNode tree(LocalImageMetadata metadata) {
        try {
            return Trees.MAPPER.readTree(MetadataCodec.encode(metadata));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-read the sidecar of " + metadata.reference(), e);
        }
    }

    /** The mapper for {@code --format json}, in a holder so that text output never builds one. */
    private static final class Trees {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** Prints an image as labelled lines (also used by {@code demo}). */
    static void printText(FsLocalImageStore store, ImageReference reference, Optional<LocalImageMetadata> metadata,
            ResolvedPlatform resolved, Output output) {
        output.line(String.format(LABEL, "Reference:", reference.canonical()));
        output.line(String.format(LABEL, "Directory:", store.imageDirectory(reference)));
        output.line(String.format(LABEL, "Platform:", resolved.platform()
                .map(platform -> platform + " (from " + resolved.source().wireName() + ")")
                .orElse("unknown")));
        if (metadata.isEmpty()) {
            output.line(String.format(LABEL, "Sidecar:", "none (an incomplete image: run 'imagestore write' or 'fsck')"));
            return;
        }
        LocalImageMetadata sidecar = metadata.get();
        output.line(String.format(LABEL, "Stored as:", sidecar.reference()));
        output.line(String.format(LABEL, "OS:", sidecar.os()));
        output.line(String.format(LABEL, "Architecture:", sidecar.architecture()));
        output.line(String.format(LABEL, "Size:", sidecar.size().isPresent()
                ? HumanSize.format(sidecar.size().getAsLong()) + " (" + sidecar.size().getAsLong() + " bytes)"
                : "unknown"));
        output.line(String.format(LABEL, "Digest:", sidecar.digest().orElse("none")));
        output.line(String.format(LABEL, "Created:", sidecar.created()
                .map(text -> text + sidecar.createdInstant()
                        .map(instant -> " (" + RelativeTime.format(instant, output.now()) + ")").orElse(""))
                .orElse("unknown")));
    }
}
