package io.imagestore.cli;

import io.imagestore.api.CorruptSidecarPolicy;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imagestore inspect}: an image's sidecar, where it lives, and its resolved platform and source. The
 * work is {@link Inspection}'s; plain invocations skip picocli altogether ({@link InspectShortcut}).
 */
@Command(name = "inspect", sortOptions = false,
        header = "Show images' sidecars and resolved platforms.",
        description = "Shows the sidecar of each REF, its directory, and its platform as the router resolves it "
                + "(from the sidecar, else an OCI image config, else the rootfs's executables). JSON is one array, "
                + "as docker's. A REF that fails is reported and the others are still shown; the exit code is the "
                + "first failure's. A corrupt sidecar fails its REF (exit 4) unless --ignore-corrupt-sidecar.")
final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    private ImagestoreCommand imagestore;

    @Parameters(arity = "1..*", paramLabel = "REF", description = "Image references.")
    private List<String> references;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = Format.TextOrJson.class,
            description = "table (default: labelled lines) or json (an array, one object per REF).")
    private Format format;

    @Option(names = "--ignore-corrupt-sidecar",
            description = "Show an image whose sidecar is corrupt, with its platform detected from its files, "
                    + "instead of failing with exit 4.")
    private boolean ignoreCorruptSidecar;

    @Override
    public Integer call() {
        CorruptSidecarPolicy policy = ignoreCorruptSidecar ? CorruptSidecarPolicy.DETECT_FROM_FILES : CorruptSidecarPolicy.FAIL;
        return imagestore.run(new Inspection(references, format, policy, imagestore.errorReporter())).code();
    }
}
