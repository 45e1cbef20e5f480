package io.imagestore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.CorruptSidecarPolicy;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.MetadataCodec;
import io.imagestore.api.Platform;
import io.imagestore.api.ResolvedPlatform;
import io.imagestore.fs.FsLocalImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The work of {@code imagestore inspect REF...}: reads the sidecar of each REF and resolves its platform, then
 * prints them as labelled blocks or as one JSON array (as docker does, even for one REF). A REF that fails is
 * reported on stderr and the others are still shown; the exit code is the first failure's. A corrupt sidecar
 * fails its REF unless {@link CorruptSidecarPolicy#DETECT_FROM_FILES} is asked for, as routing does. Both the
 * picocli verb ({@link InspectCommand}) and the start-up path ({@link InspectShortcut}) run it. It is written
 * without lambdas or method references: the first one a process runs costs it about 9 ms of method-handle
 * set-up, a tenth of the command.
 */
final class Inspection extends StoreVerb {
    private static final int LABEL_WIDTH = 14;

    private final List<String> references;
    private final Format format;
    private final CorruptSidecarPolicy corruptSidecar;
    private final ErrorReporter reporter;

    Inspection(List<String> references, Format format, CorruptSidecarPolicy corruptSidecar, ErrorReporter reporter) {
        this.references = List.copyOf(references);
        this.format = Objects.requireNonNull(format, "format");
        this.corruptSidecar = Objects.requireNonNull(corruptSidecar, "corruptSidecar");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
    }

    /**
     * One image in {@code inspect --format json}: {@code metadata} is the sidecar exactly as stored (null when
     * there is none, or when it is corrupt and ignored, then {@code sidecar_error} says why); {@code platform}
     * is the primary platform and {@code platforms} every one (a universal binary's slices).
     */
    record View(String reference, String directory, JsonNode metadata, String platform, List<String> platforms,
            String source, String sidecarError) {}

    /** What was learned of one image. */
    private record Inspected(ImageReference reference, Optional<LocalImageMetadata> metadata,
            Optional<String> sidecarError, ResolvedPlatform resolved) {}

    @Override
    boolean createsStore() {
        return false;
    }

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        List<View> views = new ArrayList<>();
        ExitStatus status = ExitStatus.OK;
        boolean printed = false;
        for (String reference : references) {
            try {
                Inspected inspected = inspect(store, reference);
                if (format == Format.JSON) {
                    views.add(view(store, inspected));
                    continue;
                }
                if (printed) {
                    output.line("");
                }
                printText(store, inspected.reference(), inspected.metadata(), inspected.sidecarError(),
                        inspected.resolved(), output);
                printed = true;
            } catch (RuntimeException failure) {
                ExitStatus failed = reporter.report(failure, output.err());
                status = status == ExitStatus.OK ? failed : status;
            }
        }
        if (format == Format.JSON) {
            output.json(views);
        }
        return status;
    }

    private Inspected inspect(FsLocalImageStore store, String reference) {
        ImageReference parsed = ImageReference.parse(reference);
        Optional<LocalImageMetadata> metadata;
        Optional<String> sidecarError = Optional.empty();
        try {
            metadata = store.read(parsed);
        } catch (CorruptMetadataException e) {
            if (corruptSidecar == CorruptSidecarPolicy.FAIL) {
                throw e;
            }
            metadata = Optional.empty();
            sidecarError = Optional.of(e.reason());
        }
        ResolvedPlatform resolved = store.resolvePlatform(parsed, corruptSidecar); // "not found" when nothing is there
        return new Inspected(parsed, metadata, sidecarError, resolved);
    }

    private static View view(FsLocalImageStore store, Inspected inspected) {
        List<String> platforms = new ArrayList<>();
        for (Platform platform : inspected.resolved().platforms()) {
            platforms.add(platform.toString());
        }
        ResolvedPlatform resolved = inspected.resolved();
        return new View(inspected.reference().canonical(), store.imageDirectory(inspected.reference()).toString(),
                inspected.metadata().isPresent() ? tree(inspected.metadata().get()) : null,
                resolved.platform().isPresent() ? resolved.platform().get().toString() : null, platforms,
                resolved.source().wireName(), inspected.sidecarError().orElse(null));
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
            Optional<String> sidecarError, ResolvedPlatform resolved, Output output) {
        output.line(labelled("Reference:", reference.canonical()));
        output.line(labelled("Directory:", store.imageDirectory(reference).toString()));
        output.line(labelled("Platform:", resolved.platform().isPresent()
                ? resolved.platformsText() + " (from " + resolved.source().wireName() + ")"
                : "unknown"));
        if (sidecarError.isPresent()) {
            output.line(labelled("Sidecar:", "corrupt, ignored as asked: " + sidecarError.get()));
            return;
        }
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
