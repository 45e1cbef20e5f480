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
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The work of {@code imagestore inspect REF}: reads the sidecar of REF and resolves its platform, then prints
 * both as labelled lines or as JSON. Both the picocli verb ({@link InspectCommand}) and the start-up path
 * ({@link InspectShortcut}) run it. It is written without lambdas or method references: the first one a
 * process runs costs it about 9 ms of method-handle set-up, a tenth of the command.
 */
final class Inspection extends StoreVerb {
    private static final int LABEL_WIDTH = 14;

    private final String reference;
    private final Format format;

    Inspection(String reference, Format format) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The JSON shape of {@code inspect --format json}; {@code metadata} is the sidecar exactly as stored. */
    record View(String reference, String directory, JsonNode metadata, String platform, String source) {}

    @Override
    boolean createsStore() {
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

    private static View view(FsLocalImageStore store, ImageReference reference, Optional<LocalImageMetadata> metadata,
            ResolvedPlatform resolved) {
        return new View(reference.canonical(), store.imageDirectory(reference).toString(),
                metadata.isPresent() ? tree(metadata.get()) : null,
                resolved.platform().isPresent() ? resolved.platform().get().toString() : null,
                resolved.source().wireName());
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
        output.line(labelled("Reference:", reference.canonical()));
        output.line(labelled("Directory:", store.imageDirectory(reference).toString()));
        output.line(labelled("Platform:", resolved.platform().isPresent()
                ? resolved.platform().get() + " (from " + resolved.source().wireName() + ")"
                : "unknown"));
        if (metadata.isEmpty()) {
            output.line(labelled("Sidecar:", "none (record its platform with 'imagestore write "
                    + reference.familiar() + " --os OS --arch ARCH')"));
            return;
        }
        LocalImageMetadata sidecar = metadata.get();
        output.line(labelled("Stored as:", sidecar.reference()));
        output.line(labelled("OS:", sidecar.os()));
        output.line(labelled("Architecture:", sidecar.architecture()));
        output.line(labelled("Size:", sidecar.size().isPresent()
                ? HumanSize.format(sidecar.size().getAsLong()) + " (" + sidecar.size().getAsLong() + " bytes)"
                : "unknown"));
        output.line(labelled("Digest:", sidecar.digest().orElse("none")));
        output.line(labelled("Created:", created(sidecar, output)));
    }

    /** The creation time as written, then how long ago it was when it is valid RFC 3339. */
    private static String created(LocalImageMetadata sidecar, Output output) {
        if (sidecar.created().isEmpty()) {
            return "unknown";
        }
        Optional<Instant> instant = sidecar.createdInstant();
        return sidecar.created().get()
                + (instant.isPresent() ? " (" + RelativeTime.format(instant.get(), output.now()) + ")" : "");
    }

    /**
     * {@code label} padded with spaces to the value's column, then {@code value}: what {@code "%-14s%s"} prints,
     * without {@link String#format}, whose format parser costs milliseconds in a fresh JVM.
     */
    static String labelled(String label, String value) {
        return label + " ".repeat(Math.max(0, LABEL_WIDTH - label.length())) + value;
    }
}
