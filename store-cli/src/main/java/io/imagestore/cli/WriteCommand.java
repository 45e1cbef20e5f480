package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageMetadata;
import io.imagestore.api.Platform;
import io.imagestore.fs.FsLocalImageStore;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagestore write}: records an image's platform (and size, digest, creation time) in its sidecar. */
@Command(name = "write", sortOptions = false,
        header = "Write an image's metadata.json sidecar.",
        description = "Writes the sidecar of REF atomically, under the image's lock. The stored reference is "
                + "REF as given; created defaults to now (RFC 3339, UTC).")
final class WriteCommand extends StoreCommand {
    private static final Pattern DIGEST = Pattern.compile(
            "sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128}");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "Image reference, e.g. myapp:latest.")
    private String reference;

    @Option(names = "--os", required = true, paramLabel = "OS", description = "OCI os, e.g. linux or darwin.")
    private String os;

    @Option(names = "--arch", required = true, paramLabel = "ARCH", description = "OCI architecture, e.g. arm64.")
    private String architecture;

    @Option(names = "--variant", paramLabel = "VARIANT", description = "Architecture variant, e.g. v7.")
    private String variant;

    @Option(names = "--digest", paramLabel = "DIGEST", description = "Content digest, e.g. sha256:<64 hex>.")
    private String digest;

    @ArgGroup(exclusive = true)
    private SizeSource sizeSource;

    @Option(names = "--created", paramLabel = "TIMESTAMP",
            description = "Creation time in RFC 3339, e.g. 2025-01-31T12:00:00Z (default: now).")
    private String created;

    /** Where the size comes from: given, or measured from rootfs/. */
    static final class SizeSource {
        @Option(names = "--size", paramLabel = "BYTES", description = "Rootfs size in bytes.")
        private Long bytes;

        @Option(names = "--measure", description = "Measure the size: regular files under rootfs/, hard links once.")
        private boolean measure;
    }

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        ImageReference parsed = ImageReference.parse(reference);
        requireNonEmpty("--os", os, "an OCI os, e.g. linux or darwin");
        requireNonEmpty("--arch", architecture, "an OCI architecture, e.g. arm64 or amd64");
        if (variant != null) {
            requireNonEmpty("--variant", variant, "a variant such as v7, or leave --variant out");
        }
        Platform platform = Platform.of(os, architecture, variant);
        LocalImageMetadata metadata = LocalImageMetadata.of(reference, os, storedArchitecture())
                .withDigest(checkedDigest())
                .withCreated(checkedCreated(output));
        if (sizeSource != null) {
            metadata = metadata.withSize(size(store, parsed, output));
        }
        LocalImageMetadata stored = store.write(metadata);
        String size = stored.size().isPresent() ? ", " + HumanSize.format(stored.size().getAsLong()) : "";
        output.line("Wrote " + parsed.canonical() + " (" + platform + size + ")");
        return ExitStatus.OK;
    }

    /** Refuses a blank {@code value} of {@code option}, naming the option, rather than a platform part. */
    private void requireNonEmpty(String option, String value, String use) {
        if (value.isBlank()) {
            throw new ParameterException(spec.commandLine(), "invalid " + option + " '" + value + "': it is empty; use "
                    + use);
        }
    }

    /** The sidecar has no variant field: a variant is kept as {@code arch/variant}, as the router reads it. */
    private String storedArchitecture() {
        return variant == null || variant.isEmpty() ? architecture : architecture + "/" + variant;
    }

    private String checkedDigest() {
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new ParameterException(spec.commandLine(), "invalid digest '" + digest
                    + "': use sha256:, sha384: or sha512: followed by the lower-case hex of that length");
        }
        return digest;
    }

    private String checkedCreated(Output output) {
        if (created == null) {
            return output.now().truncatedTo(ChronoUnit.SECONDS).toString();
        }
        try {
            OffsetDateTime.parse(created);
            return created;
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "invalid --created '" + created
                    + "': use RFC 3339, e.g. 2025-01-31T12:00:00Z");
        }
    }

    private long size(FsLocalImageStore store, ImageReference parsed, Output output) {
        if (!sizeSource.measure) {
            if (sizeSource.bytes < 0) {
                throw new ParameterException(spec.commandLine(), "invalid --size '" + sizeSource.bytes
                        + "': a size is a number of bytes, 0 or more");
            }
            return sizeSource.bytes;
        }
        return output.withProgress("Measuring " + store.imageDirectory(parsed).resolve("rootfs"),
                () -> store.measureRootfs(parsed));
    }
}
