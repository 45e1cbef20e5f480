package io.imagestore.cli;

import io.imagestore.api.CorruptSidecarPolicy;
import io.imagestore.api.ImageReference;
import io.imagestore.api.LocalImageStore;
import io.imagestore.api.Platform;
import io.imagestore.api.dispatch.DispatchRouter;
import io.imagestore.api.dispatch.RouteDecision;
import io.imagestore.api.dispatch.RuntimeTarget;
import io.imagestore.api.dispatch.UnknownPlatformPolicy;
import io.imagestore.fs.FsLocalImageStore;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imagestore route}: which runtime would run an image, and why (or why none can: exit 6). */
@Command(name = "route", sortOptions = false,
        header = "Show which runtime would run an image, and why.",
        description = "Shows which runtime the dispatch router sends REF to, and why. The OS is never "
                + "widened: a Darwin image never goes to a Linux runtime. Without --runtime, this machine's "
                + "defaults (macOS: mac-sandbox and linux-vm; Linux: native). A corrupt sidecar fails (exit 4), as "
                + "in 'inspect', unless --ignore-corrupt-sidecar.")
final class RouteCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "REF", description = "Image reference.")
    private String reference;

    @Option(names = "--runtime", paramLabel = "NAME=OS/ARCH[/VARIANT]",
            description = "A runtime, in preference order (repeatable), e.g. mac-sandbox=darwin/arm64.")
    private List<String> runtimes = new ArrayList<>();

    @Option(names = "--emulate", paramLabel = "NAME=OS/ARCH",
            description = "Let runtime NAME also run this platform by emulation (repeatable), e.g. linux-vm=linux/amd64.")
    private List<String> emulations = new ArrayList<>();

    @Option(names = "--assume-os", paramLabel = "OS",
            description = "Route images of unknown platform as this OS (e.g. linux); default: refuse them.")
    private String assumeOs;

    @Option(names = "--host", paramLabel = "OS/ARCH",
            description = "Without --runtime: use the defaults of a machine of this platform, e.g. darwin/arm64.")
    private String host;

    @Option(names = "--ignore-corrupt-sidecar",
            description = "Route an image whose sidecar is corrupt by the platform detected from its files, instead "
                    + "of failing with exit 4.")
    private boolean ignoreCorruptSidecar;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = Format.TextOrJson.class,
            description = "table (default: one line) or json.")
    private Format format;

    /** The JSON shape of {@code route --format json}; {@code platform} is null when unknown. */
    record View(String runtime, String platform, String source, String reason) {}

    @Override
    boolean createsStore() {
        return false;
    }

    @Override
    ExitStatus run(FsLocalImageStore store, Output output) {
        RouteDecision decision = router(store).route(ImageReference.parse(reference));
        if (format == Format.JSON) {
            output.json(view(decision));
        } else {
            output.line(text(decision));
        }
        return ExitStatus.OK;
    }

    private DispatchRouter router(LocalImageStore store) {
        DispatchRouter.Builder builder = runtimes.isEmpty()
                ? DispatchRouter.forHost(store, host == null ? Platform.host() : Platform.parse(host)).toBuilder()
                : DispatchRouter.builder(store);
        runtimes.forEach(runtime -> builder.runtime(RuntimeTarget.parse(runtime)));
        emulations.forEach(builder::emulate);
        if (assumeOs != null) {
            builder.unknownPlatformPolicy(UnknownPlatformPolicy.parse(assumeOs));
        }
        if (ignoreCorruptSidecar) {
            builder.corruptSidecarPolicy(CorruptSidecarPolicy.DETECT_FROM_FILES);
        }
        return builder.build();
    }

    static View view(RouteDecision decision) {
        return new View(decision.runtime(), decision.imagePlatform().map(Platform::toString).orElse(null),
                decision.source().wireName(), decision.reason());
    }

    /** One line for people: {@code runtime: reason} (also used by {@code demo}). */
    static String text(RouteDecision decision) {
        return decision.runtime() + ": " + decision.reason();
    }
}
