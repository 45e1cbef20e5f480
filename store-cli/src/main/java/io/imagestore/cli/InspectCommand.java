package io.imagestore.cli;

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
        header = "Show an image's sidecar and resolved platform.",
        description = "Shows the sidecar of REF, its directory, and its platform as the router resolves it "
                + "(from the sidecar, else an OCI image config, else the rootfs's executables).")
final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    private ImagestoreCommand imagestore;

    @Parameters(index = "0", paramLabel = "REF", description = "Image reference.")
    private String reference;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = Format.TextOrJson.class,
            description = "text (default) or json.")
    private Format format;

    @Override
    public Integer call() {
        return imagestore.run(new Inspection(reference, format)).code();
    }
}
