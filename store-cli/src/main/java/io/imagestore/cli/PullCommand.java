package io.imagestore.cli;

import io.imagestore.api.ImageReference;
import io.imagestore.api.Platform;
import io.imagestore.api.wire.PullImageResponse;
import io.imagestore.api.wire.PullPolicy;
import io.imagestore.fs.FsLocalImageStore;
import io.imagestore.registry.ImagePuller;
import io.imagestore.registry.PullListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code imagestore pull}: fetches an image from its registry into the store. */
@Command(name = "pull",
        header = "Pull an image from a registry into the store.",
        description = "Resolves REF (tag or digest) at its registry (docker.io for short names), chooses the "
                + "platform's manifest from an index (this host's by default; a Darwin image is never chosen for "
                + "a Linux platform), downloads the missing layers (3 at once, verified, resumed after broken "
                + "connections) and stores the image atomically: a failed pull leaves the previous image as it "
                + "was. --format json writes the daemon's PullProgressDto events as NDJSON, ending with one "
                + "\"done\".")
final class PullCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "REF", description = "Image to pull, e.g. alpine:3.20 or "
            + "127.0.0.1:5000/team/app@sha256:….")
    private String reference;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Platform to choose from a multi-platform image (default: this host's).")
    private String platform;

    @Option(names = "--policy", paramLabel = "POLICY", converter = PolicyConverter.class,
            description = "always (default: resolve again; unchanged is a no-op), if_not_present, or never "
                    + "(fail when not stored).")
    private PullPolicy policy = PullPolicy.ALWAYS;

    @Option(names = "--max-concurrent-downloads", paramLabel = "N",
            description = "Layers downloaded at once (default 3).")
    private int maxConcurrentDownloads = 3;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Format.TextOrJson.class,
            description = "text (default) or json (NDJSON progress events).")
    private Format format = Format.TEXT;

    @Option(names = {"-q", "--quiet"}, description = "Print only the pulled reference.")
    private boolean quiet;

    @Mixin
    private RegistryFlags flags;

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        ImageReference ref = ImageReference.parse(reference);
        Platform wanted = platform == null ? Platform.host() : Platform.parse(platform);
        ImagePuller puller = new ImagePuller(store, flags.options(imagestore().environment())
                .toBuilder().maxConcurrentDownloads(maxConcurrentDownloads).build());
        if (format == Format.JSON) {
            puller.pull(ref, policy, wanted, output::wire);
            return ExitStatus.OK;
        }
        if (quiet) {
            PullImageResponse response = puller.pull(ref, policy, wanted, PullListener.NONE);
            output.line(response.reference().canonical());
            return ExitStatus.OK;
        }
        PullView view = new PullView(output.out(), output.err(), imagestore().environment().interactive());
        puller.pull(ref, policy, wanted, view);
        view.finish();
        output.line(ref.canonical());
        return ExitStatus.OK;
    }

    /** Reads {@code --policy} in the wire spelling. */
    static final class PolicyConverter implements ITypeConverter<PullPolicy> {
        @Override
        public PullPolicy convert(String value) {
            for (PullPolicy candidate : PullPolicy.values()) {
                if (candidate.wireName().equals(value)) {
                    return candidate;
                }
            }
            throw new TypeConversionException("unknown pull policy '" + value + "': use always, if_not_present or never");
        }
    }
}
